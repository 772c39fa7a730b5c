/** E-mail queue status with dead letters that can be retried or dropped. */
import { useState } from 'react';
import { del, post } from '../../api/http';
import { formatDateTime } from '../../components/Atoms';
import { useToast } from '../../components/Toast';
import { config } from '../../config';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = Record<string, any>;

const when = (v: unknown) => (typeof v === 'number' ? formatDateTime(new Date(v).toISOString()) : typeof v === 'string' ? formatDateTime(v) : '');

export function MailQueueCard({ mail, reload }: { mail: Any | null; reload(): void }) {
  const toast = useToast();
  const [busy, setBusy] = useState<string | null>(null);
  const m = mail?.metrics ?? {};
  const dead: Any[] = mail?.deadLetters ?? mail?.recentJobs?.failed ?? [];
  const act = async (id: string, retry: boolean) => {
    setBusy(id);
    try {
      await (retry ? post(`/admin/email-queue/dead/${id}/retry`) : del(`/admin/email-queue/dead/${id}`));
      toast.success(retry ? 'Queued again' : 'Dropped');
      reload();
    } catch (e) { toast.error((e as Error).message); } finally { setBusy(null); }
  };
  const rows: [string, unknown, string?][] = [
    ['Waiting', m.waiting ?? 0], ['In flight', m.inFlight ?? m.active ?? 0], ['Delayed / retrying', m.delayed ?? 0],
    ['Sent', m.sent ?? m.completed ?? 0, 'text-green-700 dark:text-green-400'], ['Retried', m.retried ?? 0],
    ['Failed', m.failed ?? 0, m.failed ? 'text-red-600 dark:text-red-400' : ''], ['Dead letters', m.dead ?? dead.length, (m.dead ?? dead.length) ? 'text-red-600 dark:text-red-400' : ''],
  ];
  return (
    <section className="card p-4 md:col-span-2 lg:col-span-3" aria-labelledby="mail-h">
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h2 id="mail-h" className="h2 flex-1"><span aria-hidden="true">✉️ </span>E-mail Queue</h2>
        {mail?.store && <span className="pill bg-gray-100 text-gray-700 dark:bg-gray-800 dark:text-gray-200">store: {mail.store}</span>}
        {config.mailViewerUrl && <a className="btn-link" href={config.mailViewerUrl} target="_blank" rel="noopener noreferrer">Open dev mail viewer ↗</a>}
      </div>
      {!mail ? <p className="text-sm muted">Queue status unavailable.</p> : (
        <>
          <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4 lg:grid-cols-7">
            {rows.map(([k, v, cls]) => <div key={k} className="rounded-md bg-theme-bg p-2 text-center"><dt className="text-xs muted">{k}</dt><dd className={`text-xl font-bold ${cls ?? ''}`}>{String(v)}</dd></div>)}
          </dl>
          {dead.length > 0 && (
            <div className="table-wrap mt-4" tabIndex={0} role="region" aria-label="Dead letters"><table className="w-full">
              <caption className="mb-1 text-left text-sm font-semibold">Dead letters</caption>
              <thead><tr>{['Template', 'To', 'Attempts', 'Last error', 'Failed', ''].map((h) => <th key={h} className="th">{h}</th>)}</tr></thead>
              <tbody>{dead.slice(0, 20).map((j) => (
                <tr key={j.id} className="border-t border-theme-border">
                  <td className="td font-mono text-xs">{j.template ?? j.name}</td><td className="td">{j.to ?? '—'}</td><td className="td">{j.attempts ?? j.attemptsMade}</td>
                  <td className="td text-red-700 dark:text-red-300">{j.lastError ?? j.failedReason}</td><td className="td whitespace-nowrap">{when(j.finishedAt)}</td>
                  <td className="td whitespace-nowrap">{mail.deadLetters && <>
                    <button type="button" className="btn-link mr-2" disabled={busy === j.id} onClick={() => void act(j.id, true)}>Retry</button>
                    <button type="button" className="text-sm text-red-600 dark:text-red-400 hover:underline" disabled={busy === j.id} onClick={() => void act(j.id, false)}>Drop</button></>}</td>
                </tr>
              ))}</tbody>
            </table></div>
          )}
        </>
      )}
    </section>
  );
}

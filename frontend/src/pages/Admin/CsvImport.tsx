/** CSV user import: pick or drop a file, preview with per-row errors, then commit (ui.md §11.4). */
import { useState, type DragEvent } from 'react';
import { importUsers, type ImportResult } from '../../api/admin';
import type { ApiError } from '../../api/http';
import { Modal } from '../../components/Modal';
import { Message, type Msg } from './Message';

const TEMPLATE = 'email,name,homeTeam,role\njane@example.com,Jane Doe,engineering,member\nsam@example.com,Sam Lee,product,moderator\n';
const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(TEMPLATE)}`;

export function CsvImport({ onClose, onImported }: { onClose(): void; onImported(n: number): void }) {
  const [file, setFile] = useState<{ name: string; size: number; text: string } | null>(null);
  const [preview, setPreview] = useState<ImportResult | null>(null);
  const [busy, setBusy] = useState<'preview' | 'import' | null>(null);
  const [msg, setMsg] = useState<Msg>(null);

  const read = async (f: File | undefined) => {
    setPreview(null); setMsg(null);
    if (!f) return;
    if (!f.name.toLowerCase().endsWith('.csv')) { setMsg({ kind: 'err', text: 'Please choose a .csv file.' }); return; }
    setFile({ name: f.name, size: f.size, text: await f.text() });
  };
  const onDrop = (e: DragEvent) => { e.preventDefault(); void read(e.dataTransfer.files[0]); };

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(dryRun ? 'preview' : 'import'); setMsg(null);
    try {
      const r = await importUsers(file.text, dryRun);
      if (dryRun) {
        setPreview(r);
        const errs = r.summary.errors ?? 0;
        setMsg(errs ? { kind: 'err', text: `Found ${errs} error${errs === 1 ? '' : 's'}. Fix the file and preview again.` }
          : { kind: 'ok', text: `Ready to import ${(r.summary.toCreate ?? 0) + (r.summary.toUpdate ?? 0)} user(s).` });
      } else {
        const s = r.summary;
        if (s.failed) setMsg({ kind: 'err', text: `Imported ${s.imported ?? 0}, failed ${s.failed}, skipped ${s.skipped ?? 0}.` });
        else onImported(s.imported ?? 0);
      }
    } catch (e) {
      const ae = e as ApiError;
      const body = ae.body as { missing?: string[] } | null;
      setMsg({ kind: 'err', text: body?.missing ? `${ae.message}: ${body.missing.join(', ')}` : ae.message });
    } finally { setBusy(null); }
  };

  const s = preview?.summary;
  return (
    <Modal title="Import Users from CSV" onClose={onClose} size="xl">
      <p className="mb-3 text-sm muted">Columns: <code>email, name, homeTeam, role</code>.</p>
      <Message msg={msg} />
      <div onDragOver={(e) => e.preventDefault()} onDrop={onDrop} className="mb-4 rounded-lg border-2 border-dashed border-theme-border p-4 text-center">
        <label className="btn-secondary cursor-pointer">Select CSV File<input type="file" accept=".csv,text/csv" className="sr-only" onChange={(e) => void read(e.target.files?.[0])} /></label>
        <p className="mt-2 text-sm muted">or drop a file here</p>
        {file && <p className="mt-2 text-sm">Selected: {file.name} ({(file.size / 1024).toFixed(1)} KB)</p>}
      </div>
      <div className="mb-4 rounded-lg bg-blue-50 p-4 text-sm text-blue-950 dark:bg-blue-950/40 dark:text-blue-100">
        <p className="font-semibold">CSV Format</p>
        <p>A header row is required. Example:</p>
        <pre className="my-2 overflow-x-auto rounded bg-white/70 p-2 text-xs dark:bg-black/30">{TEMPLATE}</pre>
        <p>Valid roles: viewer, member, moderator, admin, owner. <code>homeTeam</code> must be an existing team slug.</p>
        <a href={TEMPLATE_HREF} download="users-template.csv" className="btn-link mt-1 inline-block">Download template</a>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-primary" disabled={!file || Boolean(busy)} onClick={() => void run(true)}>{busy === 'preview' ? 'Validating...' : 'Preview'}</button>
        {preview && !s?.errors && <button type="button" className="btn-success" disabled={Boolean(busy)} onClick={() => void run(false)}>{busy === 'import' ? 'Importing...' : 'Import Users'}</button>}
      </div>
      {preview && s && (
        <section className="mt-5">
          <h3 className="h2 mb-2">Import Preview</h3>
          <dl className="mb-3 grid grid-cols-2 gap-3 sm:grid-cols-4">
            {([['Total Rows', s.total, ''], ['Valid', s.valid ?? 0, 'text-green-700 dark:text-green-400'], ['Errors', s.errors ?? 0, 'text-red-600 dark:text-red-400'], ['To Process', (s.toCreate ?? 0) + (s.toUpdate ?? 0), 'text-blue-600']] as const).map(([l, v, c]) => (
              <div key={l} className="card p-3 text-center"><dt className="text-xs muted">{l}</dt><dd className={`text-2xl font-bold ${c}`}>{v}</dd></div>
            ))}
          </dl>
          <div className="max-h-96 overflow-auto rounded-lg border border-theme-border">
            <table className="w-full"><thead className="sticky top-0 bg-theme-surface"><tr>{['Row', 'Email', 'Name', 'Action', 'Status'].map((h) => <th key={h} className="th">{h}</th>)}</tr></thead>
              <tbody>{(preview.results ?? []).map((r) => (
                <tr key={r.rowNumber} className={`border-t border-theme-border ${r.errors?.length ? 'bg-red-50 dark:bg-red-950/30' : ''}`}>
                  <td className="td">{r.rowNumber}</td><td className="td">{r.email}</td><td className="td">{r.name}</td>
                  <td className="td"><span className={`pill ${r.action === 'create' ? 'bg-green-100 text-green-800' : r.action === 'update' ? 'bg-blue-100 text-blue-800' : 'bg-gray-100 text-gray-700'}`}>{r.action ?? 'unknown'}</span></td>
                  <td className="td">{r.problems?.length ? (
                    <ul className="text-xs text-red-700 dark:text-red-300">{r.problems.map((p) => <li key={`${p.field}:${p.reason}`}><span className="font-semibold">{p.field}</span>: {p.reason}</li>)}</ul>
                  ) : r.errors?.length ? <ul className="text-xs text-red-700 dark:text-red-300">{r.errors.map((e) => <li key={e}>{e}</li>)}</ul> : <span className="text-green-700 dark:text-green-300">Ready</span>}</td>
                </tr>
              ))}</tbody>
            </table>
          </div>
        </section>
      )}
    </Modal>
  );
}

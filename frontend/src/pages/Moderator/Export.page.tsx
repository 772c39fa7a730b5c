/** Questions export: filters, live preview, CSV / JSON download (ui.md §10.5). */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { exportPreview } from '../../api/admin';
import { download, qs, todayStamp } from '../../api/http';
import { listTags } from '../../api/qa';
import { normQuestions, type Question, type Tag } from '../../api/types';
import { useUser } from '../../auth/UserContext';
import { formatDate, StatusBadge, TagChip } from '../../components/Atoms';
import { ErrorBox } from '../../components/Feedback';
import { setTitle } from '../../config';

const endOfDay = (d: string) => (d ? `${d}T23:59:59.999Z` : undefined);

export function ExportPage() {
  const { allTeams } = useUser();
  const navigate = useNavigate();
  const [tags, setTags] = useState<Tag[]>([]);
  const [f, setF] = useState({ teamId: 'all', status: 'both', startDate: '', endDate: '', minUpvotes: '', maxUpvotes: '', hasResponse: '', tagIds: [] as string[] });
  const [preview, setPreview] = useState<{ count: number; rows: Question[] } | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => setTitle('Export'), []);
  useEffect(() => { listTags().then(setTags).catch(() => undefined); }, []);
  const params = {
    teamId: f.teamId, status: f.status, startDate: f.startDate ? `${f.startDate}T00:00:00.000Z` : undefined, endDate: endOfDay(f.endDate),
    minUpvotes: f.minUpvotes || undefined, maxUpvotes: f.maxUpvotes || undefined, hasResponse: f.hasResponse || undefined, tagIds: f.tagIds.length ? f.tagIds : undefined,
  };
  const key = JSON.stringify(params);
  useEffect(() => {
    setLoading(true);
    const t = setTimeout(() => {
      exportPreview(params).then((r) => { setPreview({ count: r?.total ?? r?.count ?? 0, rows: normQuestions(r?.preview ?? []) }); setError(null); })
        .catch((e) => { setError(e.message); setPreview(null); }).finally(() => setLoading(false));
    }, 300);
    return () => clearTimeout(t);
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps

  const get = async (format: 'csv' | 'json') => {
    setBusy(true);
    try { await download(`/admin/export/download${qs({ ...params, format })}`, `questions-${todayStamp()}.${format}`); }
    catch (e) { setError(`Download failed: ${(e as Error).message}`); }
    finally { setBusy(false); }
  };
  const set = (k: keyof typeof f, v: string | string[]) => setF((x) => ({ ...x, [k]: v }));
  const count = preview?.count ?? 0;

  return (
    <div className="page max-w-7xl">
      <div className="mb-6 flex flex-wrap items-center gap-3">
        <div className="flex-1"><h1 className="h1">Export Data</h1><p className="muted">Export questions with their full metadata.</p></div>
        <button type="button" className="btn-secondary" onClick={() => navigate(-1)}>Back</button>
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <section className="card space-y-4 p-4" aria-labelledby="ef-h">
          <h2 id="ef-h" className="h2">Export Filters</h2>
          <label className="block"><span className="label">Team</span><select className="input" value={f.teamId} onChange={(e) => set('teamId', e.target.value)}>
            <option value="all">All Teams</option>{allTeams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}</select></label>
          <label className="block"><span className="label">Status</span><select className="input" value={f.status} onChange={(e) => set('status', e.target.value)}>
            <option value="both">Open &amp; Answered</option><option value="open">Open Only</option><option value="answered">Answered Only</option></select></label>
          <fieldset><legend className="label">Date Range</legend><div className="grid grid-cols-2 gap-2">
            <input type="date" className="input" aria-label="Start date" value={f.startDate} onChange={(e) => set('startDate', e.target.value)} />
            <input type="date" className="input" aria-label="End date (inclusive)" value={f.endDate} onChange={(e) => set('endDate', e.target.value)} /></div></fieldset>
          <fieldset><legend className="label">Upvote Range</legend><div className="grid grid-cols-2 gap-2">
            <input type="number" min={0} className="input" placeholder="Min" aria-label="Minimum upvotes" value={f.minUpvotes} onChange={(e) => set('minUpvotes', e.target.value)} />
            <input type="number" min={0} className="input" placeholder="Max" aria-label="Maximum upvotes" value={f.maxUpvotes} onChange={(e) => set('maxUpvotes', e.target.value)} /></div></fieldset>
          <label className="block"><span className="label">Response Status</span><select className="input" value={f.hasResponse} onChange={(e) => set('hasResponse', e.target.value)}>
            <option value="">Either</option><option value="true">Has Response</option><option value="false">No Response</option></select></label>
          <fieldset><legend className="label">Tags (optional)</legend>
            <div className="max-h-40 space-y-1 overflow-y-auto">{tags.map((t) => (
              <label key={t.id} className="flex items-center gap-2 text-sm"><input type="checkbox" className="h-4 w-4" checked={f.tagIds.includes(t.id)}
                onChange={(e) => set('tagIds', e.target.checked ? [...f.tagIds, t.id] : f.tagIds.filter((x) => x !== t.id))} /><TagChip tag={t} /></label>
            ))}{!tags.length && <p className="text-sm muted">No tags yet.</p>}</div></fieldset>
        </section>
        <section className="card min-w-0 p-4 lg:col-span-2" aria-labelledby="ep-h">
          <div className="mb-3 flex flex-wrap items-center gap-2">
            <h2 id="ep-h" className="h2 flex-1">Export Preview</h2>
            <button type="button" className="btn-success" disabled={busy || !count} onClick={() => void get('csv')}>{busy ? 'Exporting...' : 'Download CSV'}</button>
            <button type="button" className="btn bg-blue-600 text-white hover:bg-blue-700" disabled={busy || !count} onClick={() => void get('json')}>{busy ? 'Exporting...' : 'Download JSON'}</button>
          </div>
          {error && <div className="mb-3"><ErrorBox message={error} /></div>}
          {loading && !preview ? <p className="muted">Loading preview...</p> : !preview ? <p className="muted">No preview available</p> : (
            <>
              <p className="mb-2 rounded-md bg-blue-50 p-2 text-sm text-blue-900 dark:bg-blue-950/40 dark:text-blue-100">{count} questions will be exported</p>
              {count > 1000 && <p className="mb-2 rounded-md bg-orange-50 p-2 text-sm text-orange-900 dark:bg-orange-950/40 dark:text-orange-100">That is a large export; the download may take a while.</p>}
              {!preview.rows.length ? <p className="py-6 text-center muted">No questions match these filters.</p> : (
                <div className="table-wrap" tabIndex={0} role="region" aria-label="Export preview"><table className="w-full">
                  <thead><tr>{['Question', 'Status', 'Upvotes', 'Team', 'Tags', 'Created'].map((h) => <th key={h} className="th">{h}</th>)}</tr></thead>
                  <tbody>{preview.rows.slice(0, 10).map((q) => (
                    <tr key={q.id} className="border-t border-theme-border">
                      <td className="td max-w-xs truncate" title={q.body}>{q.body}</td><td className="td"><StatusBadge status={q.status} /></td><td className="td">{q.upvotes}</td>
                      <td className="td">{q.team?.name ?? '—'}</td>
                      <td className="td"><div className="flex gap-1">{q.tags.slice(0, 2).map((t) => <TagChip key={t.tag.id} tag={t.tag} />)}{q.tags.length > 2 && <span className="pill bg-gray-100 dark:bg-gray-800">+{q.tags.length - 2}</span>}</div></td>
                      <td className="td whitespace-nowrap">{formatDate(q.createdAt)}</td>
                    </tr>
                  ))}</tbody>
                </table></div>
              )}
              {preview.rows.length > 10 && <p className="mt-2 text-xs muted">Showing first 10 of {preview.rows.length} preview items</p>}
            </>
          )}
        </section>
      </div>
    </div>
  );
}

/** Audit log with filters, pagination and CSV / JSON export; also as a standalone page (ui.md §11.5). */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { adminUsers, auditLogs, type AdminUser, type AuditLog } from '../../api/admin';
import { download, qs, todayStamp } from '../../api/http';
import { formatDateTime } from '../../components/Atoms';
import { ErrorBox, Spinner } from '../../components/Feedback';
import { setTitle } from '../../config';
import { ACTION_GROUPS, actionColor, ENTITY_TYPES } from './auditActions';

const LIMIT = 50;
const EMPTY = { action: '', entityType: '', userId: '', startDate: '', endDate: '' };

export function AuditPanel() {
  const [f, setF] = useState(EMPTY);
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<{ logs: AuditLog[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [exporting, setExporting] = useState(false);

  useEffect(() => { adminUsers().then(setUsers).catch(() => undefined); }, []);
  const filters = { ...f, startDate: f.startDate ? `${f.startDate}T00:00:00.000Z` : '', endDate: f.endDate ? `${f.endDate}T23:59:59.999Z` : '' };
  const key = JSON.stringify(filters);
  useEffect(() => {
    setData(null); setError(null);
    auditLogs({ ...filters, limit: LIMIT, offset }).then((r) => setData({ logs: r?.logs ?? [], total: r?.total ?? 0 })).catch((e) => setError(e.message));
  }, [key, offset]); // eslint-disable-line react-hooks/exhaustive-deps

  const set = (k: keyof typeof EMPTY, v: string) => { setF((x) => ({ ...x, [k]: v })); setOffset(0); };
  const exp = async (format: 'csv' | 'json') => {
    setExporting(true);
    try { await download(`/admin/audit/export${qs({ ...filters, format })}`, `audit-log-${todayStamp()}.${format}`); }
    catch (e) { setError(`Export failed: ${(e as Error).message}`); } finally { setExporting(false); }
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / LIMIT)) : 1;
  const page = Math.floor(offset / LIMIT) + 1;

  return (
    <div className="space-y-4">
      <section className="card p-4" aria-labelledby="af-h">
        <h2 id="af-h" className="h2 mb-3">Filters</h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
          <label><span className="label">Action</span><select className="input" value={f.action} onChange={(e) => set('action', e.target.value)}>
            <option value="">All Actions</option>{ACTION_GROUPS.map(([g, acts]) => <optgroup key={g} label={g}>{acts.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</optgroup>)}</select></label>
          <label><span className="label">Entity Type</span><select className="input" value={f.entityType} onChange={(e) => set('entityType', e.target.value)}>
            <option value="">All Types</option>{ENTITY_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}</select></label>
          <label><span className="label">Actor</span><select className="input" value={f.userId} onChange={(e) => set('userId', e.target.value)}>
            <option value="">Anyone</option>{users.map((u) => <option key={u.id} value={u.id}>{u.name || u.email}</option>)}</select></label>
          <label><span className="label">Start Date</span><input type="date" className="input" value={f.startDate} onChange={(e) => set('startDate', e.target.value)} /></label>
          <label><span className="label">End Date</span><input type="date" className="input" value={f.endDate} onChange={(e) => set('endDate', e.target.value)} /></label>
        </div>
        <div className="mt-3 flex flex-wrap gap-2">
          <button type="button" className="btn-secondary" onClick={() => { setF(EMPTY); setOffset(0); }}>Reset Filters</button>
          <button type="button" className="btn-success" disabled={exporting} onClick={() => void exp('csv')}>{exporting ? 'Exporting...' : 'Export CSV'}</button>
          <button type="button" className="btn bg-blue-600 text-white hover:bg-blue-700" disabled={exporting} onClick={() => void exp('json')}>{exporting ? 'Exporting...' : 'Export JSON'}</button>
        </div>
      </section>
      <section className="card p-4" aria-labelledby="ae-h">
        <h2 id="ae-h" className="h2 mb-3">Audit Entries ({(data?.total ?? 0).toLocaleString()} total)</h2>
        {error ? <ErrorBox message={error} /> : !data ? <Spinner label="Loading audit logs..." /> : !data.logs.length ? <p className="py-6 text-center muted">No audit logs found</p> : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Audit log entries"><table className="w-full">
            <thead><tr>{['Timestamp', 'User', 'Action', 'Entity', 'Details'].map((h) => <th key={h} className="th">{h}</th>)}</tr></thead>
            <tbody>{data.logs.map((l) => (
              <tr key={l.id} className="border-t border-theme-border">
                <td className="td whitespace-nowrap">{formatDateTime(l.createdAt)}</td>
                <td className="td">{l.user ? <><p>{l.user.name || l.user.email}</p>{l.user.name && <p className="text-xs muted">{l.user.email}</p>}</> : 'System'}</td>
                <td className={`td font-mono text-xs font-semibold ${actionColor(l.action)}`}>{l.action}</td>
                <td className="td"><p>{l.entityType}</p>{l.entityId && (l.entityType.toLowerCase() === 'question' && l.entityId !== 'multiple'
                  ? <Link className="btn-link font-mono text-xs" to={`/questions/${l.entityId}`}>{l.entityId.slice(0, 8)}…</Link>
                  : <p className="font-mono text-xs muted">{l.entityId.slice(0, 12)}</p>)}
                  {l.ipAddress && <p className="text-xs muted">IP {l.ipAddress}</p>}</td>
                <td className="td"><details><summary className="cursor-pointer text-sm text-theme-primary-ink">View Details</summary>
                  <pre className="mt-2 max-w-md overflow-x-auto rounded bg-gray-100 p-2 text-xs dark:bg-gray-800">{JSON.stringify(l.metadata ?? {}, null, 2)}</pre></details></td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
        {data && pages > 1 && (
          <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
            <span className="muted">Showing {offset + 1} - {Math.min(offset + LIMIT, data.total)} of {data.total.toLocaleString()}</span>
            <span className="ml-auto flex items-center gap-2">
              <button type="button" className="btn-secondary" disabled={page === 1} onClick={() => setOffset(offset - LIMIT)}>Previous</button>
              <span>Page {page} of {pages}</span>
              <button type="button" className="btn-secondary" disabled={page === pages} onClick={() => setOffset(offset + LIMIT)}>Next</button>
            </span>
          </div>
        )}
      </section>
    </div>
  );
}

export function AuditStandalonePage() {
  useEffect(() => setTitle('Audit Log'), []);
  return (
    <div className="page max-w-6xl">
      <h1 className="h1">Audit Log</h1>
      <p className="mb-6 muted">Every administrative action, who did it and when; filter and export.</p>
      <AuditPanel />
    </div>
  );
}

/** Users: search, paginate, activate / deactivate, manage memberships, CSV import (ui.md §11.4). */
import { useEffect, useState } from 'react';
import { adminUsers, setUserActive, type AdminUser } from '../../api/admin';
import { ROLE_PILL } from '../../auth/roles';
import { useUser } from '../../auth/UserContext';
import { formatDate } from '../../components/Atoms';
import { ErrorBox, Spinner } from '../../components/Feedback';
import { CsvImport } from './CsvImport';
import { Message, type Msg } from './Message';
import { UserDrawer } from './UserDrawer';

const PAGE = 20;

export function UsersTab() {
  const { me } = useUser();
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [managing, setManaging] = useState<AdminUser | null>(null);

  const load = () => { setError(null); adminUsers().then(setUsers).catch((e) => setError(e.message)); };
  useEffect(load, []);

  const q = search.trim().toLowerCase();
  const filtered = (users ?? []).filter((u) => !q || u.email.toLowerCase().includes(q) || (u.name ?? '').toLowerCase().includes(q)
    || u.memberships.some((m) => m.team.name.toLowerCase().includes(q)));
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE));
  const shown = filtered.slice((page - 1) * PAGE, page * PAGE);

  const toggle = async (u: AdminUser) => {
    setBusy(u.id);
    try {
      await setUserActive(u.id, !u.isActive);
      setMsg({ kind: 'ok', text: `${u.name || u.email} ${u.isActive ? 'deactivated' : 'reactivated'}.` });
      load();
    } catch (e) { setMsg({ kind: 'err', text: (e as Error).message }); } finally { setBusy(null); }
  };

  return (
    <section className="card p-5" aria-labelledby="um-h">
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <div className="flex-1"><h2 id="um-h" className="h2">User Management</h2><p className="text-sm muted">({users?.length ?? 0} users)</p></div>
        <button type="button" className="btn-primary" onClick={() => setImporting(true)}>Import CSV</button>
      </div>
      <Message msg={msg} />
      <label className="mb-3 block"><span className="sr-only">Search users</span>
        <input type="search" className="input" placeholder="Search by email, name, or team..." value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} /></label>
      {error ? <ErrorBox message={error} onRetry={load} /> : !users ? <Spinner label="Loading users..." /> : (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Users"><table className="w-full">
            <thead><tr>{['User', 'Teams', 'Activity', 'Joined', 'Status', 'Actions'].map((h) => <th key={h} className="th">{h}</th>)}</tr></thead>
            <tbody>
              {shown.map((u) => (
                <tr key={u.id} className="border-t border-theme-border">
                  <td className="td">{u.name ? <><p className="font-medium">{u.name}</p><p className="text-xs muted">{u.email}</p></> : u.email}</td>
                  <td className="td">{u.memberships.length ? <div className="flex flex-wrap gap-1">{u.memberships.map((m) => (
                    <span key={m.teamId} className="flex items-center gap-1 text-xs">{m.team.name}<span className={`pill ${ROLE_PILL[m.role]}`}>{m.role}</span></span>
                  ))}</div> : <em className="text-sm muted">No teams</em>}</td>
                  <td className="td whitespace-nowrap">{u._count?.questions ?? 0} Q • {u._count?.upvotes ?? 0} ⬆</td>
                  <td className="td whitespace-nowrap">{formatDate(u.createdAt)}</td>
                  <td className="td"><span className={`pill ${u.isActive ? 'bg-green-100 text-green-800 dark:bg-green-900/50 dark:text-green-200' : 'bg-gray-200 text-gray-700 dark:bg-gray-700 dark:text-gray-200'}`}>{u.isActive ? 'Active' : 'Inactive'}</span></td>
                  <td className="td whitespace-nowrap">
                    <button type="button" className="btn-link mr-3" onClick={() => setManaging(u)}>Manage</button>
                    {u.id !== me?.id && (busy === u.id ? <span>Loading...</span> : (
                      <button type="button" className={`text-sm font-medium hover:underline ${u.isActive ? 'text-red-600 dark:text-red-400' : 'text-green-700'}`} onClick={() => void toggle(u)}>{u.isActive ? 'Deactivate' : 'Reactivate'}</button>
                    ))}
                  </td>
                </tr>
              ))}
              {!shown.length && <tr><td colSpan={6} className="td py-6 text-center muted">{q ? 'No users found matching your search' : 'No users found'}</td></tr>}
            </tbody>
          </table></div>
          {pages > 1 && (
            <div className="mt-3 flex flex-wrap items-center gap-3 text-sm">
              <span className="muted">Showing {(page - 1) * PAGE + 1} to {Math.min(page * PAGE, filtered.length)} of {filtered.length} users</span>
              <span className="ml-auto flex items-center gap-2">
                <button type="button" className="btn-secondary" disabled={page === 1} onClick={() => setPage(page - 1)}>Previous</button>
                <span>Page {page} of {pages}</span>
                <button type="button" className="btn-secondary" disabled={page === pages} onClick={() => setPage(page + 1)}>Next</button>
              </span>
            </div>
          )}
        </>
      )}
      {importing && <CsvImport onClose={() => setImporting(false)} onImported={(n) => { setImporting(false); setMsg({ kind: 'ok', text: `Imported ${n} user${n === 1 ? '' : 's'}.` }); load(); }} />}
      {managing && <UserDrawer user={managing} onClose={() => { setManaging(null); load(); }} />}
    </section>
  );
}

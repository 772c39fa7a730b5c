/** Manage a team's members: list with role select and remove; add from the user directory. */
import { useEffect, useState } from 'react';
import { addMember, adminUsers, removeMember, setMemberRole, teamMembers, type AdminUser, type Member } from '../../api/admin';
import type { Role, Team } from '../../api/types';
import { useUser } from '../../auth/UserContext';
import { Spinner } from '../../components/Feedback';
import { ConfirmDialog, Modal } from '../../components/Modal';
import { Message, type Msg } from './Message';

export function MembersPanel({ team, onClose }: { team: Team; onClose(): void }) {
  const { roles, me } = useUser();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [msg, setMsg] = useState<Msg>(null);
  const [search, setSearch] = useState('');
  const [pick, setPick] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [removing, setRemoving] = useState<Member | null>(null);
  const roleOptions: Role[] = ['viewer', 'member', 'moderator', 'admin', ...(roles.isOwner ? ['owner' as Role] : [])];

  const load = () => teamMembers(team.id).then(setMembers).catch((e) => setMsg({ kind: 'err', text: e.message }));
  useEffect(() => { void load(); adminUsers().then(setUsers).catch(() => undefined); }, [team.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try { await fn(); setMsg({ kind: 'ok', text: ok }); await load(); } catch (e) { setMsg({ kind: 'err', text: (e as Error).message }); }
  };
  const memberIds = new Set(members?.map((m) => m.userId));
  const q = search.trim().toLowerCase();
  const candidates = users.filter((u) => !memberIds.has(u.id) && (!q || u.email.toLowerCase().includes(q) || (u.name ?? '').toLowerCase().includes(q))).slice(0, 50);

  return (
    <Modal title={`Members of ${team.name}`} onClose={onClose} size="lg">
      <Message msg={msg} />
      <section className="mb-5 rounded-lg bg-theme-surface p-3">
        <h3 className="mb-2 font-semibold">Add Member</h3>
        <div className="grid gap-2 sm:grid-cols-[1fr,1fr,auto,auto]">
          <label><span className="sr-only">Search users</span><input className="input" placeholder="Search users by name or e-mail" value={search} onChange={(e) => setSearch(e.target.value)} /></label>
          <label><span className="sr-only">User</span><select className="input" value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">Choose a user…</option>{candidates.map((u) => <option key={u.id} value={u.id}>{u.name ? `${u.name} (${u.email})` : u.email}</option>)}</select></label>
          <label><span className="sr-only">Role</span><select className="input" value={role} onChange={(e) => setRole(e.target.value as Role)}>{roleOptions.map((r) => <option key={r} value={r}>{r}</option>)}</select></label>
          <button type="button" className="btn-primary" disabled={!pick} onClick={() => void act(() => addMember(team.id, pick, role), 'Member added.').then(() => setPick(''))}>Add</button>
        </div>
      </section>
      {!members ? <Spinner /> : !members.length ? <p className="muted">No members yet.</p> : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Team members"><table className="w-full">
          <thead><tr><th className="th">Name</th><th className="th">E-mail</th><th className="th">Role</th><th className="th"><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>{members.map((m) => {
            const self = m.userId === me?.id;
            const locked = self || (m.role === 'owner' && !roles.isOwner);
            return (
              <tr key={m.userId} className="border-t border-theme-border">
                <td className="td">{m.user?.name || '—'}</td><td className="td">{m.user?.email}</td>
                <td className="td"><select className="input w-auto" value={m.role} disabled={locked} aria-label={`Role of ${m.user?.email}`}
                  onChange={(e) => void act(() => setMemberRole(team.id, m.userId, e.target.value as Role), 'Role updated.')}>
                  {[...new Set([...roleOptions, m.role])].map((r) => <option key={r} value={r}>{r}</option>)}</select></td>
                <td className="td"><button type="button" className="text-sm text-red-600 dark:text-red-400 hover:underline disabled:opacity-50" disabled={locked}
                  onClick={() => setRemoving(m)}>Remove</button></td>
              </tr>
            );
          })}</tbody>
        </table></div>
      )}
      {removing && <ConfirmDialog title="Remove member?" destructive confirmLabel="Remove" onCancel={() => setRemoving(null)}
        onConfirm={() => { const m = removing; setRemoving(null); void act(() => removeMember(team.id, m.userId), 'Member removed.'); }}
        message={`Remove ${removing.user?.name || removing.user?.email} from ${team.name}?`} />}
      <p className="mt-3 text-xs muted">You cannot change your own role. Only owners can grant or remove the owner role.</p>
    </Modal>
  );
}

/** A user's memberships: change role, remove, add to a team (owner role only for owners). */
import { useState } from 'react';
import { addUserToTeam, removeUserFromTeam, setUserRole, type AdminUser } from '../../api/admin';
import type { Role } from '../../api/types';
import { useUser } from '../../auth/UserContext';
import { Modal } from '../../components/Modal';
import { Message, type Msg } from './Message';

export function UserDrawer({ user, onClose }: { user: AdminUser; onClose(): void }) {
  const { allTeams, roles, me } = useUser();
  const [memberships, setMemberships] = useState(user.memberships);
  const [msg, setMsg] = useState<Msg>(null);
  const [teamId, setTeamId] = useState('');
  const [role, setRole] = useState<Role>('member');
  const self = user.id === me?.id;
  const roleOptions: Role[] = ['viewer', 'member', 'moderator', 'admin', ...(roles.isOwner ? ['owner' as Role] : [])];

  const act = async (fn: () => Promise<unknown>, ok: string, apply: () => void) => {
    try { await fn(); apply(); setMsg({ kind: 'ok', text: ok }); } catch (e) { setMsg({ kind: 'err', text: (e as Error).message }); }
  };
  const available = allTeams.filter((t) => !memberships.some((m) => m.teamId === t.id));

  return (
    <Modal title={`Manage ${user.name || user.email}`} onClose={onClose} size="lg">
      <Message msg={msg} />
      {self && <p className="mb-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-100">You cannot change your own roles.</p>}
      <h3 className="mb-2 font-semibold">Memberships</h3>
      <ul className="mb-5 divide-y divide-theme-border">
        {memberships.map((m) => {
          const locked = self || (m.role === 'owner' && !roles.isOwner);
          return (
            <li key={m.teamId} className="flex flex-wrap items-center gap-3 py-2">
              <span className="flex-1 font-medium">{m.team.name}{m.teamId === user.primaryTeamId && <span className="ml-2 text-xs muted">🏠 home</span>}</span>
              <select className="input w-auto" value={m.role} disabled={locked} aria-label={`Role in ${m.team.name}`}
                onChange={(e) => { const r = e.target.value as Role; void act(() => setUserRole(user.id, m.teamId, r), 'Role updated.', () => setMemberships((l) => l.map((x) => (x.teamId === m.teamId ? { ...x, role: r } : x)))); }}>
                {[...new Set([...roleOptions, m.role])].map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
              <button type="button" className="text-sm text-red-600 dark:text-red-400 hover:underline disabled:opacity-50" disabled={locked || m.teamId === user.primaryTeamId}
                title={m.teamId === user.primaryTeamId ? 'Change the home team first' : undefined}
                onClick={() => void act(() => removeUserFromTeam(user.id, m.teamId), 'Removed from team.', () => setMemberships((l) => l.filter((x) => x.teamId !== m.teamId)))}>Remove</button>
            </li>
          );
        })}
        {!memberships.length && <li className="py-2 text-sm muted">No teams.</li>}
      </ul>
      {!self && (
        <section className="rounded-lg bg-theme-surface p-3">
          <h3 className="mb-2 font-semibold">Add to team</h3>
          <div className="flex flex-wrap gap-2">
            <label><span className="sr-only">Team</span><select className="input w-auto" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
              <option value="">Choose a team…</option>{available.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}</select></label>
            <label><span className="sr-only">Role</span><select className="input w-auto" value={role} onChange={(e) => setRole(e.target.value as Role)}>{roleOptions.map((r) => <option key={r} value={r}>{r}</option>)}</select></label>
            <button type="button" className="btn-primary" disabled={!teamId} onClick={() => {
              const t = allTeams.find((x) => x.id === teamId)!;
              void act(() => addUserToTeam(user.id, teamId, role), `Added to ${t.name}.`, () => { setMemberships((l) => [...l, { teamId, role, team: { id: t.id, name: t.name, slug: t.slug } }]); setTeamId(''); });
            }}>Add</button>
          </div>
        </section>
      )}
    </Modal>
  );
}

/** Teams: create with live slug checks, edit, deactivate / reactivate, manage members (ui.md §11.2). */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { createTeam, deactivateTeam, reactivateTeam, updateTeam } from '../../api/admin';
import type { ApiError } from '../../api/http';
import type { Team } from '../../api/types';
import { getTeams } from '../../api/users';
import { useUser } from '../../auth/UserContext';
import { formatDate } from '../../components/Atoms';
import { ErrorBox, Spinner } from '../../components/Feedback';
import { ConfirmDialog, Modal } from '../../components/Modal';
import { slugify, slugProblem } from '../../teams/slug';
import { MembersPanel } from './MembersPanel';
import { Message, type Msg } from './Message';

export function TeamsTab() {
  const { refreshTeams } = useUser();
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState({ name: '', slug: '', description: '' });
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState<Team | null>(null);
  const [removing, setRemoving] = useState<Team | null>(null);
  const [members, setMembers] = useState<Team | null>(null);

  const load = useCallback(() => {
    setError(null);
    getTeams(true).then(setTeams).catch((e) => setError(e.message));
  }, []);
  useEffect(load, [load]);

  const slugErr = form.slug ? slugProblem(form.slug, teams?.map((t) => t.slug)) : null;
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const t = await createTeam({ name: form.name.trim(), slug: form.slug, description: form.description.trim() || undefined });
      setMsg({ kind: 'ok', text: `Team "${t?.name ?? form.name}" created.` });
      setForm({ name: '', slug: '', description: '' });
      setCreating(false);
      load(); void refreshTeams();
    } catch (err) {
      const ae = err as ApiError;
      setMsg({ kind: 'err', text: ae.fieldMessage?.('slug') ?? ae.message });
    } finally { setBusy(false); }
  };
  const save = async (t: Team, patch: Partial<Team>, okText: string) => {
    try {
      await updateTeam(t.id, { name: patch.name, description: patch.description ?? undefined, isActive: patch.isActive });
      setMsg({ kind: 'ok', text: okText }); setEditing(null); load(); void refreshTeams();
    } catch (e) { setMsg({ kind: 'err', text: (e as Error).message }); }
  };
  const reactivate = async (t: Team) => {
    try {
      await reactivateTeam(t.id);
      setMsg({ kind: 'ok', text: `Team "${t.name}" reactivated.` }); load(); void refreshTeams();
    } catch (e) { setMsg({ kind: 'err', text: (e as Error).message }); }
  };
  const deactivate = async () => {
    const t = removing!;
    try {
      await deactivateTeam(t.id);
      setRemoving(null); setMsg({ kind: 'ok', text: `Team "${t.name}" was deactivated.` }); load(); void refreshTeams();
    } catch (e) {
      const m = (e as Error).message;
      setMsg({ kind: 'err', text: m });
      if (!/cannot delete/i.test(m)) setRemoving(null);
    }
  };

  return (
    <section className="card p-5" aria-labelledby="tm-h">
      <div className="mb-4 flex items-center justify-between"><h2 id="tm-h" className="h2">Team Management</h2>
        <button type="button" className="btn-primary" onClick={() => setCreating((c) => !c)}>{creating ? 'Cancel' : 'Create Team'}</button></div>
      <Message msg={msg} />
      {creating && (
        <form onSubmit={create} className="mb-6 space-y-3 rounded-lg bg-theme-bg p-4" noValidate>
          <h3 className="font-semibold">Create New Team</h3>
          <label className="block"><span className="label">Team Name *</span>
            <input className="input" maxLength={100} required value={form.name} placeholder="e.g. Engineering, Marketing" autoFocus
              onChange={(e) => setForm({ ...form, name: e.target.value, slug: slugify(e.target.value) })} /></label>
          <label className="block"><span className="label">URL Slug *</span>
            <input className={`input font-mono ${slugErr ? 'border-red-500' : ''}`} maxLength={50} required value={form.slug} aria-invalid={Boolean(slugErr)} aria-describedby="slug-help"
              onChange={(e) => setForm({ ...form, slug: e.target.value.toLowerCase() })} />
            <span id="slug-help" className={`help ${slugErr ? 'text-red-600 dark:text-red-400' : ''}`}>{slugErr ?? `Used in URLs: /${form.slug || 'team-slug'}`}</span></label>
          <label className="block"><span className="label">Description</span>
            <textarea className="input" rows={3} maxLength={500} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} /></label>
          <div className="flex gap-2"><button type="submit" className="btn-success" disabled={busy || !form.name.trim() || !form.slug || Boolean(slugErr)}>{busy ? 'Creating...' : 'Create Team'}</button>
            <button type="button" className="btn-secondary" onClick={() => setCreating(false)}>Cancel</button></div>
        </form>
      )}
      {error ? <ErrorBox message={`Error: ${error}`} onRetry={load} /> : !teams ? <Spinner /> : (
        <>
          <h3 className="mb-3 font-semibold">Existing Teams ({teams.length})</h3>
          {!teams.length ? <p className="muted">No teams found</p> : (
            <ul className="grid gap-4 md:grid-cols-2">{teams.map((t) => (
              <li key={t.id} className={`rounded-lg border border-theme-border p-4 ${t.isActive === false ? 'opacity-60' : ''}`}>
                <div className="flex flex-wrap items-center gap-2">
                  <p className="font-semibold">{t.name}</p>{t.isActive === false && <span className="pill bg-gray-200 text-gray-700 dark:bg-gray-700 dark:text-gray-200">Inactive</span>}
                  <span className="font-mono text-xs muted">/{t.slug}</span>
                  <span className="ml-auto flex gap-3 text-sm">
                    <button type="button" className="btn-link" onClick={() => setMembers(t)}>Members</button>
                    <button type="button" className="btn-link" onClick={() => setEditing(t)}>Edit</button>
                    {t.isActive === false
                      ? <button type="button" className="btn-link text-green-700" onClick={() => void reactivate(t)}>Reactivate</button>
                      : <button type="button" className="text-sm font-medium text-red-600 dark:text-red-400 hover:underline" title="Deactivate team" onClick={() => setRemoving(t)}>Delete</button>}
                  </span>
                </div>
                {t.description && <p className="mt-1 text-sm muted">{t.description}</p>}
                <div className="mt-2 flex flex-wrap gap-2 text-xs">
                  <span className="pill bg-blue-100 text-blue-800 dark:bg-blue-900/50 dark:text-blue-200">{t._count?.questions ?? 0} questions</span>
                  <span className="pill bg-green-100 text-green-800 dark:bg-green-900/50 dark:text-green-200">{t._count?.memberships ?? t.memberCount ?? 0} members</span>
                  <span className="muted">Created {formatDate(t.createdAt)}</span>
                </div>
              </li>
            ))}</ul>
          )}
        </>
      )}
      {editing && <EditTeam team={editing} onClose={() => setEditing(null)} onSave={(p) => void save(editing, p, `Team "${p.name}" updated.`)} />}
      {removing && (
        <ConfirmDialog title="Deactivate Team?" destructive confirmLabel="Deactivate" onCancel={() => setRemoving(null)} onConfirm={() => void deactivate()}
          message={<><p>Deactivate "{removing.name}"? It will be hidden from the team selector; you can reactivate it later.</p>
            <div className="rounded-md bg-blue-50 p-3 dark:bg-blue-950/40"><p className="font-semibold">This team currently has:</p><ul className="ml-5 list-disc"><li>{removing._count?.memberships ?? 0} members</li><li>{removing._count?.questions ?? 0} questions</li></ul></div></>} />
      )}
      {members && <MembersPanel team={members} onClose={() => { setMembers(null); load(); }} />}
    </section>
  );
}

function EditTeam({ team, onClose, onSave }: { team: Team; onClose(): void; onSave(p: Partial<Team>): void }) {
  const [name, setName] = useState(team.name);
  const [description, setDescription] = useState(team.description ?? '');
  const [active, setActive] = useState(team.isActive !== false);
  return (
    <Modal title="Edit Team" onClose={onClose} footer={<><button type="button" className="btn-secondary" onClick={onClose}>Cancel</button>
      <button type="button" className="btn-primary" disabled={!name.trim()} onClick={() => onSave({ name: name.trim(), description, isActive: active })}>Save Changes</button></>}>
      <div className="space-y-3">
        <label className="block"><span className="label">Team Name *</span><input className="input" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} /></label>
        <p className="text-sm">Slug: <span className="font-mono">/{team.slug}</span> <span className="muted">(cannot be changed)</span></p>
        <label className="block"><span className="label">Description</span><textarea className="input" rows={3} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} /></label>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" className="h-4 w-4" checked={active} onChange={(e) => setActive(e.target.checked)} />Team is active</label>
        <p className="help">Inactive teams are hidden from the team selector.</p>
      </div>
    </Modal>
  );
}

/** Tags: create with colour swatches and preview, edit, delete; system tags protected (ui.md §11.3). */
import { useEffect, useState } from 'react';
import { createTag, deleteTag, listTags, updateTag } from '../../api/qa';
import type { Tag } from '../../api/types';
import { formatDate, PRESENTING_TAG, REVIEWED_TAG, TagChip } from '../../components/Atoms';
import { ErrorBox, Spinner } from '../../components/Feedback';
import { ConfirmDialog } from '../../components/Modal';
import { Message, type Msg } from './Message';

export const SWATCHES: [string, string][] = [
  ['Blue', '#3B82F6'], ['Green', '#10B981'], ['Red', '#EF4444'], ['Yellow', '#F59E0B'], ['Purple', '#8B5CF6'],
  ['Pink', '#EC4899'], ['Indigo', '#6366F1'], ['Teal', '#14B8A6'], ['Orange', '#F97316'], ['Cyan', '#06B6D4'],
];
const SYSTEM = new Set([PRESENTING_TAG, REVIEWED_TAG]);

function TagForm({ initial, busy, onCancel, onSubmit, title }: { initial: { name: string; color: string }; busy: boolean; onCancel(): void; onSubmit(v: { name: string; color: string }): void; title: string }) {
  const [v, setV] = useState(initial);
  return (
    <form className="mb-4 space-y-3 rounded-lg border border-theme-border p-4" onSubmit={(e) => { e.preventDefault(); onSubmit({ name: v.name.trim(), color: v.color }); }}>
      <h3 className="font-semibold">{title}</h3>
      <label className="block"><span className="label">Tag Name *</span><input className="input" maxLength={50} autoFocus value={v.name} placeholder="e.g. Culture, Benefits, Roadmap" onChange={(e) => setV({ ...v, name: e.target.value })} /></label>
      <fieldset><legend className="label">Color</legend>
        <div className="grid max-w-xs grid-cols-5 gap-2">{SWATCHES.map(([n, c]) => (
          <button key={c} type="button" title={n} aria-label={n} aria-pressed={v.color === c} onClick={() => setV({ ...v, color: c })}
            className={`h-10 w-10 rounded-md ${v.color === c ? 'ring-2 ring-blue-500 ring-offset-2' : ''}`} style={{ backgroundColor: c }} />
        ))}</div></fieldset>
      <p className="flex items-center gap-2 text-sm">Preview: <TagChip tag={{ name: v.name || 'Tag Name', color: v.color }} /></p>
      <div className="flex gap-2"><button type="button" className="btn-secondary" onClick={onCancel}>Cancel</button>
        <button type="submit" className="btn-primary" disabled={busy || !v.name.trim()}>{busy ? 'Saving...' : title.startsWith('Create') ? 'Create Tag' : 'Save'}</button></div>
    </form>
  );
}

export function TagsTab() {
  const [tags, setTags] = useState<Tag[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const [mode, setMode] = useState<'none' | 'create' | Tag>('none');
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<Tag | null>(null);
  const load = () => listTags().then(setTags).catch((e) => setError(e.message));
  useEffect(() => { void load(); }, []);

  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try { await fn(); setMsg({ kind: 'ok', text: ok }); setMode('none'); await load(); } catch (e) { setMsg({ kind: 'err', text: (e as Error).message }); } finally { setBusy(false); }
  };

  return (
    <section className="card p-5" aria-labelledby="tags-h">
      <div className="mb-4 flex flex-wrap items-center gap-3"><div className="flex-1"><h2 id="tags-h" className="h2">Tag Management</h2><p className="text-sm muted">Group questions by topic with coloured tags.</p></div>
        <button type="button" className="btn-primary" onClick={() => setMode('create')}>+ Create Tag</button></div>
      <Message msg={msg} />
      {mode === 'create' && <TagForm title="Create New Tag" busy={busy} initial={{ name: '', color: '#3B82F6' }} onCancel={() => setMode('none')} onSubmit={(v) => void run(() => createTag(v), `Tag "${v.name}" created.`)} />}
      {typeof mode === 'object' && <TagForm title={`Edit "${mode.name}"`} busy={busy} initial={{ name: mode.name, color: mode.color }} onCancel={() => setMode('none')} onSubmit={(v) => void run(() => updateTag(mode.id, v), 'Tag updated.')} />}
      {error ? <ErrorBox message={error} onRetry={() => void load()} /> : !tags ? <Spinner label="Loading tags..." /> : !tags.length ? (
        <div className="py-8 text-center"><p className="text-3xl" aria-hidden="true">🏷️</p><p className="font-semibold">No tags</p><p className="text-sm muted">Create one to start organising questions.</p></div>
      ) : (
        <ul className="divide-y divide-theme-border">{tags.map((t) => {
          const system = SYSTEM.has(t.name) || t.isSystem;
          return (
            <li key={t.id} className="flex flex-wrap items-center gap-3 py-3">
              <TagChip tag={t} />{system && <span className="pill bg-gray-200 text-gray-700 dark:bg-gray-700 dark:text-gray-200">System</span>}
              <span className="text-xs muted">Created {formatDate(t.createdAt)}{t.usageCount !== undefined ? ` • used on ${t.usageCount} question${t.usageCount === 1 ? '' : 's'}` : ''}</span>
              <span className="ml-auto font-mono text-xs muted">{t.color}</span>
              {!system && <><button type="button" className="btn-link" onClick={() => setMode(t)}>Edit</button>
                <button type="button" className="text-sm text-red-600 dark:text-red-400 hover:underline" onClick={() => setRemoving(t)}>Delete</button></>}
            </li>
          );
        })}</ul>
      )}
      <div className="mt-6 rounded-lg bg-blue-50 p-4 text-sm text-blue-950 dark:bg-blue-950/40 dark:text-blue-100">
        <p className="font-semibold">About Tags:</p>
        <ul className="ml-5 list-disc"><li>Tags group questions by topic so people can filter for them.</li><li>Moderators and admins apply them; everyone can see them.</li>
          <li>Typical tags: Benefits, Culture, Roadmap, Follow-up.</li><li>"Currently Presenting" and "Reviewed" are used by presentation mode and cannot be changed.</li></ul>
      </div>
      {removing && <ConfirmDialog title="Delete tag?" destructive confirmLabel="Delete" onCancel={() => setRemoving(null)}
        onConfirm={() => { const t = removing; setRemoving(null); void run(() => deleteTag(t.id), `Tag "${t.name}" deleted.`); }}
        message={`Delete "${removing.name}"? ${removing.usageCount ? `${removing.usageCount} question${removing.usageCount === 1 ? '' : 's'} will lose this tag.` : 'Questions carrying it will lose the tag.'}`} />}
    </section>
  );
}

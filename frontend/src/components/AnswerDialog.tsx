/** "Respond to Question": answer text plus tag toggles, for moderators (ui.md §7.11). */
import { useEffect, useState } from 'react';
import { addTag, listTags, removeTag, respond } from '../api/qa';
import type { ApiError } from '../api/http';
import type { Question, Tag } from '../api/types';
import { formatDate, plural } from './Atoms';
import { chipStyle } from '../theme/apply';
import { Modal } from './Modal';

const MAX = 10000;

export function AnswerDialog({ q, onClose, onDone }: { q: Question; onClose(): void; onDone(q: Question): void }) {
  const [tags, setTags] = useState<Tag[] | null>(null);
  const [selected, setSelected] = useState<Set<string>>(() => new Set(q.tags.map((t) => t.tagId ?? t.tag.id)));
  const [text, setText] = useState(q.responseText ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => { listTags().then(setTags).catch(() => setTags([])); }, []);

  const toggle = (id: string) => setSelected((s) => {
    const n = new Set(s);
    if (n.has(id)) n.delete(id); else n.add(id);
    return n;
  });

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const updated = await respond(q.id, text.trim());
      const before = new Set(q.tags.map((t) => t.tagId ?? t.tag.id));
      await Promise.all([
        ...[...selected].filter((id) => !before.has(id)).map((id) => addTag(q.id, id)),
        ...[...before].filter((id) => !selected.has(id)).map((id) => removeTag(q.id, id)),
      ]);
      onDone(updated);
    } catch (e) {
      const ae = e as ApiError;
      setError(ae.status === 401 ? 'Your session has expired. Please sign in again.' : ae.message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Respond to Question" onClose={onClose} footer={(
      <>
        <button type="button" className="btn-secondary" onClick={onClose}>Cancel</button>
        <button type="button" className="btn-primary" onClick={() => void submit()} disabled={busy || !text.trim()}>{busy ? 'Submitting...' : 'Submit Response'}</button>
      </>
    )}>
      <div className="space-y-4">
        <section className="rounded-lg bg-gray-100 p-4 text-sm dark:bg-gray-800">
          <p className="mb-1 flex gap-2 font-semibold">Question <span className="font-normal muted">{plural(q.upvotes, 'upvote')} • {formatDate(q.createdAt)}</span></p>
          <p className="whitespace-pre-line">{q.body}</p>
        </section>
        <fieldset>
          <legend className="label">Tags (Optional)</legend>
          {!tags ? <p className="text-sm muted">Loading tags...</p> : (
            <div className="flex flex-wrap gap-2">
              {tags.map((t) => {
                const on = selected.has(t.id);
                return (
                  <button key={t.id} type="button" aria-pressed={on} onClick={() => toggle(t.id)}
                    className={`pill px-3 py-1 text-sm ${on ? 'ring-2 ring-offset-1 ring-theme-primary' : ''}`}
                    style={chipStyle(t.color)}>
                    {on && <span aria-hidden="true">✓</span>}{t.name}
                  </button>
                );
              })}
            </div>
          )}
        </fieldset>
        <div>
          <label htmlFor="answer-text" className="label">Your Response</label>
          <textarea id="answer-text" rows={8} maxLength={MAX} className="input" value={text} onChange={(e) => setText(e.target.value)} placeholder="Write a clear, detailed response..." autoFocus />
          <p className="mt-1 text-right text-xs muted">{text.length}/{MAX} characters</p>
        </div>
        {error && <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-200">{error}</p>}
      </div>
    </Modal>
  );
}

/** Per-question tag editor: toggle chips, applied on Save. */
import { useState } from 'react';
import { addTag, removeTag } from '../../api/qa';
import type { Question, Tag } from '../../api/types';
import { chipStyle } from '../../theme/apply';
import { Modal } from '../../components/Modal';

export function TagDialog({ q, tags, onClose, onDone }: { q: Question; tags: Tag[]; onClose(): void; onDone(): void }) {
  const before = new Set(q.tags.map((t) => t.tagId ?? t.tag.id));
  const [sel, setSel] = useState(new Set(before));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    try {
      await Promise.all([
        ...[...sel].filter((id) => !before.has(id)).map((id) => addTag(q.id, id)),
        ...[...before].filter((id) => !sel.has(id)).map((id) => removeTag(q.id, id)),
      ]);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title="Edit tags" onClose={onClose} footer={<><button type="button" className="btn-secondary" onClick={onClose}>Cancel</button><button type="button" className="btn-primary" disabled={busy} onClick={() => void save()}>{busy ? 'Saving...' : 'Save'}</button></>}>
      <p className="mb-3 line-clamp-2 text-sm muted">{q.body}</p>
      <div className="flex flex-wrap gap-2">
        {tags.map((t) => {
          const on = sel.has(t.id);
          return (
            <button key={t.id} type="button" aria-pressed={on} className={`pill px-3 py-1 text-sm ${on ? 'ring-2 ring-theme-primary ring-offset-1' : ''}`}
              style={chipStyle(t.color)}
              onClick={() => setSel((s) => { const n = new Set(s); if (n.has(t.id)) n.delete(t.id); else n.add(t.id); return n; })}>
              {on && '✓ '}{t.name}
            </button>
          );
        })}
      </div>
      {error && <p role="alert" className="mt-3 text-sm text-red-600 dark:text-red-400">{error}</p>}
    </Modal>
  );
}

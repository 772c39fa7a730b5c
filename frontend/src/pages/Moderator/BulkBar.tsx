/** Bulk actions on the selected questions: add/remove a tag, pin/unpin, freeze/unfreeze, delete. */
import type { Tag } from '../../api/types';

interface Props { count: number; tags: Tag[]; busy: boolean; onTag(tagId: string, action: 'add' | 'remove'): void; onAction(a: string): void; onClear(): void }

export function BulkBar({ count, tags, busy, onTag, onAction, onClear }: Props) {
  return (
    <div className="mb-3 flex flex-wrap items-center gap-3 rounded-lg bg-blue-600 px-4 py-3 text-sm text-white" role="region" aria-label="Bulk actions">
      <strong>{count} question{count === 1 ? '' : 's'} selected</strong>
      <label className="sr-only" htmlFor="bulk-tag">Tag actions</label>
      <select id="bulk-tag" className="rounded-md px-2 py-2 text-gray-900" disabled={busy} value="" onChange={(e) => {
        const [action, id] = e.target.value.split(':');
        if (id) onTag(id, action as 'add' | 'remove');
      }}>
        <option value="">Tag Actions...</option>
        <optgroup label="Add Tag">{tags.map((t) => <option key={`a${t.id}`} value={`add:${t.id}`}>+ {t.name}</option>)}</optgroup>
        <optgroup label="Remove Tag">{tags.map((t) => <option key={`r${t.id}`} value={`remove:${t.id}`}>- {t.name}</option>)}</optgroup>
      </select>
      <label className="sr-only" htmlFor="bulk-action">Bulk actions</label>
      <select id="bulk-action" className="rounded-md px-2 py-2 text-gray-900" disabled={busy} value="" onChange={(e) => e.target.value && onAction(e.target.value)}>
        <option value="">Bulk Actions...</option>
        <option value="pin">📌 Pin All</option><option value="unpin">📌 Unpin All</option>
        <option value="freeze">❄️ Freeze All</option><option value="unfreeze">❄️ Unfreeze All</option>
        <option value="delete">🗑️ Delete All</option>
      </select>
      <button type="button" className="ml-auto rounded-md border border-white/60 px-3 py-2 hover:bg-white/10" onClick={onClear}>Clear Selection</button>
    </div>
  );
}

/** One moderation-queue question, as a table row (md+) or a card (phones). */
import type { Question } from '../../api/types';
import { Markers, StatusBadge, TagChip, formatDate } from '../../components/Atoms';

export interface RowActions {
  approve(q: Question): void; reject(q: Question): void; pin(q: Question): void; freeze(q: Question): void;
  answer(q: Question): void; tag(q: Question): void;
}

interface Props { q: Question; selected: boolean; focused: boolean; busy: boolean; onSelect(v: boolean): void; actions: RowActions; card?: boolean }

const iconBtn = 'inline-flex h-10 min-w-[40px] items-center justify-center rounded-md border border-theme-border px-2 text-sm hover:bg-theme-primary/10 focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary';

function Actions({ q, busy, actions }: Pick<Props, 'q' | 'busy' | 'actions'>) {
  if (busy) return <span aria-live="polite">...</span>;
  if (q.status === 'UNDER_REVIEW') {
    return (
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-success min-h-[40px] px-3 py-1" onClick={() => actions.approve(q)}>✓ Approve</button>
        <button type="button" className="btn-danger min-h-[40px] px-3 py-1" onClick={() => actions.reject(q)}>✗ Reject</button>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap gap-1">
      <button type="button" className={`${iconBtn} ${q.isPinned ? 'bg-yellow-100 dark:bg-yellow-900/50' : ''}`} title={q.isPinned ? 'Unpin' : 'Pin'} aria-label={q.isPinned ? 'Unpin' : 'Pin'} onClick={() => actions.pin(q)}>📌</button>
      <button type="button" className={`${iconBtn} ${q.isFrozen ? 'bg-sky-100 dark:bg-sky-900/50' : ''}`} title={q.isFrozen ? 'Unfreeze' : 'Freeze'} aria-label={q.isFrozen ? 'Unfreeze' : 'Freeze'} onClick={() => actions.freeze(q)}>❄️</button>
      <button type="button" className={iconBtn} title="Tags" aria-label="Edit tags" onClick={() => actions.tag(q)}>🏷️</button>
      {q.status === 'OPEN' && <button type="button" className={iconBtn} title="Answer" aria-label="Answer" onClick={() => actions.answer(q)}>💬</button>}
    </div>
  );
}

function Body({ q }: { q: Question }) {
  return (
    <>
      <p className="break-words"><Markers q={q} /> {q.body.length > 100 ? `${q.body.slice(0, 100)}…` : q.body}</p>
      <p className="text-xs muted">Created {formatDate(q.createdAt)}</p>
      {q.status === 'UNDER_REVIEW' && (q.moderationReasons?.length || q.moderationConfidence) ? (
        <p className="mt-1 text-xs text-amber-800 dark:text-amber-200">
          Flagged{q.moderationConfidence ? ` (${q.moderationConfidence} confidence)` : ''}: {q.moderationReasons?.join(', ') || 'no reason given'}
        </p>
      ) : null}
    </>
  );
}

function Tags({ q }: { q: Question }) {
  return (
    <div className="flex flex-wrap gap-1">
      {q.tags.slice(0, 3).map((t) => <TagChip key={t.tagId ?? t.tag.id} tag={t.tag} />)}
      {q.tags.length > 3 && <span className="pill bg-gray-100 text-gray-700 dark:bg-gray-800 dark:text-gray-200">+{q.tags.length - 3}</span>}
    </div>
  );
}

export function QueueRow({ q, selected, focused, busy, onSelect, actions, card }: Props) {
  const box = <input type="checkbox" className="h-5 w-5" checked={selected} onChange={(e) => onSelect(e.target.checked)} aria-label={`Select question: ${q.body.slice(0, 40)}`} />;
  const tint = `${selected ? 'bg-blue-50 dark:bg-blue-950/40' : ''} ${focused ? 'outline outline-2 outline-theme-primary' : ''}`;
  if (card) {
    return (
      <li className={`card space-y-2 p-4 ${tint}`} data-qid={q.id}>
        <div className="flex items-start gap-3">{box}<div className="min-w-0 flex-1 text-sm"><Body q={q} /></div></div>
        <div className="flex flex-wrap items-center gap-2 text-xs"><StatusBadge status={q.status} /><span>{q.team?.name ?? 'N/A'}</span><span>▲ {q.upvotes}</span><Tags q={q} /></div>
        <Actions q={q} busy={busy} actions={actions} />
      </li>
    );
  }
  return (
    <tr className={`border-t border-theme-border ${tint}`} data-qid={q.id}>
      <td className="td w-10">{box}</td>
      <td className="td max-w-md"><Body q={q} /></td>
      <td className="td">{q.team?.name ?? 'N/A'}</td>
      <td className="td"><StatusBadge status={q.status} /></td>
      <td className="td">{q.upvotes}</td>
      <td className="td"><Tags q={q} /></td>
      <td className="td"><Actions q={q} busy={busy} actions={actions} /></td>
    </tr>
  );
}

/** Small presentation atoms: status badge, tag chip, team chip, answer block, dates. */
import type { Question, Tag } from '../api/types';
import { chipStyle } from '../theme/apply';

const STATUS: Record<string, [string, string]> = {
  OPEN: ['Open', 'bg-blue-100 text-blue-800 dark:bg-blue-900/50 dark:text-blue-200'],
  ANSWERED: ['Answered', 'bg-green-100 text-green-800 dark:bg-green-900/50 dark:text-green-200'],
  UNDER_REVIEW: ['Under Review', 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-200'],
};

export function StatusBadge({ status }: { status: string }) {
  const [label, cls] = STATUS[status] ?? STATUS.OPEN;
  return <span className={`pill ${cls}`}>{label}</span>;
}

export function Markers({ q }: { q: Pick<Question, 'isPinned' | 'isFrozen'> }) {
  return (
    <>
      {q.isPinned && <span className="pill bg-yellow-100 text-yellow-900 dark:bg-yellow-900/50 dark:text-yellow-100"><span aria-hidden="true">📌</span>Pinned</span>}
      {q.isFrozen && <span className="pill bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100"><span aria-hidden="true">❄️</span>Frozen</span>}
    </>
  );
}

export function TagChip({ tag, large = false }: { tag: Pick<Tag, 'name' | 'color'>; large?: boolean }) {
  return (
    <span className={`pill ${large ? 'px-4 py-1.5 text-base shadow-md' : ''}`} style={chipStyle(tag.color)}>
      {tag.name}
    </span>
  );
}

export function TagList({ q, large }: { q: Question; large?: boolean }) {
  if (!q.tags?.length) return null;
  return <>{q.tags.map((t) => <TagChip key={t.tagId ?? t.tag.id} tag={t.tag} large={large} />)}</>;
}

export function TeamChip({ name }: { name?: string | null }) {
  if (!name) return null;
  return <span className="pill bg-blue-50 text-blue-700 dark:bg-blue-900/40 dark:text-blue-200">{name}</span>;
}

export function AnswerBlock({ text, date }: { text: string; date?: string | null }) {
  return (
    <div className="mt-3 rounded-md border-l-4 border-green-500 bg-green-50 p-3 text-sm text-green-950 dark:bg-green-950/40 dark:text-green-100">
      <p className="whitespace-pre-line"><strong>Answer: </strong>{text}</p>
      {date && <p className="mt-1 text-xs opacity-75">Answered {formatDate(date)}</p>}
    </div>
  );
}

/** Local date; date-only strings (YYYY-MM-DD) are read as local dates, not UTC. */
export function parseDate(s: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? new Date(+m[1], +m[2] - 1, +m[3]) : new Date(s);
}

export function formatDate(s?: string | null): string {
  if (!s) return 'Unknown';
  const d = parseDate(s);
  return Number.isNaN(d.getTime()) ? 'Unknown' : d.toLocaleDateString();
}

export function formatDateTime(s?: string | null): string {
  if (!s) return '';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString();
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const PRESENTING_TAG = 'Currently Presenting';
export const REVIEWED_TAG = 'Reviewed';

export function hasTag(q: Question, name: string) {
  return q.tags?.some((t) => t.tag?.name === name) ?? false;
}

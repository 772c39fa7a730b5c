/** Monday-based week grouping and labels for the Answered tab (ui.md §8.4). */
import type { Question } from '../../api/types';

export function mondayOf(d: Date): Date {
  const m = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  const dow = (m.getDay() + 6) % 7; // Monday = 0
  m.setDate(m.getDate() - dow);
  return m;
}

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function weekLabel(monday: Date, now = new Date()): string {
  const thisMon = mondayOf(now);
  const diff = Math.round((thisMon.getTime() - monday.getTime()) / (7 * 864e5));
  if (diff === 0) return 'This Week';
  if (diff === 1) return 'Last Week';
  const sun = new Date(monday);
  sun.setDate(sun.getDate() + 6);
  const sameYear = monday.getFullYear() === now.getFullYear() && sun.getFullYear() === now.getFullYear();
  if (sameYear) {
    return monday.getMonth() === sun.getMonth()
      ? `${MON[monday.getMonth()]} ${monday.getDate()}-${sun.getDate()}`
      : `${MON[monday.getMonth()]} ${monday.getDate()} - ${MON[sun.getMonth()]} ${sun.getDate()}`;
  }
  return `${MON[monday.getMonth()]} ${monday.getDate()}, ${monday.getFullYear()} - ${MON[sun.getMonth()]} ${sun.getDate()}`;
}

export function groupByWeek(qs: Question[], now = new Date()): { label: string; items: Question[] }[] {
  const groups = new Map<number, Question[]>();
  for (const q of qs) {
    const key = mondayOf(new Date(q.respondedAt || q.createdAt)).getTime();
    groups.set(key, [...(groups.get(key) ?? []), q]);
  }
  return [...groups.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([k, items]) => ({ label: weekLabel(new Date(k), now), items: [...items].sort((a, b) => b.upvotes - a.upvotes) }));
}

export type SortKey = 'top' | 'newest' | 'oldest';

/** Pinned first, then the chosen order (most upvoted by default, oldest first on ties). */
export function sortQuestions(qs: Question[], sort: SortKey = 'top'): Question[] {
  return [...qs].sort((a, b) => {
    const pin = Number(Boolean(b.isPinned)) - Number(Boolean(a.isPinned));
    if (pin) return pin;
    const ta = new Date(a.createdAt).getTime();
    const tb = new Date(b.createdAt).getTime();
    if (sort === 'newest') return tb - ta;
    if (sort === 'oldest') return ta - tb;
    return b.upvotes - a.upvotes || ta - tb;
  });
}

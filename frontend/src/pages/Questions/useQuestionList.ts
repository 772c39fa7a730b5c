/** Loads the Questions tab list and counts, and keeps them in sync with live events. */
import { useCallback, useEffect, useState } from 'react';
import { listQuestions } from '../../api/qa';
import type { Question } from '../../api/types';
import { useLiveEvents } from '../../live/EventsContext';
import type { Filters } from './FilterBar';

export type View = 'open' | 'answered' | 'all';

/** Does a live question belong in this list? (team, tab, tag, dates, search words) */
export function matchesFilters(q: Question, teamId: string | null, view: View, f: Filters): boolean {
  if (teamId && q.teamId !== teamId) return false;
  if (q.status === 'UNDER_REVIEW') return false;
  if (view === 'open' && q.status !== 'OPEN') return false;
  if (view === 'answered' && q.status !== 'ANSWERED') return false;
  if (f.tagId && !q.tags.some((t) => t.tagId === f.tagId || t.tag?.id === f.tagId)) return false;
  const day = q.createdAt.slice(0, 10);
  if (f.dateFrom && day < f.dateFrom) return false;
  if (f.dateTo && day > f.dateTo) return false;
  if (f.search) {
    const hay = `${q.body} ${q.responseText ?? ''}`.toLowerCase();
    if (!f.search.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w))) return false;
  }
  return true;
}

export function useQuestionList(teamId: string | null, view: View, f: Filters, ready: boolean) {
  const [items, setItems] = useState<Question[]>([]);
  const [counts, setCounts] = useState({ open: 0, answered: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const filterArgs = { teamId, search: f.search || undefined, tagId: f.tagId || undefined, dateFrom: f.dateFrom || undefined, dateTo: f.dateTo || undefined };

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const lists = await Promise.all(
        (view === 'all' ? ['open', 'answered'] as const : [view]).map((status) => listQuestions({ ...filterArgs, status })),
      );
      setItems(lists.flat());
    } catch (e) {
      setError((e as Error).message || 'Could not load questions');
    } finally {
      setLoading(false);
    }
  }, [teamId, view, f.search, f.tagId, f.dateFrom, f.dateTo]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadCounts = useCallback(async () => {
    try {
      const [o, a] = await Promise.all([listQuestions({ teamId, status: 'open' }), listQuestions({ teamId, status: 'answered' })]);
      setCounts({ open: o.length, answered: a.length });
    } catch { /* counts are decoration */ }
  }, [teamId]);

  useEffect(() => { if (ready) void load(); }, [ready, load]);
  useEffect(() => { if (ready) void loadCounts(); }, [ready, loadCounts]);

  useLiveEvents((ev) => {
    if (ev.type === 'reconnected') { void load(); void loadCounts(); return; }
    const q = ev.question;
    const id = q?.id ?? (ev.data?.questionId as string | undefined) ?? (ev.data?.id as string | undefined);
    if (ev.type === 'question.deleted' && id) { setItems((l) => l.filter((x) => x.id !== id)); return; }
    if (!q) return;
    const inScope = !teamId || q.teamId === teamId;
    if (ev.type === 'question.created' && inScope && q.status === 'OPEN') {
      setCounts((c) => ({ ...c, open: c.open + 1 }));
    }
    if (ev.type === 'question.answered' && inScope) {
      setCounts((c) => ({ open: Math.max(0, c.open - 1), answered: c.answered + 1 }));
    }
    if (ev.type === 'question.created' && matchesFilters(q, teamId, view, f)) setAnnouncement(`New question: ${q.body.slice(0, 80)}`);
    setItems((list) => {
      const idx = list.findIndex((x) => x.id === q.id);
      const fits = matchesFilters(q, teamId, view, f);
      if (idx >= 0) return fits ? list.map((x) => (x.id === q.id ? { ...x, ...q, hasUpvoted: x.hasUpvoted } : x)) : list.filter((x) => x.id !== q.id);
      return fits && (ev.type === 'question.created' || ev.type === 'question.answered' || ev.type === 'question.updated') ? [q, ...list] : list;
    });
  });

  const replace = (q: Question) => setItems((l) => l.map((x) => (x.id === q.id ? { ...x, ...q } : x)));
  return { items, counts, loading, error, reload: load, replace, announcement };
}

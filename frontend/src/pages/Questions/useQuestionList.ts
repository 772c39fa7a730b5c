/** Loads the Questions tab list (paged) and counts, and keeps them in sync with live events. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { listQuestionPage } from '../../api/qa';
import type { Question } from '../../api/types';
import { isGone, isResync, useLiveEvents } from '../../live/EventsContext';
import type { Filters } from './FilterBar';

export type View = 'open' | 'answered' | 'all';

export const PAGE_SIZE = 50;

/** The server order matching the page's sort (the page re-sorts what it has loaded). */
export function serverSort(sort: string): 'pinned' | 'newest' | 'oldest' {
  return sort === 'newest' || sort === 'oldest' ? sort : 'pinned';
}

/** Events that bring a question into the public lists (when it fits the filters). */
const ADDS = ['question.created', 'question.approved', 'question.answered', 'question.updated'];

/** Are there rows on the server beyond the `pages` loaded? */
export function hasMorePages(pages: number, pageSize: number, total: number, capped: boolean): boolean {
  return capped || pages * pageSize < total;
}

export interface Counts { open: number; answered: number; openCapped: boolean; answeredCapped: boolean }

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
  const [items, setItemsState] = useState<Question[]>([]);
  const itemsRef = useRef<Question[]>([]);
  const [total, setTotal] = useState(0);
  const [capped, setCapped] = useState(false);
  const [pages, setPages] = useState(0);
  const [counts, setCounts] = useState<Counts>({ open: 0, answered: 0, openCapped: false, answeredCapped: false });
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const generation = useRef(0);
  const countTimer = useRef<ReturnType<typeof setTimeout>>();
  const query = {
    teamId, status: view, sort: serverSort(f.sort), pageSize: PAGE_SIZE, search: f.search || undefined,
    tagId: f.tagId || undefined, dateFrom: f.dateFrom || undefined, dateTo: f.dateTo || undefined,
  };

  const setItems = (next: Question[]) => { itemsRef.current = next; setItemsState(next); };

  const load = useCallback(async () => {
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const r = await listQuestionPage({ ...query, page: 1 });
      if (gen !== generation.current) return; // a newer load (filters changed, resync) won
      setItems(r.questions); setTotal(r.total); setCapped(r.totalCapped); setPages(1);
    } catch (e) {
      if (gen === generation.current) setError((e as Error).message || 'Could not load questions');
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, [teamId, view, f.sort, f.search, f.tagId, f.dateFrom, f.dateTo]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadMore = async () => {
    if (loadingMore || !hasMorePages(pages, PAGE_SIZE, total, capped)) return;
    const gen = generation.current;
    setLoadingMore(true);
    try {
      const r = await listQuestionPage({ ...query, page: pages + 1 });
      if (gen !== generation.current) return;
      const seen = new Set(itemsRef.current.map((q) => q.id));
      setItems([...itemsRef.current, ...r.questions.filter((q) => !seen.has(q.id))]);
      setTotal(r.total); setCapped(r.totalCapped); setPages(pages + 1);
    } catch (e) {
      setError((e as Error).message || 'Could not load more questions');
    } finally {
      setLoadingMore(false);
    }
  };

  const loadCounts = useCallback(async () => {
    try {
      const [o, a] = await Promise.all([listQuestionPage({ teamId, status: 'open', pageSize: 1 }), listQuestionPage({ teamId, status: 'answered', pageSize: 1 })]);
      setCounts({ open: o.total, answered: a.total, openCapped: o.totalCapped, answeredCapped: a.totalCapped });
    } catch { /* counts are decoration */ }
  }, [teamId]);
  /** Re-read the counts shortly (a burst of events costs one pair of requests). */
  const refreshCounts = () => { clearTimeout(countTimer.current); countTimer.current = setTimeout(() => void loadCounts(), 500); };
  useEffect(() => () => clearTimeout(countTimer.current), []);

  useEffect(() => { if (ready) void load(); }, [ready, load]);
  useEffect(() => { if (ready) void loadCounts(); }, [ready, loadCounts]);

  useLiveEvents((ev) => {
    if (isResync(ev.type)) { void load(); void loadCounts(); return; }
    const q = ev.question;
    const id = q?.id ?? (ev.data?.questionId as string | undefined) ?? (ev.data?.id as string | undefined);
    const list = itemsRef.current;
    if (isGone(ev.type) && id) {
      if (list.some((x) => x.id === id)) { setItems(list.filter((x) => x.id !== id)); setTotal((t) => Math.max(0, t - 1)); }
      if (ev.type === 'question.deleted') refreshCounts(); // whether it was open or answered is not in the event
      return;
    }
    if (!q) return;
    const inScope = !teamId || q.teamId === teamId;
    if ((ev.type === 'question.created' || ev.type === 'question.approved') && inScope && q.status === 'OPEN') {
      setCounts((c) => ({ ...c, open: c.open + 1 }));
    }
    if (ev.type === 'question.answered' && inScope) {
      setCounts((c) => ({ ...c, open: Math.max(0, c.open - 1), answered: c.answered + 1 }));
    }
    const fits = matchesFilters(q, teamId, view, f);
    if ((ev.type === 'question.created' || ev.type === 'question.approved') && fits) setAnnouncement(`New question: ${q.body.slice(0, 80)}`);
    const idx = list.findIndex((x) => x.id === q.id);
    if (idx >= 0) {
      if (fits) setItems(list.map((x) => (x.id === q.id ? { ...x, ...q, hasUpvoted: x.hasUpvoted } : x)));
      else { setItems(list.filter((x) => x.id !== q.id)); setTotal((t) => Math.max(0, t - 1)); }
    } else if (fits && ADDS.includes(ev.type)) {
      setItems([q, ...list]);
      if (ev.type !== 'question.updated') setTotal((t) => t + 1); // an updated one may just be on a page not loaded yet
    }
  });

  const replace = (q: Question) => setItems(itemsRef.current.map((x) => (x.id === q.id ? { ...x, ...q } : x)));
  const hasMore = !loading && hasMorePages(pages, PAGE_SIZE, total, capped);
  return { items, total, capped, hasMore, loadMore, loadingMore, counts, loading, error, reload: load, replace, announcement };
}

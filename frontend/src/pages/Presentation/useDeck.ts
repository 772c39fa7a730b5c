/** Presentation deck: ensures the system tags, walks the questions and marks them (ui.md §10.1). */
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  addTag, createTag, listQuestions, listTags, removeTag, setPresenting, startPresentation, stopPresentation,
  toggleFreeze, togglePin,
} from '../../api/qa';
import type { Question, Tag } from '../../api/types';
import { hasTag, PRESENTING_TAG, REVIEWED_TAG } from '../../components/Atoms';
import { useLiveEvents } from '../../live/EventsContext';
import { beacon } from '../../api/http';

const SYSTEM_TAGS = [
  { name: PRESENTING_TAG, description: 'Question currently being presented', color: '#10B981' },
  { name: REVIEWED_TAG, description: 'Question has been reviewed', color: '#6B7280' },
];

async function ensureTags(): Promise<Record<string, Tag>> {
  let tags = await listTags();
  for (const t of SYSTEM_TAGS) {
    if (!tags.some((x) => x.name === t.name)) {
      try { await createTag(t); } catch { /* another presenter created it at the same moment */ }
      tags = await listTags();
    }
  }
  return Object.fromEntries(tags.map((t) => [t.name, t]));
}

const withTag = (q: Question, tag: Tag): Question => (hasTag(q, tag.name) ? q : { ...q, tags: [...q.tags, { tagId: tag.id, tag, createdAt: new Date().toISOString() }] });
const withoutTag = (q: Question, tag: Tag): Question => ({ ...q, tags: q.tags.filter((t) => t.tag.name !== tag.name) });

export function useDeck(teamId: string | null, ready: boolean) {
  const [deck, setDeck] = useState<Question[]>([]);
  const [index, setIndex] = useState(0); // -1 = end card
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Question | null>(null);
  const [reviewed, setReviewed] = useState<Set<string>>(new Set());
  const tags = useRef<Record<string, Tag>>({});
  const current = index >= 0 ? deck[index] ?? null : null;
  const currentRef = useRef<Question | null>(null);
  currentRef.current = current;

  const cp = () => tags.current[PRESENTING_TAG];
  const rv = () => tags.current[REVIEWED_TAG];
  const patch = (id: string, fn: (q: Question) => Question) => setDeck((d) => d.map((q) => (q.id === id ? fn(q) : q)));

  const mark = useCallback(async (q: Question | null) => {
    if (!q) return;
    patch(q.id, (x) => withTag(x, cp()));
    await Promise.allSettled([addTag(q.id, cp().id), setPresenting(q.id)]);
  }, []);
  const unmark = useCallback(async (q: Question | null) => {
    if (!q) return;
    patch(q.id, (x) => withoutTag(x, cp()));
    await removeTag(q.id, cp().id).catch(() => undefined);
  }, []);

  useEffect(() => {
    if (!ready) return;
    (async () => {
      try {
        tags.current = await ensureTags();
        const open = await listQuestions({ status: 'open', teamId });
        const cards = open.filter((q) => !hasTag(q, REVIEWED_TAG)).sort((a, b) => b.upvotes - a.upvotes);
        setDeck(cards);
        const other = open.find((q) => hasTag(q, PRESENTING_TAG) && q.id !== cards[0]?.id);
        await startPresentation(teamId).catch(() => undefined);
        if (other) setConflict(other);
        else if (cards[0]) await mark(cards[0]);
      } catch (e) {
        setError((e as Error).message || 'Could not load the presentation');
      } finally {
        setLoading(false);
      }
    })();
  }, [ready, teamId, mark]);

  // Best effort: leaving the page by any route (navigation, closing the tab) clears "Currently Presenting".
  useEffect(() => {
    const onHide = () => {
      const q = currentRef.current;
      if (q && cp()) beacon('DELETE', `/questions/${q.id}/tags/${cp().id}`);
      beacon('POST', '/presentation/stop', {});
    };
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      const q = currentRef.current;
      if (q && cp()) void removeTag(q.id, cp().id).catch(() => undefined);
      void stopPresentation().catch(() => undefined);
    };
  }, []);

  const takeOver = async (yes: boolean) => {
    const other = conflict;
    setConflict(null);
    if (yes && other) await removeTag(other.id, cp().id).catch(() => undefined);
    if (deck[0]) await mark(deck[0]);
  };

  const goTo = async (i: number, opts: { review?: boolean; undo?: boolean } = {}) => {
    const from = current;
    if (from && opts.review) {
      setReviewed((s) => new Set(s).add(from.id));
      patch(from.id, (x) => withTag(x, rv()));
      void addTag(from.id, rv().id).catch(() => undefined);
    }
    if (from && i !== index) await unmark(from);
    setIndex(i);
    const to = i >= 0 ? deck[i] : null;
    if (to && opts.undo && hasTag(to, REVIEWED_TAG)) {
      setReviewed((s) => { const n = new Set(s); n.delete(to.id); return n; });
      patch(to.id, (x) => withoutTag(x, rv()));
      void removeTag(to.id, rv().id).catch(() => undefined);
    }
    if (to && to.id !== from?.id) await mark(to);
    if (!to) void setPresenting(null).catch(() => undefined);
  };

  /** Next unreviewed card after the current one, or the end card when all are reviewed. */
  const next = () => {
    if (index < 0) return;
    const done = new Set(reviewed).add(deck[index]?.id ?? '');
    const order = [...deck.keys()].map((k) => (index + 1 + k) % deck.length);
    const target = order.find((k) => !done.has(deck[k].id) && deck[k].status === 'OPEN');
    void goTo(target ?? -1, { review: true });
  };
  const previous = () => {
    const from = index < 0 ? deck.length : index;
    if (from > 0) void goTo(from - 1, { undo: true });
  };
  const highest = () => {
    const target = deck.findIndex((q) => !reviewed.has(q.id) && q.status === 'OPEN');
    if (target >= 0 && target !== index) void goTo(target);
  };
  const first = () => deck.length && void goTo(0);
  const last = () => deck.length && void goTo(deck.length - 1);

  const pin = async () => { if (current) { const q = await togglePin(current.id); patch(current.id, (x) => ({ ...x, isPinned: q.isPinned })); return q.isPinned; } return undefined; };
  const freeze = async () => { if (current) { const q = await toggleFreeze(current.id); patch(current.id, (x) => ({ ...x, isFrozen: q.isFrozen })); return q.isFrozen; } return undefined; };

  const exit = async () => {
    await unmark(current);
    await stopPresentation().catch(() => undefined);
    currentRef.current = null;
  };

  useLiveEvents((ev) => {
    const q = ev.question;
    if (!q || (teamId && q.teamId !== teamId)) return;
    if ((ev.type === 'question.created' || ev.type === 'question.approved') && q.status === 'OPEN') {
      setDeck((d) => (d.some((x) => x.id === q.id) ? d : [...d, q]));
      return;
    }
    if (ev.type === 'question.answered') {
      if (current?.id === q.id) patch(q.id, (x) => ({ ...x, ...q }));
      else setDeck((d) => d.filter((x) => x.id !== q.id));
      return;
    }
    if (ev.type === 'question.deleted') return;
    patch(q.id, (x) => ({ ...x, ...q, tags: q.tags?.length || ev.type.includes('tag') ? q.tags : x.tags }));
  });

  return { deck, index, current, loading, error, conflict, takeOver, next, previous, highest, first, last, pin, freeze, exit, reviewedCount: reviewed.size };
}

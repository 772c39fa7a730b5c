/** One upvote control in three sizes, with optimistic toggle; and the one-request state loader. */
import { useEffect, useRef, useState } from 'react';
import { upvote, removeUpvote, upvoteStatus } from '../api/qa';
import type { ApiError } from '../api/http';
import type { Question } from '../api/types';
import { useUser } from '../auth/UserContext';
import { useToast } from './Toast';

/** Upvote flags for a list, fetched in ONE request whenever the set of ids changes. */
export function useUpvoteState(questions: Question[]) {
  const [upvoted, setUpvoted] = useState<Record<string, boolean>>({});
  const key = questions.map((q) => q.id).sort().join(',');
  const lastKey = useRef('');
  useEffect(() => {
    if (!key || key === lastKey.current) return;
    lastKey.current = key;
    const missing = questions.filter((q) => q.hasUpvoted === undefined).map((q) => q.id);
    const known = Object.fromEntries(questions.filter((q) => q.hasUpvoted !== undefined).map((q) => [q.id, Boolean(q.hasUpvoted)]));
    setUpvoted((u) => ({ ...u, ...known }));
    if (!missing.length) return;
    upvoteStatus(missing).then((m) => setUpvoted((u) => ({ ...u, ...m }))).catch(() => undefined);
  }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = (id: string, v: boolean) => setUpvoted((u) => ({ ...u, [id]: v }));
  return { upvoted, set };
}

interface Props {
  q: Question;
  upvoted: boolean;
  size?: 'column' | 'inline' | 'wide';
  onChange(updated: Question, upvoted: boolean): void;
}

export function UpvoteButton({ q, upvoted, size = 'column', onChange }: Props) {
  const { me, ownQuestionIds } = useUser();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const own = ownQuestionIds.has(q.id) || Boolean(me && q.authorId && q.authorId === me.id);
  const disabled = busy || q.isFrozen || own || q.status === 'ANSWERED';
  const reason = own ? 'Cannot upvote your own question' : q.isFrozen ? 'This question is frozen' : upvoted ? 'You upvoted this (click to remove)' : 'Upvote this question';

  const click = async () => {
    if (disabled) return;
    const before = q;
    setBusy(true);
    onChange({ ...q, upvotes: q.upvotes + (upvoted ? -1 : 1) }, !upvoted); // optimistic
    try {
      if (upvoted) {
        await removeUpvote(q.id);
      } else {
        const updated = await upvote(q.id);
        if (updated?.id) onChange({ ...q, upvotes: updated.upvotes }, true);
      }
    } catch (e) {
      onChange(before, upvoted); // roll back
      toast.error((e as ApiError).message || 'Upvote failed');
    } finally {
      setBusy(false);
    }
  };

  if (size === 'column') {
    if (q.status === 'ANSWERED') {
      return (
        <div className="flex h-16 w-12 shrink-0 flex-col items-center justify-center rounded-lg bg-gray-100 text-gray-600 dark:bg-gray-800 dark:text-gray-300" aria-label={`${q.upvotes} upvotes`}>
          <span aria-hidden="true">▲</span><span className="text-sm font-bold">{q.upvotes}</span>
        </div>
      );
    }
    return (
      <button type="button" onClick={click} disabled={disabled} title={reason} aria-pressed={upvoted}
        aria-label={`${upvoted ? 'Remove upvote' : 'Upvote'} (${q.upvotes} upvotes)`}
        className={`flex h-16 w-12 shrink-0 flex-col items-center justify-center rounded-lg transition focus:outline-none focus-visible:ring-2 focus-visible:ring-orange-400 disabled:cursor-not-allowed ${upvoted ? 'bg-orange-500 text-white shadow-md' : 'bg-gray-100 text-gray-700 hover:bg-orange-100 dark:bg-gray-800 dark:text-gray-200 disabled:opacity-60'}`}>
        <span aria-hidden="true" className="text-lg leading-none">{upvoted ? '▲' : '△'}</span>
        <span className="text-sm font-bold" aria-live="polite">{q.upvotes}</span>
      </button>
    );
  }
  const label = upvoted ? '▲ Upvoted' : size === 'wide' ? '△ Upvote Question' : '△ Upvote';
  return (
    <button type="button" onClick={click} disabled={disabled} title={reason} aria-pressed={upvoted}
      className={`btn ${size === 'inline' ? 'min-h-[36px] px-3 py-1 text-xs' : ''} ${upvoted ? 'bg-orange-500 text-white hover:bg-orange-600' : 'bg-gray-100 text-gray-800 hover:bg-orange-100 dark:bg-gray-800 dark:text-gray-100'}`}>
      {label} <span className="opacity-80">({q.upvotes})</span>
    </button>
  );
}

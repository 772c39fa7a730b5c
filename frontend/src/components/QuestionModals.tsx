/** "Question Details" (open) and "Question & Answer" (answered) modals, with Copy Link. */
import { useState } from 'react';
import type { Question } from '../api/types';
import { formatDate, hasTag, plural, REVIEWED_TAG, TagList } from './Atoms';
import { Modal } from './Modal';
import { UpvoteButton } from './Upvote';

export function CopyLink({ id }: { id: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(`${window.location.origin}/questions/${id}`);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch { /* clipboard unavailable */ }
  };
  return (
    <button type="button" onClick={() => void copy()} className={`btn ${copied ? 'bg-green-600 text-white' : 'btn-secondary'}`}>
      {copied ? '✓ Copied!' : '🔗 Copy Link'}
    </button>
  );
}

/** The Reviewed / Pending status sentence shared by the modal and the detail page. */
export function ReviewStatus({ q }: { q: Question }) {
  const reviewed = q.tags.find((t) => t.tag.name === REVIEWED_TAG);
  return (
    <div className="rounded-lg border border-blue-200 bg-blue-50 p-4 text-sm text-blue-950 dark:border-blue-800 dark:bg-blue-950/40 dark:text-blue-100">
      <p className="mb-1 font-semibold">Status</p>
      {reviewed ? (
        <p><span aria-hidden="true">🕒 </span><strong>Reviewed</strong> — discussed during a presentation on {formatDate(reviewed.createdAt)}; a written answer will follow.</p>
      ) : (
        <p><strong>Pending</strong> — waiting for an answer from a moderator.</p>
      )}
    </div>
  );
}

interface Props { q: Question; upvoted: boolean; onUpvote(q: Question, v: boolean): void; onClose(): void }

export function QuestionModal({ q, upvoted, onUpvote, onClose }: Props) {
  if (q.status === 'ANSWERED') {
    return (
      <Modal title="Question & Answer" onClose={onClose} footer={<><CopyLink id={q.id} /><button type="button" className="btn-secondary" onClick={onClose}>Close</button></>}>
        <div className="space-y-4">
          <section className="rounded-lg border border-blue-200 bg-blue-50 p-4 dark:border-blue-800 dark:bg-blue-950/40">
            <div className="mb-2 flex flex-wrap items-center gap-2 text-sm"><strong>Question</strong><span className="pill bg-white text-blue-800 dark:bg-blue-900">{plural(q.upvotes, 'upvote')}</span><span className="muted">Asked {formatDate(q.createdAt)}</span></div>
            <p className="whitespace-pre-line">{q.body}</p>
          </section>
          <section className="rounded-lg border border-green-200 bg-green-50 p-4 dark:border-green-800 dark:bg-green-950/40">
            <div className="mb-2 flex flex-wrap items-center gap-2 text-sm"><strong>Answer</strong><span className="muted">Answered {formatDate(q.respondedAt)}</span></div>
            <p className="whitespace-pre-line">{q.responseText}</p>
          </section>
          <div className="flex flex-wrap gap-2"><TagList q={q} /></div>
        </div>
      </Modal>
    );
  }
  return (
    <Modal title="Question Details" onClose={onClose} footer={<><UpvoteButton q={q} upvoted={upvoted} size="wide" onChange={onUpvote} /><CopyLink id={q.id} /><button type="button" className="btn-secondary" onClick={onClose}>Close</button></>}>
      <div className="space-y-4">
        <section className="rounded-lg border border-orange-200 bg-orange-50 p-4 dark:border-orange-800 dark:bg-orange-950/30">
          <div className="mb-2 flex flex-wrap items-center gap-2 text-sm"><strong>Open Question</strong><span className="pill bg-white text-orange-800 dark:bg-orange-900 dark:text-orange-100">{plural(q.upvotes, 'upvote')}</span><span className="muted">Asked {formatDate(q.createdAt)}</span></div>
          <p className="whitespace-pre-line">{q.body}</p>
          <div className="mt-2 flex flex-wrap gap-2"><TagList q={q} /></div>
        </section>
        <ReviewStatus q={q} />
        <p className="text-xs muted"><span aria-hidden="true">💡 </span>Upvotes tell moderators which questions matter most to answer first.</p>
      </div>
    </Modal>
  );
}

export const isReviewed = (q: Question) => hasTag(q, REVIEWED_TAG);

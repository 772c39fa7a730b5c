/** Shareable page for one question (ui.md §8.7): live updates, copy link, answer for moderators. */
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { getQuestion, upvoteStatus } from '../../api/qa';
import type { Question } from '../../api/types';
import { useUser } from '../../auth/UserContext';
import { AnswerDialog } from '../../components/AnswerDialog';
import { formatDate, Markers, plural, StatusBadge, TagList } from '../../components/Atoms';
import { Spinner } from '../../components/Feedback';
import { LiveIndicator } from '../../components/LiveIndicator';
import { CopyLink, ReviewStatus } from '../../components/QuestionModals';
import { useToast } from '../../components/Toast';
import { UpvoteButton } from '../../components/Upvote';
import { setTitle } from '../../config';
import { isResync, useLiveEvents } from '../../live/EventsContext';

export function QuestionDetailPage() {
  const { id = '' } = useParams();
  const [q, setQ] = useState<Question | null>(null);
  const [upvoted, setUpvoted] = useState(false);
  const [state, setState] = useState<'loading' | 'ok' | 'missing'>('loading');
  const [answering, setAnswering] = useState(false);
  const { roles } = useUser();
  const navigate = useNavigate();
  const toast = useToast();

  useEffect(() => {
    setState('loading');
    getQuestion(id).then((r) => { setQ(r); setState('ok'); }).catch(() => setState('missing'));
    upvoteStatus([id]).then((m) => setUpvoted(Boolean(m[id]))).catch(() => undefined);
  }, [id]);
  useEffect(() => {
    if (q) setTitle(q.body.length > 50 ? `${q.body.slice(0, 50)}...` : q.body);
  }, [q?.body]); // eslint-disable-line react-hooks/exhaustive-deps

  useLiveEvents((ev) => {
    if (isResync(ev.type)) { getQuestion(id).then(setQ).catch(() => setState('missing')); return; }
    if (ev.question?.id === id) setQ((old) => ({ ...old, ...ev.question! }));
    if (ev.type === 'question.deleted' && (ev.data?.id === id || ev.data?.questionId === id)) setState('missing');
  });

  const back = () => {
    if (window.history.length > 1) navigate(-1);
    else navigate(q?.team ? `/${q.team.slug}/questions` : '/');
  };

  if (state === 'loading') return <div className="page max-w-4xl"><Spinner label="Loading question..." /></div>;
  if (state === 'missing' || !q) {
    return (
      <div className="page max-w-4xl">
        <div className="rounded-lg border border-red-300 bg-red-50 p-8 text-center text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100">
          <p className="text-4xl" aria-hidden="true">⚠️</p>
          <h1 className="text-2xl font-bold">Question Not Found</h1>
          <p className="mt-2 text-sm">It may have been deleted, or you may not be allowed to see it.</p>
          <button type="button" className="btn-danger mt-4" onClick={back}>Go Back</button>
        </div>
      </div>
    );
  }
  const listView = q.status === 'ANSWERED' ? 'answered' : 'open';
  return (
    <div className="page max-w-4xl">
      {q.team && (
        <nav aria-label="Breadcrumb" className="mb-4 text-sm muted">
          <Link to={`/${q.team.slug}/dashboard`} className="btn-link">{q.team.name}</Link> /{' '}
          <Link to={`/${q.team.slug}/questions?view=${listView}`} className="btn-link">{q.status === 'ANSWERED' ? 'Answered Questions' : 'Open Questions'}</Link> / <span>Question Details</span>
        </nav>
      )}
      <article className="card space-y-5 p-6">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <StatusBadge status={q.status} /><span className="muted">Asked {formatDate(q.createdAt)}</span><Markers q={q} /><TagList q={q} />
          <span className="ml-auto flex items-center gap-3"><LiveIndicator /><span className="pill bg-gray-100 text-gray-800 dark:bg-gray-800 dark:text-gray-100">{plural(q.upvotes, 'upvote')}</span></span>
        </div>
        <h1 className="whitespace-pre-line break-words text-xl font-semibold sm:text-2xl">{q.body}</h1>
        {q.status === 'ANSWERED' ? (
          <section className="rounded-lg border-l-4 border-green-500 bg-green-50 p-4 dark:bg-green-950/40">
            <h2 className="mb-1 font-semibold text-green-900 dark:text-green-100">Answer</h2>
            <p className="whitespace-pre-line">{q.responseText}</p>
            <p className="mt-2 text-xs muted">Answered on {formatDate(q.respondedAt)}</p>
          </section>
        ) : q.status === 'OPEN' ? <ReviewStatus q={q} /> : (
          <p className="rounded-lg bg-amber-50 p-4 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-100">This question is waiting for a moderator to review it.</p>
        )}
        <div className="flex flex-wrap items-center gap-2 border-t border-theme-border pt-4">
          <UpvoteButton q={q} upvoted={upvoted} size="wide" onChange={(nq, v) => { setQ(nq); setUpvoted(v); }} />
          <CopyLink id={q.id} />
          {q.status === 'OPEN' && roles.canModerate(q.teamId ?? null) && <button type="button" className="btn-primary" onClick={() => setAnswering(true)}>💬 Answer</button>}
          <button type="button" className="btn-secondary ml-auto" onClick={back}>Go Back</button>
        </div>
      </article>
      {answering && <AnswerDialog q={q} onClose={() => setAnswering(false)} onDone={(nq) => { setQ({ ...q, ...nq }); setAnswering(false); toast.success('Answer published'); }} />}
    </div>
  );
}

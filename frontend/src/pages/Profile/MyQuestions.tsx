/** My questions with their outcomes: open, answered (with the answer), or waiting for review. */
import { Link } from 'react-router-dom';
import type { Question } from '../../api/types';
import { formatDate, plural, StatusBadge, TagChip, TeamChip } from '../../components/Atoms';
import { Skeleton } from '../../components/Feedback';

export function MyQuestions({ questions }: { questions: Question[] | null }) {
  if (!questions) return <Skeleton rows={3} />;
  if (!questions.length) {
    return (
      <div className="card p-10 text-center">
        <p className="text-4xl" aria-hidden="true">❓</p><h2 className="h2">No questions yet</h2>
        <p className="mt-1 text-sm muted">Ask something from any team page — it will show up here with its outcome.</p>
      </div>
    );
  }
  return (
    <section>
      <h2 className="mb-1 text-xl font-bold">My Questions</h2>
      <p className="mb-4 text-sm muted">{plural(questions.length, 'question')}</p>
      <ul className="space-y-3">
        {questions.map((q) => (
          <li key={q.id}>
            <Link to={`/questions/${q.id}`} className="card block p-4 hover:shadow-md focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary">
              <div className="flex flex-wrap items-center gap-2 text-xs">
                <StatusBadge status={q.status} /><span className="muted">{plural(q.upvotes, 'upvote')}</span><TeamChip name={q.team?.name} />
                <span className="ml-auto muted">{formatDate(q.createdAt)}</span>
              </div>
              <p className="mt-2 line-clamp-3">{q.body}</p>
              {q.status === 'UNDER_REVIEW' && <p className="mt-2 text-sm text-amber-800 dark:text-amber-200">Waiting for a moderator to review it before it is published.</p>}
              {q.status === 'ANSWERED' && q.responseText && (
                <div className="mt-2 rounded-md bg-green-50 p-3 text-sm dark:bg-green-950/40">
                  <p className="text-xs font-semibold text-green-800 dark:text-green-200">Response • {formatDate(q.respondedAt)}</p>
                  <p className="line-clamp-2">{q.responseText}</p>
                </div>
              )}
              {q.tags.length > 0 && <div className="mt-2 flex flex-wrap gap-1">{q.tags.map((t) => <TagChip key={t.tag.id} tag={t.tag} />)}</div>}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

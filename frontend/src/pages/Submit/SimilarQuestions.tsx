/** Similar questions under the submit form: open ones to upvote instead, answered ones to read. */
import { useEffect, useState } from 'react';
import { searchSimilar } from '../../api/qa';
import type { Question } from '../../api/types';
import { formatDate, plural } from '../../components/Atoms';
import { QuestionModal } from '../../components/QuestionModals';
import { UpvoteButton, useUpvoteState } from '../../components/Upvote';

export function SimilarQuestions({ text, teamId }: { text: string; teamId: string | null }) {
  const [hits, setHits] = useState<Question[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [modal, setModal] = useState<Question | null>(null);
  const { upvoted, set } = useUpvoteState(hits?.filter((q) => q.status === 'OPEN') ?? []);
  const term = text.trim();

  useEffect(() => {
    if (term.length < 2) { setHits(null); return; }
    setLoading(true);
    const t = setTimeout(() => {
      searchSimilar(term, teamId).then((r) => setHits(r.filter((q) => q.status !== 'UNDER_REVIEW'))).catch(() => setHits([])).finally(() => setLoading(false));
    }, 300);
    return () => clearTimeout(t);
  }, [term, teamId]);

  if (term.length < 2) return null;
  if (loading && !hits) return <p className="mt-6 rounded-lg bg-gray-100 p-4 text-sm text-gray-600 dark:bg-gray-800 dark:text-gray-300">Searching for similar questions…</p>;
  if (!hits) return null;
  if (!hits.length) return <p className="mt-6 rounded-lg border border-green-200 bg-green-50 p-4 text-sm text-green-900 dark:border-green-800 dark:bg-green-950/40 dark:text-green-100">✅ No similar question found — yours looks unique.</p>;

  const replace = (q: Question, v: boolean) => {
    setHits((l) => l?.map((x) => (x.id === q.id ? q : x)) ?? null);
    set(q.id, v);
    if (modal?.id === q.id) setModal(q);
  };
  const open = hits.filter((q) => q.status === 'OPEN');
  const answered = hits.filter((q) => q.status === 'ANSWERED');
  return (
    <section className="mt-6 space-y-4" aria-live="polite">
      <h2 className="h2">Found {hits.length} similar question{hits.length === 1 ? '' : 's'}:</h2>
      {open.length > 0 && (
        <div>
          <h3 className="mb-2 font-semibold text-orange-700 dark:text-orange-300"><span aria-hidden="true">📝 </span>Open ({open.length}) — consider upvoting instead of asking again</h3>
          <ul className="space-y-2">{open.map((q) => (
            <li key={q.id} className="card p-3">
              <p className="line-clamp-3 text-sm">{q.body}</p>
              <div className="mt-2 flex flex-wrap items-center gap-3 text-xs muted">
                <button type="button" className="btn-link" onClick={() => setModal(q)}>Read Full Question ›</button>
                <span>{plural(q.upvotes, 'upvote')} • {formatDate(q.createdAt)}</span>
                <span className="ml-auto"><UpvoteButton q={q} upvoted={Boolean(upvoted[q.id])} size="inline" onChange={replace} /></span>
              </div>
            </li>
          ))}</ul>
        </div>
      )}
      {answered.length > 0 && (
        <div>
          <h3 className="mb-2 font-semibold text-green-700 dark:text-green-300"><span aria-hidden="true">✅ </span>Answered ({answered.length}) — it may already be answered</h3>
          <ul className="space-y-2">{answered.map((q) => (
            <li key={q.id} className="card p-3">
              <p className="line-clamp-3 text-sm">{q.body}</p>
              {q.responseText && <p className="mt-1 text-xs text-green-800 dark:text-green-200"><strong>Answer:</strong> {q.responseText.length > 150 ? `${q.responseText.slice(0, 150)}…` : q.responseText}</p>}
              <div className="mt-2 flex flex-wrap items-center gap-3 text-xs muted">
                <button type="button" className="btn-link" onClick={() => setModal(q)}>Read Full Question ›</button>
                <span>{plural(q.upvotes, 'upvote')} • Answered {formatDate(q.respondedAt)}</span>
              </div>
            </li>
          ))}</ul>
        </div>
      )}
      {modal && <QuestionModal q={modal} upvoted={Boolean(upvoted[modal.id])} onUpvote={replace} onClose={() => setModal(null)} />}
    </section>
  );
}

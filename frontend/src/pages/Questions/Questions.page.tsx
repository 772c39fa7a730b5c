/** Questions: tabs, search and filters in the URL, upvotes, live list, presentation entry (ui.md §8.4). */
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { countLabel, listTags } from '../../api/qa';
import type { Question, Tag } from '../../api/types';
import { useUser } from '../../auth/UserContext';
import { PRESENTING_TAG, hasTag } from '../../components/Atoms';
import { Empty, ErrorBox, Skeleton } from '../../components/Feedback';
import { LiveIndicator } from '../../components/LiveIndicator';
import { QuestionCard } from '../../components/QuestionCard';
import { QuestionModal } from '../../components/QuestionModals';
import { Tabs } from '../../components/Tabs';
import { TeamContextBar } from '../../components/TeamContextBar';
import { useUpvoteState } from '../../components/Upvote';
import { setTitle } from '../../config';
import { usePresentation } from '../../live/PresentationContext';
import { useCurrentTeam } from '../../teams/useTeam';
import { FilterBar, type Filters } from './FilterBar';
import { useQuestionList, type View } from './useQuestionList';
import { groupByWeek, sortQuestions, type SortKey } from './weeks';

const EMPTY_LINE: Record<View, string> = {
  open: 'Be the first to ask something.',
  answered: 'Nothing has been answered here yet.',
  all: 'Start the conversation with a question.',
};

export function QuestionsPage() {
  const ct = useCurrentTeam();
  const { roles } = useUser();
  const [params, setParams] = useSearchParams();
  const [tags, setTags] = useState<Tag[]>([]);
  const [modal, setModal] = useState<Question | null>(null);
  const view = (['open', 'answered', 'all'].includes(params.get('view') ?? '') ? params.get('view') : 'open') as View;
  const filters: Filters = {
    search: params.get('q') ?? '', tagId: params.get('tag') ?? '', dateFrom: params.get('from') ?? '',
    dateTo: params.get('to') ?? '', sort: params.get('sort') ?? 'top',
  };
  const { items, total, capped, hasMore, loadMore, loadingMore, counts, loading, error, reload, replace, announcement } = useQuestionList(ct.teamId, view, filters, ct.ready);
  const { upvoted, set } = useUpvoteState(items.filter((q) => q.status === 'OPEN'));
  const presentation = usePresentation();

  useEffect(() => setTitle(ct.name, 'Questions'), [ct.name]);
  useEffect(() => { listTags().then(setTags).catch(() => setTags([])); }, []);

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) (v ? next.set(k, v) : next.delete(k));
    setParams(next, { replace: true });
  };
  const onFilter = (f: Partial<Filters>) => update({
    ...(f.search !== undefined && { q: f.search }), ...(f.tagId !== undefined && { tag: f.tagId }),
    ...(f.dateFrom !== undefined && { from: f.dateFrom }), ...(f.dateTo !== undefined && { to: f.dateTo }),
    ...(f.sort !== undefined && { sort: f.sort === 'top' ? '' : f.sort }),
  });
  const onUpvote = (q: Question, v: boolean) => { replace(q); set(q.id, v); if (modal?.id === q.id) setModal(q); };

  const sorted = useMemo(() => sortQuestions(items, filters.sort as SortKey), [items, filters.sort]);
  const canPresent = roles.canModerate(ct.teamId);
  const live = presentation.inScope(ct.teamId) || items.some((q) => q.status === 'OPEN' && hasTag(q, PRESENTING_TAG));
  const card = (q: Question) => (
    <QuestionCard key={q.id} q={q} upvoted={Boolean(upvoted[q.id])} showTeam={!ct.teamId}
      presenting={presentation.active && presentation.questionId === q.id} onUpvote={onUpvote} onOpen={setModal} />
  );

  return (
    <>
      <TeamContextBar ct={ct} />
      <div className="page max-w-7xl">
        <div className="mb-4 flex items-center gap-3"><h1 className="h1">Questions</h1><LiveIndicator /></div>
        <p className="sr-only" aria-live="polite">{announcement}</p>
        <div className="mb-4 flex flex-col gap-3 rounded-lg border border-theme-border bg-theme-surface p-3 md:flex-row md:items-start">
          {canPresent && (live ? (
            <Link to={`/${ct.slug}/open/present`} className="btn bg-green-600 text-white hover:bg-green-700" title="A presentation is running; click to return to it">
              <span className="relative flex h-2 w-2"><span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-white opacity-75" /><span className="relative inline-flex h-2 w-2 rounded-full bg-white" /></span>Live
            </Link>
          ) : view === 'open' && items.length > 0 && (
            <Link to={`/${ct.slug}/open/present`} className="btn-secondary" title="Start Presentation Mode" aria-label="Start Presentation Mode"><span aria-hidden="true">🖥️</span><span className="md:hidden">Present</span></Link>
          ))}
          {!canPresent && live && <span className="pill self-center bg-green-600 text-white">● Live presentation</span>}
          <FilterBar value={filters} tags={tags} onChange={onFilter} />
          <Link to={`/${ct.slug}`} className="btn-primary shrink-0"><span aria-hidden="true">+</span>Submit Question</Link>
        </div>
        <Tabs label="Question status" active={view} onChange={(v) => update({ view: v === 'open' ? '' : v })} tabs={[
          { id: 'open', label: `Open (${countLabel(counts.open, counts.openCapped)})` },
          { id: 'answered', label: `Answered (${countLabel(counts.answered, counts.answeredCapped)})` },
          { id: 'all', label: `All (${countLabel(counts.open + counts.answered, counts.openCapped || counts.answeredCapped)})` },
        ]} />
        <div id={`panel-${view}`} role="tabpanel" aria-labelledby={`tab-${view}`} className="mt-4">
          {error ? <ErrorBox message={error} onRetry={() => void reload()} />
            : loading ? <Skeleton rows={4} />
            : !sorted.length ? (
              <Empty icon="📭" title={`No ${view === 'all' ? '' : `${view} `}questions yet`}>{EMPTY_LINE[view]}</Empty>
            ) : view === 'answered' ? (
              groupByWeek(sorted).map((g) => (
                <section key={g.label} className="mb-6">
                  <h2 className="mb-2 text-sm font-semibold uppercase tracking-wide muted">{g.label}</h2>
                  <ul className="space-y-3">{g.items.map(card)}</ul>
                </section>
              ))
            ) : <ul className="space-y-3">{sorted.map(card)}</ul>}
          {!error && !loading && sorted.length > 0 && hasMore && (
            <div className="mt-4 flex flex-col items-center gap-2 text-sm muted">
              <p>Showing {sorted.length} of {countLabel(total, capped)} questions</p>
              <button type="button" className="btn-secondary" disabled={loadingMore} onClick={() => void loadMore()}>{loadingMore ? 'Loading...' : 'Load more'}</button>
            </div>
          )}
        </div>
      </div>
      {modal && <QuestionModal q={modal} upvoted={Boolean(upvoted[modal.id])} onUpvote={onUpvote} onClose={() => setModal(null)} />}
    </>
  );
}

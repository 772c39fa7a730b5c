/** A question row in lists: upvote tile, body (opens the modal), answer, chips. */
import type { Question } from '../api/types';
import { AnswerBlock, Markers, PRESENTING_TAG, StatusBadge, TagList, TeamChip, hasTag } from './Atoms';
import { UpvoteButton } from './Upvote';

interface Props {
  q: Question;
  upvoted: boolean;
  showTeam: boolean;
  presenting?: boolean;
  onUpvote(q: Question, v: boolean): void;
  onOpen(q: Question): void;
}

export function QuestionCard({ q, upvoted, showTeam, presenting, onUpvote, onOpen }: Props) {
  const live = presenting || hasTag(q, PRESENTING_TAG);
  return (
    <li className={`card flex gap-4 p-4 transition hover:shadow-md ${live ? 'ring-2 ring-green-500' : ''}`}>
      <UpvoteButton q={q} upvoted={upvoted} onChange={onUpvote} />
      <div className="min-w-0 flex-1">
        <button type="button" onClick={() => onOpen(q)} className="w-full rounded text-left font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary">
          <span className="whitespace-pre-line break-words">{q.body}</span>
        </button>
        {q.status === 'ANSWERED' && q.responseText && <AnswerBlock text={q.responseText} />}
        <div className="mt-2 flex flex-wrap items-center gap-2">
          {live && <span className="pill bg-green-600 text-white"><span className="h-1.5 w-1.5 rounded-full bg-white" aria-hidden="true" />Presenting now</span>}
          {q.status !== 'OPEN' && <StatusBadge status={q.status} />}
          <Markers q={q} />
          {showTeam && <TeamChip name={q.team?.name} />}
          <TagList q={q} />
        </div>
      </div>
    </li>
  );
}

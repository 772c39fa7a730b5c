/** Keeps the team selector's open-question counts right for every page, from the shared live stream. */
import { useEffect, useRef } from 'react';
import { useUser } from '../auth/UserContext';
import { useLiveEvents } from './EventsContext';

/** Events that can change how many questions a team has open (votes, pins and tags cannot). */
export function changesOpenCount(type: string): boolean {
  return ['question.created', 'question.answered', 'question.approved', 'question.rejected',
    'question.deleted', 'question.updated', 'reconnected', 'reset'].includes(type);
}

/** Re-reads the counts (one GET /teams) shortly after such events; a burst costs one request. */
export function OpenCountSync({ delay = 600 }: { delay?: number }) {
  const { me, refreshOpenCounts } = useUser();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  useLiveEvents((ev) => {
    if (!me || !changesOpenCount(ev.type)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void refreshOpenCounts(), delay);
  });
  return null;
}

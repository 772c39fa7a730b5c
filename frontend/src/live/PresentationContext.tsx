/** Who is presenting what, right now, for everyone: GET /api/presentation + presentation.* events. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { getPresentation, type PresentationState } from '../api/qa';
import { isResync, useLiveEvents } from './EventsContext';

const IDLE: PresentationState = { active: false, questionId: null, teamId: null };
const PresentationCtx = createContext<PresentationState>(IDLE);

function fromEvent(data: Record<string, unknown> | null, prev: PresentationState, ended: boolean): PresentationState {
  if (ended) return IDLE;
  const d = data ?? {};
  const q = d.question as Record<string, unknown> | undefined;
  return {
    active: d.active === undefined ? true : Boolean(d.active),
    questionId: (d.questionId as string) ?? (q?.id as string) ?? prev.questionId,
    teamId: (d.teamId as string) ?? prev.teamId,
    startedAt: (d.startedAt as string) ?? prev.startedAt,
  };
}

export function PresentationProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [state, setState] = useState<PresentationState>(IDLE);
  const load = () => getPresentation().then((s) => setState(s?.active ? s : IDLE)).catch(() => setState(IDLE));
  useEffect(() => { if (enabled) void load(); }, [enabled]);
  useLiveEvents((ev) => {
    if (isResync(ev.type)) void load();
    if (!ev.type.startsWith('presentation.')) return;
    setState((prev) => fromEvent(ev.data, prev, ev.type === 'presentation.ended'));
  });
  return <PresentationCtx.Provider value={state}>{children}</PresentationCtx.Provider>;
}

/** The live presentation; `inScope(teamId)` is true when it concerns that team (or `all`). */
export function usePresentation() {
  const s = useContext(PresentationCtx);
  return { ...s, inScope: (teamId: string | null) => s.active && (!teamId || !s.teamId || s.teamId === teamId) };
}

/** One shared EventSource('/events') for the whole app, reconnecting with backoff. */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { normQuestion, type Question } from '../api/types';
import { backoffDelay, normEventType } from './backoff';

export type LiveStatus = 'off' | 'connecting' | 'open' | 'reconnecting';

export interface LiveEvent {
  type: string; // normalised: question.created, presentation.changed, reconnected, ...
  data: Record<string, unknown> | null;
  question: Question | null; // set for question.* events
}

type Handler = (ev: LiveEvent) => void;

interface Ctx { status: LiveStatus; subscribe(fn: Handler): () => void }

const EventsCtx = createContext<Ctx>({ status: 'off', subscribe: () => () => undefined });

export function EventsProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [status, setStatus] = useState<LiveStatus>('off');
  const handlers = useRef(new Set<Handler>());

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') {
      setStatus('off');
      return;
    }
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let lastId = '';
    let everOpened = false;
    let stopped = false;

    const emit = (ev: LiveEvent) => handlers.current.forEach((h) => {
      try { h(ev); } catch (e) { console.error('live handler failed', e); }
    });

    const connect = () => {
      setStatus(everOpened ? 'reconnecting' : 'connecting');
      // Our server replays from Last-Event-ID; a fresh EventSource cannot set headers, so the
      // id also travels as a query parameter.
      source = new EventSource(lastId ? `/events?lastEventId=${encodeURIComponent(lastId)}` : '/events');
      source.onopen = () => {
        const wasReconnect = everOpened;
        attempt = 0;
        everOpened = true;
        setStatus('open');
        if (wasReconnect) emit({ type: 'reconnected', data: null, question: null });
      };
      source.onmessage = (e: MessageEvent) => {
        if (e.lastEventId) lastId = e.lastEventId;
        if (!e.data) return;
        let msg: Record<string, unknown>;
        try { msg = JSON.parse(e.data); } catch { return; }
        const type = normEventType(msg.type);
        if (type === 'heartbeat' || type === 'connected') return;
        const data = (msg.data && typeof msg.data === 'object' ? msg.data : null) as Record<string, unknown> | null;
        const inner = data && (data.question as Record<string, unknown> | undefined);
        const question = type.startsWith('question.') && !isGone(type) && data && (inner || data.id) ? normQuestion(inner ?? data) : null;
        emit({ type, data, question });
      };
      source.onerror = () => {
        // Take reconnection into our own hands so the delay backs off instead of hammering.
        source?.close();
        source = null;
        if (stopped) return;
        setStatus('reconnecting');
        timer = setTimeout(connect, backoffDelay(attempt++));
      };
    };
    connect();
    const onVisible = () => {
      if (document.visibilityState === 'visible' && !source && !stopped) {
        clearTimeout(timer);
        attempt = 0;
        connect();
      }
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
      document.removeEventListener('visibilitychange', onVisible);
      setStatus('off');
    };
  }, [enabled]);

  const subscribe = useCallback((fn: Handler) => {
    handlers.current.add(fn);
    return () => { handlers.current.delete(fn); };
  }, []);
  const value = useMemo(() => ({ status, subscribe }), [status, subscribe]);
  return <EventsCtx.Provider value={value}>{children}</EventsCtx.Provider>;
}

export const useLiveStatus = () => useContext(EventsCtx).status;

/** After these the client may have missed events (a reconnection; `reset`: the server could not
 * replay the gap): every view reads its data again. */
export const isResync = (type: string) => type === 'reconnected' || type === 'reset';

/** A question left the public lists; the event carries only its id and team (no question). */
export const isGone = (type: string) => type === 'question.deleted' || type === 'question.rejected';

/** Subscribe to live events while mounted; the latest handler is always used. */
export function useLiveEvents(handler: Handler): void {
  const { subscribe } = useContext(EventsCtx);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => subscribe((ev) => ref.current(ev)), [subscribe]);
}

/** Reconnect delays for the event stream: exponential from 1 s, capped at 30 s, with jitter. */

export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 30000;

/** Delay before reconnect attempt `attempt` (0-based); `rand` in [0,1) adds up to 20 % jitter. */
export function backoffDelay(attempt: number, rand: number = Math.random()): number {
  const exp = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt));
  const r = Math.min(Math.max(rand, 0), 0.999);
  return Math.min(MAX_DELAY_MS, Math.round(exp * (0.8 + 0.4 * r)));
}

/** Normalise an event type: upstream uses "question:created", our server "question.created". */
export function normEventType(t: unknown): string {
  return String(t ?? '').replace(':', '.').replace('presentation.stopped', 'presentation.ended');
}

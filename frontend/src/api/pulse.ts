/** Pulse: my invites and history, summaries, check-in, and the admin settings calls. */
import { del, get, patch, post, put, qs } from './http';
import type { PulseInvite, PulseSummary } from './types';

export const myInvites = async () => (await get<{ invites: PulseInvite[] }>('/pulse/my-invites'))?.invites ?? [];

export interface HistoryWeek { weekStart: string; responseCount: number }
export const myHistory = async (weeks = 4) => (await get<{ history: HistoryWeek[] }>(`/pulse/my-history?weeks=${weeks}`))?.history ?? [];

export const pulseSummary = (range: string, team?: string | null) =>
  get<PulseSummary>(`/pulse/summary${qs({ range, team: team ?? undefined })}`);

/** JSON answer to an invite; served at the root (/pulse/respond), next to the e-mail one-tap page. */
export const respondPulse = (token: string, score: number, comment?: string) =>
  post<{ success: boolean; message?: string; questionText?: string }>('/pulse/respond', { token, score, comment: comment || undefined }, { root: true });

export interface PulseQuestion { id: string; text: string; category: string | null; scale: string; active: boolean; createdAt?: string; responseCount?: number }
export interface PulseSchedule { dayOfWeek: number; timeOfDay: string; rotatingCohorts: boolean; enabled: boolean; timezone?: string; cadence?: string; lastRunAt?: string | null; nextRunAt?: string | null }
export interface Cohort { id: string; name: string; userCount: number; users: { id: string; name?: string | null; email: string }[] }

export const adminPulseQuestions = async () => (await get<{ questions: PulseQuestion[] }>('/admin/pulse/questions'))?.questions ?? [];
export const createPulseQuestion = (q: { text: string; category: string | null; scale: string }) => post('/admin/pulse/questions', q);
export const updatePulseQuestion = (id: string, q: Partial<PulseQuestion>) => patch(`/admin/pulse/questions/${id}`, q);
export const deletePulseQuestion = (id: string) => del(`/admin/pulse/questions/${id}`);
export const getSchedule = async () => (await get<{ schedule: PulseSchedule | null }>('/admin/pulse/schedule'))?.schedule ?? null;
export const saveSchedule = (s: PulseSchedule) => put('/admin/pulse/schedule', {
  dayOfWeek: s.dayOfWeek, timeOfDay: s.timeOfDay, timezone: s.timezone, rotatingCohorts: s.rotatingCohorts, enabled: s.enabled,
});
export const getCohorts = async () => (await get<{ cohorts: Cohort[] }>('/admin/pulse/cohorts'))?.cohorts ?? [];
export const triggerPulse = () => post<{ message?: string; result?: { sent: number; failed: number } }>('/admin/pulse/trigger', {});

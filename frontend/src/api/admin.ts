/** Administration calls: teams, members, users, settings, audit, export, health. */
import { del, get, patch, post, put, qs } from './http';
import type { Role, Team } from './types';

export const createTeam = (t: { name: string; slug: string; description?: string }) => post<Team>('/teams', t);
export const updateTeam = (id: string, t: { name?: string; description?: string; isActive?: boolean }) => put<Team>(`/teams/${id}`, t);
export const deactivateTeam = (id: string) => del(`/teams/${id}`);
export const reactivateTeam = (id: string) => post<Team>(`/teams/${id}/reactivate`);

export interface Member { id?: string; userId: string; role: Role; user: { id: string; email: string; name?: string | null } }
export const teamMembers = async (teamId: string) => (await get<{ members: Member[] }>(`/teams/${teamId}/members`))?.members ?? [];
export const addMember = (teamId: string, userId: string, role: Role) => post(`/teams/${teamId}/members`, { userId, role });
export const setMemberRole = (teamId: string, userId: string, role: Role) => put(`/teams/${teamId}/members/${userId}`, { role });
export const removeMember = (teamId: string, userId: string) => del(`/teams/${teamId}/members/${userId}`);

export interface AdminUser {
  id: string; email: string; name?: string | null; isActive: boolean; createdAt: string; primaryTeamId?: string | null;
  memberships: { teamId: string; role: Role; team: { id?: string; name: string; slug: string; isActive?: boolean } }[];
  _count?: { questions?: number; upvotes?: number };
}
export const adminUsers = async () => (await get<{ users: AdminUser[] }>('/admin/users'))?.users ?? [];
export const setUserActive = (id: string, active: boolean) => patch(`/admin/users/${id}/${active ? 'activate' : 'deactivate'}`);
export const setUserRole = (id: string, teamId: string, role: Role) => patch(`/admin/users/${id}/role`, { teamId, role });
export const addUserToTeam = (id: string, teamId: string, role: Role) => post(`/admin/users/${id}/teams/${teamId}`, { role });
export const removeUserFromTeam = (id: string, teamId: string) => del(`/admin/users/${id}/teams/${teamId}`);

export interface ImportProblem { line: number; field: string; reason: string }
export interface ImportRow { rowNumber: number; email: string; name: string; homeTeam: string; role: string; status: string; errors?: string[]; problems?: ImportProblem[]; action?: string }
export interface ImportResult {
  dryRun: boolean;
  summary: { total: number; valid?: number; errors?: number; toCreate?: number; toUpdate?: number; imported?: number; failed?: number; skipped?: number };
  results?: ImportRow[]; imported?: ImportRow[]; failed?: ImportRow[];
}
export const importUsers = (csvData: string, dryRun: boolean) => post<ImportResult>('/admin/users/import', { csvData, dryRun });

export const getTenant = async () => (await get<{ tenant: { id: string; name: string; slug: string } }>('/admin/settings'))?.tenant;
export const saveTenantName = (name: string) => patch('/admin/settings', { name });
export type TenantSettings = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export const getTenantSettings = async () => (await get<{ settings: TenantSettings }>('/admin/tenant-settings'))?.settings ?? {};
export const saveTenantSettings = (s: TenantSettings) => patch<{ settings: TenantSettings }>('/admin/tenant-settings', s);

export interface AuditLog {
  id: string; action: string; entityType: string; entityId?: string | null; createdAt: string;
  ipAddress?: string | null; metadata?: unknown; user?: { id: string; email: string; name?: string | null } | null;
}
export type AuditFilters = Record<string, string | number | undefined>;
export const auditLogs = (f: AuditFilters) => get<{ logs: AuditLog[]; total: number; limit: number; offset: number }>(`/admin/audit${qs(f)}`);

export type ExportFilters = Record<string, string | string[] | undefined>;
export const exportPreview = (f: ExportFilters) => get<{ count: number; total?: number; preview: unknown[] }>(`/admin/export/preview${qs({ ...f, limit: '100' })}`);

export interface ModStats {
  overall: { totalQuestionsReviewed: number; totalQuestionsAnswered: number; totalQuestionsPinned: number; totalQuestionsFrozen: number; activeModerators: number; avgResponseTime: number | null };
  byModerator: { moderatorId: string; moderatorName?: string | null; moderatorEmail?: string; questionsReviewed: number; questionsAnswered: number; questionsPinned: number; questionsFrozen: number; avgResponseTime: number | null; teamsCount: number }[];
}
export const moderationStats = (f: { teamId?: string; startDate?: string; endDate?: string }) => get<ModStats>(`/admin/stats/moderation${qs(f)}`);

export const adminHealth = () => get<Record<string, any>>('/admin/health'); // eslint-disable-line @typescript-eslint/no-explicit-any
export const emailQueue = () => get<Record<string, any>>('/admin/email-queue'); // eslint-disable-line @typescript-eslint/no-explicit-any
export const rootHealth = () => get<unknown>('/health', { root: true, quiet401: true });

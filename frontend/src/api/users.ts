/** Current user, their teams and preferences; the public tenant settings; auth modes. */
import { get, patch, post, put } from './http';
import { normQuestions, normRole, type Me, type MyTeam, type Team } from './types';

export const getMe = () => get<Me>('/users/me', { quiet401: true });

/** My teams, from /users/me/teams or, failing that, the `teams` embedded in /users/me. */
export async function getMyTeams(me: Me): Promise<{ teams: MyTeam[]; favorites: string[] }> {
  try {
    const r = await get<{ teams?: unknown[]; favorites?: string[] }>('/users/me/teams', { quiet401: true });
    const teams = (r?.teams ?? []).map((t) => normMyTeam(t, r?.favorites ?? []));
    return { teams, favorites: r?.favorites ?? teams.filter((t) => t.isFavorite).map((t) => t.id) };
  } catch {
    const favs = me.preferences?.favoriteTeams ?? [];
    const list = Array.isArray(me.teams) ? me.teams : [];
    return { teams: list.map((t) => normMyTeam(t, favs)), favorites: favs };
  }
}

function normMyTeam(raw: unknown, favorites: string[]): MyTeam {
  const o = raw as Record<string, unknown>;
  // Accept {team, role}, {...team, userRole} and {teamId, teamSlug, teamName, role}.
  const team = (o.team && typeof o.team === 'object' ? o.team
    : o.teamId ? { id: o.teamId, slug: o.teamSlug, name: o.teamName, isActive: o.isActive, description: o.teamDescription ?? null } : o) as Team;
  const role = normRole(o.userRole ?? o.role);
  return { ...team, userRole: role, isFavorite: Boolean(o.isFavorite ?? favorites.includes(team.id)), isDefault: Boolean(o.isDefault) };
}

export const getTeams = async (includeInactive = false) => {
  const r = await get<Team[] | { teams: Team[] }>(`/teams${includeInactive ? '?includeInactive=true' : ''}`);
  return Array.isArray(r) ? r : (r?.teams ?? []);
};

export const myQuestions = async () => normQuestions(await get('/users/me/questions'));
export const myUpvoteCount = async () => (await get<{ count: number }>('/users/me/upvotes/count'))?.count ?? 0;
export const toggleFavorite = (teamId: string) => post<{ isFavorite: boolean }>(`/users/me/teams/${teamId}/favorite`);
export const setPrimaryTeam = (teamId: string) => patch('/users/me/primary-team', { teamId });
export const availableTeams = async () => (await get<{ teams: Team[] }>('/users/me/available-teams'))?.teams ?? [];
export const updatePreferences = (p: { emailNotifications?: boolean }) => put('/users/me/preferences', p);

export interface PublicSettings {
  tenant?: { name?: string; slug?: string };
  theme?: string;
  branding?: { theme?: string; primaryColor?: string | null; accentColor?: string | null; logoUrl?: string | null; faviconUrl?: string | null; welcomeMessage?: string | null; termsUrl?: string | null };
  questions?: { minLength?: number; maxLength?: number };
  pulse?: { anonThreshold?: number };
  features?: Record<string, boolean>;
}
export const getPublicSettings = () => get<PublicSettings>('/settings/public', { quiet401: true });

export interface AuthModes { modes: string[]; demo: { enabled: boolean; users?: string[] }; oauth: { github: boolean; google: boolean } }
export const getAuthModes = () => get<AuthModes>('/auth/modes', { root: true, quiet401: true });
export const logout = () => post('/auth/logout', {}, { root: true, quiet401: true });

export interface SetupStatus { needsSetup: boolean; teamCount?: number; userCount?: number; tenantSlug?: string }
export const setupStatus = () => get<SetupStatus>('/setup/status', { quiet401: true });

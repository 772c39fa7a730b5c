/** Deriving what the UI may show from the user's team memberships (ui.md §4). */
import { ROLE_LEVEL, type MyTeam, type Role } from '../api/types';

export type Scope = 'any' | 'current';

export interface RoleInfo {
  isGlobalAdmin: boolean;
  isOwner: boolean;
  highest: Role | null;
  moderatedTeams: MyTeam[];
  roleIn(teamId: string | null | undefined): Role | null;
  /** Moderator+ in the team, or in `all` (teamId null) moderator+ in any team; admins everywhere. */
  canModerate(teamId: string | null | undefined): boolean;
  /** At least `min` in the given scope: a team id, or null for "any team". */
  atLeast(min: Role, teamId?: string | null): boolean;
}

export function deriveRoles(teams: MyTeam[]): RoleInfo {
  const levels = teams.map((t) => ROLE_LEVEL[t.userRole] ?? 0);
  const max = levels.length ? Math.max(...levels) : -1;
  const highest = (Object.keys(ROLE_LEVEL) as Role[]).find((r) => ROLE_LEVEL[r] === max) ?? null;
  const isGlobalAdmin = max >= ROLE_LEVEL.admin;
  const roleIn = (teamId: string | null | undefined) => teams.find((t) => t.id === teamId)?.userRole ?? null;
  const atLeast = (min: Role, teamId?: string | null) => {
    if (isGlobalAdmin && ROLE_LEVEL[min] <= ROLE_LEVEL.admin) return true;
    if (teamId) {
      const r = roleIn(teamId);
      return r !== null && ROLE_LEVEL[r] >= ROLE_LEVEL[min];
    }
    return max >= ROLE_LEVEL[min];
  };
  return {
    isGlobalAdmin,
    isOwner: max >= ROLE_LEVEL.owner,
    highest,
    moderatedTeams: isGlobalAdmin ? teams : teams.filter((t) => ROLE_LEVEL[t.userRole] >= ROLE_LEVEL.moderator),
    roleIn,
    canModerate: (teamId) => atLeast('moderator', teamId ?? null),
    atLeast,
  };
}

/** Initials for an avatar: first letters of up to two words of the name, else of the e-mail. */
export function initials(name: string | null | undefined, email: string | null | undefined): string {
  const src = (name && name.trim()) || (email ?? '').split('@')[0] || '?';
  const words = src.split(/[\s._-]+/).map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean);
  return words.slice(0, 2).map((w) => w[0]).join('').toUpperCase() || '?';
}

export const ROLE_PILL: Record<Role, string> = {
  owner: 'bg-purple-100 text-purple-800 dark:bg-purple-900/50 dark:text-purple-200',
  admin: 'bg-blue-100 text-blue-800 dark:bg-blue-900/50 dark:text-blue-200',
  moderator: 'bg-green-100 text-green-800 dark:bg-green-900/50 dark:text-green-200',
  member: 'bg-gray-100 text-gray-700 dark:bg-gray-800 dark:text-gray-200',
  viewer: 'bg-yellow-100 text-yellow-800 dark:bg-yellow-900/50 dark:text-yellow-200',
};

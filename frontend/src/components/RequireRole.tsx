/** The one role guard used by every restricted route: skeleton while loading, else Forbidden. */
import type { ReactNode } from 'react';
import { useParams } from 'react-router-dom';
import type { Role } from '../api/types';
import { useUser } from '../auth/UserContext';
import { Forbidden, PageSkeleton } from './Feedback';

interface Props {
  min: Role;
  /** 'any': the role in any team; 'team': the role in the team of the URL (`all` = any team). */
  scope?: 'any' | 'team';
  dark?: boolean;
  children: ReactNode;
}

export function RequireRole({ min, scope = 'any', dark, children }: Props) {
  const { loading, roles, myTeams, allTeams } = useUser();
  const { teamSlug } = useParams();
  if (loading) return dark ? <div className="min-h-screen bg-gray-900" /> : <PageSkeleton />;
  let teamId: string | null = null;
  if (scope === 'team' && teamSlug && teamSlug !== 'all') {
    teamId = (myTeams.find((t) => t.slug === teamSlug) ?? allTeams.find((t) => t.slug === teamSlug))?.id ?? '__none__';
  }
  return roles.atLeast(min, teamId) ? <>{children}</> : <Forbidden dark={dark} />;
}

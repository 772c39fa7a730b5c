/** The current team from the URL: `/{slug}/...`, with `all` meaning the organisation roll-up. */
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useUser } from '../auth/UserContext';
import type { MyTeam, Team } from '../api/types';
import { useToast } from '../components/Toast';

export const TEAM_KEY = 'ama-selected-team';

export interface CurrentTeam {
  slug: string; // team slug or 'all'
  team: (Team | MyTeam) | null; // null in `all`
  teamId: string | null;
  name: string; // team name or "All Teams"
  ready: boolean; // teams loaded and slug resolved
}

/** Resolve the slug; an unknown slug redirects to /all/dashboard with a toast. */
export function useCurrentTeam(): CurrentTeam {
  const { teamSlug = 'all' } = useParams();
  const { myTeams, allTeams, loading } = useUser();
  const navigate = useNavigate();
  const toast = useToast();
  const slug = teamSlug.toLowerCase();
  const team = slug === 'all' ? null : (myTeams.find((t) => t.slug === slug) ?? allTeams.find((t) => t.slug === slug) ?? null);
  const ready = !loading;
  const unknown = ready && slug !== 'all' && team === null;

  useEffect(() => {
    if (unknown) {
      toast.error('Team not found');
      navigate('/all/dashboard', { replace: true });
    }
  }, [unknown]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (ready && !unknown) {
      try { window.localStorage.setItem(TEAM_KEY, slug); } catch { /* ignore */ }
    }
  }, [ready, unknown, slug]);

  return { slug, team, teamId: team?.id ?? null, name: team?.name ?? 'All Teams', ready: ready && !unknown };
}

/** The last team the user looked at (for links outside team pages). */
export function rememberedSlug(fallback = 'all'): string {
  try { return window.localStorage.getItem(TEAM_KEY) || fallback; } catch { return fallback; }
}

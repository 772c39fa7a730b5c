/** The signed-in user, their teams and the tenant's teams; derived roles; sign-out. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { onUnauthorized, resetCsrf } from '../api/http';
import type { Me, MyTeam, Team } from '../api/types';
import { getMe, getMyTeams, getTeams, logout, myQuestions, toggleFavorite as apiToggleFavorite } from '../api/users';
import { deriveRoles, type RoleInfo } from './roles';

interface Ctx {
  loading: boolean;
  me: Me | null;
  myTeams: MyTeam[];
  allTeams: Team[];
  favorites: string[];
  roles: RoleInfo;
  homeTeam: MyTeam | Team | null;
  isDemo: boolean;
  refresh(): Promise<void>;
  refreshTeams(): Promise<void>;
  toggleFavorite(teamId: string): Promise<boolean>;
  signOut(): Promise<void>;
  /** Re-read every team's open-question count (one GET /teams). */
  refreshOpenCounts(): Promise<void>;
  /** Ids of my own questions (anonymous lists carry no author, so the UI needs this to disable upvotes). */
  ownQuestionIds: Set<string>;
  addOwnQuestion(id: string): void;
}

const UserCtx = createContext<Ctx | null>(null);

function sortTeams(teams: MyTeam[], homeId: string | null | undefined): MyTeam[] {
  return [...teams].sort((a, b) => {
    const rank = (t: MyTeam) => (t.id === homeId ? 0 : t.isFavorite ? 1 : 2);
    return rank(a) - rank(b) || a.name.localeCompare(b.name);
  });
}

export function UserProvider({ children }: { children: ReactNode }) {
  const [loading, setLoading] = useState(true);
  const [me, setMe] = useState<Me | null>(null);
  const [myTeams, setMyTeams] = useState<MyTeam[]>([]);
  const [allTeams, setAllTeams] = useState<Team[]>([]);
  const [favorites, setFavorites] = useState<string[]>([]);
  const [ownQuestionIds, setOwn] = useState<Set<string>>(new Set());
  const navigate = useNavigate();
  const location = useLocation();

  const loadTeams = useCallback(async (user: Me) => {
    const [mine, all] = await Promise.all([getMyTeams(user), getTeams().catch(() => [] as Team[])]);
    // /teams counts open questions; /users/me/teams counts all statuses: prefer the open count.
    const openCount = new Map(all.map((t) => [t.id, t._count]));
    setMyTeams(sortTeams(mine.teams.map((t) => (openCount.has(t.id) ? { ...t, _count: { ...t._count, ...openCount.get(t.id) } } : t)), user.primaryTeamId));
    setFavorites(mine.favorites);
    setAllTeams(all);
    myQuestions().then((l) => setOwn(new Set(l.map((q) => q.id)))).catch(() => undefined);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const user = await getMe();
      setMe(user);
      await loadTeams(user);
    } catch {
      setMe(null);
      setMyTeams([]);
    } finally {
      setLoading(false);
    }
  }, [loadTeams]);

  useEffect(() => {
    if (location.pathname === '/login') setLoading(false);
    else void refresh();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // Any 401 from an authenticated call: forget the user and go to /login, keeping the deep link.
  useEffect(() => {
    onUnauthorized(() => {
      setMe(null);
      const here = window.location.pathname + window.location.search;
      if (!window.location.pathname.startsWith('/login')) navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    });
    return () => onUnauthorized(null);
  }, [navigate]);

  const toggleFavorite = useCallback(async (teamId: string) => {
    const r = await apiToggleFavorite(teamId);
    const fav = Boolean(r?.isFavorite);
    setFavorites((f) => (fav ? [...new Set([...f, teamId])] : f.filter((x) => x !== teamId)));
    setMyTeams((ts) => sortTeams(ts.map((t) => (t.id === teamId ? { ...t, isFavorite: fav } : t)), me?.primaryTeamId));
    return fav;
  }, [me?.primaryTeamId]);

  const signOut = useCallback(async () => {
    try { await logout(); } catch { /* sign out locally anyway */ }
    resetCsrf();
    try { window.sessionStorage.removeItem('pulsestage-demo-banner-dismissed'); } catch { /* ignore */ }
    window.location.assign('/login');
  }, []);

  const refreshOpenCounts = useCallback(async () => {
    const all = await getTeams().catch(() => null);
    if (!all) return;
    const open = new Map(all.map((t) => [t.id, t._count?.questions]));
    const apply = <T extends Team>(t: T): T => (open.get(t.id) === undefined ? t : { ...t, _count: { ...t._count, questions: open.get(t.id)! } });
    setAllTeams((ts) => ts.map(apply));
    setMyTeams((ts) => ts.map(apply));
  }, []);

  const addOwnQuestion = useCallback((id: string) => setOwn((s) => new Set(s).add(id)), []);

  const value = useMemo<Ctx>(() => {
    const homeTeam = myTeams.find((t) => t.id === me?.primaryTeamId) ?? me?.primaryTeam ?? allTeams.find((t) => t.id === me?.primaryTeamId) ?? null;
    const isDemo = Boolean(me && (me.authProvider === 'demo' || me.isDemo));
    return {
      loading, me, myTeams, allTeams, favorites, roles: deriveRoles(myTeams), homeTeam, isDemo,
      refresh, refreshTeams: async () => { if (me) await loadTeams(me); }, toggleFavorite, signOut,
      refreshOpenCounts, ownQuestionIds, addOwnQuestion,
    };
  }, [loading, me, myTeams, allTeams, favorites, refresh, loadTeams, toggleFavorite, signOut, refreshOpenCounts, ownQuestionIds, addOwnQuestion]);

  return <UserCtx.Provider value={value}>{children}</UserCtx.Provider>;
}

export function useUser(): Ctx {
  const c = useContext(UserCtx);
  if (!c) throw new Error('useUser outside UserProvider');
  return c;
}

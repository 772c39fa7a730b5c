/** Profile: home team, memberships and favourites, preferences, and my questions (ui.md §8.8). */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { myQuestions, setPrimaryTeam, updatePreferences } from '../../api/users';
import type { Question } from '../../api/types';
import { initials, ROLE_PILL } from '../../auth/roles';
import { useUser } from '../../auth/UserContext';
import { Tabs } from '../../components/Tabs';
import { ModeChoice } from '../../components/ThemeToggle';
import { useToast } from '../../components/Toast';
import { setTitle } from '../../config';
import { MyQuestions } from './MyQuestions';

export function ProfilePage({ tab }: { tab: 'overview' | 'questions' }) {
  const { me, myTeams, favorites, homeTeam, toggleFavorite, refresh } = useUser();
  const navigate = useNavigate();
  const toast = useToast();
  const [questions, setQuestions] = useState<Question[] | null>(null);
  const [emailOn, setEmailOn] = useState<boolean>(me?.preferences?.emailNotifications ?? true);

  useEffect(() => setTitle('Profile'), []);
  useEffect(() => { myQuestions().then(setQuestions).catch(() => setQuestions([])); }, []);
  if (!me) return null;

  const setHome = async (id: string, name: string) => {
    try {
      await setPrimaryTeam(id);
      await refresh();
      toast.success(`${name} is now your home team`);
      window.scrollTo({ top: 0 });
    } catch (e) { toast.error((e as Error).message); }
  };
  const star = async (id: string) => {
    try { await toggleFavorite(id); } catch (e) { toast.error((e as Error).message); }
  };
  const setEmail = async (v: boolean) => {
    setEmailOn(v);
    try { await updatePreferences({ emailNotifications: v }); toast.success('Preferences saved'); }
    catch (e) { setEmailOn(!v); toast.error((e as Error).message); }
  };

  return (
    <div className="page max-w-6xl space-y-6">
      <header className="card flex flex-wrap items-center gap-4 p-6">
        <span className="flex h-16 w-16 items-center justify-center rounded-full bg-theme-primary text-2xl font-bold text-theme-on-primary" aria-hidden="true">{initials(me.name, me.email)}</span>
        <div className="min-w-0 flex-1">
          <h1 className="h1">{me.name || 'User Profile'}</h1>
          <p className="muted">{me.email}</p>
          <p className="text-sm muted">{myTeams.length} team{myTeams.length === 1 ? '' : 's'} • {favorites.length} favorite{favorites.length === 1 ? '' : 's'}</p>
        </div>
        {homeTeam && <div className="text-right"><p className="text-xs muted">Home Team</p><p className="font-semibold"><span aria-hidden="true">🏠 </span>{homeTeam.name}</p></div>}
      </header>
      <Tabs label="Profile sections" active={tab} onChange={(t) => navigate(t === 'overview' ? '/profile' : '/profile/questions')}
        tabs={[{ id: 'overview', label: 'Overview' }, { id: 'questions', label: `My Questions (${questions?.length ?? 0})` }]} />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'questions' ? <MyQuestions questions={questions} /> : (
          <div className="space-y-8">
            <h2 className="text-xl font-bold">Profile Overview</h2>
            <section aria-labelledby="home-h">
              <h3 id="home-h" className="h2"><span aria-hidden="true">🏠 </span>Home Team</h3>
              <p className="mb-3 text-sm muted">Your home team decides which weekly pulse surveys you receive and which team you see first.</p>
              {homeTeam ? (
                <div className="flex flex-wrap items-center gap-4 rounded-lg border border-blue-200 bg-blue-50 p-4 dark:border-blue-800 dark:bg-blue-950/40">
                  <span className="text-2xl" aria-hidden="true">🏠</span>
                  <div className="flex-1"><p className="font-semibold">{homeTeam.name}</p><p className="text-sm muted">{homeTeam.description || 'Your current home team'}</p></div>
                  <a href="#memberships" className="btn-link">Change Home Team</a>
                </div>
              ) : <p className="rounded-lg bg-gray-100 p-4 text-sm dark:bg-gray-800">No home team is set yet — choose one below.</p>}
            </section>
            <section aria-labelledby="memberships">
              <h3 id="memberships" className="h2">Team Memberships</h3>
              <p className="mb-3 text-sm muted">Star teams to keep them at the top of the team selector; set one as your home team.</p>
              <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
                {myTeams.map((t) => {
                  const home = t.id === me.primaryTeamId;
                  return (
                    <li key={t.id} className="card flex flex-col gap-2 p-4">
                      <p className="flex flex-wrap items-center gap-2 font-semibold">{t.name}{home && <span aria-label="Home team">🏠</span>}<span className={`pill ${ROLE_PILL[t.userRole]}`}>{t.userRole}</span></p>
                      {t.description && <p className="text-sm muted">{t.description}</p>}
                      <p className="text-xs muted">{t._count?.questions ?? 0} questions</p>
                      <div className="mt-auto flex flex-wrap gap-2 pt-2">
                        <button type="button" className={`btn border ${t.isFavorite ? 'border-yellow-400 bg-yellow-50 text-yellow-800 dark:bg-yellow-900/40 dark:text-yellow-100' : 'border-theme-border'}`} aria-pressed={t.isFavorite} onClick={() => void star(t.id)}>
                          {t.isFavorite ? '★ Favorited' : '☆ Favorite'}
                        </button>
                        <button type="button" className="btn-secondary" disabled={home} onClick={() => void setHome(t.id, t.name)}>{home ? '🏠 Home Team' : 'Set as Home Team'}</button>
                      </div>
                    </li>
                  );
                })}
              </ul>
            </section>
            <section aria-labelledby="prefs-h" className="card space-y-4 p-4">
              <h3 id="prefs-h" className="h2">Preferences</h3>
              <ModeChoice />
              <label className="flex items-center gap-3 text-sm">
                <input type="checkbox" className="h-5 w-5" checked={emailOn} onChange={(e) => void setEmail(e.target.checked)} />
                E-mail me when one of my questions is answered
              </label>
            </section>
          </div>
        )}
      </div>
    </div>
  );
}

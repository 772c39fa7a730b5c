/** Choose your home team (shown once to signed-in users without one; ui.md §8.2). */
import { useEffect, useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { availableTeams, setPrimaryTeam } from '../api/users';
import type { Team } from '../api/types';
import { useUser } from '../auth/UserContext';
import { FullScreenSpinner, Spinner } from '../components/Feedback';
import { setTitle } from '../config';

export function OnboardingPage() {
  const { me, loading, refresh } = useUser();
  const navigate = useNavigate();
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [pick, setPick] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () => {
    setError(null);
    availableTeams().then((t) => {
      const active = t.filter((x) => x.isActive !== false);
      setTeams(active);
      setPick((active.find((x) => x.slug !== 'general') ?? active[0])?.id ?? '');
    }).catch(() => setError('We could not load the teams. Please try again.'));
  };
  useEffect(() => { setTitle('Choose Your Home Team'); load(); }, []);
  if (loading) return <FullScreenSpinner />;
  if (!me) return <Navigate to="/login?next=/onboarding" replace />;

  const confirm = async () => {
    setBusy(true);
    try {
      await setPrimaryTeam(pick);
      await refresh();
      navigate(`/${teams?.find((t) => t.id === pick)?.slug ?? 'all'}/dashboard`, { replace: true });
    } catch {
      setError('Saving your choice failed. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="min-h-screen bg-theme-bg px-4 py-12 text-theme-text">
      <div className="mx-auto max-w-md">
        <h1 className="text-center text-3xl font-bold">Choose Your Home Team</h1>
        <p className="mt-2 text-center muted">Your home team decides which pulse surveys you receive and what you see first.</p>
        <div className="card mt-6 p-5">
          {error && <div role="alert" className="mb-3 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-200">{error}{!teams && <button type="button" className="btn-link ml-2" onClick={load}>Retry</button>}</div>}
          {!teams && !error ? <Spinner label="Loading teams..." /> : teams && !teams.length ? <p className="text-sm">There are no teams yet. Please contact your administrator.</p> : teams && (
            <fieldset>
              <legend className="label">Select your home team</legend>
              <div className="space-y-2">{teams.map((t) => (
                <label key={t.id} className={`flex cursor-pointer gap-3 rounded-lg border p-3 ${pick === t.id ? 'border-blue-500 bg-blue-50 dark:bg-blue-950/40' : 'border-theme-border'}`}>
                  <input type="radio" name="home" className="mt-1" checked={pick === t.id} onChange={() => setPick(t.id)} />
                  <span><span className="font-semibold">{t.name}</span>{t.slug === 'general' && <span className="pill ml-2 bg-gray-100 text-gray-700 dark:bg-gray-800 dark:text-gray-200">Default</span>}
                    {t.description && <span className="block text-sm muted">{t.description}</span>}</span>
                </label>
              ))}</div>
              <button type="button" className="btn-primary mt-4 w-full" disabled={!pick || busy} onClick={() => void confirm()}>{busy ? 'Confirming...' : 'Continue to Dashboard'}</button>
            </fieldset>
          )}
        </div>
        <p className="mt-4 text-center text-xs muted">You can change this later in your profile.</p>
        <div className="mt-4 rounded-lg bg-blue-50 p-4 text-sm text-blue-900 dark:bg-blue-950/40 dark:text-blue-100">
          <p className="font-semibold">What is a home team?</p><p>It is the team you belong to day to day: its weekly pulse comes to you, and its dashboard opens first.</p>
        </div>
      </div>
    </main>
  );
}

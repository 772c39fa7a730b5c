/** Sign-in page driven by /auth/modes: demo personas, GitHub / Google, tenant branding (ui.md §8.1). */
import { useEffect, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router-dom';
import { getAuthModes, type AuthModes } from '../api/users';
import { useUser } from '../auth/UserContext';
import { config, setTitle } from '../config';
import { useSettings } from '../theme/SettingsContext';
import { safeNext } from '../teams/slug';
import { Spinner } from '../components/Feedback';

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function LoginPage() {
  const [params, setParams] = useSearchParams();
  const { me } = useUser();
  const { settings, tenantName } = useSettings();
  const [modes, setModes] = useState<AuthModes | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [oauthError, setOauthError] = useState<string | null>(params.get('error'));
  const [pick, setPick] = useState('');
  const next = safeNext(params.get('next'));

  const load = () => {
    setError(null);
    getAuthModes().then((m) => { setModes(m); setPick(m.demo?.users?.[0] ?? ''); }).catch((e) => setError(e.message || 'Could not load sign-in options'));
  };
  useEffect(() => { setTitle('Sign In'); load(); }, []);
  useEffect(() => {
    if (params.get('error')) { params.delete('error'); setParams(params, { replace: true }); }
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  if (me) return <Navigate to={next} replace />;

  const tenant = settings?.tenant?.slug || config.tenant;
  const demoHref = (u: string) => `/auth/demo?user=${encodeURIComponent(u)}&tenant=${encodeURIComponent(tenant)}&redirect=${encodeURIComponent(next)}`;
  const demoUsers = modes?.demo?.enabled ? (modes.demo.users ?? []) : [];
  const oauth = modes?.oauth ?? { github: false, google: false };
  const nothing = modes && !modes.demo?.enabled && !oauth.github && !oauth.google;
  const logo = settings?.branding?.logoUrl;
  const welcome = settings?.branding?.welcomeMessage;
  const terms = settings?.branding?.termsUrl;

  return (
    <div className="min-h-screen bg-gradient-to-br from-blue-50 to-indigo-100 px-4 py-12 dark:from-gray-900 dark:to-gray-800">
      {oauthError && (
        <div role="alert" className="fixed left-1/2 top-4 z-50 flex w-[min(32rem,90vw)] -translate-x-1/2 items-start gap-3 rounded-lg border border-red-300 bg-red-50 p-4 text-red-800 shadow-lg dark:bg-red-950 dark:text-red-100">
          <div className="flex-1"><p className="font-semibold">Authentication Error</p><p className="text-sm">{oauthError}</p></div>
          <button type="button" onClick={() => setOauthError(null)} aria-label="Dismiss error">✕</button>
        </div>
      )}
      <main className="mx-auto max-w-md">
        <div className="mb-8 text-center">
          {logo ? <img src={logo} alt="" className="mx-auto mb-3 h-16 w-auto" /> : <img src="/brand/pulsestage-icon-dark.svg" alt="" className="mx-auto mb-3 h-14 w-14" />}
          <h1 className="text-4xl font-extrabold text-gray-900 dark:text-white">{tenantName}</h1>
          <p className="mt-2 text-gray-600 dark:text-gray-300">{welcome || 'Anonymous Q&A and weekly pulse checks for your whole organisation.'}</p>
        </div>
        <div className="rounded-xl border border-theme-border bg-white p-6 shadow-lg dark:bg-gray-900">
          <h2 className="mb-4 text-xl font-bold text-gray-900 dark:text-white">Sign In</h2>
          {!modes && !error && <Spinner />}
          {error && (
            <div role="alert" className="text-center">
              <p className="text-3xl" aria-hidden="true">⛔</p>
              <p className="font-semibold text-red-700 dark:text-red-300">Authentication Error</p>
              <p className="text-sm text-gray-600 dark:text-gray-300">{error}</p>
              <button type="button" className="btn-primary mt-3" onClick={load}>Retry</button>
            </div>
          )}
          {nothing && <p className="text-sm text-gray-700 dark:text-gray-300">Sign-in is not configured on this server yet. Please contact your administrator.</p>}
          {demoUsers.length > 0 && (
            <section className="rounded-lg border border-blue-200 bg-blue-50 p-4 dark:border-blue-800 dark:bg-blue-950/40" aria-labelledby="demo-h">
              <h3 id="demo-h" className="flex items-center gap-2 font-semibold text-blue-900 dark:text-blue-100"><span aria-hidden="true">⚡</span>Try Demo</h3>
              <p className="mb-3 text-sm text-blue-800 dark:text-blue-200">Instant access, no password needed.</p>
              {demoUsers.length <= 4 ? (
                <div className="grid gap-2">
                  {demoUsers.map((u) => <a key={u} href={demoHref(u)} className="btn w-full bg-blue-600 text-white hover:bg-blue-700">Continue as {cap(u)}</a>)}
                </div>
              ) : (
                <div className="space-y-2">
                  <label htmlFor="demo-user" className="label">Demo user</label>
                  <select id="demo-user" className="input" value={pick} onChange={(e) => setPick(e.target.value)}>
                    {demoUsers.map((u) => <option key={u} value={u}>{cap(u)} (Demo)</option>)}
                  </select>
                  <a href={demoHref(pick)} className="btn w-full bg-blue-600 text-white hover:bg-blue-700">Continue as {pick}</a>
                </div>
              )}
            </section>
          )}
          {(oauth.github || oauth.google) && (
            <div className="mt-4 space-y-2">
              {demoUsers.length > 0 && <div className="my-4 flex items-center gap-3 text-xs text-gray-500 dark:text-gray-400"><span className="h-px flex-1 bg-gray-300" />Or sign in with<span className="h-px flex-1 bg-gray-300" /></div>}
              {oauth.github && <a href="/auth/github" className="btn w-full border border-gray-300 bg-white text-gray-900 hover:bg-gray-50 dark:bg-gray-800 dark:text-white"><GitHubMark />Sign in with GitHub</a>}
              {oauth.google && <a href="/auth/google" className="btn w-full border border-gray-300 bg-white text-gray-900 hover:bg-gray-50 dark:bg-gray-800 dark:text-white"><GoogleMark />Sign in with Google</a>}
            </div>
          )}
        </div>
        <footer className="mt-6 space-y-1 text-center text-xs text-gray-500 dark:text-gray-400">
          {modes?.demo?.enabled && <p><span aria-hidden="true">ℹ️ </span>Demo data is reset every day.</p>}
          {terms && <p>By signing in you agree to the <a className="underline" href={terms}>Terms of Service</a>.</p>}
          {config.version && <p>PulseStage {config.version}</p>}
        </footer>
      </main>
    </div>
  );
}

function GitHubMark() {
  return (
    <svg viewBox="0 0 16 16" className="h-5 w-5" aria-hidden="true" fill="currentColor">
      <path d="M8 0C3.58 0 0 3.58 0 8c0 3.54 2.29 6.53 5.47 7.59.4.07.55-.17.55-.38 0-.19-.01-.82-.01-1.49-2.01.37-2.53-.49-2.69-.94-.09-.23-.48-.94-.82-1.13-.28-.15-.68-.52-.01-.53.63-.01 1.08.58 1.23.82.72 1.21 1.87.87 2.33.66.07-.52.28-.87.51-1.07-1.78-.2-3.64-.89-3.64-3.95 0-.87.31-1.59.82-2.15-.08-.2-.36-1.02.08-2.12 0 0 .67-.21 2.2.82.64-.18 1.32-.27 2-.27.68 0 1.36.09 2 .27 1.53-1.04 2.2-.82 2.2-.82.44 1.1.16 1.92.08 2.12.51.56.82 1.27.82 2.15 0 3.07-1.87 3.75-3.65 3.95.29.25.54.73.54 1.48 0 1.07-.01 1.93-.01 2.2 0 .21.15.46.55.38A8.013 8.013 0 0016 8c0-4.42-3.58-8-8-8z" />
    </svg>
  );
}

function GoogleMark() {
  return (
    <svg viewBox="0 0 48 48" className="h-5 w-5" aria-hidden="true">
      <path fill="#EA4335" d="M24 9.5c3.5 0 6.6 1.2 9 3.5l6.7-6.7C35.6 2.4 30.2 0 24 0 14.6 0 6.6 5.4 2.7 13.2l7.8 6.1C12.4 13.6 17.7 9.5 24 9.5z" />
      <path fill="#4285F4" d="M46.1 24.5c0-1.6-.1-3.1-.4-4.5H24v8.5h12.4c-.5 2.9-2.2 5.3-4.6 6.9l7.4 5.7c4.3-4 6.9-9.9 6.9-16.6z" />
      <path fill="#FBBC05" d="M10.5 28.7c-.5-1.4-.8-3-.8-4.7s.3-3.2.8-4.7l-7.8-6.1C1 16.6 0 20.2 0 24s1 7.4 2.7 10.8l7.8-6.1z" />
      <path fill="#34A853" d="M24 48c6.5 0 11.9-2.1 15.9-5.8l-7.4-5.7c-2.1 1.4-4.8 2.3-8.5 2.3-6.3 0-11.6-4.1-13.5-9.8l-7.8 6.1C6.6 42.6 14.6 48 24 48z" />
    </svg>
  );
}

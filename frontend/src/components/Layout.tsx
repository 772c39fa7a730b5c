/** Signed-in shell: auth guard, onboarding redirect, navbar, demo banner, page, focus on navigation. */
import { useEffect, useRef } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import { useUser } from '../auth/UserContext';
import { config } from '../config';
import { DemoBanner } from './DemoBanner';
import { PageSkeleton } from './Feedback';
import { Navbar } from './Navbar';

const ONBOARD_KEY = 'pulsestage-onboarding-offered';

export function Layout() {
  const { loading, me, isDemo } = useUser();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const demoParam = useRef(new URLSearchParams(location.search).get('demo') === 'true');

  useEffect(() => {
    // The demo login lands with ?demo=true: remember it and clean the address bar.
    const sp = new URLSearchParams(window.location.search);
    if (sp.get('demo') === 'true') {
      sp.delete('demo');
      const q = sp.toString();
      window.history.replaceState(window.history.state, '', window.location.pathname + (q ? `?${q}` : ''));
    }
  }, []);

  useEffect(() => {
    // Move focus to the page heading after navigation (screen readers announce the new page).
    const h = main.current?.querySelector<HTMLElement>('h1');
    if (h) { h.tabIndex = -1; h.focus({ preventScroll: true }); }
  }, [location.pathname]);

  if (loading) return <><div className="h-16 border-b border-theme-border bg-theme-surface" /><PageSkeleton /></>;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  let offerOnboarding = false;
  if (!me.primaryTeamId && location.pathname !== '/pulse/check-in') {
    try {
      offerOnboarding = window.sessionStorage.getItem(ONBOARD_KEY) !== '1';
      if (offerOnboarding) window.sessionStorage.setItem(ONBOARD_KEY, '1');
    } catch { /* ignore */ }
  }
  if (offerOnboarding) return <Navigate to="/onboarding" replace />;

  // Demo-ness comes from the session (authProvider on /users/me) or, failing that, from the
  // server running with demo sign-in enabled (such an instance is a demo whose data resets).
  const showDemo = isDemo || demoParam.current || config.auth.demo;
  return (
    <div className="min-h-screen bg-theme-bg text-theme-text">
      <a href="#main" className="sr-only-focusable fixed left-2 top-2 z-[80] rounded bg-theme-primary px-3 py-2 text-theme-on-primary">Skip to content</a>
      <Navbar />
      {showDemo && <DemoBanner />}
      <main id="main" ref={main} className="pb-16"><Outlet /></main>
    </div>
  );
}

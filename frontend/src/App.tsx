/** Providers and the route table (ui.md §2). */
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useParams } from 'react-router-dom';
import { setupStatus } from './api/users';
import { UserProvider, useUser } from './auth/UserContext';
import { FullScreenSpinner, NotFound, PageSkeleton } from './components/Feedback';
import { Layout } from './components/Layout';
import { RequireRole } from './components/RequireRole';
import { ToastProvider } from './components/Toast';
import { EventsProvider } from './live/EventsContext';
import { OpenCountSync } from './live/OpenCountSync';
import { PresentationProvider } from './live/PresentationContext';
import { DashboardPage } from './pages/Dashboard/Dashboard.page';
import { LoginPage } from './pages/Login';
import { QuestionDetailPage } from './pages/QuestionDetail/QuestionDetail.page';
import { QuestionsPage } from './pages/Questions/Questions.page';
import { SubmitPage } from './pages/Submit/Submit.page';
import { SettingsProvider } from './theme/SettingsContext';

const OnboardingPage = lazy(() => import('./pages/Onboarding').then((m) => ({ default: m.OnboardingPage })));
const ProfilePage = lazy(() => import('./pages/Profile/Profile.page').then((m) => ({ default: m.ProfilePage })));
const PulseDashboardPage = lazy(() => import('./pages/Pulse/PulseDashboard.page').then((m) => ({ default: m.PulseDashboardPage })));
const PulseCheckInPage = lazy(() => import('./pages/Pulse/PulseCheckIn.page').then((m) => ({ default: m.PulseCheckInPage })));
const PresentationPage = lazy(() => import('./pages/Presentation/Presentation.page').then((m) => ({ default: m.PresentationPage })));
const ModeratorDashboardPage = lazy(() => import('./pages/Moderator/ModeratorDashboard.page').then((m) => ({ default: m.ModeratorDashboardPage })));
const ModerationQueuePage = lazy(() => import('./pages/Moderator/Queue.page').then((m) => ({ default: m.ModerationQueuePage })));
const ModerationStatsPage = lazy(() => import('./pages/Moderator/Stats.page').then((m) => ({ default: m.ModerationStatsPage })));
const ExportPage = lazy(() => import('./pages/Moderator/Export.page').then((m) => ({ default: m.ExportPage })));
const AdminPage = lazy(() => import('./pages/Admin/Admin.page').then((m) => ({ default: m.AdminPage })));
const AuditPage = lazy(() => import('./pages/Admin/Audit.page').then((m) => ({ default: m.AuditStandalonePage })));
const HealthPage = lazy(() => import('./pages/Admin/Health.page').then((m) => ({ default: m.HealthPage })));
const PulseSettingsPage = lazy(() => import('./pages/Admin/PulseSettings.page').then((m) => ({ default: m.PulseSettingsStandalonePage })));
const SetupWizard = lazy(() => import('./pages/Setup/SetupWizard').then((m) => ({ default: m.SetupWizard })));

/** `/` → the home team's dashboard, else the roll-up. */
function SmartRedirect({ page = 'dashboard' }: { page?: string }) {
  const { homeTeam, loading } = useUser();
  if (loading) return <PageSkeleton />;
  return <Navigate to={`/${homeTeam?.slug ?? 'all'}/${page}`} replace />;
}

function TeamRedirect({ to }: { to: (slug: string) => string }) {
  const { teamSlug = 'all' } = useParams();
  const { search } = useLocation();
  return <Navigate to={to(teamSlug) + (to(teamSlug).includes('?') ? '' : search)} replace />;
}

const lazyPage = (node: ReactNode) => <Suspense fallback={<PageSkeleton />}>{node}</Suspense>;
const mod = (node: ReactNode) => <RequireRole min="moderator">{lazyPage(node)}</RequireRole>;
const admin = (node: ReactNode) => <RequireRole min="admin">{lazyPage(node)}</RequireRole>;

function LiveProviders({ children }: { children: ReactNode }) {
  const { me } = useUser();
  return <EventsProvider enabled={Boolean(me)}><OpenCountSync /><PresentationProvider enabled={Boolean(me)}>{children}</PresentationProvider></EventsProvider>;
}

function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/onboarding" element={lazyPage(<OnboardingPage />)} />
      <Route path="/:teamSlug/open/present" element={<RequireRole min="moderator" scope="team" dark>{lazyPage(<PresentationPage />)}</RequireRole>} />
      <Route path="/:teamSlug/presentation" element={<TeamRedirect to={(s) => `/${s}/open/present`} />} />
      <Route element={<Layout />}>
        <Route path="/" element={<SmartRedirect />} />
        <Route path="/open" element={<SmartRedirect page="questions?view=open" />} />
        <Route path="/answered" element={<SmartRedirect page="questions?view=answered" />} />
        <Route path="/moderator" element={mod(<ModeratorDashboardPage />)} />
        <Route path="/moderator/queue" element={mod(<ModerationQueuePage />)} />
        <Route path="/moderator/stats" element={admin(<ModerationStatsPage />)} />
        <Route path="/moderator/export" element={admin(<ExportPage />)} />
        <Route path="/admin" element={admin(<AdminPage />)} />
        <Route path="/admin/login" element={<Navigate to="/admin" replace />} />
        <Route path="/admin/audit" element={admin(<AuditPage />)} />
        <Route path="/admin/health" element={admin(<HealthPage />)} />
        <Route path="/admin/pulse/settings" element={admin(<PulseSettingsPage />)} />
        <Route path="/pulse/check-in" element={lazyPage(<PulseCheckInPage />)} />
        <Route path="/profile" element={lazyPage(<ProfilePage tab="overview" />)} />
        <Route path="/profile/questions" element={lazyPage(<ProfilePage tab="questions" />)} />
        <Route path="/questions/:id" element={<QuestionDetailPage />} />
        <Route path="/:teamSlug" element={<SubmitPage />} />
        <Route path="/:teamSlug/dashboard" element={<DashboardPage />} />
        <Route path="/:teamSlug/questions" element={<QuestionsPage />} />
        <Route path="/:teamSlug/pulse/dashboard" element={lazyPage(<PulseDashboardPage />)} />
        <Route path="/:teamSlug/open" element={<TeamRedirect to={(s) => `/${s}/questions?view=open`} />} />
        <Route path="/:teamSlug/answered" element={<TeamRedirect to={(s) => `/${s}/questions?view=answered`} />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const [setup, setSetup] = useState<'checking' | 'needed' | 'done'>('checking');
  useEffect(() => {
    setupStatus().then((s) => setSetup(s?.needsSetup ? 'needed' : 'done')).catch(() => setSetup('done'));
  }, []);
  return (
    <SettingsProvider>
      <ToastProvider>
        {setup === 'checking' && <FullScreenSpinner />}
        {setup === 'needed' && <Suspense fallback={<FullScreenSpinner />}><SetupWizard onDone={() => window.location.assign('/')} /></Suspense>}
        {setup === 'done' && (
          <BrowserRouter>
            <UserProvider><LiveProviders><AppRoutes /></LiveProviders></UserProvider>
          </BrowserRouter>
        )}
      </ToastProvider>
    </SettingsProvider>
  );
}

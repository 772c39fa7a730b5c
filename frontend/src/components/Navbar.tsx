/** Sticky top navigation: logo, team selector, nav links, theme toggle, user menu; a sheet on phones. */
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { useUser } from '../auth/UserContext';
import { useSettings } from '../theme/SettingsContext';
import { STATIC_FIRST } from '../teams/slug';
import { rememberedSlug } from '../teams/useTeam';
import { TeamSelector } from './TeamSelector';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu, useMenuItems } from './UserMenu';


/** The team slug of the current URL, or the remembered one on non-team pages. */
export function slugFromPath(pathname: string, remembered: string): string {
  const first = pathname.split('/').filter(Boolean)[0];
  return first && !STATIC_FIRST.has(first) ? first.toLowerCase() : remembered;
}

export function Logo({ small = false }: { small?: boolean }) {
  const { mode, settings } = useSettings();
  const custom = settings?.branding?.logoUrl;
  const src = custom || (small ? `/brand/pulsestage-icon-${mode === 'dark' ? 'light' : 'dark'}.svg` : `/brand/pulsestage-wordmark-${mode === 'dark' ? 'light' : 'dark'}.svg`);
  return <img src={src} alt={settings?.tenant?.name || 'PulseStage'} className={small ? 'h-9 w-9' : 'h-10 w-auto sm:h-12'} />;
}

export function Navbar() {
  const { pathname } = useLocation();
  const { myTeams, allTeams, signOut } = useUser();
  const [sheet, setSheet] = useState(false);
  const slug = slugFromPath(pathname, rememberedSlug());
  const teamId = (myTeams.find((t) => t.slug === slug) ?? allTeams.find((t) => t.slug === slug))?.id ?? null;
  const menuItems = useMenuItems(teamId);
  useEffect(() => setSheet(false), [pathname]);

  const rest = pathname.split('/').slice(2).join('/');
  const links = [
    { to: `/${slug}/dashboard`, label: 'Dashboard', icon: '📊', active: rest === 'dashboard' || pathname === '/' },
    { to: `/${slug}/questions`, label: 'Questions', icon: '💬', active: rest === 'questions' || pathname.startsWith('/questions/') || /\/(open|answered)$/.test(pathname) },
    { to: `/${slug}/pulse/dashboard`, label: 'Pulse', icon: '💙', active: pathname.includes('/pulse') },
  ];
  const linkCls = (a: boolean) => `flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium ${a ? 'bg-theme-primary/10 text-theme-primary-ink' : 'text-theme-muted hover:bg-gray-100 hover:text-theme-text dark:hover:bg-gray-800'}`;

  return (
    <header className="sticky top-0 z-40 h-16 border-b border-theme-border bg-theme-surface">
      <nav aria-label="Main" className="mx-auto flex h-full max-w-7xl items-center gap-2 px-4 sm:gap-4 sm:px-6 lg:px-8">
        <Link to="/" className="shrink-0 rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary">
          <span className="hidden md:inline"><Logo /></span><span className="md:hidden"><Logo small /></span>
        </Link>
        <TeamSelector currentSlug={slug} />
        <ul className="hidden items-center gap-1 md:flex">
          {links.map((l) => (
            <li key={l.label}><Link to={l.to} className={linkCls(l.active)} aria-current={l.active ? 'page' : undefined}><span aria-hidden="true">{l.icon}</span>{l.label}</Link></li>
          ))}
        </ul>
        <div className="ml-auto flex items-center gap-2">
          <ThemeToggle />
          <div className="hidden md:block"><UserMenu currentTeamId={teamId} /></div>
          <button type="button" className="flex h-10 w-10 items-center justify-center rounded-md border border-theme-border md:hidden" aria-expanded={sheet} aria-controls="mobile-sheet" aria-label="Open menu" onClick={() => setSheet((s) => !s)}>
            <span aria-hidden="true">☰</span>
          </button>
        </div>
      </nav>
      {sheet && (
        <div id="mobile-sheet" className="border-b border-theme-border bg-theme-surface px-4 pb-4 shadow-lg md:hidden">
          <ul className="space-y-1 pt-2">
            {links.map((l) => <li key={l.label}><Link to={l.to} className={linkCls(l.active)} aria-current={l.active ? 'page' : undefined}><span aria-hidden="true">{l.icon}</span>{l.label}</Link></li>)}
            <li className="my-2 border-t border-theme-border" />
            {menuItems.map((it) => <li key={it.to}><Link to={it.to} className={linkCls(false)}><span aria-hidden="true">{it.icon}</span>{it.label}</Link></li>)}
            <li><button type="button" onClick={() => void signOut()} className={`${linkCls(false)} w-full text-red-600 dark:text-red-400`}><span aria-hidden="true">⎋</span>Logout</button></li>
          </ul>
        </div>
      )}
    </header>
  );
}

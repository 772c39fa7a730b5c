/** Avatar menu: profile, my questions, moderator/admin links by role, logout (ui.md §7.3). */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router-dom';
import { initials } from '../auth/roles';
import { useUser } from '../auth/UserContext';

export function useMenuItems(currentTeamId: string | null) {
  const { roles } = useUser();
  const items: { to: string; label: string; icon: string }[] = [
    { to: '/profile', label: 'View Profile', icon: '👤' },
    { to: '/profile/questions', label: 'My Questions', icon: '❓' },
  ];
  if (roles.isGlobalAdmin || roles.canModerate(currentTeamId)) items.push({ to: '/moderator', label: 'Moderator Dashboard', icon: '🛡️' });
  if (roles.isGlobalAdmin) {
    items.push({ to: '/admin', label: 'Admin Panel', icon: '⚙️' });
    items.push({ to: '/admin/health', label: 'Health Dashboard', icon: '🩺' });
  }
  return items;
}

export function UserMenu({ currentTeamId }: { currentTeamId: string | null }) {
  const { me, roles, signOut } = useUser();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const items = useMenuItems(currentTeamId);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => { if (!box.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', onDown);
    box.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  if (!me) return <Link to="/login" className="btn bg-blue-600 text-white">Login</Link>;
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { setOpen(false); box.current?.querySelector<HTMLElement>('button')?.focus(); return; }
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    const els = Array.from(box.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const i = els.indexOf(document.activeElement as HTMLElement);
    els[(i + (e.key === 'ArrowDown' ? 1 : -1) + els.length) % els.length]?.focus();
  };
  const display = me.name || me.email.split('@')[0];
  const avatar = (big = false) => (
    <span className={`flex ${big ? 'h-10 w-10 text-base' : 'h-8 w-8 text-sm'} items-center justify-center rounded-full bg-theme-primary font-bold text-theme-on-primary`} aria-hidden="true">
      {initials(me.name, me.email)}
    </span>
  );
  return (
    <div className="relative" ref={box} onKeyDown={onKey}>
      <button type="button" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((o) => !o)} aria-label={`Account menu for ${display}`}
        className="flex items-center gap-2 rounded-md px-2 py-1 hover:bg-theme-primary/10 focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary">
        {avatar()}<span className="hidden max-w-[10rem] truncate text-sm font-medium sm:inline">{display}</span><span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div role="menu" className="absolute right-0 z-50 mt-2 w-64 rounded-lg border border-theme-border bg-theme-bg py-2 shadow-xl">
          <div className="flex items-center gap-3 border-b border-theme-border px-4 pb-3">
            {avatar(true)}
            <div className="min-w-0">
              <p className="truncate font-semibold">{me.name || 'User'}
                {roles.isGlobalAdmin && <span className="pill ml-2 bg-purple-100 text-purple-800 dark:bg-purple-900/50 dark:text-purple-200">{roles.isOwner ? 'Owner' : 'Admin'}</span>}
              </p>
              <p className="truncate text-xs text-theme-muted">{me.email}</p>
            </div>
          </div>
          {items.map((it) => (
            <Link key={it.to} to={it.to} role="menuitem" onClick={() => setOpen(false)} className="flex items-center gap-3 px-4 py-2 text-sm hover:bg-theme-primary/10 focus:bg-theme-primary/10 focus:outline-none">
              <span aria-hidden="true">{it.icon}</span>{it.label}
            </Link>
          ))}
          <div className="my-1 border-t border-theme-border" />
          <button type="button" role="menuitem" onClick={() => void signOut()} className="flex w-full items-center gap-3 px-4 py-2 text-left text-sm text-red-600 dark:text-red-400 hover:bg-red-50 focus:bg-red-50 focus:outline-none dark:hover:bg-red-950/40">
            <span aria-hidden="true">⎋</span>Logout
          </button>
        </div>
      )}
    </div>
  );
}

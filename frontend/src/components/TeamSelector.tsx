/** Team selector: search, All Teams, favourites, my teams; keyboard operable (ui.md §7.2). */
import { Fragment, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { MyTeam } from '../api/types';
import { ROLE_PILL } from '../auth/roles';
import { useUser } from '../auth/UserContext';
import { switchTeamPath } from '../teams/slug';
import { useToast } from './Toast';

export function TeamSelector({ currentSlug }: { currentSlug: string }) {
  const { myTeams, loading, me, toggleFavorite } = useUser();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const { pathname, search } = useLocation();
  const toast = useToast();

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => { if (!box.current?.contains(e.target as Node)) close(); };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const close = () => { setOpen(false); setQuery(''); setActive(0); };
  const current = myTeams.find((t) => t.slug === currentSlug);
  const q = query.trim().toLowerCase();
  const filtered = q ? myTeams.filter((t) => t.name.toLowerCase().includes(q) || (t.description ?? '').toLowerCase().includes(q)) : myTeams;
  const favs = q ? [] : filtered.filter((t) => t.isFavorite);
  const rest = q ? filtered : filtered.filter((t) => !t.isFavorite);
  const rows: (MyTeam | null)[] = useMemo(() => [...(q ? [] : [null]), ...favs, ...rest], [q, favs, rest]);
  const total = myTeams.reduce((s, t) => s + (t._count?.questions ?? 0), 0);

  const choose = (slug: string) => {
    close();
    navigate(switchTeamPath(pathname, search, slug));
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') { close(); return; }
    if (e.key === 'ArrowDown') { e.preventDefault(); setActive((a) => Math.min(rows.length - 1, a + 1)); }
    if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(0, a - 1)); }
    if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT' && rows[active] !== undefined) {
      e.preventDefault();
      choose(rows[active]?.slug ?? 'all');
    }
  };
  const star = async (t: MyTeam) => {
    try { await toggleFavorite(t.id); } catch { toast.error('Could not update favourites'); }
  };

  if (loading) return <span className="text-sm text-theme-muted">Loading teams...</span>;
  const row = (t: MyTeam | null, i: number) => {
    const isCur = t ? t.slug === currentSlug : currentSlug === 'all';
    const cls = `flex w-full items-start gap-2 rounded-md px-3 py-2 text-left text-sm ${i === active ? 'bg-theme-primary/10' : ''} ${isCur ? 'ring-1 ring-blue-400' : ''}`;
    if (!t) {
      return (
        <li key="all" role="option" aria-selected={isCur}>
          <button type="button" className={cls} onClick={() => choose('all')} onMouseEnter={() => setActive(i)}>
            <span className="flex-1"><span className="font-semibold">All Teams</span><span className="block text-xs text-theme-muted">See every team you belong to at once</span></span>
            <span className="text-xs text-theme-muted">{total} total</span>
          </button>
        </li>
      );
    }
    return (
      <li key={t.id} role="option" aria-selected={isCur} className="group flex items-start">
        <button type="button" className={cls} onClick={() => choose(t.slug)} onMouseEnter={() => setActive(i)}>
          <span className="min-w-0 flex-1">
            <span className="flex flex-wrap items-center gap-1 font-semibold">{t.name}
              {t.id === me?.primaryTeamId && <span className="pill bg-theme-primary/10 text-theme-primary-ink">🏠 Home</span>}
              <span className={`pill ${ROLE_PILL[t.userRole]}`}>{t.userRole}</span>
            </span>
            <span className="block text-xs text-theme-muted">{t._count?.questions ?? 0} questions</span>
            {t.description && <span className="block truncate text-xs text-theme-muted">{t.description}</span>}
          </span>
        </button>
        <button type="button" onClick={() => void star(t)} aria-label={t.isFavorite ? `Remove ${t.name} from favorites` : `Add ${t.name} to favorites`}
          title={t.isFavorite ? 'Remove from favorites' : 'Add to favorites'} className="m-1 rounded p-2 text-yellow-500 hover:bg-yellow-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary dark:hover:bg-yellow-900/30">
          {t.isFavorite ? '★' : '☆'}
        </button>
      </li>
    );
  };

  return (
    <div className="relative" ref={box} onKeyDown={onKey}>
      <button type="button" aria-haspopup="listbox" aria-expanded={open} onClick={() => (open ? close() : setOpen(true))}
        className="flex max-w-[10rem] items-center gap-2 rounded-md border border-theme-border bg-theme-bg px-3 py-2 text-sm font-semibold sm:max-w-xs">
        <span className="truncate">{current?.name ?? 'All Teams'}</span>
        {current && <span className="pill bg-blue-600 text-white">{current._count?.questions ?? 0}</span>}
        <span aria-hidden="true" className={`transition-transform ${open ? 'rotate-180' : ''}`}>▾</span>
      </button>
      {open && (
        <div className="absolute left-0 z-50 mt-2 max-h-96 w-80 overflow-y-auto rounded-lg border border-theme-border bg-theme-bg p-2 shadow-xl">
          <label className="relative block">
            <span className="sr-only">Search teams</span>
            <span className="pointer-events-none absolute left-3 top-2.5 text-theme-muted" aria-hidden="true">🔍</span>
            <input autoFocus className="input pl-9" placeholder="Search teams..." value={query} onChange={(e) => { setQuery(e.target.value); setActive(0); }} />
          </label>
          {q && <p className="px-2 pt-2 text-xs text-theme-muted">{filtered.length} {filtered.length === 1 ? 'team' : 'teams'} found</p>}
          <ul role="listbox" aria-label="Teams" className="mt-2 space-y-1">
            {rows.map((t, i) => (
              <Fragment key={t?.id ?? 'all'}>
                {t && favs.length > 0 && t.id === favs[0].id && <li key="fav-h" className="rounded bg-yellow-50 px-3 py-1 text-xs font-semibold text-yellow-800 dark:bg-yellow-900/30 dark:text-yellow-200">★ Favorite Teams</li>}
                {row(t, i)}
              </Fragment>
            ))}
          </ul>
          {q && !filtered.length && (
            <div className="py-6 text-center text-sm text-theme-muted"><div aria-hidden="true">🔍</div><p className="font-semibold">No teams found</p><p>Try another search term.</p></div>
          )}
        </div>
      )}
    </div>
  );
}

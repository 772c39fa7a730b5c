/** Sticky strip under the navbar naming the current team, tinted per team (ui.md §7.5). */
import { Link } from 'react-router-dom';
import { tintForSlug } from '../teams/slug';
import type { CurrentTeam } from '../teams/useTeam';

// Full class names so Tailwind keeps them (no string building of class names).
const TINTS: Record<string, string> = {
  slate: 'bg-slate-50 border-slate-200 text-slate-900 dark:bg-slate-950 dark:border-slate-800 dark:text-slate-100',
  blue: 'bg-blue-50 border-blue-200 text-blue-900 dark:bg-blue-950 dark:border-blue-800 dark:text-blue-100',
  purple: 'bg-purple-50 border-purple-200 text-purple-900 dark:bg-purple-950 dark:border-purple-800 dark:text-purple-100',
  green: 'bg-green-50 border-green-200 text-green-900 dark:bg-green-950 dark:border-green-800 dark:text-green-100',
  gray: 'bg-gray-50 border-gray-200 text-gray-900 dark:bg-gray-950 dark:border-gray-800 dark:text-gray-100',
  sky: 'bg-sky-50 border-sky-200 text-sky-900 dark:bg-sky-950 dark:border-sky-800 dark:text-sky-100',
  amber: 'bg-amber-50 border-amber-200 text-amber-900 dark:bg-amber-950 dark:border-amber-800 dark:text-amber-100',
  rose: 'bg-rose-50 border-rose-200 text-rose-900 dark:bg-rose-950 dark:border-rose-800 dark:text-rose-100',
  emerald: 'bg-emerald-50 border-emerald-200 text-emerald-900 dark:bg-emerald-950 dark:border-emerald-800 dark:text-emerald-100',
  violet: 'bg-violet-50 border-violet-200 text-violet-900 dark:bg-violet-950 dark:border-violet-800 dark:text-violet-100',
  orange: 'bg-orange-50 border-orange-200 text-orange-900 dark:bg-orange-950 dark:border-orange-800 dark:text-orange-100',
  cyan: 'bg-cyan-50 border-cyan-200 text-cyan-900 dark:bg-cyan-950 dark:border-cyan-800 dark:text-cyan-100',
  lime: 'bg-lime-50 border-lime-200 text-lime-900 dark:bg-lime-950 dark:border-lime-800 dark:text-lime-100',
};

export function TeamContextBar({ ct, submit = false, description }: { ct: CurrentTeam; submit?: boolean; description?: string }) {
  const all = ct.team === null;
  const desc = description ?? (all ? 'Viewing questions and pulse results from every team you can see.' : ct.team?.description || '');
  return (
    <div className={`border-b sm:sticky sm:top-16 sm:z-30 ${TINTS[tintForSlug(ct.slug)] ?? TINTS.gray}`}>
      <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-2 sm:px-6 lg:px-8">
        <div className="min-w-0 flex-1">
          <p className="truncate text-base font-semibold sm:text-lg">
            <span aria-hidden="true">{all ? '🌐 ' : '📂 '}</span>{ct.name}
          </p>
          {desc && <p className="truncate text-xs opacity-80 sm:text-sm">{desc}</p>}
        </div>
        {submit && (
          <Link to={`/${ct.slug}`} className="btn-primary shrink-0" title={`Submit a question to ${ct.name}`}>
            <span aria-hidden="true">+</span><span className="hidden sm:inline">Submit Question</span><span className="sm:hidden">Submit</span>
          </Link>
        )}
      </div>
    </div>
  );
}

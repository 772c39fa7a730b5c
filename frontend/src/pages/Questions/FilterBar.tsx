/** Search (debounced 300 ms, "/" to focus), tag and date filters, sort; all kept in the URL. */
import { useEffect, useRef, useState } from 'react';
import type { Tag } from '../../api/types';

export interface Filters { search: string; tagId: string; dateFrom: string; dateTo: string; sort: string }

interface Props { value: Filters; tags: Tag[]; onChange(f: Partial<Filters>): void }

export function FilterBar({ value, tags, onChange }: Props) {
  const [text, setText] = useState(value.search);
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => setText(value.search), [value.search]);
  useEffect(() => {
    if (text === value.search) return;
    const t = setTimeout(() => onChange({ search: text }), 300);
    return () => clearTimeout(t);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const tag = (e.target as HTMLElement).tagName;
      if (e.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(tag)) { e.preventDefault(); input.current?.focus(); }
      if (e.key === 'Escape') setOpen(false);
    };
    const onDown = (e: MouseEvent) => { if (open && !panel.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onDown);
    return () => { document.removeEventListener('keydown', onKey); document.removeEventListener('mousedown', onDown); };
  }, [open]);

  const active = [value.search, value.tagId, value.dateFrom, value.dateTo].filter(Boolean).length;
  const tagName = tags.find((t) => t.id === value.tagId)?.name ?? value.tagId;
  const pill = (label: string, cls: string, clear: Partial<Filters>) => (
    <span className={`pill ${cls}`}>{label}
      <button type="button" aria-label={`Remove filter ${label}`} onClick={() => onChange(clear)} className="ml-1 rounded px-1 hover:bg-black/10">✕</button>
    </span>
  );

  return (
    <div className="relative flex-1" ref={panel}>
      <div className="flex flex-wrap items-center gap-2">
        <label className="relative min-w-[12rem] flex-1">
          <span className="sr-only">Search questions</span>
          <span className="pointer-events-none absolute left-3 top-2.5 text-theme-muted" aria-hidden="true">🔍</span>
          <input ref={input} type="search" className="input pl-9 pr-8" placeholder="Search questions..." value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Escape') { setText(''); onChange({ search: '' }); } }} />
          {text && <button type="button" aria-label="Clear search" className="absolute right-2 top-2 text-theme-muted" onClick={() => { setText(''); onChange({ search: '' }); }}>✕</button>}
        </label>
        <button type="button" className="btn-secondary" aria-expanded={open} aria-controls="filter-panel" onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true">⚙</span>Filters{active > 0 && <span className="pill bg-blue-600 text-white">{active}</span>}
        </button>
        <label className="flex items-center gap-1 text-sm">
          <span className="sr-only sm:not-sr-only">Sort</span>
          <select className="input w-auto" value={value.sort} onChange={(e) => onChange({ sort: e.target.value })}>
            <option value="top">Most upvoted</option><option value="newest">Newest</option><option value="oldest">Oldest</option>
          </select>
        </label>
        {active > 0 && <button type="button" className="btn-link" onClick={() => { setText(''); onChange({ search: '', tagId: '', dateFrom: '', dateTo: '' }); }}>Clear all</button>}
      </div>
      {open && (
        <div id="filter-panel" className="fixed inset-x-0 bottom-0 z-50 grid gap-3 rounded-t-xl border border-theme-border bg-theme-bg p-4 shadow-2xl sm:absolute sm:inset-x-auto sm:bottom-auto sm:left-0 sm:right-0 sm:mt-2 sm:rounded-lg md:grid-cols-3">
          {tags.length > 0 && (
            <label><span className="label">Filter by Tag</span>
              <select className="input" value={value.tagId} onChange={(e) => onChange({ tagId: e.target.value })}>
                <option value="">All tags</option>{tags.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
              </select>
            </label>
          )}
          <label><span className="label">From Date</span><input type="date" className="input" value={value.dateFrom} onChange={(e) => onChange({ dateFrom: e.target.value })} /></label>
          <label><span className="label">To Date</span><input type="date" className="input" value={value.dateTo} onChange={(e) => onChange({ dateTo: e.target.value })} /></label>
          <button type="button" className="btn-secondary sm:hidden" onClick={() => setOpen(false)}>Done</button>
        </div>
      )}
      {active > 0 && (
        <div className="mt-2 flex flex-wrap gap-2">
          {value.search && pill(`Search: "${value.search}"`, 'bg-blue-100 text-blue-800 dark:bg-blue-900/50 dark:text-blue-200', { search: '' })}
          {value.tagId && pill(`Tag: ${tagName}`, 'bg-purple-100 text-purple-800 dark:bg-purple-900/50 dark:text-purple-200', { tagId: '' })}
          {value.dateFrom && pill(`From: ${value.dateFrom}`, 'bg-green-100 text-green-800 dark:bg-green-900/50 dark:text-green-200', { dateFrom: '' })}
          {value.dateTo && pill(`To: ${value.dateTo}`, 'bg-green-100 text-green-800 dark:bg-green-900/50 dark:text-green-200', { dateTo: '' })}
        </div>
      )}
    </div>
  );
}

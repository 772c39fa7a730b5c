/** Accessible underline tabs: role=tablist/tab, aria-selected, arrow keys move between tabs. */
import type { KeyboardEvent } from 'react';

export interface TabDef { id: string; label: string }

export function Tabs({ tabs, active, onChange, label }: { tabs: TabDef[]; active: string; onChange(id: string): void; label: string }) {
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!d) return;
    e.preventDefault();
    const next = tabs[(i + d + tabs.length) % tabs.length];
    onChange(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="flex gap-1 overflow-x-auto border-b border-theme-border">
      {tabs.map((t, i) => {
        const sel = t.id === active;
        return (
          <button key={t.id} id={`tab-${t.id}`} role="tab" type="button" aria-selected={sel} aria-controls={`panel-${t.id}`}
            tabIndex={sel ? 0 : -1} onClick={() => onChange(t.id)} onKeyDown={(e) => onKey(e, i)}
            className={`-mb-px whitespace-nowrap border-b-2 px-4 py-2 text-sm font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary ${sel ? 'border-theme-primary text-theme-primary' : 'border-transparent text-theme-muted hover:text-theme-text'}`}>
            {t.label}
          </button>
        );
      })}
    </div>
  );
}

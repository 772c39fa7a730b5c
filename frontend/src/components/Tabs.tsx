/** Accessible underline tabs: role=tablist/tab, aria-selected, arrow keys move between tabs. */
import { useEffect, useRef, type KeyboardEvent } from 'react';

export interface TabDef { id: string; label: string }

export function Tabs({ tabs, active, onChange, label }: { tabs: TabDef[]; active: string; onChange(id: string): void; label: string }) {
  const list = useRef<HTMLDivElement>(null);
  // On a phone the tab row scrolls sideways: keep the selected tab in view (e.g. /admin?tab=settings).
  useEffect(() => {
    const box = list.current;
    const tab = box?.querySelector<HTMLElement>('[aria-selected="true"]');
    if (!box || !tab) return;
    if (tab.offsetLeft < box.scrollLeft || tab.offsetLeft + tab.offsetWidth > box.scrollLeft + box.clientWidth) {
      box.scrollLeft = tab.offsetLeft - (box.clientWidth - tab.offsetWidth) / 2;
    }
  }, [active]);
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!d) return;
    e.preventDefault();
    const next = tabs[(i + d + tabs.length) % tabs.length];
    onChange(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <div ref={list} role="tablist" aria-label={label} className="relative flex gap-1 overflow-x-auto border-b border-theme-border">
      {tabs.map((t, i) => {
        const sel = t.id === active;
        return (
          <button key={t.id} id={`tab-${t.id}`} role="tab" type="button" aria-selected={sel} aria-controls={`panel-${t.id}`}
            tabIndex={sel ? 0 : -1} onClick={() => onChange(t.id)} onKeyDown={(e) => onKey(e, i)}
            className={`-mb-px whitespace-nowrap border-b-2 px-4 py-2 text-sm font-semibold focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary ${sel ? 'border-theme-primary text-theme-primary-ink' : 'border-transparent text-theme-muted hover:text-theme-text'}`}>
            {t.label}
          </button>
        );
      })}
    </div>
  );
}

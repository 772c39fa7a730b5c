/** Theme preview cards (light and dark halves) and branding fields with a contrast warning. */
import { contrastRatio } from '../../theme/apply';
import { THEMES, type Palette } from '../../theme/themes';

function Half({ p, label }: { p: Palette; label: string }) {
  return (
    <div className="flex-1 rounded-md border p-2" style={{ backgroundColor: p.background, borderColor: p.border }}>
      <p className="mb-1 text-xs font-semibold" style={{ color: p.text }}>{label}</p>
      <div className="flex gap-1">
        {(['primary', 'secondary', 'accent'] as const).map((k) => <span key={k} title={`${k}: ${p[k]}`} className="h-8 w-8 rounded" style={{ backgroundColor: p[k] }} />)}
      </div>
      <div className="mt-2 h-0.5 w-full" style={{ backgroundColor: p.border }} />
    </div>
  );
}

export function ThemePicker({ value, onChange }: { value: string; onChange(theme: string): void }) {
  return (
    <div className="grid gap-4 md:grid-cols-2" role="radiogroup" aria-label="Theme">
      {THEMES.map((t) => {
        const on = t.name === value;
        return (
          <button key={t.name} type="button" role="radio" aria-checked={on} onClick={() => onChange(t.name)}
            aria-label={t.label} aria-describedby={`theme-desc-${t.name}`}
            className={`relative rounded-lg border-2 p-4 text-left focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary ${on ? 'border-theme-primary ring-4 ring-theme-primary/20' : 'border-theme-border'}`}>
            {on && <span className="pill absolute right-3 top-3 bg-theme-primary text-theme-on-primary">✓ Active</span>}
            <p className="font-semibold">{t.label}</p>
            <p id={`theme-desc-${t.name}`} className="mb-3 text-sm muted">{t.description}</p>
            <div className="flex gap-2"><Half p={t.light} label="Light Mode" /><Half p={t.dark} label="Dark Mode" /></div>
          </button>
        );
      })}
    </div>
  );
}

/** A colour override input; warns when white text on it would fail AA. */
export function ColorField({ id, label, value, error, onChange }: { id: string; label: string; value: string; error?: string; onChange(v: string): void }) {
  const ok = /^#[0-9a-f]{6}$/i.test(value);
  const low = ok && contrastRatio(value, '#FFFFFF') < 4.5 && contrastRatio(value, '#0B1221') < 4.5;
  return (
    <div>
      <label htmlFor={id} className="label">{label}</label>
      <div className="flex items-center gap-2">
        <input type="color" aria-label={`${label} picker`} value={ok ? value : '#000000'} onChange={(e) => onChange(e.target.value.toUpperCase())} className="h-10 w-12 rounded border border-theme-border" />
        <input id={id} className={`input font-mono ${error ? 'border-red-500' : ''}`} value={value} placeholder="(theme default)" onChange={(e) => onChange(e.target.value)} />
        {value && <button type="button" className="btn-link" onClick={() => onChange('')}>Clear</button>}
      </div>
      {error ? <p className="help text-red-600 dark:text-red-400">{error}</p> : low && <p className="help text-amber-700 dark:text-amber-300">Low contrast: text on this colour may be hard to read.</p>}
    </div>
  );
}

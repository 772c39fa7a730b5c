/** Moon / sun toggle; a click flips light↔dark and stores the explicit choice. */
import { useSettings } from '../theme/SettingsContext';

export function ThemeToggle() {
  const { mode, setPref } = useSettings();
  const label = mode === 'dark' ? 'Switch to light mode' : 'Switch to dark mode';
  return (
    <button type="button" onClick={() => setPref(mode === 'dark' ? 'light' : 'dark')} aria-label={label} title={label}
      className="flex h-10 w-10 items-center justify-center rounded-md bg-gray-100 text-lg hover:bg-gray-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary dark:bg-gray-800 dark:hover:bg-gray-700">
      <span aria-hidden="true">{mode === 'dark' ? '☀️' : '🌙'}</span>
    </button>
  );
}

/** Light / Dark / System radio group (profile page). */
export function ModeChoice() {
  const { pref, setPref } = useSettings();
  const opts = [['light', 'Light'], ['dark', 'Dark'], ['system', 'System']] as const;
  return (
    <fieldset>
      <legend className="label">Colour mode</legend>
      <div className="flex gap-2">
        {opts.map(([v, l]) => (
          <label key={v} className={`btn cursor-pointer border ${pref === v ? 'border-theme-primary bg-theme-primary/10 text-theme-primary-ink' : 'border-theme-border'}`}>
            <input type="radio" name="color-mode" value={v} checked={pref === v} onChange={() => setPref(v)} className="sr-only" />{l}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

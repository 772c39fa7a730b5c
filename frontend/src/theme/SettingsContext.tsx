/** Public tenant settings (branding, limits, threshold) and the applied theme + colour mode. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { getPublicSettings, type PublicSettings } from '../api/users';
import { applyVariables, effectivePalette, themeVariables, type BrandingOverrides } from './apply';
import { MODE_KEY, readPreference, resolveMode, type ModePreference } from './colorMode';
import { DEFAULT_THEME, type Mode } from './themes';

interface Preview { theme: string; overrides: BrandingOverrides }

interface Ctx {
  settings: PublicSettings | null;
  tenantName: string;
  minLength: number;
  maxLength: number;
  anonThreshold: number;
  theme: string;
  mode: Mode;
  pref: ModePreference;
  setPref(p: ModePreference): void;
  /** Live preview of a theme (admin settings); null restores the saved theme. */
  setPreview(p: Preview | null): void;
  reload(): Promise<void>;
}

const SettingsCtx = createContext<Ctx | null>(null);

/** The branding colour overrides; null (the default) means no override: the theme decides. */
export function savedOverrides(b: { primaryColor?: string | null; accentColor?: string | null }): BrandingOverrides {
  return { primaryColor: b.primaryColor?.toUpperCase() || null, accentColor: b.accentColor?.toUpperCase() || null };
}

function systemDark(): boolean {
  return typeof window !== 'undefined' && !!window.matchMedia?.('(prefers-color-scheme: dark)').matches;
}

export function SettingsProvider({ children }: { children: ReactNode }) {
  const [settings, setSettings] = useState<PublicSettings | null>(null);
  const [pref, setPrefState] = useState<ModePreference>(() => readPreference(window.localStorage));
  const [sysDark, setSysDark] = useState(systemDark);
  const [preview, setPreview] = useState<Preview | null>(null);

  const reload = useCallback(async () => {
    try { setSettings(await getPublicSettings()); } catch { /* keep defaults */ }
  }, []);
  useEffect(() => { void reload(); }, [reload]);

  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    const on = () => setSysDark(mq.matches);
    mq?.addEventListener?.('change', on);
    return () => mq?.removeEventListener?.('change', on);
  }, []);

  const mode = resolveMode(pref, sysDark);
  const branding = settings?.branding ?? {};
  const savedTheme = branding.theme || settings?.theme || DEFAULT_THEME;
  const theme = preview?.theme ?? savedTheme;
  const overrides = preview?.overrides ?? savedOverrides(branding);

  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle('dark', mode === 'dark');
    applyVariables(root, themeVariables(effectivePalette(theme, mode, overrides)));
  }, [theme, mode, overrides.primaryColor, overrides.accentColor]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const fav = branding.faviconUrl;
    const link = document.getElementById('favicon') as HTMLLinkElement | null;
    if (link && fav) link.href = fav;
  }, [branding.faviconUrl]);

  const setPref = useCallback((p: ModePreference) => {
    try {
      if (p === 'system') window.localStorage.removeItem(MODE_KEY);
      else window.localStorage.setItem(MODE_KEY, p);
    } catch { /* storage blocked */ }
    setPrefState(p);
  }, []);

  const value = useMemo<Ctx>(() => ({
    settings,
    tenantName: settings?.tenant?.name || 'PulseStage',
    minLength: settings?.questions?.minLength ?? 10,
    maxLength: settings?.questions?.maxLength ?? 2000,
    anonThreshold: Math.max(3, settings?.pulse?.anonThreshold ?? 5),
    theme, mode, pref, setPref, setPreview, reload,
  }), [settings, theme, mode, pref, setPref, reload]);

  return <SettingsCtx.Provider value={value}>{children}</SettingsCtx.Provider>;
}

export function useSettings(): Ctx {
  const c = useContext(SettingsCtx);
  if (!c) throw new Error('useSettings outside SettingsProvider');
  return c;
}

/** Runtime configuration the server injects into index.html (no per-environment rebuild). */

export interface RuntimeConfig {
  publicUrl: string;
  version: string;
  profile: 'dev' | 'prod' | 'test';
  auth: { demo: boolean; demoUsers: string[]; github: boolean; google: boolean };
  mailViewerUrl: string | null;
  title: string;
  tenant: string;
}

export const DEFAULT_CONFIG: RuntimeConfig = {
  publicUrl: '',
  version: '',
  profile: 'prod',
  auth: { demo: false, demoUsers: [], github: false, google: false },
  mailViewerUrl: null,
  title: 'PulseStage',
  tenant: 'default',
};

/** Merge a parsed config object over the defaults, ignoring wrong types. */
export function parseConfig(raw: unknown): RuntimeConfig {
  const c = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const auth = (c.auth && typeof c.auth === 'object' ? c.auth : {}) as Record<string, unknown>;
  const str = (v: unknown, d: string) => (typeof v === 'string' ? v : d);
  const profile = c.profile === 'dev' || c.profile === 'test' || c.profile === 'prod' ? c.profile : 'prod';
  return {
    publicUrl: str(c.publicUrl, ''),
    version: str(c.version, ''),
    profile,
    auth: {
      demo: auth.demo === true,
      demoUsers: Array.isArray(auth.demoUsers) ? auth.demoUsers.filter((u): u is string => typeof u === 'string') : [],
      github: auth.github === true,
      google: auth.google === true,
    },
    mailViewerUrl: typeof c.mailViewerUrl === 'string' ? c.mailViewerUrl : null,
    title: str(c.title, 'PulseStage') || 'PulseStage',
    tenant: str(c.tenant, 'default') || 'default',
  };
}

function readConfig(): RuntimeConfig {
  if (typeof document === 'undefined') return DEFAULT_CONFIG;
  try {
    const el = document.getElementById('pulsestage-config');
    return parseConfig(JSON.parse(el?.textContent || '{}'));
  } catch {
    return DEFAULT_CONFIG;
  }
}

export const config: RuntimeConfig = readConfig();

/** Set the document title in the "<part> | <base>" format of ui.md §15. */
export function setTitle(...parts: string[]): void {
  const head = parts.filter(Boolean).join(' - ');
  document.title = head ? `${head} | ${config.title}` : config.title;
}

/** Team slugs: validation, the reserved words, URL switching and the context-bar tint. */

export const RESERVED_SLUGS = new Set([
  'all', 'admin', 'moderator', 'profile', 'questions', 'pulse', 'login', 'logout', 'onboarding', 'api',
  'auth', 'events', 'health', 'metrics', 'openapi.json', 'assets', 'static', 'favicon.ico', 'terms',
]);

export const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Slug from a team name: lowercase, keep a–z 0–9 space and hyphen, spaces → "-", collapse, trim. */
export function slugify(name: string, max = 50): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/\s+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, max)
    .replace(/-$/, '');
}

/** Why a slug cannot be used, or null when it is fine. */
export function slugProblem(slug: string, taken: string[] = []): string | null {
  if (!slug) return 'A slug is required.';
  if (slug.length > 50) return 'At most 50 characters.';
  if (!SLUG_RE.test(slug)) return 'Use lowercase letters, numbers and single hyphens.';
  if (RESERVED_SLUGS.has(slug)) return `"${slug}" is reserved.`;
  if (taken.includes(slug)) return 'Another team already uses this slug.';
  return null;
}

/** First path segments that are app pages, not team slugs. */
export const STATIC_FIRST = new Set(['admin', 'moderator', 'profile', 'questions', 'pulse', 'onboarding', 'open', 'answered', 'login']);

/** Where to go when switching team: keep the page kind for dashboard, questions, pulse and submit. */
export function switchTeamPath(pathname: string, search: string, newSlug: string): string {
  const parts = pathname.split('/').filter(Boolean);
  if (!parts.length || STATIC_FIRST.has(parts[0])) return `/${newSlug}/dashboard`;
  const rest = parts.slice(1).join('/');
  if (parts.length === 1) return `/${newSlug}`;
  if (rest === 'dashboard') return `/${newSlug}/dashboard`;
  if (rest === 'questions') {
    const view = new URLSearchParams(search).get('view');
    return `/${newSlug}/questions${view ? `?view=${view}` : ''}`;
  }
  if (rest === 'pulse/dashboard') return `/${newSlug}/pulse/dashboard`;
  return `/${newSlug}/dashboard`;
}

const FIXED: Record<string, string> = { general: 'slate', engineering: 'blue', product: 'purple', people: 'green' };
const PALETTE = ['sky', 'amber', 'rose', 'emerald', 'violet', 'orange', 'cyan', 'lime'];

/** Colour family for a team's context bar: four fixed slugs, else a stable hash into 8 tints. */
export function tintForSlug(slug: string | null | undefined): string {
  if (!slug || slug === 'all') return 'gray';
  if (FIXED[slug]) return FIXED[slug];
  let h = 0;
  for (const ch of slug) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/** The `next` target after sign-in, only when it is a same-origin path. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

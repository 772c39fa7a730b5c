/** Client-side checks for the tenant settings form (the server validates again). */
import type { TenantSettings } from '../../api/admin';

type Rule = [path: string, label: string, min: number, max: number];

export const RANGE_RULES: Rule[] = [
  ['questions.minLength', 'Minimum length', 1, 2000],
  ['questions.maxLength', 'Maximum length', 10, 5000],
  ['security.sessionTimeout', 'User session timeout', 1, 720],
  ['security.adminSessionTimeout', 'Admin session timeout', 1, 720],
  ['security.rateLimits.questionsPerHour', 'Questions per hour', 1, 100],
  ['security.rateLimits.upvotesPerMinute', 'Upvotes per minute', 1, 200],
  ['security.rateLimits.responsesPerHour', 'Responses per hour', 1, 50],
  ['security.rateLimits.searchPerMinute', 'Searches per minute', 1, 500],
];

export function getPath(obj: TenantSettings, path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

export function setPath(obj: TenantSettings, path: string, value: unknown): TenantSettings {
  const [head, ...rest] = path.split('.');
  return { ...obj, [head]: rest.length ? setPath((obj[head] ?? {}) as TenantSettings, rest.join('.'), value) : value };
}

/** Field path → message for every invalid field. */
export function validateSettings(s: TenantSettings): Record<string, string> {
  const errs: Record<string, string> = {};
  for (const [path, label, min, max] of RANGE_RULES) {
    const v = getPath(s, path);
    if (v === undefined) continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) errs[path] = `${label} must be between ${min} and ${max}.`;
  }
  const mn = Number(getPath(s, 'questions.minLength'));
  const mx = Number(getPath(s, 'questions.maxLength'));
  if (!errs['questions.minLength'] && !errs['questions.maxLength'] && mn >= mx) errs['questions.minLength'] = 'Minimum length must be below the maximum.';
  for (const k of ['primaryColor', 'accentColor']) {
    const c = getPath(s, `branding.${k}`);
    if (c && !/^#[0-9a-f]{6}$/i.test(String(c))) errs[`branding.${k}`] = 'Use a hex colour such as #3B82F6.';
  }
  const t = Number(getPath(s, 'pulse.anonThreshold'));
  if (getPath(s, 'pulse.anonThreshold') !== undefined && (!Number.isInteger(t) || t < 3)) errs['pulse.anonThreshold'] = 'At least 3 responses.';
  return errs;
}

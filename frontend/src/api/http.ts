/** The one HTTP client: same-origin cookies, JSON, CSRF token on unsafe methods, typed errors. */

export interface FieldError { field: string; rule?: string; message: string }

/** An error response turned into data the UI can show (ui.md §1.3). */
export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public fields: FieldError[] = [],
    public reasons: string[] = [],
    public moderationId: string | null = null,
    public body: unknown = null,
  ) {
    super(message);
  }
  /** Message for a field, if the server named it. */
  fieldMessage(name: string): string | undefined {
    return this.fields.find((f) => f.field === name || f.field.endsWith(`.${name}`))?.message;
  }
}

type Json = Record<string, unknown>;

/** Build an ApiError from a status and a parsed body, following ui.md §1.3's order. */
export function toApiError(status: number, statusText: string, body: unknown): ApiError {
  const b = (body && typeof body === 'object' ? body : {}) as Json;
  const reasons = Array.isArray(b.reasons) ? b.reasons.map(String) : [];
  let fields: FieldError[] = [];
  if (Array.isArray(b.fields)) {
    fields = (b.fields as Json[]).map((f) => ({ field: String(f.field ?? ''), rule: f.rule as string, message: String(f.message ?? '') }));
  } else if (b.details && typeof b.details === 'object' && (b.details as Json).fieldErrors) {
    const fe = (b.details as Json).fieldErrors as Record<string, string[]>;
    fields = Object.entries(fe).map(([field, msgs]) => ({ field, message: msgs[0] }));
  }
  const code = typeof b.error === 'string' ? b.error : `http_${status}`;
  let message = '';
  if (reasons.length && typeof b.error === 'string' && !b.message) message = b.error;
  else if (typeof b.message === 'string' && b.message) message = b.message;
  else if (typeof b.error === 'string' && b.error) message = b.error;
  else if (b.error && typeof b.error === 'object' && typeof (b.error as Json).message === 'string') message = (b.error as Json).message as string;
  else if (fields.length) message = `${fields[0].field}: ${fields[0].message}`;
  else message = `HTTP ${status}: ${statusText || 'Error'}`;
  const moderationId = typeof b.moderationId === 'string' ? b.moderationId : null;
  return new ApiError(status, code, message, fields, reasons, moderationId, body);
}

let csrfToken: string | null = null;
let unauthorizedHandler: (() => void) | null = null;

/** Called on any 401 from an authenticated call (the user context sends the browser to /login). */
export function onUnauthorized(fn: (() => void) | null): void {
  unauthorizedHandler = fn;
}

/** Forget the CSRF token (after sign-in / sign-out the session, and so the token, changes). */
export function resetCsrf(): void {
  csrfToken = null;
}

async function fetchCsrf(): Promise<string> {
  const res = await fetch('/api/csrf-token', { credentials: 'include', headers: { Accept: 'application/json' } });
  const body = (await res.json().catch(() => ({}))) as Json;
  csrfToken = typeof body.csrfToken === 'string' ? body.csrfToken : '';
  return csrfToken;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions { quiet401?: boolean; signal?: AbortSignal; root?: boolean }

function isCsrfFailure(status: number, body: unknown): boolean {
  if (status !== 403 || !body || typeof body !== 'object') return false;
  const e = String((body as Json).error ?? '').toLowerCase();
  return e === 'csrf_failed' || e.includes('csrf');
}

/** Perform a request; `path` is under /api unless `root` is set (for /auth/*, /health*). */
export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const url = opts.root ? path : `/api${path}`;
  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (UNSAFE.has(method)) headers['X-CSRF-Token'] = csrfToken ?? (await fetchCsrf());
    return fetch(url, {
      method, headers, credentials: 'include', signal: opts.signal,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  let res = await send();
  let parsed = await parseBody(res);
  if (UNSAFE.has(method) && isCsrfFailure(res.status, parsed)) {
    await fetchCsrf();
    res = await send();
    parsed = await parseBody(res);
  }
  if (!res.ok) {
    if (res.status === 401 && !opts.quiet401 && unauthorizedHandler) unauthorizedHandler();
    throw toApiError(res.status, res.statusText, parsed);
  }
  return parsed as T;
}

async function parseBody(res: Response): Promise<unknown> {
  if (res.status === 204) return null;
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return res.ok ? text : { message: text.slice(0, 200) };
  }
}

export const get = <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts);
export const post = <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts);
export const put = <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {});
export const patch = <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {});
export const del = <T>(path: string) => request<T>('DELETE', path);

/** Query string from an object, skipping empty values; arrays repeat the key. */
export function qs(params: Record<string, string | number | boolean | string[] | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => sp.append(k, x));
    else sp.append(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

/** Download a file from an API path, honouring Content-Disposition. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(`/api${path}`, { credentials: 'include' });
  if (!res.ok) {
    throw toApiError(res.status, res.statusText, await parseBody(res));
  }
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') ?? '';
  const m = /filename="?([^";]+)"?/i.exec(cd);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = m ? m[1] : fallbackName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Today's date as YYYY-MM-DD in local time (for export file names). */
export function todayStamp(d = new Date()): string {
  const z = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${z(d.getMonth() + 1)}-${z(d.getDate())}`;
}

/** Fire-and-forget request that survives the page closing (keepalive), for best-effort cleanup. */
export function beacon(method: string, path: string, body?: unknown): void {
  try {
    void fetch(`/api${path}`, {
      method, keepalive: true, credentials: 'include',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken ?? '' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch(() => undefined);
  } catch { /* page is going away */ }
}

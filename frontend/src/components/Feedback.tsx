/** Spinners, skeletons, empty states, and the Forbidden / Not Found panels (ui.md §7.14). */
import { useEffect, type ReactNode } from 'react';
import { setTitle } from '../config';
import { Link } from 'react-router-dom';

export function Spinner({ label = 'Loading...', size = 'md' }: { label?: string; size?: 'sm' | 'md' | 'lg' }) {
  const s = size === 'lg' ? 'h-12 w-12' : size === 'sm' ? 'h-4 w-4' : 'h-8 w-8';
  return (
    <div className="flex items-center justify-center gap-3 py-6 text-theme-muted" role="status">
      <span className={`${s} animate-spin rounded-full border-4 border-theme-border border-t-theme-primary`} aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function FullScreenSpinner() {
  return <div className="flex min-h-screen items-center justify-center"><Spinner size="lg" /></div>;
}

export function Skeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div className="space-y-3" aria-hidden="true">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="h-16 animate-pulse rounded-lg bg-theme-border/60" />
      ))}
    </div>
  );
}

export function PageSkeleton() {
  return (
    <div className="page max-w-7xl space-y-4" aria-busy="true">
      <div className="h-8 w-1/3 animate-pulse rounded bg-theme-border/60" />
      <div className="h-4 w-2/3 animate-pulse rounded bg-theme-border/60" />
      <Skeleton rows={3} />
    </div>
  );
}

export function Empty({ icon, title, children }: { icon: string; title: string; children?: ReactNode }) {
  return (
    <div className="card px-6 py-12 text-center">
      <div className="mb-2 text-4xl" aria-hidden="true">{icon}</div>
      <h3 className="h2">{title}</h3>
      {children && <div className="mt-2 text-sm muted">{children}</div>}
    </div>
  );
}

export function ErrorBox({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div role="alert" className="flex flex-wrap items-center gap-3 rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-800 dark:border-red-800 dark:bg-red-950/50 dark:text-red-200">
      <span className="whitespace-pre-line">{message}</span>
      {onRetry && <button type="button" className="btn-danger ml-auto" onClick={onRetry}>Retry</button>}
    </div>
  );
}

export function Forbidden({ dark = false }: { dark?: boolean }) {
  useEffect(() => setTitle('Access Denied'), []);
  const skin = dark ? 'bg-gray-800 text-white border-gray-700' : 'card';
  return (
    <div className={`${dark ? 'flex min-h-screen items-center justify-center bg-gray-900' : 'page max-w-lg py-16'}`}>
      <div className={`${skin} rounded-lg border p-8 text-center`}>
        <div className="mb-3 text-5xl" aria-hidden="true">⚠️</div>
        <h1 className="text-2xl font-bold">Access Denied</h1>
        <p className="mt-2 text-sm opacity-80">This page needs a higher role than you have. Ask an administrator if you think you should have access.</p>
        <Link to="/" className="btn-primary mt-6">Go to Dashboard</Link>
      </div>
    </div>
  );
}

export function NotFound() {
  useEffect(() => setTitle('Page not found'), []);
  return (
    <div className="page max-w-lg py-16">
      <div className="card p-8 text-center">
        <div className="mb-3 text-5xl" aria-hidden="true">🧭</div>
        <h1 className="text-2xl font-bold">Page not found</h1>
        <p className="mt-2 text-sm muted">The address does not match any page.</p>
        <Link to="/" className="btn-primary mt-6">Go to Dashboard</Link>
      </div>
    </div>
  );
}

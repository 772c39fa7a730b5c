/** System health and e-mail queue, auto-refreshing every 10 s while visible (ui.md §11.8). */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { adminHealth, emailQueue } from '../../api/admin';
import { getSchedule, type PulseSchedule } from '../../api/pulse';
import { formatDateTime } from '../../components/Atoms';
import { ErrorBox } from '../../components/Feedback';
import { config, setTitle } from '../../config';
import { MailQueueCard } from './MailQueueCard';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Any = Record<string, any>;

const tone = (s: unknown) => (/^(healthy|connected|ok|ready|up)$/i.test(String(s)) ? 'text-green-700 dark:text-green-400' : /unhealthy|disconnected|down|error/i.test(String(s)) ? 'text-red-600 dark:text-red-400' : 'text-yellow-700 dark:text-yellow-400');

function Card({ title, icon, children }: { title: string; icon: string; children: ReactNode }) {
  return <section className="card p-4"><h2 className="h2 mb-3"><span aria-hidden="true">{icon} </span>{title}</h2><dl className="space-y-1 text-sm">{children}</dl></section>;
}
const Row = ({ k, v, cls = '' }: { k: string; v: ReactNode; cls?: string }) => <div className="flex justify-between gap-3"><dt className="muted">{k}</dt><dd className={`text-right font-medium ${cls}`}>{v ?? '—'}</dd></div>;

function redisBadge(r: Any | undefined, limiter = false, top?: Any): [string, string] {
  if (top?.status === 'not_configured') return ['Not configured (memory)', 'text-gray-500 dark:text-gray-400'];
  if (top?.status && !r) return [String(top.status), tone(top.status)];
  if (!r) return ['Unknown', 'text-gray-500 dark:text-gray-400'];
  if (limiter && r.enabled === false) return ['Disabled (Dev Mode)', 'text-gray-500 dark:text-gray-400'];
  if (r.connected && r.ready !== false) return ['Connected', 'text-green-700 dark:text-green-400'];
  if (r.connected) return ['Connecting', 'text-yellow-700 dark:text-yellow-400'];
  return ['Disconnected', 'text-red-600 dark:text-red-400'];
}

export function HealthPage() {
  const [h, setH] = useState<Any | null>(null);
  const [mail, setMail] = useState<Any | null>(null);
  const [pulse, setPulse] = useState<PulseSchedule | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [auto, setAuto] = useState(true);
  const [updated, setUpdated] = useState<string | null>(null);

  useEffect(() => setTitle('Health Dashboard'), []);
  const refresh = useCallback(async () => {
    try {
      setH(await adminHealth()); setError(null); setUpdated(new Date().toISOString());
    } catch (e) { setError((e as Error).message); }
    emailQueue().then(setMail).catch(() => setMail(null));
    getSchedule().then(setPulse).catch(() => setPulse(null));
  }, []);
  useEffect(() => { void refresh(); }, [refresh]);
  useEffect(() => {
    if (!auto) return;
    const t = setInterval(() => { if (document.visibilityState === 'visible') void refresh(); }, 10000);
    return () => clearInterval(t);
  }, [auto, refresh]);

  const [rl, rlCls] = redisBadge(h?.redis?.rateLimit, true, h?.redis);
  const [rs, rsCls] = redisBadge(h?.redis?.sessions, false, h?.redis);
  return (
    <div className="page max-w-6xl space-y-6">
      <div className="flex flex-wrap items-center gap-4">
        <div className="flex-1"><h1 className="h1">System Health Dashboard</h1><p className="muted">Live system metrics and status.</p></div>
        <label className="flex items-center gap-2 text-sm"><input type="checkbox" className="h-4 w-4" checked={auto} onChange={(e) => setAuto(e.target.checked)} />Auto-refresh (10s)</label>
        <button type="button" className="btn-primary" onClick={() => void refresh()}>Refresh Now</button>
      </div>
      {error && (h ? <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-100">The last refresh failed ({error}); showing data from {formatDateTime(updated)}.</p> : <ErrorBox message={`Error: ${error}`} onRetry={() => void refresh()} />)}
      {!h && !error && <div className="grid gap-4 md:grid-cols-3" aria-busy="true">{Array.from({ length: 6 }, (_, i) => <div key={i} className="h-32 animate-pulse rounded-lg bg-theme-border/60" />)}</div>}
      {h && (
        <>
          <section className="card flex flex-wrap items-center gap-4 p-5">
            <div className="flex-1"><h2 className="h2">System Status</h2><p className="text-sm muted">Last updated: {formatDateTime(updated)}</p></div>
            <div className="text-right"><p className={`text-2xl font-extrabold uppercase ${tone(h.status)}`}>{String(h.status ?? 'unknown')}</p><p className="text-sm muted">Uptime: {h.uptime?.formatted ?? '—'}</p></div>
          </section>
          <div className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
            <Card title="Database" icon="🗄️"><Row k="Status" v={h.database?.status} cls={tone(h.database?.status)} /><Row k="Provider" v={h.database?.provider} /><Row k="Response Time" v={h.database?.responseTimeMs != null ? `${Math.round(h.database.responseTimeMs * 10) / 10}ms` : 'N/A'} />{h.database?.version && <Row k="Version" v={h.database.version} />}</Card>
            <Card title="Redis (Rate Limiting)" icon="⚡"><Row k="Status" v={rl} cls={rlCls} /><Row k="Enabled" v={h.redis?.rateLimit ? (h.redis.rateLimit.enabled ? 'Yes' : 'No (Dev Mode)') : (h.environment === 'prod' ? 'Yes' : 'No (dev profile)')} /></Card>
            <Card title="Redis (Sessions)" icon="🔐"><Row k="Status" v={rs} cls={rsCls} /><Row k="Store" v={h.redis?.status === 'not_configured' ? 'Memory' : (h.redis?.sessions?.store ?? 'Redis')} /></Card>
            <Card title="Real-Time (SSE)" icon="📡">
              <Row k="Total Connections" v={<span className="text-2xl text-blue-600">{h.sse?.totalConnections ?? 0}</span>} /><Row k="Active Tenants" v={h.sse?.tenantCount ?? 0} />
              {Object.entries((h.sse?.tenantConnections ?? {}) as Record<string, number>).map(([t, n]) => <Row key={t} k={`${t.slice(0, 8)}…`} v={n} />)}
            </Card>
            <Card title="Memory Usage" icon="💾">{h.memory?.peakRssMb !== undefined ? <Row k="Peak RSS" v={`${h.memory.peakRssMb} MB`} /> : <><Row k="RSS" v={h.memory?.rss} /><Row k="Heap Used" v={h.memory?.heapUsed} /><Row k="Heap Total" v={h.memory?.heapTotal} /></>}
              {h.migrations && <Row k="Migrations" v={h.migrations.complete ? 'complete' : 'pending'} cls={h.migrations.complete ? 'text-green-700 dark:text-green-400' : 'text-yellow-700 dark:text-yellow-400'} />}</Card>
            <Card title="Data Statistics" icon="📊"><Row k="Tenants" v={<span className="text-2xl text-purple-600">{Number(h.data?.tenants ?? 0).toLocaleString()}</span>} /><Row k="Questions" v={Number(h.data?.questions ?? 0).toLocaleString()} /><Row k="Users" v={Number(h.data?.users ?? 0).toLocaleString()} /></Card>
            <MailQueueCard mail={mail} reload={() => void refresh()} />
            <Card title="Pulse Scheduler" icon="💙">
              <Row k="Enabled" v={!pulse ? '—' : pulse.enabled ? 'Yes' : 'No'} /><Row k="Timezone" v={pulse?.timezone} /><Row k="Last run" v={pulse?.lastRunAt ? formatDateTime(pulse.lastRunAt) : '—'} /><Row k="Next run" v={pulse?.nextRunAt ? formatDateTime(pulse.nextRunAt) : '—'} />
            </Card>
          </div>
          <section className="card p-4"><h2 className="h2 mb-2">Environment Information</h2>
            <dl className="grid gap-2 text-sm sm:grid-cols-2">
              <Row k="Environment" v={h.environment ?? config.profile} /><Row k="Runtime version" v={h.versions?.python ? `Python ${h.versions.python}` : (h.runtimeVersion ?? h.nodeVersion)} />
              <Row k="App version" v={h.versions?.pulsestage ?? h.version ?? config.version} /><Row k="Uptime (seconds)" v={h.uptime?.seconds} />{h.versions?.aiohttp && <Row k="aiohttp" v={h.versions.aiohttp} />}
            </dl></section>
        </>
      )}
    </div>
  );
}

/** Pulse dashboard for a team or the organisation: trend, participation, heatmap, breakdown (ui.md §8.9). */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { pulseSummary } from '../../api/pulse';
import type { PulseSummary } from '../../api/types';
import { ParticipationChart, TrendChart } from '../../charts/Charts';
import { Heatmap } from '../../charts/Heatmap';
import { band, isNps } from '../../charts/score';
import { TeamContextBar } from '../../components/TeamContextBar';
import { setTitle } from '../../config';
import { useCurrentTeam } from '../../teams/useTeam';
import { Breakdown } from './Breakdown';

const RANGES = [['4w', '4 Weeks'], ['8w', '8 Weeks'], ['12w', '12 Weeks']] as const;

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

export function PulseDashboardPage() {
  const ct = useCurrentTeam();
  const [params, setParams] = useSearchParams();
  const range = RANGES.some(([r]) => r === params.get('range')) ? params.get('range')! : '12w';
  const [data, setData] = useState<PulseSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => setTitle(ct.name, 'Pulse'), [ct.name]);
  const load = () => {
    setLoading(true); setError(null);
    pulseSummary(range, ct.teamId).then(setData).catch((e) => setError(e.message)).finally(() => setLoading(false));
  };
  useEffect(() => { if (ct.ready) load(); }, [ct.ready, ct.teamId, range]); // eslint-disable-line react-hooks/exhaustive-deps

  const threshold = data?.anonThreshold ?? 5;
  const s = data?.summary;
  const qs = data?.questions ?? [];
  const likert = qs.filter((q) => !isNps(q.scale));
  const nps = qs.filter((q) => isNps(q.scale));
  const likertAvg = mean(likert.filter((q) => !q.insufficient && q.overallAverage !== null).map((q) => q.overallAverage!));
  const npsAvg = mean(nps.filter((q) => !q.insufficient && q.overallAverage !== null).map((q) => q.overallAverage!));
  const insufficient = !s || s.totalResponses < threshold;
  const weeks = s?.overallTrend?.map((p) => p.weekStart) ?? [];
  const rate = s?.participationRate;

  return (
    <>
      <TeamContextBar ct={ct} />
      <div className="page max-w-7xl space-y-6">
        <div className="flex flex-wrap items-end gap-4">
          <div className="flex-1">
            <h1 className="h1">{ct.team ? `${ct.team.name} Pulse` : 'Organization Pulse'}</h1>
            <p className="muted">{ct.team ? 'How this team feels, week by week — anonymous and aggregated.' : 'Aggregated sentiment across every team.'}</p>
          </div>
          <div className="flex items-center gap-2" role="group" aria-label="Time Range">
            <span className="text-sm font-medium">Time Range:</span>
            {RANGES.map(([r, l]) => (
              <button key={r} type="button" aria-pressed={range === r} onClick={() => setParams(r === '12w' ? {} : { range: r }, { replace: true })}
                className={`btn px-3 py-1.5 ${range === r ? 'bg-theme-primary text-theme-on-primary' : 'border border-theme-border'}`}>{l}</button>
            ))}
          </div>
        </div>
        {loading ? (
          <div className="space-y-4" aria-busy="true"><div className="h-8 w-1/3 animate-pulse rounded bg-theme-border/60" /><div className="h-32 animate-pulse rounded bg-theme-border/60" /><div className="h-64 animate-pulse rounded bg-theme-border/60" /></div>
        ) : error ? (
          <div role="alert" className="card border-red-300 p-6 text-center"><h2 className="h2 text-red-700 dark:text-red-300">Error Loading Pulse Data</h2><p className="mt-1 text-sm">{error}</p><button type="button" className="btn-danger mt-3" onClick={load}>Retry</button></div>
        ) : !data || !s ? <p className="card p-6 text-center muted">No pulse data available</p> : (
          <>
            {insufficient ? (
              <div className="rounded-lg border border-yellow-300 bg-yellow-50 p-4 text-yellow-900 dark:border-yellow-700 dark:bg-yellow-950/40 dark:text-yellow-100" role="status">
                <p className="font-semibold"><span aria-hidden="true">🔒 </span>Insufficient Data for Anonymity</p>
                <p className="text-sm">Overall figures stay hidden until at least {threshold} responses exist, so no individual can be singled out.</p>
              </div>
            ) : (
              <div className="grid gap-4 md:grid-cols-3">
                <div className="card p-5">
                  <p className="text-sm muted">Overall Score</p>
                  {likertAvg === null ? <p className="text-2xl font-bold">—</p> : (
                    <p className={`text-3xl font-extrabold ${band(likertAvg).text}`}>{likertAvg.toFixed(2)} <span aria-hidden="true">{band(likertAvg).emoji}</span> <span className="text-base font-medium muted">/ 5.00</span></p>
                  )}
                  {likertAvg !== null && <p className="text-sm">{band(likertAvg).label}</p>}
                  {npsAvg !== null && <p className="mt-2 text-sm">NPS questions: <strong className={band(npsAvg, 'NPS_0_10').text}>{npsAvg.toFixed(2)}</strong> / 10</p>}
                </div>
                <div className="card p-5"><p className="text-sm muted">Total Responses</p><p className="text-3xl font-extrabold">{s.totalResponses}</p><p className="text-sm muted">over {range.replace('w', '')} weeks</p></div>
                <div className="card p-5"><p className="text-sm muted">Participation Rate</p>
                  <p className="text-3xl font-extrabold">{rate === null || rate === undefined ? '—' : `${Math.round(Math.min(100, rate))}%`}</p>
                  <p className="text-sm muted">{s.totalResponses} of {s.totalInvites} invites responded</p></div>
              </div>
            )}
            <div className="grid gap-6 lg:grid-cols-2">
              <section className="card p-5" aria-labelledby="trend-h"><h2 id="trend-h" className="h2 mb-2">Pulse Trend <span className="text-sm font-normal muted">(1–5 scale)</span></h2><TrendChart points={s.overallTrend} threshold={threshold} /></section>
              <section className="card p-5" aria-labelledby="part-h"><h2 id="part-h" className="h2 mb-2">Participation</h2><ParticipationChart points={s.overallTrend} /></section>
            </div>
            <section className="card p-5" aria-labelledby="heat-h"><h2 id="heat-h" className="h2 mb-3">Drivers Heatmap</h2><Heatmap heatmap={data.heatmap} weeks={weeks} threshold={threshold} /></section>
            <Breakdown likert={likert} nps={nps} threshold={threshold} />
            <section className="rounded-lg border border-blue-200 bg-blue-50 p-5 text-sm text-blue-950 dark:border-blue-800 dark:bg-blue-950/40 dark:text-blue-100">
              <h2 className="mb-2 font-semibold"><span aria-hidden="true">ℹ️ </span>About This Data</h2>
              <ul className="ml-5 list-disc space-y-1">
                <li>Responses are anonymous: no answer is linked to a person.</li>
                <li>Scores use a 1–5 scale{nps.length ? '; NPS questions use 0–10 and are shown separately, never averaged with 1–5 scores' : ''}.</li>
                <li>A figure appears only when it rests on at least {threshold} responses.</li>
                <li>Trends follow the selected period ({range.replace('w', '')} weeks).</li>
              </ul>
            </section>
          </>
        )}
      </div>
    </>
  );
}

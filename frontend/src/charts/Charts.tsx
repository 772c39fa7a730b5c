/** Inline-SVG pulse charts: trend line with gaps, participation bars, sparkline (ui.md §8.9). */
import { useEffect, useState } from 'react';
import type { TrendPoint } from '../api/types';
import { band, weekShort } from './score';

const NARROW = '(max-width: 639px)';

/** Chart canvas for the screen: a narrower, taller drawing on phones so labels stay legible. */
function useChartBox() {
  const [narrow, setNarrow] = useState(() => typeof window !== 'undefined' && Boolean(window.matchMedia?.(NARROW).matches));
  useEffect(() => {
    const m = window.matchMedia?.(NARROW);
    if (!m) return undefined;
    const on = () => setNarrow(m.matches);
    m.addEventListener?.('change', on);
    return () => m.removeEventListener?.('change', on);
  }, []);
  return narrow ? { W: 360, H: 240, fs: 13, narrow } : { W: 640, H: 220, fs: 11, narrow };
}
const PAD = { l: 44, r: 12, t: 16, b: 36 };

/** Consecutive runs of sufficient points, so the line breaks at insufficient weeks. */
export function segments(points: TrendPoint[]): number[][] {
  const runs: number[][] = [];
  let cur: number[] = [];
  points.forEach((p, i) => {
    if (!p.insufficient && p.average !== null) cur.push(i);
    else if (cur.length) { runs.push(cur); cur = []; }
  });
  if (cur.length) runs.push(cur);
  return runs;
}

function DataTable({ caption, rows }: { caption: string; rows: string[][] }) {
  return (
    <table className="sr-only"><caption>{caption}</caption>
      <thead><tr>{rows[0].map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
      <tbody>{rows.slice(1).map((r) => <tr key={r[0]}>{r.map((c, i) => <td key={i}>{c}</td>)}</tr>)}</tbody>
    </table>
  );
}

export function TrendChart({ points, threshold, max = 5, scale }: { points: TrendPoint[]; threshold: number; max?: number; scale?: string }) {
  const [tip, setTip] = useState<number | null>(null);
  const { W, H, fs, narrow } = useChartBox();
  if (!points.length) return null;
  if (points.every((p) => p.insufficient || p.average === null)) {
    return <div className="flex h-48 items-center justify-center rounded-md bg-gray-100 text-sm muted dark:bg-gray-800">🔒 Every week in this range has fewer than {threshold} responses, so no trend is shown.</div>;
  }
  const min = max === 10 ? 0 : 1;
  const x = (i: number) => PAD.l + (points.length === 1 ? (W - PAD.l - PAD.r) / 2 : (i * (W - PAD.l - PAD.r)) / (points.length - 1));
  const y = (v: number) => PAD.t + ((max - v) * (H - PAD.t - PAD.b)) / (max - min);
  const ticks = max === 10 ? [0, 2, 4, 6, 8, 10] : [1, 2, 3, 4, 5];
  const every = Math.ceil(points.length / (narrow ? 4 : 8));
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label="Pulse trend by week">
        {ticks.map((t) => (
          <g key={t}><line x1={PAD.l} x2={W - PAD.r} y1={y(t)} y2={y(t)} stroke="currentColor" strokeOpacity="0.12" />
            <text x={PAD.l - 8} y={y(t) + 4} textAnchor="end" fontSize={fs} fill="currentColor" opacity="0.6">{t}</text></g>
        ))}
        {segments(points).map((run) => (
          <polyline key={run[0]} fill="none" stroke="var(--color-primary)" strokeWidth="2.5" points={run.map((i) => `${x(i)},${y(points[i].average!)}`).join(' ')} />
        ))}
        {points.map((p, i) => (
          <g key={p.weekStart}>
            {i % every === 0 && <text x={x(i)} y={H - 12} textAnchor="middle" fontSize={fs} fill="currentColor" opacity="0.7">{weekShort(p.weekStart)}</text>}
            {p.insufficient || p.average === null ? (
              <text x={x(i)} y={H - PAD.b + 2} textAnchor="middle" fontSize={fs + 1}><title>{`${weekShort(p.weekStart)}: fewer than ${threshold} responses`}</title>🔒</text>
            ) : (
              <circle cx={x(i)} cy={y(p.average)} r={tip === i ? 7 : 5} fill={band(p.average, scale).color} stroke="white" strokeWidth="1.5" tabIndex={0}
                aria-label={`${weekShort(p.weekStart)}: average ${p.average.toFixed(2)}, ${p.responseCount} responses`}
                onFocus={() => setTip(i)} onBlur={() => setTip(null)} onMouseEnter={() => setTip(i)} onMouseLeave={() => setTip(null)} className="focus:outline-none">
                <title>{`${weekShort(p.weekStart)}: ${p.average.toFixed(2)} (${p.responseCount} responses)`}</title>
              </circle>
            )}
          </g>
        ))}
        {tip !== null && points[tip].average !== null && (
          <g pointerEvents="none">
            <rect x={Math.min(x(tip) - 70, W - 150)} y={Math.max(0, y(points[tip].average!) - 46)} width="140" height="34" rx="6" fill="#111827" opacity="0.9" />
            <text x={Math.min(x(tip), W - 80)} y={Math.max(14, y(points[tip].average!) - 24)} textAnchor="middle" fontSize={fs} fill="white">
              {`${weekShort(points[tip].weekStart)} · ${points[tip].average!.toFixed(2)} · ${points[tip].responseCount} resp.`}
            </text>
          </g>
        )}
      </svg>
      <DataTable caption="Average score per week" rows={[['Week', 'Average', 'Responses'], ...points.map((p) => [p.weekStart, p.insufficient || p.average === null ? 'insufficient data' : p.average.toFixed(2), String(p.responseCount)])]} />
    </figure>
  );
}

export function ParticipationChart({ points }: { points: TrendPoint[] }) {
  const { W, H, fs, narrow } = useChartBox();
  if (!points.length) return null;
  const bw = (W - PAD.l - PAD.r) / points.length;
  const y = (v: number) => PAD.t + ((100 - v) * (H - PAD.t - PAD.b)) / 100;
  const every = Math.ceil(points.length / (narrow ? 4 : 8));
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-label="Participation by week">
        {[0, 50, 100].map((t) => (
          <g key={t}><line x1={PAD.l} x2={W - PAD.r} y1={y(t)} y2={y(t)} stroke="currentColor" strokeOpacity="0.12" />
            <text x={PAD.l - 6} y={y(t) + 4} textAnchor="end" fontSize={fs} fill="currentColor" opacity="0.6">{t}%</text></g>
        ))}
        {points.map((p, i) => {
          const v = p.participation === null || !Number.isFinite(p.participation) ? null : Math.min(100, Math.max(0, p.participation));
          const cx = PAD.l + i * bw + bw / 2;
          return (
            <g key={p.weekStart}>
              {v !== null && v > 0 ? (
                <rect x={cx - bw * 0.35} y={y(v)} width={bw * 0.7} height={H - PAD.b - y(v)} rx="3" fill="var(--color-secondary)" tabIndex={0} aria-label={`${weekShort(p.weekStart)}: ${Math.round(v)}% participation`} className="focus:outline-none">
                  <title>{`${weekShort(p.weekStart)}: ${Math.round(v)}% participation`}</title>
                </rect>
              ) : null}
              {!narrow && <text x={cx} y={v !== null && v > 0 ? y(v) - 4 : H - PAD.b - 4} textAnchor="middle" fontSize="10" fill="currentColor" opacity="0.8">{v !== null && v > 0 ? `${Math.round(v)}%` : '—'}</text>}
              {i % every === 0 && <text x={cx} y={H - 12} textAnchor="middle" fontSize={fs} fill="currentColor" opacity="0.7">{weekShort(p.weekStart)}</text>}
            </g>
          );
        })}
      </svg>
      <DataTable caption="Participation per week" rows={[['Week', 'Participation'], ...points.map((p) => [p.weekStart, p.participation === null ? '—' : `${Math.round(p.participation)}%`])]} />
    </figure>
  );
}

export function Sparkline({ points, max = 5, scale, label, className = 'h-9 w-40' }: { points: TrendPoint[]; max?: number; scale?: string; label: string; className?: string }) {
  const w = 160;
  const h = 36;
  if (!points.length) return null;
  const min = max === 10 ? 0 : 1;
  const x = (i: number) => 3 + (points.length === 1 ? w / 2 : (i * (w - 6)) / (points.length - 1));
  const y = (v: number) => 3 + ((max - v) * (h - 6)) / (max - min);
  const last = [...points].reverse().find((p) => !p.insufficient && p.average !== null);
  return (
    <svg viewBox={`0 0 ${w} ${h}`} className={className} role="img" aria-label={`${label}: ${last?.average != null ? `latest ${last.average.toFixed(2)}` : 'insufficient data'}`}>
      {segments(points).map((run) => (
        <polyline key={run[0]} fill="none" stroke="var(--color-primary)" strokeWidth="2" points={run.map((i) => `${x(i)},${y(points[i].average!)}`).join(' ')} />
      ))}
      {points.map((p, i) => (p.insufficient || p.average === null ? null : <circle key={p.weekStart} cx={x(i)} cy={y(p.average)} r="2.2" fill={band(p.average, scale).color} />))}
    </svg>
  );
}

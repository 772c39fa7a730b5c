/** Per-question breakdown, 1–5 and 0–10 questions in separate groups, each with a sparkline. */
import type { PulseQuestionSummary } from '../../api/types';
import { Sparkline } from '../../charts/Charts';
import { band, scaleMax } from '../../charts/score';

function Row({ q, threshold }: { q: PulseQuestionSummary; threshold: number }) {
  if (q.insufficient || q.overallAverage === null) {
    return (
      <li className="flex items-center gap-3 rounded-lg bg-gray-100 p-4 text-sm dark:bg-gray-800">
        <span aria-hidden="true">🔒</span>
        <div><p className="font-medium">{q.questionText}</p><p className="muted">Insufficient responses — need {threshold} for anonymity.</p></div>
      </li>
    );
  }
  const max = scaleMax(q.scale);
  const b = band(q.overallAverage, q.scale);
  const pct = Math.max(0, Math.min(100, (q.overallAverage / max) * 100));
  return (
    <li className="rounded-lg border border-theme-border p-4">
      <div className="flex flex-wrap items-center gap-3">
        <p className="min-w-0 basis-full font-medium sm:basis-0 sm:flex-1">{q.questionText}</p>
        {q.category && <span className="pill bg-gray-100 text-gray-700 dark:bg-gray-800 dark:text-gray-200">{q.category}</span>}
        <Sparkline points={q.trend} max={max} scale={q.scale} label={q.questionText} />
        <p className={`text-2xl font-bold ${b.text}`}>{q.overallAverage.toFixed(2)} <span aria-hidden="true">{b.emoji}</span><span className="text-sm font-normal muted"> / {max}</span></p>
      </div>
      <div className="mt-2 h-3 w-full overflow-hidden rounded-full bg-gray-200 dark:bg-gray-700" role="img" aria-label={`${b.label}: ${q.overallAverage.toFixed(2)} out of ${max}`}>
        <div className="h-full rounded-full" style={{ width: `${pct}%`, backgroundColor: b.color }} />
      </div>
    </li>
  );
}

export function Breakdown({ likert, nps, threshold }: { likert: PulseQuestionSummary[]; nps: PulseQuestionSummary[]; threshold: number }) {
  return (
    <section className="card p-5" aria-labelledby="qb-h">
      <h2 id="qb-h" className="h2">Question Breakdown</h2>
      <p className="mb-3 text-sm muted">How each pulse question scores on its own.</p>
      {!likert.length && !nps.length && <p className="text-sm muted">No question has enough responses yet.</p>}
      {likert.length > 0 && <><h3 className="mb-2 mt-2 text-sm font-semibold uppercase tracking-wide muted">1–5 questions</h3><ul className="space-y-3">{likert.map((q) => <Row key={q.questionId} q={q} threshold={threshold} />)}</ul></>}
      {nps.length > 0 && <><h3 className="mb-2 mt-5 text-sm font-semibold uppercase tracking-wide muted">0–10 questions (NPS)</h3><ul className="space-y-3">{nps.map((q) => <Row key={q.questionId} q={q} threshold={threshold} />)}</ul></>}
    </section>
  );
}

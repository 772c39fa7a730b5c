/** Moderation statistics with team and date filters (ui.md §10.4). */
import { useEffect, useState } from 'react';
import { moderationStats, type ModStats } from '../../api/admin';
import { useUser } from '../../auth/UserContext';
import { ErrorBox, Spinner } from '../../components/Feedback';
import { setTitle } from '../../config';
import { duration, last30 } from './format';

export function ModerationStatsPage() {
  const { allTeams } = useUser();
  const [f, setF] = useState({ teamId: '', ...last30() });
  const [s, setS] = useState<ModStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setTitle('Moderation Stats'), []);
  useEffect(() => {
    setS(null); setError(null);
    moderationStats({ teamId: f.teamId || undefined, startDate: f.startDate || undefined, endDate: f.endDate || undefined })
      .then(setS).catch((e) => setError(e.message));
  }, [f.teamId, f.startDate, f.endDate]);

  const o = s?.overall;
  const mods = s?.byModerator ?? [];
  const answeredRate = o && o.totalQuestionsReviewed ? `${Math.round((o.totalQuestionsAnswered / o.totalQuestionsReviewed) * 100)}%` : 'N/A';
  const perMod = o && o.activeModerators ? Math.round(o.totalQuestionsReviewed / o.activeModerators) : 0;
  return (
    <div className="page max-w-6xl space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <div className="flex-1"><h1 className="h1">Moderation Stats</h1><p className="muted">Moderator activity and response times.</p></div>
        <span className="pill bg-blue-100 text-blue-800 dark:bg-blue-900/50 dark:text-blue-200">Showing: {f.startDate || f.endDate ? `${f.startDate || '…'} - ${f.endDate || '…'}` : 'All Time'}</span>
      </div>
      <div className="card grid gap-3 p-4 sm:grid-cols-4">
        <label><span className="label">Team</span><select className="input" value={f.teamId} onChange={(e) => setF({ ...f, teamId: e.target.value })}>
          <option value="">All Teams</option>{allTeams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}</select></label>
        <label><span className="label">Start Date</span><input type="date" className="input" value={f.startDate} onChange={(e) => setF({ ...f, startDate: e.target.value })} /></label>
        <label><span className="label">End Date</span><input type="date" className="input" value={f.endDate} onChange={(e) => setF({ ...f, endDate: e.target.value })} /></label>
        <div className="flex items-end"><button type="button" className="btn-link" onClick={() => setF({ teamId: f.teamId, ...last30() })}>Reset to Last 30 Days</button></div>
      </div>
      {error ? <ErrorBox message={`Error: ${error}`} /> : !o ? <Spinner label="Loading stats..." /> : (
        <>
          <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
            {([['Questions Reviewed', o.totalQuestionsReviewed, ''], ['Questions Answered', o.totalQuestionsAnswered, 'text-green-700 dark:text-green-400'], ['Questions Pinned', o.totalQuestionsPinned, 'text-yellow-700 dark:text-yellow-400'], ['Avg Response Time', duration(o.avgResponseTime), 'text-blue-600']] as const).map(([l, v, c]) => (
              <div key={l} className="card p-4"><dt className="text-sm muted">{l}</dt><dd className={`text-3xl font-bold ${c}`}>{v}</dd></div>
            ))}
          </dl>
          <section className="card p-4">
            <h2 className="h2">Moderator Performance <span className="text-sm font-normal muted">({mods.length} active moderator{mods.length === 1 ? '' : 's'})</span></h2>
            {!mods.length ? <p className="py-6 text-center muted">No moderation activity yet</p> : (
              <div className="table-wrap mt-3" tabIndex={0} role="region" aria-label="Moderator activity"><table className="w-full">
                <thead><tr>{['Moderator', 'Reviewed', 'Answered', 'Pinned', 'Frozen', 'Avg Response', 'Teams'].map((h) => <th key={h} className="th">{h}</th>)}</tr></thead>
                <tbody>{mods.map((m) => (
                  <tr key={m.moderatorId} className="border-t border-theme-border">
                    <td className="td"><p className="font-medium">{m.moderatorName || '—'}</p><p className="text-xs muted">{m.moderatorEmail}</p></td>
                    <td className="td">{m.questionsReviewed}</td><td className="td text-green-700 dark:text-green-400">{m.questionsAnswered}</td><td className="td text-yellow-700 dark:text-yellow-400">{m.questionsPinned}</td>
                    <td className="td text-blue-600">{m.questionsFrozen}</td><td className="td">{duration(m.avgResponseTime)}</td><td className="td">{m.teamsCount}</td>
                  </tr>
                ))}</tbody>
              </table></div>
            )}
          </section>
          <div className="grid gap-4 md:grid-cols-2">
            <section className="card p-4"><h2 className="h2 mb-2">Activity Breakdown</h2>
              <dl className="space-y-1 text-sm"><div className="flex justify-between"><dt>Total Reviewed</dt><dd>{o.totalQuestionsReviewed}</dd></div><div className="flex justify-between"><dt>Answered Rate</dt><dd>{answeredRate}</dd></div><div className="flex justify-between"><dt>Questions Frozen</dt><dd>{o.totalQuestionsFrozen}</dd></div></dl></section>
            <section className="card p-4"><h2 className="h2 mb-2">Team Activity</h2>
              <dl className="space-y-1 text-sm"><div className="flex justify-between"><dt>Active Moderators</dt><dd>{o.activeModerators}</dd></div><div className="flex justify-between"><dt>Avg per Moderator</dt><dd>{perMod}</dd></div><div className="flex justify-between"><dt>Coverage</dt><dd>{mods.reduce((a, m) => a + (m.teamsCount || 0), 0)} team assignments</dd></div></dl></section>
          </div>
        </>
      )}
    </div>
  );
}

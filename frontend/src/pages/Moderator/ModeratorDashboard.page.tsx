/** Moderator dashboard: quick actions, teams I moderate, statistics (ui.md §10.2). */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { moderationStats, type ModStats } from '../../api/admin';
import { reviewQueue } from '../../api/qa';
import { ROLE_PILL } from '../../auth/roles';
import { useUser } from '../../auth/UserContext';
import { setTitle } from '../../config';
import { rememberedSlug } from '../../teams/useTeam';
import { duration } from './format';

export function ModeratorDashboardPage() {
  const { roles, me } = useUser();
  const [pending, setPending] = useState<number | null>(null);
  const [stats, setStats] = useState<ModStats | null | 'none'>(null);
  const teams = roles.moderatedTeams;

  useEffect(() => setTitle('Moderator Dashboard'), []);
  useEffect(() => {
    reviewQueue().then((l) => setPending(l.length)).catch(() => setPending(null));
    moderationStats({}).then((s) => setStats(s ?? 'none')).catch(() => setStats('none'));
  }, []);

  const slug = rememberedSlug();
  const cards = [
    { title: 'Review Queue', icon: '🛡️', color: 'bg-orange-500', to: '/moderator/queue?status=under_review', go: 'View pending reviews', desc: 'Approve or reject questions held by the content filter.', badge: pending },
    { title: 'Answer Questions', icon: '💬', color: 'bg-blue-600', to: '/moderator/queue?status=open', go: 'Go to moderation queue', desc: 'Answer, tag, pin and freeze open questions.' },
    ...(roles.isGlobalAdmin ? [{ title: 'Export Questions', icon: '📤', color: 'bg-green-600', to: '/moderator/export', go: 'Go to export tool', desc: 'Download questions with their metadata as CSV or JSON.' }] : []),
    { title: 'Presentation Mode', icon: '🖥️', color: 'bg-purple-600', to: `/${slug}/open/present`, go: 'Enter presentation mode', desc: 'Walk through the top questions live on a big screen.' },
    ...(roles.isGlobalAdmin ? [{ title: 'Moderation Stats', icon: '📊', color: 'bg-teal-600', to: '/moderator/stats', go: 'View statistics', desc: 'Activity and response times by moderator.' }] : []),
  ];
  const s = stats && stats !== 'none' ? stats : null;
  const rows = s ? (roles.isGlobalAdmin ? s.byModerator : s.byModerator.filter((m) => m.moderatorId === me?.id)) : [];

  return (
    <div className="page max-w-7xl space-y-8">
      <div>
        <h1 className="h1">Moderator Dashboard</h1>
        <p className="muted">Review flagged content and manage moderation across {teams.length} team{teams.length === 1 ? '' : 's'}.</p>
      </div>
      <section aria-label="Quick actions" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {cards.map((c) => (
          <Link key={c.title} to={c.to} className="card group relative p-5 hover:shadow-md focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary">
            <span className={`mb-3 flex h-10 w-10 items-center justify-center rounded-lg text-white ${c.color}`} aria-hidden="true">{c.icon}</span>
            <h2 className="h2">{c.title}</h2>
            <p className="mt-1 text-sm muted">{c.desc}</p>
            <p className="mt-3 text-sm font-semibold text-theme-primary-ink">{c.go} ›</p>
            {'badge' in c && typeof c.badge === 'number' && c.badge > 0 && <span className="pill absolute right-4 top-4 bg-orange-500 text-white" aria-label={`${c.badge} waiting for review`}>{c.badge}</span>}
          </Link>
        ))}
      </section>
      <section aria-labelledby="teams-h">
        <h2 id="teams-h" className="h2 mb-3">Teams You Moderate</h2>
        <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          {teams.map((t) => (
            <li key={t.id} className="card p-4">
              <p className="flex items-center gap-2 font-semibold">{t.name}<span className={`pill ${ROLE_PILL[t.userRole]}`}>{t.userRole}</span></p>
              <p className="mt-1 text-sm muted">{t.description || 'No description'}</p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="stats-h">
        <h2 id="stats-h" className="h2 mb-3">Moderation Statistics</h2>
        {stats === null ? <p className="text-sm muted">Loading statistics...</p> : !s ? <p className="text-sm muted">No stats available</p> : (
          <>
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
              {([['Reviewed', s.overall.totalQuestionsReviewed], ['Answered', s.overall.totalQuestionsAnswered], ['Pinned', s.overall.totalQuestionsPinned], ['Frozen', s.overall.totalQuestionsFrozen], ['Avg Response Time', duration(s.overall.avgResponseTime)]] as const).map(([l, v]) => (
                <div key={l} className="card p-4 text-center"><dt className="text-xs muted">{l}</dt><dd className="text-2xl font-bold">{v}</dd></div>
              ))}
            </dl>
            {rows.length > 0 && (
              <div className="card table-wrap mt-4" tabIndex={0} role="region" aria-label="Moderator activity">
                <table className="w-full"><caption className="sr-only">Moderator Activity</caption>
                  <thead><tr><th className="th">Moderator</th><th className="th">Reviewed</th><th className="th">Answered</th><th className="th">Avg Response Time</th></tr></thead>
                  <tbody>{rows.map((m) => (
                    <tr key={m.moderatorId} className="border-t border-theme-border"><td className="td">{m.moderatorName || m.moderatorEmail}</td><td className="td">{m.questionsReviewed}</td><td className="td">{m.questionsAnswered}</td><td className="td">{duration(m.avgResponseTime)}</td></tr>
                  ))}</tbody>
                </table>
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}

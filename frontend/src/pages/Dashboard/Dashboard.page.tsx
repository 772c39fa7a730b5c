/** Landing page: pulse call to action, Q&A activity, live snapshot, pulse trend, trending (ui.md §8.3). */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { countLabel, listQuestionPage, listQuestions } from '../../api/qa';
import { myHistory, myInvites, pulseSummary, type HistoryWeek } from '../../api/pulse';
import type { PulseInvite, PulseSummary, Question } from '../../api/types';
import { myQuestions, myUpvoteCount } from '../../api/users';
import { useUser } from '../../auth/UserContext';
import { hasTag, PRESENTING_TAG, TeamChip } from '../../components/Atoms';
import { Skeleton } from '../../components/Feedback';
import { TeamContextBar } from '../../components/TeamContextBar';
import { Sparkline } from '../../charts/Charts';
import { weekShort } from '../../charts/score';
import { setTitle } from '../../config';
import { usePresentation } from '../../live/PresentationContext';
import { useSettings } from '../../theme/SettingsContext';
import { useCurrentTeam } from '../../teams/useTeam';

const WEEK = 7 * 864e5;

interface Data { open: Question[]; openTotal: string; answeredThisWeek: number; invites: PulseInvite[]; history: HistoryWeek[]; asked: number; upvoted: number; summary: PulseSummary | null }

export function DashboardPage() {
  const ct = useCurrentTeam();
  const { me } = useUser();
  const { settings } = useSettings();
  const presentation = usePresentation();
  const [d, setD] = useState<Data | null>(null);

  useEffect(() => setTitle(ct.name, 'Dashboard'), [ct.name]);
  useEffect(() => {
    if (!ct.ready) return;
    setD(null);
    const now = Date.now();
    Promise.all([
      listQuestionPage({ status: 'open', teamId: ct.teamId }).catch(() => ({ questions: [] as Question[], total: 0, totalCapped: false })),
      listQuestions({ status: 'answered', teamId: ct.teamId }).catch(() => [] as Question[]),
      myInvites().catch(() => [] as PulseInvite[]),
      myHistory(4).catch(() => [] as HistoryWeek[]),
      myQuestions().then((l) => l.length).catch(() => 0),
      myUpvoteCount().catch(() => 0),
      pulseSummary('12w', ct.teamId).catch(() => null),
    ]).then(([open, answered, invites, history, asked, upvoted, summary]) => setD({
      open: open.questions, openTotal: countLabel(open.total, open.totalCapped), invites, history, asked, upvoted, summary,
      answeredThisWeek: answered.filter((q) => now - new Date(q.respondedAt || q.updatedAt || q.createdAt).getTime() < WEEK).length,
    }));
  }, [ct.ready, ct.teamId]);

  const first = (me?.name || '').trim().split(/\s+/)[0] || 'there';
  const welcome = settings?.branding?.welcomeMessage;
  const liveQ = d?.open.find((q) => (presentation.active && q.id === presentation.questionId) || hasTag(q, PRESENTING_TAG));
  const top = [...(d?.open ?? [])].sort((a, b) => b.upvotes - a.upvotes).slice(0, 3);
  const trending = d?.open.filter((q) => q.upvotes > 1 && Date.now() - new Date(q.updatedAt || q.createdAt).getTime() < WEEK).length ?? 0;

  return (
    <>
      <TeamContextBar ct={ct} submit />
      <div className="page max-w-7xl space-y-6">
        <div>
          <h1 className="h1">Welcome back, {first}! <span aria-hidden="true">👋</span></h1>
          <p className="muted">{welcome || `Here is what is happening in ${ct.team ? ct.team.name : 'all teams'}.`}</p>
        </div>
        {!d ? <Skeleton rows={3} /> : (
          <>
            {(liveQ || presentation.inScope(ct.teamId)) && (
              <Link to={liveQ ? `/questions/${liveQ.id}` : `/${ct.slug}/questions`} className="card flex items-center gap-3 border-green-400 p-4 hover:shadow-md focus:outline-none focus-visible:ring-2 focus-visible:ring-green-500">
                <span className="pill bg-green-600 text-white">● Live</span>
                <span className="min-w-0 flex-1 truncate font-medium">{liveQ ? liveQ.body : 'A presentation is running now'}</span>
                <span aria-hidden="true">›</span>
              </Link>
            )}
            <div className="grid gap-6 lg:grid-cols-3">
              <section className="card p-5" aria-labelledby="pulse-h">
                <h2 id="pulse-h" className="h2 flex items-center gap-2"><span aria-hidden="true">💙</span>Weekly Pulse
                  {d.invites.length > 0 && <span className="pill bg-theme-accent text-white">{d.invites.length}</span>}</h2>
                {d.invites.length > 0 ? (
                  <>
                    <p className="mt-3 font-medium">{d.invites[0].questionText}</p>
                    <p className="mt-1 text-sm muted">{d.invites.length === 1 ? '1 pending response' : `${d.invites.length} pending responses`}</p>
                    <Link to={`/pulse/check-in?token=${encodeURIComponent(d.invites[0].token)}`} className="btn-accent mt-4 w-full">Respond Now →</Link>
                  </>
                ) : (
                  <>
                    <p className="mt-3 text-sm muted">A short anonymous check-in each week shows how the team is doing. Nothing is waiting for you right now.</p>
                    <Link to={`/${ct.slug}/pulse/dashboard`} className="btn-primary mt-4 w-full">View Pulse Dashboard →</Link>
                  </>
                )}
              </section>
              <section className="card p-5 lg:col-span-2" aria-labelledby="qa-h">
                <h2 id="qa-h" className="h2"><span aria-hidden="true">💬 </span>Q&amp;A Activity</h2>
                <dl className="mt-4 grid grid-cols-3 gap-4 text-center">
                  <div><dt className="text-xs muted">Open Questions</dt><dd className="order-first text-3xl font-extrabold text-blue-600 dark:text-blue-400">{d.openTotal}</dd></div>
                  <div><dt className="text-xs muted">Answered This Week</dt><dd className="text-3xl font-extrabold text-green-700 dark:text-green-400">{d.answeredThisWeek}</dd></div>
                  <div><dt className="text-xs muted">Trending</dt><dd className="text-3xl font-extrabold text-orange-600 dark:text-orange-400">{trending}</dd></div>
                </dl>
                <Link to={`/${ct.slug}/questions`} className="btn-link mt-4 inline-block">View All Questions →</Link>
              </section>
            </div>
            <div className="grid gap-6 lg:grid-cols-3">
              <section className="card p-5 lg:col-span-1" aria-labelledby="trend-h">
                <h2 id="trend-h" className="h2"><span aria-hidden="true">📈 </span>Pulse Trend (12 weeks)</h2>
                {d.summary?.summary?.overallTrend?.length ? (
                  <div className="mt-3"><Sparkline points={d.summary.summary.overallTrend} label="Pulse trend" className="h-16 w-full max-w-xs" />
                    <p className="mt-1 text-xs muted">Weeks with too few responses are left as gaps.</p></div>
                ) : <p className="mt-3 text-sm muted">No pulse results yet.</p>}
                <Link to={`/${ct.slug}/pulse/dashboard`} className="btn-link mt-3 inline-block">Open Pulse dashboard →</Link>
              </section>
              <section className="card p-5" aria-labelledby="act-h">
                <h2 id="act-h" className="h2"><span aria-hidden="true">👤 </span>Your Activity</h2>
                <div className="mt-3 space-y-2">
                  <div className="rounded-md bg-blue-50 p-3 dark:bg-blue-950/40"><p className="flex justify-between font-semibold"><span>❓ Questions Asked</span><span>{d.asked}</span></p><p className="text-xs muted">Total across all teams</p></div>
                  <div className="rounded-md bg-orange-50 p-3 dark:bg-orange-950/40"><p className="flex justify-between font-semibold"><span>▲ Questions Upvoted</span><span>{d.upvoted}</span></p><p className="text-xs muted">Total upvotes you gave, all teams</p></div>
                </div>
              </section>
              <section className="card p-5" aria-labelledby="hist-h">
                <h2 id="hist-h" className="h2"><span aria-hidden="true">📈 </span>Your Pulse History</h2>
                {d.history.length ? (
                  <>
                    <ul className="mt-3 space-y-1 text-sm">{d.history.slice(0, 4).map((w) => (
                      <li key={w.weekStart} className={`flex justify-between rounded px-3 py-1.5 ${w.responseCount ? 'bg-theme-primary/10' : ''}`}>
                        <span>Week of {weekShort(w.weekStart)}</span>
                        {w.responseCount ? <span className="font-semibold text-theme-primary-ink">✓ Completed <span className="font-normal muted">({w.responseCount} check-in{w.responseCount === 1 ? '' : 's'})</span></span> : <span className="muted">No response</span>}
                      </li>
                    ))}</ul>
                    <p className="mt-2 text-sm">4-week participation: <strong>{d.history.slice(0, 4).filter((w) => w.responseCount).length} / 4 weeks</strong></p>
                  </>
                ) : <p className="mt-3 text-sm muted"><span aria-hidden="true">💙 </span>No responses yet — your weekly check-ins will show up here.</p>}
              </section>
            </div>
            {top.length ? (
              <section className="card p-5" aria-labelledby="top-h">
                <h2 id="top-h" className="h2"><span aria-hidden="true">🔥 </span>Trending This Week</h2>
                <ol className="mt-3 space-y-2">{top.map((q, i) => (
                  <li key={q.id}><Link to={`/questions/${q.id}`} className="flex items-start gap-4 rounded-md p-2 hover:bg-theme-primary/5 focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary">
                    <span className="text-2xl font-extrabold text-gray-400" aria-hidden="true">{i + 1}</span>
                    <span className="min-w-0 flex-1"><span className="line-clamp-2">{q.body}</span>
                      <span className="mt-1 flex items-center gap-2 text-xs"><span className="text-orange-600">▲</span> {q.upvotes} votes {!ct.teamId && <TeamChip name={q.team?.name} />}</span></span>
                  </Link></li>
                ))}</ol>
              </section>
            ) : (
              <section className="card p-8 text-center">
                <p className="text-4xl" aria-hidden="true">💬</p><h2 className="h2">No questions yet</h2>
                <p className="mt-1 text-sm muted">Be the first to ask what everyone is wondering.</p>
                <Link to={`/${ct.slug}`} className="btn-primary mt-4">Submit Your First Question</Link>
              </section>
            )}
          </>
        )}
      </div>
    </>
  );
}

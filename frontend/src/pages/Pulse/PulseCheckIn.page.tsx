/** In-app weekly pulse check-in for a token: one tap submits, then the next pending one (ui.md §8.10.1). */
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { ApiError } from '../../api/http';
import { myInvites, respondPulse } from '../../api/pulse';
import type { PulseInvite } from '../../api/types';
import { useUser } from '../../auth/UserContext';
import { Spinner } from '../../components/Feedback';
import { setTitle } from '../../config';
import { useSettings } from '../../theme/SettingsContext';
import { ScoreButtons } from './ScoreButtons';

type State = 'loading' | 'ready' | 'sending' | 'done' | 'error' | 'unknown';

export function PulseCheckInPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const preset = params.get('score');
  const { homeTeam } = useUser();
  const { anonThreshold } = useSettings();
  const navigate = useNavigate();
  const [invites, setInvites] = useState<PulseInvite[]>([]);
  const [state, setState] = useState<State>('loading');
  const [picked, setPicked] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [message, setMessage] = useState('');
  const startCount = useRef(0);
  const done = useRef(0);
  const home = `/${homeTeam?.slug ?? 'all'}/dashboard`;

  useEffect(() => setTitle('Weekly Pulse'), []);
  useEffect(() => {
    if (!token) return;
    setState('loading'); setPicked(null); setComment('');
    myInvites().then((list) => {
      setInvites(list);
      if (!startCount.current) startCount.current = list.length;
      const found = list.some((i) => i.token === token);
      if (preset !== null && preset !== '' && !Number.isNaN(Number(preset))) void submit(Number(preset), list);
      else setState(found ? 'ready' : 'unknown');
    }).catch(() => setState(preset ? 'ready' : 'unknown'));
  }, [token]); // eslint-disable-line react-hooks/exhaustive-deps

  const invite = invites.find((i) => i.token === token);
  const rest = invites.filter((i) => i.token !== token);

  async function submit(score: number, list = invites) {
    setPicked(score); setState('sending');
    try {
      await respondPulse(token, score, comment.trim() || undefined);
      done.current += 1;
      setState('done');
      const next = list.find((i) => i.token !== token);
      if (next) setTimeout(() => navigate(`/pulse/check-in?token=${encodeURIComponent(next.token)}`, { replace: true }), 1500);
      else setTimeout(() => navigate(home), 2000);
    } catch (e) {
      setMessage((e as ApiError).message || 'Your response could not be recorded.');
      setState('error');
    }
  }

  const card = (children: React.ReactNode) => <div className="page max-w-2xl"><div className="card p-6 text-center sm:p-8">{children}</div></div>;
  if (!token) return card(<><p className="text-4xl" aria-hidden="true">❌</p><h1 className="h1">Invalid Link</h1><p className="mt-2 muted">This check-in link has no token. Open it again from your e-mail or the dashboard.</p><Link to={home} className="btn-primary mt-4">Go to Dashboard</Link></>);
  if (state === 'loading') return card(<Spinner />);
  if (state === 'unknown') return card(<><p className="text-4xl" aria-hidden="true">🔎</p><h1 className="h1">Check-in not found</h1><p className="mt-2 muted">This link was already answered, has expired, or belongs to someone else. A new one comes with the next cycle.</p><Link to={home} className="btn-primary mt-4">Go to Dashboard</Link></>);
  if (state === 'error') return card(<><p className="text-4xl" aria-hidden="true">⚠️</p><h1 className="h1">Error</h1><p className="mt-2">{message}</p><Link to={home} className="btn-primary mt-4">Go to Dashboard</Link></>);
  if (state === 'done') {
    const total = Math.max(startCount.current, done.current);
    return card(
      <>
        <p className="text-5xl" aria-hidden="true">✅</p><h1 className="h1 mt-2">Thank You!</h1><p className="mt-2 muted">Your response was recorded.</p>
        {total > 1 && <p className="mt-4 font-semibold text-theme-primary-ink" role="status">{rest.length ? `✨ ${done.current} of ${total} complete - Loading next...` : `🎉 All ${total} pulses complete!`}</p>}
        <p className="mt-4 rounded-md bg-theme-primary/10 p-3 text-sm">🔒 Your answer is anonymous; results are only shown for groups of at least {anonThreshold} responses.</p>
        {!rest.length && <Link to={home} className="btn-primary mt-4">Back to Dashboard</Link>}
      </>,
    );
  }
  return (
    <div className="page max-w-2xl">
      <div className="card p-6 sm:p-8">
        <div className="text-center"><p className="text-4xl" aria-hidden="true">💙</p><h1 className="h1">Your Weekly Pulse</h1>
          <p className="mt-1 muted">A few seconds of honest feedback helps the team.</p>
          {homeTeam && <p className="mt-1 text-sm muted">for {homeTeam.name}</p>}</div>
        <div className="my-6 rounded-r-lg border-l-4 border-theme-primary bg-theme-primary/10 p-4 text-lg font-medium">{invite?.questionText ?? 'How are things going?'}</div>
        <ScoreButtons scale={invite?.scale ?? 'LIKERT_1_5'} disabled={state === 'sending'} selected={picked} onPick={(s) => void submit(s)} />
        {state === 'sending' && <div className="mt-3"><Spinner size="sm" label="Submitting..." /></div>}
        <details className="mt-5 text-sm">
          <summary className="cursor-pointer font-medium">Add a comment (optional)</summary>
          <label className="mt-2 block"><span className="sr-only">Comment</span>
            <textarea className="input" rows={3} maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} placeholder="Anything you want to add? Write it before you tap a score." /></label>
        </details>
        <p className="mt-5 rounded-md border border-green-200 bg-green-50 p-3 text-sm text-green-900 dark:border-green-800 dark:bg-green-950/40 dark:text-green-100">
          🔒 Your response is anonymous. Only aggregates of at least {anonThreshold} responses are ever shown.
        </p>
      </div>
    </div>
  );
}

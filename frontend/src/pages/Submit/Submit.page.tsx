/** Submit a question with the tenant's limits and clear moderation feedback (ui.md §8.5). */
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { createQuestion } from '../../api/qa';
import type { ApiError } from '../../api/http';
import { useUser } from '../../auth/UserContext';
import { TeamContextBar } from '../../components/TeamContextBar';
import { setTitle } from '../../config';
import { useSettings } from '../../theme/SettingsContext';
import { useCurrentTeam } from '../../teams/useTeam';
import { SimilarQuestions } from './SimilarQuestions';

type Result = { kind: 'published'; team: string } | { kind: 'review' } | { kind: 'refused'; message: string; reasons: string[]; ref: string | null };

export function SubmitPage() {
  const ct = useCurrentTeam();
  const { myTeams, homeTeam, roles, addOwnQuestion } = useUser();
  const { minLength, maxLength } = useSettings();
  const [text, setText] = useState('');
  const [pickedTeam, setPickedTeam] = useState<string>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  useEffect(() => setTitle(ct.name, 'Submit Question'), [ct.name]);
  useEffect(() => {
    if (!pickedTeam && myTeams.length) setPickedTeam((myTeams.find((t) => t.id === homeTeam?.id) ?? myTeams[0]).id);
  }, [myTeams, homeTeam, pickedTeam]);

  const teamId = ct.teamId ?? (pickedTeam || null);
  const teamName = ct.team?.name ?? myTeams.find((t) => t.id === teamId)?.name ?? '';
  const role = roles.roleIn(teamId);
  const readOnly = role === 'viewer';
  const noTeam = !teamId;
  const len = text.trim().length;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    if (len < minLength) { setError(`Your question must be at least ${minLength} characters (currently ${len}).`); return; }
    if (len > maxLength) { setError(`Your question must be at most ${maxLength} characters (currently ${len}).`); return; }
    if (!teamId) return;
    setBusy(true);
    try {
      const q = await createQuestion(text.trim(), teamId);
      if (q?.id) addOwnQuestion(q.id);
      setText('');
      setResult(q.status === 'UNDER_REVIEW' || /review/i.test(q.message ?? '') ? { kind: 'review' } : { kind: 'published', team: teamName });
    } catch (err) {
      const ae = err as ApiError;
      // A refusal by the content filter also names `body` as the failing field; show it as a
      // refusal with its reasons. Other field errors (length, ...) go under the text box.
      const refused = ae.code === 'content_refused' || Boolean(ae.reasons?.length) || Boolean(ae.moderationId);
      const field = ae.fieldMessage?.('body');
      if (field && !refused) setError(field);
      else setResult({ kind: 'refused', message: ae.message, reasons: ae.reasons ?? [], ref: ae.moderationId ?? null });
    } finally {
      setBusy(false);
    }
  };

  const desc = ct.team ? `Submitting to ${ct.team.name}` : 'Choose the team your question is for.';
  return (
    <>
      <TeamContextBar ct={ct} description={desc} />
      <div className="page max-w-2xl">
        <h1 className="h1 mb-6">Submit a Question</h1>
        {noTeam && !myTeams.length ? (
          <div className="mb-4 rounded-lg border border-yellow-300 bg-yellow-50 p-4 text-sm text-yellow-900 dark:border-yellow-700 dark:bg-yellow-950/40 dark:text-yellow-100" role="alert">
            <p className="font-semibold"><span aria-hidden="true">⚠️ </span>Select a Team to Submit Questions</p>
            <p>Every question belongs to a team, and you are not a member of any team yet. Ask an administrator to add you.</p>
          </div>
        ) : null}
        <form onSubmit={submit} className="card space-y-4 p-5" noValidate>
          {!ct.teamId && myTeams.length > 0 && (
            <label className="block"><span className="label">Team</span>
              <select className="input" value={pickedTeam} onChange={(e) => setPickedTeam(e.target.value)}>
                {myTeams.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
              </select>
            </label>
          )}
          <div>
            <label htmlFor="question-body" className="label">Your Question <span className="font-normal muted">({minLength}-{maxLength} characters)</span></label>
            <textarea id="question-body" rows={6} maxLength={maxLength} value={text} disabled={readOnly || noTeam}
              onChange={(e) => { setText(e.target.value); setError(null); }}
              placeholder={noTeam ? 'Pick a team first' : 'Ask your question here...'}
              aria-invalid={Boolean(error)} aria-describedby="question-help"
              className={`input ${error ? 'border-red-500 focus:border-red-500 focus:ring-red-300' : ''}`} />
            <p id="question-help" className={`mt-1 text-xs ${error ? 'text-red-600 dark:text-red-400' : 'muted'}`} aria-live="polite">{error ?? `${len}/${maxLength} characters`}</p>
          </div>
          {readOnly && <p className="text-sm text-amber-700 dark:text-amber-300">Your role in this team is viewer (read-only), so you cannot submit questions here.</p>}
          <button type="submit" className="btn-primary w-full" disabled={!text.trim() || busy || noTeam || readOnly}>
            {noTeam ? 'Select a Team First' : busy ? 'Submitting...' : 'Submit Question'}
          </button>
          <div aria-live="polite">
            {result?.kind === 'published' && <p className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900 dark:border-green-700 dark:bg-green-950/40 dark:text-green-100">✅ Your question was submitted successfully to {result.team}!</p>}
            {result?.kind === 'review' && (
              <div className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
                <p>⚠️ Your question is <strong>under review</strong>. It will appear once a moderator approves it.</p>
                <p className="mt-1">You can follow its status in <Link to="/profile/questions" className="font-semibold underline">My Questions</Link>.</p>
              </div>
            )}
            {result?.kind === 'refused' && (
              <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-700 dark:bg-red-950/40 dark:text-red-100">
                <p className="whitespace-pre-line font-semibold">{result.message}</p>
                {result.reasons.length > 0 && <><p className="mt-2">Reasons:</p><ul className="ml-5 list-disc">{result.reasons.map((r) => <li key={r}>{r}</li>)}</ul></>}
                {result.ref && <p className="mt-2 text-xs">(Reference: {result.ref})</p>}
              </div>
            )}
          </div>
        </form>
        {!readOnly && <SimilarQuestions text={text} teamId={teamId} />}
      </div>
    </>
  );
}

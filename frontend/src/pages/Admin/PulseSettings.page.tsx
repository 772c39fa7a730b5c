/** Weekly pulse settings: questions, schedule (with timezone), cohorts (ui.md §11.7). */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { adminPulseQuestions, getCohorts, type Cohort, type PulseQuestion } from '../../api/pulse';
import { ErrorBox, Spinner } from '../../components/Feedback';
import { Tabs } from '../../components/Tabs';
import { setTitle } from '../../config';
import { PulseQuestionsPanel } from './PulseQuestions';
import { PulseSchedulePanel } from './PulseSchedule';

export function PulseSettingsPanel() {
  const [tab, setTab] = useState('questions');
  const [questions, setQuestions] = useState<PulseQuestion[] | null>(null);
  const [cohorts, setCohorts] = useState<Cohort[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadQ = () => adminPulseQuestions().then(setQuestions).catch((e) => setError(e.message));
  useEffect(() => { void loadQ(); getCohorts().then(setCohorts).catch(() => setCohorts([])); }, []);

  return (
    <div>
      <Tabs label="Pulse settings" active={tab} onChange={setTab} tabs={[
        { id: 'questions', label: `Questions (${questions?.length ?? 0})` }, { id: 'schedule', label: 'Schedule' }, { id: 'cohorts', label: `Cohorts (${cohorts?.length ?? 0})` },
      ]} />
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="mt-5">
        {tab === 'questions' && (error ? <ErrorBox message={error} onRetry={() => void loadQ()} /> : !questions ? <Spinner label="Loading..." /> : <PulseQuestionsPanel questions={questions} reload={loadQ} />)}
        {tab === 'schedule' && <PulseSchedulePanel />}
        {tab === 'cohorts' && <CohortsPanel cohorts={cohorts} />}
      </div>
    </div>
  );
}

function CohortsPanel({ cohorts }: { cohorts: Cohort[] | null }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  if (!cohorts) return <Spinner />;
  return (
    <section>
      <h2 className="h2">Pulse Cohorts</h2>
      <p className="mb-4 text-sm muted">People are split automatically into cohorts that are invited on different runs, so nobody gets more than one invitation a week.</p>
      {!cohorts.length ? <p className="card p-6 text-center muted">No cohorts yet — they are created on the first scheduled run.</p> : (
        <ul className="grid gap-4 md:grid-cols-2">{cohorts.map((c) => {
          const all = open.has(c.id);
          const users = all ? c.users : c.users.slice(0, 10);
          return (
            <li key={c.id} className="card p-4">
              <p className="flex justify-between font-semibold"><span className="font-mono">{c.name}</span><span className="text-sm muted">{c.userCount} user{c.userCount === 1 ? '' : 's'}</span></p>
              <ul className="mt-2 space-y-1 text-sm">{users.map((u) => (
                <li key={u.id} className="flex items-center gap-2"><span className="flex h-6 w-6 items-center justify-center rounded-full bg-gray-200 text-xs dark:bg-gray-700" aria-hidden="true">{(u.name || u.email)[0]?.toUpperCase()}</span>
                  <span>{u.name || u.email}</span>{u.name && <span className="text-xs muted">{u.email}</span>}</li>
              ))}</ul>
              {c.users.length > 10 && <button type="button" className="btn-link mt-2" onClick={() => setOpen((s) => { const n = new Set(s); if (all) n.delete(c.id); else n.add(c.id); return n; })}>{all ? 'Show fewer' : `Show all (${c.users.length})`}</button>}
            </li>
          );
        })}</ul>
      )}
    </section>
  );
}

export function PulseSettingsStandalonePage() {
  useEffect(() => setTitle('Pulse Settings'), []);
  return (
    <div className="page max-w-5xl">
      <Link to="/admin?tab=pulse" className="btn-link">← Back to Admin</Link>
      <h1 className="h1 mt-2"><span aria-hidden="true">💙 </span>Weekly Pulse Settings</h1>
      <p className="mb-6 muted">Questions, schedule and cohorts for the weekly pulse.</p>
      <PulseSettingsPanel />
    </div>
  );
}

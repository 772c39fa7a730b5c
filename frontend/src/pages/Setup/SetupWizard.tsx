/** First-run setup wizard: demo data or your own organisation, first team and owner (ui.md §9). */
import { useState, type FormEvent, type ReactNode } from 'react';
import type { ApiError } from '../../api/http';
import { slugify, slugProblem } from '../../teams/slug';
import { completeSetup } from './setupApi';

type Step = 'welcome' | 'choose' | 'org' | 'admin' | 'team' | 'loading' | 'complete';
const ORDER: Step[] = ['choose', 'org', 'admin', 'team'];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function SetupWizard({ onDone }: { onDone(): void }) {
  const [step, setStep] = useState<Step>('welcome');
  const [mode, setMode] = useState<'demo' | 'default' | null>(null);
  const [org, setOrg] = useState('');
  const [admin, setAdmin] = useState({ name: '', email: '' });
  const [team, setTeam] = useState({ name: '', slug: '', description: '' });
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const go = (s: Step) => { setError(null); setStep(s); };
  const pickMode = (m: 'demo' | 'default') => {
    setMode(m);
    if (m === 'demo') {
      setOrg((o) => o || 'PulseStage Demo');
      setTeam((t) => (t.name ? t : { name: 'General', slug: 'general', description: 'Company-wide questions.' }));
    }
  };
  const finish = (e: FormEvent) => {
    e.preventDefault();
    const problem = !team.name.trim() ? 'Team name is required.' : slugProblem(team.slug);
    if (problem) { setError(problem); return; }
    setBusy(true); setError(null); setStep('loading');
    completeSetup({
      organizationName: org.trim(), ownerName: admin.name.trim(), ownerEmail: admin.email.trim(),
      teamName: team.name.trim(), teamSlug: team.slug, teamDescription: team.description.trim(), loadDemoData: mode === 'demo',
    }).then((r) => {
      if (mode === 'demo' && r.demoData && r.demoData.loaded === false) {
        setNotice(`Demo data could not be loaded${r.demoData.error ? ` (${r.demoData.error})` : ''}. You can still use the app without it.`);
      }
      setStep('complete');
    }).catch((err: ApiError) => {
      setError(err.fields?.length ? err.fields.map((f) => f.message).join('\n') : err.message || 'Something went wrong');
      setStep('team');
    }).finally(() => setBusy(false));
  };

  const index = ORDER.indexOf(step);
  const nav = (back: Step, next: ReactNode) => (
    <div className="mt-6 flex justify-between gap-2"><button type="button" className="btn-secondary" onClick={() => go(back)}>Back</button>{next}</div>
  );

  return (
    <div className="fixed inset-0 z-50 flex items-center justify-center overflow-y-auto bg-gray-900/80 p-4 backdrop-blur-sm">
      <main className="w-full max-w-2xl rounded-xl bg-white p-6 text-gray-900 shadow-2xl dark:bg-gray-900 dark:text-white sm:p-8" aria-labelledby="setup-h">
        {index >= 0 && <p className="mb-2 text-sm text-gray-500 dark:text-gray-400">Step {index + 1} of {ORDER.length}</p>}
        {error && <p role="alert" className="mb-4 whitespace-pre-line rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">{error}</p>}
        {step === 'welcome' && (
          <div className="text-center">
            <img src="/brand/pulsestage-icon-dark.svg" alt="" className="mx-auto h-16 w-16" />
            <h1 id="setup-h" className="mt-4 text-3xl font-bold">Welcome to PulseStage!</h1>
            <p className="mt-2 text-gray-600 dark:text-gray-300">Let's set up your first team.</p>
            <div className="mt-6 rounded-lg bg-blue-50 p-4 text-left text-sm text-blue-950 dark:bg-blue-950/40 dark:text-blue-100">
              <p className="font-semibold">Two ways to get started</p>
              <p className="mt-1">🎯 <strong>Demo Data</strong> — sample teams and questions to explore.</p>
              <p>✨ <strong>Default Install</strong> — your own organisation and team, starting fresh.</p>
            </div>
            <button type="button" className="btn-primary mt-6" onClick={() => go('choose')}>Get Started</button>
          </div>
        )}
        {step === 'choose' && (
          <div>
            <h1 id="setup-h" className="text-2xl font-bold">How would you like to start?</h1>
            <div className="mt-4 grid gap-4 sm:grid-cols-2" role="radiogroup" aria-label="Start mode">
              {([['demo', 'Demo Data', ['Sample teams and questions', 'Several test users to try each role', 'Example tags and pulse history']],
                ['default', 'Default Install', ['Your organisation and first team', 'A clean slate', 'Ready for production use']]] as const).map(([v, t, bullets]) => (
                <button key={v} type="button" role="radio" aria-checked={mode === v} onClick={() => pickMode(v)}
                  className={`rounded-lg border-2 p-4 text-left ${mode === v ? 'border-blue-500 bg-blue-50 dark:bg-blue-950/40' : 'border-gray-200 dark:border-gray-700'}`}>
                  <p className="font-semibold">{t}</p><ul className="mt-2 list-disc pl-5 text-sm">{bullets.map((b) => <li key={b}>{b}</li>)}</ul>
                </button>
              ))}
            </div>
            {nav('welcome', <button type="button" className="btn-primary" disabled={!mode} onClick={() => go('org')}>Continue</button>)}
          </div>
        )}
        {step === 'org' && (
          <form onSubmit={(e) => { e.preventDefault(); go('admin'); }}>
            <h1 id="setup-h" className="text-2xl font-bold">Name Your Organization</h1>
            <label className="mt-4 block"><span className="label">Organization Name *</span><input className="input" maxLength={100} autoFocus required value={org} placeholder="e.g. Acme Corporation" onChange={(e) => setOrg(e.target.value)} />
              <span className="help">Shown in the header and across the app.</span></label>
            {nav('choose', <button type="submit" className="btn-primary" disabled={!org.trim()}>Next: Create Admin</button>)}
          </form>
        )}
        {step === 'admin' && (
          <form onSubmit={(e) => { e.preventDefault(); if (!EMAIL.test(admin.email.trim())) { setError('Please enter a valid e-mail address.'); return; } go('team'); }}>
            <h1 id="setup-h" className="text-2xl font-bold">Create Your Admin Account</h1>
            <label className="mt-4 block"><span className="label">Your Name *</span><input className="input" maxLength={100} required autoFocus value={admin.name} onChange={(e) => setAdmin({ ...admin, name: e.target.value })} /></label>
            <label className="mt-3 block"><span className="label">Your Email *</span><input type="email" className="input" maxLength={255} required value={admin.email} onChange={(e) => setAdmin({ ...admin, email: e.target.value })} /></label>
            <p className="mt-4 rounded-md bg-blue-50 p-3 text-sm text-blue-950 dark:bg-blue-950/40 dark:text-blue-100">This person becomes the <strong>owner</strong> with full admin rights, and can add users and configure sign-in later.</p>
            {nav('org', <button type="submit" className="btn-primary" disabled={!admin.name.trim() || !admin.email.trim()}>Next: Create Team</button>)}
          </form>
        )}
        {step === 'team' && (
          <form onSubmit={finish} noValidate>
            <h1 id="setup-h" className="text-2xl font-bold">Create Your First Team</h1>
            <label className="mt-4 block"><span className="label">Team Name *</span><input className="input" maxLength={100} autoFocus value={team.name} onChange={(e) => setTeam({ ...team, name: e.target.value, slug: slugify(e.target.value) })} /></label>
            <label className="mt-3 block"><span className="label">Team Slug * (URL-friendly identifier)</span><input className="input font-mono" maxLength={50} value={team.slug} onChange={(e) => setTeam({ ...team, slug: e.target.value.toLowerCase() })} />
              <span className="help">Lowercase letters, numbers and hyphens.</span></label>
            <label className="mt-3 block"><span className="label">Description (optional)</span><textarea className="input" rows={3} maxLength={500} value={team.description} onChange={(e) => setTeam({ ...team, description: e.target.value })} /></label>
            {nav('admin', <button type="submit" className="btn-primary" disabled={busy}>{busy ? 'Creating...' : 'Complete Setup'}</button>)}
          </form>
        )}
        {step === 'loading' && (
          <div className="py-10 text-center" role="status">
            <span className="mx-auto block h-16 w-16 animate-spin rounded-full border-4 border-gray-200 border-t-blue-600" aria-hidden="true" />
            <h1 id="setup-h" className="mt-4 text-xl font-bold">{mode === 'demo' ? 'Setting Up and Loading Demo Data...' : 'Setting Up Your Account...'}</h1>
            <p className="mt-1 text-sm text-gray-500 dark:text-gray-400">This takes a few seconds.</p>
          </div>
        )}
        {step === 'complete' && (
          <div className="text-center">
            <p className="text-5xl" aria-hidden="true">✅</p>
            <h1 id="setup-h" className="mt-2 text-3xl font-bold">Setup Complete! 🎉</h1>
            <p className="mt-2 text-gray-600 dark:text-gray-300">Your team is ready.</p>
            {mode === 'demo' && !notice && <p className="mt-4 rounded-md bg-blue-50 p-3 text-sm text-blue-900">✅ Demo Data Loaded!</p>}
            {notice && <p className="mt-4 rounded-md bg-orange-50 p-3 text-sm text-orange-900">{notice}</p>}
            <ol className="mx-auto mt-5 max-w-md list-decimal space-y-1 pl-5 text-left text-sm">
              {(mode === 'demo' ? ['You are signed in as the owner; demo users can sign in from the sign-in page.', 'Explore questions, upvotes and the pulse.', 'Try moderation and presentation mode.']
                : ['You are signed in as the owner you just created.', 'Submit the first questions.', 'Invite members and configure sign-in in the Admin Panel.']).map((s) => <li key={s}>{s}</li>)}
            </ol>
            <button type="button" className="btn-primary mt-6" onClick={onDone}>Go to Dashboard</button>
          </div>
        )}
      </main>
    </div>
  );
}

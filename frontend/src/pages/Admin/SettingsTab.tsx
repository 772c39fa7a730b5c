/** Tenant settings: name, theme with live preview (Cancel restores), branding, limits, security, features. */
import { useEffect, useMemo, useState } from 'react';
import { getTenant, getTenantSettings, saveTenantName, saveTenantSettings, type TenantSettings } from '../../api/admin';
import type { ApiError } from '../../api/http';
import { ErrorBox, Spinner } from '../../components/Feedback';
import { savedOverrides, useSettings } from '../../theme/SettingsContext';
import { DEFAULT_THEME } from '../../theme/themes';
import { Message, type Msg } from './Message';
import { getPath, setPath, validateSettings } from './settingsRules';
import { ColorField, ThemePicker } from './ThemePicker';

const ROLES = [['viewer', 'Viewer (read-only)'], ['member', 'Member (can submit and upvote)'], ['moderator', 'Moderator (can moderate content)'], ['admin', 'Admin (can manage team)']];

export function SettingsTab() {
  const { setPreview, reload } = useSettings();
  const [tenant, setTenant] = useState<{ name: string; slug: string } | null>(null);
  const [name, setName] = useState('');
  const [saved, setSaved] = useState<TenantSettings | null>(null);
  const [draft, setDraft] = useState<TenantSettings>({});
  const [error, setError] = useState<string | null>(null);
  const [msg, setMsg] = useState<Msg>(null);
  const [busy, setBusy] = useState(false);

  const load = () => Promise.all([getTenant(), getTenantSettings()]).then(([t, s]) => {
    setTenant(t ?? null); setName(t?.name ?? ''); setSaved(s); setDraft(s);
  }).catch((e) => setError(e.message));
  useEffect(() => { void load(); return () => setPreview(null); }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(saved) || name !== (tenant?.name ?? ''), [draft, saved, name, tenant]);
  const errors = validateSettings(draft);
  const hasErrors = Object.keys(errors).length > 0 || !name.trim();
  const theme = String(getPath(draft, 'branding.theme') ?? DEFAULT_THEME);

  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => { e.preventDefault(); e.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const set = (path: string, v: unknown) => {
    const next = setPath(draft, path, v);
    setDraft(next);
    if (path.startsWith('branding.')) {
      // Same reading of the colour overrides as the saved settings get, so the preview shows
      // exactly what saving will show.
      setPreview({ theme: String(getPath(next, 'branding.theme') ?? DEFAULT_THEME), overrides: savedOverrides({ primaryColor: getPath(next, 'branding.primaryColor') as string | null, accentColor: getPath(next, 'branding.accentColor') as string | null }) });
    }
  };
  const cancel = () => { setDraft(saved ?? {}); setName(tenant?.name ?? ''); setPreview(null); setMsg(null); };
  const save = async () => {
    if (!dirty) { setMsg({ kind: 'ok', text: 'No changes to save' }); return; }
    setBusy(true);
    try {
      if (name !== tenant?.name) await saveTenantName(name.trim());
      if (JSON.stringify(draft) !== JSON.stringify(saved)) {
        const r = await saveTenantSettings(draft);
        setSaved(r?.settings ?? draft); setDraft(r?.settings ?? draft);
      }
      setTenant((t) => (t ? { ...t, name: name.trim() } : t));
      await reload();
      setPreview(null);
      setMsg({ kind: 'ok', text: 'Settings saved.' });
      setTimeout(() => setMsg(null), 3000);
    } catch (e) {
      const ae = e as ApiError;
      setMsg({ kind: 'err', text: ae.fields.length ? ae.fields.map((f) => `${f.field}: ${f.message}`).join('\n') : ae.message });
    } finally { setBusy(false); }
  };

  if (error) return <ErrorBox message={error} onRetry={() => void load()} />;
  if (!saved) return <Spinner label="Loading settings..." />;

  const num = (path: string, label: string, hint?: string) => (
    <label className="block"><span className="label">{label}</span>
      <input type="number" className={`input ${errors[path] ? 'border-red-500' : ''}`} value={String(getPath(draft, path) ?? '')} aria-invalid={Boolean(errors[path])}
        onChange={(e) => set(path, e.target.value === '' ? '' : Number(e.target.value))} />
      {errors[path] ? <span className="help text-red-600 dark:text-red-400">{errors[path]}</span> : hint && <span className="help">{hint}</span>}
    </label>
  );
  const toggle = (path: string, label: string) => (
    <label className="flex items-center gap-3 text-sm"><input type="checkbox" className="h-5 w-5" checked={Boolean(getPath(draft, path))} onChange={(e) => set(path, e.target.checked)} />{label}</label>
  );

  return (
    <div className="space-y-6">
      <h2 className="text-xl font-bold">Settings</h2>
      <Message msg={msg} />
      <section className="card space-y-3 p-5"><h3 className="h2">General Settings</h3><p className="text-sm muted">Basic information about your organisation.</p>
        <label className="block"><span className="label">Organization Name</span><input className="input" maxLength={100} value={name} placeholder="e.g. Acme Corporation" onChange={(e) => setName(e.target.value)} />
          <span className="help">Shown on the sign-in page and across the app.</span></label>
        <label className="block"><span className="label">Tenant Identifier</span><input className="input font-mono" value={tenant?.slug ?? ''} readOnly /><span className="help">Cannot be changed after creation.</span></label>
      </section>
      <section className="card space-y-4 p-5"><h3 className="h2">Theme &amp; Appearance</h3><p className="text-sm muted">Every theme has a light and a dark palette.</p>
        <ThemePicker value={theme} onChange={(t) => set('branding.theme', t)} />
        <p className="rounded-md bg-blue-50 p-3 text-sm text-blue-900 dark:bg-blue-950/40 dark:text-blue-100">💡 Changes preview instantly across the app and are kept only when you press "Save All Changes". Cancel restores the saved theme.</p>
        <div className="grid gap-4 md:grid-cols-2">
          <label className="block"><span className="label">Logo URL</span><input className="input" value={String(getPath(draft, 'branding.logoUrl') ?? '')} placeholder="https://…/logo.svg" onChange={(e) => set('branding.logoUrl', e.target.value || null)} /><span className="help">Shown in the navbar instead of the PulseStage wordmark.</span></label>
          <label className="block"><span className="label">Favicon URL</span><input className="input" value={String(getPath(draft, 'branding.faviconUrl') ?? '')} onChange={(e) => set('branding.faviconUrl', e.target.value || null)} /></label>
          <ColorField id="primary-color" label="Primary color override" value={String(getPath(draft, 'branding.primaryColor') ?? '')} error={errors['branding.primaryColor']} onChange={(v) => set('branding.primaryColor', v || null)} />
          <ColorField id="accent-color" label="Accent color override" value={String(getPath(draft, 'branding.accentColor') ?? '')} error={errors['branding.accentColor']} onChange={(v) => set('branding.accentColor', v || null)} />
        </div>
        <label className="block"><span className="label">Welcome message</span><input className="input" maxLength={200} value={String(getPath(draft, 'branding.welcomeMessage') ?? '')} onChange={(e) => set('branding.welcomeMessage', e.target.value || null)} /><span className="help">Shown on the sign-in page and the dashboard greeting.</span></label>
      </section>
      <section className="card space-y-3 p-5"><h3 className="h2">Question Settings</h3>
        <div className="grid gap-4 md:grid-cols-2">{num('questions.minLength', 'Minimum Length (characters)')}{num('questions.maxLength', 'Maximum Length (characters)')}</div>
        <p className="help">Min: 1-2000 characters, Max: 10-5000 characters</p>
      </section>
      <section className="card space-y-3 p-5"><h3 className="h2">User Settings</h3>
        <label className="block"><span className="label">Default Role for New Users</span>
          <select className="input" value={String(getPath(draft, 'users.defaultRole') ?? 'member')} onChange={(e) => set('users.defaultRole', e.target.value)}>{ROLES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select>
          <span className="help">The role someone gets when they first join.</span></label>
      </section>
      <section className="card space-y-3 p-5"><h3 className="h2">Security Settings</h3>
        <h4 className="font-semibold">Session Timeouts</h4>
        <div className="grid gap-4 md:grid-cols-2">{num('security.sessionTimeout', 'User Session Timeout (hours)', '1 hour to 30 days')}{num('security.adminSessionTimeout', 'Admin Session Timeout (hours)', '1 hour to 30 days')}</div>
        <h4 className="font-semibold">Rate Limits</h4>
        <div className="grid gap-4 md:grid-cols-2">{num('security.rateLimits.questionsPerHour', 'Questions per Hour')}{num('security.rateLimits.upvotesPerMinute', 'Upvotes per Minute')}{num('security.rateLimits.responsesPerHour', 'Responses per Hour')}{num('security.rateLimits.searchPerMinute', 'Searches per Minute')}</div>
      </section>
      <section className="card space-y-3 p-5"><h3 className="h2">Features</h3>
        {toggle('features.allowAnonymousQuestions', 'Allow anonymous questions')}
        {toggle('features.requireQuestionApproval', 'Require approval for every question')}
        {toggle('features.enableEmailNotifications', 'E-mail notifications')}
      </section>
      <div className="sticky bottom-0 z-30 -mx-4 border-t border-theme-border bg-theme-surface px-4 py-3 shadow-lg">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3">
          {hasErrors ? <p className="text-sm text-red-600 dark:text-red-400">Fix the highlighted fields before saving.</p> : dirty && <p className="text-sm text-amber-700 dark:text-amber-300">⚠️ You have unsaved changes</p>}
          <span className="ml-auto flex gap-2">
            {dirty && <button type="button" className="btn-secondary" onClick={cancel}>Cancel</button>}
            <button type="button" className="btn-primary" disabled={!dirty || busy || hasErrors} onClick={() => void save()}>{busy ? 'Saving...' : 'Save All Changes'}</button>
          </span>
        </div>
      </div>
    </div>
  );
}

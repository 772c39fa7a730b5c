/** Pulse schedule: on/off switch, day, time, timezone, rotating cohorts, threshold, reminder, manual trigger. */
import { useEffect, useState } from 'react';
import { getTenantSettings, saveTenantSettings } from '../../api/admin';
import { getSchedule, saveSchedule, triggerPulse, type PulseSchedule } from '../../api/pulse';
import { Spinner } from '../../components/Feedback';
import { ConfirmDialog } from '../../components/Modal';
import { useToast } from '../../components/Toast';
import { useSettings } from '../../theme/SettingsContext';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DEFAULT: PulseSchedule = { dayOfWeek: 1, timeOfDay: '09:00', rotatingCohorts: true, enabled: false, timezone: 'UTC' };

/** `pulse.reminderAfterDays`: null or 0 = no reminder, 1-6 = remind the unanswered after that many days. */
export function reminderDays(v: unknown): number | null {
  const n = typeof v === 'number' ? v : Number.NaN;
  return Number.isInteger(n) && n >= 1 && n <= 6 ? n : null;
}

function timezones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'];
}

export function PulseSchedulePanel() {
  const toast = useToast();
  const { reload } = useSettings();
  const [s, setS] = useState<PulseSchedule | null>(null);
  const [threshold, setThreshold] = useState(5);
  const [reminder, setReminder] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);

  useEffect(() => {
    getSchedule().then((r) => setS({ ...DEFAULT, ...(r ?? {}) })).catch((e) => { toast.error(e.message); setS(DEFAULT); });
    getTenantSettings().then((t) => {
      setThreshold(Number(t?.pulse?.anonThreshold ?? 5));
      setReminder(reminderDays(t?.pulse?.reminderAfterDays));
    }).catch(() => undefined);
  }, [toast]);
  if (!s) return <Spinner />;

  const save = async () => {
    if (!Number.isInteger(threshold) || threshold < 3) { toast.error('The anonymity threshold must be at least 3.'); return; }
    setBusy(true);
    try {
      await saveSchedule(s);
      await saveTenantSettings({ pulse: { anonThreshold: threshold, reminderAfterDays: reminder } });
      setS({ ...DEFAULT, ...((await getSchedule()) ?? s) });
      await reload();
      toast.success('Schedule saved');
    } catch (e) { toast.error((e as Error).message); } finally { setBusy(false); }
  };
  const trigger = async () => {
    setConfirm(false);
    try {
      const r = await triggerPulse();
      toast.success(r?.result ? `Pulse sent: ${r.result.sent} sent, ${r.result.failed} failed` : (r?.message ?? 'Pulse send triggered'));
    } catch (e) { toast.error((e as Error).message); }
  };

  return (
    <section className="card space-y-5 p-5">
      <h2 className="h2">Pulse Schedule</h2>
      <div className="flex items-center gap-4">
        <button type="button" role="switch" aria-checked={s.enabled} aria-labelledby="pulse-enable-l" onClick={() => setS({ ...s, enabled: !s.enabled })}
          className={`relative h-7 w-12 rounded-full transition ${s.enabled ? 'bg-green-500' : 'bg-gray-300 dark:bg-gray-600'}`}>
          <span className={`absolute top-1 h-5 w-5 rounded-full bg-white shadow transition-all ${s.enabled ? 'left-6' : 'left-1'}`} />
        </button>
        <div><p id="pulse-enable-l" className="font-semibold">Enable Pulse Invitations</p><p className="text-sm muted">Send the weekly invitations automatically.</p></div>
      </div>
      <div className="grid gap-4 md:grid-cols-3">
        <label className="block"><span className="label">Day of Week</span><select className="input" value={s.dayOfWeek} onChange={(e) => setS({ ...s, dayOfWeek: Number(e.target.value) })}>{DAYS.map((d, i) => <option key={d} value={i}>{d}</option>)}</select>
          <span className="help">Invitations will be sent every {DAYS[s.dayOfWeek]}</span></label>
        <label className="block"><span className="label">Time of Day</span><input type="time" className="input" value={s.timeOfDay} onChange={(e) => setS({ ...s, timeOfDay: e.target.value })} /></label>
        <label className="block"><span className="label">Timezone</span><select className="input" value={s.timezone ?? 'UTC'} onChange={(e) => setS({ ...s, timezone: e.target.value })}>{timezones().map((z) => <option key={z} value={z}>{z}</option>)}</select>
          <span className="help">The schedule runs in this timezone.</span></label>
      </div>
      <label className="flex items-start gap-3 text-sm"><input type="checkbox" className="mt-0.5 h-5 w-5" checked={s.rotatingCohorts} onChange={(e) => setS({ ...s, rotatingCohorts: e.target.checked })} />
        <span><span className="font-semibold">Use Rotating Cohorts</span><span className="block muted">Spread invitations over cohorts so nobody gets more than one a week.</span></span></label>
      <label className="block max-w-xs"><span className="label">Anonymity threshold</span>
        <input type="number" min={3} className="input" value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} />
        <span className="help">Results are hidden for any group with fewer responses (minimum 3).</span></label>
      <label className="block max-w-xs"><span className="label">Reminder</span>
        <select className="input" value={reminder ?? ''} onChange={(e) => setReminder(e.target.value ? Number(e.target.value) : null)}>
          <option value="">No reminder</option>
          {[1, 2, 3, 4, 5, 6].map((d) => <option key={d} value={d}>{`After ${d} day${d === 1 ? '' : 's'}`}</option>)}
        </select>
        <span className="help">One reminder e-mail to everyone who has not answered that many days after their invitation.</span></label>
      <div className="flex flex-wrap gap-2">
        <button type="button" className="btn-primary" disabled={busy} onClick={() => void save()}>{busy ? 'Saving...' : 'Save Schedule'}</button>
        <button type="button" className="btn-secondary" onClick={() => setConfirm(true)}>Send test pulse now</button>
      </div>
      {confirm && <ConfirmDialog title="Send a pulse now?" confirmLabel="Send now" onCancel={() => setConfirm(false)} onConfirm={() => void trigger()}
        message="Invitations go out right away to the next cohort, outside the schedule." />}
    </section>
  );
}

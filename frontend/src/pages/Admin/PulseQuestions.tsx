/** Pulse questions: add, edit inline, activate / deactivate, delete. */
import { useState } from 'react';
import { createPulseQuestion, deletePulseQuestion, updatePulseQuestion, type PulseQuestion } from '../../api/pulse';
import { isNps } from '../../charts/score';
import { ConfirmDialog } from '../../components/Modal';
import { Message, type Msg } from './Message';

const MAX = 200;
type Draft = { text: string; category: string; scale: string };

function QuestionForm({ initial, busy, hasResponses, onSave, onCancel }: { initial: Draft; busy: boolean; hasResponses?: boolean; onSave(d: Draft): void; onCancel(): void }) {
  const [d, setD] = useState(initial);
  return (
    <form className="space-y-3 rounded-lg border border-theme-border p-4" onSubmit={(e) => { e.preventDefault(); onSave(d); }}>
      <label className="block"><span className="label">Question Text *</span>
        <textarea className="input" rows={3} maxLength={MAX} autoFocus value={d.text} placeholder="How would you rate your workload this week?" onChange={(e) => setD({ ...d, text: e.target.value })} />
        <span className="help">{d.text.length}/{MAX}</span></label>
      <div className="grid gap-3 sm:grid-cols-2">
        <label className="block"><span className="label">Category</span><input className="input" value={d.category} placeholder="e.g. wellbeing, recognition" onChange={(e) => setD({ ...d, category: e.target.value })} /></label>
        <label className="block"><span className="label">Scale *</span><select className="input" value={d.scale} onChange={(e) => setD({ ...d, scale: e.target.value })}>
          <option value="LIKERT_1_5">1-5 Scale (Likert)</option><option value="NPS_0_10">0-10 Scale (NPS)</option></select>
          {hasResponses && d.scale !== initial.scale && <span className="help text-amber-700 dark:text-amber-300">This question already has responses; changing the scale makes old and new answers incomparable.</span>}</label>
      </div>
      <div className="flex gap-2"><button type="submit" className="btn-primary" disabled={busy || !d.text.trim()}>{busy ? 'Saving...' : 'Save Question'}</button><button type="button" className="btn-secondary" onClick={onCancel}>Cancel</button></div>
    </form>
  );
}

export function PulseQuestionsPanel({ questions, reload }: { questions: PulseQuestion[]; reload(): Promise<unknown> }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<PulseQuestion | null>(null);
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<Msg>(null);
  const run = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try { await fn(); setMsg({ kind: 'ok', text: ok }); setAdding(false); setEditing(null); await reload(); }
    catch (e) { setMsg({ kind: 'err', text: (e as Error).message }); } finally { setBusy(false); }
  };
  const payload = (d: Draft) => ({ text: d.text.trim(), category: d.category.trim() || null, scale: d.scale });

  return (
    <section>
      <div className="mb-3 flex items-center justify-between"><h2 className="h2">Pulse Questions</h2><button type="button" className="btn-primary" onClick={() => setAdding(true)}>+ Add Question</button></div>
      <Message msg={msg} />
      {adding && <div className="mb-4"><h3 className="mb-2 font-semibold">New Question</h3><QuestionForm busy={busy} initial={{ text: '', category: '', scale: 'LIKERT_1_5' }} onCancel={() => setAdding(false)} onSave={(d) => void run(() => createPulseQuestion(payload(d)), 'Question added.')} /></div>}
      {!questions.length ? <p className="card p-6 text-center muted">No questions yet. Add the first one to start the weekly pulse.</p> : (
        <ul className="space-y-3">{questions.map((q) => editing === q.id ? (
          <li key={q.id}><QuestionForm busy={busy} hasResponses={(q.responseCount ?? 1) > 0} initial={{ text: q.text, category: q.category ?? '', scale: q.scale }} onCancel={() => setEditing(null)}
            onSave={(d) => void run(() => updatePulseQuestion(q.id, { ...payload(d), active: q.active }), 'Question updated.')} /></li>
        ) : (
          <li key={q.id} className={`card p-4 ${q.active ? '' : 'opacity-70'}`}>
            <p className="font-medium">{q.text}</p>
            <div className="mt-2 flex flex-wrap items-center gap-2 text-xs">
              {q.category && <span className="pill bg-gray-100 text-gray-700 dark:bg-gray-800 dark:text-gray-200">{q.category}</span>}
              <span className="muted">{isNps(q.scale) ? '0-10 Scale (NPS)' : '1-5 Scale'}</span>
              <span className={q.active ? 'font-semibold text-green-700 dark:text-green-300' : 'muted'}>{q.active ? '✓ Active' : '○ Inactive'}</span>
              <span className="ml-auto flex gap-3 text-sm">
                <button type="button" className="btn-link" onClick={() => setEditing(q.id)}>Edit</button>
                <button type="button" className="btn-link" onClick={() => void run(() => updatePulseQuestion(q.id, { active: !q.active }), q.active ? 'Question deactivated.' : 'Question activated.')}>{q.active ? 'Deactivate' : 'Activate'}</button>
                <button type="button" className="text-red-600 dark:text-red-400 hover:underline" onClick={() => setRemoving(q)}>Delete</button>
              </span>
            </div>
          </li>
        ))}</ul>
      )}
      {removing && <ConfirmDialog title="Delete pulse question?" destructive confirmLabel="Delete" onCancel={() => setRemoving(null)}
        onConfirm={() => { const q = removing; setRemoving(null); void run(() => deletePulseQuestion(q.id), 'Question deleted.'); }}
        message="Its invitations and responses are deleted too. Deactivate it instead if you want to keep the history." />}
    </section>
  );
}

/** Full-screen, keyboard-only presentation of open questions, always dark (ui.md §10.1). */
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { plural, TagList } from '../../components/Atoms';
import { ConfirmDialog } from '../../components/Modal';
import { LiveIndicator } from '../../components/LiveIndicator';
import { setTitle } from '../../config';
import { useCurrentTeam } from '../../teams/useTeam';
import { useDeck } from './useDeck';

export const SHORTCUTS: [string, string][] = [
  ['Space / Enter / → / J', 'Next question (marks the current one Reviewed)'],
  ['← / K', 'Previous question (undoes Reviewed)'],
  ['H', 'Jump to the highest-upvoted unreviewed question'],
  ['Home / End', 'First / last question, without marking'],
  ['P', 'Pin or unpin the current question'],
  ['F', 'Freeze or unfreeze the current question'],
  ['?', 'Show or hide this help'],
  ['Esc', 'Exit presentation mode'],
];

export function PresentationPage() {
  const ct = useCurrentTeam();
  const navigate = useNavigate();
  const d = useDeck(ct.teamId, ct.ready);
  const [help, setHelp] = useState(true);
  const [chip, setChip] = useState<string | null>(null);
  const [idle, setIdle] = useState(false);
  const chipTimer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => setTitle(ct.name, 'Present'), [ct.name]);
  useEffect(() => { const t = setTimeout(() => setHelp(false), 3000); return () => clearTimeout(t); }, []);
  useEffect(() => {
    let t = setTimeout(() => setIdle(true), 3000);
    const move = () => { setIdle(false); clearTimeout(t); t = setTimeout(() => setIdle(true), 3000); };
    window.addEventListener('mousemove', move);
    return () => { clearTimeout(t); window.removeEventListener('mousemove', move); };
  }, []);

  const flash = (text: string) => {
    setChip(text);
    clearTimeout(chipTimer.current);
    chipTimer.current = setTimeout(() => setChip(null), 2000);
  };
  const exit = async () => {
    await d.exit();
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    if (window.history.length > 1) navigate(-1); else navigate(`/${ct.slug}/questions`);
  };
  const fullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void document.documentElement.requestFullscreen?.().catch(() => undefined);
  };

  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    const tag = (e.target as HTMLElement).tagName;
    if (['INPUT', 'TEXTAREA', 'SELECT'].includes(tag) || d.conflict || e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key;
    const act = (fn: () => void) => { e.preventDefault(); fn(); };
    if (k === ' ' || k === 'Enter' || k === 'ArrowRight' || k === 'j' || k === 'J') act(d.next);
    else if (k === 'ArrowLeft' || k === 'k' || k === 'K') act(d.previous);
    else if (k === 'h' || k === 'H') act(d.highest);
    else if (k === 'Home') act(d.first);
    else if (k === 'End') act(d.last);
    else if (k === 'p' || k === 'P') act(() => void d.pin().then((v) => v !== undefined && flash(v ? '📌 Pinned' : 'Unpinned')).catch(() => flash('Pin failed')));
    else if (k === 'f' || k === 'F') act(() => void d.freeze().then((v) => v !== undefined && flash(v ? '❄️ Frozen' : 'Unfrozen')).catch(() => flash('Freeze failed')));
    else if (k === '?') act(() => setHelp((h) => !h));
    else if (k === 'Escape') act(() => (help ? setHelp(false) : void exit()));
  };
  useEffect(() => {
    const on = (e: KeyboardEvent) => keys.current(e);
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, []);

  const shell = `fixed inset-0 overflow-hidden bg-gray-900 text-white ${idle ? 'cursor-hidden' : ''}`;
  if (d.loading) return <div className={`${shell} flex items-center justify-center text-2xl`} role="status">Loading presentation mode...</div>;
  if (d.error) return <div className={`${shell} flex items-center justify-center text-xl text-red-400`} role="alert">Error: {d.error}</div>;

  const q = d.current;
  const position = d.index >= 0 ? `Question ${d.index + 1} of ${d.deck.length}` : `${d.deck.length} questions`;
  return (
    <div className={shell}>
      <header className="absolute inset-x-4 top-4 flex flex-wrap items-start justify-between gap-3">
        <div>
          <img src="/brand/pulsestage-wordmark-light.svg" alt="PulseStage" className="h-12 w-auto" />
          <p className="mt-1 text-sm text-gray-400" aria-live="polite">{ct.name} • {position}</p>
        </div>
        <div className="flex items-center gap-3 text-sm text-gray-400">
          <LiveIndicator dark />
          <span className="hidden lg:inline">Space/Enter: Next • H: Highest Unreviewed • Esc: Exit • ?: Help</span>
          <button type="button" onClick={fullscreen} className="rounded-md border border-gray-600 px-3 py-2 text-white hover:bg-gray-800" title="Fullscreen (F11)">Fullscreen</button>
          <button type="button" onClick={() => void exit()} className="rounded-md bg-red-600 px-4 py-2 font-semibold text-white hover:bg-red-700">Exit</button>
        </div>
      </header>
      <main className="flex h-full items-center justify-center px-6 pt-24">
        {!d.deck.length ? (
          <div className="text-center">
            <h1 className="text-4xl font-bold">No Questions Available</h1>
            <p className="mt-3 text-gray-400">There are no open questions to present right now.</p>
            <button type="button" onClick={() => void exit()} className="mt-6 rounded-md bg-blue-600 px-5 py-2 font-semibold hover:bg-blue-700">Go Back</button>
          </div>
        ) : !q ? (
          <div className="text-center">
            <p className="text-6xl" aria-hidden="true">🎉</p>
            <h1 className="mt-4 text-4xl font-bold">All questions reviewed</h1>
            <p className="mt-3 text-gray-400">{plural(d.reviewedCount, 'question')} reviewed in this session. Press ← to go back.</p>
            <button type="button" onClick={() => void exit()} className="mt-6 rounded-md bg-red-600 px-5 py-2 font-semibold hover:bg-red-700">Exit</button>
          </div>
        ) : (
          <article className="w-full max-w-5xl text-center" aria-live="polite">
            <p className="text-6xl font-bold text-blue-400">{q.upvotes}</p>
            <p className="text-xl text-gray-400">{q.upvotes === 1 ? 'upvote' : 'upvotes'}</p>
            <div className="fade-mask mt-6 max-h-96 overflow-y-auto py-8">
              <h1 className="whitespace-pre-line text-3xl font-medium leading-relaxed md:text-4xl lg:text-5xl">{q.body}</h1>
            </div>
            <div className="mt-4 flex flex-wrap justify-center gap-3">
              {q.status === 'ANSWERED' && <span className="pill bg-green-600 px-4 py-1.5 text-base text-white">Answered</span>}
              {q.isPinned && <span className="pill bg-yellow-500 px-4 py-1.5 text-base text-gray-900">📌 Pinned</span>}
              {q.isFrozen && <span className="pill bg-sky-500 px-4 py-1.5 text-base text-gray-900">❄️ Frozen</span>}
              <TagList q={q} large />
            </div>
            {q.status === 'ANSWERED' && q.responseText && <p className="mx-auto mt-6 max-w-3xl rounded-lg bg-green-900/40 p-4 text-left text-lg text-green-100">{q.responseText}</p>}
          </article>
        )}
      </main>
      {chip && <div className="fixed bottom-8 left-1/2 -translate-x-1/2 rounded-full bg-white px-5 py-2 font-semibold text-gray-900 shadow-lg" role="status">{chip}</div>}
      {help && (
        <div className="fixed inset-0 flex items-center justify-center bg-black/70" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onClick={() => setHelp(false)}>
          <div className="w-full max-w-lg rounded-xl border border-gray-700 bg-gray-800 p-6 shadow-2xl">
            <h2 className="mb-4 text-xl font-semibold">Keyboard shortcuts</h2>
            <dl className="grid grid-cols-[auto,1fr] gap-x-6 gap-y-2 text-sm">
              {SHORTCUTS.map(([k, v]) => <div key={k} className="contents"><dt className="font-mono text-blue-300">{k}</dt><dd className="text-gray-200">{v}</dd></div>)}
            </dl>
            <p className="mt-4 text-xs text-gray-400">Press ? to toggle this help. Shortcuts are ignored while typing in a field.</p>
          </div>
        </div>
      )}
      {d.conflict && (
        <ConfirmDialog dark title="A presentation is already running — take over?" confirmLabel="Take over"
          message={`Another question is currently marked as presenting: "${d.conflict.body.slice(0, 120)}". Taking over clears that mark.`}
          onConfirm={() => void d.takeOver(true)} onCancel={() => void exit()} />
      )}
    </div>
  );
}

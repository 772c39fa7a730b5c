/** One-tap score buttons: 1–5 faces or 0–10 NPS, a radio group operable with arrow keys. */
import { useRef, type KeyboardEvent } from 'react';
import { isNps, LIKERT, NPS } from '../../charts/score';
import { chipStyle } from '../../theme/apply';

interface Props { scale: string; disabled: boolean; selected: number | null; onPick(score: number): void }

export function ScoreButtons({ scale, disabled, selected, onPick }: Props) {
  const opts = isNps(scale) ? NPS : LIKERT;
  const box = useRef<HTMLDivElement>(null);
  const onKey = (e: KeyboardEvent, i: number) => {
    const d = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!d) return;
    e.preventDefault();
    const btns = box.current?.querySelectorAll<HTMLButtonElement>('[role="radio"]');
    btns?.[(i + d + opts.length) % opts.length]?.focus();
  };
  return (
    <div ref={box} role="radiogroup" aria-label="Your score" className={`grid gap-2 ${isNps(scale) ? 'grid-cols-6 sm:grid-cols-11' : 'grid-cols-5'}`}>
      {opts.map((o, i) => {
        const on = selected === o.score;
        return (
          <button key={o.score} type="button" role="radio" aria-checked={on} disabled={disabled} title={o.label}
            aria-label={`${o.score} – ${o.label}`} tabIndex={on || (selected === null && i === 0) ? 0 : -1}
            onKeyDown={(e) => onKey(e, i)} onClick={() => onPick(o.score)}
            className="flex min-h-[56px] flex-col items-center justify-center rounded-xl border-2 bg-theme-bg font-bold text-theme-text transition hover:scale-110 focus:outline-none focus-visible:ring-4 focus-visible:ring-theme-primary/40 disabled:opacity-60 sm:min-h-[80px]"
            style={on ? { ...chipStyle(o.color), borderColor: o.color } : { borderColor: o.color }}>
            <span className="text-2xl" aria-hidden="true">{o.emoji}</span>
            <span>{o.score}</span>
          </button>
        );
      })}
    </div>
  );
}

/** Pulse score scale: colours, labels and emoji for 1–5 (Likert) and 0–10 (NPS) questions. */

export const isNps = (scale: string | null | undefined) => /nps|0_10|0-10/i.test(scale ?? '');
export const scaleMax = (scale: string | null | undefined) => (isNps(scale) ? 10 : 5);

// [from, fill colour, label, emoji, text classes]: the fills are for bars, dots and heatmap cells;
// figures written in a band's colour use the darker (light mode) / lighter (dark mode) text classes,
// which keep WCAG AA contrast on the page.
const BANDS: [number, string, string, string, string][] = [
  [4.5, '#22c55e', 'Excellent', '😄', 'text-green-700 dark:text-green-400'],
  [4.0, '#22c55e', 'Very Good', '🙂', 'text-green-700 dark:text-green-400'],
  [3.5, '#84cc16', 'Good', '😐', 'text-lime-700 dark:text-lime-400'],
  [3.0, '#eab308', 'Fair', '😕', 'text-yellow-700 dark:text-yellow-400'],
  [2.5, '#f97316', 'Needs Attention', '😞', 'text-orange-700 dark:text-orange-400'],
  [-Infinity, '#ef4444', 'Critical', '😞', 'text-red-700 dark:text-red-400'],
];

/** Band for an average on its own scale (NPS averages are halved to compare with 1–5 bands). */
export function band(avg: number, scale?: string | null): { color: string; label: string; emoji: string; text: string } {
  const v = isNps(scale) ? avg / 2 : avg;
  const [, color, label, emoji, text] = BANDS.find(([min]) => v >= min)!;
  return { color, label, emoji, text };
}

export const LEGEND = BANDS.slice(1).map(([min, color, label]) => ({ min, color, label }));

export const LIKERT = [
  { score: 1, label: 'Very Dissatisfied', emoji: '😞', color: '#ef4444' },
  { score: 2, label: 'Dissatisfied', emoji: '🙁', color: '#f97316' },
  { score: 3, label: 'Neutral', emoji: '😐', color: '#eab308' },
  { score: 4, label: 'Satisfied', emoji: '🙂', color: '#84cc16' },
  { score: 5, label: 'Very Satisfied', emoji: '😊', color: '#22c55e' },
];

const NPS_C = ['#ef4444', '#ef4444', '#f97316', '#f97316', '#f59e0b', '#eab308', '#a3e635', '#84cc16', '#4ade80', '#22c55e', '#10b981'];
const NPS_E = ['😞', '😞', '😕', '😕', '😐', '😐', '🙂', '🙂', '😊', '😄', '🤩'];
export const NPS = NPS_C.map((color, score) => ({ score, label: `${score} out of 10`, emoji: NPS_E[score], color }));

/** "Mar 3" from a YYYY-MM-DD week start (read as a local date). */
export function weekShort(weekStart: string): string {
  const [y, m, d] = weekStart.slice(0, 10).split('-').map(Number);
  return new Date(y, m - 1, d).toLocaleDateString('en-US', { month: 'short', day: 'numeric' });
}

/** Drivers heatmap: categories × weeks, coloured by score, locked cells for small groups. */
import type { PulseSummary } from '../api/types';
import { readableOn } from '../theme/apply';
import { band, LEGEND, weekShort } from './score';

export function Heatmap({ heatmap, weeks, threshold }: { heatmap: PulseSummary['heatmap']; weeks: string[]; threshold: number }) {
  const cats = Object.keys(heatmap ?? {}).sort((a, b) => label(a).localeCompare(label(b)));
  if (!cats.length) return <p className="text-sm muted">No categories have results yet.</p>;
  return (
    <div>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Drivers heatmap">
        <table className="min-w-full border-separate border-spacing-1 text-xs">
          <caption className="sr-only">Average score by category and week</caption>
          <thead><tr>
            <th scope="col" className="sticky left-0 z-10 bg-theme-surface px-2 text-left">Category</th>
            {weeks.map((w) => <th key={w} scope="col" className="whitespace-nowrap px-1 font-medium muted">{weekShort(w)}</th>)}
          </tr></thead>
          <tbody>{cats.map((c) => (
            <tr key={c}>
              <th scope="row" className="sticky left-0 z-10 whitespace-nowrap bg-theme-surface px-2 text-left font-semibold">{label(c)}</th>
              {weeks.map((w) => {
                const cell = heatmap[c]?.[w];
                if (!cell || cell.insufficient || cell.average === null) {
                  return <td key={w} className="h-9 min-w-[3rem] rounded bg-gray-200 text-center dark:bg-gray-700" title={`Fewer than ${threshold} responses`}><span aria-label={`${label(c)}, ${weekShort(w)}: insufficient data`}>🔒</span></td>;
                }
                const color = band(cell.average).color;
                return (
                  <td key={w} className="h-9 min-w-[3rem] rounded text-center font-semibold" style={{ backgroundColor: color, color: readableOn(color) }} title={`${label(c)}, ${weekShort(w)}: ${cell.average.toFixed(2)}`}>
                    {cell.average.toFixed(1)}
                  </td>
                );
              })}
            </tr>
          ))}</tbody>
        </table>
      </div>
      <ul className="mt-3 flex flex-wrap gap-3 text-xs" aria-label="Legend">
        {LEGEND.map((b) => <li key={b.label} className="flex items-center gap-1"><span className="h-3 w-3 rounded" style={{ backgroundColor: b.color }} aria-hidden="true" />{b.label}{Number.isFinite(b.min) ? ` (≥ ${b.min})` : ''}</li>)}
        <li className="flex items-center gap-1"><span aria-hidden="true">🔒</span>Fewer than {threshold} responses</li>
      </ul>
    </div>
  );
}

const label = (c: string) => (c === 'uncategorized' ? 'Uncategorized' : c.charAt(0).toUpperCase() + c.slice(1));

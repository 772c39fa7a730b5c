/** Discreet connection state for live screens: green "Live" or amber "Reconnecting…". */
import { useLiveStatus } from '../live/EventsContext';

export function LiveIndicator({ dark = false }: { dark?: boolean }) {
  const status = useLiveStatus();
  if (status === 'off') return null;
  const live = status === 'open';
  return (
    <span className={`inline-flex items-center gap-1.5 text-xs font-medium ${live ? (dark ? 'text-green-400' : 'text-green-700 dark:text-green-400') : 'text-amber-600 dark:text-amber-400'}`} role="status">
      <span className={`h-2 w-2 rounded-full ${live ? 'bg-green-500' : 'bg-amber-500'}`} aria-hidden="true" />
      {live ? 'Live' : status === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
    </span>
  );
}

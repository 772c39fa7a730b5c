/** Demo-mode banner under the navbar; dismissal lasts for the browser session. */
import { useState } from 'react';

const KEY = 'pulsestage-demo-banner-dismissed';

export function DemoBanner() {
  const [hidden, setHidden] = useState(() => {
    try { return window.sessionStorage.getItem(KEY) === '1'; } catch { return false; }
  });
  if (hidden) return null;
  const dismiss = () => {
    try { window.sessionStorage.setItem(KEY, '1'); } catch { /* ignore */ }
    setHidden(true);
  };
  return (
    <div className="bg-gradient-to-r from-blue-500 to-indigo-600 text-white" role="region" aria-label="Demo mode">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-3 px-4 py-2 text-sm sm:px-6 lg:px-8">
        <span className="flex h-7 w-7 items-center justify-center rounded bg-blue-800" aria-hidden="true">ℹ</span>
        <p className="flex-1"><strong>You are in demo mode.</strong> Sample data is reset every day, so feel free to try everything.</p>
        <a href="https://github.com/" target="_blank" rel="noopener noreferrer"
          className="order-last w-full rounded-md bg-white px-3 py-1.5 text-center font-semibold text-indigo-700 hover:bg-indigo-50 sm:order-none sm:w-auto">
          🚀 Deploy PulseStage for your team
        </a>
        <button type="button" onClick={dismiss} className="rounded p-1 hover:bg-white/20">
          <span aria-hidden="true">✕</span><span className="sr-only">Dismiss</span>
        </button>
      </div>
    </div>
  );
}

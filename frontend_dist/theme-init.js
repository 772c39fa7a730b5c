/* Applies the stored colour mode before React renders, so the first paint is in the right mode.
   A separate file (not inline) because the CSP allows scripts only from 'self'. */
(function () {
  try {
    var stored = window.localStorage.getItem('pulsestage-color-mode');
    var dark = stored === 'dark' ||
      ((stored === null || stored === 'system') &&
        window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
    if (dark) document.documentElement.classList.add('dark');
  } catch (e) { /* storage blocked: stay light */ }
})();

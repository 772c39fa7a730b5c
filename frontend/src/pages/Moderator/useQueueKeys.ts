/** Queue keyboard shortcuts: j/k move the focused row, x select, a answer, t tag, p pin, f freeze. */
import { useEffect, useRef, useState } from 'react';
import type { Question } from '../../api/types';
import type { RowActions } from './QueueRow';

export function useQueueKeys(items: Question[], selected: Set<string>, setSelected: (s: Set<string>) => void, actions: RowActions, enabled: boolean): number {
  const [focus, setFocus] = useState(-1);
  const state = useRef({ items, selected, actions, focus, enabled });
  state.current = { items, selected, actions, focus, enabled };
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const s = state.current;
      const tag = (e.target as HTMLElement).tagName;
      if (!s.enabled || ['INPUT', 'TEXTAREA', 'SELECT'].includes(tag) || e.ctrlKey || e.metaKey || e.altKey) return;
      const q = s.items[s.focus];
      const k = e.key.toLowerCase();
      if (k === 'j' || k === 'k') {
        e.preventDefault();
        const n = Math.max(0, Math.min(s.items.length - 1, s.focus + (k === 'j' ? 1 : -1)));
        setFocus(n);
        document.querySelector(`[data-qid="${s.items[n]?.id}"]`)?.scrollIntoView({ block: 'nearest' });
        return;
      }
      if (!q) return;
      if (k === 'x') { const n = new Set(s.selected); if (n.has(q.id)) n.delete(q.id); else n.add(q.id); setSelected(n); }
      else if (k === 'a' && q.status === 'OPEN') s.actions.answer(q);
      else if (k === 't') s.actions.tag(q);
      else if (k === 'p' && q.status !== 'UNDER_REVIEW') s.actions.pin(q);
      else if (k === 'f' && q.status !== 'UNDER_REVIEW') s.actions.freeze(q);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [setSelected]);
  return focus;
}

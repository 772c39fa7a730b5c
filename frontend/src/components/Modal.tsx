/** Dialog base: labelled, focus-trapped, Escape / backdrop close, focus returns to the opener. */
import { useEffect, useId, useRef, type ReactNode } from 'react';

// Open dialogs, innermost last: only the top one reacts to Escape and Tab.
const stack: object[] = [];

const FOCUSABLE = 'a[href], button:not([disabled]), textarea:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'md' | 'lg' | 'xl';
  dark?: boolean;
}

export function Modal({ title, onClose, children, footer, size = 'md', dark = false }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const el = panel.current;
    const first = el?.querySelector<HTMLElement>('[autofocus], [data-autofocus]') ?? el?.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? el)?.focus();
    const prevOverflow = document.body.style.overflow;
    document.body.style.overflow = 'hidden';
    const me = {};
    stack.push(me);
    const onKey = (e: KeyboardEvent) => {
      if (stack[stack.length - 1] !== me) return;
      if (e.key === 'Escape') { e.stopPropagation(); closeRef.current(); return; }
      if (e.key !== 'Tab' || !el) return;
      const items = Array.from(el.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((x) => x.offsetParent !== null);
      if (!items.length) return;
      const [a, z] = [items[0], items[items.length - 1]];
      if (e.shiftKey && document.activeElement === a) { e.preventDefault(); z.focus(); }
      else if (!e.shiftKey && document.activeElement === z) { e.preventDefault(); a.focus(); }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      stack.splice(stack.indexOf(me), 1);
      document.removeEventListener('keydown', onKey, true);
      document.body.style.overflow = prevOverflow;
      opener?.focus?.();
    };
  }, []);

  const width = size === 'xl' ? 'max-w-5xl' : size === 'lg' ? 'max-w-3xl' : 'max-w-2xl';
  const skin = dark ? 'bg-gray-800 text-white border-gray-700' : 'bg-theme-bg text-theme-text border-theme-border';
  return (
    <div className="fixed inset-0 z-[60] flex items-center justify-center p-4">
      <div className="absolute inset-0 bg-black/50" aria-hidden="true" onClick={onClose} />
      <div ref={panel} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1}
        className={`relative flex max-h-[90vh] w-full ${width} flex-col rounded-lg border shadow-xl focus:outline-none ${skin}`}>
        <div className="flex items-center justify-between border-b border-inherit px-5 py-4">
          <h2 id={titleId} className="text-xl font-semibold">{title}</h2>
          <button type="button" onClick={onClose} aria-label="Close modal" className="rounded p-1 text-2xl leading-none opacity-70 hover:opacity-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-theme-primary">×</button>
        </div>
        <div className="overflow-y-auto px-5 py-4">{children}</div>
        {footer && <div className="flex flex-wrap justify-end gap-2 border-t border-inherit px-5 py-3">{footer}</div>}
      </div>
    </div>
  );
}

interface ConfirmProps {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  destructive?: boolean;
  busy?: boolean;
  dark?: boolean;
  onConfirm(): void;
  onCancel(): void;
  children?: ReactNode;
}

/** Confirmation dialog: Cancel + action (red when destructive); Escape cancels. */
export function ConfirmDialog({ title, message, confirmLabel, destructive, busy, dark, onConfirm, onCancel, children }: ConfirmProps) {
  return (
    <Modal title={title} onClose={onCancel} dark={dark} footer={(
      <>
        <button type="button" className="btn-secondary" onClick={onCancel} data-autofocus>Cancel</button>
        <button type="button" className={destructive ? 'btn-danger' : 'btn-primary'} onClick={onConfirm} disabled={busy}>
          {busy ? 'Working...' : confirmLabel}
        </button>
      </>
    )}>
      <div className="space-y-3 text-sm">{typeof message === 'string' ? <p>{message}</p> : message}{children}</div>
    </Modal>
  );
}

/** In-app toasts (never window.alert): bottom-right, auto-hide after 4 s. */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

type Kind = 'success' | 'error' | 'info';
interface ToastItem { id: number; kind: Kind; text: string }
interface Ctx { show(kind: Kind, text: string): void }

const ToastCtx = createContext<Ctx>({ show: () => undefined });

const KIND_CLASS: Record<Kind, string> = {
  success: 'bg-green-600 text-white',
  error: 'bg-red-600 text-white',
  info: 'bg-blue-600 text-white',
};

export function ToastProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<ToastItem[]>([]);
  const next = useRef(1);
  const dismiss = (id: number) => setItems((l) => l.filter((t) => t.id !== id));
  const show = useCallback((kind: Kind, text: string) => {
    const id = next.current++;
    setItems((l) => [...l.slice(-3), { id, kind, text }]);
    setTimeout(() => dismiss(id), 4000);
  }, []);
  const value = useMemo(() => ({ show }), [show]);
  return (
    <ToastCtx.Provider value={value}>
      {children}
      <div className="pointer-events-none fixed inset-x-0 bottom-4 z-[70] flex flex-col items-center gap-2 px-4 sm:items-end">
        {items.map((t) => (
          <div key={t.id} role={t.kind === 'error' ? 'alert' : 'status'}
            className={`pointer-events-auto flex max-w-md items-start gap-3 rounded-lg px-4 py-3 text-sm shadow-lg ${KIND_CLASS[t.kind]}`}>
            <span className="whitespace-pre-line">{t.text}</span>
            <button type="button" onClick={() => dismiss(t.id)} aria-label="Dismiss notification" className="ml-auto opacity-80 hover:opacity-100">✕</button>
          </div>
        ))}
      </div>
    </ToastCtx.Provider>
  );
}

/** toast.success / toast.error / toast.info */
export function useToast() {
  const { show } = useContext(ToastCtx);
  return useMemo(() => ({
    success: (t: string) => show('success', t),
    error: (t: string) => show('error', t),
    info: (t: string) => show('info', t),
  }), [show]);
}

/** Inline result banner (green success / red error) used by admin forms. */
export type Msg = { kind: 'ok' | 'err'; text: string } | null;

export function Message({ msg }: { msg: Msg }) {
  if (!msg) return null;
  const cls = msg.kind === 'ok'
    ? 'border-green-300 bg-green-50 text-green-900 dark:border-green-800 dark:bg-green-950/40 dark:text-green-100'
    : 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950/40 dark:text-red-100';
  return <p role={msg.kind === 'err' ? 'alert' : 'status'} className={`mb-3 whitespace-pre-line rounded-md border p-3 text-sm ${cls}`}>{msg.text}</p>;
}

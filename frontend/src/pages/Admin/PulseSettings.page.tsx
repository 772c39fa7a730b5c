/** Placeholder until this page lands. */
export function PulseSettingsStandalonePage(_props: Record<string, unknown>) {
  return <div className="page max-w-4xl"><h1 className="h1">Coming soon</h1></div>;
}

/** First-run setup: one call creates the organisation, owner and first team (open only until done). */
import { get, post, resetCsrf } from '../../api/http';

export interface SetupForm {
  organizationName: string; ownerName: string; ownerEmail: string;
  teamName: string; teamSlug: string; teamDescription?: string; loadDemoData: boolean;
}

export interface SetupResult { demoData?: { requested?: boolean; loaded?: boolean; error?: string } }

/** POST /api/setup/complete; the server signs the new owner in, so the CSRF token changes. */
export async function completeSetup(form: SetupForm): Promise<SetupResult> {
  const r = await post<SetupResult>('/setup/complete', { ...form, teamDescription: form.teamDescription || undefined });
  resetCsrf();
  return r ?? {};
}

export const status = () => get<{ needsSetup: boolean }>('/setup/status', { quiet401: true });

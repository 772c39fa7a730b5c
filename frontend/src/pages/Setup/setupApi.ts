/** First-run setup calls (open only until setup is complete). */
import { get, patch, post } from '../../api/http';

export const loadDemoData = () => post('/setup/demo-data');
export const nameTenant = (name: string) => patch('/setup/tenant', { name });
export const createFirstTeam = (t: { name: string; slug: string; description: string }) => post<{ team: { id: string } }>('/setup/team', t);
export const createOwner = (u: { name: string; email: string; teamId: string }) => post('/setup/admin-user', u);
export const status = () => get<{ needsSetup: boolean }>('/setup/status', { quiet401: true });

/** Poll until the server says setup is done (or give up after ~20 s). */
export async function waitForSetup(): Promise<void> {
  for (let i = 0; i < 20; i++) {
    try { if (!(await status()).needsSetup) return; } catch { /* restarting */ }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

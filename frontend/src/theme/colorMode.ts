/** Light / dark / system preference, stored in localStorage `pulsestage-color-mode`. */
import type { Mode } from './themes';

export type ModePreference = Mode | 'system';
export const MODE_KEY = 'pulsestage-color-mode';

export function readPreference(storage: Pick<Storage, 'getItem'> | null): ModePreference {
  try {
    const v = storage?.getItem(MODE_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

export function resolveMode(pref: ModePreference, systemDark: boolean): Mode {
  if (pref === 'system') return systemDark ? 'dark' : 'light';
  return pref;
}

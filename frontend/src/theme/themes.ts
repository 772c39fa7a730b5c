/** The four tenant themes of ui.md §12.1, each with a light and a dark palette. */

export type ThemeName = 'executive-blue' | 'modern-purple' | 'refined-teal' | 'indigo-professional';
export type Mode = 'light' | 'dark';

export interface Palette {
  primary: string; secondary: string; accent: string; background: string;
  surface: string; text: string; textSecondary: string; border: string;
}

export interface Theme { name: ThemeName; label: string; description: string; light: Palette; dark: Palette }

const p = (...c: string[]): Palette => ({
  primary: c[0], secondary: c[1], accent: c[2], background: c[3],
  surface: c[4], text: c[5], textSecondary: c[6], border: c[7],
});

export const THEMES: Theme[] = [
  {
    name: 'executive-blue', label: 'Executive Blue',
    description: 'Calm corporate blues for a professional, boardroom feel.',
    light: p('#1E40AF', '#3B82F6', '#10B981', '#FFFFFF', '#F8FAFC', '#0F172A', '#64748B', '#E2E8F0'),
    dark: p('#3B82F6', '#60A5FA', '#34D399', '#0F172A', '#1E293B', '#F1F5F9', '#94A3B8', '#334155'),
  },
  {
    name: 'modern-purple', label: 'Modern Purple',
    description: 'Creative and lively, with warm amber highlights.',
    light: p('#7C3AED', '#A78BFA', '#F59E0B', '#FFFFFF', '#FAFAF9', '#1C1917', '#78716C', '#E7E5E4'),
    dark: p('#A78BFA', '#C4B5FD', '#FCD34D', '#1C1917', '#292524', '#FAFAF9', '#A8A29E', '#44403C'),
  },
  {
    name: 'refined-teal', label: 'Refined Teal',
    description: 'The original PulseStage brand, polished. The default.',
    light: p('#0D9488', '#14B8A6', '#F97316', '#FFFFFF', '#F0FDFA', '#134E4A', '#6B7280', '#CCFBF1'),
    dark: p('#14B8A6', '#2DD4BF', '#FB923C', '#0F1419', '#1A2332', '#F0FDFA', '#9CA3AF', '#134E4A'),
  },
  {
    name: 'indigo-professional', label: 'Indigo Professional',
    description: 'Crisp modern SaaS look for technical teams.',
    light: p('#4F46E5', '#6366F1', '#EC4899', '#FFFFFF', '#F9FAFB', '#111827', '#6B7280', '#E5E7EB'),
    dark: p('#6366F1', '#818CF8', '#F472B6', '#0A0A0F', '#18181B', '#FAFAFA', '#A1A1AA', '#27272A'),
  },
];

export const DEFAULT_THEME: ThemeName = 'refined-teal';

export function getTheme(name: string | null | undefined): Theme {
  return THEMES.find((t) => t.name === name) ?? THEMES.find((t) => t.name === DEFAULT_THEME)!;
}

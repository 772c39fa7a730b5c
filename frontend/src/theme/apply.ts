/** Turning a theme + mode + branding overrides into CSS custom properties on <html>. */
import { getTheme, type Mode, type Palette } from './themes';

export interface BrandingOverrides { primaryColor?: string | null; accentColor?: string | null }

const HEX = /^#([0-9a-f]{6})$/i;

export function hexToRgb(hex: string): [number, number, number] | null {
  const m = HEX.exec(hex.trim());
  if (!m) return null;
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG relative luminance of a hex colour (0..1). */
export function luminance(hex: string): number {
  const rgb = hexToRgb(hex);
  if (!rgb) return 0;
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Text colour to put on a filled background: white when it reaches AA (4.5:1), else the better of white / near-black. */
export function readableOn(bg: string, dark = '#0B1221'): string {
  const white = contrastRatio(bg, '#FFFFFF');
  return white >= 4.5 || white >= contrastRatio(bg, dark) ? '#FFFFFF' : dark;
}

const TOKENS: [keyof Palette, string][] = [
  ['primary', 'primary'], ['secondary', 'secondary'], ['accent', 'accent'],
  ['background', 'background'], ['surface', 'surface'], ['text', 'text'],
  ['textSecondary', 'text-secondary'], ['border', 'border'],
];

/** The palette in use after branding overrides (valid hex only). */
export function effectivePalette(themeName: string, mode: Mode, branding: BrandingOverrides = {}): Palette {
  const base = { ...getTheme(themeName)[mode] };
  if (branding.primaryColor && HEX.test(branding.primaryColor)) base.primary = branding.primaryColor;
  if (branding.accentColor && HEX.test(branding.accentColor)) base.accent = branding.accentColor;
  return base;
}

/** CSS variables for a palette: --color-x (hex) and --rgb-x ("r g b", for alpha utilities). */
export function themeVariables(palette: Palette): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [key, css] of TOKENS) {
    vars[`--color-${css}`] = palette[key];
    vars[`--rgb-${css}`] = (hexToRgb(palette[key]) ?? [0, 0, 0]).join(' ');
  }
  const on = readableOn(palette.primary);
  vars['--rgb-on-primary'] = (hexToRgb(on) ?? [255, 255, 255]).join(' ');
  return vars;
}

interface StyleTarget { style: { setProperty(name: string, value: string): void } }

/** Write the variables on an element (style.setProperty is allowed by the CSP). */
export function applyVariables(el: StyleTarget, vars: Record<string, string>): void {
  for (const [k, v] of Object.entries(vars)) el.style.setProperty(k, v);
}

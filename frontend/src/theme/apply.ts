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

function toHex(rgb: [number, number, number]): string {
  return `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}

/** `a` moved a fraction `t` (0..1) of the way to `b`. */
export function mix(a: string, b: string, t: number): string {
  const x = hexToRgb(a);
  const y = hexToRgb(b);
  if (!x || !y) return a;
  return toHex([0, 1, 2].map((i) => x[i] + (y[i] - x[i]) * t) as [number, number, number]);
}

/**
 * A colour as close to `color` as possible that reaches `ratio` against every one of `backgrounds`,
 * moving it towards `towards` (the palette's text colour: dark in light mode, light in dark mode).
 * Themes keep their brand colours for fills; text in those colours uses this "ink" (WCAG AA).
 */
export function inkOn(color: string, backgrounds: string[], towards: string, ratio = 4.5): string {
  for (let step = 0; step <= 20; step++) {
    const c = mix(color, towards, step / 20);
    if (backgrounds.every((bg) => contrastRatio(c, bg) >= ratio)) return c;
  }
  return towards;
}

/** Text colour to put on a filled background: white when it reaches AA (4.5:1), else the better of white / near-black. */
export function readableOn(bg: string, dark = '#0B1221'): string {
  const white = contrastRatio(bg, '#FFFFFF');
  return white >= 4.5 || white >= contrastRatio(bg, dark) ? '#FFFFFF' : dark;
}

/** Background and text for a chip in a user-chosen colour: the colour darkened just enough for AA text. */
export function chipColors(color: string): { background: string; color: string } {
  for (let step = 0; step <= 20; step++) {
    const bg = mix(color, '#000000', step / 40);
    const fg = readableOn(bg);
    if (contrastRatio(bg, fg) >= 4.5) return { background: bg, color: fg };
  }
  return { background: '#374151', color: '#FFFFFF' };
}

/** `chipColors` as an inline style; invalid colours fall back to grey. */
export function chipStyle(color: string): { backgroundColor: string; color: string } {
  const chip = chipColors(HEX.test(color) ? color : '#6B7280');
  return { backgroundColor: chip.background, color: chip.color };
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
  const rgb = (hex: string) => (hexToRgb(hex) ?? [0, 0, 0]).join(' ');
  vars['--rgb-on-primary'] = rgb(readableOn(palette.primary));
  vars['--rgb-on-accent'] = rgb(readableOn(palette.accent));
  // Text in the brand colour and secondary text stay readable on the page, on cards, and on the
  // light tints the app lays under them (primary at 10 %, pale status backgrounds).
  const grounds = [palette.background, palette.surface, mix(palette.surface, palette.primary, 0.1), mix(palette.surface, '#3B82F6', 0.08)];
  vars['--rgb-primary-ink'] = rgb(inkOn(palette.primary, grounds, palette.text));
  vars['--rgb-text-secondary'] = rgb(inkOn(palette.textSecondary, grounds, palette.text));
  return vars;
}

interface StyleTarget { style: { setProperty(name: string, value: string): void } }

/** Write the variables on an element (style.setProperty is allowed by the CSP). */
export function applyVariables(el: StyleTarget, vars: Record<string, string>): void {
  for (const [k, v] of Object.entries(vars)) el.style.setProperty(k, v);
}

/** Tailwind setup: class-based dark mode and the theme tokens as CSS variables (see src/theme). */
export default {
  content: ['./index.html', './src/**/*.{ts,tsx}'],
  darkMode: 'class',
  theme: {
    extend: {
      fontFamily: {
        sans: ['Manrope', 'system-ui', '-apple-system', 'BlinkMacSystemFont', 'Segoe UI', 'Roboto', 'sans-serif'],
      },
      colors: {
        pulse: {
          dark: '#0B1221', accent: '#00B3A4', 'accent-light': '#26C5B8', 'accent-dark': '#008B7D',
          surface: '#1A2332', 'text-light': '#F9FAFB', 'text-dark': '#0B1221',
        },
        theme: {
          primary: 'rgb(var(--rgb-primary) / <alpha-value>)',
          secondary: 'rgb(var(--rgb-secondary) / <alpha-value>)',
          accent: 'rgb(var(--rgb-accent) / <alpha-value>)',
          bg: 'rgb(var(--rgb-background) / <alpha-value>)',
          surface: 'rgb(var(--rgb-surface) / <alpha-value>)',
          text: 'rgb(var(--rgb-text) / <alpha-value>)',
          muted: 'rgb(var(--rgb-text-secondary) / <alpha-value>)',
          border: 'rgb(var(--rgb-border) / <alpha-value>)',
          'on-primary': 'rgb(var(--rgb-on-primary) / <alpha-value>)',
          'on-accent': 'rgb(var(--rgb-on-accent) / <alpha-value>)',
          // The primary colour for text: adjusted per palette to reach WCAG AA on the page (theme/apply.ts).
          'primary-ink': 'rgb(var(--rgb-primary-ink) / <alpha-value>)',
        },
      },
    },
  },
  plugins: [],
};

import { theme, type ThemeConfig } from 'antd';

// Ant Design's default colours put text below WCAG 2.1 AA contrast (4.5:1) in many places: white on
// the primary blue, secondary text, status and coloured tags. These seeds keep its look, a shade darker.
const presetColors = [
  'blue',
  'purple',
  'cyan',
  'green',
  'magenta',
  'pink',
  'red',
  'orange',
  'yellow',
  'volcano',
  'geekblue',
  'lime',
  'gold',
] as const;

const defaults = theme.getDesignToken();

/** A coloured tag writes in its palette's shade 7 on shade 1: shade 9 is dark enough on every palette. */
const tagTextShades = Object.fromEntries(presetColors.map((color) => [`${color}7`, defaults[`${color}9`]]));

const accessibleTheme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorInfo: '#0958d9',
    colorSuccess: '#237804',
    colorWarning: '#874d00',
    colorError: '#cf1322',
    // The darker seeds would also darken the light backgrounds made from them: keep the usual ones.
    ...Object.fromEntries(
      (['Info', 'Success', 'Warning', 'Error'] as const).flatMap((status) => [
        [`color${status}Bg`, defaults[`color${status}Bg`]],
        [`color${status}Border`, defaults[`color${status}Border`]],
      ]),
    ),
    colorTextSecondary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    ...tagTextShades,
  },
  components: {
    // A table with no rows says so in the disabled grey; it is a sentence to read, not a disabled control.
    Table: { colorTextDisabled: 'rgba(0, 0, 0, 0.62)' },
  },
};

/**
 * The console's theme. Someone who asked their system for less motion (WCAG 2.3.3) gets none:
 * no fading, sliding or spinning in, things simply appear.
 */
export const consoleTheme = (reducedMotion: boolean): ThemeConfig => ({
  ...accessibleTheme,
  token: { ...accessibleTheme.token, motion: !reducedMotion },
});

export const prefersReducedMotion = (): boolean =>
  typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

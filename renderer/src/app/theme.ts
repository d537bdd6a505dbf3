import { createTheme } from '@mantine/core';

/** Large, legible defaults: the cart is read standing up, a step back from the screen. */
export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI", Roboto, "Helvetica Neue", system-ui, sans-serif',
  fontFamilyMonospace: '"JetBrains Mono", "SFMono-Regular", Menlo, Consolas, monospace',
  headings: { fontWeight: '700' },
  fontSizes: { md: '15px' },
});

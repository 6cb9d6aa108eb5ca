import { defineConfig } from 'vitest/config';

// Generous timeouts: end-to-end tests build whole issues and start LibreOffice,
// and CI machines are slower than a developer's. Speed is measured by
// `npm run bench`, never by test timeouts.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});

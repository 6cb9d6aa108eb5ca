import { defineConfig } from 'vitest/config';

// Generous timeouts: end-to-end tests build whole issues and start LibreOffice,
// and CI machines are slower than a developer's. Speed is measured by
// `npm run bench`, never by test timeouts.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // every test's files under one folder, removed after the run (KEEP_TEST_FILES=1 keeps it)
    globalSetup: ['tests/global-temp.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});

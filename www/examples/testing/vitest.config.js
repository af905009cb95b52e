import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';

// One test file, two places: happy-dom in Node, and Chromium driven by Playwright (browser
// mode). Debian's Chromium: Playwright's own browser builds are a download this example
// does without; running as root needs --no-sandbox.
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  test: {
    include: ['test/vitest/**/*.test.js'],
    projects: [
      { extends: true, test: { name: 'happy-dom', environment: 'happy-dom', exclude: ['test/**/*.browser.test.js'] } },
      {
        extends: true,
        // The package finds its wasm beside its module: served as it is, not pre-bundled.
        optimizeDeps: { exclude: ['drush-io-embed'] },
        // MSW's service worker script, served at /mockServiceWorker.js for setupWorker.
        publicDir: 'node_modules/msw/lib',
        test: {
          name: 'browser',
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});

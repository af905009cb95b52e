// @sinonjs/fake-timers for test pages: it ships no ES module, so esbuild bundles it into
// tests/e2e/pages/vendor/fake-timers.js, where a page imports it before the package.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export async function bundleFakeTimers() {
  const vendor = fileURLToPath(new URL('pages/vendor/', import.meta.url));
  const bundled = await build({
    entryPoints: [createRequire(import.meta.url).resolve('@sinonjs/fake-timers')],
    // (`util` is required only under Node.)
    bundle: true, format: 'esm', platform: 'browser', external: ['util'], write: false, logLevel: 'error',
  });
  // Each engine's suite runs in its own process: written whole, then renamed into place.
  mkdirSync(vendor, { recursive: true });
  const temporary = `${vendor}fake-timers.${process.pid}.js`;
  writeFileSync(temporary, bundled.outputFiles[0].contents);
  renameSync(temporary, `${vendor}fake-timers.js`);
}

// Headless Chromium for the docs checks (playwright-core driving Debian's Chromium), and the
// dev server's requests log.
import { chromium } from 'playwright-core';

export const SITE = process.env.DRUSH_IO_DOCS_URL; // the built site, strict CSP, docs/jobs.toml
export const SAMPLES = process.env.DRUSH_IO_DOCS_SAMPLES_URL; // target/docs/samples, strict CSP

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--no-first-run',
      '--disable-sync',
    ],
  });
}

// The requests a dev server received under a path, oldest first.
export async function requests(base, prefix) {
  const answer = await fetch(`${base}/__devserver/requests?path_prefix=${encodeURIComponent(prefix)}`);
  if (!answer.ok) throw new Error(`requests log: ${answer.status}`);
  return (await answer.json()).requests;
}

// Records on the page, from before any of its scripts run, every CSP violation and every
// error, for `problems(page)` to read.
export async function watch(page) {
  const seen = [];
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'assert' || /Content Security Policy|Trusted Type/i.test(text)) seen.push(`console: ${text}`);
  });
  page.on('requestfailed', (request) => seen.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && !new URL(response.url()).pathname.includes('/v1/')) {
      seen.push(`${response.status()} for ${response.url()}`);
    }
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return seen;
}

// The plugin's buttons on a real WordPress dashboard, in each engine: sign in through
// wp-login.php, run a job to complete, and a job with a confirmation asks first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeInEngines } from '../e2e/browser.mjs';

const WP = process.env.DRUSH_IO_WP_URL;

describeInEngines('WordPress dashboard', (browser, engine) => {
  test('an administrator runs a job from the dashboard widget; a confirmation asks first', async () => {
    const page = await browser().newPage();
    page.waitMs = 60_000;
    await page.goto(`${WP}/wp-login.php`);
    await page.type('#user_login', 'admin');
    await page.type('#user_pass', 'admin-password');
    await page.click('#wp-submit');
    await page.waitFor(() => document.querySelector('#drush_io_jobs drush-io-run-button'));
    const greet = 'drush-io-run-button[job="vars"]';
    await page.waitFor((path) => document.querySelector(path)?.shadowRoot?.querySelector('button'), greet);
    assert.match(await page.text([greet, '[part~="button"]']), /Greet/);
    await page.click([greet, '[part~="button"]']);
    await page.waitFor((path) => document.querySelector(path).getAttribute('state') === 'complete', greet);
    assert.match(await page.text([greet, '[part~="log"]']), /hello/);
    if (engine === 'chromium') await page.screenshot('target/cms/wordpress-dashboard.png');

    const confirmed = 'drush-io-run-button[job="ok"]';
    await page.click([confirmed, '[part~="button"]']);
    assert.ok(await page.visible([confirmed, '[part~="dialog"]']), 'the confirmation is shown');
    assert.match(await page.text([confirmed, '[part~="dialog"]']), /Run it now\?/);
    assert.equal(await page.attribute(confirmed, 'state'), 'idle');
    await page.click([confirmed, '[part~="confirm-accept"]']);
    await page.waitFor((path) => document.querySelector(path).getAttribute('state') === 'complete', confirmed);
    assert.deepEqual(await page.errors(), []);
  });
});

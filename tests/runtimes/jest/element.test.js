// The element under Jest with jsdom: the package's Node entry (customExportConditions in
// jest.config.js), `init()` with no argument, the element clicked and followed to
// `complete`, styled by a <style> (jsdom has no constructable stylesheets); the dev server
// saw one POST.
import { expect, test } from '@jest/globals';
import init, { DrushIo, defineElements } from 'drush-io-embed';
import { BASE, TOKEN, requestsOf } from '../server.mjs';

test('under jsdom the element is clicked to complete', async () => {
  await init();
  defineElements({ client: new DrushIo({ baseUrl: `${BASE}/v1`, token: TOKEN }) });
  document.body.innerHTML = '<drush-io-run-button project="rt" job="jest" label="Deploy"></drush-io-run-button>';
  const element = document.querySelector('drush-io-run-button');
  const ended = new Promise((resolve) => {
    for (const type of ['drush-io-complete', 'drush-io-error']) element.addEventListener(type, () => resolve(type));
  });
  // (By class: jsdom does not reflect the `part` property into the attribute.)
  const button = element.shadowRoot.querySelector('button.button');
  expect(button.textContent).toMatch(/Deploy/);
  expect(element.shadowRoot.querySelector('style').textContent).toMatch(/:host/);
  button.click();
  expect(await ended).toBe('drush-io-complete');
  expect(element.getAttribute('state')).toBe('complete');
  const requests = await requestsOf('jest');
  expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
}, 120_000);

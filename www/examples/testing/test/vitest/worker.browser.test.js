// In a browser, FakeDrushIoApi's MSW handlers answer the page's own fetch through MSW's
// service worker (setupWorker): the client needs no `fetch` option. Browser mode only.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { setupWorker } from 'msw/browser';
import init, { DrushIo } from 'drush-io-embed';
import { FakeDrushIoApi } from 'drush-io-embed/testing';

const api = new FakeDrushIoApi({ token: 'test-token' }).job('demo', 'health-check', { runMs: 0, log: 'Healthy.\n' });
const worker = setupWorker();

beforeAll(async () => {
  worker.use(...api.handlers());
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  await init();
});

afterAll(() => worker.stop());

test('the page fetch is answered by the fake through the service worker', async () => {
  const client = new DrushIo({ token: 'test-token' });
  const run = await client.runJobAndWait('demo', 'health-check', { initialDelayMs: 10 });
  expect(run.status).toBe('complete');
  expect(run.log).toBe('Healthy.\n');
  expect(api.posts('demo', 'health-check')).toHaveLength(1);
  expect(api.requests.every((request) => request.authorization)).toBe(true);
});

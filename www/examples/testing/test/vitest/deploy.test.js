// The page's component and script under Vitest, with no server and no account: the API is
// drush-io-embed/testing's FakeDrushIoApi, reached through the client's `fetch` option, and
// fake timers stand in for the minutes a deployment takes. vitest.config.js runs this file
// twice: in happy-dom, and in Chromium (browser mode).
import { afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest';
import init, { DrushIo, defineElements } from 'drush-io-embed';
import { FakeDrushIoApi } from 'drush-io-embed/testing';
import { fresh, scenarios } from '../scenarios.js';

const api = new FakeDrushIoApi({ token: 'test-token' });
let clients;

beforeAll(async () => {
  await init();
  defineElements();
  clients = {
    valid: new DrushIo({ token: 'test-token', fetch: api.fetch }),
    revoked: new DrushIo({ token: 'revoked-token', fetch: api.fetch }),
  };
});

beforeEach(() => {
  vi.useFakeTimers();
  fresh(api);
});

afterEach(() => vi.useRealTimers());

scenarios({
  test,
  expect,
  api,
  advance: (ms) => vi.advanceTimersByTimeAsync(ms),
  clients: () => clients,
});

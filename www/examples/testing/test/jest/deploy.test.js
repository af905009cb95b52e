// The page's component and script under Jest with jsdom, with no server and no account:
// FakeDrushIoApi answers through MSW (the requests go to the real API's address, through the
// global fetch), and fake timers stand in for the minutes a deployment takes.
import { afterAll, afterEach, beforeAll, beforeEach, expect, jest, test } from '@jest/globals';
import { setupServer } from 'msw/node';
import init, { DrushIo, defineElements } from 'drush-io-embed';
import { FakeDrushIoApi } from 'drush-io-embed/testing';
import { fresh, scenarios } from '../scenarios.js';

const api = new FakeDrushIoApi({ token: 'test-token' });
let clients;
const server = setupServer();

beforeAll(async () => {
  server.use(...api.handlers());
  server.listen({ onUnhandledRequest: 'error' });
  await init();
  defineElements();
  clients = {
    valid: new DrushIo({ token: 'test-token' }),
    revoked: new DrushIo({ token: 'revoked-token' }),
  };
});

afterAll(() => server.close());

beforeEach(() => {
  // fetch's Response reads its body through microtasks and nextTick: those stay real.
  jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
  fresh(api);
});

afterEach(() => jest.useRealTimers());

scenarios({
  test,
  expect,
  api,
  advance: (ms) => jest.advanceTimersByTimeAsync(ms),
  clients: () => clients,
});

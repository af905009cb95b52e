// js/run-tabs.js under Node, with a Web Locks stand-in and Node's own BroadcastChannel:
// the news another tab publishes (CONTRACT 7.1). A tab keeps only the newest run it was
// told, and none while it polls itself, so that after a hand-over it never replays an
// older state, and its memory stays bounded however long it polls.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

// One lock per name, granted in the order asked; `ifAvailable` and `signal` as the API.
const held = new Map();
globalThis.navigator = {
  locks: {
    request(name, options, callback) {
      const queue = held.get(name) ?? [];
      held.set(name, queue);
      return new Promise((resolve, reject) => {
        const grant = async () => {
          try {
            resolve(await callback({ name }));
          } catch (error) {
            reject(error);
          } finally {
            queue.shift();
            queue[0]?.();
          }
        };
        options.signal?.addEventListener('abort', () => {
          const index = queue.indexOf(grant);
          if (index > 0) queue.splice(index, 1);
          reject(new DOMException('aborted', 'AbortError'));
        });
        queue.push(grant);
        if (queue.length === 1) grant();
      });
    },
    query: async () => ({ pending: [] }),
  },
};

// Channels that do not keep the process alive, so a failing test ends.
globalThis.BroadcastChannel = class extends BroadcastChannel {
  constructor(name) {
    super(name);
    this.unref();
  }
};

const { RunTabs } = await import('../../js/run-tabs.js');
const URL = 'https://api.example/v1/projects/p/jobs/j/runs/1';
const other = new BroadcastChannel('drush-io-embed:runs');
after(() => other.close());

/** Posts runs as another tab would, and waits until they have been delivered. */
async function publish(...statuses) {
  for (const status of statuses) other.postMessage({ url: URL, run: { id: '1', status } });
  await new Promise((resolve) => setTimeout(resolve, 50));
}

test('a following tab gets the newest run, never an older one after it', { timeout: 5000 }, async () => {
  const polling = new RunTabs(URL);
  const following = new RunTabs(URL);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(polling.mine, true);
  assert.equal(following.mine, false);
  await publish('queued', 'running');
  assert.deepEqual(await following.next(), { id: '1', status: 'running' });
  const next = following.next();
  await publish();
  polling.close();
  // The lock comes to the follower: it polls now (null), with nothing older replayed.
  assert.equal(await next, null);
  assert.equal(await following.next(), null);
  following.close();
});

test('the polling tab keeps nothing of what others publish, so a hand-over replays nothing', { timeout: 5000 }, async () => {
  const polling = new RunTabs(URL);
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(polling.mine, true);
  await publish(...Array.from({ length: 1000 }, (_, i) => (i % 2 ? 'running' : 'queued')));
  // (Kept news would be returned here, oldest first.)
  assert.equal(await polling.next(), null);
  polling.close();
});

// The scenarios the Vitest and the Jest tests share, for the page's component (the element)
// and its script (DrushIo): a run to complete, an error run, a 503 with Retry-After, a 401,
// and exactly one POST. Each runner's file sets up its fake API, its fake timers and its
// clients, and hands over its `test`, `expect` and `advance(ms)` (vi.advanceTimersByTimeAsync,
// jest.advanceTimersByTimeAsync).
import { DrushIoError } from 'drush-io-embed';
import { mountDeployButton } from '../src/deploy-button.js';
import { deploy } from '../src/deploy.js';

/** The job the component and the script run, as the fake API knows it. */
export function declareDeploy(api, options = {}) {
  api.job('demo', 'deploy', { runMs: 90_000, log: 'Deployed.\n', variables: { SITE: 'staging' }, ...options });
}

/** Before each test: no run, no request, no saved run, the job as declared by default. */
export function fresh(api) {
  api.reset();
  localStorage.clear();
  document.body.replaceChildren();
  declareDeploy(api);
}

function harness(advance) {
  // Moves the fake clock on, a second at a time, until `done()`: a run of minutes takes
  // milliseconds.
  async function until(done) {
    for (let second = 0; second < 3600 && !done(); second += 1) await advance(1000);
    if (!done()) throw new Error('still waiting after an hour of fake time');
  }

  return {
    until,
    /** Clicks the button twice, as an impatient editor does. */
    clickDeploy(client) {
      const { button, outcome } = mountDeployButton(document.body, { client });
      const inner = button.shadowRoot.querySelector('button');
      inner.click();
      inner.click();
      return { outcome, state: () => button.getAttribute('state') };
    },
    /** How a promise settled, once the clock has moved on far enough. */
    async settled(promise) {
      let result;
      promise.then((value) => (result = { value }), (error) => (result = { error }));
      await until(() => result !== undefined);
      return result;
    },
  };
}

/**
 * Registers every scenario. `clients()` gives two DrushIo that reach `api` (made once, before
 * the fake timers): `valid` with the token the API wants, `revoked` with another.
 */
export function scenarios({ test, expect, api, advance, clients }) {
  const client = (which = 'valid') => clients()[which];
  const { until, clickDeploy, settled } = harness(advance);

  test('the button deploys once, however often it is clicked, and says when it is done', async () => {
    const { outcome, state } = clickDeploy(client());
    await until(() => state() === 'complete');
    expect(outcome.textContent).toBe('Deployed staging in 90 s');
    expect(api.posts('demo', 'deploy')).toHaveLength(1);
    expect(api.posts('demo', 'deploy')[0].env).toEqual({ SITE: 'staging' });
  });

  test('the button shows a run that ended in error', async () => {
    declareDeploy(api, { runMs: 5_000, final: 'error' });
    const { outcome, state } = clickDeploy(client());
    await until(() => state() === 'error');
    expect(outcome.textContent).toBe('The deployment of staging failed');
    expect(api.posts('demo', 'deploy')).toHaveLength(1);
  });

  test('the button waits as long as a 503 says in Retry-After, then follows the run to its end', async () => {
    declareDeploy(api, { runMs: 1_000, pollFaults: [{ status: 503, retryAfter: 120 }] });
    const { state } = clickDeploy(client());
    await until(() => state() === 'complete');
    const [refused, next] = api.requests.filter((request) => request.method === 'GET');
    expect(refused.status).toBe(503);
    expect(next.at - refused.at).toBeGreaterThanOrEqual(120_000);
    expect(api.posts('demo', 'deploy')).toHaveLength(1);
  });

  test('the button says so when the API refuses the token (401), and no run is queued', async () => {
    const { outcome, state } = clickDeploy(client('revoked'));
    await until(() => state() === 'failed');
    expect(outcome.textContent).toMatch(/^Could not deploy: .*401/);
    expect(api.posts('demo', 'deploy').map((post) => post.status)).toEqual([401]);
  });

  test('the script deploys and reports the run', async () => {
    expect(await settled(deploy(client(), 'staging'))).toEqual({ value: { ok: true, text: 'Deployed staging in 90 s', log: 'Deployed.\n' } });
    expect(api.posts('demo', 'deploy')).toHaveLength(1);
  });

  test('the script reports a run that ended in error', async () => {
    declareDeploy(api, { runMs: 5_000, final: 'error', log: 'drush updatedb failed\n' });
    expect(await settled(deploy(client(), 'staging'))).toEqual({ value: { ok: false, text: 'The deployment of staging failed', log: 'drush updatedb failed\n' } });
  });

  test('the script rides out a 503 with Retry-After', async () => {
    declareDeploy(api, { runMs: 1_000, pollFaults: [{ status: 503, retryAfter: 120 }] });
    const started = Date.now();
    expect((await settled(deploy(client(), 'staging'))).value.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(120_000);
  });

  test('the script reports a refused token (401)', async () => {
    expect(await settled(deploy(client('revoked'), 'staging'))).toEqual({ value: { ok: false, text: 'drush.io refused the token' } });
  });

  test('the script sends exactly one POST, even when it fails', async () => {
    declareDeploy(api, { postFault: { status: 503, retryAfter: 1 } });
    const { error } = await settled(deploy(client(), 'staging'));
    expect(error).toBeInstanceOf(DrushIoError);
    expect(error.status).toBe(503);
    await advance(60_000);
    expect(api.posts('demo', 'deploy')).toHaveLength(1);
  });
}

// Uses the whole client API as a TypeScript user would; `tsc --noEmit -p tests` checks it
// against the declarations in pkg/. The @ts-expect-error lines prove the types are precise:
// if a declaration loosened to `any`, they would stop being errors and tsc would fail.
import init, {
  DrushIo,
  DrushIoError,
  type DrushIoErrorKind,
  type DrushIoOptions,
  type Run,
  type RunJobAndWaitOptions,
  type WaitOptions,
} from '../pkg/drush_io_embed.js';

export async function useTheWholeApi(): Promise<void> {
  await init();

  const options: DrushIoOptions = {
    token: 'jwt',
    baseUrl: '/proxy/v1',
    headers: { 'X-CSRF-Token': 'abc' },
    credentials: 'same-origin',
    requestTimeoutMs: 10_000,
  };
  const client = new DrushIo(options);
  new DrushIo();
  new DrushIo({ tabs: false });
  // @ts-expect-error tabs is a boolean
  new DrushIo({ tabs: 'no' });
  new DrushIo({ fetch: (url, init) => fetch(url, init) });
  // @ts-expect-error fetch is a function
  new DrushIo({ fetch: 'fetch' });
  // @ts-expect-error credentials is one of three words
  new DrushIo({ credentials: 'always' });
  // @ts-expect-error the token is a string
  new DrushIo({ token: 42 });

  const controller = new AbortController();
  const queued: Run = await client.runJob('my-corp', 'cc-all', {
    env: { SITE: 'www', RETRIES: 3, DRY_RUN: false },
    signal: controller.signal,
  });
  await client.runJob('my-corp', 'cc-all');
  // @ts-expect-error env values are strings, numbers or booleans
  await client.runJob('my-corp', 'cc-all', { env: { LIST: [1, 2] } });

  const again: Run = await client.getRun('my-corp', 'cc-all', queued.id, { signal: controller.signal });
  const id: string = again.id;
  const created: number = again.created;
  const changed: number = again.changed;
  const duration: number = again.duration;
  const log: string | undefined = again.log;
  const extra: unknown = again['job'];
  // @ts-expect-error duration is a number once normalised
  const asText: string = again.duration;

  const wait: WaitOptions = {
    initialDelayMs: 500,
    maxDelayMs: 10_000,
    multiplier: 1.2,
    timeoutMs: 60_000,
    signal: controller.signal,
    onUpdate: (run: Run) => console.log(run.status, run.changed),
  };
  const done: Run = await client.waitForRun('my-corp', 'cc-all', id, wait);
  const expected: number | null = client.expectedDurationMs('my-corp', 'cc-all');
  // @ts-expect-error it may be null
  const certain: number = client.expectedDurationMs('my-corp', 'cc-all');
  await client.waitForRun('my-corp', 'cc-all', id);
  if (done.status === 'complete' || done.status === 'error') {
    console.log(done.log ?? '');
  }

  const both: RunJobAndWaitOptions = { env: { SITE: 'www' }, ...wait };
  await client.runJobAndWait('my-corp', 'cc-all', both);
  await client.runJobAndWait('my-corp', 'cc-all');
  // @ts-expect-error the identifiers are strings
  await client.getRun('my-corp', 'cc-all', 7);

  try {
    await client.waitForRun('my-corp', 'cc-all', id, { timeoutMs: 1 });
  } catch (e) {
    if (e instanceof DrushIoError) {
      const kind: DrushIoErrorKind = e.kind;
      const status: number | undefined = e.status;
      const retryAfterMs: number | undefined = e.retryAfterMs;
      const body: string | undefined = e.body;
      const asError: Error = e;
      console.log(kind, status, retryAfterMs, body, asError.message, e.name);
      // @ts-expect-error kinds are a closed set
      const wrong: DrushIoErrorKind = 'oops';
      console.log(wrong);
    }
  }
  console.log(created, changed, duration, log, extra, asText, expected, certain);
  client.free();
}

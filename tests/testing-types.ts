// Uses drush-io-embed/testing as a TypeScript user would; `tsc --noEmit -p tests` checks it
// against pkg/testing/index.d.ts. The @ts-expect-error lines prove the types are precise.
import * as msw from 'msw';
import { setupServer } from 'msw/node';
import { DrushIo } from '../pkg/drush_io_embed.js';
import { FakeDrushIoApi, type FakeJobOptions, type FakeRequest } from '../pkg/testing/index.js';

export async function useTheTestingKit(): Promise<void> {
  const api = new FakeDrushIoApi({ baseUrl: '/drush-io/v1', token: 'jwt' });
  const options: FakeJobOptions = {
    queuedMs: 0,
    runMs: 90_000,
    final: 'error',
    log: 'done\n',
    variables: { SITE: 'staging' },
    faults: { unavailable: { polls: 2, retry_after_s: 1 }, numbers_as_strings: true },
    pollFaults: [{ status: 503, retryAfter: 30 }, { network: true }],
    postFault: { status: 502, body: 'Bad gateway' },
  };
  api.job('demo', 'deploy', options).job('demo', 'other');
  const client = new DrushIo({ baseUrl: '/drush-io/v1', fetch: api.fetch });
  await client.runJob('demo', 'deploy');
  const posts: FakeRequest[] = api.posts('demo', 'deploy');
  const present: boolean | undefined = posts[0]?.authorization;
  api.finish(posts[0]?.runId ?? '', 'complete', 'stopped\n');
  api.reset();
  setupServer(...api.handlers(msw));
  setupServer(...api.handlers());
  void present;

  // @ts-expect-error: runs end complete or error
  api.job('demo', 'deploy', { final: 'failed' });
  // @ts-expect-error: an unknown fault of the jobs file
  api.job('demo', 'deploy', { faults: { drop: 1 } });
  // @ts-expect-error: a fault needs a status or network: true
  api.job('demo', 'deploy', { pollFaults: [{ retryAfter: 1 }] });
  // @ts-expect-error: the log keeps no header value
  void api.requests[0]?.headers;
}

// A reference drush.io API on loopback for the site-builder suites: the API's two paths,
// answered only for the exact token the site was configured with (one with `"`, `\` and a
// non-ASCII letter, which no JWT of the dev server can hold). Runs move queued -> running
// -> their end one step per poll, except held ones, which stay running until released.
// Every request is counted; `down` makes it drop connections, `hang` never answers.
import { createServer } from 'node:http';

/** Jobs by name: the log each prints and how it ends. */
const JOBS = {
  ok: { log: () => 'hello from ok', status: 'complete' },
  fail: { log: () => 'about to fail', status: 'error' },
  // A job whose log prints the site's token, as a misconfigured script would.
  leak: { log: (token) => `AUTH=Bearer ${token}\nJSON={"token":${JSON.stringify(token)}}`, status: 'complete' },
  vars: { log: (_token, env) => `${env.GREETING ?? 'hello'}, ${env.TARGET ?? 'world'}!`, status: 'complete' },
  held: { log: () => 'held until released', status: 'complete', held: true },
  hang: { log: () => '', status: 'complete', hang: true },
};

export async function startReferenceApi(token) {
  const runs = new Map();
  const requests = [];
  const state = { down: false };
  let next = 1;
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      const url = new URL(request.url, 'http://api');
      // Node reads header bytes as Latin-1: the UTF-8 token the site sent, as bytes.
      const authorization = Buffer.from(request.headers.authorization ?? '', 'latin1').toString('utf8');
      requests.push({ method: request.method, path: url.pathname, query: url.search, authorization });
      if (state.down) {
        request.socket.destroy();
        return;
      }
      const answer = (status, value) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      if (authorization !== `Bearer ${token}`) return answer(401, { message: 'Unauthorized' });
      const match = /^\/v1\/projects\/([^/]+)\/jobs\/([^/]+)\/runs(?:\/([^/]+))?$/.exec(url.pathname);
      const job = match && JOBS[decodeURIComponent(match[2])];
      if (!job) return answer(404, { message: 'Not found' });
      if (job.hang) return; // never answered: the site gives up first
      if (request.method === 'POST' && !match[3]) {
        const id = `run-${next++}`;
        const env = JSON.parse(body || '{}').env ?? {};
        runs.set(id, { job, env, polls: 0, released: false });
        return answer(201, { id, status: 'queued', duration: 0, created: Date.now(), changed: Date.now() });
      }
      const run = request.method === 'GET' && runs.get(decodeURIComponent(match[3] ?? ''));
      if (!run) return answer(404, { message: 'No such run' });
      run.polls += 1;
      const ended = run.polls >= 2 && (!run.job.held || run.released);
      const status = ended ? run.job.status : 'running';
      return answer(200, { id: match[3], status, duration: run.polls, created: 0, changed: run.polls, ...(ended ? { log: run.job.log(token, run.env) } : {}) });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    base: `${url}/v1`,
    requests,
    /** Requests that reached the API under `prefix` (method too, when given). */
    count: (prefix, method) => requests.filter((r) => r.path.startsWith(prefix) && (!method || r.method === method)).length,
    setDown: (down) => { state.down = down; },
    releaseAll: () => { for (const run of runs.values()) run.released = true; },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

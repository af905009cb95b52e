// A forward HTTP proxy between headless Chromium and the wasm-bindgen test runner's page.
//
// Why: the runner serves its page with tiny_http 0.12, which hands each new connection to a
// thread pool that counts a thread as idle until the thread actually wakes. When Chromium opens
// its six connections for the page's module graph in one burst, the fifth and sixth can be queued
// behind four keep-alive connections that Chromium keeps open for five minutes: the page stays at
// "Loading scripts..." until chromedriver gives up. Through this proxy each request reaches the
// runner on a connection of its own that closes with the answer, so no connection keeps a thread.
//
// Usage: node scripts/page-proxy.mjs CAPABILITIES_IN CAPABILITIES_OUT RUNNER_ORIGIN [DIRECT_ORIGIN...]
// Listens on a free loopback port, then writes CAPABILITIES_OUT: CAPABILITIES_IN with Chromium
// told to use the proxy for loopback addresses except the DIRECT_ORIGINs (the dev server), which
// it reaches as a page would. The proxy forwards requests for RUNNER_ORIGIN and refuses others.
import fs from 'node:fs';
import http from 'node:http';

const [capabilitiesIn, capabilitiesOut, runnerOrigin, ...directOrigins] = process.argv.slice(2);
if (!runnerOrigin) {
  console.error('usage: page-proxy.mjs CAPABILITIES_IN CAPABILITIES_OUT RUNNER_ORIGIN [DIRECT_ORIGIN...]');
  process.exit(2);
}
const runner = new URL(runnerOrigin);
const hopByHop = new Set(['connection', 'proxy-connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade']);
const endToEnd = (headers) => Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name)));

const proxy = http.createServer((request, response) => {
  let target;
  try {
    target = new URL(request.url);
  } catch {
    response.writeHead(400).end('absolute URL expected');
    return;
  }
  if (target.origin !== runner.origin) {
    response.writeHead(403).end('only the test runner is proxied');
    return;
  }
  const upstream = http.request(
    { host: target.hostname, port: target.port, path: target.pathname + target.search, method: request.method, headers: endToEnd(request.headers), agent: false },
    (answer) => {
      response.writeHead(answer.statusCode, answer.statusMessage, endToEnd(answer.headers));
      answer.pipe(response);
    },
  );
  upstream.on('error', (error) => {
    if (!response.headersSent) response.writeHead(502);
    response.end(error.message);
  });
  response.on('close', () => upstream.destroy());
  request.pipe(upstream);
});

proxy.listen(0, '127.0.0.1', () => {
  const capabilities = JSON.parse(fs.readFileSync(capabilitiesIn, 'utf8'));
  const options = (capabilities['goog:chromeOptions'] ??= {});
  // `<-loopback>` lifts Chromium's rule that loopback addresses never use a proxy.
  const bypass = ['<-loopback>', ...directOrigins.map((origin) => new URL(origin).host)];
  options.args = [
    ...(options.args ?? []),
    `--proxy-server=http://127.0.0.1:${proxy.address().port}`,
    `--proxy-bypass-list=${bypass.join(';')}`,
  ];
  // Renamed into place: the caller waits for the file to appear.
  fs.writeFileSync(`${capabilitiesOut}.part`, JSON.stringify(capabilities, null, 2));
  fs.renameSync(`${capabilitiesOut}.part`, capabilitiesOut);
});

// Stopped like the dev servers (stop_devservers in scripts/env.sh), which expects a clean exit.
process.on('SIGTERM', () => process.exit(0));

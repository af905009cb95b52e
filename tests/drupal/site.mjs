// A stand-in for a Drupal site with the module, for the browser tests of its script: the
// block's HTML as the module's PHP builds it (cms/drupal/tests/render-block.php), the
// module's files from its zip under /modules/custom/drush_io/, core's drupal.js stand-in
// (pages/drupal.js), session/token, and the module's route /drush-io/v1/..., which checks
// the X-CSRF-Token header as the module does and forwards to the dev server with the
// token. Every request is counted here; the wasm's download can be held back.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGES = fileURLToPath(new URL('pages/', import.meta.url));
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.html': 'text/html' };

/** The block's HTML for `jobs` (rows of the job list) seen by a user with `permissions`. */
function block(jobs, permissions) {
  const out = execFileSync('php', [join(ROOT, 'cms/drupal/tests/render-block.php'), JSON.stringify(jobs), ...permissions], {
    env: { ...process.env, DRUSH_IO_DRUPAL_ZIP: join(ROOT, 'target/drush-io-drupal.zip') },
  });
  return JSON.parse(out);
}

export async function startSite({ api, token, jobs, permissions }) {
  const modules = mkdtempSync(join(tmpdir(), 'drush-io-drupal-site-'));
  execFileSync('unzip', ['-q', join(ROOT, 'target/drush-io-drupal.zip'), '-d', modules]);
  const rendered = block(jobs, permissions);
  const site = {
    csrf: 'csrf-1',
    requests: [],
    wasmHeld: null,
    holdWasm() {
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      site.wasmHeld = { held, release, asked: 0 };
    },
    releaseWasm() {
      site.wasmHeld?.release();
      site.wasmHeld = null;
    },
    /** The route's requests: `stale` those refused for their CSRF token. */
    route(method, job) {
      return site.requests.filter((r) => r.kind === 'route' && r.method === method && r.job === job);
    },
    count(kind) {
      return site.requests.filter((r) => r.kind === kind).length;
    },
  };

  const page = (extraHead = '') => `<!doctype html>
<html lang="de" dir="ltr"><head><meta charset="utf-8"><title>Node | Stand-in Drupal</title>
${rendered.css.map((file) => `<link rel="stylesheet" href="/modules/custom/drush_io/${file}">`).join('\n')}
${extraHead}
<script type="application/json" data-drupal-selector="drupal-settings-json">{"path":{"baseUrl":"/","pathPrefix":"","currentPath":"node/1"}}</script>
<script src="/core/misc/translations.js"></script>
<script src="/core/misc/drupal.js"></script>
${rendered.js.map(({ src, type }) => `<script${type ? ` type="${type}"` : ''} src="/modules/custom/drush_io/${src}"></script>`).join('\n')}
</head><body><main><h1>Node</h1>${rendered.html}</main></body></html>`;

  const send = (res, status, type, body) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(body);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://site');
    const path = url.pathname;
    if (path === '/node/1') return send(res, 200, 'text/html; charset=utf-8', page(url.searchParams.has('claro') ? '<link rel="stylesheet" href="/core/misc/claro.css">' : ''));
    if (path === '/core/misc/drupal.js') return send(res, 200, TYPES['.js'], readFileSync(join(PAGES, 'drupal.js')));
    if (path === '/core/misc/translations.js') return send(res, 200, TYPES['.js'], readFileSync(join(PAGES, 'translations.js')));
    if (path === '/core/misc/claro.css') return send(res, 200, TYPES['.css'], readFileSync(join(PAGES, 'claro.css')));
    if (path === '/session/token') {
      site.requests.push({ kind: 'session/token' });
      return send(res, 200, 'text/plain; charset=utf-8', site.csrf);
    }
    const route = /^\/drush-io\/v1\/projects\/([^/]+)\/jobs\/([^/]+)\/runs(\/[^/]+)?$/.exec(path);
    if (route) {
      const body = await new Promise((resolve) => {
        const chunks = [];
        req.on('data', (chunk) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks).toString()));
      });
      const stale = req.headers['x-csrf-token'] !== site.csrf;
      site.requests.push({ kind: 'route', method: req.method, job: route[2], stale, body });
      if (stale) {
        return send(res, 403, 'application/json', JSON.stringify({ code: 'csrf-token', message: 'Your session expired: reload the page.' }));
      }
      const upstream = await fetch(`${api}/v1${path.slice('/drush-io/v1'.length)}`, {
        method: req.method,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: req.method === 'POST' ? body : undefined,
      });
      return send(res, upstream.status, 'application/json', await upstream.text());
    }
    const file = normalize(path).replace(/^\/modules\/custom\//, '');
    if (path.startsWith('/modules/custom/drush_io/') && !file.includes('..')) {
      let content;
      try {
        content = readFileSync(join(modules, file));
      } catch {
        return send(res, 404, 'text/plain', 'not found');
      }
      if (extname(file) === '.wasm' && site.wasmHeld) {
        site.wasmHeld.asked += 1;
        await site.wasmHeld.held;
      }
      return send(res, 200, TYPES[extname(file)] ?? 'application/octet-stream', content);
    }
    return send(res, 404, 'text/plain', 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.url = `http://127.0.0.1:${server.address().port}`;
  site.close = async () => {
    site.releaseWasm();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(modules, { recursive: true, force: true });
  };
  return site;
}

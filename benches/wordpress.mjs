// What a poll through the WordPress plugin's route costs (`make bench`): the same GET of a
// finished run, ROUNDS times each, through the route (a signed-in administrator with the
// page's nonce; WordPress boots for each, served by PHP's built-in server) and straight to
// the dev server with the token, interleaved so that both meet the same machine. Prints
// the median and the 90th percentile of each, in ms, as one JSON object. A third series,
// the route of tests/cms/mu-plugins/ that only checks the user, is what booting WordPress
// for a REST request costs by itself.
// Env: DRUSH_IO_WP_URL, DRUSH_IO_BENCH_URL (the dev server), DRUSH_IO_BENCH_TOKEN.
import { runToEnd, signIn } from '../tests/cms/session.mjs';

const { DRUSH_IO_WP_URL: wp, DRUSH_IO_BENCH_URL: api, DRUSH_IO_BENCH_TOKEN: token } = process.env;
if (!wp || !api || !token) {
  console.error('wordpress.mjs: set DRUSH_IO_WP_URL, DRUSH_IO_BENCH_URL and DRUSH_IO_BENCH_TOKEN');
  process.exit(2);
}
const ROUNDS = 50;

const admin = await signIn(wp, 'admin', 'admin-password');
const { id, path } = await runToEnd(admin, 'bench', 'instant');
const direct = `${api}/v1/projects/bench/jobs/instant/runs/${encodeURIComponent(id)}`;

async function timed(send) {
  const start = performance.now();
  const answer = await send();
  if (answer.status !== 200) throw new Error(`a poll answered ${answer.status}`);
  return performance.now() - start;
}
const throughRoute = () => admin.fetch(path, { headers: { 'x-wp-nonce': admin.nonce } });
const bare = () => admin.fetch('/wp-json/drush-io-test/v1/nothing', { headers: { 'x-wp-nonce': admin.nonce } });
const straight = async () => {
  const answer = await fetch(direct, { headers: { authorization: `Bearer ${token}` } });
  await answer.text();
  return answer;
};

for (let i = 0; i < 5; i += 1) await Promise.all([throughRoute(), straight()]); // warm-up
const route = [];
const devserver = [];
const wordpress = [];
for (let i = 0; i < ROUNDS; i += 1) {
  route.push(await timed(throughRoute));
  devserver.push(await timed(straight));
  wordpress.push(await timed(bare));
}
const at = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
const figures = (values) => ({ medianMs: at(values, 0.5), p90Ms: at(values, 0.9) });
console.log(JSON.stringify({ rounds: ROUNDS, route: figures(route), devserver: figures(devserver), wordpress: figures(wordpress) }));

// The plugin's settings as an administrator saves them, on a real WordPress
// (scripts/wordpress-env.sh; tests/cms/settings-save.php saves them on a second site of the
// private copy's database): the API base URL and the job list, read on every poll, are
// autoloaded, so a poll costs no query for them; the token is not, so no other page of the
// site loads it. Env: DRUSH_IO_WP_RUN, DRUSH_IO_TOKEN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('saved settings: the base URL and job list autoloaded, the token (saved, then replaced) not', () => {
  const script = fileURLToPath(new URL('settings-save.php', import.meta.url));
  const saved = JSON.parse(execFileSync('php', [script, `${process.env.DRUSH_IO_WP_RUN}/wp`, process.env.DRUSH_IO_TOKEN], { encoding: 'utf8' }));
  assert.deepEqual(saved, [
    { option_name: 'drush_io_base_url', autoload: 'yes' },
    { option_name: 'drush_io_jobs', autoload: 'yes' },
    { option_name: 'drush_io_token', autoload: 'no' },
  ]);
});

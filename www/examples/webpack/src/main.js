// The element: `drush-io-embed/auto` loads the wasm and registers <drush-io-run-button>.
import 'drush-io-embed/auto';
// The client, from the package entry. `init` was already awaited by auto; calling it again
// only returns the same module.
import init, { DrushIo } from 'drush-io-embed';

await init();
const client = new DrushIo({ baseUrl: '/proxy/v1' });
const status = document.getElementById('client-status');

document.getElementById('client-run').addEventListener('click', async () => {
  status.value = 'starting';
  try {
    const run = await client.runJobAndWait('demo', 'cache-clear', {
      onUpdate: (seen) => { status.value = seen.status; },
    });
    status.value = run.status;
  } catch (error) {
    status.value = `failed: ${error.kind}: ${error.message}`;
  }
});

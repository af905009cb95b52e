// The element: `drush-io-embed/auto` loads the wasm and registers <drush-io-run-button>.
import 'drush-io-embed/auto';
// The client, from the package entry. `init` was already awaited by auto; calling it again
// only returns the same module.
import init, { DrushIo, type DrushIoRunButtonRunDetail } from 'drush-io-embed';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

await init();
const client = new DrushIo({ baseUrl: '/proxy/v1' });

function App() {
  const [handled, setHandled] = useState('nothing yet');
  const [status, setStatus] = useState('idle');

  // React 19 sets `messages` as a property and listens to `drush-io-complete` itself.
  const onComplete = (event: CustomEvent<DrushIoRunButtonRunDetail>) => setHandled(event.detail.run.status);

  async function runThroughClient() {
    setStatus('starting');
    try {
      const run = await client.runJobAndWait('demo', 'cache-clear', {
        onUpdate: (seen) => setStatus(seen.status),
      });
      setStatus(run.status);
    } catch (error) {
      setStatus(`failed: ${String(error)}`);
    }
  }

  return (
    <>
      <h1>drush-io-embed in React</h1>
      <h2>The element</h2>
      {/* base-url: a route of this site that adds the API token server-side. */}
      <drush-io-run-button
        id="element"
        project="demo"
        job="cache-clear"
        base-url="/proxy/v1"
        messages={{ label: 'Clear caches' }}
        ondrush-io-complete={onComplete}
      />
      <p>
        React's handler saw: <output id="handled">{handled}</output>
      </p>
      <h2>The client</h2>
      <button id="client-run" type="button" onClick={runThroughClient}>
        Clear caches through DrushIo
      </button>
      <output id="client-status">{status}</output>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

import RunButton from './run-button';

// Rendered on the server (and prerendered by `next build`): the element's markup is in the
// HTML before any JavaScript runs.
export default function Page() {
  return (
    <main>
      <h1>Deploy</h1>
      <RunButton project="rt" job="next" label="Deploy" />
    </main>
  );
}

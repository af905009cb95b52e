// One tab of the cross-tab wait tests (tests/e2e/tabs.test.mjs). `?queue` queues a run
// of the slow job (or of `&job=NAME`), `?run=ID` waits on that run; `&tabs=false` gives
// the client `tabs: false`. Sets `data-run` to the run's id, `data-status` to the last status
// seen, and `data-outcome` to the final run's status (or the error) once the wait ends.
const root = document.documentElement;
const params = new URLSearchParams(location.search);

(async () => {
  const { default: init, DrushIo } = await import('/pkg/drush_io_embed.js');
  await init();
  const options = { baseUrl: '/proxy/v1' };
  if (params.get('tabs') === 'false') options.tabs = false;
  const client = new DrushIo(options);
  const job = params.get('job') ?? 'slow';
  const id = params.has('queue') ? (await client.runJob('test', job)).id : params.get('run');
  root.dataset.run = id;
  const onUpdate = (run) => {
    root.dataset.status = run.status;
  };
  const run = await client.waitForRun('test', job, id, { onUpdate });
  return { status: run.status, id: run.id };
})().then(
  (outcome) => { root.dataset.outcome = JSON.stringify(outcome); },
  (error) => { root.dataset.outcome = JSON.stringify({ error: String(error), kind: error?.kind }); },
);

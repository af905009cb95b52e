// Uses the element's API as a TypeScript page would; checked with `tsc --noEmit -p tests`
// against pkg/. The @ts-expect-error lines prove the declarations are precise.
import init, {
  DrushIo,
  defineElements,
  type DrushIoRunButtonElement,
  type DrushIoRunButtonEventDetail,
  type DrushIoRunButtonRunDetail as RunDetail,
  type DrushIoRunButtonMessages,
  type DrushIoRunButtonState,
  type Run,
} from '../pkg/drush_io_embed.js';

export async function useTheElement(): Promise<DrushIoRunButtonState | null> {
  await init();
  defineElements();
  defineElements({ client: new DrushIo({ baseUrl: '/proxy/v1' }) });
  // @ts-expect-error the default client must be a DrushIo
  defineElements({ client: 'https://api.drush.io/v1' });
  const german: DrushIoRunButtonMessages = {
    label: 'Job starten',
    states: { running: 'Läuft', complete: 'Abgeschlossen' },
    progress: 'Fortschritt',
    truncated: '[… frühere Ausgabe ausgeblendet]',
    errors: { network: 'Server nicht erreichbar.', http: 'Der Server antwortete {status}.' },
  };
  defineElements({ messages: german });
  // @ts-expect-error messages are strings
  defineElements({ messages: { label: 3 } });
  // @ts-expect-error states are the element's states
  defineElements({ messages: { states: { paused: 'Pausiert' } } });
  // @ts-expect-error errors are by the kinds of DrushIoError
  defineElements({ messages: { errors: { offline: 'Offline' } } });

  // The tag name alone gives the element's type.
  const button: DrushIoRunButtonElement = document.createElement('drush-io-run-button');
  button.setAttribute('project', 'my-project');
  button.token = 'jwt';
  button.client = null;
  button.messages = { label: 'Cache leeren', accept: 'Ja', cancel: 'Nein' };
  const own: DrushIoRunButtonMessages | null = button.messages;
  console.log(own?.label);
  button.env = { SITE: 'staging', RETRIES: 3, DRY_RUN: false };
  // @ts-expect-error variables are strings, numbers or booleans
  button.env = { SITE: ['staging'] };
  const last: Run | null = button.run;
  button.start();

  button.addEventListener('drush-io-complete', (event) => {
    const detail: DrushIoRunButtonEventDetail = event.detail;
    const id: string | undefined = detail.run?.id;
    console.log(id, last?.status);
  });
  button.addEventListener('drush-io-error', (event) => {
    console.log(event.detail.error?.kind, event.detail.error?.status);
    // Without a request's error, the event is about the failed run.
    const failed: Run | null = event.detail.error ? event.detail.run : event.detail.run;
    if (!event.detail.error) console.log(event.detail.run.status);
    // @ts-expect-error a request's error may come before any run
    console.log(failed, event.detail.run.status);
  });
  // queued, status and complete always carry their run.
  button.addEventListener('drush-io-status', (event) => console.log(event.detail.run.status));
  button.addEventListener('drush-io-queued', (event) => {
    const queued: Run = event.detail.run;
    // @ts-expect-error only drush-io-error carries an error
    console.log(queued.id, event.detail.error);
  });
  document.querySelector('drush-io-run-button')?.addEventListener('drush-io-complete', (event) => {
    const done: RunDetail = event.detail;
    console.log(done.run.duration);
  });
  // @ts-expect-error the last run is read-only
  button.run = null;
  return button.getAttribute('state') as DrushIoRunButtonState | null;
}

// The element in a simulated DOM, as a front-end developer's unit test meets it: the
// package's Node entry (Vitest loads dependencies with Node's conditions), `init()` with no
// argument, the element defined with a client of the dev server, clicked, and followed to
// `complete`; the dev server saw one POST.
import { expect, vi } from 'vitest';
import init, { DrushIo, defineElements } from 'drush-io-embed';
import { BASE, TOKEN, requestsOf } from '../server.mjs';

export async function clickToComplete(job) {
  await init();
  defineElements({ client: new DrushIo({ baseUrl: `${BASE}/v1`, token: TOKEN }) });
  document.body.innerHTML = `<drush-io-run-button project="rt" job="${job}" label="Deploy"></drush-io-run-button>`;
  const element = document.querySelector('drush-io-run-button');
  // (By class: neither simulated DOM reflects the `part` property into the attribute.)
  const button = await vi.waitFor(
    () => {
      const found = element.shadowRoot?.querySelector('button.button');
      if (!found) throw new Error(`no button in the shadow root yet (defined: ${Boolean(customElements.get('drush-io-run-button'))})`);
      return found;
    },
    { timeout: 30_000, interval: 20 },
  );
  expect(button.textContent).toMatch(/Deploy/);
  button.click();
  await vi.waitFor(() => expect(element.getAttribute('state')).toBe('complete'), { timeout: 60_000, interval: 50 });
  const requests = await requestsOf(job);
  expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  expect(requests.filter((r) => r.method === 'GET').every((r) => r.status === 200)).toBe(true);
  return element;
}

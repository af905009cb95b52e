// A script of the page: deploys a site with DrushIo and says how it went, in words for people.
import { DrushIoError } from 'drush-io-embed';

export async function deploy(client, site) {
  try {
    const run = await client.runJobAndWait('demo', 'deploy', { env: { SITE: site } });
    if (run.status === 'complete') return { ok: true, text: `Deployed ${site} in ${run.duration} s`, log: run.log };
    return { ok: false, text: `The deployment of ${site} failed`, log: run.log };
  } catch (error) {
    if (error instanceof DrushIoError && error.status === 401) return { ok: false, text: 'drush.io refused the token' };
    throw error;
  }
}

// The client, from the package entry. `init` was already awaited by `drush-io-embed/auto`;
// calling it again only returns the same module. Awaited here, outside any component: a
// component whose setup awaits needs a <Suspense>.
import init, { DrushIo } from 'drush-io-embed';

await init();
export const client = new DrushIo({ baseUrl: '/proxy/v1' });

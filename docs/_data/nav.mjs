// The site's navigation, in this order: each page that exists under docs/ (a page still to
// come, such as one another change adds, appears once its file does).
import { existsSync } from 'node:fs';

const pages = [
  ['index', 'Overview'],
  ['getting-started', 'Getting started'],
  ['element', 'The element'],
  ['client', 'The client'],
  ['security', 'Security and CMS plugins'],
  ['extension', 'The browser extension'],
  ['browsers', 'Browsers, bundlers and frameworks'],
  ['runtimes', 'Runtimes: Node, Deno, Bun, workers'],
  ['testing', 'Testing your page'],
  ['accessibility', 'Accessibility and translations'],
  ['performance', 'Performance'],
  ['maintainers', 'For maintainers'],
];

export default pages
  .filter(([stem]) => existsSync(new URL(`../${stem}.md`, import.meta.url)))
  .map(([stem, title]) => ({ href: `${stem}.html`, title, section: stem }));

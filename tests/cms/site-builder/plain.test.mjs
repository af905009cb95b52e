// The site-builder suite (flow.mjs) on the fresh WordPress with plain permalinks. Env:
// DRUSH_IO_WP_PLAIN_URL (scripts/wordpress-site-builder.sh starts it).
import { siteBuilderSuite } from './flow.mjs';

siteBuilderSuite({ url: process.env.DRUSH_IO_WP_PLAIN_URL, name: 'plain' });

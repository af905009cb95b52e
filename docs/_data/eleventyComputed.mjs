// Pages without a title in their front matter (the CMS walkthroughs) take their first
// heading's; a page is its own section of the navigation (pages under cms/ belong to security).
import { readFileSync } from 'node:fs';

export default {
  title: (data) => data.title
    ?? (data.page.inputPath.endsWith('.md')
      ? readFileSync(data.page.inputPath, 'utf8').match(/^# (.*)$/m)?.[1]?.replace(/`/g, '')
      : undefined),
  section: (data) => data.section ?? (data.page.inputPath.includes('/cms/') ? 'security' : data.page.fileSlug),
};

// Pages without a title in their front matter (the CMS walkthroughs) take their first
// heading's; pages under cms/ belong to the security section of the navigation.
import { readFileSync } from 'node:fs';

export default {
  title: (data) => data.title
    ?? (data.page.inputPath.endsWith('.md')
      ? readFileSync(data.page.inputPath, 'utf8').match(/^# (.*)$/m)?.[1]?.replace(/`/g, '')
      : undefined),
  section: (data) => data.section ?? (data.page.inputPath.includes('/cms/') ? 'security' : undefined),
};

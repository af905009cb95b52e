// Heading ids as GitHub makes them, so that a link to `page.md#heading` works on GitHub and
// on the site alike: lower case, punctuation dropped, spaces turned into hyphens.
export const slug = (text) =>
  String(text).trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');

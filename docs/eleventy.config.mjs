// The documentation site: `make docs` (scripts/docs.sh) builds docs/ into target/docs/site.
// Pages are Markdown that reads well on GitHub too: links between pages name the .md
// files, and the build turns them into the site's .html addresses.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import markdownIt from 'markdown-it';
import markdownItAnchor from 'markdown-it-anchor';
import { slug } from './lib/slug.mjs';

const root = new URL('..', import.meta.url).pathname;
const apiMarkdown = join(root, 'target/docs/api-md');

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

// `page.md#part` -> `page.html#part`, for relative links only (a link to another site or
// to a file of the repository stays as it is).
function mdLinksToHtml(md) {
  const render = md.renderer.rules.link_open ?? ((tokens, i, options, env, self) => self.renderToken(tokens, i, options));
  md.renderer.rules.link_open = (tokens, i, options, env, self) => {
    const href = tokens[i].attrGet('href');
    if (href && !/^[a-z]+:|^\/\//i.test(href)) {
      tokens[i].attrSet('href', href.replace(/(^|\/)([^/#?]+)\.md(#|$)/, '$1$2.html$3'));
    }
    return render(tokens, i, options, env, self);
  };
}

export default function (eleventyConfig) {
  eleventyConfig.amendLibrary('md', (md) => {
    md.use(markdownItAnchor, { slugify: slug, tabIndex: false });
    mdLinksToHtml(md);
  });
  // `x.md` becomes `x.html`, the address the rewritten links name.
  eleventyConfig.addGlobalData('permalink', () => (data) => `${data.page.filePathStem}.html`);
  eleventyConfig.ignores.add('node_modules/**');
  eleventyConfig.ignores.add('README.md');
  eleventyConfig.addPassthroughCopy('assets');
  eleventyConfig.addPassthroughCopy('screenshots/*.png');
  eleventyConfig.addPassthroughCopy('cms/*.png');
  eleventyConfig.addPassthroughCopy('extension/*.png');
  // The package itself, so that the live examples load the real element from the site.
  eleventyConfig.addPassthroughCopy({ '../pkg': 'pkg' });
  const inline = markdownIt();
  eleventyConfig.addFilter('markdownInline', (text) => inline.renderInline(text ?? ''));

  // The client's API reference: TypeDoc's Markdown of the published declarations
  // (docs/typedoc.json), one page each under client/api/.
  for (const file of filesUnder(apiMarkdown)) {
    const path = relative(apiMarkdown, file);
    const body = readFileSync(file, 'utf8');
    const title = body.match(/^# (.*)$/m)?.[1]?.replace(/\\/g, '') ?? path;
    eleventyConfig.addTemplate(`client/api/${path}`, body, { layout: 'layout.njk', title, section: 'api' });
  }
  return {
    dir: { input: '.', includes: '_includes', data: '_data', output: '../target/docs/site' },
    markdownTemplateEngine: false,
    htmlTemplateEngine: 'njk',
  };
}

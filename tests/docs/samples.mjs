// The fenced code samples of README.md and docs/, each with the marker on the line before
// its fence: `<!-- sample: run -->`, `<!-- sample: run; page has MARKUP -->` or
// `<!-- sample: not run (why) -->`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;

export function markdownFiles() {
  const walk = (dir) => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('_')) return [];
    if (statSync(path).isDirectory()) return walk(path);
    return name.endsWith('.md') ? [path] : [];
  });
  return [join(root, 'README.md'), ...walk(join(root, 'docs'))];
}

// Every fence of every file: { file, line, lang, code, marker } where marker is null (no
// marker: the check fails), { run: true, page } or { run: false, why }.
export function samples() {
  const found = [];
  for (const path of markdownFiles()) {
    const lines = readFileSync(path, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const open = lines[i].match(/^(\s*)(```+)\s*([\w-]*)/);
      if (!open) continue;
      const [, indent, fence, lang] = open;
      let end = i + 1;
      while (end < lines.length && !lines[end].startsWith(`${indent}${fence}`)) end++;
      const code = lines.slice(i + 1, end).map((l) => l.slice(indent.length)).join('\n');
      let before = i - 1;
      while (before >= 0 && lines[before].trim() === '') before--;
      const comment = before >= 0 ? lines[before].trim().match(/^<!-- sample: (.*) -->$/) : null;
      let marker = null;
      if (comment) {
        const run = comment[1].match(/^run(?:; page has (.*))?(?: \((.*)\))?$/);
        const notRun = comment[1].match(/^not run \((.+)\)$/);
        if (run) marker = { run: true, page: run[1] ?? '', note: run[2] ?? '' };
        else if (notRun) marker = { run: false, why: notRun[1] };
      }
      found.push({ file: relative(root, path), line: i + 1, lang, code, marker });
      i = end;
    }
  }
  return found;
}

// What a sample names as a user's site has it, and where the dev server has it: the package
// under /libraries/drush-io-embed/ or as the npm name is /pkg/, and a CMS's proxy route
// /drush-io/v1 is the dev server's /proxy/v1 (the same pattern: the token added on the server).
export function forDevServer(code) {
  return code
    .replaceAll("from 'drush-io-embed'", "from '/pkg/drush_io_embed.js'")
    .replaceAll('/libraries/drush-io-embed/', '/pkg/')
    .replaceAll('/drush-io/v1', '/proxy/v1');
}

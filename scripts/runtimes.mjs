// How each runtime loads a build's wasm (CONTRACT 11), as the `exports` conditions of
// pkg/package.json choose: after @automerge/automerge, whose package has one entry module
// per runtime over the same wasm-bindgen output, `workerd` before `node`, `types` first
// and the browser's module as the fallback. A build is the full package (pkg/) or the
// client alone (pkg/client/); its wasm-bindgen glue (`--target web`) stays the browser's
// entry, unchanged, and these small modules in pkg/runtimes/ wrap it:
// - node.js (Node, Deno, Bun): `init()` reads the wasm from disk, since Node's `fetch`
//   refuses the glue's `file:` URL;
// - workerd.js (Cloudflare Workers): the wasm imported, which workerd's bundler (wrangler)
//   turns into a `WebAssembly.Module`: workerd compiles no bytes at run time.
// Each re-exports the glue (so every entry of a build shares one wasm instance) and
// passes any argument of `init` through unchanged.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';

const GLUE = 'drush_io_embed.js';
const WASM = 'drush_io_embed_bg.wasm';

const ENTRIES = {
  node: (glue, wasm) => `// drush-io-embed for Node, Deno and Bun: the wasm read from disk when init() is given
// nothing (Node's fetch cannot read a file: URL).
import { readFile } from 'node:fs/promises';
import init from '${glue}';

export * from '${glue}';

let bytes;
export default (input) => init(input ?? { module_or_path: (bytes ??= readFile(new URL('${wasm}', import.meta.url))) });
`,
  workerd: (glue, wasm) => `// drush-io-embed for Cloudflare Workers: the wasm imported as a WebAssembly.Module when
// init() is given nothing (workerd compiles no bytes at run time, and fetches no file: URL).
import module from '${wasm}';
import init from '${glue}';

export * from '${glue}';

export default (input) => init(input ?? { module_or_path: module });
`,
};

// Where a build's runtime entries are: pkg/runtimes/ for the full package,
// pkg/runtimes/client/ for the client alone (outside pkg/ and pkg/client/, whose files are
// what a page loads, benches/size.mjs counts).
const entryDir = (build) => `runtimes/${build}`;

/** Writes the runtime entries of the build in `pkg/${build}` and quiets its glue. */
export function writeRuntimeEntries(pkg, build) {
  const dir = join(pkg, entryDir(build));
  mkdirSync(dir, { recursive: true });
  const back = posix.relative(entryDir(build), build) || '.';
  for (const [name, entry] of Object.entries(ENTRIES)) {
    writeFileSync(join(dir, `${name}.js`), entry(`${back}/${GLUE}`, `${back}/${WASM}`));
  }
  quietInit(join(pkg, build, GLUE));
}

/** The `exports` conditions of the build in `pkg/${build}`. */
export function runtimeConditions(build) {
  const entry = (name) => `./${entryDir(build)}${name}.js`;
  return {
    types: `./${build}drush_io_embed.d.ts`,
    workerd: entry('workerd'),
    deno: entry('node'),
    bun: entry('node'),
    node: entry('node'),
    default: `./${build}${GLUE}`,
  };
}

// `init` and `initSync` take bytes, a module, a URL or a Response as they are (CONTRACT
// 11), yet wasm-bindgen's glue warns on the console unless they come wrapped in an object
// ({ module_or_path }): those warnings go. Its warning of a wasm file served without the
// `application/wasm` type (which still loads, slower) says the same in fewer words. Both
// pay for what the runtimes added to the page (benches/size.mjs).
function quietInit(glue) {
  let source = readFileSync(glue, 'utf8');
  const edits = [
    [/console\.warn\('using deprecated parameters for[^']*'\)/g, '', 2],
    [/"`WebAssembly\.instantiateStreaming` failed because[^"]*"/g, '"drush-io-embed: .wasm not served as application/wasm, loading slower:"', 1],
  ];
  for (const [pattern, replacement, count] of edits) {
    if (source.match(pattern)?.length !== count) {
      throw new Error(`runtimes: ${glue} does not have the ${count} ${pattern} of wasm-bindgen's glue`);
    }
    source = source.replace(pattern, replacement);
  }
  writeFileSync(glue, source);
}

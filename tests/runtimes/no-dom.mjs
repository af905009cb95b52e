// A server render's view of the package: Node, no DOM. Importing each entry throws
// nothing and defines nothing; defineElements() returns without defining.
import assert from 'node:assert/strict';

const before = new Set(Object.getOwnPropertyNames(globalThis));
const full = await import('drush-io-embed');
await import('drush-io-embed/client');
await import('drush-io-embed/auto');
await full.default();
assert.equal(full.defineElements(), undefined);
const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
assert.deepEqual(added, [], 'no global was defined');
assert.equal(globalThis.customElements, undefined);
console.log('no-dom: 3 entries imported, nothing defined');

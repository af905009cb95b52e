// One-tag embed: `<script type="module" src=".../auto.js"></script>` and the markup is all
// a CMS page needs. It loads the wasm beside this file and registers the elements.
// The wasm's download starts before the glue's import (a static import would be fetched
// first, and the wasm only once the glue ran), so the two travel side by side.
const wasm = fetch(new URL('./drush_io_embed_bg.wasm', import.meta.url));
const { default: init, defineElements } = await import('./drush_io_embed.js');

await init({ module_or_path: wasm });
defineElements();

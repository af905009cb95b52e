// One-tag embed: `<script type="module" src=".../auto.js"></script>` and the markup is all
// a CMS page needs. It loads the wasm beside this file and registers the elements.
import init, { defineElements } from './drush_io_embed.js';

await init();
defineElements();

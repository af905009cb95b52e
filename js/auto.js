// One-tag embed: `<script type="module" src=".../auto.js"></script>` and the markup is all
// a CMS page needs. It loads the wasm beside this file and registers the elements.
// The class shell comes with this module, so the element is defined, idle, before
// `DOMContentLoaded`, and keeps a click until its core comes. The wasm's download starts
// before the glue's import (a static import of the glue would be fetched first, and the
// wasm only once it ran), so the two travel side by side.
import { defineRunButton } from './run-button.js';

defineRunButton();
const wasm = fetch(new URL('./drush_io_embed_bg.wasm', import.meta.url));
try {
  const { default: init, defineElements } = await import('./drush_io_embed.js');
  await init({ module_or_path: wasm });
  defineElements();
} catch (error) {
  // No core will come (a CSP without 'wasm-unsafe-eval', a wrong MIME type...): the
  // elements clicked show why, and still report it here.
  defineRunButton(undefined, error);
  throw error;
}

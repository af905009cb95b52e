// The one piece Rust cannot write: a class that extends HTMLElement. Every lifecycle
// callback, attribute change and property forwards to the element's Rust core: one
// function taking a code and a value (the codes are listed at `Button::call` in
// src/element/button.rs); its shadow tree is the view's (run-button-view.js).
import { RunButtonView } from './run-button-view.js';

const TAG = 'drush-io-run-button';

// Properties a page may set before the element is defined: such a value sits on the
// instance as a plain property, hiding the accessor, until it is moved through it.
const EARLY_PROPERTIES = ['client', 'env', 'messages', 'token'];

// The cores of the elements in the document.
const connected = new Set();
const PREFIX = 'drush-io-run|';

// Every element in the document shows the current messages (code 3) and looks for its
// job's saved run (5: resumes a saved run and follows it): after defineElements, when an
// element queued a run, and when another tab saved or forgot one (src/element/storage.rs).
// A copy of the set: an event listener may insert or remove elements meanwhile.
export function refreshAll() {
  for (const core of [...connected]) {
    core(3);
    core(5);
  }
}

export function defineRunButton(createCore, css) {
  if (customElements.get(TAG)) return;
  addEventListener('storage', (event) => {
    if (!event.key || event.key.startsWith(PREFIX)) refreshAll();
  });
  // Offline or back online (code 16).
  const network = () => {
    for (const core of [...connected]) core(16, navigator.onLine);
  };
  addEventListener('offline', network);
  addEventListener('online', network);

  class DrushIoRunButton extends HTMLElement {
    #core;
    #leaving = 0;

    static get observedAttributes() {
      return ['label', 'base-url'];
    }

    constructor() {
      super();
      this.#core = createCore(this, new RunButtonView(this, css, (code) => this.#core(code)));
      for (const name of EARLY_PROPERTIES) {
        if (Object.hasOwn(this, name)) {
          const value = this[name];
          delete this[name];
          this[name] = value;
        }
      }
    }

    // A move is not a removal: scripts that re-order or re-parent nodes (Drupal AJAX,
    // sortable tables, frameworks) disconnect and connect an element in one task. Only
    // an element still out of the document a task later has left it; until then its
    // run goes on untouched.
    connectedCallback() {
      if (this.#leaving) {
        clearTimeout(this.#leaving);
        this.#leaving = 0;
      } else {
        const core = this.#core;
        connected.add(core);
        core(0);
        // Once more after the current script, which may set attributes and properties
        // right after inserting the element (see `Button::connected`). It cannot have
        // left the document by then: that takes a task.
        queueMicrotask(() => core(5));
      }
    }

    disconnectedCallback() {
      this.#leaving = setTimeout(() => {
        this.#leaving = 0;
        connected.delete(this.#core);
        this.#core(1);
      });
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue !== newValue) this.#core(name === 'label' ? 3 : 4);
    }

    get client() {
      return this.#core(6);
    }

    set client(value) {
      this.#core(10, value);
    }

    // Write-only on purpose: the token stays inside the Rust core, never read back.
    set token(value) {
      this.#core(13, value);
    }

    get env() {
      return this.#core(7);
    }

    set env(value) {
      this.#core(11, value);
    }

    get messages() {
      return this.#core(8);
    }

    set messages(value) {
      this.#core(12, value);
    }

    get run() {
      return this.#core(9);
    }

    start() {
      this.#core(2);
    }
  }

  customElements.define(TAG, DrushIoRunButton);
}

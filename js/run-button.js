// The one piece Rust cannot write: a class that extends HTMLElement. Every lifecycle
// callback, attribute change and property forwards to the element's Rust core; its
// shadow tree is the view's (run-button-view.js).
import { RunButtonView } from './run-button-view.js';

const TAG = 'drush-io-run-button';

// Properties a page may set before the element is defined: such a value sits on the
// instance as a plain property, hiding the accessor, until it is moved through it.
const EARLY_PROPERTIES = ['client', 'env', 'messages', 'token'];

export function defineRunButton(createCore, css) {
  if (customElements.get(TAG)) return;

  class DrushIoRunButton extends HTMLElement {
    #core;
    #leaving = 0;

    static get observedAttributes() {
      return ['label', 'base-url'];
    }

    constructor() {
      super();
      this.#core = createCore(this, new RunButtonView(this, css, () => this.#core.start()));
      for (const name of EARLY_PROPERTIES) {
        if (Object.prototype.hasOwnProperty.call(this, name)) {
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
        this.#core.connected();
      }
    }

    disconnectedCallback() {
      this.#leaving = setTimeout(() => {
        this.#leaving = 0;
        this.#core.disconnected();
      });
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue !== newValue) this.#core.attributeChanged(name);
    }

    get client() {
      return this.#core.client;
    }

    set client(value) {
      this.#core.client = value;
    }

    // Write-only on purpose: the token stays inside the Rust core, never read back.
    set token(value) {
      this.#core.setToken(value);
    }

    get env() {
      return this.#core.env;
    }

    set env(value) {
      this.#core.env = value;
    }

    get messages() {
      return this.#core.messages;
    }

    set messages(value) {
      this.#core.messages = value;
    }

    get run() {
      return this.#core.run;
    }

    start() {
      this.#core.start();
    }
  }

  customElements.define(TAG, DrushIoRunButton);
}

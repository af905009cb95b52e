// The one piece Rust cannot write: a class that extends HTMLElement. Every lifecycle
// callback, attribute change and property forwards to the element's Rust core.
const TAG = 'drush-io-run-button';

// Properties a page may set before the element is defined: such a value sits on the
// instance as a plain property, hiding the accessor, until it is moved through it.
const EARLY_PROPERTIES = ['client', 'env', 'token'];

export function defineRunButton(createCore) {
  if (customElements.get(TAG)) return false;

  class DrushIoRunButton extends HTMLElement {
    #core;

    static get observedAttributes() {
      return ['label'];
    }

    constructor() {
      super();
      this.#core = createCore(this);
      for (const name of EARLY_PROPERTIES) {
        if (Object.prototype.hasOwnProperty.call(this, name)) {
          const value = this[name];
          delete this[name];
          this[name] = value;
        }
      }
    }

    connectedCallback() {
      this.#core.connected();
    }

    disconnectedCallback() {
      this.#core.disconnected();
    }

    attributeChangedCallback(name, oldValue, newValue) {
      if (oldValue !== newValue) this.#core.attributeChanged(name, newValue);
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

    get run() {
      return this.#core.run;
    }

    start() {
      this.#core.start();
    }
  }

  customElements.define(TAG, DrushIoRunButton);
  return true;
}

// The one piece Rust cannot write: a class that extends HTMLElement. Every lifecycle
// callback, attribute change and property forwards to the element's Rust core: one
// function taking a code and a value (the codes are listed at `Button::call` in
// src/element/button.rs); its shadow tree is the view's (run-button-view.js).
import { RunButtonView } from './run-button-view.js';
// Written by build.rs from src/element/style.css.
import css from './style.js';

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

// The key of a saved run of the job that `any` (a key with an empty base) names, under any
// base: what an element shows before it knows its client (src/element/button.rs); `any`
// itself when there is none.
export function savedKey(any) {
  const job = any.slice(PREFIX.length);
  try {
    return Object.keys(localStorage).find((key) => key.startsWith(PREFIX) && key.endsWith(job)) ?? any;
  } catch {
    return any;
  }
}

// Makes the Rust core of each new element; unset until the wasm is ready.
let createCore;
// Why the core cannot come (the wasm was not fetched or compiled), once known.
let failure;
// The elements created before it: each takes its core once it is, or the failure (see
// `defineRunButton`).
const waiting = new Set();

// The state saved in a marker (src/element/storage.rs writes "started-ms seen-ms state
// id"): a run seen in flight in the last day, else idle.
const inFlight = (text) => {
  const [, seen, state] = `${text}`.split(' ');
  return /^(queued|running)$/.test(state) && Date.now() - seen < 864e5 ? state : 'idle';
};

// The state of the element's job saved in storage, under a key escaped as in
// src/element/state.rs.
function savedState(host) {
  const part = (name) => (host.getAttribute(name) ?? '').replaceAll('%', '%25').replaceAll('|', '%7C');
  try {
    return inFlight(localStorage.getItem(savedKey(`${PREFIX}|${part('project')}|${part('job')}`)));
  } catch {
    return 'idle';
  }
}


// An element's core until the wasm is ready: it draws the idle button, or the last
// state saved for its job, and keeps every call, in order, for the real core, whose
// decisions are then the same as if it had been there from the start. A click shows
// `starting` at once; the core acts on it once it comes. Its words are the element's own
// `messages` if it has some already, else the built-in English; the core redraws them
// with the page's defaults. When the core cannot come, a click (kept, or one later)
// shows `failed` with the reason and fires `drush-io-error` (CONTRACT 7.1).
function standIn(host, view) {
  // Handed over once, then dropped: a token set meanwhile is kept no longer.
  let kept = [];
  let core;
  let messages = {};
  let started = false;
  // Only the label and the badge show before the core; it writes the other texts.
  const draw = (state = started ? 'starting' : savedState(host)) => {
    view.texts(host.getAttribute('label') || messages.label || 'Run job', '', '', '', '', '');
    // The built-in English of src/element/messages.rs is the state's name, capitalised.
    const text = messages.states?.[state] || state[0].toUpperCase() + state.slice(1);
    view.show(state, state === 'idle' ? '' : text, /^[sqr]/.test(state));
  };
  const fail = () => {
    draw('failed');
    view.failed(`${failure}`, failure);
    view.emit(3, null, failure);
  };
  // Nothing is drawn before the element is connected (code 0): a constructor may not add
  // attributes to an element made by `createElement`, and the parser connects at once.
  waiting.add(() => {
    if (failure) return started && fail();
    core = createCore(host, view);
    // A kept click is handed over as such (code 17): it may wait for a client.
    for (const [code, value] of kept) core(code === 2 ? 17 : code, value);
    kept = null;
  });
  return (code, value) => {
    if (core) return core(code, value);
    if (failure) return code === 2 && fail();
    kept.push([code, value]);
    if (code === 12 && value && typeof value === 'object') messages = value;
    // A job with a run in flight is drawn held: the core will not start another.
    if (code === 2 && host.getAttribute('state') === 'idle') started = true;
    // Connected (0), clicked (2), a label or messages (3, 12), or a saved run that may
    // have changed (5): attributes and storage may say more than at construction.
    if ([0, 2, 3, 5, 12].includes(code)) draw();
  };
}

// Defines the element unless it already is. Without `create` (auto.js, before the wasm
// is ready) the elements render idle at once and keep what happens to them until their
// core comes: a click shows `starting` and is acted on then, once. `create` makes the Rust
// core of each element, given its host and view; a second call changes nothing. `error`
// instead says why no core will come (auto.js: the wasm was not fetched or compiled).
export function defineRunButton(create, error) {
  if ((create || error) && !createCore && !failure) {
    createCore = create;
    failure = error;
    for (const take of [...waiting]) take();
    waiting.clear();
  }
  // Where there is no DOM (a server render), nothing is defined.
  if (!globalThis.customElements || customElements.get(TAG)) return;
  // Forgets the markers not seen in flight for a day, those of jobs no element loads
  // again included (an element forgets its own job's as it loads it).
  try {
    for (const key in localStorage) {
      if (key.startsWith(PREFIX) && inFlight(localStorage[key]) === 'idle') delete localStorage[key];
    }
  } catch {}
  addEventListener('storage', (event) => {
    if (!event.key || event.key.startsWith(PREFIX)) refreshAll();
  });
  // Offline (code 16); back online, the hint goes with the next answer.
  addEventListener('offline', () => {
    for (const core of [...connected]) core(16);
  });

  class DrushIoRunButton extends HTMLElement {
    #core;
    #leaving = 0;

    static get observedAttributes() {
      return ['label', 'base-url'];
    }

    constructor() {
      super();
      const view = new RunButtonView(this, css, (code) => this.#core(code));
      this.#core = createCore?.(this, view) ?? standIn(this, view);
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
      connected.add(this.#core);
      if (this.#leaving) {
        clearTimeout(this.#leaving);
        this.#leaving = 0;
      } else {
        const core = this.#core;
        core(0);
        // Once more after the current script, which may set attributes and properties
        // right after inserting the element (see `Button::connected`). It cannot have
        // left the document by then: that takes a task.
        queueMicrotask(() => core(5));
      }
    }

    // Out of the set at once: while its leaving waits, an element out of the document
    // follows no other run of its job (refreshAll), though its own goes on.
    disconnectedCallback() {
      connected.delete(this.#core);
      this.#leaving = setTimeout(() => {
        this.#leaving = 0;
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

//! `<drush-io-run-button>`: a button that triggers one drush.io job run and shows it
//! to the end. Its decisions live here in Rust (state machine, flows, storage, events,
//! texts); `js/run-button.js` defines the class extending `HTMLElement` (which Rust
//! cannot) and forwards to its Rust core (`Button::call`); `js/run-button-view.js` builds and updates
//! the shadow tree as told through `view.rs`.
//!
//! `state` is browser-free and tested natively; the rest needs a browser.

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub mod state;

#[cfg(target_arch = "wasm32")]
mod button;
#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod errors;
#[cfg(target_arch = "wasm32")]
mod flow;
#[cfg(target_arch = "wasm32")]
mod messages;
#[cfg(target_arch = "wasm32")]
mod storage;
#[cfg(target_arch = "wasm32")]
mod vars;
#[cfg(target_arch = "wasm32")]
mod view;

#[cfg(target_arch = "wasm32")]
pub use registration::define_elements;

#[cfg(target_arch = "wasm32")]
mod registration {

    use js_sys::{Object, Reflect};
    use wasm_bindgen::prelude::*;
    use web_sys::HtmlElement;

    use super::button::{self, Button};
    use super::client;
    use super::messages::{self, Messages};
    use super::view::View;

    // The stylesheet `js/run-button.js` imports (build.rs writes it): named here so that
    // wasm-bindgen copies it beside the other snippets.
    #[wasm_bindgen(module = "/js/style.js")]
    extern "C" {
        type Style;
    }

    #[wasm_bindgen(module = "/js/run-button.js")]
    extern "C" {
        /// Defines the custom element unless it already is; `create` makes the Rust core
        /// of each new element, given its host and view: one function taking a code and
        /// a value (see `Button::call`). One function rather than a class with a method
        /// per callback and property: each export costs a wrapper in the wasm file and a
        /// method in the JS glue.
        #[wasm_bindgen(js_name = defineRunButton)]
        fn define_run_button(create: Closure<dyn Fn(HtmlElement, View) -> JsValue>);
    }

    #[wasm_bindgen(typescript_custom_section)]
    const TYPES: &str = r#"
/** Options of `defineElements`. */
export interface DefineElementsOptions {
  /** The client of every `<drush-io-run-button>` that has no `client`, `token` or `base-url` of its own. */
  client?: DrushIo;
  /** The texts of every `<drush-io-run-button>`, under each element's own `messages`. */
  messages?: DrushIoRunButtonMessages;
}

/**
 * Every text `<drush-io-run-button>` shows, for translated pages; any subset (unknown keys
 * are ignored, a value that is not a string throws `invalid-argument`). The `label` and
 * `confirm` attributes win over `label` and `question`.
 */
export interface DrushIoRunButtonMessages {
  /** The button's text (default `Run job`). */
  label?: string;
  /** The confirmation's question when the `confirm` attribute is empty. */
  question?: string;
  /** The confirmation's buttons (default `Run`, `Cancel`). */
  accept?: string;
  cancel?: string;
  /** The summary of the log panel (default `Log`); with the button's name, it names the log. */
  log?: string;
  /** The accessible name of the progress bar (default `Progress`). */
  progress?: string;
  /** The note before a log shown cut to its end (default `[… earlier output not shown]`). */
  truncated?: string;
  /** The badge's hint while the browser is offline (default `Offline, waiting for the network`). */
  offline?: string;
  /**
   * The badge's hint after a 401 or 403 while a run is in flight, followed by the server's
   * own `message` when it gave one (default `Your session expired: reload to keep following this run.`).
   */
  expired?: string;
  /**
   * Why a POST whose outcome is unknown failed (no answer, a timeout, 502, 504: the run may
   * have been queued; default `The run may have been queued: check before running it again.`).
   */
  unknown?: string;
  /** The badge's words for each state. */
  states?: Partial<Record<DrushIoRunButtonState, string>>;
  /**
   * Why a request failed, by the `kind` of its `DrushIoError`: shown under the button and
   * announced with the state. `{status}` becomes the HTTP status.
   */
  errors?: Partial<Record<DrushIoErrorKind, string>>;
}

/**
 * Registers `<drush-io-run-button>`. Calling it again is harmless: it only replaces the
 * default client and messages, when given (elements already on the page show the new
 * messages, and a saved run waiting for a client is followed with the new default).
 */
export function defineElements(options?: DefineElementsOptions): void;

/** The element's `state` attribute. */
export type DrushIoRunButtonState =
  'idle' | 'starting' | 'queued' | 'running' | 'complete' | 'error' | 'failed';

/** `detail` of `drush-io-queued`, `drush-io-status` and `drush-io-complete`. */
export interface DrushIoRunButtonRunDetail {
  /** The run as last seen. */
  run: Run;
}

/** `detail` of `drush-io-error`: a failed request's `error`, or else the failed `run`. */
export type DrushIoRunButtonErrorDetail =
  | { /** Why a request failed. */ error: DrushIoError; /** The run, if one existed. */ run: Run | null }
  | { error?: undefined; /** The run that ended `failed`. */ run: Run };

/** `detail` of any `drush-io-*` event. */
export type DrushIoRunButtonEventDetail = DrushIoRunButtonRunDetail | DrushIoRunButtonErrorDetail;

/** Each event of `<drush-io-run-button>` by name. */
export interface DrushIoRunButtonEventMap {
  'drush-io-queued': CustomEvent<DrushIoRunButtonRunDetail>;
  'drush-io-status': CustomEvent<DrushIoRunButtonRunDetail>;
  'drush-io-complete': CustomEvent<DrushIoRunButtonRunDetail>;
  'drush-io-error': CustomEvent<DrushIoRunButtonErrorDetail>;
}

/** The element's attributes and properties as JSX and templates take them. */
export interface DrushIoRunButtonAttributes {
  project?: string;
  job?: string;
  label?: string;
  'base-url'?: string;
  /** Variables as a JSON object, or the `env` property's object. */
  env?: string | Record<string, string | number | boolean> | null;
  form?: string;
  /** With `form`: exactly these fields, names separated by spaces. */
  vars?: string;
  confirm?: string;
  client?: DrushIo | null;
  messages?: DrushIoRunButtonMessages | null;
}

/**
 * `<drush-io-run-button project job [label] [base-url] [env] [form] [vars] [confirm]>`
 *
 * Shadow parts: `bar`, `button`, `badge` (a polite live region), `time` (ticking beside the
 * badge while a run is in flight, inside it once the run ended), `progress` (while a run the
 * client expects a duration for is in flight), `log` (inside the `log-panel` details),
 * `message` (why a request failed), `dialog`, `confirm-accept`, `confirm-cancel`.
 * Custom properties: `--drush-io-accent` (`-hover`, `-active`, `-text`), `--drush-io-text`,
 * `--drush-io-font`, `--drush-io-font-size`, `--drush-io-mono-font`, `--drush-io-radius`,
 * `--drush-io-focus`, `--drush-io-disabled-bg`, `--drush-io-disabled-text`, `--drush-io-disabled-border`
 * (the button while a run is in flight),
 * badge tones `--drush-io-info`, `--drush-io-running`, `--drush-io-success`, `--drush-io-error`,
 * `--drush-io-warning` (each with a `-bg`), `--drush-io-border`, `--drush-io-panel-bg`,
 * `--drush-io-log-bg`, `--drush-io-log-text`, `--drush-io-log-width`, `--drush-io-log-max-height`,
 * `--drush-io-dialog-radius`, `--drush-io-dialog-bg`, `--drush-io-backdrop`, `--drush-io-secondary-bg`,
 * `--drush-io-secondary-border`, `--drush-io-secondary-hover`.
 */
export interface DrushIoRunButtonElement extends HTMLElement {
  /** The element's own client; `null` to use a built or the default one. */
  client: DrushIo | null;
  /** Write-only: never reflected, stored or readable back (reading gives `undefined`). */
  set token(value: string | null | undefined);
  /** Variables for the next run; the `form` attribute's fields override them. */
  env: Record<string, string | number | boolean> | null;
  /** This element's texts, merged over those given to `defineElements`. */
  messages: DrushIoRunButtonMessages | null;
  /** The last run seen. */
  readonly run: Run | null;
  /** Triggers a run as a click does (ignored while one is in flight). */
  start(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'drush-io-run-button': DrushIoRunButtonElement;
  }
  interface HTMLElementEventMap extends DrushIoRunButtonEventMap {}
}

// React 19 passes properties and `on<event>` handlers to custom elements. Augmenting a
// module that is not installed is no error; the @ts-ignore lines keep a project without
// React's or Vue's types free of errors for the names those types would give.
declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      // @ts-ignore: React's own types, present wherever this augmentation matters.
      'drush-io-run-button': import('react').DetailedHTMLProps<import('react').HTMLAttributes<DrushIoRunButtonElement>, DrushIoRunButtonElement> &
        DrushIoRunButtonAttributes & {
          'ondrush-io-queued'?: (event: DrushIoRunButtonEventMap['drush-io-queued']) => void;
          'ondrush-io-status'?: (event: DrushIoRunButtonEventMap['drush-io-status']) => void;
          'ondrush-io-complete'?: (event: DrushIoRunButtonEventMap['drush-io-complete']) => void;
          'ondrush-io-error'?: (event: DrushIoRunButtonEventMap['drush-io-error']) => void;
        };
    }
  }
}

// Vue's templates check a custom element like a component: attributes by camelised name,
// `@drush-io-complete` as `onDrushIoComplete`.
declare module 'vue' {
  interface GlobalComponents {
    'drush-io-run-button': new () => {
      $props: DrushIoRunButtonAttributes &
        // @ts-ignore: Vue's own types, present wherever this augmentation matters.
        Omit<import('vue').HTMLAttributes, keyof DrushIoRunButtonAttributes> & {
          baseUrl?: string;
          onDrushIoQueued?: (event: DrushIoRunButtonEventMap['drush-io-queued']) => void;
          onDrushIoStatus?: (event: DrushIoRunButtonEventMap['drush-io-status']) => void;
          onDrushIoComplete?: (event: DrushIoRunButtonEventMap['drush-io-complete']) => void;
          onDrushIoError?: (event: DrushIoRunButtonEventMap['drush-io-error']) => void;
        };
    };
  }
}
"#;

    /// Registers the elements (see the TypeScript declaration above).
    #[wasm_bindgen(js_name = defineElements, skip_typescript)]
    pub fn define_elements(options: Option<Object>) -> Result<(), JsValue> {
        let option = |name: &str| {
            options
                .as_ref()
                .and_then(|options| Reflect::get(options, &name.into()).ok())
                .unwrap_or_default()
        };
        // Both are checked before either is kept.
        let client = client::from_value(&option("client"))?;
        let given_messages = option("messages");
        let read = (!given_messages.is_null_or_undefined())
            .then(|| Messages::parse(&given_messages))
            .transpose()?;
        if client.is_some() {
            client::set_default(client);
        }
        if let Some(read) = read {
            messages::set_defaults(read);
        }
        let create = Closure::<dyn Fn(HtmlElement, View) -> JsValue>::new(|host, view| {
            let button = Button::new(host, view);
            Closure::<dyn Fn(u8, JsValue) -> Result<JsValue, JsValue>>::new(move |code, value| {
                button.call(code, value)
            })
            .into_js_value()
        });
        define_run_button(create);
        button::refresh_all();
        Ok(())
    }
}

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

    /// The element's stylesheet: `style.css` without its comments and indentation (see
    /// `build.rs`), adopted by every shadow root as one constructed `CSSStyleSheet`.
    const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/style.min.css"));

    #[wasm_bindgen(module = "/js/run-button.js")]
    extern "C" {
        /// Defines the custom element unless it already is; `create` makes the Rust core
        /// of each new element, given its host and view: one function taking a code and
        /// a value (see `Button::call`). One function rather than a class with a method
        /// per callback and property: each export costs a wrapper in the wasm file and a
        /// method in the JS glue.
        #[wasm_bindgen(js_name = defineRunButton)]
        fn define_run_button(create: Closure<dyn Fn(HtmlElement, View) -> JsValue>, css: &str);
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

/** `detail` of every `drush-io-*` event. */
export interface DrushIoRunButtonEventDetail {
  /** The run as last seen (`null` when a request failed before any run existed). */
  run: Run | null;
  /** Set on `drush-io-error` when a request failed. */
  error?: DrushIoError;
}

/**
 * `<drush-io-run-button project job [label] [base-url] [env] [form] [confirm]>`
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
  interface HTMLElementEventMap {
    'drush-io-queued': CustomEvent<DrushIoRunButtonEventDetail>;
    'drush-io-status': CustomEvent<DrushIoRunButtonEventDetail>;
    'drush-io-complete': CustomEvent<DrushIoRunButtonEventDetail>;
    'drush-io-error': CustomEvent<DrushIoRunButtonEventDetail>;
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
        define_run_button(create, STYLE);
        button::refresh_all();
        Ok(())
    }
}

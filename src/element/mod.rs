//! `<drush-io-run-button>`: a button that triggers one drush.io job run and shows it
//! to the end. Its behaviour lives here in Rust; `js/run-button.js` only defines the
//! class extending `HTMLElement` (which Rust cannot) and forwards to [`RunButtonCore`].
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
mod events;
#[cfg(target_arch = "wasm32")]
mod flow;
#[cfg(target_arch = "wasm32")]
mod render;
#[cfg(target_arch = "wasm32")]
mod storage;
#[cfg(target_arch = "wasm32")]
mod vars;

#[cfg(target_arch = "wasm32")]
pub use registration::define_elements;

#[cfg(target_arch = "wasm32")]
mod registration {
    use std::rc::Rc;

    use js_sys::{Object, Reflect};
    use wasm_bindgen::prelude::*;
    use web_sys::HtmlElement;

    use super::button::Button;
    use super::client;
    use super::errors::invalid_argument;

    #[wasm_bindgen(module = "/js/run-button.js")]
    extern "C" {
        /// Defines the custom element unless it already is; `create` makes the Rust core
        /// of each new element.
        #[wasm_bindgen(js_name = defineRunButton)]
        fn define_run_button(
            create: Closure<dyn Fn(HtmlElement) -> Result<RunButtonCore, JsValue>>,
        ) -> bool;
    }

    #[wasm_bindgen(typescript_custom_section)]
    const TYPES: &str = r#"
/** Options of `defineElements`. */
export interface DefineElementsOptions {
  /** The client of every `<drush-io-run-button>` that has no `client`, `token` or `base-url` of its own. */
  client?: DrushIo;
}

/**
 * Registers `<drush-io-run-button>`. Calling it again is harmless: it only replaces the
 * default client, when one is given.
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
 * Shadow parts: `button`, `badge`, `log` (inside the `log-panel` details), `message`
 * (why a request failed), `dialog`, `confirm-accept`, `confirm-cancel`.
 * Custom properties: `--drush-io-accent` (`-hover`, `-active`, `-text`), `--drush-io-text`,
 * `--drush-io-font`, `--drush-io-font-size`, `--drush-io-mono-font`, `--drush-io-radius`,
 * `--drush-io-focus`, `--drush-io-focus-gap`, `--drush-io-disabled-bg`, `--drush-io-disabled-text`,
 * badge tones `--drush-io-info`, `--drush-io-running`, `--drush-io-success`, `--drush-io-error`,
 * `--drush-io-warning` (each with a `-bg`), `--drush-io-border`, `--drush-io-panel-bg`,
 * `--drush-io-log-bg`, `--drush-io-log-text`, `--drush-io-log-width`, `--drush-io-log-max-height`,
 * `--drush-io-dialog-radius`, `--drush-io-backdrop`, `--drush-io-secondary-bg`,
 * `--drush-io-secondary-border`, `--drush-io-secondary-hover`.
 */
export interface DrushIoRunButtonElement extends HTMLElement {
  /** The element's own client; `null` to use a built or the default one. */
  client: DrushIo | null;
  /** Write-only: never reflected, stored or readable back (reading gives `undefined`). */
  set token(value: string | null | undefined);
  /** Variables for the next run; the `form` attribute's fields override them. */
  env: Record<string, string | number | boolean> | null;
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
        let given = options
            .and_then(|options| Reflect::get(&options, &"client".into()).ok())
            .filter(|client| !client.is_undefined() && !client.is_null());
        if let Some(given) = given {
            let default = client::as_client(&given).ok_or_else(|| {
                invalid_argument("client must be a DrushIo (an object with runJob and waitForRun)")
            })?;
            client::set_default(Some(default));
        }
        let create =
            Closure::<dyn Fn(HtmlElement) -> Result<RunButtonCore, JsValue>>::new(|host| {
                Button::new(host).map(RunButtonCore)
            });
        define_run_button(create);
        Ok(())
    }

    /// The Rust side of one element; only `js/run-button.js` calls it, so the class is
    /// not exported from the package.
    #[wasm_bindgen(private, skip_typescript)]
    pub struct RunButtonCore(Rc<Button>);

    #[wasm_bindgen]
    impl RunButtonCore {
        pub fn connected(&self) {
            self.0.connected();
        }

        pub fn disconnected(&self) {
            self.0.disconnected();
        }

        #[wasm_bindgen(js_name = attributeChanged)]
        pub fn attribute_changed(&self, name: &str, value: Option<String>) {
            self.0.attribute_changed(name, value);
        }

        pub fn start(&self) {
            self.0.start();
        }

        #[wasm_bindgen(getter)]
        pub fn client(&self) -> JsValue {
            self.0.client()
        }

        #[wasm_bindgen(setter)]
        pub fn set_client(&self, value: JsValue) -> Result<(), JsValue> {
            self.0.set_client(value)
        }

        #[wasm_bindgen(js_name = setToken)]
        pub fn set_token(&self, value: JsValue) -> Result<(), JsValue> {
            self.0.set_token(value)
        }

        #[wasm_bindgen(getter)]
        pub fn env(&self) -> JsValue {
            self.0.env()
        }

        #[wasm_bindgen(setter)]
        pub fn set_env(&self, value: JsValue) -> Result<(), JsValue> {
            self.0.set_env(value)
        }

        #[wasm_bindgen(getter)]
        pub fn run(&self) -> JsValue {
            self.0.run()
        }
    }
}

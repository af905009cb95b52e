//! Reading the option objects JavaScript passes in, and the `env` object of `runJob`.
//!
//! Options are read field by field with `Reflect` rather than through serde: serde's
//! error messages bring Rust's float formatting into the wasm file (about 40 KB before
//! compression), and a field-by-field reader can word every message itself, never echoing
//! a value (which, for `token`, could be a secret).

use crate::core::backoff::{BackoffConfig, DEFAULT_JITTER};
use crate::core::base_url::BaseUrl;
use crate::core::env::{body, check_entry, EnvValue};
use crate::core::error::{concat, Error};
use js_sys::{Array, Function, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, RequestCredentials};

pub const DEFAULT_REQUEST_TIMEOUT_MS: u64 = 30_000;
pub const DEFAULT_TIMEOUT_MS: u64 = 3_600_000;

/// The constructor's options, checked.
pub struct ClientOptions {
    pub token: Option<String>,
    pub base_url: BaseUrl,
    /// The `headers` option as given (`undefined` for none), its own fields all strings.
    pub headers: JsValue,
    pub credentials: RequestCredentials,
    pub request_timeout_ms: u64,
    /// Whether waits share one poller per run with the other tabs of the origin.
    pub tabs: bool,
}

/// Reads `new DrushIo(options)`.
pub fn client_options(options: &JsValue) -> Result<ClientOptions, Error> {
    let options = Fields::of(options, "DrushIo options")?;
    let token = match options.string("token", "token must be a string") {
        Ok(Some(token)) if token.is_empty() => None,
        Ok(Some(token)) if token.bytes().all(|b| b.is_ascii_graphic()) => Some(token),
        // Never echo the value: it may be a real token with a stray character.
        Ok(None) => None,
        _ => {
            return Err(Error::invalid_argument(
                "token must be a string of printable ASCII characters",
            ))
        }
    };
    let base_url = match options.string("baseUrl", "baseUrl must be a string")? {
        Some(url) => BaseUrl::parse(&url)?,
        None => BaseUrl::default(),
    };
    let credentials = match options
        .string("credentials", "credentials must be a string")?
        .as_deref()
    {
        None | Some("same-origin") => RequestCredentials::SameOrigin,
        Some("omit") => RequestCredentials::Omit,
        Some("include") => RequestCredentials::Include,
        Some(_) => {
            return Err(Error::invalid_argument(
                "credentials must be 'omit', 'same-origin' or 'include'",
            ))
        }
    };
    Ok(ClientOptions {
        token,
        base_url,
        headers: headers(options.get("headers"))?,
        credentials,
        request_timeout_ms: match options.millis("requestTimeoutMs")? {
            None => DEFAULT_REQUEST_TIMEOUT_MS,
            Some(0) => {
                return Err(Error::invalid_argument(
                    "requestTimeoutMs must be at least 1; for no per-request timeout, pass \
                     Infinity (or a large number such as 600000)",
                ))
            }
            Some(ms) => ms,
        },
        tabs: options
            .boolean("tabs", "tabs must be true or false")?
            .unwrap_or(true),
    })
}

/// The options of one call: `runJob`'s, `getRun`'s, `waitForRun`'s or `runJobAndWait`'s
/// (each method reads only the fields it documents).
pub struct CallOptions {
    /// The JSON body `{"env": {...}}`, when `env` was given.
    pub env_body: Option<String>,
    pub signal: Option<AbortSignal>,
    pub on_update: Option<Function>,
    pub backoff: BackoffConfig,
    pub timeout_ms: u64,
    /// Whether `runJobAndWait` may pace its polls by the job's recent durations.
    pub history: bool,
}

/// Reads the options object of a call (`undefined` and `null` mean "none").
pub fn call_options(options: &JsValue) -> Result<CallOptions, Error> {
    let options = Fields::of(options, "options")?;
    let signal = options.object::<AbortSignal>("signal", "signal must be an AbortSignal")?;
    let on_update = options.object::<Function>("onUpdate", "onUpdate must be a function")?;
    let defaults = BackoffConfig::default();
    let backoff = BackoffConfig {
        initial_delay_ms: options
            .millis("initialDelayMs")?
            .unwrap_or(defaults.initial_delay_ms),
        max_delay_ms: options
            .millis("maxDelayMs")?
            .unwrap_or(defaults.max_delay_ms),
        multiplier: options
            .number("multiplier", "multiplier must be a number")?
            .unwrap_or(defaults.multiplier),
        jitter: DEFAULT_JITTER,
    };
    backoff.validate()?;
    Ok(CallOptions {
        env_body: env_body(&options.get("env"))?,
        signal,
        on_update,
        backoff,
        timeout_ms: options.millis("timeoutMs")?.unwrap_or(DEFAULT_TIMEOUT_MS),
        history: options
            .boolean("history", "history must be true or false")?
            .unwrap_or(true),
    })
}

/// An options object (or none at all).
struct Fields(Option<JsValue>);

impl Fields {
    fn of(value: &JsValue, what: &'static str) -> Result<Fields, Error> {
        if value.is_undefined() || value.is_null() {
            Ok(Fields(None))
        } else if value.is_object() {
            Ok(Fields(Some(value.clone())))
        } else {
            Err(Error::invalid_argument(concat(&[
                what,
                " must be an object",
            ])))
        }
    }

    /// The field, `undefined` when absent. `null` counts as absent too.
    fn get(&self, name: &str) -> JsValue {
        let value = match &self.0 {
            Some(object) => Reflect::get(object, &JsValue::from_str(name)).unwrap_or_default(),
            None => JsValue::UNDEFINED,
        };
        if value.is_null() {
            JsValue::UNDEFINED
        } else {
            value
        }
    }

    fn string(&self, name: &str, wrong: &'static str) -> Result<Option<String>, Error> {
        let value = self.get(name);
        if value.is_undefined() {
            return Ok(None);
        }
        value
            .as_string()
            .map(Some)
            .ok_or(Error::invalid_argument(wrong))
    }

    fn number(&self, name: &str, wrong: &'static str) -> Result<Option<f64>, Error> {
        let value = self.get(name);
        if value.is_undefined() {
            return Ok(None);
        }
        match value.as_f64() {
            Some(n) if !n.is_nan() => Ok(Some(n)),
            _ => Err(Error::invalid_argument(wrong)),
        }
    }

    fn boolean(&self, name: &str, wrong: &'static str) -> Result<Option<bool>, Error> {
        let value = self.get(name);
        if value.is_undefined() {
            return Ok(None);
        }
        value
            .as_bool()
            .map(Some)
            .ok_or(Error::invalid_argument(wrong))
    }

    /// A duration: a non-negative number of milliseconds (`Infinity` allowed).
    fn millis(&self, name: &'static str) -> Result<Option<u64>, Error> {
        let value = self.get(name);
        if value.is_undefined() {
            return Ok(None);
        }
        match value.as_f64() {
            Some(ms) if ms >= 0.0 => Ok(Some(ms as u64)), // saturates for Infinity
            _ => Err(Error::invalid_argument(concat(&[
                name,
                " must be a number of milliseconds (0 or more)",
            ]))),
        }
    }

    fn object<T: JsCast>(&self, name: &str, wrong: &'static str) -> Result<Option<T>, Error> {
        let value = self.get(name);
        if value.is_undefined() {
            return Ok(None);
        }
        value
            .dyn_into::<T>()
            .map(Some)
            .map_err(|_| Error::invalid_argument(wrong))
    }
}

/// Checks `headers`: an object of strings.
fn headers(value: JsValue) -> Result<JsValue, Error> {
    if value.is_undefined() {
        return Ok(value);
    }
    if !value.is_object() || Array::is_array(&value) {
        return Err(Error::invalid_argument(
            "headers must be an object of header names to strings",
        ));
    }
    for name in Object::keys(value.unchecked_ref::<Object>()) {
        if !Reflect::get(&value, &name).unwrap_or_default().is_string() {
            return Err(Error::invalid_argument(concat(&[
                "header '",
                &name.as_string().unwrap_or_default(),
                "' must be a string",
            ])));
        }
    }
    Ok(value)
}

/// Checks `env` and builds the POST body, every value in its JavaScript string form.
fn env_body(env: &JsValue) -> Result<Option<String>, Error> {
    if env.is_undefined() {
        return Ok(None);
    }
    if !env.is_object() || Array::is_array(env) {
        return Err(Error::invalid_argument(
            "env must be an object of variable names to values",
        ));
    }
    let mut vars = Vec::new();
    for name in Object::keys(env.unchecked_ref::<Object>()) {
        let value = Reflect::get(env, &name).unwrap_or_default();
        let kind = if value.is_string() {
            EnvValue::Text
        } else if let Some(n) = value.as_f64() {
            EnvValue::Number(n)
        } else if value.as_bool().is_some() {
            EnvValue::Boolean
        } else {
            EnvValue::Other
        };
        let name = name.as_string().unwrap_or_default();
        check_entry(&name, kind)?;
        // For finite numbers and booleans JSON.stringify gives exactly String(value).
        let text = match value.as_string() {
            Some(text) => text,
            None => JSON::stringify(&value)
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default(),
        };
        vars.push((name, text));
    }
    body(
        vars.iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    )
    .map(Some)
}

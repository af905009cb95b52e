//! Reading the option objects JavaScript passes in, and the `env` object of `runJob`.
//!
//! Options are read field by field with `Reflect` rather than through serde: serde's
//! error messages bring Rust's float formatting into the wasm file (about 40 KB before
//! compression), and a field-by-field reader can word every message itself, never echoing
//! a value (which, for `token`, could be a secret).

use crate::core::backoff::{BackoffConfig, DEFAULT_JITTER};
use crate::core::base_url::BaseUrl;
use crate::core::env::{check_entry, EnvValue};
use crate::core::error::{concat, Error};
use js_sys::{Array, Function, Object, Reflect, JSON};
use std::borrow::Cow;
use std::cell::Cell;
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
    /// The `fetch` option: a function used instead of the global `fetch` (`undefined` for
    /// the global one, looked up at each request so that a later mock is seen).
    pub fetch: JsValue,
}

/// Reads `new DrushIo(options)`.
pub fn client_options(options: &JsValue) -> Result<ClientOptions, Error> {
    let fields = Fields::of(options, "DrushIo options");
    let token = fields.text("token").filter(|token| !token.is_empty());
    // Never echo the value: it may be a real token with a stray character.
    if !token
        .as_ref()
        .map_or(true, |t| t.bytes().all(|b| b.is_ascii_graphic()))
    {
        fields.refuse("token must be printable ASCII characters".into());
    }
    let base_url = match fields.text("baseUrl").map(|url| BaseUrl::parse(&url)) {
        Some(Ok(url)) => url,
        Some(Err(wrong)) => {
            fields.refuse(wrong.message);
            BaseUrl::default()
        }
        None => BaseUrl::default(),
    };
    let credentials = match fields.text("credentials").as_deref() {
        None | Some("same-origin") => RequestCredentials::SameOrigin,
        Some("omit") => RequestCredentials::Omit,
        Some("include") => RequestCredentials::Include,
        Some(_) => {
            fields.refuse("credentials must be 'omit', 'same-origin' or 'include'".into());
            RequestCredentials::SameOrigin
        }
    };
    let request_timeout_ms = match fields.millis("requestTimeoutMs") {
        None => DEFAULT_REQUEST_TIMEOUT_MS,
        Some(0) => {
            fields.refuse("requestTimeoutMs must be at least 1 (Infinity for no timeout)".into());
            0
        }
        Some(ms) => ms,
    };
    let options = ClientOptions {
        token,
        base_url,
        headers: headers(&fields, fields.get("headers")),
        credentials,
        request_timeout_ms,
        tabs: fields.flag("tabs").unwrap_or(true),
        fetch: fields
            .object(Kind::Function, "fetch")
            .unwrap_or(JsValue::UNDEFINED),
    };
    fields.done()?;
    Ok(options)
}

/// The options of one call: `runJob`'s, `getRun`'s, `waitForRun`'s or `runJobAndWait`'s
/// (each method reads only the fields it documents).
pub struct CallOptions {
    /// The JSON body `{"env": {...}}`, when `env` was given.
    pub env_body: Option<String>,
    pub signal: Option<AbortSignal>,
    pub on_update: Option<Function>,
    /// Called with the run on every answer, news or not.
    pub on_answer: Option<Function>,
    pub backoff: BackoffConfig,
    pub timeout_ms: u64,
    /// Whether `runJobAndWait` may pace its polls by the job's recent durations.
    pub history: bool,
}

/// Reads the options object of a call (`undefined` and `null` mean "none").
pub fn call_options(options: &JsValue) -> Result<CallOptions, Error> {
    let fields = Fields::of(options, "options");
    let defaults = BackoffConfig::default();
    let backoff = BackoffConfig {
        initial_delay_ms: fields
            .millis("initialDelayMs")
            .unwrap_or(defaults.initial_delay_ms),
        max_delay_ms: fields.millis("maxDelayMs").unwrap_or(defaults.max_delay_ms),
        multiplier: fields.number("multiplier").unwrap_or(defaults.multiplier),
        jitter: DEFAULT_JITTER,
    };
    if let Err(wrong) = backoff.validate() {
        fields.refuse(wrong.message);
    }
    let options = CallOptions {
        env_body: env_body(&fields, &fields.get("env")),
        signal: fields
            .object(Kind::Signal, "signal")
            .map(JsCast::unchecked_into),
        on_update: fields
            .object(Kind::Function, "onUpdate")
            .map(JsCast::unchecked_into),
        on_answer: fields
            .object(Kind::Function, "onAnswer")
            .map(JsCast::unchecked_into),
        backoff,
        timeout_ms: fields.millis("timeoutMs").unwrap_or(DEFAULT_TIMEOUT_MS),
        history: fields.flag("history").unwrap_or(true),
    };
    fields.done()?;
    Ok(options)
}

/// What a field must be. The order is that of [`MUST`].
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Number,
    /// A duration: a non-negative number of milliseconds (`Infinity` allowed).
    Millis,
    Flag,
    Signal,
    Function,
}

/// The end of the message refusing a field of each kind, after the field's name.
const MUST: [&str; 6] = [
    " must be a string",
    " must be a number",
    " must be a number of milliseconds (0 or more)",
    " must be true or false",
    " must be an AbortSignal",
    " must be a function",
];

/// An options object (or none at all), read field by field. A field that is wrong is
/// read as absent and remembered: [`Fields::done`] refuses the options with the first,
/// so each read is as small as an unchecked one and the error is moved once.
struct Fields<'a> {
    /// The options when they are an object.
    object: Option<&'a JsValue>,
    wrong: Cell<Option<Cow<'static, str>>>,
}

impl<'a> Fields<'a> {
    fn of(value: &'a JsValue, what: &'static str) -> Fields<'a> {
        let fields = Fields {
            object: value.is_object().then_some(value),
            wrong: Cell::new(None),
        };
        if fields.object.is_none() && !value.is_undefined() && !value.is_null() {
            fields.refuse(concat(&[what, " must be an object"]).into());
        }
        fields
    }

    /// Remembers why the options are refused, unless an earlier field already said.
    fn refuse(&self, message: Cow<'static, str>) {
        let first = self.wrong.take();
        self.wrong.set(Some(first.unwrap_or(message)));
    }

    /// The first refusal, if any.
    fn done(self) -> Result<(), Error> {
        match self.wrong.take() {
            Some(message) => Err(Error::invalid_argument(message)),
            None => Ok(()),
        }
    }

    /// The field, `undefined` when absent. `null` counts as absent too.
    fn get(&self, name: &str) -> JsValue {
        let value = match self.object {
            Some(object) => Reflect::get(object, &JsValue::from_str(name)).unwrap_or_default(),
            None => JsValue::UNDEFINED,
        };
        if value.is_null() {
            JsValue::UNDEFINED
        } else {
            value
        }
    }

    /// The field if it is of `kind`; `undefined` when absent, and when wrong (refused).
    fn read(&self, kind: Kind, name: &str) -> JsValue {
        let value = self.get(name);
        if value.is_undefined() {
            return value;
        }
        let fits = match kind {
            Kind::Text => value.is_string(),
            Kind::Number => value.as_f64().is_some_and(|n| !n.is_nan()),
            Kind::Millis => value.as_f64().is_some_and(|ms| ms >= 0.0),
            Kind::Flag => value.as_bool().is_some(),
            Kind::Signal => value.is_instance_of::<AbortSignal>(),
            Kind::Function => value.is_function(),
        };
        if fits {
            return value;
        }
        self.refuse(concat(&[name, MUST[kind as usize]]).into());
        JsValue::UNDEFINED
    }

    fn text(&self, name: &str) -> Option<String> {
        self.read(Kind::Text, name).as_string()
    }

    fn number(&self, name: &str) -> Option<f64> {
        self.read(Kind::Number, name).as_f64()
    }

    fn flag(&self, name: &str) -> Option<bool> {
        self.read(Kind::Flag, name).as_bool()
    }

    /// A duration: a non-negative number of milliseconds (`Infinity` allowed).
    fn millis(&self, name: &str) -> Option<u64> {
        // Saturates for Infinity.
        self.read(Kind::Millis, name).as_f64().map(|ms| ms as u64)
    }

    fn object(&self, kind: Kind, name: &str) -> Option<JsValue> {
        let value = self.read(kind, name);
        (!value.is_undefined()).then_some(value)
    }
}

/// Checks `headers`: an object of strings, handed to `js/transport.js` as it is.
fn headers(fields: &Fields<'_>, value: JsValue) -> JsValue {
    if value.is_undefined() {
        return value;
    }
    if !value.is_object() || Array::is_array(&value) {
        fields.refuse("headers must be an object of strings".into());
        return JsValue::UNDEFINED;
    }
    for name in Object::keys(value.unchecked_ref::<Object>()) {
        if !Reflect::get(&value, &name).unwrap_or_default().is_string() {
            let name = name.as_string().unwrap_or_default();
            fields.refuse(concat(&["header '", &name, "' must be a string"]).into());
        }
    }
    value
}

/// Checks `env` and builds the POST body, every value in its JavaScript string form.
/// JSON.stringify writes it: a copy of `env` with strings for values, made in an object
/// without a prototype, so that a variable named `__proto__` is kept like any other.
fn env_body(fields: &Fields<'_>, env: &JsValue) -> Option<String> {
    if env.is_undefined() {
        return None;
    }
    if !env.is_object() || Array::is_array(env) {
        fields.refuse("env must be an object of variables".into());
        return None;
    }
    let vars = Object::create(JsValue::NULL.unchecked_ref::<Object>());
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
        if let Err(wrong) = check_entry(&name.as_string().unwrap_or_default(), kind) {
            fields.refuse(wrong.message);
        }
        // For finite numbers and booleans JSON.stringify gives exactly String(value).
        let text = match kind {
            EnvValue::Text => value,
            _ => JSON::stringify(&value)
                .map(JsValue::from)
                .unwrap_or_default(),
        };
        let _ = Reflect::set(&vars, &name, &text);
    }
    let body = Object::new();
    let _ = Reflect::set(&body, &JsValue::from_str("env"), &vars);
    JSON::stringify(&body)
        .ok()
        .and_then(|json| json.as_string())
}

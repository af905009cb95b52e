//! Every text the element shows, replaceable for translated admin pages:
//! the defaults given to `defineElements`, then each element's own `messages` over
//! them, then the built-in English. The `label` and `confirm` attributes win over all.

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::errors::invalid_argument;
use super::state::State;

/// Slots of the texts: first the top-level keys, then `messages.states` (the badge's
/// words for a state are at `STATES + state as usize`), then `messages.errors` (why a
/// request failed, by the `kind` of its `DrushIoError`).
pub const LABEL: usize = 0;
pub const QUESTION: usize = 1;
pub const ACCEPT: usize = 2;
pub const CANCEL: usize = 3;
pub const LOG: usize = 4;
pub const PROGRESS: usize = 5;
pub const TRUNCATED: usize = 6;
/// The badge's hint while the browser is offline.
pub const OFFLINE: usize = 7;
/// The badge's hint after a 401 or 403 while a run is in flight (an expired session).
pub const EXPIRED: usize = 8;
/// Why a POST failed whose outcome is unknown (the run may have been queued).
pub const UNKNOWN: usize = 9;
const STATES: usize = 10;
pub const ERRORS: usize = STATES + State::ALL.len();
const SLOTS: usize = ERRORS + 6;

/// The key of each slot, in `messages`, `messages.states` or `messages.errors` (whose
/// keys are the kinds of `DrushIoError`).
const KEYS: [&str; SLOTS] = [
    "label",
    "question",
    "accept",
    "cancel",
    "log",
    "progress",
    "truncated",
    "offline",
    "expired",
    "unknown",
    "idle",
    "starting",
    "queued",
    "running",
    "complete",
    "error",
    "failed",
    "network",
    "http",
    "timeout",
    "parse",
    "aborted",
    "invalid-argument",
];

/// Where each group of keys starts, and the name of the object holding it (`None`:
/// `messages` itself).
const GROUPS: [(usize, Option<&str>); 3] = [
    (0, None),
    (STATES, Some("states")),
    (ERRORS, Some("errors")),
];

// The states' keys are the values of the `state` attribute (checked as the crate builds).
const _: () = {
    let mut state = 0;
    while state < State::ALL.len() {
        let (key, name) = (
            KEYS[STATES + state].as_bytes(),
            State::ALL[state].as_str().as_bytes(),
        );
        assert!(key.len() == name.len());
        let mut byte = 0;
        while byte < key.len() {
            assert!(key[byte] == name[byte]);
            byte += 1;
        }
        state += 1;
    }
};

const BUILT_IN: [&str; SLOTS] = [
    "Run job",
    "Run this job now?",
    "Run",
    "Cancel",
    "Log",
    "Progress",
    "[… earlier output not shown]",
    "Offline, waiting for the network",
    "Your session expired: reload to keep following this run.",
    "The run may have been queued: check before running it again.",
    // idle, starting, queued, running, complete, error, failed
    "",
    "Starting",
    "Queued",
    "Running",
    "Complete",
    "Error",
    "Failed",
    // why a request failed, by kind; `{status}` becomes the HTTP status
    "The server could not be reached.",
    "The server answered {status}.",
    "The server did not answer in time.",
    "The server's answer was unreadable.",
    "Cancelled.",
    "The button is set up wrong.",
];

/// Messages given by a page: any subset of the slots. Kept as the JS strings they are,
/// for the view: a text never needs decoding into Rust.
#[derive(Default)]
pub struct Messages([Option<JsValue>; SLOTS]);

impl Messages {
    /// Reads a `messages` object; `null` or `undefined` is none. Unknown keys are
    /// ignored; a value that is not a string is refused, before anything is kept.
    pub fn parse(value: &JsValue) -> Result<Messages, JsValue> {
        let mut messages = Messages::default();
        if value.is_null_or_undefined() {
            return Ok(messages);
        }
        if !value.is_object() {
            return Err(invalid_argument("messages must be an object of strings"));
        }
        for (index, (first, name)) in GROUPS.iter().enumerate() {
            let object = match name {
                None => value.clone(),
                Some(name) => Reflect::get(value, &(*name).into())?,
            };
            if object.is_undefined() {
                continue;
            }
            if !object.is_object() {
                return Err(invalid_argument(
                    "messages.states and messages.errors must be objects of strings",
                ));
            }
            let end = GROUPS.get(index + 1).map_or(SLOTS, |(next, _)| *next);
            for (slot, key) in KEYS.iter().enumerate().take(end).skip(*first) {
                messages.0[slot] = text_at(&object, key)?;
            }
        }
        Ok(messages)
    }
}

fn text_at(object: &JsValue, key: &str) -> Result<Option<JsValue>, JsValue> {
    let value = Reflect::get(object, &key.into())?;
    if value.is_undefined() {
        return Ok(None);
    }
    if !value.is_string() {
        return Err(invalid_argument("every message must be a string"));
    }
    Ok(Some(value))
}

thread_local! {
    /// The messages given to `defineElements`. (A const initialiser: a lazy one brings
    /// the standard library's lazy thread-local code and its messages into the wasm file.)
    static DEFAULTS: RefCell<Messages> = const { RefCell::new(Messages([const { None }; SLOTS])) };
}

pub fn set_defaults(messages: Messages) {
    DEFAULTS.with(|defaults| *defaults.borrow_mut() = messages);
}

/// The text of `slot`: the element's own message, else the page's default, else English.
pub fn text(own: Option<&Messages>, slot: usize) -> JsValue {
    if let Some(text) = own.and_then(|own| own.0[slot].clone()) {
        return text;
    }
    DEFAULTS
        .with(|defaults| defaults.borrow().0[slot].clone())
        .unwrap_or_else(|| BUILT_IN[slot].into())
}

/// The slot of the reason for a failure whose `DrushIoError` has `kind`, if it is one.
pub fn error_slot(kind: &JsValue) -> Option<usize> {
    let index = KEYS[ERRORS..]
        .iter()
        .position(|name| *kind == JsValue::from_str(name))?;
    Some(ERRORS + index)
}

/// The slot of the badge's words for `state`.
pub fn state_slot(state: State) -> usize {
    STATES + state as usize
}

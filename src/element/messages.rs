//! Every text the element shows, replaceable for translated admin pages:
//! the defaults given to `defineElements`, then each element's own `messages` over
//! them, then the built-in English. The `label` and `confirm` attributes win over all.

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::errors::invalid_argument;
use super::state::State;

/// Slots of the texts; the badge's words for a state are at `STATES + state as usize`.
pub const LABEL: usize = 0;
pub const QUESTION: usize = 1;
pub const ACCEPT: usize = 2;
pub const CANCEL: usize = 3;
pub const LOG: usize = 4;
/// The badge's hint while the browser is offline.
pub const OFFLINE: usize = 5;
const STATES: usize = 6;
const SLOTS: usize = STATES + State::ALL.len();

/// The key of each slot: in `messages`, then (from `STATES` on) in `messages.states`.
const KEYS: [&str; SLOTS] = [
    "label", "question", "accept", "cancel", "log", "offline", "idle", "starting", "queued",
    "running", "complete", "error", "failed",
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
    "Offline, waiting for the network",
    // idle, starting, queued, running, complete, error, failed
    "",
    "Starting",
    "Queued",
    "Running",
    "Complete",
    "Error",
    "Failed",
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
        let mut object = value.clone();
        for (slot, key) in KEYS.iter().enumerate() {
            if slot == STATES {
                object = Reflect::get(value, &"states".into())?;
                if object.is_undefined() {
                    break;
                }
                if !object.is_object() {
                    return Err(invalid_argument(
                        "messages.states must be an object of strings",
                    ));
                }
            }
            messages.0[slot] = text_at(&object, key)?;
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

/// The slot of the badge's words for `state`.
pub fn state_slot(state: State) -> usize {
    STATES + state as usize
}

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
const STATES: usize = 5;
const SLOTS: usize = STATES + State::ALL.len();

const KEYS: [&str; STATES] = ["label", "question", "accept", "cancel", "log"];

const BUILT_IN: [&str; SLOTS] = [
    "Run job",
    "Run this job now?",
    "Run",
    "Cancel",
    "Log",
    // idle, starting, queued, running, complete, error, failed
    "",
    "Starting",
    "Queued",
    "Running",
    "Complete",
    "Error",
    "Failed",
];

/// Messages given by a page: any subset of the slots.
#[derive(Default)]
pub struct Messages([Option<String>; SLOTS]);

impl Messages {
    /// Reads a `messages` object; `null` or `undefined` is none. Unknown keys are
    /// ignored; a value that is not a string is refused, before anything is kept.
    pub fn parse(value: &JsValue) -> Result<Messages, JsValue> {
        let mut messages = Messages::default();
        if value.is_null() || value.is_undefined() {
            return Ok(messages);
        }
        if !value.is_object() {
            return Err(invalid_argument("messages must be an object of strings"));
        }
        let states = Reflect::get(value, &"states".into())?;
        if !states.is_undefined() && !states.is_object() {
            return Err(invalid_argument(
                "messages.states must be an object of strings",
            ));
        }
        // One loop over every slot, its key read from `messages` or from `states`.
        for (slot, text) in messages.0.iter_mut().enumerate() {
            let (object, key) = match State::ALL.get(slot.wrapping_sub(STATES)) {
                Some(state) => (&states, state.as_str()),
                None => (value, KEYS.get(slot).copied().unwrap_or_default()),
            };
            if object.is_undefined() {
                break;
            }
            let given = Reflect::get(object, &key.into())?;
            if given.is_undefined() {
                continue;
            }
            *text = given.as_string();
            if text.is_none() {
                return Err(invalid_argument("every message must be a string"));
            }
        }
        Ok(messages)
    }
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
pub fn text(own: Option<&Messages>, slot: usize) -> String {
    if let Some(text) = own.and_then(|own| own.0[slot].clone()) {
        return text;
    }
    DEFAULTS
        .with(|defaults| defaults.borrow().0[slot].clone())
        .unwrap_or_else(|| BUILT_IN[slot].into())
}

/// The badge's words for `state`.
pub fn state_text(own: Option<&Messages>, state: State) -> String {
    text(own, STATES + state as usize)
}

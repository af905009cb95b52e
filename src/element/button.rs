//! One `<drush-io-run-button>`: what it holds, its lifecycle and its properties. The run
//! itself (trigger, confirmation, watching) is in `flow.rs`.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::{Interval, Timeout};
use js_sys::{Date, Function};
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, Event, EventTarget, HtmlElement};

use super::client::{self, RunClient};
use super::errors::invalid_argument;
use super::render::Parts;
use super::state::{storage_key, State};
use super::vars;

pub struct Button {
    pub(super) host: HtmlElement,
    pub(super) parts: Parts,
    pub(super) data: RefCell<Data>,
}

type Listener = (EventTarget, &'static str, Closure<dyn FnMut(Event)>);

pub(super) struct Data {
    pub connected: bool,
    /// Bumped whenever the element enters or leaves the document: an async task that
    /// finds it changed has been superseded and touches nothing.
    pub generation: u32,
    /// From the click until the run ends: one click queues exactly one run.
    pub busy: bool,
    pub state: State,
    pub client: Option<RunClient>,
    /// Write-only; kept here and in the client built from it for a run, never in an
    /// attribute, the markup or storage.
    pub token: Option<String>,
    pub env: Option<JsValue>,
    pub run: Option<JsValue>,
    pub abort: Option<AbortController>,
    pub ticker: Option<Interval>,
    pub started_ms: f64,
    /// The button had the focus when clicked (disabling it drops the focus).
    pub refocus: bool,
    pub refocus_timer: Option<Timeout>,
    /// Resolves the pending confirmation's promise with whether it was accepted.
    pub confirm: Option<Function>,
    listeners: Vec<Listener>,
}

impl Button {
    pub fn new(host: HtmlElement) -> Result<Rc<Button>, JsValue> {
        let parts = Parts::attach(&host)?;
        Ok(Rc::new(Button {
            host,
            parts,
            data: RefCell::new(Data {
                connected: false,
                generation: 0,
                busy: false,
                state: State::Idle,
                client: None,
                token: None,
                env: None,
                run: None,
                abort: None,
                ticker: None,
                started_ms: 0.0,
                refocus: false,
                refocus_timer: None,
                confirm: None,
                listeners: Vec::new(),
            }),
        }))
    }

    pub(super) fn is_current(&self, generation: u32) -> bool {
        let data = self.data.borrow();
        data.connected && data.generation == generation
    }

    pub fn connected(self: &Rc<Self>) {
        let generation = {
            let mut data = self.data.borrow_mut();
            data.connected = true;
            data.generation = data.generation.wrapping_add(1);
            data.generation
        };
        self.parts
            .show_label(self.host.get_attribute("label").as_deref());
        let state = self.data.borrow().state;
        self.parts.show_state(&self.host, state);
        self.listen();
        // Resume after the current script has run, so properties set right after
        // inserting the element (a `client`, a `token`) are used.
        let this = self.clone();
        crate::web::spawn(Box::pin(async move { this.resume(generation) }));
    }

    pub fn disconnected(&self) {
        let (abort, confirm, listeners) = {
            let mut data = self.data.borrow_mut();
            data.connected = false;
            data.generation = data.generation.wrapping_add(1);
            data.busy = false;
            data.ticker = None;
            data.refocus_timer = None;
            (
                data.abort.take(),
                data.confirm.take(),
                std::mem::take(&mut data.listeners),
            )
        };
        // Stops the poll loop at once; the saved run id stays, so a re-inserted element
        // (or the reloaded page) picks the run up again.
        if let Some(abort) = abort {
            abort.abort();
        }
        if let Some(resolve) = confirm {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::FALSE);
            self.parts.dialog.close();
        }
        for (target, name, listener) in listeners {
            let _ =
                target.remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
    }

    fn listen(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let on_click = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            if let Some(button) = weak.upgrade() {
                button.start();
            }
        });
        let weak = Rc::downgrade(self);
        let on_close = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            if let Some(button) = weak.upgrade() {
                button.answer_confirmation();
            }
        });
        let mut listeners: Vec<Listener> = Vec::new();
        for (target, name, listener) in [
            (
                self.parts.button.clone().unchecked_into::<EventTarget>(),
                "click",
                on_click,
            ),
            (
                self.parts.dialog.clone().unchecked_into::<EventTarget>(),
                "close",
                on_close,
            ),
        ] {
            let _ =
                target.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            listeners.push((target, name, listener));
        }
        self.data.borrow_mut().listeners = listeners;
    }

    pub fn attribute_changed(&self, name: &str, value: Option<String>) {
        // Everything else (ids, env, form, confirm, base-url) is read at click time.
        if name == "label" {
            self.parts.show_label(value.as_deref());
        }
    }

    pub(super) fn set_state(&self, state: State) {
        self.data.borrow_mut().state = state;
        self.parts.show_state(&self.host, state);
    }

    pub(super) fn start_clock(self: &Rc<Self>, started_ms: f64) {
        self.data.borrow_mut().started_ms = started_ms;
        self.tick();
        let weak = Rc::downgrade(self);
        let ticker = Interval::new(1000, move || {
            if let Some(button) = weak.upgrade() {
                button.tick();
            }
        });
        self.data.borrow_mut().ticker = Some(ticker);
    }

    fn tick(&self) {
        let started = self.data.borrow().started_ms;
        let elapsed = ((Date::now() - started) / 1000.0).max(0.0) as u64;
        self.parts.show_time(Some(elapsed), true);
    }

    pub(super) fn ids(&self) -> (String, String) {
        let attribute = |name| self.host.get_attribute(name).unwrap_or_default();
        (attribute("project"), attribute("job"))
    }

    pub(super) fn storage_key(&self) -> String {
        let (project, job) = self.ids();
        storage_key(
            &self.host.get_attribute("base-url").unwrap_or_default(),
            &project,
            &job,
        )
    }

    pub(super) fn pick_client(&self) -> Result<RunClient, JsValue> {
        let data = self.data.borrow();
        client::pick(
            data.client.as_ref(),
            data.token.as_deref(),
            self.host.get_attribute("base-url").as_deref(),
        )
    }

    // --- properties -----------------------------------------------------------------

    pub fn client(&self) -> JsValue {
        self.data
            .borrow()
            .client
            .clone()
            .map_or(JsValue::NULL, JsValue::from)
    }

    pub fn set_client(&self, value: JsValue) -> Result<(), JsValue> {
        let client = if value.is_null() || value.is_undefined() {
            None
        } else {
            Some(client::as_client(&value).ok_or_else(|| {
                invalid_argument("client must be a DrushIo (an object with runJob and waitForRun)")
            })?)
        };
        self.data.borrow_mut().client = client;
        Ok(())
    }

    pub fn set_token(&self, value: JsValue) -> Result<(), JsValue> {
        let token = if value.is_null() || value.is_undefined() {
            None
        } else {
            // Never echo the value: it is a secret even when it is the wrong type.
            Some(
                value
                    .as_string()
                    .ok_or_else(|| invalid_argument("token must be a string"))?,
            )
        };
        self.data.borrow_mut().token = token.filter(|token| !token.is_empty());
        Ok(())
    }

    pub fn env(&self) -> JsValue {
        if let Some(env) = &self.data.borrow().env {
            return env.clone();
        }
        self.host
            .get_attribute("env")
            .and_then(|text| vars::parse_env_attribute(&text).ok())
            .unwrap_or(JsValue::NULL)
    }

    pub fn set_env(&self, value: JsValue) -> Result<(), JsValue> {
        let env = if value.is_null() || value.is_undefined() {
            None
        } else if vars::is_plain_object(&value) {
            Some(value)
        } else {
            return Err(invalid_argument("env must be an object of variables"));
        };
        self.data.borrow_mut().env = env;
        Ok(())
    }

    pub fn run(&self) -> JsValue {
        self.data.borrow().run.clone().unwrap_or(JsValue::NULL)
    }
}

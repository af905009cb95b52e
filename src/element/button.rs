//! One `<drush-io-run-button>`: what it holds, its lifecycle and its properties. The run
//! itself (trigger, confirmation, watching) is in `flow.rs`; what it looks like is the
//! view's (`view.rs`).

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, HtmlElement};

use super::client::{self, RunClient};
use super::errors::invalid_argument;
use super::messages::{self, Messages};
use super::state::{storage_key, SavedRun, State, StatusTracker};
use super::view::View;
use super::{storage, vars};

/// Every field is a `Cell`: reading or writing one needs no `RefCell` borrow, whose
/// check costs bytes at every use. Values that are not `Copy` are read with `peek`.
pub struct Button {
    pub(super) host: HtmlElement,
    pub(super) view: View,
    pub(super) connected: Cell<bool>,
    /// Bumped whenever the element enters or leaves the document: an async task that
    /// finds it changed has been superseded and touches nothing. (A move within one
    /// task is neither: the class shell does not report it.)
    pub(super) generation: Cell<u32>,
    /// From the click until the run ends: one click queues exactly one run.
    pub(super) busy: Cell<bool>,
    pub(super) state: Cell<State>,
    pub(super) client: Cell<Option<RunClient>>,
    /// Write-only; kept here and in the client built from it for a run, never in an
    /// attribute, the markup or storage.
    pub(super) token: Cell<Option<JsValue>>,
    pub(super) env: Cell<Option<JsValue>>,
    /// The element's own messages: as given (for the getter) and as read.
    pub(super) messages: Cell<Option<(JsValue, Messages)>>,
    pub(super) run: Cell<Option<JsValue>>,
    /// The last status of the run followed, so each new one is announced once.
    pub(super) tracker: Cell<StatusTracker>,
    pub(super) abort: Cell<Option<AbortController>>,
    /// A saved run that waits for a client to be followed with.
    pub(super) waiting: Cell<Option<SavedRun>>,
    /// The click being acted on was kept by the stand-in from before the core: without
    /// a client yet, it waits for one (as a saved run does) rather than failing.
    pub(super) kept: Cell<bool>,
}

/// A copy of what `cell` holds.
pub(super) fn peek<T: Clone + Default>(cell: &Cell<T>) -> T {
    let value = cell.take();
    let copy = value.clone();
    cell.set(value);
    copy
}

#[wasm_bindgen]
extern "C" {
    type Host;

    #[wasm_bindgen(method, js_name = getAttribute)]
    fn get_attribute_value(this: &Host, name: &str) -> JsValue;
}

/// An attribute as the JS string it is, or null: a value only ever handed back to JS
/// then needs no decoding into Rust. (The only way the element reads attributes: one
/// import for all.)
pub(super) fn attribute(host: &HtmlElement, name: &str) -> JsValue {
    host.unchecked_ref::<Host>().get_attribute_value(name)
}

#[wasm_bindgen(module = "/js/run-button.js")]
extern "C" {
    /// Shows the current messages on every element in a document, and lets each one
    /// that is idle follow the saved run of its job (one an element of this page just
    /// queued) and each one that waits for a client try again: codes 3 and 5 of `call`
    /// for each. (`js/run-button.js` keeps the elements in a document, for the
    /// `storage` event too.)
    #[wasm_bindgen(js_name = refreshAll)]
    pub fn refresh_all();

    /// The key of a saved run of the job `any` (a key with an empty base) names, under
    /// any base; `any` itself when there is none.
    #[wasm_bindgen(js_name = savedKey)]
    fn saved_key(any: &str) -> String;
}

impl Button {
    pub fn new(host: HtmlElement, view: View) -> Rc<Button> {
        Rc::new(Button {
            host,
            view,
            connected: Cell::new(false),
            generation: Cell::new(0),
            busy: Cell::new(false),
            state: Cell::new(State::Idle),
            client: Cell::default(),
            token: Cell::default(),
            env: Cell::default(),
            messages: Cell::default(),
            run: Cell::default(),
            tracker: Cell::default(),
            abort: Cell::default(),
            waiting: Cell::default(),
            kept: Cell::new(false),
        })
    }

    /// What `js/run-button.js` asks of the element. Events: 0 connected, 1 left the
    /// document, 2 clicked or `start()`, 3 the `label` attribute changed, 4 the
    /// `base-url` attribute changed, 5 another tab saved or forgot a run. Properties
    /// read: 6 `client`, 7 `env`, 8 `messages`, 9 `run`; written (with `value`):
    /// 10 `client`, 11 `env`, 12 `messages`, 13 `token`. From the view: 14 the
    /// confirmation was accepted, 15 refused. 16 the browser went offline. 17 a click
    /// kept from before the core (the stand-in hands it over as this). Any other code
    /// is an error: a `js/run-button.js` of another version than this wasm (a stale
    /// cache) must not be taken for an answer.
    pub fn call(self: &Rc<Self>, code: u8, value: JsValue) -> Result<JsValue, JsValue> {
        match code {
            0 => self.connected(),
            1 => self.disconnected(),
            2 => self.start(),
            17 => {
                self.kept.set(!self.busy.get());
                self.start();
            }
            3 => self.show_texts(),
            // A saved run may have been waiting for a way to reach the API.
            4 => self.wake(),
            5 => self.follow(),
            6 => return Ok(self.client()),
            7 => return Ok(self.env()),
            8 => return Ok(self.messages()),
            9 => return Ok(self.run()),
            10 => self.set_client(value)?,
            11 => self.set_env(value)?,
            12 => self.set_messages(value)?,
            13 => self.set_token(value)?,
            16 => self.offline(),
            // The confirmation's answer: 14 accepted, 15 not.
            14 | 15 => self.confirmed(code == 14),
            _ => return Err(invalid_argument("stale run-button.js")),
        }
        Ok(JsValue::UNDEFINED)
    }

    pub(super) fn is_current(&self, generation: u32) -> bool {
        self.connected.get() && self.generation.get() == generation
    }

    /// Entered the document. A saved run shows at once; `js/run-button.js` has it
    /// looked for again (`follow`) after the current script has run, for attributes
    /// (`project`, `job`, `base-url`) set right after inserting the element, which is
    /// also when it is followed, so that properties set then (a `client`, a `token`)
    /// are used.
    pub fn connected(&self) {
        self.connected.set(true);
        self.generation.set(self.generation.get().wrapping_add(1));
        self.show_texts();
        self.resume();
        self.render_state();
    }

    /// Shows and follows the saved run of this element's job, unless it is busy with
    /// one: the run a reload left, or the one another element or tab queued.
    pub fn follow(self: &Rc<Self>) {
        if self.busy.get() && !self.state.get().is_in_flight() && self.saved().is_some() {
            // A confirmation is open while another tab or element queued a run of this
            // job: it closes unanswered, and this element follows that run.
            self.view.detach();
            self.busy.set(false);
        }
        self.resume();
        self.render_state();
        self.wake();
    }

    /// The element left the document (and was not put back within the same task).
    pub fn disconnected(self: &Rc<Self>) {
        self.connected.set(false);
        self.generation.set(self.generation.get().wrapping_add(1));
        self.busy.set(false);
        self.kept.set(false);
        self.waiting.set(None);
        let abort = self.abort.take();
        // Stops the poll loop at once; the saved run id stays, so a re-inserted element
        // (or the reloaded page) picks the run up again.
        if let Some(abort) = abort {
            abort.abort();
        }
        self.view.detach();
    }

    /// Offline, an element following a run keeps its state and says why nothing moves.
    pub fn offline(&self) {
        if self.state.get().is_in_flight() {
            self.view.offline(&self.text(messages::OFFLINE));
        }
    }

    /// An answer about the run came: the view drops the hint once the browser is online
    /// (the network may come back before the API can be reached).
    pub(super) fn answered(&self) {
        self.view.offline(&JsValue::UNDEFINED);
    }

    /// Why a request failed, in the element's messages: the text for the `kind` of the
    /// `DrushIoError` (`messages.errors`), or null for an error of no known kind (a page's
    /// own client may throw anything), which the badge's state word then says alone. The
    /// error's own `message` is English and for developers: it stays on the event.
    pub(super) fn reason(&self, error: &JsValue) -> JsValue {
        let kind = Reflect::get(error, &"kind".into()).unwrap_or_default();
        messages::error_slot(&kind).map_or(JsValue::NULL, |slot| self.text(slot))
    }

    pub(super) fn text(&self, slot: usize) -> JsValue {
        let own = self.messages.take();
        let text = messages::text(own.as_ref().map(|(_, read)| read), slot);
        self.messages.set(own);
        text
    }

    pub fn show_texts(&self) {
        let mut label = attribute(&self.host, "label");
        if label.is_null() {
            label = self.text(messages::LABEL);
        }
        self.view.texts(
            &label,
            &self.text(messages::LOG),
            &self.text(messages::ACCEPT),
            &self.text(messages::CANCEL),
            &self.text(messages::PROGRESS),
            &self.text(messages::TRUNCATED),
        );
    }

    /// Shows the state; the button is busy (activation ignored) while busy or in flight,
    /// and while a run of its job is saved (in flight in another tab, or after a 401 here).
    pub(super) fn render_state(&self) {
        let state = self.state.get();
        let text = self.text(messages::state_slot(state));
        let held = self.busy.get() || state.is_in_flight() || self.saved().is_some();
        self.view.show(state.as_str(), &text, held);
    }

    pub(super) fn set_state(&self, state: State) {
        self.state.set(state);
        self.render_state();
    }

    pub(super) fn ids(&self) -> (String, String) {
        let text = |name| attribute(&self.host, name).as_string().unwrap_or_default();
        (text("project"), text("job"))
    }

    /// The key of this job's saved run. Its base part is the absolute base URL of the
    /// element's client, so elements whose clients reach one API share it and others do
    /// not. While there is no client yet (one given late), the base is not known: the
    /// saved run of this project and job under any base is shown, and `wake` looks
    /// again under the client's own once it comes.
    pub(super) fn storage_key(&self) -> String {
        let (project, job) = self.ids();
        // (A client built from the token or `base-url` for this lives only this long.)
        let base = self
            .pick_client()
            .ok()
            .flatten()
            .map(|client| client.base());
        match base {
            Some(base) => storage_key(&base, &project, &job),
            None => saved_key(&storage_key("", &project, &job)),
        }
    }

    /// This job's saved run.
    pub(super) fn saved(&self) -> Option<SavedRun> {
        storage::load(&self.storage_key())
    }

    /// The client to use; `None` when the element has no way to reach the API yet.
    pub(super) fn pick_client(&self) -> Result<Option<RunClient>, JsValue> {
        client::pick(
            peek(&self.client).as_ref(),
            peek(&self.token).as_ref(),
            &attribute(&self.host, "base-url"),
        )
    }

    // --- properties -----------------------------------------------------------------

    pub fn client(&self) -> JsValue {
        peek(&self.client).map_or(JsValue::NULL, JsValue::from)
    }

    pub fn set_client(self: &Rc<Self>, value: JsValue) -> Result<(), JsValue> {
        self.client.set(client::from_value(&value)?);
        self.wake();
        Ok(())
    }

    pub fn set_token(self: &Rc<Self>, value: JsValue) -> Result<(), JsValue> {
        // Never echo the value: it is a secret even when it is the wrong type.
        if !value.is_null_or_undefined() && !value.is_string() {
            return Err(invalid_argument("token must be a string"));
        }
        // Kept as the JS string it is (an empty one is none): it only ever goes back to
        // JS, in the options of a client built for a run.
        self.token.set(value.is_truthy().then_some(value));
        self.wake();
        Ok(())
    }

    pub fn env(&self) -> JsValue {
        if let Some(env) = peek(&self.env) {
            return env;
        }
        attribute(&self.host, "env")
            .as_string()
            .and_then(|text| vars::parse_env_attribute(&text).ok())
            .unwrap_or(JsValue::NULL)
    }

    pub fn set_env(&self, value: JsValue) -> Result<(), JsValue> {
        let env = if value.is_null_or_undefined() {
            None
        } else if vars::is_plain_object(&value) {
            Some(value)
        } else {
            return Err(invalid_argument("env must be an object of variables"));
        };
        self.env.set(env);
        Ok(())
    }

    pub fn messages(&self) -> JsValue {
        let own = self.messages.take();
        let given = own
            .as_ref()
            .map_or(JsValue::NULL, |(given, _)| given.clone());
        self.messages.set(own);
        given
    }

    pub fn set_messages(&self, value: JsValue) -> Result<(), JsValue> {
        let read = Messages::parse(&value)?;
        self.messages
            .set((!value.is_null_or_undefined()).then_some((value, read)));
        self.show_texts();
        self.render_state();
        Ok(())
    }

    pub fn run(&self) -> JsValue {
        peek(&self.run).unwrap_or(JsValue::NULL)
    }
}

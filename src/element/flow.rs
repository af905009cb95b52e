//! A run from the click to its end: confirmation, the POST, then watching the run
//! through the client's `waitForRun`, announcing each new status.

use std::cell::RefCell;
use std::rc::Rc;

use crate::web::spawn;
use gloo_timers::callback::Timeout;
use js_sys::{Date, JsString, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

use super::button::Button;
use super::client::RunClient;
use super::errors::{invalid_argument, message_of};
use super::events::{self, COMPLETE, ERROR, QUEUED, STATUS};
use super::state::{SavedRun, State, StatusTracker};
use super::{storage, vars};

fn text_field(run: &JsValue, name: &str) -> Option<String> {
    Reflect::get(run, &name.into()).ok()?.as_string()
}

/// The most of a log the panel shows (UTF-16 units); `run.log` keeps all of it.
const SHOWN_LOG_UNITS: u32 = 256 * 1024;

/// The run's log for the panel: its end when it is very long, so a runaway job cannot
/// freeze the page. Cut in JavaScript so a huge log is never copied into wasm memory.
fn log_tail(run: &JsValue) -> Option<String> {
    let log: JsString = Reflect::get(run, &"log".into()).ok()?.dyn_into().ok()?;
    let length = log.length();
    if length <= SHOWN_LOG_UNITS {
        return log.as_string();
    }
    let mut start = length - SHOWN_LOG_UNITS;
    // Never start on the second half of a surrogate pair.
    if (0xDC00..0xE000).contains(&(log.char_code_at(start) as u32)) {
        start += 1;
    }
    let mut shown = String::from("[… earlier output not shown]\n");
    shown.push_str(&log.slice(start, length).as_string()?);
    Some(shown)
}

/// Where one run lives: enough to poll it and to find its saved id.
struct Target {
    client: RunClient,
    project: String,
    job: String,
    run_id: String,
    key: String,
}

impl Button {
    /// What a click does. Ignored while a run is in flight or being confirmed, and
    /// when the element is not in a document.
    pub fn start(self: &Rc<Self>) {
        let generation = {
            let mut data = self.data.borrow_mut();
            if data.busy || !data.connected {
                return;
            }
            data.busy = true;
            data.generation
        };
        self.data.borrow_mut().refocus = self.parts.has_focus(&self.host);
        // Disabled before this click handler returns, so a second click never lands.
        self.parts.button.set_disabled(true);
        spawn(Box::pin(self.clone().trigger(generation)));
    }

    async fn trigger(self: Rc<Self>, generation: u32) {
        if let Some(question) = self.host.get_attribute("confirm") {
            let accepted = self.confirm(&question).await;
            if !self.is_current(generation) {
                return;
            }
            if !accepted {
                self.data.borrow_mut().busy = false;
                self.parts.button.set_disabled(false);
                self.restore_focus();
                return;
            }
        }
        self.clear_outcome();
        self.set_state(State::Starting);
        let started_ms = Date::now();
        self.start_clock(started_ms);

        let (project, job) = self.ids();
        let key = self.storage_key();
        let prepared = self.pick_client().and_then(|client| {
            let env = vars::collect(&self.host, self.data.borrow().env.as_ref())?;
            Ok((client, env))
        });
        let (client, env) = match prepared {
            Ok(prepared) => prepared,
            Err(error) => return self.fail(&error),
        };
        let options = Object::new();
        if let Some(env) = env {
            let _ = Reflect::set(&options, &"env".into(), &env);
        }
        // The POST gets no abort signal: once sent, the run may exist, so its answer is
        // always awaited and its id saved, even if the element left the page meanwhile.
        let queued = client.run_job(&project, &job, &options).await;
        let run = match queued {
            Ok(run) => run,
            Err(error) => {
                if self.is_current(generation) {
                    self.fail(&error);
                }
                return;
            }
        };
        let Some(run_id) = text_field(&run, "id") else {
            if self.is_current(generation) {
                self.fail(&invalid_argument("the API answered without a run id"));
            }
            return;
        };
        storage::save(
            &key,
            &SavedRun {
                id: run_id.clone(),
                started_ms: started_ms as u64,
            },
        );
        if !self.is_current(generation) {
            return;
        }
        let mut tracker = StatusTracker::default();
        self.data.borrow_mut().run = Some(run.clone());
        let state = tracker
            .observe(&text_field(&run, "status").unwrap_or_default())
            .unwrap_or(State::Queued);
        self.set_state(state);
        events::emit(&self.host, QUEUED, &run, None);
        events::emit(&self.host, STATUS, &run, None);
        let target = Target {
            client,
            project,
            job,
            run_id,
            key,
        };
        self.watch(generation, target, tracker).await;
    }

    /// Shows the `<dialog>` and resolves with whether it was accepted.
    async fn confirm(&self, question: &str) -> bool {
        let mut resolver = None;
        let answer = Promise::new(&mut |resolve, _reject| resolver = Some(resolve));
        self.data.borrow_mut().confirm = resolver;
        if self.parts.ask(question).is_err() {
            self.data.borrow_mut().confirm = None;
            return false;
        }
        JsFuture::from(answer)
            .await
            .ok()
            .and_then(|accepted| accepted.as_bool())
            .unwrap_or(false)
    }

    /// The dialog closed: by its accept or cancel button, or by Escape (a cancel).
    pub(super) fn answer_confirmation(&self) {
        let resolve = self.data.borrow_mut().confirm.take();
        if let Some(resolve) = resolve {
            let accepted = self.parts.dialog.return_value() == "accept";
            let _ = resolve.call1(&JsValue::NULL, &JsValue::from_bool(accepted));
        }
    }

    /// After a reload (or re-insertion): follows the run saved for this project and job
    /// without triggering another.
    pub(super) fn resume(self: Rc<Self>, generation: u32) {
        if !self.is_current(generation) || self.data.borrow().busy {
            return;
        }
        let key = self.storage_key();
        let Some(saved) = storage::load(&key) else {
            // Left the page mid-run and the run was not saved: nothing to follow.
            if self.data.borrow().state.is_in_flight() {
                self.set_state(State::Idle);
            }
            return;
        };
        let client = match self.pick_client() {
            Ok(client) => client,
            Err(error) => {
                storage::forget(&key);
                return self.fail(&error);
            }
        };
        self.data.borrow_mut().busy = true;
        self.clear_outcome();
        self.set_state(State::Queued);
        self.start_clock(saved.started_ms as f64);
        let (project, job) = self.ids();
        let target = Target {
            client,
            project,
            job,
            run_id: saved.id,
            key,
        };
        spawn(Box::pin(self.watch(
            generation,
            target,
            StatusTracker::default(),
        )));
    }

    async fn watch(self: Rc<Self>, generation: u32, target: Target, tracker: StatusTracker) {
        let controller = AbortController::new().ok();
        self.data.borrow_mut().abort = controller.clone();
        let tracker = Rc::new(RefCell::new(tracker));

        let weak = Rc::downgrade(&self);
        let seen = tracker.clone();
        let on_update = Closure::<dyn FnMut(JsValue)>::new(move |run: JsValue| {
            if let Some(button) = weak.upgrade() {
                if button.is_current(generation) {
                    button.observe(&run, &mut seen.borrow_mut());
                }
            }
        });
        let options = Object::new();
        if let Some(controller) = &controller {
            let _ = Reflect::set(&options, &"signal".into(), &controller.signal());
        }
        let _ = Reflect::set(&options, &"onUpdate".into(), on_update.as_ref());

        let outcome = target
            .client
            .wait_for_run(&target.project, &target.job, &target.run_id, &options)
            .await;
        // The wait has settled, so the client calls `onUpdate` no more.
        drop(on_update);
        if !self.is_current(generation) {
            // Left the document: the abort stopped polling; the saved id stays for a resume.
            return;
        }
        self.data.borrow_mut().abort = None;
        storage::forget(&target.key);
        match outcome {
            Ok(run) => self.finish(&run, &mut tracker.borrow_mut()),
            Err(error) => self.fail(&error),
        }
    }

    /// A poll saw `run`: keeps it and, for a new in-flight status, shows and announces
    /// it. The final status is announced by `finish`, once the element shows it.
    fn observe(&self, run: &JsValue, tracker: &mut StatusTracker) {
        self.data.borrow_mut().run = Some(run.clone());
        let status = text_field(run, "status").unwrap_or_default();
        if !State::from_run_status(&status).is_in_flight() {
            return;
        }
        if let Some(state) = tracker.observe(&status) {
            self.set_state(state);
            events::emit(&self.host, STATUS, run, None);
        }
    }

    /// The run ended `complete` or `error`: shows its duration and log, then announces
    /// the final status and the outcome.
    fn finish(self: &Rc<Self>, run: &JsValue, tracker: &mut StatusTracker) {
        self.data.borrow_mut().run = Some(run.clone());
        self.stop();
        let status = text_field(run, "status").unwrap_or_default();
        let state = State::from_run_status(&status);
        self.set_state(state);
        let duration = Reflect::get(run, &"duration".into())
            .ok()
            .and_then(|duration| duration.as_f64())
            .filter(|duration| *duration >= 0.0);
        self.parts
            .show_time(duration.map(|seconds| seconds.round() as u64), false);
        let log = log_tail(run);
        self.parts.show_log(log.as_deref(), state == State::Error);
        self.restore_focus();
        if tracker.observe(&status).is_some() {
            events::emit(&self.host, STATUS, run, None);
        }
        let outcome = if state == State::Complete {
            COMPLETE
        } else {
            ERROR
        };
        events::emit(&self.host, outcome, run, None);
    }

    /// A request failed (or the element could not send one): the run's outcome is unknown.
    pub(super) fn fail(self: &Rc<Self>, error: &JsValue) {
        self.stop();
        self.set_state(State::Failed);
        self.parts.show_time(None, false);
        self.parts.show_message(Some(&message_of(error)));
        self.restore_focus();
        let run = self.data.borrow().run.clone().unwrap_or(JsValue::NULL);
        events::emit(&self.host, ERROR, &run, Some(error));
    }

    /// A disabled button loses the focus to the page; give it back once the browser has
    /// moved it (a task later) when the button had it and nothing else took it since,
    /// so keyboard users stay where they were.
    fn restore_focus(self: &Rc<Self>) {
        if !std::mem::take(&mut self.data.borrow_mut().refocus) {
            return;
        }
        let weak = Rc::downgrade(self);
        let later = Timeout::new(0, move || {
            if let Some(button) = weak.upgrade() {
                if button.parts.focus_was_dropped(&button.host) {
                    let _ = button.parts.button.focus();
                }
            }
        });
        // Kept (not forgotten) so that leaving the document cancels it with the rest.
        self.data.borrow_mut().refocus_timer = Some(later);
    }

    fn stop(&self) {
        let mut data = self.data.borrow_mut();
        data.busy = false;
        data.ticker = None;
        data.abort = None;
    }

    /// Forgets the previous run's outcome as a new one starts.
    fn clear_outcome(&self) {
        self.data.borrow_mut().run = None;
        self.parts.show_message(None);
        self.parts.show_log(None, false);
    }
}

//! A run from the click to its end: confirmation, the POST, then watching the run
//! through the client's `waitForRun`, announcing each new status.

use std::cell::Cell;
use std::rc::Rc;

use crate::web::spawn;
use js_sys::{Date, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

use super::button::{attribute, peek, Button};
use super::client::{self, RunClient};
use super::errors::{invalid_argument, no_client};
use super::messages::{self, QUESTION};
use super::state::State;
use super::{storage, vars};

/// The events, by the view's codes: `drush-io-queued`, `-status`, `-complete`, `-error`.
const QUEUED: u8 = 0;
const STATUS: u8 = 1;
const COMPLETE: u8 = 2;
const ERROR: u8 = 3;

fn text_field(run: &JsValue, name: &str) -> Option<String> {
    Reflect::get(run, &name.into()).ok()?.as_string()
}

/// Where a run lives: enough to poll it (with its id) and to find its saved id.
struct Target {
    client: RunClient,
    project: String,
    job: String,
    key: String,
    started_ms: f64,
    /// When this element last wrote the run's marker (0: not yet).
    saved_ms: Cell<f64>,
}

impl Button {
    /// What a click does. Ignored while a run is in flight or being confirmed, and
    /// when the element is not in a document. With a `confirm` attribute the view asks
    /// first and reports the answer (`confirmed`).
    pub fn start(self: &Rc<Self>) {
        if self.busy.get() || !self.connected.get() {
            return;
        }
        self.busy.set(true);
        // Busy before this click handler returns, so a second click is ignored.
        self.render_state();
        let question = attribute(&self.host, "confirm");
        if question.is_null() {
            self.trigger();
        } else if question.is_truthy() {
            self.view.ask(&question);
        } else {
            self.view.ask(&self.text(QUESTION));
        }
    }

    /// The answer to the confirmation (which the view drops when the element leaves
    /// the document).
    pub fn confirmed(self: &Rc<Self>, accepted: bool) {
        if accepted {
            self.trigger();
        } else {
            self.busy.set(false);
            self.render_state();
        }
    }

    /// Sends the POST and follows its run.
    fn trigger(self: &Rc<Self>) {
        self.clear_outcome();
        self.set_state(State::Starting);
        let started_ms = Date::now();
        self.view.clock(started_ms, true, f64::NAN);

        // A click kept from before the core waits for a client (`wake` comes back here).
        if self.kept.get() && matches!(self.pick_client(), Ok(None)) {
            return;
        }
        self.kept.set(false);
        let (project, job) = self.ids();
        let key = self.storage_key();
        let prepared = self.pick_client().and_then(|client| {
            let client = client.ok_or_else(no_client)?;
            let env = vars::collect(
                &self.view,
                peek(&self.env).as_ref(),
                &attribute(&self.host, "env"),
                &attribute(&self.host, "form"),
                &attribute(&self.host, "vars"),
            )?;
            Ok((client, env))
        });
        let (client, env) = match prepared {
            Ok(prepared) => prepared,
            Err(error) => return self.fail(&error),
        };
        // The POST gets no abort signal: once sent, the run may exist, so its answer is
        // always awaited and its id saved, even if the element left the page meanwhile.
        let posted = client.run_job(&project, &job, env, &key);
        let target = Target {
            client,
            project,
            job,
            key,
            started_ms,
            saved_ms: Cell::new(0.0),
        };
        let generation = self.generation.get();
        spawn(Box::pin(self.clone().follow_run(
            generation,
            Rc::new(target),
            Some(posted),
            String::new(),
        )));
    }

    /// After a reload (or re-insertion): shows the run saved for this project and job in
    /// its last known state, to be followed (by `wake`) without triggering another.
    pub(super) fn resume(&self) {
        if self.busy.get() {
            return;
        }
        let Some(saved) = self.saved() else {
            // Left the page mid-run and the run was not saved: nothing to follow.
            if self.state.get().is_in_flight() {
                self.state.set(State::Idle);
            }
            return;
        };
        self.clear_outcome();
        self.view.clock(saved.started_ms as f64, true, f64::NAN);
        self.busy.set(true);
        self.state.set(saved.state);
        self.waiting.set(Some(saved));
    }

    /// Follows the saved run that waits for a client, once the element has one: its own
    /// client, token or base URL, or a default given to `defineElements` (called again
    /// whenever one of them is set). Until then the run stays saved and shown.
    pub fn wake(self: &Rc<Self>) {
        if !self.connected.get() {
            return;
        }
        if self.kept.get() && self.state.get() == State::Starting {
            // A kept click waiting for a client: acted on once one comes.
            return self.trigger();
        }
        let Some(shown) = self.waiting.take() else {
            return;
        };
        let client = match self.pick_client() {
            Ok(Some(client)) => client,
            Ok(None) => {
                self.waiting.set(Some(shown));
                return;
            }
            // A base URL the client refuses: a page to fix, not an answer about the run,
            // so the saved run stays for the fixed page.
            Err(error) => return self.fail(&error),
        };
        // Looked up again: the run shown may be one of another API than this client's.
        let key = self.storage_key();
        let Some(saved) = storage::load(&key) else {
            return self.idle();
        };
        let (project, job) = self.ids();
        let target = Target {
            client,
            project,
            job,
            key,
            started_ms: saved.started_ms as f64,
            saved_ms: Cell::new(saved.seen_ms as f64),
        };
        spawn(Box::pin(self.clone().follow_run(
            self.generation.get(),
            Rc::new(target),
            None,
            saved.id,
        )));
    }

    /// Follows a run to its end: the one `posted` queues, else the saved `run_id`.
    /// One future for both ways (a click, a saved run) keeps one state machine in the
    /// wasm file, and one await point in it (the POST's answer, then the wait's) keeps
    /// that small.
    async fn follow_run(
        self: Rc<Self>,
        generation: u32,
        target: Rc<Target>,
        mut posted: Option<JsFuture>,
        mut run_id: String,
    ) {
        let mut on_update = None;
        loop {
            let pending = match posted.take() {
                Some(posted) => posted,
                None => self.watch(generation, &target, &run_id, &mut on_update),
            };
            let answer = pending.await;
            if on_update.is_some() {
                // The wait has settled, so the client calls `onUpdate` no more.
                drop(on_update);
                return self.settled(generation, &target, answer);
            }
            match self.queued(generation, &target, answer) {
                Some(id) => run_id = id,
                None => return,
            }
        }
    }

    /// Starts waiting for the run to end, reporting each new state on the way through
    /// `on_update`, which must live until the wait settles.
    fn watch(
        self: &Rc<Self>,
        generation: u32,
        target: &Rc<Target>,
        run_id: &str,
        on_update: &mut Option<Closure<dyn FnMut(JsValue)>>,
    ) -> JsFuture {
        let expected = client::expected_ms(&target.client, &target.project, &target.job);
        self.view.clock(target.started_ms, true, expected);
        let controller = AbortController::new().ok();
        self.abort.set(controller.clone());

        // Holds the element no longer than the future does: dropped when the wait settles.
        let button = self.clone();
        let watched = target.clone();
        let id = String::from(run_id);
        let closure = Closure::<dyn FnMut(JsValue)>::new(move |run: JsValue| {
            if button.is_current(generation) {
                button.observe(&run, &watched, &id);
            }
        });
        let waiting = target.client.wait_for_run(
            &target.project,
            &target.job,
            run_id,
            controller.map(|controller| controller.signal()),
            closure.as_ref(),
        );
        *on_update = Some(closure);
        waiting
    }

    /// The wait settled: with the final run, or with an error.
    fn settled(&self, generation: u32, target: &Target, outcome: Result<JsValue, JsValue>) {
        if !self.is_current(generation) {
            // Left the document: the abort stopped polling; the saved id stays for a resume.
            return;
        }
        self.abort.set(None);
        // Only the run's end or its absence ends its marker: after a 401 (an expired
        // session), a timeout or a network error the run may still be going, and a
        // reload must find it again.
        let failure = outcome.as_ref().map_or_else(client::failure, |_| 1);
        if failure == 1 {
            storage::forget(&target.key);
        }
        match outcome {
            Ok(run) => self.finish(&run),
            Err(error) if failure == 2 => self.expired(&error),
            Err(error) => self.fail(&error),
        }
    }

    /// A 401 or 403 while the run is in flight (an expired session behind a proxy): the
    /// run is not shown failed. It keeps its state, saved, with its button held; polling
    /// stops; the badge says to reload, with the server's own words when it gave some;
    /// `drush-io-error` fires with the last run.
    fn expired(&self, error: &JsValue) {
        self.answered();
        self.view.failed(&self.text(messages::EXPIRED), error);
        self.view.emit(ERROR, &self.run(), error);
    }

    /// The POST answered: saves and announces the queued run, and gives its id to
    /// follow; `None` stops following (after showing why, unless the element was
    /// superseded meanwhile).
    fn queued(
        &self,
        generation: u32,
        target: &Target,
        answer: Result<JsValue, JsValue>,
    ) -> Option<String> {
        if answer.as_ref().is_ok_and(JsValue::is_null) {
            // Another tab or element has a run of this job: this click queued nothing,
            // and the element follows that run once it is saved.
            self.idle();
            super::button::refresh_all();
            return None;
        }
        let queued = answer.and_then(|run| match text_field(&run, "id") {
            Some(run_id) => Ok((run, run_id)),
            None => Err(invalid_argument("the API answered without a run id")),
        });
        let (run, run_id) = match queued {
            Ok(queued) => queued,
            Err(error) => {
                if self.is_current(generation) {
                    // No answer, or a gateway's: the run may have been queued, and the
                    // element never sends the POST again by itself.
                    let reason = match client::failure(&error) {
                        3 => self.text(messages::UNKNOWN),
                        _ => self.reason(&error),
                    };
                    self.fail_because(&error, &reason);
                }
                return None;
            }
        };
        let state = self
            .observe_status(&text_field(&run, "status").unwrap_or_default())
            .unwrap_or(State::Queued);
        target.save(&run_id, state);
        // The other elements of this job in this page follow it now; those of other
        // tabs hear of it through the `storage` event.
        super::button::refresh_all();
        if !self.is_current(generation) {
            return None;
        }
        self.run.set(Some(run.clone()));
        self.set_state(state);
        self.emit(QUEUED, &run);
        self.emit(STATUS, &run);
        Some(run_id)
    }

    /// An answer about `run` came (every answer, news or not: it clears the offline
    /// hint): keeps it and, for a new in-flight status, shows, saves and announces it.
    /// The same status again writes the marker again once an hour, so that it lasts a
    /// day after the run was last seen in flight. The final status is announced by
    /// `finish`, once the element shows it.
    fn observe(&self, run: &JsValue, target: &Target, run_id: &str) {
        self.answered();
        let status = text_field(run, "status").unwrap_or_default();
        if !State::from_run_status(&status).is_in_flight() {
            return;
        }
        match self.observe_status(&status) {
            Some(state) => {
                self.run.set(Some(run.clone()));
                target.save(run_id, state);
                self.set_state(state);
                self.emit(STATUS, run);
            }
            None if Date::now() - target.saved_ms.get() > storage::REFRESH_MS => {
                target.save(run_id, self.state.get());
            }
            None => {}
        }
    }

    /// The run ended `complete` or `error`: shows its duration and log, then announces
    /// the final status and the outcome.
    fn finish(&self, run: &JsValue) {
        self.run.set(Some(run.clone()));
        self.stop();
        let status = text_field(run, "status").unwrap_or_default();
        let state = State::from_run_status(&status);
        self.set_state(state);
        self.view.end(run, state == State::Error);
        let observed = self.observe_status(&status);
        if observed.is_some() {
            self.emit(STATUS, run);
        }
        let outcome = if state == State::Complete {
            COMPLETE
        } else {
            ERROR
        };
        self.emit(outcome, run);
    }

    /// A request failed (or the element could not send one): the run's outcome is unknown.
    pub(super) fn fail(&self, error: &JsValue) {
        self.fail_because(error, &self.reason(error));
    }

    /// As `fail`, saying `reason` (the view adds the server's own words when its answer
    /// had some: a proxy's "This job is not on the site's list.").
    fn fail_because(&self, error: &JsValue, reason: &JsValue) {
        self.stop();
        self.set_state(State::Failed);
        self.view.failed(reason, error);
        self.view.emit(ERROR, &self.run(), error);
    }

    /// `Some` state when `status` is new for the run followed.
    fn observe_status(&self, status: &str) -> Option<State> {
        let mut tracker = self.tracker.take();
        let state = tracker.observe(status);
        self.tracker.set(tracker);
        state
    }

    fn emit(&self, event: u8, run: &JsValue) {
        self.view.emit(event, run, &JsValue::UNDEFINED);
    }

    /// No run in flight any more: the offline hint goes even while the browser is offline
    /// (null, not undefined, tells the view so), as no answer will come to clear it.
    fn stop(&self) {
        self.busy.set(false);
        self.abort.set(None);
        self.view.offline(&JsValue::NULL);
    }

    /// Back to idle without an outcome: the run shown is another's, or none.
    fn idle(&self) {
        self.stop();
        self.view.clock(f64::NAN, false, f64::NAN);
        self.set_state(State::Idle);
    }

    /// Forgets the previous run's outcome as a new one starts.
    fn clear_outcome(&self) {
        self.run.set(None);
        self.tracker.take();
        self.view.clear();
    }
}

impl Target {
    /// Remembers the run in `localStorage` with the state it was last seen in, now.
    fn save(&self, run_id: &str, state: State) {
        self.saved_ms.set(Date::now());
        storage::save(&self.key, self.started_ms as u64, state, run_id);
    }
}

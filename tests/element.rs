//! Browser tests of `<drush-io-run-button>` against the real dev server (tests/jobs.toml,
//! project `test`). Rules about requests are checked by counting them on the server.
#![cfg(all(target_arch = "wasm32", feature = "element"))]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    CustomEvent, Element, Event, HtmlButtonElement, HtmlDialogElement, HtmlElement,
    MutationObserver, MutationObserverInit, ShadowRoot,
};

mod support;

use support::{api, requests, sleep, token};

wasm_bindgen_test_configure!(run_in_browser);

// --- helpers ------------------------------------------------------------------------

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// The keys of the runs the elements saved (the client keeps durations beside them).
fn saved_runs() -> Vec<String> {
    let storage = local_storage();
    (0..storage.length().unwrap())
        .filter_map(|index| storage.key(index).unwrap())
        .filter(|key| key.starts_with("drush-io-run|"))
        .collect()
}

fn forget_saved_runs() {
    for key in saved_runs() {
        local_storage().remove_item(&key).unwrap();
    }
}

/// Waits (up to a generous limit, so a broken build fails instead of hanging) until
/// `done` holds. Only a bound on waiting: no test asserts how long anything took.
async fn until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..600 {
        if done() {
            return;
        }
        sleep(50).await;
    }
    panic!("timed out waiting for {what}");
}

/// A connected element for `job` of project `test`, authenticated with the test token.
fn button(job: &str) -> HtmlElement {
    drush_io_embed::define_elements(None).unwrap();
    let element: HtmlElement = document()
        .create_element("drush-io-run-button")
        .unwrap()
        .unchecked_into();
    element.set_attribute("project", "test").unwrap();
    element.set_attribute("job", job).unwrap();
    element
        .set_attribute("base-url", &[api(), "/v1"].concat())
        .unwrap();
    Reflect::set(&element, &"token".into(), &token().into()).unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    element
}

fn shadow(element: &HtmlElement) -> ShadowRoot {
    element
        .shadow_root()
        .expect("the element has an open shadow root")
}

fn part<T: JsCast>(element: &HtmlElement, name: &str) -> T {
    shadow(element)
        .query_selector(&["[part~=\"", name, "\"]"].concat())
        .unwrap()
        .unwrap_or_else(|| panic!("no part {name}"))
        .unchecked_into()
}

fn state(element: &HtmlElement) -> String {
    element.get_attribute("state").unwrap_or_default()
}

fn is_finished(element: &HtmlElement) -> bool {
    matches!(state(element).as_str(), "complete" | "error" | "failed")
}

fn run_field(element: &HtmlElement, name: &str) -> JsValue {
    let run = Reflect::get(element, &"run".into()).unwrap();
    if run.is_null() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(&run, &name.into()).unwrap()
}

/// In flight, the button says it is busy and ignores activation, but stays focusable
/// (never `disabled`, which would drop the keyboard focus).
fn is_busy(control: &HtmlButtonElement) -> bool {
    assert!(!control.disabled(), "the button is never disabled");
    control.get_attribute("aria-disabled").as_deref() == Some("true")
        && control.get_attribute("aria-busy").as_deref() == Some("true")
}

fn text_of(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

async fn posts(job: &str) -> usize {
    let prefix = ["/v1/projects/test/jobs/", job, "/runs"].concat();
    requests(&prefix)
        .await
        .iter()
        .filter(|r| r.method == "POST" && r.path == prefix)
        .count()
}

/// One `drush-io-*` event as seen on the document.
struct Seen {
    name: String,
    /// `detail.run.status` and `detail.run.id` (empty without a run).
    status: String,
    id: String,
    /// The element's `state` attribute when the event fired.
    state: String,
}

/// Records every `drush-io-*` event seen on the document.
struct EventLog {
    seen: Rc<RefCell<Vec<Seen>>>,
    listener: Closure<dyn FnMut(Event)>,
}

const EVENT_NAMES: [&str; 4] = [
    "drush-io-queued",
    "drush-io-status",
    "drush-io-complete",
    "drush-io-error",
];

impl EventLog {
    fn start() -> EventLog {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let sink = seen.clone();
        let listener = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            assert!(
                event.bubbles() && event.composed(),
                "events bubble and are composed"
            );
            let detail = event.unchecked_ref::<CustomEvent>().detail();
            let run = Reflect::get(&detail, &"run".into()).unwrap();
            let field = |name: &str| {
                if run.is_object() {
                    Reflect::get(&run, &name.into())
                        .unwrap()
                        .as_string()
                        .unwrap_or_default()
                } else {
                    String::new()
                }
            };
            let target: Element = event.target().unwrap().unchecked_into();
            sink.borrow_mut().push(Seen {
                name: event.type_(),
                status: field("status"),
                id: field("id"),
                state: target.get_attribute("state").unwrap_or_default(),
            });
        });
        for name in EVENT_NAMES {
            document()
                .add_event_listener_with_callback(name, listener.as_ref().unchecked_ref())
                .unwrap();
        }
        EventLog { seen, listener }
    }

    fn names(&self) -> Vec<String> {
        self.seen
            .borrow()
            .iter()
            .map(|seen| [seen.name.as_str(), ":", &seen.status].concat())
            .collect()
    }
}

impl Drop for EventLog {
    fn drop(&mut self) {
        for name in EVENT_NAMES {
            let _ = document()
                .remove_event_listener_with_callback(name, self.listener.as_ref().unchecked_ref());
        }
    }
}

fn cleanup(element: &HtmlElement) {
    element.remove();
    forget_saved_runs();
}

// --- tests --------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn one_click_queues_exactly_one_run() {
    let before = posts("ok").await;
    let element = button("ok");
    let control: HtmlButtonElement = part(&element, "button");
    control.focus().unwrap();
    control.click();
    let focused =
        || shadow(&element).active_element().as_ref() == Some(control.unchecked_ref::<Element>());
    // Busy, the button keeps the keyboard focus all along.
    until("the run to finish", || {
        assert!(focused(), "the focus stays on the button");
        is_finished(&element)
    })
    .await;
    assert_eq!(state(&element), "complete");
    assert_eq!(posts("ok").await, before + 1);
    assert!(focused());
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn a_double_click_and_start_while_busy_queue_one_run() {
    let before = posts("ok").await;
    let element = button("ok");
    let control: HtmlButtonElement = part(&element, "button");
    control.click();
    control.click();
    element
        .dispatch_event(&Event::new("dblclick").unwrap())
        .unwrap();
    assert!(is_busy(&control), "the button is busy from the click on");
    Reflect::get(&element, &"start".into())
        .unwrap()
        .unchecked_into::<js_sys::Function>()
        .call0(&element)
        .unwrap();
    until("the run to finish", || is_finished(&element)).await;
    assert_eq!(state(&element), "complete");
    assert!(
        !is_busy(&control),
        "the button takes clicks again once the run ended"
    );
    assert_eq!(posts("ok").await, before + 1);
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn states_badge_and_events_follow_a_run_to_complete() {
    let events = EventLog::start();
    let element = button("slow");
    let states = Rc::new(RefCell::new(vec![state(&element)]));
    let sink = states.clone();
    let host = element.clone();
    let on_change = Closure::<dyn FnMut()>::new(move || {
        let now = state(&host);
        if sink.borrow().last() != Some(&now) {
            sink.borrow_mut().push(now);
        }
    });
    let observer = MutationObserver::new(on_change.as_ref().unchecked_ref()).unwrap();
    let options = MutationObserverInit::new();
    options.set_attribute_filter(&Array::of1(&"state".into()));
    observer.observe_with_options(&element, &options).unwrap();

    let badge: HtmlElement = part(&element, "badge");
    assert_eq!(badge.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(badge.get_attribute("aria-live").as_deref(), Some("polite"));

    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to be running", || state(&element) == "running").await;
    assert!(
        text_of(&badge).contains("Running"),
        "badge: {}",
        text_of(&badge)
    );
    until("the run to finish", || is_finished(&element)).await;
    observer.disconnect();

    assert_eq!(
        *states.borrow(),
        ["idle", "starting", "queued", "running", "complete"]
    );
    assert!(
        text_of(&badge).contains("Complete"),
        "badge: {}",
        text_of(&badge)
    );
    let log: HtmlElement = part(&element, "log");
    assert!(
        text_of(&log).contains("step"),
        "the log is shown: {}",
        text_of(&log)
    );

    assert_eq!(
        events.names(),
        [
            "drush-io-queued:queued",
            "drush-io-status:queued",
            "drush-io-status:running",
            "drush-io-status:complete",
            "drush-io-complete:complete"
        ]
    );
    let run_id = run_field(&element, "id").as_string().unwrap();
    for seen in events.seen.borrow().iter() {
        assert_eq!(seen.id, run_id, "{} carries the run", seen.name);
        assert_eq!(
            seen.state, seen.status,
            "{} fires once the element shows it",
            seen.name
        );
    }
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn a_failing_job_ends_in_error_with_its_log_open() {
    let events = EventLog::start();
    let element = button("fail");
    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to finish", || is_finished(&element)).await;
    assert_eq!(state(&element), "error");
    assert!(text_of(&part(&element, "badge")).contains("Error"));
    let names = events.names();
    assert_eq!(
        names.first().map(String::as_str),
        Some("drush-io-queued:queued")
    );
    assert_eq!(
        names.last().map(String::as_str),
        Some("drush-io-error:error")
    );
    assert!(
        names.contains(&"drush-io-status:error".to_string()),
        "{names:?}"
    );
    let panel: Element = shadow(&element).query_selector("details").unwrap().unwrap();
    assert!(
        panel.has_attribute("open"),
        "an error run's log opens by itself"
    );
    assert!(text_of(&part(&element, "log")).contains("about to fail"));
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn a_log_containing_html_shows_as_text() {
    let element = button("html-log");
    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to finish", || is_finished(&element)).await;
    assert_eq!(state(&element), "complete");
    let log: HtmlElement = part(&element, "log");
    assert!(
        text_of(&log).contains("<img src=x onerror=\"window.__pwned=1\"><b>bold</b>"),
        "the markup is shown verbatim: {}",
        text_of(&log)
    );
    // The panel's only element is its own note for a cut log (empty here).
    assert!(
        log.query_selector(":not(.note)").unwrap().is_none(),
        "no element was created from the log"
    );
    assert!(shadow(&element).query_selector("img, b").unwrap().is_none());
    sleep(100).await;
    let pwned = Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined(), "no script from the log ran");
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn the_token_is_never_reflected_readable_or_stored() {
    fn storage_has_token() -> bool {
        let storage = local_storage();
        (0..storage.length().unwrap()).any(|index| {
            let key = storage.key(index).unwrap().unwrap_or_default();
            let value = storage.get_item(&key).unwrap().unwrap_or_default();
            key.contains(token()) || value.contains(token())
        })
    }
    fn markup(element: &HtmlElement) -> String {
        [element.outer_html(), shadow(element).inner_html()].concat()
    }
    fn token_property(element: &HtmlElement) -> JsValue {
        Reflect::get(element, &"token".into()).unwrap()
    }

    let element = button("ok");
    assert!(token_property(&element).is_undefined(), "not readable back");
    assert!(!element.has_attribute("token"));
    assert!(!markup(&element).contains(token()));

    // The run is saved before `drush-io-queued` fires: look at storage right then.
    let saved = Rc::new(RefCell::new(None));
    let seen = saved.clone();
    let host = element.clone();
    let on_queued = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        *seen.borrow_mut() = Some((
            saved_runs().len(),
            storage_has_token(),
            markup(&host).contains(token()),
        ));
    });
    element
        .add_event_listener_with_callback("drush-io-queued", on_queued.as_ref().unchecked_ref())
        .unwrap();
    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to finish", || is_finished(&element)).await;
    assert_eq!(
        state(&element),
        "complete",
        "the token was used for the run"
    );
    assert_eq!(
        *saved.borrow(),
        Some((1, false, false)),
        "in flight: one saved run, without the token, and no token in the markup"
    );
    assert!(!storage_has_token());
    assert!(!markup(&element).contains(token()));
    let names = element.get_attribute_names();
    assert!(names
        .iter()
        .all(|name| name.as_string().unwrap() != "token"));
    assert!(token_property(&element).is_undefined());
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn a_token_set_before_the_upgrade_is_taken_and_hidden() {
    drush_io_embed::define_elements(None).unwrap();
    // An element of a document without a browsing context is not upgraded, so the token
    // lands on it as a plain property, as on a page that sets it before the script runs.
    let inert = document()
        .implementation()
        .unwrap()
        .create_html_document()
        .unwrap();
    let early: HtmlElement = inert
        .create_element("drush-io-run-button")
        .unwrap()
        .unchecked_into();
    Reflect::set(&early, &"token".into(), &token().into()).unwrap();
    assert!(Reflect::get(&early, &"token".into()).unwrap().is_string());
    let element: HtmlElement = document().adopt_node(&early).unwrap().unchecked_into();
    document().body().unwrap().append_child(&element).unwrap();
    assert!(element.shadow_root().is_some(), "the element was upgraded");
    assert!(Reflect::get(&element, &"token".into())
        .unwrap()
        .is_undefined());
    assert!(!shadow(&element).inner_html().contains(token()));
    element.remove();
}

#[wasm_bindgen_test]
async fn the_form_fields_reach_the_job_and_override_env() {
    let form: HtmlElement = document().create_element("form").unwrap().unchecked_into();
    form.set_id("vars-form");
    form.set_inner_html(
        "<input name=\"GREETING\" value=\"Howdy\"><input name=\"TARGET\" value=\"form fields\">",
    );
    document().body().unwrap().append_child(&form).unwrap();
    let element = button("vars");
    element
        .set_attribute("env", "{\"GREETING\":\"Ignored\",\"TARGET\":\"ignored\"}")
        .unwrap();
    element.set_attribute("form", "vars-form").unwrap();
    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to finish", || is_finished(&element)).await;
    assert_eq!(state(&element), "complete");
    let log = run_field(&element, "log").as_string().unwrap_or_default();
    assert!(log.contains("Howdy, form fields!"), "log: {log}");
    form.remove();
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn the_env_attribute_reaches_the_job() {
    let element = button("vars");
    element
        .set_attribute("env", "{\"GREETING\":\"Hi\",\"TARGET\":\"attribute\"}")
        .unwrap();
    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to finish", || is_finished(&element)).await;
    let log = run_field(&element, "log").as_string().unwrap_or_default();
    assert!(log.contains("Hi, attribute!"), "log: {log}");
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn a_bad_env_attribute_fails_before_any_request() {
    let events = EventLog::start();
    let before = posts("vars").await;
    let element = button("vars");
    element.set_attribute("env", "not json").unwrap();
    part::<HtmlButtonElement>(&element, "button").click();
    until("the element to fail", || is_finished(&element)).await;
    assert_eq!(state(&element), "failed");
    assert_eq!(events.names(), ["drush-io-error:"]);
    // The reason by kind, in the messages' words (the error's own English message, which
    // names `env`, stays on the event for developers).
    assert_eq!(
        text_of(&part(&element, "message")),
        "The button is set up wrong."
    );
    assert!(text_of(&part(&element, "badge")).contains("The button is set up wrong."));
    assert_eq!(posts("vars").await, before);
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn an_element_removed_mid_run_makes_no_more_requests() {
    let element = button("slow");
    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to be running", || state(&element) == "running").await;
    let run_id = run_field(&element, "id").as_string().unwrap();
    let prefix = ["/v1/projects/test/jobs/slow/runs/", &run_id].concat();
    element.remove();
    let after_removal = requests(&prefix).await.len();
    assert!(
        after_removal >= 1,
        "the run was polled while the element was in the page"
    );
    // Longer than twice the poll pause at this point (about a second), so a loop that
    // kept going would have polled again.
    sleep(3000).await;
    assert_eq!(
        requests(&prefix).await.len(),
        after_removal,
        "no poll after removal"
    );
    forget_saved_runs();
}

#[wasm_bindgen_test]
async fn a_cancelled_confirmation_queues_nothing_and_an_accepted_one_queues_one() {
    let before = posts("ok").await;
    let element = button("ok");
    element
        .set_attribute("confirm", "Really run the ok job?")
        .unwrap();
    let control: HtmlButtonElement = part(&element, "button");
    let dialog: HtmlDialogElement = part(&element, "dialog");

    control.focus().unwrap();
    control.click();
    until("the dialog to open", || dialog.open()).await;
    assert!(text_of(&dialog).contains("Really run the ok job?"));
    part::<HtmlButtonElement>(&element, "confirm-cancel").click();
    until("the button to take clicks again", || !is_busy(&control)).await;
    assert!(!dialog.open());
    assert_eq!(state(&element), "idle");
    until("keyboard focus to be back on the button", || {
        shadow(&element).active_element().as_ref() == Some(control.unchecked_ref::<Element>())
    })
    .await;
    sleep(300).await;
    assert_eq!(
        posts("ok").await,
        before,
        "a cancelled confirmation sends nothing"
    );

    control.click();
    until("the dialog to open", || dialog.open()).await;
    part::<HtmlButtonElement>(&element, "confirm-accept").click();
    until("the run to finish", || is_finished(&element)).await;
    assert_eq!(state(&element), "complete");
    assert_eq!(posts("ok").await, before + 1);
    cleanup(&element);
}

/// Queues a run of the slow job with an element that then leaves the page, as a reload
/// does: the run stays saved. Gives the run's id.
async fn queue_and_leave() -> String {
    let first = button("slow");
    part::<HtmlButtonElement>(&first, "button").click();
    until("the run to be queued", || {
        matches!(state(&first).as_str(), "queued" | "running")
    })
    .await;
    let run_id = run_field(&first, "id").as_string().unwrap();
    first.remove();
    run_id
}

#[wasm_bindgen_test]
async fn a_new_element_resumes_a_saved_run_without_a_second_post() {
    let before = posts("slow").await;
    // What a reload does: this element goes, a new one for the same job comes.
    let run_id = queue_and_leave().await;

    let events = EventLog::start();
    let second = button("slow");
    until("the resumed run to finish", || is_finished(&second)).await;
    assert_eq!(state(&second), "complete");
    assert_eq!(run_field(&second, "id").as_string().unwrap(), run_id);
    assert_eq!(posts("slow").await, before + 1, "resuming sends no POST");
    assert!(!events
        .names()
        .iter()
        .any(|name| name.starts_with("drush-io-queued")));
    assert_eq!(
        events.names().last().map(String::as_str),
        Some("drush-io-complete:complete")
    );
    assert_eq!(saved_runs().len(), 0, "a finished run is forgotten");
    cleanup(&second);
}

#[wasm_bindgen_test]
async fn elements_of_one_job_in_a_page_follow_one_run() {
    let before = posts("slow").await;
    let first = button("slow");
    let second = button("slow");
    let other = button("ok");
    part::<HtmlButtonElement>(&first, "button").click();
    until("the second element to show the run", || {
        matches!(state(&second).as_str(), "queued" | "running")
    })
    .await;
    let second_button: HtmlButtonElement = part(&second, "button");
    assert!(is_busy(&second_button), "no second run from the follower");
    second_button.click();
    assert_eq!(state(&other), "idle", "another job's element stays idle");
    until("both to finish", || {
        is_finished(&first) && is_finished(&second)
    })
    .await;
    for element in [&first, &second] {
        assert_eq!(state(element), "complete");
        assert!(text_of(&part(element, "log")).contains("step 4 of 4"));
    }
    assert_eq!(run_field(&first, "id"), run_field(&second, "id"));
    assert_eq!(posts("slow").await, before + 1, "one click, one POST");
    assert!(saved_runs().is_empty(), "a finished run is forgotten");
    for element in [&first, &second, &other] {
        cleanup(element);
    }
}

#[wasm_bindgen_test]
async fn saved_runs_a_crashed_tab_left_expire() {
    let key = ["drush-io-run|", api(), "/v1|test|slow"].concat();
    let now = js_sys::Date::now() as u64;
    // A run the server no longer knows: followed once, then forgotten on the 404.
    // (Started and last seen in flight now.)
    let marker = [
        &now.to_string(),
        " ",
        &now.to_string(),
        " running no-such-run",
    ]
    .concat();
    local_storage().set_item(&key, &marker).unwrap();
    let element = button("slow");
    until("the wait to end", || is_finished(&element)).await;
    assert_eq!(state(&element), "failed");
    assert!(saved_runs().is_empty(), "the 404 ends the saved run");
    cleanup(&element);

    // One last seen in flight two days ago is not followed at all.
    let old = (now - 2 * 86_400_000).to_string();
    local_storage()
        .set_item(&key, &[&old, " ", &old, " running no-such-run"].concat())
        .unwrap();
    let before = requests("/v1/projects/test/jobs/slow/runs/no-such-run")
        .await
        .len();
    let element = button("slow");
    sleep(500).await;
    assert_eq!(state(&element), "idle");
    assert!(saved_runs().is_empty(), "an expired saved run is dropped");
    assert_eq!(
        requests("/v1/projects/test/jobs/slow/runs/no-such-run")
            .await
            .len(),
        before,
        "and not polled"
    );
    cleanup(&element);
}

/// A page's client whose waits give up after `timeout_ms`, while the run goes on.
fn impatient_client(timeout_ms: f64) -> JsValue {
    let real = test_client();
    let wait: js_sys::Function = Reflect::get(&real, &"waitForRun".into())
        .unwrap()
        .unchecked_into();
    let run_job: js_sys::Function = Reflect::get(&real, &"runJob".into())
        .unwrap()
        .unchecked_into();
    let this = real.clone();
    let impatient = Closure::<dyn Fn(JsValue, JsValue, JsValue, JsValue) -> JsValue>::new(
        move |project, job, run_id, options: JsValue| {
            Reflect::set(&options, &"timeoutMs".into(), &timeout_ms.into()).unwrap();
            let args = Array::of4(&project, &job, &run_id, &options);
            wait.apply(&this, &args).unwrap()
        },
    );
    let client = js_sys::Object::new();
    // Its runs are saved under its API's base, as those of the real client are.
    let base = Reflect::get(&real, &"baseUrl".into()).unwrap();
    Reflect::set(&client, &"baseUrl".into(), &base).unwrap();
    Reflect::set(&client, &"runJob".into(), &run_job.bind0(&real)).unwrap();
    Reflect::set(&client, &"waitForRun".into(), impatient.as_ref()).unwrap();
    impatient.forget();
    client.into()
}

#[wasm_bindgen_test]
async fn a_wait_that_ends_without_an_answer_keeps_the_saved_run() {
    forget_saved_runs();
    let element = button("slow");
    Reflect::set(&element, &"client".into(), &impatient_client(300.0)).unwrap();
    part::<HtmlButtonElement>(&element, "button").click();
    until("the wait to give up", || is_finished(&element)).await;
    assert_eq!(state(&element), "failed");
    let run_id = run_field(&element, "id").as_string().unwrap();
    assert_eq!(
        saved_runs().len(),
        1,
        "a timeout says nothing of the run: it stays saved"
    );
    element.remove();

    // What a reload makes finds the run and follows it to its end.
    let second = button("slow");
    until("the resumed run to finish", || is_finished(&second)).await;
    assert_eq!(state(&second), "complete");
    assert_eq!(run_field(&second, "id").as_string().unwrap(), run_id);
    assert!(saved_runs().is_empty(), "a finished run is forgotten");
    cleanup(&second);
}

#[wasm_bindgen_test]
async fn defining_twice_is_harmless_and_the_label_is_text() {
    drush_io_embed::define_elements(None).unwrap();
    drush_io_embed::define_elements(None).unwrap();
    let element = button("ok");
    assert_eq!(text_of(&part(&element, "button")).trim(), "Run job");
    element.set_attribute("label", "<b>Deploy</b>").unwrap();
    let control: HtmlButtonElement = part(&element, "button");
    assert_eq!(text_of(&control).trim(), "<b>Deploy</b>");
    assert!(control.query_selector("b").unwrap().is_none());
    assert_eq!(state(&element), "idle");
    cleanup(&element);
}

/// A `DrushIo` for the test server, built as a page would.
fn test_client() -> JsValue {
    let options = js_sys::Object::new();
    Reflect::set(&options, &"token".into(), &token().into()).unwrap();
    Reflect::set(&options, &"baseUrl".into(), &[api(), "/v1"].concat().into()).unwrap();
    drush_io_embed::DrushIo::new(options.into()).unwrap().into()
}

#[wasm_bindgen_test]
async fn the_own_client_wins_then_the_default_client_serves_the_rest() {
    let before = posts("ok").await;

    // Its own client wins over a base-url (which here points nowhere).
    let element = button("ok");
    element.set_attribute("base-url", "/nowhere/v1").unwrap();
    assert!(Reflect::set(&element, &"client".into(), &"not a client".into()).is_err());
    // A look-alike must have both methods: one that cannot wait is refused.
    let half = js_sys::Object::new();
    Reflect::set(&half, &"runJob".into(), &js_sys::Function::new_no_args("")).unwrap();
    assert!(Reflect::set(&element, &"client".into(), &half).is_err());
    let client = test_client();
    Reflect::set(&element, &"client".into(), &client).unwrap();
    assert_eq!(Reflect::get(&element, &"client".into()).unwrap(), client);
    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to finish", || is_finished(&element)).await;
    assert_eq!(state(&element), "complete");
    cleanup(&element);

    // No client, token or base-url of its own: the default given to defineElements.
    let options = js_sys::Object::new();
    Reflect::set(&options, &"client".into(), &test_client()).unwrap();
    drush_io_embed::define_elements(Some(options)).unwrap();
    let element: HtmlElement = document()
        .create_element("drush-io-run-button")
        .unwrap()
        .unchecked_into();
    element.set_attribute("project", "test").unwrap();
    element.set_attribute("job", "ok").unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to finish", || is_finished(&element)).await;
    assert_eq!(state(&element), "complete");
    assert_eq!(posts("ok").await, before + 2);
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn a_huge_log_shows_its_end_and_keeps_all_of_it_on_the_run() {
    let element = button("big-log");
    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to finish", || is_finished(&element)).await;
    assert_eq!(state(&element), "complete");
    let full = run_field(&element, "log").as_string().unwrap();
    assert!(
        full.len() >= 10_000_000,
        "run.log has all {} bytes",
        full.len()
    );
    let shown = text_of(&part(&element, "log"));
    assert!(
        shown.starts_with("[… earlier output not shown]"),
        "{}",
        shown.chars().take(40).collect::<String>()
    );
    assert!(
        shown.len() < 300 * 1024,
        "the panel shows {} bytes",
        shown.len()
    );
    let tail = &full[full.len() - 1000..];
    assert!(shown.ends_with(tail), "the panel shows the end of the log");
    cleanup(&element);
}

/// Every value the element's `state` attribute takes, in order (its first one included).
fn record_states(element: &HtmlElement) -> (Rc<RefCell<Vec<String>>>, MutationObserver) {
    let states = Rc::new(RefCell::new(vec![state(element)]));
    let sink = states.clone();
    let host = element.clone();
    let on_change = Closure::<dyn FnMut(Array)>::new(move |records: Array| {
        // One entry per change, even when several land in one batch: the old value of
        // each record after the first is the new value of the one before. Setting the
        // same value again is no change.
        let mut seen = sink.borrow_mut();
        let olds = records.iter().skip(1).map(|record| {
            let old = Reflect::get(&record, &"oldValue".into()).unwrap();
            old.as_string().unwrap_or_default()
        });
        for value in olds.chain([state(&host)]).collect::<Vec<_>>() {
            if seen.last() != Some(&value) {
                seen.push(value);
            }
        }
    });
    let observer = MutationObserver::new(on_change.as_ref().unchecked_ref()).unwrap();
    on_change.forget();
    let options = MutationObserverInit::new();
    options.set_attribute_filter(&Array::of1(&"state".into()));
    options.set_attribute_old_value(true);
    observer.observe_with_options(element, &options).unwrap();
    (states, observer)
}

fn new_parent() -> HtmlElement {
    let parent: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&parent).unwrap();
    parent
}

#[wasm_bindgen_test]
async fn a_moved_element_keeps_its_post_and_its_polling() {
    let before = posts("moved").await;
    let element = button("moved");
    let (states, observer) = record_states(&element);
    let control: HtmlButtonElement = part(&element, "button");
    let (first, second) = (new_parent(), new_parent());

    control.click();
    until("the POST to be sent", || state(&element) == "starting").await;
    // Re-parented while the POST is in flight (the dev server answers it a second later).
    first.append_child(&element).unwrap();
    assert_eq!(state(&element), "starting", "moved during the POST");
    until("the run to be running", || state(&element) == "running").await;
    // And again while the run is polled.
    second.append_child(&element).unwrap();
    assert!(is_busy(&control), "still busy after the moves");
    until("the run to finish", || is_finished(&element)).await;
    observer.disconnect();

    assert_eq!(state(&element), "complete");
    assert_eq!(posts("moved").await, before + 1, "one POST");
    let states = states.borrow();
    assert_eq!(states.first().map(String::as_str), Some("idle"));
    assert!(
        !states[1..]
            .iter()
            .any(|state| state == "idle" || state == "failed"),
        "never idle after the click: {states:?}"
    );
    assert!(states.contains(&"starting".to_string()) && states.contains(&"running".to_string()));
    first.remove();
    second.remove();
    forget_saved_runs();
}

fn set_messages(target: &JsValue, value: &JsValue) -> Result<(), JsValue> {
    Reflect::set(target, &"messages".into(), value).map(|_| ())
}

/// A `messages` object from (key, value) pairs; a key `states.x` goes into `states`,
/// `errors.x` into `errors`.
fn messages(pairs: &[(&str, &str)]) -> JsValue {
    let messages = js_sys::Object::new();
    let states = js_sys::Object::new();
    let errors = js_sys::Object::new();
    for (key, value) in pairs {
        let (target, name) = match (key.strip_prefix("states."), key.strip_prefix("errors.")) {
            (Some(state), _) => (&states, state),
            (_, Some(kind)) => (&errors, kind),
            _ => (&messages, *key),
        };
        Reflect::set(target, &name.into(), &(*value).into()).unwrap();
    }
    Reflect::set(&messages, &"states".into(), &states).unwrap();
    Reflect::set(&messages, &"errors".into(), &errors).unwrap();
    messages.into()
}

fn define_with_messages(messages: JsValue) -> Result<(), JsValue> {
    let options = js_sys::Object::new();
    Reflect::set(&options, &"messages".into(), &messages).unwrap();
    drush_io_embed::define_elements(Some(options))
}

fn kind_of(error: &JsValue) -> String {
    Reflect::get(error, &"kind".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn messages_come_from_define_elements_the_element_and_attributes_win() {
    let plain = button("ok");
    let labelled = button("ok");
    labelled.set_attribute("label", "Caches leeren").unwrap();
    define_with_messages(messages(&[
        ("label", "Job starten"),
        ("log", "Protokoll"),
        ("states.complete", "Fertig"),
        ("states.running", "Läuft"),
        ("nonsense", "ignored"),
    ]))
    .unwrap();
    // Elements already on the page take the new defaults at once.
    assert_eq!(text_of(&part(&plain, "button")).trim(), "Job starten");
    assert_eq!(text_of(&part(&labelled, "button")).trim(), "Caches leeren");

    // The element's own messages over the defaults, key by key.
    set_messages(
        &plain,
        &messages(&[("label", "Eigener Text"), ("states.complete", "Erledigt")]),
    )
    .unwrap();
    assert_eq!(text_of(&part(&plain, "button")).trim(), "Eigener Text");
    part::<HtmlButtonElement>(&plain, "button").click();
    part::<HtmlButtonElement>(&labelled, "button").click();
    until("both runs to finish", || {
        is_finished(&plain) && is_finished(&labelled)
    })
    .await;
    assert_eq!(state(&plain), "complete");
    assert!(text_of(&part(&plain, "badge")).contains("Erledigt"));
    assert!(text_of(&part(&labelled, "badge")).contains("Fertig"));
    let summary = shadow(&plain).query_selector("summary").unwrap().unwrap();
    assert_eq!(text_of(&summary), "Protokoll");

    // Refused: a value that is not a string, at the top or in `states`.
    let bad = js_sys::Object::new();
    Reflect::set(&bad, &"label".into(), &3.into()).unwrap();
    let error = set_messages(&plain, &bad).unwrap_err();
    assert_eq!(kind_of(&error), "invalid-argument");
    let bad_state = messages(&[]);
    let states = Reflect::get(&bad_state, &"states".into()).unwrap();
    Reflect::set(&states, &"idle".into(), &JsValue::TRUE).unwrap();
    assert_eq!(
        kind_of(&define_with_messages(bad_state).unwrap_err()),
        "invalid-argument"
    );
    assert_eq!(
        text_of(&part(&plain, "button")).trim(),
        "Eigener Text",
        "a refused value changes nothing"
    );
    cleanup(&plain);
    cleanup(&labelled);
    define_with_messages(messages(&[])).unwrap();
}

#[wasm_bindgen_test]
async fn a_failure_is_told_in_the_messages_of_its_kind() {
    let element = button("no-such-job");
    set_messages(
        &element,
        &messages(&[
            ("errors.http", "Der Server antwortete mit {status}."),
            ("states.failed", "Fehlgeschlagen"),
        ]),
    )
    .unwrap();
    part::<HtmlButtonElement>(&element, "button").click();
    until("the element to fail", || is_finished(&element)).await;
    assert_eq!(state(&element), "failed");
    // The server's own words follow (the `message` of its JSON answer).
    assert_eq!(
        text_of(&part(&element, "message")),
        "Der Server antwortete mit 404. no job `no-such-job` in project `test`"
    );
    // The live region says the state and the reason at once.
    let badge = text_of(&part(&element, "badge"));
    assert!(
        badge.starts_with("Fehlgeschlagen") && badge.contains("Der Server antwortete mit 404."),
        "badge: {badge}"
    );

    // Refused: `errors` that is not an object, or holds a value that is not a string.
    let bad = messages(&[]);
    Reflect::set(&bad, &"errors".into(), &"network".into()).unwrap();
    assert_eq!(
        kind_of(&set_messages(&element, &bad).unwrap_err()),
        "invalid-argument"
    );
    let bad = messages(&[]);
    let errors = Reflect::get(&bad, &"errors".into()).unwrap();
    Reflect::set(&errors, &"timeout".into(), &5.into()).unwrap();
    assert_eq!(
        kind_of(&set_messages(&element, &bad).unwrap_err()),
        "invalid-argument"
    );
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn the_confirmation_speaks_the_messages_unless_the_attribute_says_more() {
    let element = button("ok");
    element.set_attribute("confirm", "").unwrap();
    set_messages(
        &element,
        &messages(&[
            ("question", "Wirklich ausführen?"),
            ("accept", "Ja"),
            ("cancel", "Nein"),
        ]),
    )
    .unwrap();
    let control: HtmlButtonElement = part(&element, "button");
    let dialog: HtmlDialogElement = part(&element, "dialog");
    control.click();
    until("the dialog to open", || dialog.open()).await;
    assert!(text_of(&dialog).contains("Wirklich ausführen?"));
    assert_eq!(text_of(&part(&element, "confirm-accept")), "Ja");
    part::<HtmlButtonElement>(&element, "confirm-cancel").click();
    until("the button to take clicks again", || !is_busy(&control)).await;

    element
        .set_attribute("confirm", "Den Cache leeren?")
        .unwrap();
    control.click();
    until("the dialog to open", || dialog.open()).await;
    assert!(
        text_of(&dialog).contains("Den Cache leeren?"),
        "the attribute wins"
    );
    part::<HtmlButtonElement>(&element, "confirm-cancel").click();
    until("the button to take clicks again", || !is_busy(&control)).await;
    assert_eq!(state(&element), "idle");
    cleanup(&element);
}

/// What the browser's own `Intl.DurationFormat` makes of `seconds` in `lang`, when it has it.
fn intl_duration(lang: &str, seconds: f64) -> Option<String> {
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).unwrap();
    let class = Reflect::get(&intl, &"DurationFormat".into()).unwrap();
    let class: js_sys::Function = class.dyn_into().ok()?;
    let options = js_sys::Object::new();
    Reflect::set(&options, &"style".into(), &"narrow".into()).unwrap();
    Reflect::set(&options, &"secondsDisplay".into(), &"always".into()).unwrap();
    let format = Reflect::construct(&class, &Array::of2(&lang.into(), &options)).unwrap();
    let duration = js_sys::Object::new();
    Reflect::set(&duration, &"seconds".into(), &seconds.into()).unwrap();
    let method: js_sys::Function = Reflect::get(&format, &"format".into())
        .unwrap()
        .unchecked_into();
    method.call1(&format, &duration).unwrap().as_string()
}

#[wasm_bindgen_test]
async fn times_are_formatted_in_the_language_of_the_element() {
    let section = new_parent();
    section.set_attribute("lang", "de").unwrap();
    let element = button("slow");
    section.append_child(&element).unwrap();
    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to finish", || is_finished(&element)).await;
    let duration = run_field(&element, "duration").as_f64().unwrap().round();
    let time = text_of(&shadow(&element).query_selector(".time").unwrap().unwrap());
    assert!(time.starts_with(&duration.to_string()), "{time}");
    if let Some(expected) = intl_duration("de", duration) {
        assert_eq!(time, expected);
    }
    section.remove();
    forget_saved_runs();
}

#[wasm_bindgen_test]
async fn a_run_of_an_expected_length_shows_its_progress_and_time_left() {
    // A look-alike client: the test server's DrushIo (as its prototype, so its methods
    // work), expecting 20 s for every job.
    let prototype: js_sys::Object = test_client().unchecked_into();
    let client = js_sys::Object::create(&prototype);
    let expect = Closure::<dyn Fn() -> f64>::new(|| 20_000.0);
    Reflect::set(&client, &"expectedDurationMs".into(), expect.as_ref()).unwrap();
    let element = button("slow");
    let progress: Element = part(&element, "progress");
    assert!(progress.has_attribute("hidden"), "no progress before a run");
    Reflect::set(&element, &"client".into(), &client).unwrap();
    part::<HtmlButtonElement>(&element, "button").click();
    until("the run to be running", || state(&element) == "running").await;
    assert!(
        !progress.has_attribute("hidden"),
        "progress while in flight"
    );
    let number = |name: &str| {
        Reflect::get(&progress, &name.into())
            .unwrap()
            .as_f64()
            .unwrap()
    };
    assert_eq!(number("max"), 20.0);
    assert!(number("value") <= 20.0);
    let time = text_of(&shadow(&element).query_selector(".time").unwrap().unwrap());
    assert!(time.contains('('), "the time left is told: {time}");
    until("the run to finish", || is_finished(&element)).await;
    assert_eq!(state(&element), "complete");
    assert!(
        progress.has_attribute("hidden"),
        "no progress once finished"
    );
    cleanup(&element);
}

#[wasm_bindgen_test]
async fn a_saved_run_resumes_when_the_attributes_come_right_after_insertion() {
    let before = posts("slow").await;
    let run_id = queue_and_leave().await;

    // As a framework may do it: inserted first, configured in the same task.
    let second: HtmlElement = document()
        .create_element("drush-io-run-button")
        .unwrap()
        .unchecked_into();
    document().body().unwrap().append_child(&second).unwrap();
    second.set_attribute("project", "test").unwrap();
    second.set_attribute("job", "slow").unwrap();
    second
        .set_attribute("base-url", &[api(), "/v1"].concat())
        .unwrap();
    Reflect::set(&second, &"token".into(), &token().into()).unwrap();
    until("the resumed run to finish", || is_finished(&second)).await;
    assert_eq!(state(&second), "complete");
    assert_eq!(run_field(&second, "id").as_string().unwrap(), run_id);
    assert_eq!(posts("slow").await, before + 1, "resuming sends no POST");
    cleanup(&second);
}

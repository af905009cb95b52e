//! Browser tests of the `DrushIo` client against the dev server (see the README: the
//! test script starts `drush-io-devserver`, exports `DRUSH_IO_TEST_API` and
//! `DRUSH_IO_TEST_TOKEN`, and runs `wasm-pack test --headless --chrome --release`).
//!
//! Each test calls the class exactly as JavaScript does (its exported methods, promises
//! and option objects) and counts requests on the server side, via the dev server's
//! request log, whenever a rule is about requests.
#![cfg(target_arch = "wasm32")]

use drush_io_embed::{DrushIo, DrushIoError};
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::AbortController;

mod support;

use support::{api, requests, sleep, token, Logged};

wasm_bindgen_test_configure!(run_in_browser);

const PROJECT: &str = "test";

/// A plain object from pairs.
fn obj(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn get(o: &JsValue, field: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(field)).unwrap()
}

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

fn n(number: f64) -> JsValue {
    JsValue::from_f64(number)
}

/// A client for the dev server's API, with extra options.
fn client_with(extra: &[(&str, JsValue)]) -> DrushIo {
    let mut fields = vec![
        ("token", s(token())),
        ("baseUrl", s(&[api(), "/v1"].concat())),
    ];
    fields.extend(extra.iter().cloned());
    DrushIo::new(obj(&fields)).unwrap()
}

fn client() -> DrushIo {
    client_with(&[])
}

/// Fast polling, so the tests take seconds.
fn fast(extra: &[(&str, JsValue)]) -> JsValue {
    let mut fields = vec![("initialDelayMs", n(50.0)), ("maxDelayMs", n(400.0))];
    fields.extend(extra.iter().cloned());
    obj(&fields)
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

/// Checks a rejection is a `DrushIoError` of `kind` and returns it.
fn expect_error(result: Result<JsValue, JsValue>, kind: &str) -> JsValue {
    let error = match result {
        Ok(run) => panic!(
            "expected a {kind} error, got {:?}",
            js_sys::JSON::stringify(&run)
        ),
        Err(e) => e,
    };
    assert!(error.is_instance_of::<DrushIoError>(), "not a DrushIoError");
    assert!(error.is_instance_of::<js_sys::Error>(), "not an Error");
    assert_eq!(get(&error, "kind"), s(kind), "{:?}", get(&error, "message"));
    error
}

fn text(value: &JsValue) -> String {
    value.as_string().unwrap_or_default()
}

fn gets(seen: &[Logged]) -> usize {
    seen.iter().filter(|r| r.method == "GET").count()
}

/// Whether the request arrived with that header (`name` in lower case).
fn arrived_with(request: &Logged, name: &str) -> bool {
    request.header_names.iter().any(|n| n == name)
}

fn runs_path(job: &str) -> String {
    ["/v1/projects/", PROJECT, "/jobs/", job, "/runs"].concat()
}

fn run_path(job: &str, id: &str) -> String {
    [&runs_path(job), "/", id].concat()
}

/// Queues a run and returns its id.
async fn queue(job: &str) -> String {
    let run = settle(client().run_job(s(PROJECT), s(job), JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(get(&run, "status"), s("queued"));
    text(&get(&run, "id"))
}

/// Records every run `onUpdate` is called with.
fn recorder() -> (Function, Array) {
    let seen = Array::new();
    let push = Function::new_with_args("run", "this.push(run)").bind0(&seen);
    (push, seen)
}

#[wasm_bindgen_test]
async fn a_run_is_followed_to_complete_with_its_log() {
    let (on_update, updates) = recorder();
    let options = fast(&[("onUpdate", on_update.into())]);
    let run = settle(client().run_job_and_wait(s(PROJECT), s("ok"), options))
        .await
        .unwrap();
    assert_eq!(get(&run, "status"), s("complete"));
    assert_eq!(get(&run, "log"), s("hello from ok\n"));
    assert!(get(&run, "duration").as_f64().is_some());
    // The queued run first, the final one last, and never the same state twice in a row.
    let statuses: Vec<String> = updates.iter().map(|r| text(&get(&r, "status"))).collect();
    assert_eq!(statuses.first().map(String::as_str), Some("queued"));
    assert_eq!(statuses.last().map(String::as_str), Some("complete"));
    assert!(statuses.windows(2).all(|w| w[0] != w[1]), "{statuses:?}");
    // Every poll was answered with a run.
    let seen = requests(&run_path("ok", &text(&get(&run, "id")))).await;
    assert!(!seen.is_empty() && seen.iter().all(|r| r.method == "GET" && r.status == 200.0));
}

#[wasm_bindgen_test]
async fn a_run_ending_in_error_resolves() {
    let run = settle(client().run_job_and_wait(s(PROJECT), s("fail"), fast(&[])))
        .await
        .unwrap();
    assert_eq!(get(&run, "status"), s("error"));
    assert!(text(&get(&run, "log")).contains("about to fail"));
}

#[wasm_bindgen_test]
async fn two_503s_are_retried_until_success() {
    let id = queue("unavailable").await;
    let run = settle(client().wait_for_run(s(PROJECT), s("unavailable"), s(&id), fast(&[])))
        .await
        .unwrap();
    assert_eq!(get(&run, "status"), s("complete"));
    let statuses: Vec<f64> = requests(&run_path("unavailable", &id))
        .await
        .iter()
        .map(|r| r.status)
        .collect();
    // Retry-After: 1 s is honoured, so the run has finished by the third poll.
    assert_eq!(statuses, [503.0, 503.0, 200.0]);
}

#[wasm_bindgen_test]
async fn a_429_retry_after_is_honoured() {
    let id = queue("rate-limited").await;
    let run = settle(client().wait_for_run(s(PROJECT), s("rate-limited"), s(&id), fast(&[])))
        .await
        .unwrap();
    assert_eq!(get(&run, "status"), s("complete"));
    // Polling every 50-400 ms would have sent many GETs in the 2 s the server asked for.
    let seen = requests(&run_path("rate-limited", &id)).await;
    let statuses: Vec<f64> = seen.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429.0, 200.0]);
}

#[wasm_bindgen_test]
async fn a_single_get_reports_the_429_and_its_retry_after() {
    let id = queue("rate-limited").await;
    let error = expect_error(
        settle(client().get_run(s(PROJECT), s("rate-limited"), s(&id), JsValue::UNDEFINED)).await,
        "http",
    );
    assert_eq!(get(&error, "status"), n(429.0));
    assert_eq!(get(&error, "retryAfterMs"), n(2000.0));
    assert_eq!(gets(&requests(&run_path("rate-limited", &id)).await), 1);
}

#[wasm_bindgen_test]
async fn a_dropped_connection_is_retried() {
    let id = queue("drop").await;
    let run = settle(client().wait_for_run(s(PROJECT), s("drop"), s(&id), fast(&[])))
        .await
        .unwrap();
    assert_eq!(get(&run, "status"), s("complete"));
    let seen = requests(&run_path("drop", &id)).await;
    assert!(seen.len() >= 2, "{seen:?}");
    assert_ne!(seen[0].status, 200.0, "the first poll was dropped");
    assert_eq!(seen.last().unwrap().status, 200.0);
}

#[wasm_bindgen_test]
async fn a_401_fails_at_once_after_one_request() {
    let id = queue("ok").await;
    let bad = client_with(&[("token", s("not-a-valid-token"))]);
    let error = expect_error(
        settle(bad.wait_for_run(s(PROJECT), s("ok"), s(&id), fast(&[]))).await,
        "http",
    );
    assert_eq!(get(&error, "status"), n(401.0));
    assert!(!text(&get(&error, "message")).contains("not-a-valid-token"));
    sleep(300).await;
    assert_eq!(gets(&requests(&run_path("ok", &id)).await), 1);
}

#[wasm_bindgen_test]
async fn a_404_fails_at_once_after_one_request() {
    let id = "00000000-0000-4000-8000-000000000404";
    let before = gets(&requests(&run_path("ok", id)).await);
    let error = expect_error(
        settle(client().wait_for_run(s(PROJECT), s("ok"), s(id), fast(&[]))).await,
        "http",
    );
    assert_eq!(get(&error, "status"), n(404.0));
    assert!(text(&get(&error, "body")).len() <= 4096);
    sleep(300).await;
    assert_eq!(gets(&requests(&run_path("ok", id)).await), before + 1);
}

#[wasm_bindgen_test]
async fn an_answer_that_is_not_a_run_fails_with_parse() {
    let id = queue("garbage").await;
    expect_error(
        settle(client().wait_for_run(s(PROJECT), s("garbage"), s(&id), fast(&[]))).await,
        "parse",
    );
    sleep(300).await;
    assert_eq!(gets(&requests(&run_path("garbage", &id)).await), 1);
}

#[wasm_bindgen_test]
async fn the_deadline_stops_all_polling() {
    let id = queue("slow").await;
    let options = fast(&[("timeoutMs", n(700.0))]);
    expect_error(
        settle(client().wait_for_run(s(PROJECT), s("slow"), s(&id), options)).await,
        "timeout",
    );
    let at_deadline = gets(&requests(&run_path("slow", &id)).await);
    assert!(at_deadline >= 1);
    sleep(1000).await;
    assert_eq!(gets(&requests(&run_path("slow", &id)).await), at_deadline);
}

#[wasm_bindgen_test]
async fn an_abort_stops_all_polling_at_once() {
    let id = queue("slow").await;
    let controller = AbortController::new().unwrap();
    let options = fast(&[("signal", controller.signal().into())]);
    let wait = settle(client().wait_for_run(s(PROJECT), s("slow"), s(&id), options));
    let abort_later = async {
        sleep(500).await;
        controller.abort();
    };
    let (result, ()) = futures_join(wait, abort_later).await;
    expect_error(result, "aborted");
    let at_abort = gets(&requests(&run_path("slow", &id)).await);
    assert!(at_abort >= 1);
    sleep(1000).await;
    assert_eq!(gets(&requests(&run_path("slow", &id)).await), at_abort);
}

#[wasm_bindgen_test]
async fn an_aborted_signal_sends_nothing() {
    let controller = AbortController::new().unwrap();
    controller.abort();
    let before = requests(&runs_path("vars")).await.len();
    let options = obj(&[("signal", controller.signal().into())]);
    expect_error(
        settle(client().run_job(s(PROJECT), s("vars"), options)).await,
        "aborted",
    );
    assert_eq!(requests(&runs_path("vars")).await.len(), before);
}

#[wasm_bindgen_test]
async fn two_waits_on_one_run_share_one_loop() {
    let id = queue("ok").await;
    // Let the run finish, so one loop needs exactly one GET.
    settle(client().wait_for_run(s(PROJECT), s("ok"), s(&id), fast(&[])))
        .await
        .unwrap();
    let before = gets(&requests(&run_path("ok", &id)).await);
    let shared = client();
    let first = settle(shared.wait_for_run(s(PROJECT), s("ok"), s(&id), fast(&[])));
    let second = settle(shared.wait_for_run(s(PROJECT), s("ok"), s(&id), fast(&[])));
    let (a, b) = futures_join(first, second).await;
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(
        Object::is(&a, &b),
        "both waits resolve with the same run object"
    );
    assert_eq!(gets(&requests(&run_path("ok", &id)).await), before + 1);
}

#[wasm_bindgen_test]
async fn one_sharer_aborting_leaves_the_other_polling() {
    let id = queue("slow").await;
    let shared = client();
    let (quit, stay) = (
        AbortController::new().unwrap(),
        AbortController::new().unwrap(),
    );
    let with = |c: &AbortController| fast(&[("signal", c.signal().into())]);
    let quitter = settle(shared.wait_for_run(s(PROJECT), s("slow"), s(&id), with(&quit)));
    let stayer = settle(shared.wait_for_run(s(PROJECT), s("slow"), s(&id), with(&stay)));
    let scenario = async {
        sleep(300).await;
        quit.abort();
        let quitter = quitter.await;
        // The run takes seconds: the remaining wait must keep polling it.
        let at_quit = gets(&requests(&run_path("slow", &id)).await);
        sleep(1000).await;
        let later = gets(&requests(&run_path("slow", &id)).await);
        stay.abort();
        (quitter, at_quit, later)
    };
    let ((quitter, at_quit, later), stayer) = futures_join(scenario, stayer).await;
    expect_error(quitter, "aborted");
    expect_error(stayer, "aborted");
    assert!(later > at_quit, "polling went on for the other wait");
}

#[wasm_bindgen_test]
async fn numbers_sent_as_strings_become_numbers() {
    let run = settle(client().run_job_and_wait(s(PROJECT), s("strings"), fast(&[])))
        .await
        .unwrap();
    for field in ["duration", "created", "changed"] {
        assert!(
            get(&run, field).as_f64().is_some(),
            "{field} is not a number"
        );
    }
    // Unknown fields are kept.
    assert_eq!(get(&run, "job"), s("strings"));
    let id = text(&get(&run, "id"));
    let again = settle(client().get_run(s(PROJECT), s("strings"), s(&id), JsValue::UNDEFINED))
        .await
        .unwrap();
    assert_eq!(get(&again, "created"), get(&run, "created"));
    assert!(get(&again, "created").as_f64().unwrap() > 1.0e9);
}

#[wasm_bindgen_test]
async fn env_values_are_converted_to_strings() {
    let env = obj(&[("GREETING", n(42.0)), ("TARGET", JsValue::TRUE)]);
    let run = settle(client().run_job_and_wait(s(PROJECT), s("vars"), fast(&[("env", env)])))
        .await
        .unwrap();
    assert_eq!(get(&run, "log"), s("42, true!\n"));
}

#[wasm_bindgen_test]
async fn env_strings_arrive_as_written() {
    // Quotes, a control character and non-ASCII text, all of which the body must escape
    // or carry as they are.
    let env = obj(&[
        ("GREETING", s("say \"hi\" \u{fc}")),
        ("TARGET", s("new\nline")),
    ]);
    let run = settle(client().run_job_and_wait(s(PROJECT), s("vars"), fast(&[("env", env)])))
        .await
        .unwrap();
    assert_eq!(get(&run, "log"), s("say \"hi\" \u{fc}, new\nline!\n"));
}

#[wasm_bindgen_test]
async fn bad_env_is_refused_before_any_request() {
    let before = requests(&runs_path("vars")).await.len();
    for env in [
        obj(&[("GREETING", Object::new().into())]),
        obj(&[("GREETING", JsValue::NULL)]),
        obj(&[("GREETING", n(f64::NAN))]),
        obj(&[("BAD-NAME", s("x"))]),
        obj(&[("1ST", s("x"))]),
        s("GREETING=x"),
    ] {
        let options = obj(&[("env", env)]);
        expect_error(
            settle(client().run_job(s(PROJECT), s("vars"), options.clone())).await,
            "invalid-argument",
        );
        expect_error(
            settle(client().run_job_and_wait(s(PROJECT), s("vars"), options)).await,
            "invalid-argument",
        );
    }
    assert_eq!(requests(&runs_path("vars")).await.len(), before);
}

#[wasm_bindgen_test]
async fn identifiers_are_encoded_as_one_segment_or_refused() {
    let odd = "a/b c";
    let error = expect_error(
        settle(client().get_run(s(PROJECT), s("ok"), s(odd), JsValue::UNDEFINED)).await,
        "http",
    );
    assert_eq!(get(&error, "status"), n(404.0));
    let seen = requests(&run_path("ok", "a%2Fb%20c")).await;
    assert!(
        seen.iter().any(|r| r.path == run_path("ok", "a%2Fb%20c")),
        "{seen:?}"
    );
    // Dot segments and empty strings never reach the network.
    let before = requests("/v1/projects").await.len();
    for (project, job, run) in [
        ("..", "ok", "x"),
        ("test", ".", "x"),
        ("test", "ok", ".."),
        ("test", "", "x"),
    ] {
        expect_error(
            settle(client().get_run(s(project), s(job), s(run), JsValue::UNDEFINED)).await,
            "invalid-argument",
        );
        expect_error(
            settle(client().wait_for_run(s(project), s(job), s(run), JsValue::UNDEFINED)).await,
            "invalid-argument",
        );
    }
    expect_error(
        settle(client().get_run(n(5.0), s("ok"), s("x"), JsValue::UNDEFINED)).await,
        "invalid-argument",
    );
    assert_eq!(requests("/v1/projects").await.len(), before);
}

#[wasm_bindgen_test]
async fn a_failed_post_is_never_repeated() {
    // An answer that is not a success: the server sees exactly one POST.
    let before = requests(&runs_path("vars")).await.len();
    let bad = client_with(&[("token", s("not-a-valid-token"))]);
    let error = expect_error(
        settle(bad.run_job_and_wait(s(PROJECT), s("vars"), fast(&[]))).await,
        "http",
    );
    assert_eq!(get(&error, "status"), n(401.0));
    sleep(300).await;
    let after = requests(&runs_path("vars")).await;
    assert_eq!(after.len(), before + 1);
    assert_eq!(after.last().unwrap().method, "POST");
}

#[wasm_bindgen_test]
async fn a_timed_out_post_is_never_repeated() {
    // The job's answers come 300 ms late, so the POST times out on the client side: a
    // network error that a poll would retry, but a POST must not (a retry could queue a
    // second run). The dev server does not log a request whose client went away before
    // the answer, so this test counts the POSTs the page sends by wrapping `fetch`.
    let count_posts = Function::new_no_args(
        "const real = globalThis.fetch; let posts = 0;
         globalThis.fetch = function (request, init) {
           const method = (init && init.method) || (request && request.method);
           if (method === 'POST' && String(request.url || request).includes('/jobs/latency/')) posts++;
           return real.apply(this, arguments);
         };
         return () => { globalThis.fetch = real; return posts; };",
    );
    let stop_counting: Function = count_posts.call0(&JsValue::NULL).unwrap().unchecked_into();
    let hurried = client_with(&[("requestTimeoutMs", n(50.0))]);
    let first = settle(hurried.run_job(s(PROJECT), s("latency"), JsValue::UNDEFINED)).await;
    let second = settle(hurried.run_job_and_wait(s(PROJECT), s("latency"), fast(&[]))).await;
    sleep(800).await;
    let posts = stop_counting.call0(&JsValue::NULL).unwrap();
    expect_error(first, "network");
    expect_error(second, "network");
    assert_eq!(posts, n(2.0));
}

#[wasm_bindgen_test]
async fn a_request_timeout_is_a_network_error() {
    let id = queue("latency").await;
    let hurried = client_with(&[("requestTimeoutMs", n(50.0))]);
    expect_error(
        settle(hurried.get_run(s(PROJECT), s("latency"), s(&id), JsValue::UNDEFINED)).await,
        "network",
    );
}

#[wasm_bindgen_test]
async fn a_ten_megabyte_log_arrives_whole() {
    let run = settle(client().run_job_and_wait(s(PROJECT), s("big-log"), fast(&[])))
        .await
        .unwrap();
    assert_eq!(get(&run, "status"), s("complete"));
    assert_eq!(
        js_sys::JsString::from(get(&run, "log")).length(),
        10_000_000
    );
}

#[wasm_bindgen_test]
fn bad_client_options_throw_invalid_argument() {
    for options in [
        obj(&[("baseUrl", s("http://api.drush.io/v1"))]),
        obj(&[("baseUrl", s("//evil.example/v1"))]),
        obj(&[("baseUrl", n(1.0))]),
        obj(&[("credentials", s("always"))]),
        obj(&[("requestTimeoutMs", n(-1.0))]),
        obj(&[("headers", obj(&[("X-Bad", n(1.0))]))]),
        obj(&[("token", s("secret\ntoken"))]),
        s("not an object"),
    ] {
        let error = match DrushIo::new(options) {
            Ok(_) => panic!("accepted"),
            Err(e) => e,
        };
        assert!(error.is_instance_of::<DrushIoError>());
        assert_eq!(get(&error, "kind"), s("invalid-argument"));
        assert!(!text(&get(&error, "message")).contains("secret"));
    }
    assert!(DrushIo::new(JsValue::UNDEFINED).is_ok());
    assert!(DrushIo::new(obj(&[("baseUrl", s("/proxy/v1"))])).is_ok());
}

#[wasm_bindgen_test]
async fn the_proxy_adds_the_token_when_the_client_has_none() {
    let proxied = DrushIo::new(obj(&[("baseUrl", s(&[api(), "/proxy/v1"].concat()))])).unwrap();
    let run = settle(proxied.run_job_and_wait(s(PROJECT), s("ok"), fast(&[])))
        .await
        .unwrap();
    assert_eq!(get(&run, "status"), s("complete"));
}

#[wasm_bindgen_test]
async fn requests_carry_the_token_the_extra_headers_and_json() {
    // What the server saw, from its log: the names of the headers each request arrived
    // with and its Content-Type. The page's own Authorization must give way to the
    // token's, or the server would refuse the requests.
    let runs = runs_path("vars");
    let csrf_posts = |seen: Vec<Logged>| -> Vec<Logged> {
        let csrf = |r: &Logged| r.method == "POST" && arrived_with(r, "x-csrf-token");
        seen.into_iter()
            .filter(|r| r.path == runs && csrf(r))
            .collect()
    };
    let before = csrf_posts(requests(&runs).await).len();
    let headers = obj(&[
        ("X-CSRF-Token", s("abc")),
        ("Authorization", s("Session s")),
    ]);
    let client = client_with(&[("headers", headers)]);
    let env = obj(&[("GREETING", s("hi")), ("TARGET", s("there"))]);
    let run = settle(client.run_job_and_wait(s(PROJECT), s("vars"), fast(&[("env", env)])))
        .await
        .unwrap();
    // The body arrived, as JSON the server read.
    assert_eq!(get(&run, "log"), s("hi, there!\n"));

    let posts = csrf_posts(requests(&runs).await);
    assert_eq!(posts.len(), before + 1, "{posts:?}");
    let post = posts.last().unwrap();
    assert_eq!(post.status, 201.0);
    for name in ["authorization", "x-csrf-token", "accept", "content-type"] {
        assert!(
            arrived_with(post, name),
            "the POST came without {name}: {post:?}"
        );
    }
    assert_eq!(post.content_type.as_deref(), Some("application/json"));
    let polls = requests(&run_path("vars", &text(&get(&run, "id")))).await;
    assert!(!polls.is_empty());
    for poll in &polls {
        assert_eq!((poll.method.as_str(), poll.status), ("GET", 200.0));
        for name in ["authorization", "x-csrf-token", "accept"] {
            assert!(
                arrived_with(poll, name),
                "a GET came without {name}: {poll:?}"
            );
        }
        assert!(!arrived_with(poll, "content-type"), "{poll:?}");
    }

    // Without a token (behind the proxy) the page's own Authorization reaches the server,
    // which then puts in its own.
    let id = queue("ok").await;
    let proxied = DrushIo::new(obj(&[
        ("baseUrl", s(&[api(), "/proxy/v1"].concat())),
        ("headers", obj(&[("Authorization", s("Session s"))])),
    ]))
    .unwrap();
    settle(proxied.get_run(s(PROJECT), s("ok"), s(&id), JsValue::UNDEFINED))
        .await
        .unwrap();
    let seen = requests(&["/proxy", &run_path("ok", &id)].concat()).await;
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!((seen[0].method.as_str(), seen[0].status), ("GET", 200.0));
    assert!(arrived_with(&seen[0], "authorization"), "{seen:?}");
    assert!(!arrived_with(&seen[0], "content-type"), "{seen:?}");
}

/// Runs two futures side by side (the tests need no more than this).
async fn futures_join<A: std::future::Future, B: std::future::Future>(
    a: A,
    b: B,
) -> (A::Output, B::Output) {
    use std::pin::pin;
    use std::task::Poll;
    let (mut a, mut b) = (pin!(a), pin!(b));
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none() {
            if let Poll::Ready(x) = a.as_mut().poll(cx) {
                ra = Some(x);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(y) = b.as_mut().poll(cx) {
                rb = Some(y);
            }
        }
        if ra.is_some() && rb.is_some() {
            Poll::Ready((ra.take().unwrap(), rb.take().unwrap()))
        } else {
            Poll::Pending
        }
    })
    .await
}

fn stored_durations() -> String {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage
        .get_item("drush-io-embed:durations")
        .unwrap()
        .unwrap_or_default()
}

/// GETs a `runJobAndWait` of the `slow` job (about 4 s) makes, with these wait options,
/// and the run's id.
async fn gets_to_follow_slow(client: &DrushIo, options: &[(&str, JsValue)]) -> (usize, String) {
    let mut fields = vec![("initialDelayMs", n(50.0)), ("maxDelayMs", n(2000.0))];
    fields.extend(options.iter().cloned());
    let run = settle(client.run_job_and_wait(s(PROJECT), s("slow"), obj(&fields)))
        .await
        .unwrap();
    assert_eq!(get(&run, "status"), s("complete"));
    let id = text(&get(&run, "id"));
    (gets(&requests(&run_path("slow", &id)).await), id)
}

fn forget_durations() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("drush-io-embed:durations").unwrap();
}

#[wasm_bindgen_test]
async fn recent_durations_pace_the_next_wait_and_survive_the_client() {
    forget_durations();
    let (without_history, id) = gets_to_follow_slow(&client(), &[("history", false.into())]).await;
    assert_eq!(stored_durations(), "", "history: false records nothing");
    // Following the finished run again records its duration under its job, and nothing
    // secret.
    settle(client().wait_for_run(s(PROJECT), s("slow"), s(&id), JsValue::UNDEFINED))
        .await
        .unwrap();
    let stored = stored_durations();
    assert!(
        stored.contains(&[&runs_path("slow"), "\t"].concat()),
        "{stored:?}"
    );
    assert!(!stored.contains(token()));
    // A new client reads it back from localStorage: it sleeps through most of the run
    // instead of probing it from the start.
    let (with_history, _) = gets_to_follow_slow(&client(), &[]).await;
    assert!(
        with_history < without_history,
        "{with_history} GETs with history, {without_history} without"
    );
}

#[wasm_bindgen_test]
async fn history_false_leaves_local_storage_empty() {
    forget_durations();
    let options = fast(&[("history", false.into())]);
    let run = settle(client().run_job_and_wait(s(PROJECT), s("ok"), options))
        .await
        .unwrap();
    assert_eq!(get(&run, "status"), s("complete"));
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert_eq!(storage.get_item("drush-io-embed:durations").unwrap(), None);
    // The same call with history on does record: the check above could fail.
    let run = settle(client().run_job_and_wait(s(PROJECT), s("ok"), fast(&[])))
        .await
        .unwrap();
    assert_eq!(get(&run, "status"), s("complete"));
    assert!(stored_durations().contains(&runs_path("ok")));
}

#[wasm_bindgen_test]
async fn a_joined_wait_keeps_its_own_later_deadline() {
    let id = queue("slow").await;
    let shared = client();
    // The default pace: the pause in progress when the second wait joins (1 s after
    // the first poll, then 1.15 s) reaches past the first wait's deadline.
    let wait = |timeout: f64| {
        let options = obj(&[("timeoutMs", n(timeout))]);
        settle(shared.wait_for_run(s(PROJECT), s("slow"), s(&id), options))
    };
    let first = wait(1500.0);
    let started = js_sys::Date::now();
    let second = async {
        sleep(1200).await;
        wait(10_000.0).await
    };
    let first = async {
        let result = first.await;
        (result, js_sys::Date::now() - started)
    };
    let ((first, first_ended_ms), second) = futures_join(first, second).await;
    expect_error(first, "timeout");
    assert!(
        first_ended_ms < 4000.0,
        "the first wait ended at its own deadline, not with the run ({first_ended_ms} ms)"
    );
    let run = second.expect("the joined wait outlives the first one's deadline");
    assert_eq!(get(&run, "status"), s("complete"));
}

#[wasm_bindgen_test]
async fn a_small_max_delay_alone_caps_every_pause() {
    let options = obj(&[("maxDelayMs", n(300.0)), ("history", false.into())]);
    let run = settle(client().run_job_and_wait(s(PROJECT), s("slow"), options))
        .await
        .expect("maxDelayMs below the default initialDelayMs is accepted");
    assert_eq!(get(&run, "status"), s("complete"));
    let seen = requests(&run_path("slow", &text(&get(&run, "id")))).await;
    let queued = requests(&runs_path("slow")).await;
    let post = queued
        .iter()
        .rev()
        .find(|r| r.method == "POST")
        .expect("the POST was logged");
    let mut times = vec![post.at_ms];
    times.extend(seen.iter().map(|r| r.at_ms));
    let shortest = times
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    // Without the cap every pause would be the default first one, 1000 ms less 10 %
    // jitter, so no two requests could be closer than 900 ms. A busy machine stretches
    // gaps (a request on loopback, a late timer), never shortens them: the shortest gap
    // is the measure. The exact pauses are the core's (src/core/backoff.rs), tested
    // natively.
    assert!(
        shortest < 900.0,
        "{shortest} ms between the closest requests: {times:?}"
    );
    assert!(
        seen.len() >= 5,
        "a 4 s run polled only {} times",
        seen.len()
    );
}

#[wasm_bindgen_test]
fn a_request_timeout_of_zero_is_refused_and_infinity_turns_it_off() {
    let options = obj(&[("requestTimeoutMs", n(0.0))]);
    let error = match DrushIo::new(options) {
        Ok(_) => panic!("requestTimeoutMs: 0 was accepted"),
        Err(e) => e,
    };
    assert_eq!(get(&error, "kind"), s("invalid-argument"));
    let message = text(&get(&error, "message"));
    assert!(
        message.contains("requestTimeoutMs") && message.contains("Infinity"),
        "{message}"
    );
    assert!(DrushIo::new(obj(&[("requestTimeoutMs", n(f64::INFINITY))])).is_ok());
}

#[wasm_bindgen_test]
async fn no_error_property_holds_the_token_a_server_echoed() {
    let id = queue("echo-authorization").await;
    let shared = client_with(&[("requestTimeoutMs", n(f64::INFINITY))]);
    let single = shared.get_run(
        s(PROJECT),
        s("echo-authorization"),
        s(&id),
        JsValue::UNDEFINED,
    );
    let waited = shared.wait_for_run(
        s(PROJECT),
        s("echo-authorization"),
        s(&id),
        JsValue::UNDEFINED,
    );
    for result in [settle(single).await, settle(waited).await] {
        let error = expect_error(result, "http");
        assert_eq!(get(&error, "status"), n(400.0));
        let body = text(&get(&error, "body"));
        assert!(
            body.contains("Bearer [token]"),
            "the server echoed it: {body}"
        );
        let own: Vec<String> = Reflect::own_keys(&error)
            .unwrap()
            .iter()
            .map(|key| {
                let value = Reflect::get(&error, &key).unwrap();
                let json = js_sys::JSON::stringify(&value).map(JsValue::from);
                json.ok().and_then(|j| j.as_string()).unwrap_or_default()
            })
            .collect();
        let shown = String::from(js_sys::Error::from(error.clone()).to_string());
        for text in own.iter().chain([&shown]) {
            assert!(!text.contains(token()), "the token leaked: {text}");
        }
    }
}

#[wasm_bindgen_test]
async fn the_expected_duration_follows_the_runs_seen() {
    forget_durations();
    let watcher = client();
    let expected = |c: &DrushIo| c.expected_duration_ms(s(PROJECT), s("slow")).unwrap();
    assert_eq!(expected(&watcher), JsValue::NULL, "nothing seen yet");
    let mut durations = Vec::new();
    for _ in 0..2 {
        let run = settle(watcher.run_job_and_wait(s(PROJECT), s("slow"), fast(&[])))
            .await
            .unwrap();
        durations.push(get(&run, "duration").as_f64().unwrap() * 1000.0);
    }
    // The median of what the server reported: one of the two durations.
    let ms = expected(&watcher)
        .as_f64()
        .expect("a number after two runs");
    assert!(durations.contains(&ms), "{ms} ms, runs took {durations:?}");
    // The job takes about 4 s (the dev server reports whole seconds).
    assert!((3000.0..7000.0).contains(&ms), "{ms} ms");
    assert_eq!(expected(&client()), n(ms), "a new client reads it back");
    let other_job = client().expected_duration_ms(s(PROJECT), s("never-run"));
    assert_eq!(other_job.unwrap(), JsValue::NULL);
    let bad = client().expected_duration_ms(s(PROJECT), s(".."));
    assert_eq!(get(&bad.unwrap_err(), "kind"), s("invalid-argument"));
}

/// GETs of one run of `slow` that two clients follow at once, as two tabs would.
async fn gets_with_two_clients(options: &[(&str, JsValue)]) -> usize {
    let id = queue("slow").await;
    let (a, b) = (client_with(options), client_with(options));
    // Pauses of up to 2 s: a follower that hears nothing for 1.25 pauses and 3 s polls
    // itself (the polling tab may be frozen), and on a busy machine the news of
    // `fast()`'s 400 ms pauses, a request later, can come later than that.
    let pace = [("maxDelayMs", n(2000.0))];
    let wait = |c: &DrushIo| settle(c.wait_for_run(s(PROJECT), s("slow"), s(&id), fast(&pace)));
    let (ra, rb) = futures_join(wait(&a), wait(&b)).await;
    assert_eq!(get(&ra.unwrap(), "status"), s("complete"));
    assert_eq!(get(&rb.unwrap(), "status"), s("complete"));
    gets(&requests(&run_path("slow", &id)).await)
}

#[wasm_bindgen_test]
async fn clients_share_one_poller_per_run_unless_tabs_is_false() {
    // Web Locks and BroadcastChannel work alike between two clients of one page and
    // between tabs: one client polls, the other follows. Both pairs run at once, so
    // that the load of the machine weighs on both alike.
    let (shared, alone) = futures_join(
        gets_with_two_clients(&[]),
        gets_with_two_clients(&[("tabs", false.into())]),
    )
    .await;
    assert!(
        shared * 4 < alone * 3,
        "{shared} GETs shared, {alone} with tabs: false"
    );
}

#[wasm_bindgen_test]
async fn a_follower_takes_over_when_the_polling_client_stops_and_only_runs_cross() {
    let listen = Function::new_no_args(
        "const seen = []; const channel = new BroadcastChannel('drush-io-embed:runs'); \
         channel.onmessage = (e) => seen.push(e.data); return { seen, channel };",
    );
    let spy = listen.call0(&JsValue::NULL).unwrap();
    let id = queue("slow").await;
    let (leader, follower) = (client(), client());
    let stop = AbortController::new().unwrap();
    let (push, updates) = recorder();
    let led = settle(leader.wait_for_run(
        s(PROJECT),
        s("slow"),
        s(&id),
        fast(&[("signal", stop.signal().into())]),
    ));
    let followed = settle(follower.wait_for_run(
        s(PROJECT),
        s("slow"),
        s(&id),
        fast(&[("onUpdate", push.into())]),
    ));
    let scenario = async {
        sleep(1000).await;
        let before_stop = gets(&requests(&run_path("slow", &id)).await);
        stop.abort();
        (led.await, before_stop)
    };
    let ((led, before_stop), followed) = futures_join(scenario, followed).await;
    expect_error(led, "aborted");
    let run = followed.expect("the follower took over and saw the end");
    assert_eq!(get(&run, "status"), s("complete"));
    assert!(
        gets(&requests(&run_path("slow", &id)).await) > before_stop,
        "polling went on"
    );
    // The follower heard of the run from the polling client before it took over.
    assert!(updates.length() >= 2, "{} updates", updates.length());
    let messages = Array::from(&get(&spy, "seen"));
    assert!(
        messages.length() >= 2,
        "{} runs published",
        messages.length()
    );
    for message in messages.iter() {
        let keys = Object::keys(message.unchecked_ref::<Object>());
        assert_eq!(keys.join(",").as_string().unwrap(), "url,run");
        let json = text(&js_sys::JSON::stringify(&message).unwrap().into());
        assert!(
            !json.contains(token()) && !json.contains("Bearer"),
            "{json}"
        );
    }
    let channel = get(&spy, "channel");
    let close = Function::from(get(&channel, "close"));
    close.call0(&channel).unwrap();
}

#[wasm_bindgen_test]
async fn the_history_option_must_be_a_boolean() {
    let before = requests(&runs_path("ok")).await.len();
    let options = obj(&[("history", s("yes"))]);
    expect_error(
        settle(client().run_job_and_wait(s(PROJECT), s("ok"), options)).await,
        "invalid-argument",
    );
    assert_eq!(requests(&runs_path("ok")).await.len(), before);
}

#[wasm_bindgen_test]
async fn bad_call_options_are_refused_by_name_before_any_request() {
    let before = requests(&runs_path("ok")).await.len();
    let cases = [
        ("signal", obj(&[("signal", s("stop"))])),
        ("onUpdate", obj(&[("onUpdate", obj(&[]))])),
        ("initialDelayMs", obj(&[("initialDelayMs", n(0.0))])),
        ("maxDelayMs", obj(&[("maxDelayMs", n(-5.0))])),
        ("multiplier", obj(&[("multiplier", n(f64::NAN))])),
        ("multiplier", obj(&[("multiplier", n(11.0))])),
        ("timeoutMs", obj(&[("timeoutMs", s("soon"))])),
        ("options", s("fast")),
    ];
    for (name, options) in cases {
        let error = expect_error(
            settle(client().run_job_and_wait(s(PROJECT), s("ok"), options)).await,
            "invalid-argument",
        );
        let message = text(&get(&error, "message"));
        assert!(message.starts_with(name), "{name}: {message}");
    }
    assert_eq!(requests(&runs_path("ok")).await.len(), before);
}

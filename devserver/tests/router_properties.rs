//! Random requests against the whole router, in-process: odd methods, paths with odd
//! segments, good and bad `Host`, `Origin`, `Authorization` and `Content-Type`, and
//! bodies from valid runs to invalid JSON, deep nesting, huge strings and wrong types.
//! Whatever comes in: never a 5xx, never a panic, every error answer JSON with `error`
//! and `message`, and a foreign `Host` or `Origin` never gets through.
//!
//! One runtime and one server serve every case. The jobs only run `true`, and most
//! random requests never reach a job anyway.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode};
use axum::Router;
use drush_io_devserver::auth::Auth;
use drush_io_devserver::jobs::Catalog;
use drush_io_devserver::{app, AppState, Options};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;
use tower::ServiceExt;

const CASES: u32 = 10_000;

const JOBS: &str = r#"
[[project]]
name = "p"
id = "project-id"
  [[project.job]]
  name = "ok"
  id = "job-id"
  command = ["true"]
  variables = { SITE = "default", MODE = "x" }

  [[project.job]]
  name = "bare"
  command = ["true"]
"#;

const ALLOWED_ORIGIN: &str = "http://127.0.0.1:9999";
const ALLOWED_HOST: &str = "devbox.test";

/// What a header was drawn from, so the checks know what the server must do.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Absent,
    Own,
    Foreign,
    Random,
}

#[derive(Debug, Clone)]
struct Case {
    method: Method,
    path: String,
    host: (Kind, Option<HeaderValue>),
    origin: (Kind, Option<HeaderValue>),
    fetch_site: Option<HeaderValue>,
    authorization: Option<HeaderValue>,
    content_type: Option<HeaderValue>,
    body: Vec<u8>,
}

fn header(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).expect("a valid header value")
}

fn method() -> impl Strategy<Value = Method> {
    prop_oneof![
        4 => Just(Method::GET),
        4 => Just(Method::POST),
        1 => Just(Method::OPTIONS),
        1 => Just(Method::HEAD),
        1 => Just(Method::PUT),
        1 => Just(Method::DELETE),
        1 => Just(Method::PATCH),
        1 => "[A-Z]{1,10}".prop_map(|m| Method::from_bytes(m.as_bytes()).unwrap()),
    ]
}

fn segment() -> impl Strategy<Value = String> {
    let odd = prop_oneof![
        Just(String::new()),
        Just(".".to_owned()),
        Just("..".to_owned()),
        Just("%2F".to_owned()),
        Just("%2e%2e".to_owned()),
        Just("%FF".to_owned()),
        Just("%C3%28".to_owned()),
        Just("%00".to_owned()),
        Just("%".to_owned()),
        Just("%zz".to_owned()),
        Just("a%20b".to_owned()),
        Just("%E2%82%AC".to_owned()),
        (1usize..6000).prop_map(|n| "a".repeat(n)),
        (1usize..300).prop_map(|n| "%41".repeat(n)),
    ];
    let known = prop_oneof![
        Just("p"),
        Just("project-id"),
        Just("ok"),
        Just("job-id"),
        Just("bare"),
        Just("projects"),
        Just("jobs"),
        Just("runs"),
        Just("requests"),
        Just("index.html"),
        Just("auto.js"),
    ]
    .prop_map(str::to_owned);
    prop_oneof![
        4 => known,
        3 => odd,
        2 => "[A-Za-z0-9._~!$&'()*+,;=:@-]{0,12}",
    ]
}

fn path() -> impl Strategy<Value = String> {
    let root = prop_oneof![
        Just(""),
        Just("/v1"),
        Just("/v1/projects/p"),
        Just("/v1/projects/p/jobs/ok"),
        Just("/v1/projects/p/jobs/ok/runs"),
        Just("/proxy/v1"),
        Just("/proxy/v1/projects/p/jobs/ok/runs"),
        Just("/__devserver"),
        Just("/__devserver/requests"),
        Just("/pkg"),
    ];
    let query = prop_oneof![
        3 => Just(String::new()),
        1 => "[A-Za-z0-9_=&%]{0,20}".prop_map(|q| format!("?{q}")),
        1 => Just("?path_prefix=/v1".to_owned()),
        1 => Just("?path_prefix=a&path_prefix=b".to_owned()),
        1 => Just("?path_prefix=%FF".to_owned()),
    ];
    let segments = prop_oneof![
        2 => Just(Vec::new()),
        2 => prop::collection::vec(segment(), 1..5),
    ];
    (root, segments, query).prop_map(|(root, segments, query)| {
        let mut path = root.to_owned();
        for segment in segments {
            path.push('/');
            path.push_str(&segment);
        }
        if path.is_empty() {
            path.push('/');
        }
        path + &query
    })
}

/// Visible ASCII (what `HeaderValue::from_str` takes) or raw bytes beyond ASCII.
fn random_header() -> impl Strategy<Value = HeaderValue> {
    prop_oneof![
        "[ -~]{0,40}".prop_map(|text| header(&text)),
        prop::collection::vec(0x80u8..=0xff, 1..8)
            .prop_map(|bytes| HeaderValue::from_bytes(&bytes).unwrap()),
    ]
}

fn host() -> impl Strategy<Value = (Kind, Option<HeaderValue>)> {
    let own = prop_oneof![
        Just("127.0.0.1:8787"),
        Just("localhost:8787"),
        Just("[::1]:8787"),
        Just("devbox.test"),
        Just("devbox.test:1234"),
    ];
    let foreign = prop_oneof![
        Just("evil.example"),
        Just("evil.example:8787"),
        Just("localhost:8788"),
        Just("127.0.0.1"),
        Just("127.0.0.1.evil.example:8787"),
    ];
    prop_oneof![
        3 => Just((Kind::Absent, None)),
        6 => own.prop_map(|h| (Kind::Own, Some(header(h)))),
        1 => foreign.prop_map(|h| (Kind::Foreign, Some(header(h)))),
        1 => random_header().prop_map(|h| (Kind::Random, Some(h))),
    ]
}

fn origin() -> impl Strategy<Value = (Kind, Option<HeaderValue>)> {
    let own = prop_oneof![
        Just("http://127.0.0.1:8787"),
        Just("http://localhost:8787"),
        Just(ALLOWED_ORIGIN),
    ];
    let foreign = prop_oneof![
        Just("http://evil.example"),
        Just("https://evil.example:8787"),
        Just("http://localhost:9998"),
        Just("null"),
    ];
    prop_oneof![
        5 => Just((Kind::Absent, None)),
        2 => own.prop_map(|o| (Kind::Own, Some(header(o)))),
        1 => foreign.prop_map(|o| (Kind::Foreign, Some(header(o)))),
        1 => random_header().prop_map(|o| (Kind::Random, Some(o))),
    ]
}

fn optional_header(known: &'static [&'static str]) -> impl Strategy<Value = Option<HeaderValue>> {
    prop_oneof![
        3 => Just(None),
        3 => prop::sample::select(known).prop_map(|value| Some(header(value))),
        1 => random_header().prop_map(Some),
    ]
}

fn authorization(token: String) -> impl Strategy<Value = Option<HeaderValue>> {
    prop_oneof![
        2 => Just(None),
        5 => Just(Some(header(&format!("Bearer {token}")))),
        1 => Just(Some(header(&format!("bearer  {token} ")))),
        1 => Just(Some(header("Bearer "))),
        1 => Just(Some(header("Basic dXNlcjpwYXNz"))),
        1 => "[A-Za-z0-9._-]{0,60}".prop_map(|t| Some(header(&format!("Bearer {t}")))),
        1 => random_header().prop_map(Some),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("SITE|MODE|[A-Za-z_][A-Za-z0-9_]{0,5}|.{0,4}", inner, 0..4)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => Just(Vec::new()),
        3 => Just(br#"{"env": {"SITE": "elsewhere", "MODE": 3}}"#.to_vec()),
        3 => json_value().prop_map(|env| String::into_bytes(serde_json::json!({ "env": env }).to_string())),
        2 => ("SITE|MODE|[A-Za-z_0-9-]{0,6}", json_value()).prop_map(|(name, value)| {
            String::into_bytes(serde_json::json!({ "env": { name: value } }).to_string())
        }),
        2 => json_value().prop_map(|value| String::into_bytes(value.to_string())),
        // Invalid JSON: cut short, or bytes that are not even UTF-8.
        2 => (json_value(), any::<prop::sample::Index>()).prop_map(|(value, cut)| {
            let mut bytes = serde_json::json!({ "env": value }).to_string().into_bytes();
            bytes.truncate(cut.index(bytes.len()));
            bytes
        }),
        1 => prop::collection::vec(any::<u8>(), 0..64),
        // Deep nesting, bare or inside `env`.
        1 => (1usize..5000).prop_map(|depth| String::into_bytes("[".repeat(depth) + &"]".repeat(depth))),
        1 => (1usize..3000).prop_map(|depth| {
            String::into_bytes(format!(r#"{{"env": {{"SITE": {}1{}}}}}"#, "[".repeat(depth), "]".repeat(depth)))
        }),
        // Huge strings, under and over the 64 KiB limit.
        1 => (1usize..100_000).prop_map(|n| {
            String::into_bytes(format!(r#"{{"env": {{"SITE": "{}"}}}}"#, "x".repeat(n)))
        }),
    ]
}

fn case(token: String) -> impl Strategy<Value = Case> {
    let headers = (
        host(),
        origin(),
        optional_header(&["same-origin", "same-site", "cross-site", "none"]),
        authorization(token),
        optional_header(&[
            "application/json",
            "text/plain",
            "application/json; charset=utf-8",
        ]),
    );
    (method(), path(), headers, body()).prop_map(
        |(method, path, (host, origin, fetch_site, authorization, content_type), body)| Case {
            method,
            path,
            host,
            origin,
            fetch_site,
            authorization,
            content_type,
            body,
        },
    )
}

impl Case {
    fn request(&self) -> Request<Body> {
        let mut request = Request::builder()
            .method(self.method.clone())
            .uri(self.path.as_str());
        let headers = [
            ("host", &self.host.1),
            ("origin", &self.origin.1),
            ("sec-fetch-site", &self.fetch_site),
            ("authorization", &self.authorization),
            ("content-type", &self.content_type),
        ];
        for (name, value) in headers {
            if let Some(value) = value {
                request = request.header(name, value.clone());
            }
        }
        request
            .body(Body::from(self.body.clone()))
            .expect("the generated request is valid")
    }

    fn guarded_path(&self) -> bool {
        let path = self.path.split('?').next().unwrap_or_default();
        path == "/proxy/v1"
            || path.starts_with("/proxy/v1/")
            || path == "/__devserver"
            || path.starts_with("/__devserver/")
    }
}

fn check(case: &Case, answer: &Answer) -> Result<(), TestCaseError> {
    let Answer {
        status,
        content_type,
        body,
    } = answer;
    let status = *status;
    prop_assert!(!status.is_server_error(), "{status} for {case:?}");
    // An answer to HEAD has no body (axum drops it); its headers still say JSON.
    if status.is_client_error() && case.method == Method::HEAD {
        prop_assert!(
            content_type.starts_with("application/json"),
            "{content_type}"
        );
    } else if status.is_client_error() {
        let json: Value = serde_json::from_slice(body).map_err(|e| {
            TestCaseError::fail(format!(
                "{status} is not JSON ({e}): {:?} for {case:?}",
                String::from_utf8_lossy(body)
            ))
        })?;
        prop_assert!(
            json["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{json}"
        );
        prop_assert!(
            json["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{json}"
        );
    }
    if case.host.0 == Kind::Foreign {
        prop_assert_eq!(status, StatusCode::FORBIDDEN, "{:?}", case);
    }
    let own_host = matches!(case.host.0, Kind::Absent | Kind::Own);
    if own_host
        && case.origin.0 == Kind::Foreign
        && case.guarded_path()
        && case.method != Method::OPTIONS
    {
        prop_assert!(!status.is_success(), "{status} for {case:?}");
    }
    Ok(())
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

struct Fixture {
    router: Router,
    token: String,
    _static: TempDir,
}

/// The static directory and pkg/ the server reads, removed at the end.
struct TempDir(std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn fixture() -> Fixture {
    let root = std::env::temp_dir().join(format!("devserver-props-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(root.join("www")).unwrap();
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("www/index.html"), "<h1>page</h1>").unwrap();
    std::fs::write(root.join("pkg/auto.js"), "export {};").unwrap();
    let auth = Auth::from_secret(b"property secret").unwrap();
    let token = auth.issue("properties").unwrap();
    let options = Options {
        allow_hosts: vec![ALLOWED_HOST.to_owned()],
        allow_origins: vec![ALLOWED_ORIGIN.to_owned()],
        static_dir: Some(root.join("www")),
        pkg_dir: Some(root.join("pkg")),
        history_limit: 20,
        content_security_policy: Some(drush_io_devserver::STRICT_CSP.to_owned()),
        ..Options::default()
    };
    let state = AppState::new(Catalog::from_toml(JOBS).unwrap(), auth, options).unwrap();
    Fixture {
        router: app(state),
        token,
        _static: TempDir(root),
    }
}

#[test]
fn random_requests_never_get_a_5xx_a_panic_or_an_error_that_is_not_json() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let fixture = runtime.block_on(async { fixture() });
    let ran = AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&case(fixture.token.clone()), |case| {
        ran.fetch_add(1, Ordering::Relaxed);
        let answer = runtime.block_on(async {
            let response = fixture
                .router
                .clone()
                .oneshot(case.request())
                .await
                .expect("infallible");
            let status = response.status();
            let content_type = response
                .headers()
                .get("content-type")
                .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned())
                .unwrap_or_default();
            let body = axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .expect("the body is read")
                .to_vec();
            Answer {
                status,
                content_type,
                body,
            }
        });
        check(&case, &answer)
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    assert!(ran.load(Ordering::Relaxed) >= CASES as usize);
}

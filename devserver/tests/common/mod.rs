//! Helpers shared by the in-process tests: a server built from `tests/jobs.toml`
//! (plus a few jobs of the tests' own), requests with or without a token, and a
//! poll loop that waits for a run to reach a state.

#![allow(dead_code)] // Each test binary uses its own subset.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use drush_io_devserver::auth::Auth;
use drush_io_devserver::jobs::Catalog;
use drush_io_devserver::{app, AppState, Options};
use serde_json::Value;
use tower::ServiceExt;

/// The jobs every browser test relies on, as shipped.
pub const REPO_JOBS: &str = include_str!("../../../tests/jobs.toml");

/// Jobs only these tests need, in a project of their own.
pub const EXTRA_JOBS: &str = r#"
[[project]]
name = "extra"
  [[project.job]]
  name = "sleepy"
  command = ["sh", "-c", "echo started; sleep 30"]

  [[project.job]]
  name = "short-timeout"
  command = ["sh", "-c", "echo before; sleep 30; echo never"]
  timeout_s = 1

  [[project.job]]
  name = "chatty"
  command = ["sh", "-c", "i=0; while [ $i -lt 200 ]; do echo 'line of forty bytes, more or less......'; i=$((i+1)); done"]
  log_limit_bytes = 100

  [[project.job]]
  name = "leak-check"
  command = ["sh", "-c", "echo \"manifest=${CARGO_MANIFEST_DIR:-unset} site=$SITE\""]
  variables = { SITE = "default" }

  [[project.job]]
  name = "gate"
  command = ["sh", "-c", "while [ ! -e \"$GATE\" ]; do sleep 0.05; done; echo \"passed $GATE\""]
  variables = { GATE = "/nonexistent" }

  [[project.job]]
  name = "background"
  command = ["sh", "-c", "sleep 60 & echo left"]

  [[project.job]]
  name = "escapes"
  # Waits (a few seconds at most) until the escaped process is out of the group.
  command = ["sh", "-c", "setsid sh -c 'echo $$ > \"$PIDFILE\"; exec sleep 60' & i=0; while [ ! -s \"$PIDFILE\" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; echo left"]
  variables = { PIDFILE = "/dev/null" }

  [[project.job]]
  name = "escapes-and-waits"
  command = ["sh", "-c", "setsid sh -c 'echo $$ > \"$PIDFILE\"; exec sleep 60' & i=0; while [ ! -s \"$PIDFILE\" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done; wait"]
  variables = { PIDFILE = "/dev/null" }
  timeout_s = 3

  [[project.job]]
  name = "missing-program"
  command = ["/nonexistent/program"]

  [[project.job]]
  name = "twin"
  id = "same-id-elsewhere"
  command = ["sh", "-c", "echo twin of extra"]

[[project]]
name = "other"
  [[project.job]]
  name = "twin"
  id = "same-id-elsewhere"
  command = ["sh", "-c", "echo twin of other"]
"#;

pub struct TestServer {
    pub state: AppState,
    pub router: Router,
    pub token: String,
}

pub fn server() -> TestServer {
    server_with(Options::default())
}

pub fn server_with(options: Options) -> TestServer {
    let catalog = Catalog::from_toml(&format!("{REPO_JOBS}\n{EXTRA_JOBS}")).expect("jobs parse");
    let auth = Auth::from_secret(b"test secret").expect("secret");
    let token = auth.issue("tests").expect("token");
    let state = AppState::new(catalog, auth, options).expect("state");
    let router = app(state.clone());
    TestServer {
        state,
        router,
        token,
    }
}

/// A server on a real loopback socket, built like the binary builds it: from the
/// address it is bound to (its own hosts and origins carry that port).
pub async fn listening(options: Options) -> (TestServer, std::net::SocketAddr) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = server_with(Options { addr, ..options });
    let router = server.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await });
    (server, addr)
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn error_kind(&self) -> String {
        self.json()["error"].as_str().unwrap_or_default().to_owned()
    }
}

impl TestServer {
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        Answer {
            status,
            headers,
            body: body.to_vec(),
        }
    }

    pub fn authed(&self, method: Method, uri: &str) -> axum::http::request::Builder {
        Request::builder()
            .method(method)
            .uri(uri)
            .header(header::ACCEPT, "application/json")
            .header(header::AUTHORIZATION, format!("Bearer {}", self.token))
    }

    pub async fn get(&self, uri: &str) -> Answer {
        self.send(self.authed(Method::GET, uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn post(&self, uri: &str, body: &str) -> Answer {
        self.send(
            self.authed(Method::POST, uri)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_owned()))
                .unwrap(),
        )
        .await
    }

    /// Triggers a run and returns its ID.
    pub async fn trigger(&self, project: &str, job: &str, body: &str) -> String {
        let answer = self
            .post(&format!("/v1/projects/{project}/jobs/{job}/runs"), body)
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{:?}", answer.json());
        answer.json()["id"].as_str().expect("id").to_owned()
    }

    /// Reads the run until `done` holds; gives up (failing) after a minute, which
    /// only guards against a hang: no test relies on how long a run takes.
    pub async fn wait_for(
        &self,
        project: &str,
        job: &str,
        id: &str,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let uri = format!("/v1/projects/{project}/jobs/{job}/runs/{id}");
        for _ in 0..1200 {
            let answer = self.get(&uri).await;
            if answer.status == StatusCode::OK {
                let run = answer.json();
                if done(&run) {
                    return run;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("run {id} of {project}/{job} never reached the expected state");
    }

    pub async fn wait_finished(&self, project: &str, job: &str, id: &str) -> Value {
        self.wait_for(project, job, id, |run| {
            matches!(run["status"].as_str(), Some("complete" | "error"))
        })
        .await
    }

    /// The server's own record of the requests under a path prefix. The prefix is
    /// a query value, so the `%` of a raw path is itself encoded.
    pub async fn requests(&self, prefix: &str) -> Vec<Value> {
        let query = prefix.replace('%', "%25");
        let answer = self
            .send(
                Request::get(format!("/__devserver/requests?path_prefix={query}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK);
        answer.json()["requests"]
            .as_array()
            .expect("requests")
            .clone()
    }
}

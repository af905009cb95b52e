//! What every handler shares: the jobs, the runs, the workers and the token check.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::http::HeaderValue;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::access::Access;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::executor;
use crate::jobs::{Catalog, Job, Project};
use crate::requests_log::RequestsLog;
use crate::runs::{Run, RunStore, DEFAULT_HISTORY_LIMIT};
use crate::util::lock;

#[derive(Debug, Clone)]
pub struct Options {
    /// The address the server listens on, once bound: its port makes the server's own
    /// hosts and origins (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`).
    pub addr: SocketAddr,
    /// `--allow-host`: more names the server answers to.
    pub allow_hosts: Vec<String>,
    /// `--allow-origin`: more origins whose pages may call the server.
    pub allow_origins: Vec<String>,
    /// Served at `/` when set.
    pub static_dir: Option<PathBuf>,
    /// Served at `/pkg/` when set.
    pub pkg_dir: Option<PathBuf>,
    /// How many runs are remembered.
    pub history_limit: usize,
    /// Sent as `Content-Security-Policy` with every static file and `pkg/` file, so the
    /// demo and the tests meet the package as a hardened admin page serves it.
    pub content_security_policy: Option<String>,
}

/// The port of `--addr`'s default, and of [`Options::default`].
pub const DEFAULT_PORT: u16 = 8787;

/// The policy of a hardened admin page (CONTRACT 5.1): no inline script or style, no
/// HTML parsed from strings (Trusted Types with no policy), connections to itself only.
pub const STRICT_CSP: &str = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'; img-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'";

impl Default for Options {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], DEFAULT_PORT)),
            allow_hosts: Vec::new(),
            allow_origins: Vec::new(),
            static_dir: None,
            pkg_dir: None,
            history_limit: DEFAULT_HISTORY_LIMIT,
            content_security_policy: None,
        }
    }
}

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    catalog: Catalog,
    store: Arc<Mutex<RunStore>>,
    /// One FIFO queue per job (keyed by project ID and job ID), read by its worker.
    queues: HashMap<(String, String), mpsc::UnboundedSender<String>>,
    auth: Arc<Auth>,
    access: Arc<Access>,
    proxy_bearer: HeaderValue,
    requests: RequestsLog,
    options: Options,
    shutdown: CancellationToken,
    workers: TaskTracker,
}

impl AppState {
    /// Starts one worker per job, so it must be called inside a Tokio runtime.
    pub fn new(catalog: Catalog, auth: Auth, options: Options) -> Result<Self, String> {
        let access = Access::new(options.addr, &options.allow_hosts, &options.allow_origins)?;
        let store = Arc::new(Mutex::new(RunStore::new(options.history_limit)));
        let shutdown = CancellationToken::new();
        let workers = TaskTracker::new();
        let queues = catalog
            .jobs()
            .map(|job| {
                let sender =
                    executor::spawn_worker(job.clone(), store.clone(), shutdown.clone(), &workers);
                (queue_key(job), sender)
            })
            .collect();
        let proxy_token = auth.issue("drush-io-devserver proxy")?;
        let proxy_bearer = HeaderValue::try_from(format!("Bearer {proxy_token}"))
            .map_err(|e| format!("cannot use the proxy token as a header: {e}"))?;
        Ok(Self(Arc::new(Inner {
            catalog,
            store,
            queues,
            auth: Arc::new(auth),
            access: Arc::new(access),
            proxy_bearer,
            requests: RequestsLog::default(),
            options,
            shutdown,
            workers,
        })))
    }

    pub fn auth(&self) -> &Arc<Auth> {
        &self.0.auth
    }

    pub fn access(&self) -> &Arc<Access> {
        &self.0.access
    }

    pub fn proxy_bearer(&self) -> HeaderValue {
        self.0.proxy_bearer.clone()
    }

    pub fn requests(&self) -> &RequestsLog {
        &self.0.requests
    }

    pub fn options(&self) -> &Options {
        &self.0.options
    }

    pub fn catalog(&self) -> &Catalog {
        &self.0.catalog
    }

    pub fn find_project(&self, project: &str) -> Result<&Project, ApiError> {
        self.0
            .catalog
            .project(project)
            .ok_or_else(|| ApiError::not_found(format!("no project `{project}`")))
    }

    pub fn find_job(&self, project: &str, job: &str) -> Result<Arc<Job>, ApiError> {
        self.find_project(project)?
            .job(job)
            .cloned()
            .ok_or_else(|| ApiError::not_found(format!("no job `{job}` in project `{project}`")))
    }

    /// Queues a run of `job` and hands it to the job's worker. Once the server is
    /// shutting down it answers 503 and creates no run, so no run is left `queued` for
    /// good (the runs already queued then end as `error`, see `executor`).
    pub fn enqueue(
        &self,
        job: Arc<Job>,
        env: BTreeMap<String, String>,
    ) -> Result<serde_json::Value, ApiError> {
        let queue = self.0.queues.get(&queue_key(&job));
        let run = Run::new(job, env);
        let answer = run.to_json(true);
        // Under the store's lock: a worker closing its queue at shutdown either receives
        // this run and ends it, or the send fails and the run is never stored.
        let mut runs = self.runs();
        let sent = !self.0.shutdown.is_cancelled()
            && queue.is_some_and(|queue| queue.send(run.id.clone()).is_ok());
        if !sent {
            return Err(ApiError::new(
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "shutting-down",
                "the server is shutting down and queues no new run",
            ));
        }
        runs.insert(run);
        Ok(answer)
    }

    pub fn runs(&self) -> MutexGuard<'_, RunStore> {
        lock(&self.0.store)
    }

    /// Stops the workers (their running commands are killed) and waits for them,
    /// at most `grace`.
    pub async fn shut_down(&self, grace: Duration) {
        self.0.shutdown.cancel();
        self.0.workers.close();
        let _ = tokio::time::timeout(grace, self.0.workers.wait()).await;
    }

    /// Cancelled when the server shuts down.
    pub fn shutdown_token(&self) -> CancellationToken {
        self.0.shutdown.clone()
    }
}

/// Job IDs are unique within a project only.
fn queue_key(job: &Job) -> (String, String) {
    (job.project_id.clone(), job.id.clone())
}

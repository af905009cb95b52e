//! The drush.io API under `/v1`: trigger a run, read a run, read a job, list runs.
//! Every route needs a bearer token (see `auth`).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use axum::{Json, Router};
use serde_json::{json, Map, Value};

use crate::error::{method_not_allowed, ApiError};
use crate::faults;
use crate::jobs::{is_variable_name, Job};
use crate::state::AppState;

/// Request bodies above this answer 413.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// Routes carry their full `/v1/...` paths so the proxy can hand requests over as is.
pub fn router(state: AppState) -> Router {
    let auth = state.auth().clone();
    Router::new()
        .route("/v1/projects/{project}", get(read_project))
        .route("/v1/projects/{project}/runs", get(list_runs))
        .route("/v1/projects/{project}/jobs/{job}", get(read_job))
        .route("/v1/projects/{project}/jobs/{job}/runs", post(trigger_run))
        .route(
            "/v1/projects/{project}/jobs/{job}/runs/{run}",
            get(read_run),
        )
        .route("/v1", any(unknown_route))
        .route("/v1/{*rest}", any(unknown_route))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            auth,
            crate::auth::require_token,
        ))
        .with_state(state)
}

type Segments<T> = Result<Path<T>, PathRejection>;

fn segments<T>(path: Segments<T>) -> Result<T, ApiError> {
    path.map(|Path(segments)| segments)
        .map_err(|e| ApiError::bad_request("bad-path", e.body_text()))
}

async fn read_project(
    State(state): State<AppState>,
    path: Segments<String>,
) -> Result<Json<Value>, ApiError> {
    let project = state.find_project(&segments(path)?)?;
    let jobs: Vec<Value> = project.jobs.iter().map(|job| job_json(job)).collect();
    Ok(Json(json!({
        "id": project.id,
        "name": project.name,
        "jobs": jobs,
    })))
}

async fn read_job(
    State(state): State<AppState>,
    path: Segments<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let (project, job) = segments(path)?;
    let job = state.find_job(&project, &job)?;
    add_latency(&job).await;
    Ok(Json(job_json(&job)))
}

fn job_json(job: &Job) -> Value {
    json!({
        "id": job.id,
        "name": job.name,
        "project": { "id": job.project_id, "name": job.project_name },
        "variables": job.variables,
        "timeout": job.timeout.as_secs(),
    })
}

/// Recent runs of a project, newest first (without their logs).
async fn list_runs(
    State(state): State<AppState>,
    path: Segments<String>,
) -> Result<Json<Value>, ApiError> {
    let project = state.find_project(&segments(path)?)?;
    let runs: Vec<Value> = state
        .runs()
        .recent_for_project(&project.id)
        .map(|run| run.to_json(false))
        .collect();
    Ok(Json(json!({ "runs": runs })))
}

async fn trigger_run(
    State(state): State<AppState>,
    path: Segments<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let (project, job) = segments(path)?;
    let job = state.find_job(&project, &job)?;
    add_latency(&job).await;
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload-too-large",
                format!("the request body is over {BODY_LIMIT_BYTES} bytes"),
            )
        } else {
            ApiError::bad_request("bad-body", e.body_text())
        }
    })?;
    let env = run_env(&job, &body)?;
    let run = state.enqueue(job, env)?;
    Ok((StatusCode::CREATED, Json(run)).into_response())
}

/// The variables of a new run: the job's defaults, overridden by the body's `env`.
/// The body is empty, or a JSON object with an optional `env` object whose values
/// are strings (numbers and booleans are taken in their string form).
fn run_env(job: &Job, body: &[u8]) -> Result<BTreeMap<String, String>, ApiError> {
    let mut env = job.variables.clone();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(env);
    }
    let bad = |message: String| ApiError::bad_request("bad-json", message);
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| bad(format!("the request body is not valid JSON: {e}")))?;
    let Value::Object(mut object) = value else {
        return Err(bad("the request body must be a JSON object".into()));
    };
    let given = match object.remove("env") {
        None => Map::new(),
        Some(Value::Object(given)) => given,
        Some(_) => return Err(bad("`env` must be an object of variables".into())),
    };
    for (name, value) in given {
        if !is_variable_name(&name) {
            return Err(ApiError::bad_request(
                "invalid-variable-name",
                format!("`{name}` is not a valid variable name (letters, digits and `_`, not starting with a digit)"),
            ));
        }
        if !job.variables.contains_key(&name) {
            return Err(ApiError::bad_request(
                "undeclared-variable",
                format!("job `{}` declares no variable `{name}`", job.name),
            ));
        }
        let text = match value {
            Value::String(text) => text,
            Value::Number(number) => number.to_string(),
            Value::Bool(flag) => flag.to_string(),
            _ => {
                return Err(bad(format!(
                    "variable `{name}` must be a string, a number or a boolean"
                )))
            }
        };
        env.insert(name, text);
    }
    Ok(env)
}

async fn read_run(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    path: Segments<(String, String, String)>,
) -> Result<Response, ApiError> {
    let (project, job, run_id) = segments(path)?;
    let job = state.find_job(&project, &job)?;
    if job.faults.echo_authorization {
        return Ok(faults::echo_authorization(&headers));
    }
    add_latency(&job).await;
    let (poll_index, answer) = {
        let mut runs = state.runs();
        let run = runs
            .get_mut(&run_id)
            .filter(|run| Arc::ptr_eq(&run.job, &job))
            .ok_or_else(|| {
                ApiError::not_found(format!("no run `{run_id}` of job `{}`", job.name))
            })?;
        let poll_index = run.polls;
        run.polls = run.polls.saturating_add(1);
        (poll_index, run.to_json(true))
    };
    if let Some(fault) = job.faults.poll_fault(poll_index) {
        return Ok(faults::answer(fault));
    }
    Ok(Json(answer).into_response())
}

async fn add_latency(job: &Job) {
    if job.faults.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(job.faults.latency_ms)).await;
    }
}

async fn unknown_route() -> ApiError {
    ApiError::not_found("no such API route")
}

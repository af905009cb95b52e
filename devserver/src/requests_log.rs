//! A record of every API request (under `/v1` and `/proxy/v1`, CORS preflights
//! excluded), so tests can count requests on the server side:
//! `GET /__devserver/requests?path_prefix=/v1/projects/test/jobs/ok` answers
//! `{"requests":[{"method":"GET","path":"/v1/...","status":200,"at_ms":1767225600000,"authorization":true,"header_names":["accept","authorization","host"],"content_type":null}]}`,
//! oldest first (`at_ms`: when the request arrived, in Unix milliseconds; `authorization`:
//! whether the request as it arrived carried that header, so a test can prove a page sent
//! no token through the proxy; `header_names`: the names of the headers it arrived with,
//! so a test can see what the browser really sent). No header's value is kept but the
//! `Content-Type`, which the API asks to be JSON: any other may be a token.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;
use crate::util::{lock, DroppedConnection};

/// Only the last this many requests are kept.
pub const REQUESTS_LIMIT: usize = 10_000;

#[derive(Debug, Clone, Serialize)]
pub struct RecordedRequest {
    pub method: String,
    /// The raw path, still percent-encoded.
    pub path: String,
    pub status: u16,
    /// When the request arrived, in milliseconds since the Unix epoch.
    pub at_ms: u64,
    /// The request arrived with an `Authorization` header (before the proxy set its own).
    pub authorization: bool,
    /// The names of the headers the request arrived with: lower-case, sorted, each once.
    pub header_names: Vec<String>,
    /// The `Content-Type` it arrived with, if any (unreadable bytes replaced).
    pub content_type: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct RequestsLog(Arc<Mutex<VecDeque<RecordedRequest>>>);

impl RequestsLog {
    fn push(&self, request: RecordedRequest) {
        let mut requests = lock(&self.0);
        if requests.len() >= REQUESTS_LIMIT {
            requests.pop_front();
        }
        requests.push_back(request);
    }

    pub fn matching(&self, path_prefix: &str) -> Vec<RecordedRequest> {
        lock(&self.0)
            .iter()
            .filter(|r| r.path.starts_with(path_prefix))
            .cloned()
            .collect()
    }
}

fn is_api_path(path: &str) -> bool {
    ["/v1", "/proxy/v1"]
        .iter()
        .any(|root| path == *root || path.starts_with(&format!("{root}/")))
}

/// Middleware recording API requests with the status they got.
pub async fn record(State(log): State<RequestsLog>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if request.method() == Method::OPTIONS || !is_api_path(&path) {
        return next.run(request).await;
    }
    let method = request.method().to_string();
    let headers = request.headers();
    let authorization = headers.contains_key(header::AUTHORIZATION);
    // `keys` yields each name once, already lower-case.
    let mut header_names: Vec<String> = headers.keys().map(|name| name.to_string()).collect();
    header_names.sort_unstable();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let at_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    let response = next.run(request).await;
    let status = if response.extensions().get::<DroppedConnection>().is_some() {
        0
    } else {
        response.status().as_u16()
    };
    log.push(RecordedRequest {
        method,
        path,
        status,
        authorization,
        header_names,
        content_type,
        at_ms,
    });
    response
}

#[derive(Debug, Deserialize)]
pub struct Filter {
    #[serde(default)]
    path_prefix: String,
}

#[derive(Debug, Serialize)]
pub struct Listing {
    requests: Vec<RecordedRequest>,
}

/// `GET /__devserver/requests?path_prefix=...` (no token: a development tool).
pub async fn list(
    State(log): State<RequestsLog>,
    filter: Result<Query<Filter>, QueryRejection>,
) -> Result<Json<Listing>, ApiError> {
    let Query(filter) = filter.map_err(|e| ApiError::bad_request("bad-query", e.body_text()))?;
    Ok(Json(Listing {
        requests: log.matching(&filter.path_prefix),
    }))
}

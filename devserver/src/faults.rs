//! Failures a job can rehearse, declared per job in the jobs file:
//!
//! ```toml
//! faults = { latency_ms = 300 }                          # added to every answer about the job
//! faults = { drop_polls = 1 }                            # connection dropped, no answer
//! faults = { unavailable = { polls = 2, retry_after_s = 1 } }   # 503 + Retry-After
//! faults = { rate_limited = { polls = 1, retry_after_s = 2 } }  # 429 + Retry-After
//! faults = { garbage_polls = 1 }                         # 200 with a body that is not JSON
//! faults = { unauthorized_polls = 1 }                    # 401, as an expired session
//! faults = { numbers_as_strings = true }                 # "duration": "26", like the docs
//! faults = { log_bytes = 10000000 }                      # the finished log has exactly this size
//! faults = { echo_authorization = true }                 # GETs answer 400 echoing Authorization
//! ```
//!
//! The poll faults count the GETs of each run (`.../runs/{id}`), starting at its first
//! GET. When several are declared they happen one after the other in the order
//! drop, 503, 429, garbage, 401; after them the run is answered normally.

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::error::ApiError;
use crate::util::DroppedConnection;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// Milliseconds added before every answer about this job.
    #[serde(default)]
    pub latency_ms: u64,
    /// The first N GETs of each run drop the connection without an answer.
    #[serde(default)]
    pub drop_polls: u32,
    /// Then N GETs answer 503 Service Unavailable with `Retry-After`.
    pub unavailable: Option<Refusal>,
    /// Then N GETs answer 429 Too Many Requests with `Retry-After`.
    pub rate_limited: Option<Refusal>,
    /// Then N GETs answer 200 with a body that is not JSON.
    #[serde(default)]
    pub garbage_polls: u32,
    /// Then N GETs answer 401, as a proxy does when the editor's session expired.
    #[serde(default)]
    pub unauthorized_polls: u32,
    /// `duration`, `created` and `changed` are sent as strings.
    #[serde(default)]
    pub numbers_as_strings: bool,
    /// The finished log is padded (or cut) to exactly this many bytes; this
    /// deliberately ignores the log cap.
    pub log_bytes: Option<usize>,
    /// Every GET of a run answers 400 with the request's `Authorization` header in its
    /// body, as a careless proxy might: clients must keep the token out of their errors.
    #[serde(default)]
    pub echo_authorization: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Refusal {
    pub polls: u32,
    #[serde(default = "one_second")]
    pub retry_after_s: u64,
}

fn one_second() -> u64 {
    1
}

/// What the n-th GET of a run gets instead of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollFault {
    Drop,
    Unavailable { retry_after_s: u64 },
    RateLimited { retry_after_s: u64 },
    Garbage,
    Unauthorized,
}

impl Faults {
    /// The fault for the GET with this 0-based index among the run's GETs, if any.
    pub fn poll_fault(&self, poll_index: u32) -> Option<PollFault> {
        let unavailable = self.unavailable.as_ref().map_or(0, |r| r.polls);
        let rate_limited = self.rate_limited.as_ref().map_or(0, |r| r.polls);
        let stages = [
            (self.drop_polls, PollFault::Drop),
            (
                unavailable,
                PollFault::Unavailable {
                    retry_after_s: self.unavailable.as_ref().map_or(1, |r| r.retry_after_s),
                },
            ),
            (
                rate_limited,
                PollFault::RateLimited {
                    retry_after_s: self.rate_limited.as_ref().map_or(1, |r| r.retry_after_s),
                },
            ),
            (self.garbage_polls, PollFault::Garbage),
            (self.unauthorized_polls, PollFault::Unauthorized),
        ];
        let mut end = 0u32;
        for (count, fault) in stages {
            end = end.saturating_add(count);
            if poll_index < end {
                return Some(fault);
            }
        }
        None
    }
}

/// The answer a poll fault gives instead of the run.
pub fn answer(fault: PollFault) -> Response {
    match fault {
        PollFault::Unavailable { retry_after_s } => refusal(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the service is briefly unavailable (rehearsed fault)",
            retry_after_s,
        ),
        PollFault::RateLimited { retry_after_s } => refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "rate-limited",
            "too many requests (rehearsed fault)",
            retry_after_s,
        ),
        PollFault::Garbage => (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            "<!doctype html><title>Maintenance</title><p>Back soon.</p>",
        )
            .into_response(),
        PollFault::Drop => dropped_connection(),
        PollFault::Unauthorized => {
            ApiError::unauthorized("the session has expired (rehearsed fault)").into_response()
        }
    }
}

/// The `echo_authorization` fault's answer: the header, twice, in an error body.
pub fn echo_authorization(headers: &axum::http::HeaderMap) -> Response {
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let message = format!("you sent Authorization: {sent} (rehearsed fault; again: {sent})");
    ApiError::new(StatusCode::BAD_REQUEST, "echo", message).into_response()
}

fn refusal(status: StatusCode, error: &'static str, message: &str, retry_after_s: u64) -> Response {
    let mut response = ApiError::new(status, error, message).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, retry_after_s.into());
    response
}

/// A response whose body fails before its first byte. hyper then closes the
/// connection without writing anything (not even the status line, which it only
/// buffers until the body's first frame), so the client sees the connection end
/// with no answer: curl says "Empty reply from server" and a browser's `fetch`
/// rejects with a network error (`TypeError: Failed to fetch`). That last part also
/// needs the connection to be fresh, which is why every answer closes its connection
/// (see `no_keep_alive` in lib.rs): on a reused keep-alive connection Chromium would
/// silently resend the GET and the page would never see the failure.
fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<axum::body::Bytes, _>(std::io::Error::other(
            "connection dropped on purpose (rehearsed fault)",
        ))
    });
    let mut response = Response::new(Body::from_stream(failing));
    response.extensions_mut().insert(DroppedConnection);
    response
}

/// The `log_bytes` fault: the job's own output, then filler lines, exactly `size`
/// bytes. Built when a run is read rather than stored, so big logs cost no memory
/// in the history.
pub fn log_of_size(mut log: String, size: usize) -> String {
    if log.len() > size {
        let mut end = size;
        while !log.is_char_boundary(end) {
            end -= 1;
        }
        log.truncate(end);
    }
    let mut line = 0u64;
    while log.len() < size {
        line += 1;
        let filler = format!("[notice] generated log line {line} of a large log\n");
        let room = size - log.len();
        log.push_str(&filler[..filler.len().min(room)]);
    }
    log
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poll_faults_happen_one_after_the_other() {
        let faults = Faults {
            drop_polls: 1,
            unavailable: Some(Refusal {
                polls: 2,
                retry_after_s: 3,
            }),
            garbage_polls: 1,
            unauthorized_polls: 1,
            ..Faults::default()
        };
        let seen: Vec<_> = (0..6).map(|i| faults.poll_fault(i)).collect();
        assert_eq!(
            seen,
            [
                Some(PollFault::Drop),
                Some(PollFault::Unavailable { retry_after_s: 3 }),
                Some(PollFault::Unavailable { retry_after_s: 3 }),
                Some(PollFault::Garbage),
                Some(PollFault::Unauthorized),
                None,
            ]
        );
    }

    #[test]
    fn no_faults_means_normal_answers() {
        assert_eq!(Faults::default().poll_fault(0), None);
    }

    #[test]
    fn log_of_size_is_exact() {
        assert_eq!(log_of_size("hi\n".into(), 1000).len(), 1000);
        assert_eq!(log_of_size("hi\n".into(), 2), "hi");
        // A character that does not fit is left out, and filler keeps the size exact.
        assert_eq!(log_of_size("é".into(), 1), "[");
        assert!(log_of_size("hi\n".into(), 100).starts_with("hi\n[notice]"));
    }
}

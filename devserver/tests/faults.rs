//! Each fault of the jobs file, as a client meets it.

mod common;

use std::time::{Duration, Instant};

use axum::http::{header, StatusCode};
use common::server;
use drush_io_devserver::Options;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn run_uri(job: &str, id: &str) -> String {
    format!("/v1/projects/test/jobs/{job}/runs/{id}")
}

#[tokio::test]
async fn unavailable_answers_503_with_retry_after_for_the_first_two_polls() {
    let server = server();
    let id = server.trigger("test", "unavailable", "").await;
    for _ in 0..2 {
        let answer = server.get(&run_uri("unavailable", &id)).await;
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(answer.headers[header::RETRY_AFTER], "1");
        assert_eq!(answer.error_kind(), "unavailable");
    }
    let third = server.get(&run_uri("unavailable", &id)).await;
    assert_eq!(third.status, StatusCode::OK);
    assert_eq!(third.json()["id"], id.as_str());
    // Counted per run: a new run starts over.
    let next = server.trigger("test", "unavailable", "").await;
    let first_of_next = server.get(&run_uri("unavailable", &next)).await;
    assert_eq!(first_of_next.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn rate_limited_answers_429_with_retry_after_once() {
    let server = server();
    let id = server.trigger("test", "rate-limited", "").await;
    let first = server.get(&run_uri("rate-limited", &id)).await;
    assert_eq!(first.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(first.headers[header::RETRY_AFTER], "2");
    assert_eq!(first.error_kind(), "rate-limited");
    let second = server.get(&run_uri("rate-limited", &id)).await;
    assert_eq!(second.status, StatusCode::OK);
}

#[tokio::test]
async fn garbage_answers_200_with_a_body_that_is_not_json_once() {
    let server = server();
    let id = server.trigger("test", "garbage", "").await;
    let first = server.get(&run_uri("garbage", &id)).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(serde_json::from_slice::<serde_json::Value>(&first.body).is_err());
    let second = server.get(&run_uri("garbage", &id)).await;
    assert_eq!(second.json()["id"], id.as_str());
}

#[tokio::test]
async fn drop_gives_a_body_that_fails_in_process_and_is_logged_as_0() {
    let server = server();
    let id = server.trigger("test", "drop", "").await;
    let response = tower::ServiceExt::oneshot(
        server.router.clone(),
        server
            .authed(axum::http::Method::GET, &run_uri("drop", &id))
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert!(axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .is_err());
    let second = server.get(&run_uri("drop", &id)).await;
    assert_eq!(second.status, StatusCode::OK);
    let statuses: Vec<_> = server
        .requests(&run_uri("drop", &id))
        .await
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(statuses, [0, 200]);
}

/// Over a real socket the client gets not a single byte, then the connection ends.
#[tokio::test]
async fn drop_closes_the_connection_without_an_answer() {
    let (server, addr) = common::listening(Options::default()).await;
    let id = server.trigger("test", "drop", "").await;

    let raw_get = |token: &str| {
        format!(
            "GET {} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n",
            run_uri("drop", &id)
        )
    };
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(raw_get(&server.token).as_bytes())
        .await
        .unwrap();
    let mut received = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut received))
        .await
        .expect("the server closes the connection");
    // Either a clean close or a reset: in both cases no HTTP answer at all.
    assert!(
        read.is_err() || received.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&received)
    );

    // The next poll is answered normally over a new connection.
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(raw_get(&server.token).as_bytes())
        .await
        .unwrap();
    let mut received = Vec::new();
    stream.read_to_end(&mut received).await.unwrap();
    assert!(String::from_utf8_lossy(&received).starts_with("HTTP/1.1 200 OK"));
}

#[tokio::test]
async fn strings_sends_numbers_as_strings_like_the_docs() {
    let server = server();
    let created = server
        .post("/v1/projects/test/jobs/strings/runs", "")
        .await
        .json();
    assert_eq!(created["duration"], "0");
    assert!(created["created"].as_str().unwrap().parse::<u64>().is_ok());
    let id = created["id"].as_str().unwrap();
    let run = server.wait_finished("test", "strings", id).await;
    assert_eq!(run["status"], "complete");
    assert!(run["duration"].is_string());
    assert!(run["changed"].as_str().unwrap().parse::<u64>().is_ok());
    assert!(run["log"].as_str().unwrap().contains("[Exit: 0]"));
}

#[tokio::test]
async fn big_log_has_exactly_the_declared_size() {
    let server = server();
    let id = server.trigger("test", "big-log", "").await;
    let run = server.wait_finished("test", "big-log", &id).await;
    let log = run["log"].as_str().unwrap();
    assert_eq!(log.len(), 10_000_000);
    assert!(log.starts_with("start of a big log\n"));
}

#[tokio::test]
async fn latency_delays_every_answer_about_the_job() {
    let server = server();
    // A lower bound only: the fault sleeps at least this long before answering.
    let started = Instant::now();
    let id = server.trigger("test", "latency", "").await;
    server.get(&run_uri("latency", &id)).await;
    assert!(started.elapsed() >= Duration::from_millis(600));
    // Other jobs are not slowed down: not asserted, since that would be a timing claim.
}

#[tokio::test]
async fn echo_authorization_puts_the_header_in_a_400_body_and_logs_arrival_times() {
    let server = server();
    let id = server.trigger("test", "echo-authorization", "").await;
    let answer = server.get(&run_uri("echo-authorization", &id)).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error_kind(), "echo");
    let sent = server
        .authed(axum::http::Method::GET, "/")
        .body(axum::body::Body::empty())
        .unwrap();
    let authorization = sent.headers()[header::AUTHORIZATION].to_str().unwrap();
    let message = answer.json()["message"].as_str().unwrap().to_owned();
    assert_eq!(message.matches(authorization).count(), 2, "{message}");
    let logged = server.requests(&run_uri("echo-authorization", &id)).await;
    assert!(logged[0]["at_ms"].as_u64().unwrap() > 1_700_000_000_000);
}

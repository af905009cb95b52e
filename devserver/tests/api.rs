//! Every route and status code of the API, in-process.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{server, server_with};
use drush_io_devserver::api::BODY_LIMIT_BYTES;
use drush_io_devserver::auth::Auth;
use drush_io_devserver::Options;

#[tokio::test]
async fn trigger_answers_201_with_a_queued_run_object() {
    let server = server();
    let answer = server.post("/v1/projects/test/jobs/ok/runs", "").await;
    assert_eq!(answer.status, StatusCode::CREATED);
    assert!(answer.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let run = answer.json();
    assert_eq!(run["status"], "queued");
    assert!(!run["id"].as_str().unwrap().is_empty());
    assert_eq!(run["duration"], 0);
    assert!(run["created"].as_u64().unwrap() > 1_600_000_000);
    assert_eq!(run["created"], run["changed"]);
    assert!(run.get("log").is_none());
}

#[tokio::test]
async fn read_run_answers_200_with_the_same_run() {
    let server = server();
    let id = server.trigger("test", "ok", "").await;
    let answer = server
        .get(&format!("/v1/projects/test/jobs/ok/runs/{id}"))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["id"], id.as_str());
}

#[tokio::test]
async fn project_and_job_are_found_by_machine_name_or_id() {
    let server = server();
    let project_id = "11111111-1111-4111-8111-111111111111";
    let job = server.get("/v1/projects/test/jobs/vars").await;
    assert_eq!(job.status, StatusCode::OK);
    let job = job.json();
    assert_eq!(job["name"], "vars");
    assert_eq!(job["project"]["id"], project_id);
    assert_eq!(job["variables"]["GREETING"], "hello");
    assert_eq!(job["variables"]["TARGET"], "world");

    let job_id = job["id"].as_str().unwrap();
    let by_ids = server
        .get(&format!("/v1/projects/{project_id}/jobs/{job_id}"))
        .await;
    assert_eq!(by_ids.status, StatusCode::OK);
    assert_eq!(by_ids.json()["name"], "vars");

    let id = server.trigger(project_id, job_id, "").await;
    // A run triggered by IDs is readable by names.
    let run = server
        .get(&format!("/v1/projects/test/jobs/vars/runs/{id}"))
        .await;
    assert_eq!(run.status, StatusCode::OK);

    let project = server.get("/v1/projects/test").await;
    assert_eq!(project.status, StatusCode::OK);
    let names: Vec<_> = project.json()["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(names.contains(&"ok".to_owned()) && names.contains(&"drop".to_owned()));
}

#[tokio::test]
async fn project_runs_are_listed_newest_first() {
    let server = server();
    let first = server.trigger("test", "ok", "").await;
    let second = server.trigger("test", "fail", "").await;
    let other_project = server.trigger("extra", "leak-check", "").await;
    let answer = server.get("/v1/projects/test/runs").await;
    assert_eq!(answer.status, StatusCode::OK);
    let ids: Vec<_> = answer.json()["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, [second, first]);
    assert!(!ids.contains(&other_project));
}

#[tokio::test]
async fn missing_or_bad_tokens_get_401_json() {
    let server = server();
    let uri = "/v1/projects/test/jobs/ok/runs";
    let foreign = Auth::from_secret(b"another secret")
        .unwrap()
        .issue("x")
        .unwrap();
    let cases = [
        None,
        Some("Bearer not-a-jwt".to_owned()),
        Some(format!("Bearer {foreign}")),
        Some(format!("Basic {}", server.token)),
        Some("Bearer ".to_owned()),
    ];
    for authorization in cases {
        let mut request = Request::post(uri);
        if let Some(value) = &authorization {
            request = request.header(header::AUTHORIZATION, value);
        }
        let answer = server.send(request.body(Body::empty()).unwrap()).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{authorization:?}");
        assert_eq!(answer.error_kind(), "unauthorized");
        assert!(answer.json()["message"].as_str().unwrap().len() > 5);
    }
    // No run was queued by any of them.
    let runs = server.get("/v1/projects/test/runs").await.json();
    assert_eq!(runs["runs"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn unknown_route_without_token_is_401_and_with_token_404() {
    let server = server();
    let anonymous = server
        .send(Request::get("/v1/nowhere").body(Body::empty()).unwrap())
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let answer = server.get("/v1/nowhere").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.error_kind(), "not-found");
}

#[tokio::test]
async fn unknown_project_job_or_run_get_404_json() {
    let server = server();
    let ok_run = server.trigger("test", "ok", "").await;
    let cases = [
        "/v1/projects/nope/jobs/ok".to_owned(),
        "/v1/projects/nope/runs".to_owned(),
        "/v1/projects/test/jobs/nope".to_owned(),
        "/v1/projects/test/jobs/ok/runs/00000000-0000-4000-8000-000000000000".to_owned(),
        // A real run, asked for under another job.
        format!("/v1/projects/test/jobs/fail/runs/{ok_run}"),
        // Percent-encoded slashes stay inside one segment: no such job.
        "/v1/projects/test/jobs/ok%2Fruns".to_owned(),
    ];
    for uri in &cases {
        let answer = server.get(uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(answer.error_kind(), "not-found", "{uri}");
    }
    let post = server.post("/v1/projects/test/jobs/nope/runs", "").await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_bodies_get_400_json_and_queue_nothing() {
    let server = server();
    let cases = [
        ("{", "bad-json"),
        ("[1, 2]", "bad-json"),
        ("\"env\"", "bad-json"),
        (r#"{"env": [1]}"#, "bad-json"),
        // openapi.json: `env`, when present, is an object, and null is none.
        (r#"{"env": null}"#, "bad-json"),
        (r#"{"env": {"GREETING": ["a"]}}"#, "bad-json"),
        (r#"{"env": {"GREETING": {"a": 1}}}"#, "bad-json"),
        (r#"{"env": {"NOT_DECLARED": "x"}}"#, "undeclared-variable"),
        (r#"{"env": {"1BAD": "x"}}"#, "invalid-variable-name"),
        (r#"{"env": {"BAD-NAME": "x"}}"#, "invalid-variable-name"),
        (r#"{"env": {"": "x"}}"#, "invalid-variable-name"),
    ];
    for (body, kind) in cases {
        let answer = server.post("/v1/projects/test/jobs/vars/runs", body).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(answer.error_kind(), kind, "{body}");
    }
    let runs = server.get("/v1/projects/test/runs").await.json();
    assert_eq!(runs["runs"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn bodies_up_to_64_kib_pass_and_larger_ones_get_413() {
    let server = server();
    let uri = "/v1/projects/test/jobs/vars/runs";
    let json = r#"{"env": {}}"#;
    let just_fits = format!("{json}{}", " ".repeat(BODY_LIMIT_BYTES - json.len()));
    assert_eq!(just_fits.len(), 64 * 1024);
    assert_eq!(
        server.post(uri, &just_fits).await.status,
        StatusCode::CREATED
    );

    let too_big = format!("{just_fits} ");
    let answer = server.post(uri, &too_big).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.error_kind(), "payload-too-large");

    // Also when the size is not announced up front (a streamed body).
    let chunks: Vec<Result<String, std::io::Error>> = vec![Ok(just_fits), Ok("  ".to_owned())];
    let request = server
        .authed(Method::POST, uri)
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .unwrap();
    let answer = server.send(request).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.error_kind(), "payload-too-large");
}

#[tokio::test]
async fn wrong_method_gets_405_json() {
    let server = server();
    let answer = server
        .send(
            server
                .authed(Method::DELETE, "/v1/projects/test/jobs/ok/runs")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.error_kind(), "method-not-allowed");
}

#[tokio::test]
async fn cors_preflight_allows_an_allowed_origin_with_authorization() {
    let server = test_page_server();
    let request = Request::builder()
        .method(Method::OPTIONS)
        .uri("/v1/projects/test/jobs/ok/runs")
        .header(header::ORIGIN, "http://127.0.0.1:9999")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type",
        )
        .body(Body::empty())
        .unwrap();
    let answer = server.send(request).await;
    assert!(answer.status.is_success(), "{}", answer.status);
    let get = |name| answer.headers[name].to_str().unwrap().to_ascii_lowercase();
    assert_eq!(
        get(header::ACCESS_CONTROL_ALLOW_ORIGIN),
        "http://127.0.0.1:9999"
    );
    assert!(get(header::ACCESS_CONTROL_ALLOW_HEADERS).contains("authorization"));
    assert!(get(header::ACCESS_CONTROL_ALLOW_METHODS).contains("post"));

    // The real request then carries the CORS answer and exposes Retry-After.
    let actual = server
        .send(
            server
                .authed(Method::POST, "/v1/projects/test/jobs/ok/runs")
                .header(header::ORIGIN, "http://127.0.0.1:9999")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(actual.status, StatusCode::CREATED);
    assert_eq!(
        actual.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://127.0.0.1:9999"
    );
    assert!(actual.headers[header::ACCESS_CONTROL_EXPOSE_HEADERS]
        .to_str()
        .unwrap()
        .to_ascii_lowercase()
        .contains("retry-after"));
}

#[tokio::test]
async fn errors_carry_cors_headers_too() {
    let server = test_page_server();
    let answer = server
        .send(
            Request::get("/v1/projects/test/jobs/ok")
                .header(header::ORIGIN, "http://127.0.0.1:9999")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        answer.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://127.0.0.1:9999"
    );
}

/// As the browser tests run it: their page is on another port, given with --allow-origin.
fn test_page_server() -> common::TestServer {
    server_with(Options {
        allow_origins: vec!["http://127.0.0.1:9999".into()],
        ..Options::default()
    })
}

#[tokio::test]
async fn every_answer_closes_its_connection() {
    // Keeps browsers from silently resending a dropped request (see faults.rs).
    let server = server();
    let created = server.post("/v1/projects/test/jobs/ok/runs", "").await;
    let refused = server
        .send(
            Request::get("/v1/projects/test")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let log = server
        .send(
            Request::get("/__devserver/requests")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    for answer in [created, refused, log] {
        assert_eq!(answer.headers[header::CONNECTION], "close");
    }
}

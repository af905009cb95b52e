//! Runs execute for real: logs, exit statuses, variables, FIFO order per job,
//! timeouts, log cap, bounded history and shutdown.

mod common;

use axum::http::StatusCode;
use common::{server, server_with};
use drush_io_devserver::Options;

#[tokio::test]
async fn a_successful_job_ends_complete_with_its_log() {
    let server = server();
    let id = server.trigger("test", "ok", "").await;
    let run = server.wait_finished("test", "ok", &id).await;
    assert_eq!(run["status"], "complete");
    assert_eq!(run["log"], "hello from ok\n");
    assert!(run["duration"].is_u64());
    assert!(run["changed"].as_u64() >= run["created"].as_u64());
}

#[tokio::test]
async fn a_failing_job_ends_error_with_its_stderr() {
    let server = server();
    let id = server.trigger("test", "fail", "").await;
    let run = server.wait_finished("test", "fail", &id).await;
    assert_eq!(run["status"], "error");
    assert_eq!(run["log"], "about to fail\n");
}

#[tokio::test]
async fn a_command_that_cannot_start_ends_error_with_a_reason() {
    let server = server();
    let id = server.trigger("extra", "missing-program", "").await;
    let run = server.wait_finished("extra", "missing-program", &id).await;
    assert_eq!(run["status"], "error");
    assert!(run["log"].as_str().unwrap().contains("could not start"));
}

#[tokio::test]
async fn the_status_moves_through_running_to_complete() {
    let server = server();
    let id = server.trigger("test", "slow", "").await;
    let running = server
        .wait_for("test", "slow", &id, |run| run["status"] == "running")
        .await;
    // The log only appears once the run is finished, as documented.
    assert!(running.get("log").is_none());
    let done = server.wait_finished("test", "slow", &id).await;
    assert_eq!(done["status"], "complete");
    assert!(done["log"].as_str().unwrap().contains("step 4 of 4"));
    assert!(done["duration"].as_u64().unwrap() >= 3, "{done}");
}

#[tokio::test]
async fn variables_reach_the_job_with_defaults_for_the_rest() {
    let server = server();
    let defaults = server.trigger("test", "vars", "").await;
    let given = server
        .trigger("test", "vars", r#"{"env": {"TARGET": "drush.io"}}"#)
        .await;
    let number = server
        .trigger("test", "vars", r#"{"env": {"GREETING": 42}}"#)
        .await;
    let log = |run: serde_json::Value| run["log"].as_str().unwrap().to_owned();
    assert_eq!(
        log(server.wait_finished("test", "vars", &defaults).await),
        "hello, world!\n"
    );
    assert_eq!(
        log(server.wait_finished("test", "vars", &given).await),
        "hello, drush.io!\n"
    );
    assert_eq!(
        log(server.wait_finished("test", "vars", &number).await),
        "42, world!\n"
    );
}

#[tokio::test]
async fn an_undeclared_variable_is_refused_and_the_server_environment_stays_out() {
    let server = server();
    let refused = server
        .post(
            "/v1/projects/extra/jobs/leak-check/runs",
            r#"{"env": {"CARGO_MANIFEST_DIR": "/tmp"}}"#,
        )
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.error_kind(), "undeclared-variable");

    // The test process has CARGO_MANIFEST_DIR set; the job must not see it.
    assert!(std::env::var_os("CARGO_MANIFEST_DIR").is_some());
    let id = server
        .trigger("extra", "leak-check", r#"{"env": {"SITE": "www"}}"#)
        .await;
    let run = server.wait_finished("extra", "leak-check", &id).await;
    assert_eq!(run["log"], "manifest=unset site=www\n");
}

#[tokio::test]
async fn runs_of_one_job_run_one_at_a_time_in_fifo_order() {
    let server = server();
    let dir = std::env::temp_dir().join(format!("devserver-gates-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let gate = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    let body = |name: &str| format!(r#"{{"env": {{"GATE": "{}"}}}}"#, gate(name));

    let first = server.trigger("extra", "gate", &body("first")).await;
    let second = server.trigger("extra", "gate", &body("second")).await;
    server
        .wait_for("extra", "gate", &first, |run| run["status"] == "running")
        .await;
    // The first run cannot end before its gate opens, so the second honestly waits.
    let waiting = server
        .get(&format!("/v1/projects/extra/jobs/gate/runs/{second}"))
        .await
        .json();
    assert_eq!(waiting["status"], "queued");
    assert_eq!(waiting["duration"], 0);

    std::fs::write(gate("first"), "").unwrap();
    server
        .wait_for("extra", "gate", &second, |run| run["status"] == "running")
        .await;
    let first_run = server.wait_finished("extra", "gate", &first).await;
    assert_eq!(first_run["status"], "complete");

    std::fs::write(gate("second"), "").unwrap();
    let second_run = server.wait_finished("extra", "gate", &second).await;
    assert_eq!(second_run["status"], "complete");
    assert!(second_run["log"].as_str().unwrap().contains("second"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn jobs_with_the_same_id_in_two_projects_stay_apart() {
    let server = server();
    let extra = server.trigger("extra", "same-id-elsewhere", "").await;
    let other = server.trigger("other", "same-id-elsewhere", "").await;
    let extra_run = server.wait_finished("extra", "twin", &extra).await;
    let other_run = server.wait_finished("other", "twin", &other).await;
    assert_eq!(extra_run["log"], "twin of extra\n");
    assert_eq!(other_run["log"], "twin of other\n");
    // A run is only found under its own project.
    let crossed = server
        .get(&format!("/v1/projects/other/jobs/twin/runs/{extra}"))
        .await;
    assert_eq!(crossed.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_job_past_its_timeout_ends_error() {
    let server = server();
    let id = server.trigger("extra", "short-timeout", "").await;
    let run = server.wait_finished("extra", "short-timeout", &id).await;
    assert_eq!(run["status"], "error");
    let log = run["log"].as_str().unwrap();
    assert!(log.starts_with("before\n"), "{log}");
    assert!(log.contains("timed out after 1 s"), "{log}");
    assert!(!log.contains("never"), "{log}");
}

#[tokio::test]
async fn logs_are_cut_at_the_jobs_limit() {
    let server = server();
    let id = server.trigger("extra", "chatty", "").await;
    let run = server.wait_finished("extra", "chatty", &id).await;
    assert_eq!(run["status"], "complete");
    let log = run["log"].as_str().unwrap();
    let (kept, note) = log.split_at(100);
    assert!(kept.starts_with("line of forty bytes"), "{log}");
    assert!(note.contains("log cut at 100 bytes"), "{log}");
    assert!(log.len() < 250, "{}", log.len());
}

#[tokio::test]
async fn history_is_bounded_and_the_oldest_runs_are_forgotten() {
    let server = server_with(Options {
        history_limit: 2,
        ..Options::default()
    });
    let oldest = server.trigger("test", "vars", "").await;
    let middle = server.trigger("test", "vars", "").await;
    let newest = server.trigger("test", "vars", "").await;
    let read = |id: &str| format!("/v1/projects/test/jobs/vars/runs/{id}");
    assert_eq!(
        server.get(&read(&oldest)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(server.get(&read(&middle)).await.status, StatusCode::OK);
    assert_eq!(server.get(&read(&newest)).await.status, StatusCode::OK);
    assert_eq!(server.state.runs().len(), 2);
    // The newest still runs to its end although the oldest was dropped from the queue.
    let run = server.wait_finished("test", "vars", &newest).await;
    assert_eq!(run["status"], "complete");
}

#[tokio::test]
async fn shutting_down_ends_running_commands() {
    let server = server();
    let id = server.trigger("extra", "sleepy", "").await;
    server
        .wait_for("extra", "sleepy", &id, |run| run["status"] == "running")
        .await;
    server
        .state
        .shut_down(std::time::Duration::from_secs(10))
        .await;
    let run = server
        .get(&format!("/v1/projects/extra/jobs/sleepy/runs/{id}"))
        .await
        .json();
    assert_eq!(run["status"], "error");
    let log = run["log"].as_str().unwrap();
    assert!(log.starts_with("started\n"), "{log}");
    assert!(log.contains("shut down"), "{log}");
    // No new run is accepted once the workers are gone.
    let late = server.post("/v1/projects/test/jobs/ok/runs", "").await;
    assert_eq!(late.status, StatusCode::SERVICE_UNAVAILABLE);
}

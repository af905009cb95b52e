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
    let gates = Scratch::new();
    let body = |name: &str| gates.env("GATE", name);

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

    gates.create("first");
    server
        .wait_for("extra", "gate", &second, |run| run["status"] == "running")
        .await;
    let first_run = server.wait_finished("extra", "gate", &first).await;
    assert_eq!(first_run["status"], "complete");

    gates.create("second");
    let second_run = server.wait_finished("extra", "gate", &second).await;
    assert_eq!(second_run["status"], "complete");
    assert!(second_run["log"].as_str().unwrap().contains("second"));
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
async fn history_forgets_the_oldest_finished_runs_and_never_a_waiting_one() {
    let server = server_with(Options {
        history_limit: 2,
        ..Options::default()
    });
    let gates = Scratch::new();
    let first = server
        .trigger("extra", "gate", &gates.env("GATE", "first"))
        .await;
    let second = server
        .trigger("extra", "gate", &gates.env("GATE", "second"))
        .await;
    let third = server
        .trigger("extra", "gate", &gates.env("GATE", "third"))
        .await;
    let read = |id: &str| format!("/v1/projects/extra/jobs/gate/runs/{id}");
    // Over the limit, but one run is running and two are queued: all are kept.
    assert_eq!(server.state.runs().len(), 3);
    for id in [&first, &second, &third] {
        assert_eq!(server.get(&read(id)).await.status, StatusCode::OK);
    }
    for name in ["first", "second", "third"] {
        gates.create(name);
    }
    let run = server.wait_finished("extra", "gate", &third).await;
    assert_eq!(run["status"], "complete");

    // The next run makes room by forgetting the oldest finished ones.
    let fourth = server.trigger("test", "ok", "").await;
    assert_eq!(
        server.get(&read(&first)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        server.get(&read(&second)).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(server.get(&read(&third)).await.status, StatusCode::OK);
    let run = server.wait_finished("test", "ok", &fourth).await;
    assert_eq!(run["status"], "complete");
    assert_eq!(server.state.runs().len(), 2);
}

#[tokio::test]
async fn shutting_down_ends_running_and_queued_runs_and_refuses_new_ones() {
    let server = server();
    let id = server.trigger("extra", "sleepy", "").await;
    let queued = server.trigger("extra", "sleepy", "").await;
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
    let never_started = server
        .get(&format!("/v1/projects/extra/jobs/sleepy/runs/{queued}"))
        .await
        .json();
    assert_eq!(never_started["status"], "error");
    assert!(never_started["log"]
        .as_str()
        .unwrap()
        .contains("shut down before this run started"));

    // A POST during shutdown gets 503 and creates no run at all.
    let late = server.post("/v1/projects/test/jobs/ok/runs", "").await;
    assert_eq!(late.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(late.error_kind(), "shutting-down");
    assert_eq!(server.state.runs().len(), 2);
    let listed = server.get("/v1/projects/test/runs").await.json();
    assert_eq!(listed["runs"], serde_json::json!([]));
}

#[tokio::test]
async fn background_processes_in_the_group_end_with_the_command() {
    let server = server();
    let id = server.trigger("extra", "background", "").await;
    let run = server.wait_finished("extra", "background", &id).await;
    assert_eq!(run["status"], "complete");
    // Read to its end: the `sleep 60` left behind was ended with the group.
    assert_eq!(run["log"], "left\n");
}

#[tokio::test]
async fn a_process_that_escaped_the_group_does_not_hold_the_run() {
    let server = server();
    let escaped = Scratch::new();
    let id = server
        .trigger("extra", "escapes", &escaped.env("PIDFILE", "one"))
        .await;
    let run = server.wait_finished("extra", "escapes", &id).await;
    assert_eq!(run["status"], "complete");
    let log = run["log"].as_str().unwrap();
    assert!(log.starts_with("left\n"), "{log}");
    assert!(log.contains("still holds its output"), "{log}");
    // The worker goes on to the next run of the job.
    let next = server
        .trigger("extra", "escapes", &escaped.env("PIDFILE", "two"))
        .await;
    let run = server.wait_finished("extra", "escapes", &next).await;
    assert_eq!(run["status"], "complete");
}

#[tokio::test]
async fn a_job_waiting_on_an_escaped_process_still_ends_at_its_timeout() {
    let server = server();
    let escaped = Scratch::new();
    let first = server
        .trigger("extra", "escapes-and-waits", &escaped.env("PIDFILE", "one"))
        .await;
    let second = server
        .trigger("extra", "escapes-and-waits", &escaped.env("PIDFILE", "two"))
        .await;
    for id in [first, second] {
        let run = server
            .wait_finished("extra", "escapes-and-waits", &id)
            .await;
        assert_eq!(run["status"], "error");
        let log = run["log"].as_str().unwrap();
        assert!(log.contains("timed out after 3 s"), "{log}");
        assert!(log.contains("still holds its output"), "{log}");
    }
}

/// A directory of files for one test's jobs (the gates `gate` waits for, the PID files
/// of the `escapes` jobs), removed when the test ends, together with the processes
/// whose PIDs its files hold.
struct Scratch(std::path::PathBuf);

impl Scratch {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("devserver-scratch-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    /// A trigger body setting `variable` to the path of file `name`.
    fn env(&self, variable: &str, name: &str) -> String {
        serde_json::json!({ "env": { variable: self.0.join(name) } }).to_string()
    }

    fn create(&self, name: &str) {
        std::fs::write(self.0.join(name), "").unwrap();
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        for entry in std::fs::read_dir(&self.0).into_iter().flatten().flatten() {
            let pid = std::fs::read_to_string(entry.path()).unwrap_or_default();
            if let Ok(pid) = pid.trim().parse::<i32>() {
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
        }
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

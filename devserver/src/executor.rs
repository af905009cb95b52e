//! Runs jobs for real: one worker per job takes its runs in FIFO order and runs
//! each command as a child process.
//!
//! The child gets only the job's declared variables plus a minimal `PATH` and
//! `HOME` (no variable of the server leaks in). It runs in its own process group,
//! so a timeout or a shutdown ends the whole command (`sh -c "sleep 20"` included),
//! and stray background processes end with the run. A process that escaped the group
//! (`setsid`) is out of reach, but it cannot hold the run: once the command has ended,
//! its output is read for one more second at most. Runs still queued at shutdown end
//! as `error`.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::jobs::Job;
use crate::runs::{RunStore, Status};
use crate::util::lock;

const CHILD_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// How long the output is still read once the command has ended (see `wait_then_read`).
const OUTPUT_GRACE: Duration = Duration::from_secs(1);

/// Starts the worker of one job; send it run IDs to execute.
pub fn spawn_worker(
    job: Arc<Job>,
    store: Arc<Mutex<RunStore>>,
    shutdown: CancellationToken,
    tasks: &TaskTracker,
) -> mpsc::UnboundedSender<String> {
    let (sender, mut receiver) = mpsc::unbounded_channel::<String>();
    tasks.spawn(async move {
        loop {
            let run_id = tokio::select! {
                biased;
                () = shutdown.cancelled() => break,
                next = receiver.recv() => match next {
                    Some(id) => id,
                    None => break,
                },
            };
            execute_run(&job, &store, &run_id, &shutdown).await;
        }
        // Runs still waiting will never start: they end now rather than stay `queued`.
        // Closing first makes any later send fail, so none can slip in behind.
        receiver.close();
        while let Ok(run_id) = receiver.try_recv() {
            if let Some(run) = lock(&store).get_mut(&run_id) {
                run.finish(
                    Status::Error,
                    "[devserver] the server shut down before this run started\n".to_owned(),
                );
            }
        }
    });
    sender
}

async fn execute_run(
    job: &Job,
    store: &Mutex<RunStore>,
    run_id: &str,
    shutdown: &CancellationToken,
) {
    let env = {
        let mut runs = lock(store);
        // The run may have left the bounded history while it waited.
        let Some(run) = runs.get_mut(run_id) else {
            return;
        };
        run.start();
        run.env.clone()
    };
    tracing::info!(job = %job.name, run = %run_id, "run started");
    let outcome = run_command(job, &env, shutdown).await;
    let log = outcome.log;
    let status = if outcome.success {
        Status::Complete
    } else {
        Status::Error
    };
    tracing::info!(job = %job.name, run = %run_id, ?status, "run finished");
    if let Some(run) = lock(store).get_mut(run_id) {
        run.finish(status, log);
    }
}

struct Outcome {
    success: bool,
    log: String,
}

async fn run_command(
    job: &Job,
    env: &BTreeMap<String, String>,
    shutdown: &CancellationToken,
) -> Outcome {
    let mut command = Command::new(&job.command[0]);
    command
        .args(&job.command[1..])
        .env_clear()
        .env("PATH", CHILD_PATH)
        .env("HOME", std::env::temp_dir())
        .envs(env)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            return Outcome {
                success: false,
                log: format!("[devserver] could not start `{}`: {e}\n", job.command[0]),
            }
        }
    };
    let group = child.id();
    let log = Mutex::new(LogBuffer::new(job.log_limit_bytes));
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();

    let wait = async {
        let result = tokio::select! {
            waited = tokio::time::timeout(job.timeout, child.wait()) => match waited {
                Ok(Ok(status)) => Ok(status.success()),
                Ok(Err(e)) => Err(format!("[devserver] waiting for the command failed: {e}\n")),
                Err(_) => Err(format!(
                    "[devserver] timed out after {} s; the command was stopped\n",
                    job.timeout.as_secs()
                )),
            },
            () = shutdown.cancelled() => Err("[devserver] the server shut down; the command was stopped\n".to_owned()),
        };
        // Ends what is left of the command (also what it left in the background), so
        // the pipes close and the log is complete.
        if let Some(pid) = group {
            kill_group(pid);
        }
        let _ = child.wait().await;
        result
    };
    let output = async {
        tokio::join!(drain(stdout, &log), drain(stderr, &log));
    };
    let (result, complete) = wait_then_read(wait, output).await;

    let mut text = lock(&log).take_text();
    if !complete {
        text.push_str("[devserver] a process the command started outside its process group still holds its output; the rest is not read\n");
    }
    let success = match result {
        Ok(success) => success,
        Err(note) => {
            text.push_str(&note);
            false
        }
    };
    Outcome { success, log: text }
}

/// Once the command's process group has ended, the output pipes reach their end at
/// once, unless a process that left the group (`setsid`) still holds them: reading
/// then stops after `OUTPUT_GRACE`, so the run ends and the worker goes on. Returns
/// the command's result and whether the output was read to its end.
async fn wait_then_read<T>(
    wait: impl std::future::Future<Output = T>,
    output: impl std::future::Future<Output = ()>,
) -> (T, bool) {
    tokio::pin!(wait, output);
    let mut complete = false;
    let result = loop {
        tokio::select! {
            result = &mut wait => break result,
            () = &mut output, if !complete => complete = true,
        }
    };
    if !complete {
        complete = tokio::time::timeout(OUTPUT_GRACE, output).await.is_ok();
    }
    (result, complete)
}

fn kill_group(pid: u32) {
    use nix::sys::signal::{killpg, Signal};
    use nix::unistd::Pid;
    if let Ok(pid) = i32::try_from(pid) {
        // ESRCH (nothing left to end) is the usual answer after a clean exit.
        let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
    }
}

async fn drain(pipe: Option<impl AsyncRead + Unpin>, log: &Mutex<LogBuffer>) {
    let Some(mut pipe) = pipe else { return };
    let mut chunk = [0u8; 8192];
    loop {
        match pipe.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => lock(log).push(&chunk[..n]),
        }
    }
}

/// stdout and stderr in arrival order, kept up to a limit; the rest is counted.
pub struct LogBuffer {
    bytes: Vec<u8>,
    limit: usize,
    dropped: usize,
}

impl LogBuffer {
    pub fn new(limit: usize) -> Self {
        Self {
            bytes: Vec::new(),
            limit,
            dropped: 0,
        }
    }

    pub fn push(&mut self, chunk: &[u8]) {
        let room = self.limit.saturating_sub(self.bytes.len());
        let kept = chunk.len().min(room);
        self.bytes.extend_from_slice(&chunk[..kept]);
        self.dropped += chunk.len() - kept;
    }

    pub fn take_text(&mut self) -> String {
        let mut text = String::from_utf8_lossy(&self.bytes).into_owned();
        if self.dropped > 0 {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(&format!(
                "[devserver] log cut at {} bytes; {} more bytes were not kept\n",
                self.limit, self.dropped
            ));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_buffer_keeps_the_start_and_says_what_it_cut() {
        let mut log = LogBuffer::new(10);
        log.push(b"0123456");
        log.push(b"789abcdef");
        let text = log.take_text();
        assert!(text.starts_with("0123456789\n"), "{text}");
        assert!(text.contains("6 more bytes"), "{text}");
    }
}

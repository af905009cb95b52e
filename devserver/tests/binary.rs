//! The binary as scripts use it: `token`, then `serve` on a free port with a ready
//! file, one API call with that token, and a clean exit on SIGTERM.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BINARY: &str = env!("CARGO_BIN_EXE_drush-io-devserver");

fn jobs_file() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/jobs.toml")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn token_prints_one_token_and_creates_a_private_secret() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("devserver-cli-{}", uuid::Uuid::new_v4()));
    let secret = dir.join("secret");
    let output = Command::new(BINARY)
        .args(["token", "--name", "chatbot integration", "--secret-file"])
        .arg(&secret)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<_> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert_eq!(lines[0].split('.').count(), 3, "a JWT: {stdout}");
    let mode = std::fs::metadata(&secret).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    std::fs::remove_dir_all(dir).unwrap();
}

/// A `serve` process started as the scripts start it, with a fresh secret and ready file.
struct Served {
    process: tokio::process::Child,
    dir: PathBuf,
    base: String,
    /// `host:port` of `base`.
    addr: String,
    token: String,
}

impl Served {
    async fn start(extra: &[&str]) -> Self {
        let dir = std::env::temp_dir().join(format!("devserver-cli-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let token = Command::new(BINARY)
            .args(["token", "--secret-file"])
            .arg(dir.join("secret"))
            .output()
            .unwrap();
        let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();
        let process = serve_command(&dir, extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut base = String::new();
        for _ in 0..600 {
            if let Ok(text) = std::fs::read_to_string(dir.join("ready")) {
                base = text;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let addr = base
            .strip_prefix("http://")
            .unwrap_or_else(|| panic!("ready file holds a base URL: {base:?}"))
            .to_owned();
        Self {
            process,
            dir,
            base,
            addr,
            token,
        }
    }

    /// One raw HTTP/1.1 request; the whole answer as text.
    async fn request(&self, head: &str) -> String {
        let mut stream = tokio::net::TcpStream::connect(&self.addr).await.unwrap();
        stream
            .write_all(format!("{head}\r\n\r\n").as_bytes())
            .await
            .unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.unwrap();
        String::from_utf8_lossy(&answer).into_owned()
    }

    /// Stops the server with SIGTERM; its stdout and stderr.
    async fn stop(mut self) -> (String, String) {
        let pid = nix::unistd::Pid::from_raw(self.process.id().unwrap() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
        let status = tokio::time::timeout(Duration::from_secs(30), self.process.wait())
            .await
            .expect("the server stops")
            .unwrap();
        assert!(status.success(), "{status}");
        let mut stdout = String::new();
        let mut stderr = String::new();
        let mut out = self.process.stdout.take().unwrap();
        let mut err = self.process.stderr.take().unwrap();
        out.read_to_string(&mut stdout).await.unwrap();
        err.read_to_string(&mut stderr).await.unwrap();
        std::fs::remove_dir_all(&self.dir).unwrap();
        (stdout, stderr)
    }
}

fn serve_command(dir: &Path, extra: &[&str]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(BINARY);
    command
        .args(["serve", "--jobs", &jobs_file()])
        .arg("--secret-file")
        .arg(dir.join("secret"))
        .arg("--ready-file")
        .arg(dir.join("ready"))
        .arg("--static")
        .arg(dir)
        .args(extra);
    command
}

#[tokio::test]
async fn serve_announces_writes_the_ready_file_answers_and_stops_on_sigterm() {
    let server = Served::start(&["--addr", "127.0.0.1:0"]).await;
    let answer = server
        .request(&format!(
            "GET /v1/projects/test/jobs/ok HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}",
            server.addr, server.token
        ))
        .await;
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.contains(r#""name":"ok""#), "{answer}");
    let base = server.base.clone();
    let (stdout, _) = server.stop().await;
    assert!(stdout.contains(&format!("{base}/")), "{stdout}");
    assert!(stdout.contains("Token:"), "{stdout}");
}

#[tokio::test]
async fn serve_refuses_a_non_loopback_address_without_public() {
    let dir = std::env::temp_dir().join(format!("devserver-cli-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    for addr in ["0.0.0.0:0", "[::]:0"] {
        let output = tokio::time::timeout(
            Duration::from_secs(30),
            serve_command(&dir, &["--addr", addr]).output(),
        )
        .await
        .expect("refused at once")
        .unwrap();
        assert!(!output.status.success(), "{addr}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("not a loopback address"), "{stderr}");
        assert!(stderr.contains("--public"), "{stderr}");
        assert!(!dir.join("ready").exists(), "{addr}: never listened");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn serve_public_warns_and_the_allow_flags_reach_the_rules() {
    let server = Served::start(&[
        "--addr",
        "0.0.0.0:0",
        "--public",
        "--allow-host",
        "devbox.test",
        "--allow-origin",
        "http://127.0.0.1:1",
    ])
    .await;
    // Announced under a name the server answers to, not 0.0.0.0.
    assert!(
        server.base.starts_with("http://127.0.0.1:"),
        "{}",
        server.base
    );
    let port = server.addr.rsplit(':').next().unwrap().to_owned();
    let get_job = |host: &str| {
        format!(
            "GET /v1/projects/test/jobs/ok HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {}",
            server.token
        )
    };
    let evil = server
        .request(&get_job(&format!("evil.example:{port}")))
        .await;
    assert!(evil.starts_with("HTTP/1.1 403"), "{evil}");
    assert!(evil.contains(r#""error":"forbidden-host""#), "{evil}");
    let named = server
        .request(&get_job(&format!("devbox.test:{port}")))
        .await;
    assert!(named.starts_with("HTTP/1.1 200"), "{named}");

    let post = |origin: &str| {
        format!(
            "POST /proxy/v1/projects/test/jobs/ok/runs HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\nSec-Fetch-Site: same-site\r\nContent-Length: 0",
            server.addr
        )
    };
    let allowed = server.request(&post("http://127.0.0.1:1")).await;
    assert!(allowed.starts_with("HTTP/1.1 201"), "{allowed}");
    assert!(
        allowed
            .to_ascii_lowercase()
            .contains("access-control-allow-origin: http://127.0.0.1:1\r\n"),
        "{allowed}"
    );
    let other = server.request(&post("http://127.0.0.1:2")).await;
    assert!(other.starts_with("HTTP/1.1 403"), "{other}");

    let (_, stderr) = server.stop().await;
    assert!(stderr.contains("WARNING"), "{stderr}");
    assert!(stderr.contains("--public"), "{stderr}");
}

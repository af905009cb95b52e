//! The binary as scripts use it: `token`, then `serve` on a free port with a ready
//! file, one API call with that token, and a clean exit on SIGTERM.

use std::path::Path;
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

#[tokio::test]
async fn serve_announces_writes_the_ready_file_answers_and_stops_on_sigterm() {
    let dir = std::env::temp_dir().join(format!("devserver-cli-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let secret = dir.join("secret");
    let ready = dir.join("ready");
    let token = Command::new(BINARY)
        .args(["token", "--secret-file"])
        .arg(&secret)
        .output()
        .unwrap();
    let token = String::from_utf8(token.stdout).unwrap().trim().to_owned();

    let mut server = tokio::process::Command::new(BINARY)
        .args(["serve", "--addr", "127.0.0.1:0", "--jobs", &jobs_file()])
        .arg("--secret-file")
        .arg(&secret)
        .arg("--ready-file")
        .arg(&ready)
        .arg("--static")
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut base = String::new();
    for _ in 0..600 {
        if let Ok(text) = std::fs::read_to_string(&ready) {
            base = text;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let addr = base
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("ready file holds a base URL: {base:?}"))
        .to_owned();

    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let request = format!(
        "GET /v1/projects/test/jobs/ok HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.contains(r#""name":"ok""#), "{answer}");

    let pid = nix::unistd::Pid::from_raw(server.id().unwrap() as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    let status = tokio::time::timeout(Duration::from_secs(30), server.wait())
        .await
        .expect("the server stops")
        .unwrap();
    assert!(status.success(), "{status}");

    let mut stdout = String::new();
    server
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .await
        .unwrap();
    assert!(stdout.contains(&format!("{base}/")), "{stdout}");
    assert!(stdout.contains("Token:"), "{stdout}");
    std::fs::remove_dir_all(dir).unwrap();
}

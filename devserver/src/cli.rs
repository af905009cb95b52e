//! The command line: `serve` and `token`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Under `target/`, which git ignores, so the secret is never committed.
pub const DEFAULT_SECRET_FILE: &str = "target/devserver-secret";

/// A local drush.io-compatible API server that runs real commands.
#[derive(Debug, Parser)]
#[command(name = "drush-io-devserver", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API under /v1, the proxy under /proxy/v1, the demo page and pkg/.
    Serve(ServeArgs),
    /// Print one new API token (and nothing else) on stdout.
    Token(TokenArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port. Only loopback addresses unless
    /// `--public` is given.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub addr: SocketAddr,
    /// Allows `--addr` to be a non-loopback address (0.0.0.0, a LAN address): then
    /// anyone who can reach it can run the jobs through the proxy.
    #[arg(long)]
    pub public: bool,
    /// Another name the server answers to (`Host`), beside 127.0.0.1, localhost and
    /// [::1] on its port: `devbox.local` (any port) or `devbox.local:8787`. Repeatable.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_hosts: Vec<String>,
    /// Another origin whose pages may call the server (CORS, the proxy, the requests
    /// log), e.g. `http://127.0.0.1:8000`. Repeatable.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origins: Vec<String>,
    /// The jobs file (TOML) declaring projects and jobs.
    #[arg(long, value_name = "FILE", default_value = "www/jobs.toml")]
    pub jobs: PathBuf,
    /// Directory served at `/` (the demo page).
    #[arg(long = "static", value_name = "DIR", default_value = "www")]
    pub static_dir: PathBuf,
    /// Directory served at `/pkg/` (the wasm-pack output).
    #[arg(long, value_name = "DIR", default_value = "pkg")]
    pub pkg: PathBuf,
    /// Secret that signs tokens; created (mode 0600) when missing.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_SECRET_FILE)]
    pub secret_file: PathBuf,
    /// Written with the base URL (e.g. `http://127.0.0.1:40123`) once listening.
    #[arg(long, value_name = "FILE")]
    pub ready_file: Option<PathBuf>,
    /// `Content-Security-Policy` of the static files and `pkg/`: `strict` (the hardened
    /// admin page of CONTRACT 5.1), `off`, or a policy of your own.
    #[arg(long, value_name = "POLICY", default_value = "off")]
    pub csp: String,
    /// How many runs are kept in memory.
    #[arg(long, value_name = "N", default_value_t = crate::runs::DEFAULT_HISTORY_LIMIT)]
    pub history: usize,
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Secret that signs tokens; created (mode 0600) when missing.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_SECRET_FILE)]
    pub secret_file: PathBuf,
    /// What the token is for, e.g. "chatbot integration".
    #[arg(long, default_value = "local development")]
    pub name: String,
}

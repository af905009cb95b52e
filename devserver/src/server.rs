//! `serve`: bind, announce, serve until Ctrl-C or SIGTERM, then end the jobs.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::auth::Auth;
use crate::cli::{ServeArgs, TokenArgs};
use crate::jobs::Catalog;
use crate::state::{AppState, Options};

/// How long running commands get to end once the server stops.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

pub fn print_token(args: &TokenArgs) -> Result<(), String> {
    let token = Auth::load_or_create(&args.secret_file)?.issue(&args.name)?;
    println!("{token}");
    Ok(())
}

pub async fn serve(args: ServeArgs) -> Result<(), String> {
    let loopback = args.addr.ip().to_canonical().is_loopback();
    if !loopback && !args.public {
        return Err(format!(
            "refusing to listen on {}, which is not a loopback address: anyone who can reach it could run the jobs. Pass --public to do it anyway",
            args.addr
        ));
    }
    let catalog = Catalog::load(&args.jobs)?;
    let auth = Auth::load_or_create(&args.secret_file)?;
    let listener = TcpListener::bind(args.addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("cannot read the bound address: {e}"))?;
    // A wildcard address is reached through loopback on this machine; the page must
    // be opened under a name the server answers to.
    let reachable = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::from((Ipv4Addr::LOCALHOST, addr.port()))
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::from((Ipv6Addr::LOCALHOST, addr.port()))
        }
        _ => addr,
    };
    let base = format!("http://{reachable}");

    for (what, dir) in [("--static", &args.static_dir), ("--pkg", &args.pkg)] {
        if !dir.is_dir() {
            tracing::warn!(
                "{what} directory {} does not exist (yet); its URLs answer 404",
                dir.display()
            );
        }
    }
    if !loopback {
        eprintln!(
            "drush-io-devserver: WARNING: listening on {addr}, not only on this machine (--public): anyone who can reach it can run the jobs of {} through /proxy/v1",
            args.jobs.display()
        );
    }
    let options = Options {
        addr,
        allow_hosts: args.allow_hosts.clone(),
        allow_origins: args.allow_origins.clone(),
        static_dir: Some(args.static_dir.clone()),
        pkg_dir: Some(args.pkg.clone()),
        history_limit: args.history,
        content_security_policy: match args.csp.as_str() {
            "off" | "" => None,
            "strict" => Some(crate::state::STRICT_CSP.to_owned()),
            policy => Some(policy.to_owned()),
        },
    };
    let token = auth.issue("drush-io-devserver demo")?;
    let state = AppState::new(catalog, auth, options)?;
    announce(&base, &token, &state);
    if let Some(ready_file) = &args.ready_file {
        write_ready_file(ready_file, &base)?;
    }
    tracing::info!(%base, jobs = %args.jobs.display(), "listening");

    let stop = state.shutdown_token();
    let served = axum::serve(listener, crate::app(state.clone()))
        .with_graceful_shutdown(async move {
            wait_for_signal().await;
            tracing::info!("shutting down");
            // Ends running commands now rather than after the last connection.
            stop.cancel();
        })
        .await;
    state.shut_down(SHUTDOWN_GRACE).await;
    served.map_err(|e| format!("server error: {e}"))
}

fn announce(base: &str, token: &str, state: &AppState) {
    let example = state.catalog().jobs().next().map(|job| {
        format!(
            "{base}/v1/projects/{}/jobs/{}/runs",
            job.project_name, job.name
        )
    });
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "drush-io-devserver is listening.");
    let _ = writeln!(out, "  Open:     {base}/");
    let _ = writeln!(out, "  API:      {base}/v1");
    let _ = writeln!(
        out,
        "  Proxy:    {base}/proxy/v1 (adds the server's own token)"
    );
    let _ = writeln!(out, "  Token:    {token}");
    if let Some(url) = example {
        let _ = writeln!(
            out,
            "  Try:      curl --request POST --url {url} --header 'Accept: application/json' --header 'Authorization: Bearer {token}'"
        );
    }
    let _ = out.flush();
}

/// Written to a temporary name first, so a reader never sees half a URL.
fn write_ready_file(path: &Path, base: &str) -> Result<(), String> {
    let describe = |e: std::io::Error| format!("ready file {}: {e}", path.display());
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    std::fs::write(&partial, base).map_err(describe)?;
    std::fs::rename(&partial, path).map_err(describe)
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {},
                    _ = term.recv() => {},
                }
            }
            Err(_) => {
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

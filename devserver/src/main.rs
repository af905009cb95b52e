use std::process::ExitCode;

use clap::Parser;
use drush_io_devserver::cli::{Cli, Command};
use drush_io_devserver::server;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Token(args) => server::print_token(&args),
        Command::Serve(args) => {
            tracing_subscriber::fmt()
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| "info,tower_http=info".into()),
                )
                .with_writer(std::io::stderr)
                .init();
            server::serve(args).await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("drush-io-devserver: {message}");
            ExitCode::FAILURE
        }
    }
}

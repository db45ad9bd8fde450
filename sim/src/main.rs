//! The `idx-sim` command.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// A local, stateful Okta org simulator with a simulated Okta Verify phone.
#[derive(Parser, Debug)]
#[command(version)]
struct Cli {
    /// Where the org listens.
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: SocketAddr,
    /// Also serve this built widget folder (Trunk's dist/) on a second origin.
    #[arg(long)]
    serve_app: Option<PathBuf>,
    /// Where the widget is served.
    #[arg(long, default_value = "127.0.0.1:8080")]
    app_listen: SocketAddr,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let cli = Cli::parse();
    let options = idx_sim::Options {
        listen: cli.listen,
        serve_app: cli.serve_app,
        app_listen: cli.app_listen,
        ..Default::default()
    };
    let running = idx_sim::spawn(options).await?;
    println!("idx-sim org:  {}", running.org_url);
    if let Some(app) = &running.app_url {
        println!("sign-in page: {app}/");
    }
    tokio::signal::ctrl_c().await?;
    Ok(())
}

//! `web-app`: the example server-side web app. `web-app --help` lists its settings; each can
//! come from the environment instead (the client secret should: arguments show in `ps`).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// A server-side web app that signs users in with idx-widget in web application mode.
#[derive(Parser, Debug)]
struct Cli {
    /// The authorization server, e.g. https://example.okta.com/oauth2/default.
    #[arg(long, env = "OKTA_ISSUER")]
    issuer: String,
    /// The Web application's client id.
    #[arg(long, env = "OKTA_CLIENT_ID")]
    client_id: String,
    /// The Web application's client secret.
    #[arg(long, env = "OKTA_CLIENT_SECRET", hide_env_values = true)]
    client_secret: String,
    /// Where to listen.
    #[arg(long, env = "WEB_APP_LISTEN", default_value_t = web_app::DEFAULT_LISTEN)]
    listen: SocketAddr,
    /// This app's origin as browsers reach it (default: http://<listen>); the redirect URI is
    /// this plus /login/callback.
    #[arg(long, env = "WEB_APP_URL")]
    url: Option<String>,
    /// The idx-widget npm package folder (scripts/build-package.sh), served under /widget/.
    #[arg(
        long,
        env = "WEB_APP_WIDGET_DIR",
        default_value = "target/npm/idx-widget"
    )]
    widget_dir: PathBuf,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let cli = Cli::parse();
    if !cli.widget_dir.join("idx_widget.js").is_file() {
        eprintln!(
            "web-app: no idx-widget package in {} (run scripts/build-package.sh)",
            cli.widget_dir.display()
        );
        std::process::exit(1);
    }
    let listener = tokio::net::TcpListener::bind(cli.listen).await?;
    let settings = web_app::Settings {
        issuer: cli.issuer,
        client_id: cli.client_id,
        client_secret: cli.client_secret,
        base_url: cli
            .url
            .unwrap_or(format!("http://{}", listener.local_addr()?)),
        widget_dir: cli.widget_dir,
    };
    println!(
        "web-app: {}/ (signs in at {})",
        settings.base_url, settings.issuer
    );
    web_app::serve(listener, settings).await
}

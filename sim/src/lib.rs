//! idx-sim: a local, stateful Okta org that speaks the IDX protocol, with a simulated Okta
//! Verify phone. This is the skeleton: it serves the widget's standalone page beside the org,
//! with the `config.json` that points the page at the org.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::routing::get;
use tokio::net::TcpListener;
use tower_http::services::ServeDir;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the org listens.
    pub listen: SocketAddr,
    /// A built widget (Trunk's `dist/`) to serve on a second origin, if any.
    pub serve_app: Option<PathBuf>,
    /// Where the widget is served.
    pub app_listen: SocketAddr,
    /// The client id the demo app uses.
    pub client_id: String,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8081)),
            serve_app: None,
            app_listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            client_id: "idx-widget-demo".into(),
        }
    }
}

/// Servers that are running, with the addresses they got (port 0 picks a free one).
#[derive(Debug)]
pub struct Running {
    /// The org's base URL, e.g. `http://127.0.0.1:8081`.
    pub org_url: String,
    /// The app's base URL, when an app is served.
    pub app_url: Option<String>,
}

/// Binds the listeners and serves in the background on the current tokio runtime.
pub async fn spawn(options: Options) -> std::io::Result<Running> {
    let org = TcpListener::bind(options.listen).await?;
    let org_url = format!("http://{}", org.local_addr()?);
    tokio::spawn(async move { axum::serve(org, org_router()).await });
    let app_url = match &options.serve_app {
        Some(dir) => {
            let app = TcpListener::bind(options.app_listen).await?;
            let app_url = format!("http://{}", app.local_addr()?);
            let router = app_router(dir.clone(), &org_url, &app_url, &options.client_id);
            tokio::spawn(async move { axum::serve(app, router).await });
            Some(app_url)
        }
        None => None,
    };
    Ok(Running { org_url, app_url })
}

fn org_router() -> Router {
    Router::new().route("/", get(|| async { "idx-sim: a simulated Okta org" }))
}

/// The standalone page's own configuration, served beside it so the page needs no rebuild to
/// point at another org.
fn app_config(org_url: &str, app_url: &str, client_id: &str) -> serde_json::Value {
    serde_json::json!({
        "issuer": format!("{org_url}/oauth2/default"),
        "clientId": client_id,
        "redirectUri": format!("{app_url}/login/callback"),
        "scopes": ["openid", "profile", "email"],
    })
}

fn app_router(dir: PathBuf, org_url: &str, app_url: &str, client_id: &str) -> Router {
    let config = app_config(org_url, app_url, client_id);
    Router::new()
        .route(
            "/config.json",
            get(move || async move { axum::Json(config) }),
        )
        .fallback_service(ServeDir::new(dir))
}

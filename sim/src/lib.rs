//! idx-sim: a local, stateful Okta org that speaks the IDX protocol, with a simulated Okta
//! Verify phone under `/sim/`. See sim/README.md for the CLI, the configuration and the phone
//! API.

#![deny(missing_docs)]

mod advance;
pub mod captcha;
pub mod config;
mod consent;
mod factors;
pub mod fastpass;
pub mod faults;
mod forms;
mod http;
mod i18n;
mod idp;
mod ids;
mod idx;
mod ion;
mod lockout;
mod oauth;
mod okta_session;
mod outcome;
mod ov_desktop;
mod phone;
mod policy;
mod push;
mod qr;
mod recovery;
mod recovery_forms;
mod registration;
mod render;
mod store;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod webauthn;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tower_http::services::ServeDir;

pub use config::Config;
pub use store::MAX_TRANSACTIONS;

/// The version of idx-sim's stable contract: the phone API under `/sim/api`, the TOML
/// configuration, the CLI flags and the ready file, as `sim/README.md` documents them. It
/// changes only when one of them changes incompatibly.
pub const CONTRACT_VERSION: u32 = 1;
pub use http::LogEntry;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// The org's policy.
    pub config: Config,
    /// Where the org listens.
    pub listen: SocketAddr,
    /// A built widget (Trunk's `dist/`) to serve on a second origin, if any.
    pub serve_app: Option<PathBuf>,
    /// Where the widget is served.
    pub app_listen: SocketAddr,
    /// Print one line per request to stdout.
    pub print_log: bool,
    /// Host names besides `localhost` and IP addresses that requests may name in `Host` (for
    /// an org reached by name on a network; see `--allow-host`).
    pub allowed_hosts: Vec<String>,
    /// Extra members for the served app's `config.json` (e.g. `reminderDelayMs` in tests).
    pub app_config_extra: serde_json::Map<String, serde_json::Value>,
    /// Which authorization server the served app signs in with: `None` for the org
    /// authorization server (issuer = the org), or a custom server's id (`default`).
    pub app_server: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            config: Config::default(),
            listen: SocketAddr::from(([127, 0, 0, 1], 8081)),
            serve_app: None,
            app_listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            print_log: false,
            allowed_hosts: Vec::new(),
            app_config_extra: serde_json::Map::new(),
            app_server: Some("default".into()),
        }
    }
}

/// How many requests the in-memory log keeps; a long demo or a load test must not grow it
/// without end.
pub const LOG_CAPACITY: usize = 100_000;

/// How many screenshots the phone decodes at once; more at the same time are refused with
/// a 429, so a page cannot make the org hold hundreds of 16-megapixel pictures.
pub const MAX_CONCURRENT_DECODES: usize = 2;

/// The org: its state, signing key and request log, shared by every handler.
pub struct App {
    store: store::Store,
    key: oauth::SigningKey,
    org_url: String,
    log: Mutex<VecDeque<LogEntry>>,
    print_log: bool,
    allowed_hosts: Vec<String>,
    decodes: Arc<tokio::sync::Semaphore>,
}

impl App {
    fn new(config: Config, org_url: &str, print_log: bool, allowed_hosts: Vec<String>) -> Self {
        Self {
            store: store::Store::new(config),
            key: oauth::SigningKey::generate(),
            org_url: org_url.to_owned(),
            log: Mutex::new(VecDeque::new()),
            print_log,
            allowed_hosts,
            decodes: Arc::new(tokio::sync::Semaphore::new(MAX_CONCURRENT_DECODES)),
        }
    }

    /// The org's base URL, e.g. `http://127.0.0.1:8081`.
    pub fn org_url(&self) -> String {
        self.org_url.clone()
    }

    /// The requests served so far (the newest [`LOG_CAPACITY`]), oldest first.
    pub fn requests(&self) -> Vec<LogEntry> {
        self.log
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .cloned()
            .collect()
    }
}

/// Servers that are running, with the addresses they got (port 0 picks a free one).
pub struct Running {
    /// The org's base URL, e.g. `http://127.0.0.1:8081`.
    pub org_url: String,
    /// The app's base URL, when an app is served.
    pub app_url: Option<String>,
    /// Okta Verify on this computer (`http://localhost:{port}`), when it is installed
    /// (`[fastpass] loopback_port`).
    pub ov_desktop_url: Option<String>,
    app: Arc<App>,
}

impl Running {
    /// The requests the org served so far (method, path, status, time, `Origin`, `User-Agent`
    /// and the client authentication presented), oldest first.
    pub fn requests(&self) -> Vec<LogEntry> {
        self.app.requests()
    }
}

/// Binds the listeners and serves in the background on the current tokio runtime.
pub async fn spawn(options: Options) -> std::io::Result<Running> {
    let mut config = options.config.clone();
    config.validate().map_err(std::io::Error::other)?;
    let org = TcpListener::bind(options.listen).await?;
    let org_url = format!("http://{}", org.local_addr()?);
    // The app idx-sim serves is trusted by the org it serves it with, whatever its port.
    let app_listener = match &options.serve_app {
        Some(_) => Some(TcpListener::bind(options.app_listen).await?),
        None => None,
    };
    let app_url = match &app_listener {
        Some(l) => Some(format!("http://{}", l.local_addr()?)),
        None => None,
    };
    if let Some(url) = &app_url {
        // The page served here is the one origin trusted without being configured, under
        // both names a developer types (no port is trusted when nothing is served).
        let twin = url
            .strip_prefix("http://127.0.0.1:")
            .map(|port| format!("http://localhost:{port}"));
        for origin in std::iter::once(url.clone()).chain(twin) {
            if !config.trusted_origins.contains(&origin) {
                config.trusted_origins.push(origin);
            }
        }
        for callback in [app_redirect_uri(url), format!("{url}/login/callback")] {
            if !config.redirect_uris.contains(&callback) {
                config.redirect_uris.push(callback);
            }
        }
        // Signed out, the browser comes back to the page (okta-react's origin + "/").
        let home = app_redirect_uri(url);
        if !config.post_logout_redirect_uris.contains(&home) {
            config.post_logout_redirect_uris.push(home);
        }
    }
    // A path names a page of the app served here, whatever its port.
    if let Some(path) = config
        .email_verify_uri
        .clone()
        .filter(|u| u.starts_with('/'))
    {
        let Some(url) = &app_url else {
            return Err(std::io::Error::other(format!(
                "email_verify_uri {path:?} is a path, but no app is served (--serve-app)"
            )));
        };
        config.email_verify_uri = Some(format!("{url}{path}"));
    }
    // Okta Verify on this computer listens before the org starts, so the org's challenges
    // name the port it got.
    let ov_desktop = match config.fastpass.loopback_port {
        Some(port) => Some(ov_desktop::Listeners::bind(port).await?),
        None => None,
    };
    if let Some(listeners) = &ov_desktop {
        let settings = &mut config.fastpass;
        // On one of Okta Verify's own ports, the challenge names them all, as Okta's does;
        // elsewhere (a test's free port), just the one.
        let okta_port =
            fastpass::OKTA_PORTS.contains(&listeners.port()) || listeners.port() == 8769;
        let mut ports = match settings.ports.is_empty() && okta_port {
            true => fastpass::OKTA_PORTS.to_vec(),
            false => settings.ports.clone(),
        };
        if !ports.contains(&listeners.port()) {
            ports.push(listeners.port());
        }
        if settings.wrong_port_first {
            ports.insert(0, ov_desktop::closed_port().await?);
        }
        settings.ports = ports;
    }
    let app = Arc::new(App::new(
        config.clone(),
        &org_url,
        options.print_log,
        options.allowed_hosts.clone(),
    ));
    let router = org_router(app.clone());
    tokio::spawn(async move {
        axum::serve(
            org,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    if let (Some(listener), Some(dir), Some(url)) = (app_listener, &options.serve_app, &app_url) {
        let issuer = match &options.app_server {
            None => org_url.clone(),
            Some(id) => format!("{org_url}/oauth2/{id}"),
        };
        let mut page_config = app_config(&issuer, url, &config.client_id);
        if let Some(map) = page_config.as_object_mut() {
            map.extend(options.app_config_extra.clone());
        }
        let loopback = config.fastpass.loopback_origins();
        let router = app_router(dir.clone(), &org_url, &loopback, page_config);
        tokio::spawn(async move { axum::serve(listener, router).await });
    }
    let ov_desktop_url = ov_desktop.map(|listeners| {
        let url = format!("http://localhost:{}", listeners.port());
        listeners.serve(app.clone());
        url
    });
    Ok(Running {
        org_url,
        app_url,
        ov_desktop_url,
        app,
    })
}

/// The org as a service, with no listener: for fuzzing its handlers (through
/// `tower::ServiceExt::oneshot`) or embedding it in another server. Requests need a
/// `ConnectInfo<SocketAddr>` extension, as `axum::serve` adds.
pub fn org_service(config: Config, org_url: &str) -> Router {
    org_router(Arc::new(App::new(config, org_url, false, Vec::new())))
}

fn org_router(app: Arc<App>) -> Router {
    let idx = Router::new()
        .route("/idp/idx/{*endpoint}", post(idx::handle))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            faults::on_idx,
        ));
    // One authorization server's endpoints: the org's under /oauth2, a custom one's under
    // /oauth2/{server} (`oauth::Server` tells them apart by that capture).
    let token = oauth::client_post(oauth::token).layer(axum::middleware::from_fn_with_state(
        app.clone(),
        faults::on_token,
    ));
    let authorization_server = Router::new()
        .route("/v1/keys", get(oauth::jwks))
        .route("/v1/interact", oauth::client_post(oauth::interact))
        .route("/v1/token", token)
        .route("/v1/logout", get(oauth::logout))
        .route("/v1/revoke", oauth::client_post(oauth::revoke))
        .route("/v1/userinfo", get(oauth::userinfo).post(oauth::userinfo));
    Router::new()
        .route("/.well-known/openid-configuration", get(oauth::discovery))
        .route(
            "/oauth2/{server}/.well-known/openid-configuration",
            get(oauth::discovery),
        )
        .nest("/oauth2", authorization_server.clone())
        .nest("/oauth2/{server}", authorization_server)
        .merge(idx)
        .route(
            "/api/v1/sessions/me",
            get(okta_session::me).delete(okta_session::end_me),
        )
        .route("/sso/idps/{id}", get(idp::start))
        .route("/sim/idp/{id}", get(idp::page).post(idp::answer))
        .route("/sim/device", get(phone::device_page))
        .route("/sim/device.js", get(phone::device_script))
        .route("/sim/activate/{token}", get(phone::activate_link))
        .route("/sim/email/{token}", get(phone::email_link))
        .route("/sim/api/pushes", get(phone::pushes))
        .route("/sim/api/pushes/{id}/approve", post(phone::approve))
        .route("/sim/api/pushes/{id}/deny", post(phone::deny))
        .route("/sim/api/totp", get(phone::current_totp))
        .route("/sim/api/scan", post(phone::scan))
        .route("/sim/api/scan-image", post(phone::scan_image))
        .route("/sim/api/outbox", get(phone::outbox))
        .route(
            "/sim/api/recovery-token",
            post(recovery::recovery_token_api),
        )
        .route("/sim/api/requests", get(http::requests))
        .route("/sim/api/fastpass", get(fastpass::prompts))
        .route("/sim/api/fastpass/{id}/approve", post(fastpass::approve))
        .route("/sim/api/fastpass/{id}/deny", post(fastpass::deny))
        .route(
            "/idp/authenticators/{authenticator}/transactions/{challenge}/verify",
            post(fastpass::verify),
        )
        .route(
            "/",
            get(|| async { axum::response::Redirect::to("/sim/device") }),
        )
        .fallback(http::not_found)
        .layer(http::cors(&app.store.config.trusted_origins))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            http::origin_guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            http::host_guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            http::log_requests,
        ))
        .with_state(app)
}

/// The standalone page's own configuration, served beside it so the page needs no rebuild to
/// point at another org.
fn app_config(issuer: &str, app_url: &str, client_id: &str) -> serde_json::Value {
    serde_json::json!({
        "issuer": issuer,
        "clientId": client_id,
        "redirectUri": app_redirect_uri(app_url),
        "scopes": ["openid", "profile", "email"],
    })
}

/// The served page's redirect URI: the page itself, so that what an identity provider sends
/// back (`interaction_code`, `error=interaction_required`) reaches the widget; the app server
/// serves no other path that could take it.
fn app_redirect_uri(app_url: &str) -> String {
    format!("{app_url}/")
}

/// The page's Content-Security-Policy: scripts and styles only from the page's own origin (no
/// inline code, no eval; WebAssembly compilation allowed), requests only to the page and the
/// org, images only from the page or `data:` (the QR code).
pub fn app_csp(org_url: &str) -> String {
    app_csp_with(org_url, &[])
}

/// The page's Content-Security-Policy when it may also reach these origins: Okta Verify's
/// loopback ports, when the org offers FastPass (`config::FastPassSettings::loopback_origins`).
pub fn app_csp_with(org_url: &str, also: &[String]) -> String {
    let mut connect = format!("'self' {org_url}");
    for origin in also {
        connect.push(' ');
        connect.push_str(origin);
    }
    // The policy the build writes into the page (scripts/trunk-post-build.py), plus what only a
    // header can say.
    let page = include_str!("../../scripts/csp.txt").trim();
    format!(
        "{}; frame-ancestors 'none'",
        page.replace("{connect}", &connect)
    )
}

fn app_router(
    dir: PathBuf,
    org_url: &str,
    loopback: &[String],
    config: serde_json::Value,
) -> Router {
    use axum::http::{HeaderValue, header};
    use tower_http::set_header::SetResponseHeaderLayer;
    let csp = HeaderValue::from_str(&app_csp_with(org_url, loopback)).expect("a valid header");
    Router::new()
        .route(
            "/config.json",
            get(move || async move { axum::Json(config) }),
        )
        .fallback_service(ServeDir::new(dir).precompressed_br().precompressed_gzip())
        .layer(axum::middleware::from_fn(http::cache_control))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

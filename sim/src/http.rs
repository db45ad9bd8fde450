//! Cross-cutting HTTP behaviour: the request log, trusted-origin checks with CORS
//! and Okta-shaped 404s (fault injection is in faults.rs).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::App;

/// One served request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogEntry {
    /// `GET`, `POST`, `OPTIONS`, …
    pub method: String,
    /// The path, without the query string.
    pub path: String,
    /// The status answered.
    pub status: u16,
    /// How long the answer took.
    pub millis: u128,
    /// When the request arrived, in milliseconds since the Unix epoch.
    pub at_ms: u128,
    /// The client's `X-Okta-User-Agent-Extended`, if it sent one.
    pub client: Option<String>,
    /// The request's `Origin`: present on a browser's cross-origin calls, absent on a
    /// server's.
    pub origin: Option<String>,
    /// The request's `User-Agent`.
    pub user_agent: Option<String>,
    /// The client authentication the request presented to an OAuth endpoint:
    /// `client_secret_basic` (an `Authorization: Basic` header) or `client_secret_post` (a
    /// `client_secret` in the form), whether or not the secret was right; `None` without one.
    pub client_auth: Option<String>,
}

/// How a request to an OAuth endpoint authenticated its client, put by the handler on the
/// response's extensions for the request log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAuth(pub &'static str);

/// Put by a guard on the response to a request it refused (a foreign `Host` or `Origin`):
/// the log keeps only its method, path, status and `Origin`.
#[derive(Debug, Clone, Copy)]
pub struct Refused;

/// The most of a path or header value a log entry keeps (any web page can send
/// requests with 60 KB paths, and the log holds [`crate::LOG_CAPACITY`] entries).
pub const LOGGED_CHARS: usize = 256;

/// `text`, cut to at most [`LOGGED_CHARS`] bytes on a character boundary, marked with `…` when
/// cut.
fn clipped(text: &str) -> String {
    if text.len() <= LOGGED_CHARS {
        return text.to_owned();
    }
    let mut end = LOGGED_CHARS - '…'.len_utf8();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// Records (and, when asked, prints) one line per request: method, path, status, time.
pub async fn log_requests(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let method = clipped(request.method().as_str());
    let path = clipped(request.uri().path());
    let headers = request.headers();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(clipped);
    let (client, origin, user_agent) = (
        header("x-okta-user-agent-extended"),
        header(header::ORIGIN.as_str()),
        header(header::USER_AGENT.as_str()),
    );
    let at_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let start = Instant::now();
    let response = next.run(request).await;
    let (client, user_agent) = match response.extensions().get::<Refused>() {
        Some(Refused) => (None, None),
        None => (client, user_agent),
    };
    let entry = LogEntry {
        method,
        path,
        status: response.status().as_u16(),
        millis: start.elapsed().as_millis(),
        at_ms,
        client,
        origin,
        user_agent,
        client_auth: response
            .extensions()
            .get::<ClientAuth>()
            .map(|a| a.0.to_owned()),
    };
    if app.print_log {
        println!(
            "{} {} {} {}ms",
            entry.method, entry.path, entry.status, entry.millis
        );
    }
    let mut log = app.log.lock().unwrap_or_else(|p| p.into_inner());
    if log.len() == crate::LOG_CAPACITY {
        log.pop_front();
    }
    log.push_back(entry);
    response
}

/// `GET /sim/api/requests`: the request log (never a body), oldest first.
pub async fn requests(State(app): State<Arc<App>>) -> axum::Json<Vec<LogEntry>> {
    axum::Json(app.requests())
}

/// Refuses browser requests from origins that are neither trusted nor the org itself.
pub async fn origin_guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok());
    let trusted =
        |o: &str| o == app.org_url || app.store.config.trusted_origins.iter().any(|t| t == o);
    match origin {
        Some(o) if !trusted(o) => (
            StatusCode::FORBIDDEN,
            axum::Extension(Refused),
            axum::Json(json!({
                "errorCode": "E0000133",
                "errorSummary": format!("The origin {} is not a trusted origin of this org.", clipped(o)),
                "errorCauses": [],
            })),
        )
            .into_response(),
        _ => next.run(request).await,
    }
}

/// Refuses a request whose `Host` names anything but an IP address, `localhost`, or a name the
/// org was told to answer (`--allow-host`). The phone API takes no credentials, so this is what
/// keeps a page on an attacker's domain, re-bound by DNS to this machine, from approving
/// pushes or reading codes.
pub async fn host_guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let allowed = name.parse::<std::net::IpAddr>().is_ok()
        || name.eq_ignore_ascii_case("localhost")
        || app
            .allowed_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name));
    if allowed {
        return next.run(request).await;
    }
    let summary = format!(
        "This org does not answer to the host name {:?}.",
        clipped(name)
    );
    (
        StatusCode::MISDIRECTED_REQUEST,
        axum::Extension(Refused),
        axum::Json(json!({"errorCode": "E0000006", "errorSummary": summary, "errorCauses": []})),
    )
        .into_response()
}

/// Caching for the served page: files whose names carry a content hash (Trunk's
/// `name-0123456789abcdef.ext`) never change, so browsers keep them a year; everything else
/// (`index.html`, `config.json`) is checked every time, so a new build is seen at once.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let value = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Whether a path names a file by its content hash: `-` then 16 hex digits, then the end of
/// the name (`.js`, `_bg.wasm`, `/`).
fn content_hashed(path: &str) -> bool {
    // Trunk writes its 64-bit hash without leading zeros: 16 hex digits, sometimes fewer.
    path.match_indices('-').any(|(at, _)| {
        let rest = &path.as_bytes()[at + 1..];
        let digits = rest.iter().take_while(|b| b.is_ascii_hexdigit()).count();
        (12..=16).contains(&digits)
            && rest
                .get(digits)
                .is_none_or(|b| matches!(b, b'.' | b'_' | b'/'))
    })
}

/// CORS with credentials for the trusted origins only.
pub fn cors(trusted: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> = trusted.iter().filter_map(|o| o.parse().ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::AUTHORIZATION,
            HeaderName::from_static("x-okta-user-agent-extended"),
        ])
        .expose_headers([
            HeaderName::from_static("x-rate-limit-limit"),
            HeaderName::from_static("x-rate-limit-remaining"),
            HeaderName::from_static("x-rate-limit-reset"),
        ])
        .max_age(Duration::from_secs(600))
}

/// An Okta-shaped 404.
pub async fn not_found(request: Request) -> Response {
    not_found_text(&format!(
        "Not found: Resource not found: {} ({})",
        request.uri().path(),
        request.method()
    ))
}

/// Okta's 404 (E0000007) with this summary.
pub fn not_found_text(summary: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        axum::Json(json!({"errorCode": "E0000007", "errorSummary": summary, "errorCauses": []})),
    )
        .into_response()
}

#[cfg(test)]
mod hashed_names {
    use super::content_hashed;

    #[test]
    fn trunk_s_hashes_are_recognised_with_or_without_leading_zeros() {
        assert!(content_hashed("/idx-widget-5fe06c97b3b78a85_bg.wasm"));
        assert!(content_hashed("/idx-widget-97b1cdba8287295_bg.wasm"));
        assert!(content_hashed("/style-2dd1cab669a65e72.css"));
        assert!(!content_hashed("/config.json"));
        assert!(!content_hashed("/element.html"));
        assert!(!content_hashed("/idx-widget-abc.js"));
    }
}

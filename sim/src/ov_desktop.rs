//! "Okta Verify on this computer": the loopback HTTP service Okta Verify runs on the user's
//! machine, which the sign-in page probes (`GET /probe`) and hands a FastPass challenge to
//! (`POST /challenge` with `{"challengeRequest": …}`). It checks the request is the org's,
//! asks the person on the phone page ("Verify it's you on this computer?") unless told to
//! approve at once, then signs the nonce with the device key and posts it to the org.
//!
//! Only the org's trusted origins may call it from a browser (CORS, with Chrome's Private
//! Network Access preflight answered); any other origin is refused outright.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::App;
use crate::config::ChallengeMethod;
use crate::fastpass;
use crate::store::PromptStatus;

/// How long a challenge waits for Yes or No on the phone page: Okta's widget gives Okta
/// Verify five minutes to answer `/challenge`.
const ANSWER_WITHIN: Duration = Duration::from_secs(300);

/// The loopback listeners, bound before the org starts so the challenge can name their port.
pub struct Listeners {
    v4: TcpListener,
    v6: Option<TcpListener>,
}

impl Listeners {
    /// Binds 127.0.0.1 on this port (0: a free one) and, when it can, ::1 on the same port, so
    /// `http://localhost:{port}` answers whichever address the browser tries.
    pub async fn bind(port: u16) -> std::io::Result<Self> {
        let v4 = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
        let port = v4.local_addr()?.port();
        let v6 = TcpListener::bind(SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, port)))
            .await
            .ok();
        Ok(Self { v4, v6 })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.v4.local_addr().map(|a| a.port()).unwrap_or_default()
    }

    /// Serves in the background.
    pub fn serve(self, app: Arc<App>) {
        let router = router(app);
        for listener in std::iter::once(self.v4).chain(self.v6) {
            let router = router.clone();
            tokio::spawn(async move {
                axum::serve(
                    listener,
                    router.into_make_service_with_connect_info::<SocketAddr>(),
                )
                .await
            });
        }
    }
}

/// A port nothing listens on (bound, then let go), for "wrong port first".
pub async fn closed_port() -> std::io::Result<u16> {
    let probe = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    let port = probe.local_addr()?.port();
    drop(probe);
    Ok(port)
}

fn router(app: Arc<App>) -> Router {
    let origins: Vec<HeaderValue> = app
        .store
        .config
        .trusted_origins
        .iter()
        .filter_map(|o| o.parse().ok())
        .collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            header::ACCEPT,
            HeaderName::from_static("x-okta-xsrftoken"),
            HeaderName::from_static("x-requested-with"),
        ])
        // Chrome asks before a public page reaches a loopback address.
        .allow_private_network(true)
        .max_age(Duration::from_secs(600));
    Router::new()
        .route("/probe", get(probe))
        .route("/challenge", post(challenge))
        .fallback(|| async { (StatusCode::NOT_FOUND, "not found") })
        .layer(cors)
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            origin_guard,
        ))
        .with_state(app)
}

/// Refuses a browser call from an origin the org does not trust, before CORS answers it: a
/// page anywhere could otherwise learn that Okta Verify is installed, or push challenges at it.
async fn origin_guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok());
    match origin {
        Some(o) if !app.store.config.trusted_origins.iter().any(|t| t == o) => {
            (StatusCode::FORBIDDEN, "origin not trusted").into_response()
        }
        _ => next.run(request).await,
    }
}

async fn probe(State(app): State<Arc<App>>) -> Response {
    let delay = app.store.config.fastpass.probe_delay_ms;
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    StatusCode::OK.into_response()
}

fn error(status: StatusCode, text: &str) -> Response {
    (status, axum::Json(json!({"error": text}))).into_response()
}

async fn challenge(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let jwt = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("challengeRequest")?.as_str().map(str::to_owned));
    let Some(jwt) = jwt else {
        return error(
            StatusCode::BAD_REQUEST,
            "send {\"challengeRequest\": \"<the challenge's JWT>\"}",
        );
    };
    let request = match fastpass::read_request(&app, &jwt) {
        Ok(r) => r,
        Err(e) => return error(StatusCode::BAD_REQUEST, &e),
    };
    let settings = &app.store.config.fastpass;
    if settings.challenge_delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(settings.challenge_delay_ms)).await;
    }
    let approve = if settings.refuse {
        false
    } else if settings.auto_approve {
        true
    } else {
        let origin = headers
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .map(str::to_owned);
        let info = fastpass::loopback_request(peer, origin);
        let user = request
            .login_hint
            .clone()
            .or_else(|| settings.devices.first().map(|d| d.username.clone()));
        let id = app.store.with(|inner| {
            fastpass::add_prompt(
                inner,
                &request.challenge,
                ChallengeMethod::Loopback,
                user,
                &jwt,
                &info,
            )
        });
        match wait_for_person(&app, &id).await {
            Some(yes) => yes,
            None => {
                return error(
                    StatusCode::REQUEST_TIMEOUT,
                    "nobody answered on this computer",
                );
            }
        }
    };
    let result = fastpass::answer(&app, &request, approve).await;
    app.store.with(|inner| {
        for p in inner
            .fastpass
            .prompts
            .iter_mut()
            .filter(|p| p.challenge == request.challenge)
            .filter(|p| matches!(p.status, PromptStatus::Approved | PromptStatus::Denied))
        {
            p.status = match &result {
                Ok(_) => PromptStatus::Done,
                Err(_) => PromptStatus::Failed,
            };
            p.error = result.as_ref().err().cloned();
        }
    });
    match result {
        // Okta Verify did its part either way; the page learns the outcome from its poll.
        Ok(verdict) => axum::Json(json!({"status": verdict})).into_response(),
        Err(e) => error(StatusCode::BAD_REQUEST, &e),
    }
}

/// Waits for Yes (`Some(true)`) or No on the phone page, or gives up.
async fn wait_for_person(app: &App, prompt: &str) -> Option<bool> {
    let started = Instant::now();
    while started.elapsed() < ANSWER_WITHIN {
        let status = app.store.with(|inner| {
            inner
                .fastpass
                .prompts
                .iter()
                .find(|p| p.id == prompt)
                .map(|p| p.status)
        });
        match status {
            Some(PromptStatus::Approved) => return Some(true),
            Some(PromptStatus::Denied) => return Some(false),
            Some(PromptStatus::Pending) => {}
            // Cancelled by the page, or forgotten: nobody will answer.
            _ => return None,
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

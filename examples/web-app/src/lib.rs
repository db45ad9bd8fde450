//! A server-side web app that signs its users in with idx-widget in **web application mode**:
//! what a Java, .NET, Go or Node app does, in Rust.
//!
//! The back end is a confidential OAuth client. It keeps its client secret, each sign-in's PKCE
//! verifier, the tokens and its own session; the browser gets a session cookie and nothing
//! else. The widget, in the user's browser, makes every IDX call itself, so an Okta Verify push
//! shows the user's own browser and address; when the user is in, it sends the whole page to
//! the callback with a one-time interaction code, which only the back end can redeem.
//!
//! | route | what it does |
//! |---|---|
//! | `GET /` | greets the signed-in user, or links to sign-in |
//! | `GET /login` | starts a sign-in: a PKCE pair and `state`, kept in the session; serves the page |
//! | `GET /login/config` | the widget's configuration for this sign-in: the challenge, never the verifier |
//! | `GET /login/callback` | checks `state`, redeems the code with the verifier and the secret, verifies the ID token, signs the user in |
//! | `POST /logout` | forgets the session |
//! | `/widget/…` | the idx-widget npm package folder (`scripts/build-package.sh`) |

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use idx_protocol::secret::{AccessToken, IdToken};
use idx_protocol::{ENTROPY_BYTES, PkceSecrets};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use rand::RngCore;
use serde::Deserialize;
use serde_json::{Value, json};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// What the app is told: the org, its own OAuth client, where it is, and the widget's files.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The authorization server, e.g. `https://example.okta.com/oauth2/default`.
    pub issuer: String,
    /// The Web application's client id (Interaction Code grant enabled).
    pub client_id: String,
    /// The Web application's client secret: it never leaves this process.
    pub client_secret: String,
    /// This app's own origin as browsers reach it, e.g. `http://127.0.0.1:8090`. The redirect
    /// URI registered on the app is this plus `/login/callback`, and this origin is a trusted
    /// origin (CORS) of the org.
    pub base_url: String,
    /// The idx-widget npm package folder, served under `/widget/`.
    pub widget_dir: PathBuf,
}

impl Settings {
    /// The redirect URI the widget sends the page to with the interaction code.
    pub fn redirect_uri(&self) -> String {
        format!("{}/login/callback", self.base_url.trim_end_matches('/'))
    }
}

/// Serves the app on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, settings: Settings) -> std::io::Result<()> {
    let app = router(settings).map_err(std::io::Error::other)?;
    axum::serve(listener, app).await
}

/// The app's routes, with its security headers.
pub fn router(settings: Settings) -> Result<Router, String> {
    let issuer = url::Url::parse(&settings.issuer)
        .map_err(|e| format!("the issuer {:?} is not a URL: {e}", settings.issuer))?;
    let csp = HeaderValue::from_str(&policy(&issuer.origin().ascii_serialization()))
        .map_err(|e| e.to_string())?;
    let widget = ServeDir::new(&settings.widget_dir);
    let app = Arc::new(App {
        settings,
        http: reqwest::Client::new(),
        sessions: Mutex::new(HashMap::new()),
    });
    Ok(Router::new()
        .route("/", get(home))
        .route("/login", get(login))
        .route("/login/config", get(login_config))
        .route("/login/callback", get(callback))
        .route("/logout", post(logout))
        .route(
            "/static/login.js",
            get(|| async { asset("text/javascript", LOGIN_JS) }),
        )
        .route(
            "/static/app.css",
            get(|| async { asset("text/css", APP_CSS) }),
        )
        .nest_service("/widget", widget)
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .with_state(app))
}

/// The widget page's policy as the project's build writes it (no inline script or style, calls
/// to the page and the org only), except that these pages post one form, sign-out, to the app.
fn policy(org: &str) -> String {
    let page = include_str!("../../../scripts/csp.txt").trim();
    let policy = page
        .replace("{connect}", &format!("'self' {org}"))
        .replace("form-action 'none'", "form-action 'self'");
    format!("{policy}; frame-ancestors 'none'")
}

const LOGIN_HTML: &str = include_str!("../assets/login.html");
const LOGIN_JS: &str = include_str!("../assets/login.js");
const APP_CSS: &str = include_str!("../assets/app.css");

/// The session cookie: HttpOnly (no script reads it), SameSite=Lax (sent on the widget's
/// top-level redirect to the callback, not on other sites' requests).
const COOKIE: &str = "web_app_session";
/// How long a sign-in may take from `/login` to the callback.
const SIGN_IN_LIFETIME: Duration = Duration::from_secs(30 * 60);
/// How long a session lasts.
const SESSION_LIFETIME: Duration = Duration::from_secs(8 * 60 * 60);

struct App {
    settings: Settings,
    http: reqwest::Client,
    /// Sessions by id, in memory (a real app uses its framework's session store).
    sessions: Mutex<HashMap<String, Session>>,
}

struct Session {
    expires: Instant,
    /// The sign-in under way: its PKCE verifier and `state`, which stay here.
    signing_in: Option<(PkceSecrets, Instant)>,
    /// Who signed in, once the callback has checked everything.
    user: Option<User>,
}

/// The signed-in user, from the verified ID token. The tokens stay on the server.
struct User {
    name: String,
    username: String,
    scope: String,
    /// What this app's handlers call APIs with.
    #[allow(dead_code)]
    access_token: AccessToken,
    /// For the org's end-session endpoint (`id_token_hint`), if the app signs out of Okta too.
    #[allow(dead_code)]
    id_token: IdToken,
}

/// The token endpoint's answer.
#[derive(Deserialize)]
struct Tokens {
    access_token: AccessToken,
    id_token: Option<IdToken>,
    #[serde(default)]
    scope: String,
}

/// Where the org's endpoints are (OpenID Connect discovery).
#[derive(Deserialize)]
struct Discovery {
    issuer: String,
    token_endpoint: String,
    jwks_uri: String,
}

/// A request that failed: the page says why, with a way to start over.
struct Failure(StatusCode, String);

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = format!(
            "<p id=\"error\">{}</p><p><a href=\"/login\">Sign in again</a></p>",
            escape(&self.1)
        );
        (self.0, no_store(page("Sign-in failed", &body))).into_response()
    }
}

impl App {
    /// The session the request's cookie names, if it is still good.
    fn session_id(&self, headers: &HeaderMap) -> Option<String> {
        let id = cookie(headers, COOKIE)?;
        let sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let session = sessions.get(id)?;
        (session.expires > Instant::now()).then(|| id.to_owned())
    }

    /// A new, empty session, and the `Set-Cookie` value that hands it to the browser.
    fn new_session(&self) -> (String, HeaderValue) {
        let id = random_hex();
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        sessions.retain(|_, s| s.expires > now);
        let session = Session {
            expires: now + SESSION_LIFETIME,
            signing_in: None,
            user: None,
        };
        sessions.insert(id.clone(), session);
        let secure = if self.settings.base_url.starts_with("https:") {
            "; Secure"
        } else {
            ""
        };
        let cookie = format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Lax{secure}");
        (id, HeaderValue::from_str(&cookie).expect("a valid cookie"))
    }

    fn with_session<T>(&self, id: &str, f: impl FnOnce(&mut Session) -> T) -> Option<T> {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        sessions.get_mut(id).map(f)
    }

    /// The org's endpoints, from its discovery document (fetched per sign-in here; a busy app
    /// keeps it, and the keys, for a while).
    async fn discover(&self) -> Result<Discovery, String> {
        let url = format!(
            "{}/.well-known/openid-configuration",
            self.settings.issuer.trim_end_matches('/')
        );
        let org: Discovery = get_json(self.http.get(url)).await?;
        if org.issuer != self.settings.issuer {
            return Err(format!("the org says its issuer is {}", org.issuer));
        }
        Ok(org)
    }

    /// Redeems the interaction code at the token endpoint: with this sign-in's verifier and
    /// the client secret (`client_secret_basic`), server to server.
    async fn exchange(
        &self,
        org: &Discovery,
        code: &str,
        pkce: &PkceSecrets,
    ) -> Result<Tokens, String> {
        let settings = &self.settings;
        let verifier = pkce.verifier().map_or("", |v| v.expose());
        // RFC 6749 §2.3.1: the id and secret are form-encoded, then joined for Basic.
        let encode =
            |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let request = self
            .http
            .post(&org.token_endpoint)
            .basic_auth(
                encode(&settings.client_id),
                Some(encode(&settings.client_secret)),
            )
            .form(&[
                ("grant_type", "interaction_code"),
                ("interaction_code", code),
                ("code_verifier", verifier),
                ("redirect_uri", &settings.redirect_uri()),
            ]);
        get_json(request).await
    }

    /// Verifies the ID token: its RS256 signature against the org's keys, `iss`, `aud` and
    /// `exp`. Returns its claims. (No `nonce`: in this mode the page's interact sends none. The
    /// code is bound to this session by `state` and PKCE, and the token comes straight from
    /// the org.)
    async fn verify(&self, org: &Discovery, id_token: &str) -> Result<Value, String> {
        let invalid = |e: jsonwebtoken::errors::Error| format!("the ID token: {e}");
        let kid = jsonwebtoken::decode_header(id_token).map_err(invalid)?.kid;
        let keys: JwkSet = get_json(self.http.get(&org.jwks_uri)).await?;
        let key = kid
            .and_then(|kid| keys.find(&kid))
            .ok_or("the ID token's key is not one of the org's keys")?;
        let mut checks = Validation::new(Algorithm::RS256);
        checks.set_issuer(&[&self.settings.issuer]);
        checks.set_audience(&[&self.settings.client_id]);
        checks.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        let key = DecodingKey::from_jwk(key).map_err(invalid)?;
        let token = jsonwebtoken::decode::<Value>(id_token, &key, &checks).map_err(invalid)?;
        Ok(token.claims)
    }
}

/// `GET /`: the greeting, or a link to sign in.
async fn home(State(app): State<Arc<App>>, headers: HeaderMap) -> impl IntoResponse {
    let greeting = app.session_id(&headers).and_then(|id| {
        app.with_session(&id, |s| {
            s.user.as_ref().map(|user| {
                format!(
                    "<p id=\"greeting\">Hello, {}! You are signed in as {}.</p>\
                     <p>This server holds your tokens (scopes: {}); your browser holds only a \
                     session cookie.</p>\
                     <form method=\"post\" action=\"/logout\"><button type=\"submit\">Sign out</button></form>",
                    escape(&user.name),
                    escape(&user.username),
                    escape(&user.scope),
                )
            })
        })
        .flatten()
    });
    let body = greeting.unwrap_or_else(|| {
        "<p id=\"greeting\">You are not signed in.</p><p><a href=\"/login\">Sign in</a></p>".into()
    });
    no_store(page("Example web app", &body))
}

/// `GET /login`: a new sign-in with its own PKCE pair and `state`, kept in the
/// session; then the page, whose script asks `/login/config` for the widget's configuration.
async fn login(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let (id, set_cookie) = match app.session_id(&headers) {
        Some(id) => (id, None),
        None => {
            let (id, cookie) = app.new_session();
            (id, Some(cookie))
        }
    };
    let mut entropy = [0u8; ENTROPY_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut entropy);
    let pkce = PkceSecrets::from_entropy(&entropy);
    app.with_session(&id, |s| s.signing_in = Some((pkce, Instant::now())));
    let mut response = no_store(Html(LOGIN_HTML)).into_response();
    if let Some(cookie) = set_cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// `GET /login/config`: the widget's configuration for the sign-in under way. It carries the
/// code challenge and `state`; the verifier never leaves the server.
async fn login_config(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let settings = &app.settings;
    let sign_in = app.session_id(&headers).and_then(|id| {
        app.with_session(&id, |s| {
            s.signing_in
                .as_ref()
                .map(|(pkce, _)| (pkce.challenge().map(str::to_owned), pkce.state().clone()))
        })
        .flatten()
    });
    let Some((Some(challenge), state)) = sign_in else {
        return Err(Failure(
            StatusCode::CONFLICT,
            "No sign-in is under way.".into(),
        ));
    };
    let config = json!({
        "issuer": settings.issuer,
        "clientId": settings.client_id,
        "redirectUri": settings.redirect_uri(),
        "scopes": ["openid", "profile", "email"],
        "codeChallenge": challenge,
        "state": state.expose(),
        "headingLevel": 1,
    });
    Ok(no_store(Json(config)).into_response())
}

/// The query the widget sends the page to.
#[derive(Deserialize)]
struct Callback {
    interaction_code: Option<String>,
    state: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// `GET /login/callback`: checks `state`, redeems the code, verifies the ID token, and signs
/// the user in under a new session id.
async fn callback(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(query): Query<Callback>,
) -> Result<Response, Failure> {
    let bad = |why: &str| Failure(StatusCode::BAD_REQUEST, why.to_owned());
    // The sign-in whose `state` came back, taken out of the session: its secrets serve one
    // callback. A request with any other `state` (a forged link) leaves the sign-in alone.
    let ours = |s: &mut Session| match (&s.signing_in, &query.state) {
        (Some((pkce, _)), Some(state)) if pkce.state_matches(state) => s.signing_in.take(),
        _ => None,
    };
    let id = app.session_id(&headers);
    let pending = id
        .as_ref()
        .and_then(|id| app.with_session(id, ours).flatten());
    let (Some(id), Some((pkce, started))) = (id, pending) else {
        return Err(bad(
            "This answer is not for a sign-in this browser started.",
        ));
    };
    if started.elapsed() > SIGN_IN_LIFETIME {
        return Err(bad("This sign-in took too long."));
    }
    if let Some(error) = &query.error {
        let description = query.error_description.as_deref().unwrap_or(error);
        return Err(bad(description));
    }
    let Some(code) = &query.interaction_code else {
        return Err(bad("The answer carries no interaction code."));
    };
    let org_failure = |e: String| Failure(StatusCode::BAD_GATEWAY, format!("The org: {e}"));
    let org = app.discover().await.map_err(org_failure)?;
    let tokens = app.exchange(&org, code, &pkce).await.map_err(org_failure)?;
    let id_token = tokens.id_token.ok_or(bad("No ID token came back."))?;
    let claims = app
        .verify(&org, id_token.expose())
        .await
        .map_err(|e| bad(&e))?;
    let text = |key: &str| claims[key].as_str().unwrap_or_default().to_owned();
    let user = User {
        name: text("name"),
        username: text("preferred_username"),
        scope: tokens.scope,
        access_token: tokens.access_token,
        id_token,
    };
    // A new session id for the signed-in user: the one before was handed out before sign-in.
    app.sessions
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .remove(&id);
    let (id, cookie) = app.new_session();
    app.with_session(&id, |s| s.user = Some(user));
    Ok(([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response())
}

/// `POST /logout`: forgets the session. (To end the user's Okta session too, redirect to the
/// org's `end_session_endpoint` with the ID token as `id_token_hint`.)
async fn logout(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if let Some(id) = cookie(&headers, COOKIE) {
        app.sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }
    let clear = format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    ([(header::SET_COOKIE, clear)], Redirect::to("/")).into_response()
}

/// Sends a request to the org and reads its JSON answer; an OAuth error says what it is.
async fn get_json<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
) -> Result<T, String> {
    let response = request
        .header(header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let status = response.status();
    if !status.is_success() {
        let body: Value = response.json().await.unwrap_or_default();
        let why = body["error_description"]
            .as_str()
            .or(body["error"].as_str())
            .unwrap_or_default();
        return Err(format!("{status} {why}"));
    }
    response.json().await.map_err(|e| e.to_string())
}

/// A page of the app, around `body` (trusted HTML).
fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"stylesheet\" href=\"/static/app.css\">\n</head>\n\
         <body>\n<main>\n<h1>{title}</h1>\n{body}\n</main>\n</body>\n</html>\n"
    ))
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type)], body)
}

/// Tells browsers and proxies not to keep a copy: these answers are for one session.
fn no_store(response: impl IntoResponse) -> impl IntoResponse {
    ([(header::CACHE_CONTROL, "no-store")], response)
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
}

fn random_hex() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Where `main` listens by default: idx-sim's demo web client redirects to this port.
pub const DEFAULT_LISTEN: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 8090);

#[cfg(test)]
mod tests {
    /// The shared policy is edited by text: a change to its wording must not silently leave
    /// the sign-out form blocked or a placeholder unfilled.
    #[test]
    fn the_policy_lets_the_sign_out_form_post_to_the_app() {
        let policy = super::policy("https://example.okta.com");
        assert!(policy.contains("form-action 'self';"), "{policy}");
        assert!(
            policy.contains("connect-src 'self' https://example.okta.com;"),
            "{policy}"
        );
        assert!(!policy.contains('{'), "{policy}");
    }
}

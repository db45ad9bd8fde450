//! The OAuth side of the org: discovery, JWKS, interact and the token endpoint (interaction-code
//! grant, PKCE S256, single-use short-lived codes, RS256-signed tokens), revocation and
//! userinfo, for the org authorization server and each configured custom one. The single-page
//! app is a public client; a web application (`[[web_client]]`) authenticates with its secret
//! (`client_secret_basic` or `client_secret_post`), except when its page calls interact.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, post};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::App;
use crate::config::WebClient;
use crate::store::{Flow, OAuthRequest, Transaction, View, random_id};

/// The org's signing key, made fresh at every start.
pub struct SigningKey {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
    n: String,
    e: String,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// A new 2048-bit RSA key.
    pub fn generate() -> Self {
        let private =
            rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).expect("RSA key generation");
        let der = private.to_pkcs1_der().expect("PKCS#1 encoding");
        let n = private.n().to_bytes_be();
        let e = private.e().to_bytes_be();
        Self {
            kid: random_id("sim", 16),
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            decoding: DecodingKey::from_rsa_raw_components(&n, &e),
            n: URL_SAFE_NO_PAD.encode(n),
            e: URL_SAFE_NO_PAD.encode(e),
        }
    }

    /// The public half, to check what this key signed.
    pub(crate) fn decoding(&self) -> &DecodingKey {
        &self.decoding
    }

    pub(crate) fn sign(&self, claims: &Value) -> String {
        self.sign_as(&self.kid, claims)
    }

    /// Signs with this key but names another key id in the header.
    pub(crate) fn sign_as(&self, kid: &str, claims: &Value) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(kid.to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding).unwrap_or_default()
    }
}

/// Which authorization server a request went to: taken from the route, so one handler per
/// endpoint serves the org's server (`/oauth2/v1/…`) and every custom one (`/oauth2/{id}/v1/…`).
/// An id the org does not have is Okta's 404.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Server {
    /// The org authorization server: issuer = the org, endpoints under `/oauth2/v1`.
    Org,
    /// A custom authorization server: issuer = `/oauth2/{id}`, endpoints under its `/v1`.
    Custom(String),
}

impl Server {
    /// The issuer, as tokens and discovery name it.
    pub fn issuer(&self, app: &App) -> String {
        match self {
            Self::Org => app.org_url(),
            Self::Custom(id) => format!("{}/oauth2/{id}", app.org_url()),
        }
    }

    /// Where its endpoints live.
    pub fn endpoints(&self, app: &App) -> String {
        match self {
            Self::Org => format!("{}/oauth2/v1", app.org_url()),
            Self::Custom(id) => format!("{}/oauth2/{id}/v1", app.org_url()),
        }
    }

    /// Its id, `org` for the org's own.
    pub fn id(&self) -> &str {
        match self {
            Self::Org => "org",
            Self::Custom(id) => id,
        }
    }

    /// Its token endpoint, which the success form names.
    pub fn token_endpoint(&self, app: &App) -> String {
        format!("{}/token", self.endpoints(app))
    }

    fn audience(&self, app: &App) -> String {
        match self {
            Self::Org => app.org_url(),
            Self::Custom(id) => format!("api://{id}"),
        }
    }
}

impl FromRequestParts<Arc<App>> for Server {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Response> {
        let id = Option::<Path<String>>::from_request_parts(parts, app)
            .await
            .map_err(IntoResponse::into_response)?;
        match id {
            None => Ok(Self::Org),
            Some(Path(id)) if app.store.config.authorization_servers.contains(&id) => {
                Ok(Self::Custom(id))
            }
            Some(Path(id)) => Err(crate::http::not_found_text(&format!(
                "Not found: Resource not found: {id} (AuthorizationServer)"
            ))),
        }
    }
}

/// `GET …/.well-known/openid-configuration`.
pub async fn discovery(State(app): State<Arc<App>>, server: Server) -> Json<Value> {
    let app = &*app;
    let iss = server.issuer(app);
    let v1 = server.endpoints(app);
    let mut scopes: Vec<&str> = vec!["openid", "profile", "email", "offline_access"];
    scopes.extend(app.store.config.consent_scopes.iter().map(String::as_str));
    Json(json!({
        "issuer": iss,
        "authorization_endpoint": format!("{v1}/authorize"),
        "token_endpoint": format!("{v1}/token"),
        "userinfo_endpoint": format!("{v1}/userinfo"),
        "registration_endpoint": format!("{}/oauth2/v1/clients", app.org_url()),
        "jwks_uri": format!("{v1}/keys"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "fragment"],
        "grant_types_supported": ["interaction_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": scopes,
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "claims_supported": [
            "iss", "sub", "aud", "iat", "exp", "nonce", "email", "email_verified", "name",
            "preferred_username", "given_name", "family_name", "locale", "zoneinfo",
        ],
        "code_challenge_methods_supported": ["S256"],
        "introspection_endpoint": format!("{v1}/introspect"),
        "introspection_endpoint_auth_methods_supported": ["none"],
        "revocation_endpoint": format!("{v1}/revoke"),
        "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "end_session_endpoint": format!("{v1}/logout"),
        "request_parameter_supported": false,
        "request_object_signing_alg_values_supported": ["RS256"],
    }))
}

/// `GET …/v1/keys`: one signing key for every server.
pub async fn jwks(State(app): State<Arc<App>>, _server: Server) -> Json<Value> {
    let key = &app.key;
    Json(
        json!({"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": key.kid, "n": key.n, "e": key.e}]}),
    )
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

fn form_fields(headers: &HeaderMap, body: &[u8]) -> Result<HashMap<String, String>, Box<Response>> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(Box::new(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The request must be application/x-www-form-urlencoded.",
        )));
    }
    Ok(url::form_urlencoded::parse(body).into_owned().collect())
}

/// The client credentials a request presented (RFC 6749 §2.3.1).
pub(crate) struct Credentials {
    /// The client id inside an `Authorization: Basic` header.
    basic_id: Option<String>,
    secret: String,
}

/// The client a request to an OAuth endpoint is from, once authenticated as far as its kind
/// needs.
#[derive(Clone, Copy)]
enum OAuthClient<'a> {
    /// The single-page app: a public client, no secret.
    Spa,
    /// A confidential web application.
    Web(&'a WebClient),
}

impl<'a> OAuthClient<'a> {
    fn id(&self, config: &'a crate::Config) -> &'a str {
        match self {
            Self::Spa => &config.client_id,
            Self::Web(client) => &client.client_id,
        }
    }

    fn redirect_uris(&self, config: &'a crate::Config) -> &'a [String] {
        match self {
            Self::Spa => &config.redirect_uris,
            Self::Web(client) => &client.redirect_uris,
        }
    }
}

/// Whether the caller must prove it holds the secret.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SecretNeeded {
    /// Always (the token and revocation endpoints).
    Always,
    /// Unless the call comes from a browser (an `Origin`, which the origin guard has already
    /// checked is trusted): interact, which a page calls itself in a web application.
    FromServers,
}

/// The `application/x-www-form-urlencoded` decoding of one part of a Basic header (RFC 6749
/// §2.3.1: the id and secret are form-encoded before they are joined and base64-encoded).
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(hi), Some(lo)) => {
                    out.push((hi * 16 + lo) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn invalid_client() -> Response {
    oauth_error(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "Client authentication failed. Either the client or the client credentials are invalid.",
    )
}

/// The credentials presented in the `Authorization` header or the form, if any.
fn presented(
    headers: &HeaderMap,
    fields: &HashMap<String, String>,
) -> Result<Option<Credentials>, Box<Response>> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or(""));
    let basic = match authorization {
        None => None,
        Some(value) => {
            let (scheme, rest) = value.trim().split_once(' ').unwrap_or((value, ""));
            if !scheme.eq_ignore_ascii_case("basic") {
                // Not client authentication (a bearer token, say): as if absent.
                return Ok(presented_post(fields));
            }
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(rest.trim())
                .ok()
                .and_then(|b| String::from_utf8(b).ok());
            let Some(decoded) = decoded else {
                return Err(Box::new(invalid_client()));
            };
            // A public client may name itself in the header with no secret (okta-auth-js
            // sends `Basic base64(clientId)` to revoke), as Okta accepts: an empty secret, which
            // only a public client gets away with.
            let (id, secret) = decoded.split_once(':').unwrap_or((decoded.as_str(), ""));
            Some(Credentials {
                basic_id: Some(form_decode(id)),
                secret: form_decode(secret),
            })
        }
    };
    match (basic, presented_post(fields)) {
        (Some(_), Some(_)) => Err(Box::new(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Cannot supply multiple client credentials. Use one of the following: credentials in \
             the Authorization header, credentials in the post body, or a client_assertion in the \
             post body.",
        ))),
        (basic, post) => Ok(basic.or(post)),
    }
}

/// A `client_secret` in the form (client_secret_post).
fn presented_post(fields: &HashMap<String, String>) -> Option<Credentials> {
    fields.get("client_secret").map(|secret| Credentials {
        basic_id: None,
        secret: secret.clone(),
    })
}

/// Compares two secrets in time that does not depend on where they differ.
fn same_secret(ours: &str, theirs: &str) -> bool {
    let (a, b) = (
        Sha256::digest(ours.as_bytes()),
        Sha256::digest(theirs.as_bytes()),
    );
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// Which client a request is from, authenticated as its kind needs: the single-page app by
/// its id alone (as before), a web application by its secret (or, where `needed` allows, by
/// coming from a browser).
fn authenticate<'c>(
    config: &'c crate::Config,
    headers: &HeaderMap,
    fields: &HashMap<String, String>,
    credentials: Option<&Credentials>,
    needed: SecretNeeded,
) -> Result<OAuthClient<'c>, Box<Response>> {
    let form_id = fields.get("client_id").filter(|id| !id.is_empty());
    let basic_id = credentials.and_then(|c| c.basic_id.as_ref());
    if let (Some(form_id), Some(basic_id)) = (form_id, basic_id)
        && form_id != basic_id
    {
        return Err(Box::new(invalid_client()));
    }
    let Some(id) = form_id.or(basic_id) else {
        return Err(Box::new(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid value for 'client_id' parameter.",
        )));
    };
    if *id == config.client_id {
        return Ok(OAuthClient::Spa);
    }
    let Some(client) = config.web_client(id) else {
        return Err(Box::new(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid value for 'client_id' parameter.",
        )));
    };
    match credentials {
        Some(c) if same_secret(&client.client_secret, &c.secret) => Ok(OAuthClient::Web(client)),
        Some(_) => Err(Box::new(invalid_client())),
        None if needed == SecretNeeded::FromServers && headers.contains_key(header::ORIGIN) => {
            Ok(OAuthClient::Web(client))
        }
        None => Err(Box::new(invalid_client())),
    }
}

/// An OAuth endpoint a client posts a form to: its answer, given the org, the authorization
/// server, the request's headers and the form with the credentials presented.
pub(crate) type ClientEndpoint = fn(&App, &Server, &HeaderMap, OAuthForm) -> Response;

/// The `POST` route of a client's requests to `endpoint`. The response, refused or not,
/// carries the client authentication presented, for the log.
pub(crate) fn client_post(endpoint: ClientEndpoint) -> MethodRouter<Arc<App>> {
    let answer = move |State(app): State<Arc<App>>,
                       server: Server,
                       headers: HeaderMap,
                       body: Bytes| async move {
        let method = presented_method(&headers, &body);
        let mut response = match parse_request(&headers, &body) {
            Ok(form) => endpoint(&app, &server, &headers, form),
            Err(refused) => *refused,
        };
        if let Some(method) = method {
            response
                .extensions_mut()
                .insert(crate::http::ClientAuth(method));
        }
        response
    };
    post(answer)
}

/// A request to an OAuth endpoint: its form fields and the client credentials it presented.
pub(crate) type OAuthForm = (HashMap<String, String>, Option<Credentials>);

/// The form and credentials of a request to an OAuth endpoint, or the answer refusing it.
fn parse_request(headers: &HeaderMap, body: &[u8]) -> Result<OAuthForm, Box<Response>> {
    let fields = form_fields(headers, body)?;
    let credentials = presented(headers, &fields)?;
    Ok((fields, credentials))
}

/// The client authentication a request to an OAuth endpoint presented, for the log even when
/// it is refused.
fn presented_method(headers: &HeaderMap, body: &[u8]) -> Option<&'static str> {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .get(..6)
                .is_some_and(|s| s.eq_ignore_ascii_case("basic "))
        });
    if basic {
        return Some("client_secret_basic");
    }
    url::form_urlencoded::parse(body)
        .any(|(k, _)| k == "client_secret")
        .then_some("client_secret_post")
}

/// `POST …/v1/interact`: starts a transaction at this authorization server. A web
/// application's back end authenticates with its secret; its page, from a trusted origin,
/// cannot and need not.
pub(crate) fn interact(
    app: &App,
    server: &Server,
    headers: &HeaderMap,
    (fields, credentials): OAuthForm,
) -> Response {
    let config = &app.store.config;
    let client = match authenticate(
        config,
        headers,
        &fields,
        credentials.as_ref(),
        SecretNeeded::FromServers,
    ) {
        Ok(client) => client,
        Err(e) => return *e,
    };
    let get = |k: &str| fields.get(k).map(String::as_str).filter(|v| !v.is_empty());
    if !config.interaction_code {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "access_denied",
            "The requested feature is not enabled in this environment.",
        );
    }
    let Some(redirect_uri) =
        get("redirect_uri").filter(|r| client.redirect_uris(config).iter().any(|u| u == r))
    else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "'redirect_uri' must be a Login redirect URI in the client app settings.",
        );
    };
    if get("code_challenge_method") != Some("S256") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "'code_challenge_method' must be S256.",
        );
    }
    let Some(code_challenge) = get("code_challenge").filter(|c| c.len() == 43) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "'code_challenge' is required (S256, 43 characters).",
        );
    };
    let Some(state) = get("state") else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "'state' is required.",
        );
    };
    let oauth = OAuthRequest {
        issuer: server.issuer(app),
        server_id: server.id().to_owned(),
        token_endpoint: server.token_endpoint(app),
        client_id: client.id(config).to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        scope: get("scope").unwrap_or("openid").to_owned(),
        state: state.to_owned(),
        code_challenge: code_challenge.to_owned(),
        nonce: get("nonce").map(str::to_owned),
    };
    let interaction_handle = random_id("", 43);
    let state_handle = random_id("02", 40);
    let mut tx = Transaction {
        state_handle: state_handle.clone(),
        interaction_handle: interaction_handle.clone(),
        oauth,
        expires_at: Instant::now() + Duration::from_secs(config.state_ttl_secs),
        user: None,
        view: View::Identify,
        last_poll: None,
        polls: 0,
        mfa_done: false,
        password_skipped: false,
        okta_verify_skipped: false,
        otp: None,
        enrolling_secret: None,
        flow: Flow::SignIn,
        consented: false,
        webauthn_challenge: None,
    };
    app.store.with(|inner| {
        if let Some(token) = get("recovery_token") {
            crate::recovery::start_with_token(inner, &mut tx, token);
        }
        inner.sweep(Instant::now());
        inner.room_for_a_transaction();
        if let Some(token) = get("activation_token") {
            crate::registration::start_activation(app, inner, &mut tx, token);
        }
        inner
            .by_interaction
            .insert(interaction_handle.clone(), state_handle.clone());
        inner.transactions.insert(state_handle, tx);
    });
    Json(json!({"interaction_handle": interaction_handle})).into_response()
}

/// `POST …/v1/token`: the interaction-code grant at this authorization server. A web
/// application authenticates with its secret before the code is looked at, so a refused
/// attempt leaves the code for the real back end.
pub(crate) fn token(
    app: &App,
    server: &Server,
    headers: &HeaderMap,
    (fields, credentials): OAuthForm,
) -> Response {
    let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    if get("grant_type") != "interaction_code" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Only interaction_code is supported.",
        );
    }
    let config = &app.store.config;
    let client = match authenticate(
        config,
        headers,
        &fields,
        credentials.as_ref(),
        SecretNeeded::Always,
    ) {
        Ok(client) => client,
        Err(e) => return *e,
    };
    let lifetime = Duration::from_secs(app.store.config.interaction_code_ttl_secs);
    let grant = app.store.with(|inner| {
        let grant = inner.codes.get_mut(get("interaction_code"))?;
        if grant.used || grant.created.elapsed() > lifetime {
            return None;
        }
        // Single use: a second attempt with the same code fails, right or wrong.
        grant.used = true;
        Some(grant.clone())
    });
    let Some(grant) = grant else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "The interaction code is invalid or has expired.",
        );
    };
    if grant.oauth.issuer != server.issuer(app) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "The interaction code was issued by another authorization server.",
        );
    }
    if client.id(config) != grant.oauth.client_id {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid value for 'client_id' parameter.",
        );
    }
    if fields.contains_key("redirect_uri") && get("redirect_uri") != grant.oauth.redirect_uri {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "The redirect_uri does not match the one used to start.",
        );
    }
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(get("code_verifier").as_bytes()));
    if challenge != grant.oauth.code_challenge {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "PKCE verification failed.",
        );
    }
    let Some(user) = app.store.user(&grant.username) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "The user no longer exists.",
        );
    };
    let user_id = app.store.user_id(&user.username).unwrap_or_default();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    let iss = server.issuer(app);
    let name = format!(
        "{} {}",
        user.first_name.clone().unwrap_or_default(),
        user.last_name.clone().unwrap_or_default()
    );
    let mut id_claims = json!({
        "iss": iss, "aud": grant.oauth.client_id, "sub": user_id, "iat": now, "exp": now + 3600,
        "auth_time": now, "email": user.email(), "preferred_username": user.username, "name": name.trim(),
        "amr": ["pwd", "okta_verify"],
    });
    if let Some(nonce) = &grant.oauth.nonce {
        id_claims["nonce"] = json!(nonce);
    }
    let scopes: Vec<&str> = grant.oauth.scope.split_whitespace().collect();
    let access_claims = json!({
        "ver": 1, "jti": random_id("AT.", 20), "iss": iss, "aud": server.audience(app), "iat": now, "exp": now + 3600,
        "cid": grant.oauth.client_id, "uid": user_id, "scp": scopes, "sub": user.username,
    });
    let mut body = json!({
        "token_type": "Bearer",
        "expires_in": 3600,
        "access_token": app.key.sign(&access_claims),
        "scope": grant.oauth.scope,
    });
    if scopes.contains(&"offline_access") && app.store.config.refresh_tokens {
        let refresh = random_id("rt.", 40);
        app.store.with(|inner| inner.remember_token(&refresh));
        body["refresh_token"] = json!(refresh);
    }
    if scopes.contains(&"openid") {
        body["id_token"] = json!(crate::faults::id_token(app, id_claims));
    }
    Json(body).into_response()
}

/// `POST …/v1/revoke`: forgets an access or refresh token (RFC 7009: unknown tokens too
/// answer 200). A web application authenticates with its secret.
pub(crate) fn revoke(
    app: &App,
    _server: &Server,
    headers: &HeaderMap,
    (fields, credentials): OAuthForm,
) -> Response {
    if let Err(e) = authenticate(
        &app.store.config,
        headers,
        &fields,
        credentials.as_ref(),
        SecretNeeded::Always,
    ) {
        return *e;
    }
    let Some(token) = fields.get("token").filter(|t| !t.is_empty()) else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "'token' is required.",
        );
    };
    app.store.with(|inner| inner.revoke(token));
    StatusCode::OK.into_response()
}

/// A refusal of the bearer token at the userinfo endpoint (RFC 6750 §3).
fn bearer_error(status: StatusCode, error: &str, description: &str) -> Response {
    let challenge = format!("Bearer error=\"{error}\", error_description=\"{description}\"");
    let mut response = status.into_response();
    if let Ok(value) = header::HeaderValue::from_str(&challenge) {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

/// `GET` (or `POST`) `…/v1/userinfo`: the claims of the user an access token of this
/// authorization server was issued for, as far as its scopes allow (`profile`: names, locale,
/// time zone; `email`: the address).
pub async fn userinfo(State(app): State<Arc<App>>, server: Server, headers: HeaderMap) -> Response {
    let app = &*app;
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim();
    let token = match authorization.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ => {
            return bearer_error(
                StatusCode::UNAUTHORIZED,
                "invalid_token",
                "The access token is missing.",
            );
        }
    };
    let invalid = || {
        bearer_error(
            StatusCode::UNAUTHORIZED,
            "invalid_token",
            "The access token is invalid.",
        )
    };
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[server.issuer(app)]);
    validation.set_audience(&[server.audience(app)]);
    let Ok(data) = jsonwebtoken::decode::<Value>(token, &app.key.decoding, &validation) else {
        return invalid();
    };
    let claims = data.claims;
    let jti = claims["jti"].as_str().unwrap_or_default();
    let revoked = app
        .store
        .with(|inner| inner.revoked.contains(token) || inner.revoked.contains(jti));
    if revoked || !jti.starts_with("AT.") {
        return invalid();
    }
    let Some(user) = claims["sub"].as_str().and_then(|sub| app.store.user(sub)) else {
        return invalid();
    };
    let scopes: Vec<&str> = claims["scp"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if !scopes.contains(&"openid") {
        return bearer_error(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            "The access token must provide access to at least one of these scopes - openid.",
        );
    }
    let user_id = app.store.user_id(&user.username).unwrap_or_default();
    let mut body = json!({"sub": user_id});
    if scopes.contains(&"profile") {
        let given = user.first_name.clone().unwrap_or_default();
        let family = user.last_name.clone().unwrap_or_default();
        body["name"] = json!(format!("{given} {family}").trim());
        body["preferred_username"] = json!(user.username);
        body["given_name"] = json!(given);
        body["family_name"] = json!(family);
        body["locale"] = json!("en_US");
        body["zoneinfo"] = json!("America/Los_Angeles");
        body["updated_at"] = json!(claims["iat"]);
    }
    if scopes.contains(&"email") {
        body["email"] = json!(user.email());
        body["email_verified"] = json!(true);
    }
    Json(body).into_response()
}

/// `GET …/v1/logout` (RP-initiated logout): with an ID token this server issued as
/// `id_token_hint`, back to `post_logout_redirect_uri` (one of the token's app's sign-out
/// redirect URIs, exactly) with `state`, as Okta answers; anything else is Okta's 400 page.
pub async fn logout(
    State(app): State<Arc<App>>,
    server: Server,
    axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>,
    headers: axum::http::HeaderMap,
) -> Response {
    let app = &*app;
    let refuse = |text: &str| (StatusCode::BAD_REQUEST, text.to_owned()).into_response();
    let Some(hint) = query.get("id_token_hint") else {
        return refuse("The 'id_token_hint' parameter is required.");
    };
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_issuer(&[server.issuer(app)]);
    // An expired ID token still names who signs out.
    validation.validate_exp = false;
    validation.validate_aud = false;
    let Ok(data) = jsonwebtoken::decode::<Value>(hint, &app.key.decoding, &validation) else {
        return refuse("The 'id_token_hint' parameter is not a valid ID token.");
    };
    let audience = data.claims["aud"].as_str().unwrap_or_default();
    let config = &app.store.config;
    let sign_out_uris: &[String] = if audience == config.client_id {
        &config.post_logout_redirect_uris
    } else {
        config
            .web_client(audience)
            .map(|c| c.post_logout_redirect_uris.as_slice())
            .unwrap_or_default()
    };
    let Some(target) = query.get("post_logout_redirect_uri") else {
        let ended = crate::okta_session::end_for(app, &headers);
        return (
            StatusCode::OK,
            axum::response::AppendHeaders(ended),
            "You have been signed out.",
        )
            .into_response();
    };
    let allowed = sign_out_uris.iter().any(|uri| uri == target);
    let Some(mut target) = url::Url::parse(target).ok().filter(|_| allowed) else {
        return refuse(
            "The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.",
        );
    };
    if let Some(state) = query.get("state") {
        target.query_pairs_mut().append_pair("state", state);
    }
    // Only a valid request ends the session: a bad link must not sign anyone out.
    let ended = crate::okta_session::end_for(app, &headers);
    let mut headers = vec![(header::LOCATION, target.to_string())];
    headers.extend(ended);
    (StatusCode::FOUND, axum::response::AppendHeaders(headers)).into_response()
}

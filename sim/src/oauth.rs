//! The OAuth side of the org: discovery, JWKS, interact and the token endpoint (interaction-code
//! grant, PKCE S256, single-use short-lived codes, RS256-signed tokens), for the org
//! authorization server and each configured custom one.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::App;
use crate::store::{OAuthRequest, Transaction, View, random_id};

/// The org's signing key, made fresh at every start.
pub struct SigningKey {
    kid: String,
    encoding: EncodingKey,
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
        Self {
            kid: random_id("sim", 16),
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            n: URL_SAFE_NO_PAD.encode(private.n().to_bytes_be()),
            e: URL_SAFE_NO_PAD.encode(private.e().to_bytes_be()),
        }
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
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "token_endpoint_auth_methods_supported": ["none"],
        "claims_supported": ["iss", "sub", "aud", "iat", "exp", "nonce", "email", "name", "preferred_username"],
        "code_challenge_methods_supported": ["S256"],
        "introspection_endpoint": format!("{v1}/introspect"),
        "introspection_endpoint_auth_methods_supported": ["none"],
        "revocation_endpoint": format!("{v1}/revoke"),
        "revocation_endpoint_auth_methods_supported": ["none"],
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

/// `POST …/v1/interact`: starts a transaction at this authorization server.
pub async fn interact(
    State(app): State<Arc<App>>,
    server: Server,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let app = &*app;
    let fields = match form_fields(&headers, &body) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let config = &app.store.config;
    let get = |k: &str| fields.get(k).map(String::as_str).filter(|v| !v.is_empty());
    if get("client_id") != Some(config.client_id.as_str()) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid value for 'client_id' parameter.",
        );
    }
    if !config.interaction_code {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "access_denied",
            "The requested feature is not enabled in this environment.",
        );
    }
    let Some(redirect_uri) =
        get("redirect_uri").filter(|r| config.redirect_uris.iter().any(|u| u == r))
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
        client_id: config.client_id.clone(),
        redirect_uri: redirect_uri.to_owned(),
        scope: get("scope").unwrap_or("openid").to_owned(),
        state: state.to_owned(),
        code_challenge: code_challenge.to_owned(),
        nonce: get("nonce").map(str::to_owned),
    };
    let interaction_handle = random_id("", 43);
    let state_handle = random_id("02", 40);
    let tx = Transaction {
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
    };
    app.store.with(|inner| {
        inner.sweep(Instant::now());
        inner
            .by_interaction
            .insert(interaction_handle.clone(), state_handle.clone());
        inner.transactions.insert(state_handle, tx);
    });
    Json(json!({"interaction_handle": interaction_handle})).into_response()
}

/// `POST …/v1/token`: the interaction-code grant at this authorization server.
pub async fn token(
    State(app): State<Arc<App>>,
    server: Server,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let app = &*app;
    app.store.config.faults.delay_token().await;
    let fields = match form_fields(&headers, &body) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    if get("grant_type") != "interaction_code" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Only interaction_code is supported.",
        );
    }
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
    if get("client_id") != grant.oauth.client_id {
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
    let Some(user) = app.store.user(&grant.username).cloned() else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_grant",
            "The user no longer exists.",
        );
    };
    let user_id = app
        .store
        .with(|inner| inner.user_state(&user.username).map(|s| s.id.clone()))
        .unwrap_or_default();
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
/// answer 200).
pub async fn revoke(
    State(app): State<Arc<App>>,
    _server: Server,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields = match form_fields(&headers, &body) {
        Ok(f) => f,
        Err(e) => return *e,
    };
    if fields.get("client_id") != Some(&app.store.config.client_id) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid value for 'client_id' parameter.",
        );
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

//! The IDX client: interact, introspect, proceed, poll, cancel and token exchange over any
//! [`Transport`]. Every URL it calls is checked to be on the org's origin first.

use std::time::Duration;

use serde::Deserialize;

use crate::address::Address;
use crate::body::{Inputs, build_body};
use crate::error::{IdxError, RetryHint, classify_idx, classify_other, not_json};
use crate::jwt::{self, Expected, Jwks, SignatureVerifier, TokenError};
use crate::model::{Form, IdxResponse};
use crate::pkce::PkceSecrets;
use crate::secret::{
    AccessToken, ActivationToken, IdToken, InteractionCode, InteractionHandle, RecoveryToken,
    RefreshToken, StateHandle,
};
use crate::transport::{HttpRequest, HttpResponse, Transport};

/// The IDX media type with the protocol version, for introspect and as the default `Accept`.
pub const ION_JSON: &str = "application/ion+json; okta-version=1.0.0";
const FORM_URLENCODED: &str = "application/x-www-form-urlencoded";
/// Identifies the client to the org, as Okta's own SDKs do.
const USER_AGENT_EXTENDED: &str = concat!("idx-widget/", env!("CARGO_PKG_VERSION"));

/// What the client needs to know about the org and the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// The authorization server, e.g. `https://example.okta.com/oauth2/default`.
    pub issuer: String,
    /// The SPA app's client id.
    pub client_id: String,
    /// A redirect URI registered on the app (sent to interact and token).
    pub redirect_uri: String,
    /// Scopes to ask for, e.g. `openid profile email`.
    pub scopes: Vec<String>,
    /// The user's language as a BCP 47 tag (`fr`, `pt-BR`), sent as `Accept-Language` so the
    /// org's own messages come back in it; `None` leaves the browser's own header.
    pub language: Option<String>,
}

/// One-time tokens a transaction may start with, sent to interact as okta-auth-js sends them:
/// a password reset link's `recovery_token`, a new user's `activation_token`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OneTimeTokens {
    /// Starts the transaction at resetting that user's password.
    pub recovery_token: Option<RecoveryToken>,
    /// Starts the transaction at activating that (provisioned) user.
    pub activation_token: Option<ActivationToken>,
}

impl OneTimeTokens {
    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.recovery_token.is_none() && self.activation_token.is_none()
    }
}

/// The tokens the token endpoint returned.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TokenResponse {
    /// `Bearer`.
    pub token_type: String,
    /// Seconds the access token lives.
    #[serde(default)]
    pub expires_in: Option<u64>,
    /// The access token.
    pub access_token: AccessToken,
    /// The ID token, when `openid` was asked for.
    #[serde(default)]
    pub id_token: Option<IdToken>,
    /// A refresh token, when the app allows one.
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    /// The granted scopes.
    #[serde(default)]
    pub scope: Option<String>,
}

/// A client for one org.
#[derive(Debug, Clone)]
pub struct Client<T> {
    config: ClientConfig,
    issuer: Address,
    /// The issuer's origin, serialised.
    origin: String,
    transport: T,
}

impl<T: Transport> Client<T> {
    /// A client for the org the issuer names. Fails when the issuer is not an absolute http(s)
    /// URL.
    pub fn new(config: ClientConfig, transport: T) -> Result<Self, IdxError> {
        let issuer = Address::parse(config.issuer.trim_end_matches('/'))
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| {
                IdxError::BadRequest(format!("issuer {:?} is not a URL", config.issuer))
            })?;
        // An http(s) address with a host always has an origin.
        let origin = issuer.origin().unwrap_or_default();
        Ok(Self {
            config,
            issuer,
            origin,
            transport,
        })
    }

    /// The headers every request to the org carries: who the client is (as Okta's own SDKs
    /// say it) and, when set, the user's language.
    fn identity_headers(&self) -> Vec<(String, String)> {
        let mut headers = vec![(
            "X-Okta-User-Agent-Extended".to_owned(),
            USER_AGENT_EXTENDED.to_owned(),
        )];
        if let Some(language) = &self.config.language {
            headers.push(("Accept-Language".to_owned(), language.clone()));
        }
        headers
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The org's origin, e.g. `https://example.okta.com`; the only origin this client calls.
    pub fn org_origin(&self) -> String {
        self.origin.clone()
    }

    /// Whether a URL is on the org's origin.
    pub fn is_org_url(&self, url: &str) -> bool {
        self.org_url(url).is_some()
    }

    /// The parsed, normalised form of `url` when it is an `http(s)` URL on the org's origin;
    /// that, never the string as given, is what gets fetched. Other schemes never pass, not
    /// even `blob:` whose origin is that of the URL inside it.
    pub fn org_url(&self, url: &str) -> Option<String> {
        Address::parse(url)
            .filter(|u| {
                matches!(u.scheme(), "http" | "https") && u.origin().as_ref() == Some(&self.origin)
            })
            .map(String::from)
    }

    /// An endpoint of the authorization server, as okta-auth-js builds it (`getOAuthBaseUrl`):
    /// an issuer whose path has `/oauth2` in it carries its own `/v1/…`, a custom server's
    /// (`https://{org}/oauth2/{id}`, `default` included) as well as the org authorization
    /// server written `https://{org}/oauth2`; any other issuer is the bare org (or a custom
    /// domain), whose endpoints live under `/oauth2/v1/…`.
    pub fn oauth_endpoint(&self, name: &str) -> String {
        let issuer = self.issuer.as_str().trim_end_matches('/');
        if self.issuer.path().contains("/oauth2") {
            format!("{issuer}/v1/{name}")
        } else {
            format!("{issuer}/oauth2/v1/{name}")
        }
    }

    /// Starts a transaction: `POST …/v1/interact` with PKCE S256, `state` and `nonce`.
    pub async fn interact(&self, secrets: &PkceSecrets) -> Result<InteractionHandle, IdxError> {
        self.interact_with(secrets, &OneTimeTokens::default()).await
    }

    /// Starts a transaction as [`Client::interact`] does, also sending these one-time tokens.
    pub async fn interact_with(
        &self,
        secrets: &PkceSecrets,
        tokens: &OneTimeTokens,
    ) -> Result<InteractionHandle, IdxError> {
        #[derive(Deserialize)]
        struct Interact {
            interaction_handle: InteractionHandle,
        }
        let Some(challenge) = secrets.challenge() else {
            return Err(IdxError::BadRequest(
                "interact needs a code challenge".into(),
            ));
        };
        let mut body = form_urlencoded::Serializer::new(String::new());
        body.append_pair("client_id", &self.config.client_id)
            .append_pair("scope", &self.config.scopes.join(" "))
            .append_pair("redirect_uri", &self.config.redirect_uri)
            .append_pair("code_challenge", challenge)
            .append_pair("code_challenge_method", "S256")
            .append_pair("state", secrets.state().expose());
        if let Some(nonce) = secrets.nonce() {
            body.append_pair("nonce", nonce.expose());
        }
        if let Some(token) = &tokens.recovery_token {
            body.append_pair("recovery_token", token.expose());
        }
        if let Some(token) = &tokens.activation_token {
            body.append_pair("activation_token", token.expose());
        }
        let body = body.finish();
        let url = self.oauth_endpoint("interact");
        let response = self.send_form(url, body, true).await?;
        let json = oauth_json(&response)?;
        Interact::deserialize(&json)
            .map(|i| i.interaction_handle)
            .map_err(|e| IdxError::Malformed {
                status: response.status,
                reason: e.to_string(),
            })
    }

    /// Reads the first state of a transaction: `POST /idp/idx/introspect`. When the server
    /// echoes the OAuth request, its `state` and `code_challenge` must be ours.
    pub async fn introspect(
        &self,
        handle: &InteractionHandle,
        secrets: &PkceSecrets,
    ) -> Result<IdxResponse, IdxError> {
        let body = serde_json::json!({ "interactionHandle": handle.expose() });
        let state = self.introspect_body(body).await?;
        check_echoed_request(&state, secrets)?;
        Ok(state)
    }

    /// The first state of a transaction whose introspect someone else sent for us (the page's
    /// early loader, while the wasm downloaded): read and checked as [`Client::introspect`]'s
    /// own answer would be, from the status and body it got.
    pub fn introspected(
        &self,
        status: u16,
        body: &str,
        secrets: &PkceSecrets,
    ) -> Result<IdxResponse, IdxError> {
        let state = classify_idx(status, body, RetryHint::default())?;
        check_echoed_request(&state, secrets)?;
        Ok(state)
    }

    /// Starts a transaction and reads its first state: interact, then introspect.
    pub async fn start(&self, secrets: &PkceSecrets) -> Result<IdxResponse, IdxError> {
        let handle = self.interact(secrets).await?;
        self.introspect(&handle, secrets).await
    }

    /// Resumes a transaction from a state handle (`{"stateToken": …}`, note the key name).
    pub async fn introspect_state_handle(
        &self,
        handle: &StateHandle,
    ) -> Result<IdxResponse, IdxError> {
        self.introspect_body(serde_json::json!({ "stateToken": handle.expose() }))
            .await
    }

    async fn introspect_body(&self, body: serde_json::Value) -> Result<IdxResponse, IdxError> {
        let url = format!("{}/idp/idx/introspect", self.org_origin());
        let request = HttpRequest {
            method: "POST".into(),
            url,
            headers: vec![
                ("Content-Type".into(), ION_JSON.into()),
                ("Accept".into(), ION_JSON.into()),
            ]
            .into_iter()
            .chain(self.identity_headers())
            .collect(),
            body: body.to_string(),
            with_credentials: true,
        };
        self.idx_call(request).await
    }

    /// Submits a form (a remediation or an action) with the user's inputs and returns the next
    /// state.
    pub async fn proceed(&self, form: &Form, inputs: &Inputs) -> Result<IdxResponse, IdxError> {
        let request = self.build_proceed(form, inputs)?;
        self.idx_call(request).await
    }

    /// One poll of a `*-poll` form: the same request as [`Client::proceed`], kept separate so
    /// callers say what they mean.
    pub async fn poll(&self, form: &Form, inputs: &Inputs) -> Result<IdxResponse, IdxError> {
        if !form.is_poll() && form.refresh.is_none() {
            return Err(IdxError::BadRequest(format!(
                "{:?} is not a poll form",
                form.name
            )));
        }
        self.proceed(form, inputs).await
    }

    /// Abandons the transaction through the top-level `cancel` action.
    pub async fn cancel(&self, state: &IdxResponse) -> Result<IdxResponse, IdxError> {
        let cancel = state
            .cancel
            .as_ref()
            .ok_or_else(|| IdxError::BadRequest("the state offers no cancel action".into()))?;
        self.proceed(cancel, &Inputs::new()).await
    }

    /// The request [`Client::proceed`] would send, for inspection and tests.
    pub fn build_proceed(&self, form: &Form, inputs: &Inputs) -> Result<HttpRequest, IdxError> {
        let href = form
            .href
            .as_deref()
            .ok_or_else(|| IdxError::BadRequest(format!("form {:?} has no href", form.name)))?;
        let href = self.check_origin(href)?;
        if !form.http_method().eq_ignore_ascii_case("POST") {
            return Err(IdxError::BadRequest(format!(
                "form {:?} is a {} navigation, not a request",
                form.name,
                form.http_method()
            )));
        }
        let body =
            build_body(&form.value, inputs).map_err(|e| IdxError::BadRequest(e.to_string()))?;
        Ok(HttpRequest {
            method: "POST".into(),
            url: href,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                (
                    "Accept".into(),
                    form.accepts.clone().unwrap_or_else(|| ION_JSON.into()),
                ),
            ]
            .into_iter()
            .chain(self.identity_headers())
            .collect(),
            body: serde_json::Value::Object(body).to_string(),
            with_credentials: true,
        })
    }

    /// Exchanges the interaction code of a `successWithInteractionCode` form for tokens, with
    /// the code verifier and the redirect URI, at the issuer's token endpoint (as okta-auth-js
    /// does: the form's `href` is not trusted to name it).
    pub async fn exchange_code(
        &self,
        success: &Form,
        secrets: &PkceSecrets,
    ) -> Result<TokenResponse, IdxError> {
        let mut form = form_urlencoded::Serializer::new(String::new());
        for field in &success.value {
            if let Some(serde_json::Value::String(v)) = field.plain_value() {
                form.append_pair(&field.name, v);
            }
        }
        if success.field("client_id").is_none() {
            form.append_pair("client_id", &self.config.client_id);
        }
        self.redeem(form, secrets).await
    }

    /// Exchanges an interaction code that came back on the redirect URI (an identity
    /// provider's return: `?interaction_code=…&state=…`) for tokens, as okta-auth-js's
    /// `handleInteractionCodeRedirect` does; the caller has checked `state`.
    pub async fn exchange_interaction_code(
        &self,
        code: &InteractionCode,
        secrets: &PkceSecrets,
    ) -> Result<TokenResponse, IdxError> {
        let mut form = form_urlencoded::Serializer::new(String::new());
        form.append_pair("grant_type", "interaction_code")
            .append_pair("interaction_code", code.expose())
            .append_pair("client_id", &self.config.client_id);
        self.redeem(form, secrets).await
    }

    /// The token request: the grant's fields, then the code verifier and the redirect URI.
    async fn redeem(
        &self,
        mut form: form_urlencoded::Serializer<'_, String>,
        secrets: &PkceSecrets,
    ) -> Result<TokenResponse, IdxError> {
        let href = self.oauth_endpoint("token");
        // A server-side app's page has no verifier: its back end redeems the code.
        let Some(verifier) = secrets.verifier() else {
            return Err(IdxError::BadRequest(
                "the code is redeemed by the app's back end".into(),
            ));
        };
        let body = form
            .append_pair("code_verifier", verifier.expose())
            .append_pair("redirect_uri", &self.config.redirect_uri)
            .finish();
        let response = self.send_form(href, body, false).await?;
        let json = oauth_json(&response)?;
        let tokens = TokenResponse::deserialize(&json).map_err(|e| IdxError::Malformed {
            status: response.status,
            reason: e.to_string(),
        })?;
        if let Some(id_token) = &tokens.id_token {
            check_nonce(id_token, secrets, response.status)?;
        }
        Ok(tokens)
    }

    /// Revokes a token at the authorization server (`…/v1/revoke`, RFC 7009); `hint` is
    /// `access_token` or `refresh_token`.
    pub async fn revoke(&self, token: &str, hint: &str) -> Result<(), IdxError> {
        let body = form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", &self.config.client_id)
            .append_pair("token", token)
            .append_pair("token_type_hint", hint)
            .finish();
        let response = self
            .send_form(self.oauth_endpoint("revoke"), body, false)
            .await?;
        if (200..300).contains(&response.status) {
            Ok(())
        } else {
            let wait = retry_hint(&response);
            Err(match serde_json::from_str(&response.body) {
                Ok(json) => classify_other(response.status, json, wait),
                Err(e) => not_json(response.status, &response.body, wait, &e),
            })
        }
    }

    /// Ends the org's session in this browser (`DELETE /api/v1/sessions/me` with the org's
    /// cookies), as okta-auth-js's `closeSession` does. A 404 means there was none left to end.
    pub async fn close_session(&self) -> Result<(), IdxError> {
        let url = self.check_origin(&format!("{}/api/v1/sessions/me", self.org_origin()))?;
        let response = self.send_bodiless("DELETE", url, true).await?;
        match response.status {
            200..300 | 404 => Ok(()),
            status => Err(IdxError::Malformed {
                status,
                reason: "the org did not end its session".into(),
            }),
        }
    }

    /// The address that ends the org's session by a top-level navigation (`…/v1/logout`), as
    /// okta-auth-js's `getSignOutRedirectUrl` builds it: the org sends the browser back to
    /// `post_logout_redirect_uri` (one of the app's registered sign-out URIs) with `state`.
    pub fn logout_url(
        &self,
        id_token: &IdToken,
        post_logout_redirect_uri: &str,
        state: &str,
    ) -> Result<String, IdxError> {
        let logout = self.check_origin(&self.oauth_endpoint("logout"))?;
        let url = Address::parse(&logout)
            .ok_or_else(|| IdxError::BadRequest(format!("{logout:?} is not a URL")))?;
        Ok(url
            .with_query_pairs([
                ("id_token_hint", id_token.expose()),
                ("post_logout_redirect_uri", post_logout_redirect_uri),
                ("state", state),
            ])
            .into())
    }

    /// The authorization server's signing keys (`…/v1/keys`).
    pub async fn keys(&self) -> Result<Jwks, IdxError> {
        let url = self.check_origin(&self.oauth_endpoint("keys"))?;
        let response = self.send_bodiless("GET", url, false).await?;
        let json = oauth_json(&response)?;
        Jwks::deserialize(&json).map_err(|e| IdxError::Malformed {
            status: response.status,
            reason: e.to_string(),
        })
    }

    /// Verifies the ID token of a token response before anything is released: RS256 by a key
    /// of the issuer's JWKS (fetched again once when the `kid` is unknown, as after a key
    /// rotation), `iss`, `aud`, `exp`, `iat` and this sign-in's `nonce`. `now` is seconds since
    /// the epoch. An ID token must be there whenever `openid` was asked for.
    pub async fn verify_id_token(
        &self,
        tokens: &TokenResponse,
        secrets: &PkceSecrets,
        verifier: &impl SignatureVerifier,
        now: u64,
    ) -> Result<(), IdxError> {
        let invalid = IdxError::InvalidToken;
        let Some(id_token) = &tokens.id_token else {
            return if self.config.scopes.iter().any(|s| s == "openid") {
                Err(invalid(TokenError::Missing))
            } else {
                Ok(())
            };
        };
        let jwt = jwt::parse(id_token.expose()).map_err(invalid)?;
        let expected = Expected {
            issuer: &self.config.issuer,
            client_id: &self.config.client_id,
            nonce: secrets.nonce().map_or("", |n| n.expose()),
            now,
        };
        jwt::check_claims(&jwt, &expected).map_err(invalid)?;
        let mut keys = self.keys().await?;
        if keys.key(jwt.kid.as_deref()).is_none() {
            keys = self.keys().await?;
        }
        let key = keys
            .key(jwt.kid.as_deref())
            .ok_or(invalid(TokenError::UnknownKey))?;
        match verifier
            .verify_rs256(key, &jwt.signing_input, &jwt.signature)
            .await
        {
            Ok(true) => Ok(()),
            _ => Err(invalid(TokenError::BadSignature)),
        }
    }

    fn check_origin(&self, url: &str) -> Result<String, IdxError> {
        self.org_url(url).ok_or_else(|| IdxError::ForeignOrigin {
            url: url.to_owned(),
        })
    }

    /// A request with no body that asks for JSON, sent to an address already checked against
    /// the org's origin.
    async fn send_bodiless(
        &self,
        method: &str,
        url: String,
        with_credentials: bool,
    ) -> Result<HttpResponse, IdxError> {
        let request = HttpRequest {
            method: method.into(),
            url,
            headers: vec![("Accept".into(), "application/json".into())]
                .into_iter()
                .chain(self.identity_headers())
                .collect(),
            body: String::new(),
            with_credentials,
        };
        self.transport
            .send(request)
            .await
            .map_err(IdxError::Transport)
    }

    async fn send_form(
        &self,
        url: String,
        body: String,
        with_credentials: bool,
    ) -> Result<HttpResponse, IdxError> {
        let url = self.check_origin(&url)?;
        let request = HttpRequest {
            method: "POST".into(),
            url,
            headers: vec![
                ("Content-Type".into(), FORM_URLENCODED.into()),
                ("Accept".into(), "application/json".into()),
            ]
            .into_iter()
            .chain(self.identity_headers())
            .collect(),
            body,
            with_credentials,
        };
        self.transport
            .send(request)
            .await
            .map_err(IdxError::Transport)
    }

    async fn idx_call(&self, mut request: HttpRequest) -> Result<IdxResponse, IdxError> {
        request.url = self.check_origin(&request.url)?;
        let response = self
            .transport
            .send(request)
            .await
            .map_err(IdxError::Transport)?;
        classify_idx(response.status, &response.body, retry_hint(&response))
    }
}

/// The JSON body of a 2xx OAuth answer; any other answer as an error.
fn oauth_json(response: &HttpResponse) -> Result<serde_json::Value, IdxError> {
    let wait = retry_hint(response);
    let json: serde_json::Value = serde_json::from_str(&response.body)
        .map_err(|e| not_json(response.status, &response.body, wait, &e))?;
    if (200..300).contains(&response.status) && json.get("error").is_none() {
        Ok(json)
    } else {
        Err(classify_other(response.status, json, wait))
    }
}

/// When the server echoes our OAuth request, it must be the one we made.
fn check_echoed_request(state: &IdxResponse, secrets: &PkceSecrets) -> Result<(), IdxError> {
    let request = state
        .extra
        .get("authentication")
        .and_then(|a| a.pointer("/value/request"));
    let Some(request) = request else {
        return Ok(());
    };
    let echoed_state = request.get("state").and_then(|v| v.as_str());
    if echoed_state.is_some_and(|s| !secrets.state_matches(s)) {
        return Err(IdxError::StateMismatch);
    }
    let echoed_nonce = request.get("nonce").and_then(|v| v.as_str());
    // A server-side app's back end may send its own nonce, which its page never sees.
    if echoed_nonce.is_some_and(|n| secrets.nonce().is_some() && !secrets.nonce_matches(n)) {
        return Err(IdxError::StateMismatch);
    }
    let echoed_challenge = request.get("code_challenge").and_then(|v| v.as_str());
    if echoed_challenge.is_some_and(|c| secrets.challenge().is_some_and(|ours| c != ours)) {
        return Err(IdxError::StateMismatch);
    }
    Ok(())
}

/// The ID token must carry the nonce we sent (replay protection). Verifying its signature is
/// the app back end's job, against the org's JWKS; the browser got it straight from the org.
fn check_nonce(id_token: &IdToken, secrets: &PkceSecrets, status: u16) -> Result<(), IdxError> {
    use base64::Engine;
    let malformed = |reason: &str| IdxError::Malformed {
        status,
        reason: reason.to_owned(),
    };
    let payload = id_token
        .expose()
        .split('.')
        .nth(1)
        .ok_or_else(|| malformed("the ID token is not a JWT"))?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| malformed("the ID token is not a JWT"))?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|_| malformed("the ID token's claims are not JSON"))?;
    match claims.get("nonce").and_then(|n| n.as_str()) {
        Some(nonce) if secrets.nonce_matches(nonce) => Ok(()),
        Some(_) => Err(IdxError::StateMismatch),
        // An org that ignores the nonce is not an attack on this transaction.
        None => Ok(()),
    }
}

/// What the server said about when to try again: `Retry-After` in seconds, and
/// `x-rate-limit-reset` in seconds since the epoch (left to the caller's clock: a browser cannot
/// read the answer's `Date` unless the server exposes it, and Okta does not).
fn retry_hint(response: &HttpResponse) -> RetryHint {
    let seconds = |name: &str| {
        response
            .header(name)
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    RetryHint {
        retry_after: seconds("retry-after").map(Duration::from_secs),
        reset_at: seconds("x-rate-limit-reset"),
    }
}

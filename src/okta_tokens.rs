//! The widget's tokens in okta-auth-js's shape, for apps built on okta-react / okta-auth-js:
//! what Okta's Sign-In Widget's `showSignIn()` resolves with and what
//! `oktaAuth.handleLoginRedirect(tokens)` / `oktaAuth.tokenManager.setTokens(tokens)` take.
//!
//! Pure: it reads the tokens as the JavaScript side sees them (`WidgetTokens`, the
//! `idx-widget:success` detail) and builds okta-auth-js's `Tokens` (`{accessToken, idToken,
//! refreshToken}`), as okta-auth-js's own `handleOAuthResponse` does (types in its
//! `types/lib/oidc/types/Token.d.ts`):
//! - `AccessToken {accessToken, claims, expiresAt, tokenType, scopes, authorizeUrl, userinfoUrl}`
//! - `IDToken {idToken, claims, expiresAt, scopes, authorizeUrl, issuer, clientId}`
//! - `RefreshToken {refreshToken, expiresAt, scopes, tokenUrl, authorizeUrl, issuer}`
//!
//! Claims are the JWT payloads, decoded only: the widget has already checked the ID token's
//! signature, issuer, audience, expiry and nonce before it said "signed in". Times are epoch
//! seconds on this device's clock, as okta-auth-js computes them (`expires_in` + now; for the ID
//! token `exp - iat` + now, so a skewed device clock does not expire it early).

use serde_json::{Map, Value, json};

/// The OAuth endpoints okta-auth-js derives from an issuer (its `getOAuthUrls`): a custom
/// authorization server (`…/oauth2/default`) has them under itself, the org authorization
/// server (the org's own address) under `/oauth2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthUrls {
    pub issuer: String,
    pub authorize_url: String,
    pub userinfo_url: String,
    pub token_url: String,
}

impl OAuthUrls {
    pub(crate) fn for_issuer(issuer: &str) -> Self {
        let issuer = issuer.trim_end_matches('/').to_owned();
        let base = if issuer.find("/oauth2").is_some_and(|i| i > 0) {
            issuer.clone()
        } else {
            format!("{issuer}/oauth2")
        };
        Self {
            authorize_url: format!("{base}/v1/authorize"),
            userinfo_url: format!("{base}/v1/userinfo"),
            token_url: format!("{base}/v1/token"),
            issuer,
        }
    }
}

/// A JWT's claims, decoded without checks; `None` for an opaque token.
fn claims(token: &str) -> Option<Value> {
    idx_protocol::jwt::parse(token).ok().map(|jwt| jwt.claims)
}

fn claim_secs(claims: Option<&Value>, name: &str) -> Option<u64> {
    claims.and_then(|c| c[name].as_u64())
}

/// okta-auth-js's `Tokens` from the widget's tokens (`WidgetTokens`: `tokenType`,
/// `accessToken`, `idToken`, `refreshToken`, `expiresIn`, `scope`), for this issuer and client,
/// at `now` (epoch seconds). `scopes` are the granted ones (`scope`), else those asked for.
pub(crate) fn okta_auth_tokens(
    widget_tokens: &Value,
    issuer: &str,
    client_id: &str,
    asked_scopes: &[String],
    now: u64,
) -> Value {
    let urls = OAuthUrls::for_issuer(issuer);
    let scopes: Vec<String> = match widget_tokens["scope"].as_str() {
        Some(scope) if !scope.trim().is_empty() => {
            scope.split_whitespace().map(str::to_owned).collect()
        }
        _ => asked_scopes.to_vec(),
    };
    let mut tokens = Map::new();

    let access = widget_tokens["accessToken"].as_str();
    let access_claims = access.and_then(claims);
    // Without `expires_in`, the access token's own lifetime (a JWT's exp - iat), else its exp.
    let access_expires_at = match widget_tokens["expiresIn"].as_u64() {
        Some(expires_in) => now + expires_in,
        None => match (
            claim_secs(access_claims.as_ref(), "exp"),
            claim_secs(access_claims.as_ref(), "iat"),
        ) {
            (Some(exp), Some(iat)) if exp >= iat => now + (exp - iat),
            (Some(exp), _) => exp,
            _ => now,
        },
    };
    if let Some(access) = access {
        let mut token = json!({
            "accessToken": access,
            "expiresAt": access_expires_at,
            "tokenType": widget_tokens["tokenType"].as_str().unwrap_or("Bearer"),
            "scopes": scopes,
            "authorizeUrl": urls.authorize_url,
            "userinfoUrl": urls.userinfo_url,
        });
        if let Some(claims) = access_claims {
            token["claims"] = claims;
        }
        tokens.insert("accessToken".into(), token);
    }

    if let Some(id) = widget_tokens["idToken"].as_str() {
        let id_claims = claims(id).unwrap_or_else(|| json!({}));
        let expires_at = match (
            claim_secs(Some(&id_claims), "exp"),
            claim_secs(Some(&id_claims), "iat"),
        ) {
            (Some(exp), Some(iat)) if exp >= iat => now + (exp - iat),
            (Some(exp), _) => exp,
            _ => access_expires_at,
        };
        tokens.insert(
            "idToken".into(),
            json!({
                "idToken": id,
                "claims": id_claims,
                "expiresAt": expires_at,
                "scopes": scopes,
                "authorizeUrl": urls.authorize_url,
                "issuer": urls.issuer,
                "clientId": client_id,
            }),
        );
    }

    // okta-auth-js gives the refresh token the access token's expiry (the token manager renews
    // both when the access token is due).
    if let Some(refresh) = widget_tokens["refreshToken"].as_str() {
        tokens.insert(
            "refreshToken".into(),
            json!({
                "refreshToken": refresh,
                "expiresAt": access_expires_at,
                "scopes": scopes,
                "tokenUrl": urls.token_url,
                "authorizeUrl": urls.authorize_url,
                "issuer": urls.issuer,
            }),
        );
    }
    Value::Object(tokens)
}

// Native only: the tests build JWTs with `base64`, a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    /// An unsigned JWT with these claims (the conversion never checks signatures).
    fn jwt(claims: Value) -> String {
        let part = |v: &Value| URL_SAFE_NO_PAD.encode(v.to_string());
        format!(
            "{}.{}.c2ln",
            part(&json!({"alg": "RS256", "kid": "k1"})),
            part(&claims)
        )
    }

    const NOW: u64 = 1_700_000_100;

    fn widget_tokens() -> Value {
        json!({
            "tokenType": "Bearer",
            "accessToken": jwt(json!({"sub": "00u1", "iat": 1_700_000_000u64, "exp": 1_700_003_600u64, "scp": ["openid", "profile"], "jti": "AT.1"})),
            "idToken": jwt(json!({"sub": "00u1", "name": "Pat Push", "email": "push@example.com", "iat": 1_700_000_000u64, "exp": 1_700_003_600u64, "aud": "0oaclient", "iss": "https://acme.okta.com/oauth2/default"})),
            "refreshToken": "opaque-refresh",
            "expiresIn": 3600,
            "scope": "openid profile email offline_access",
        })
    }

    fn scopes() -> Vec<String> {
        vec!["openid".into(), "profile".into()]
    }

    /// `tokens` for client `c`, which asked for [`scopes`], at [`NOW`].
    fn converted(tokens: &Value, issuer: &str) -> Value {
        okta_auth_tokens(tokens, issuer, "c", &scopes(), NOW)
    }

    #[test]
    fn claims_are_the_decoded_jwt_payloads() {
        let t = okta_auth_tokens(
            &widget_tokens(),
            "https://acme.okta.com/oauth2/default",
            "0oaclient",
            &scopes(),
            NOW,
        );
        assert_eq!(t["idToken"]["claims"]["name"], "Pat Push");
        assert_eq!(t["idToken"]["claims"]["email"], "push@example.com");
        assert_eq!(t["accessToken"]["claims"]["jti"], "AT.1");
        assert_eq!(
            t["accessToken"]["claims"]["scp"],
            json!(["openid", "profile"])
        );
        // The raw strings are kept as they came.
        assert_eq!(
            t["accessToken"]["accessToken"],
            widget_tokens()["accessToken"]
        );
        assert_eq!(t["idToken"]["idToken"], widget_tokens()["idToken"]);
        assert_eq!(t["refreshToken"]["refreshToken"], "opaque-refresh");
        assert_eq!(t["accessToken"]["tokenType"], "Bearer");
        assert_eq!(t["idToken"]["clientId"], "0oaclient");
    }

    #[test]
    fn expires_at_is_epoch_seconds_on_this_devices_clock() {
        let t = converted(&widget_tokens(), "https://acme.okta.com/oauth2/default");
        assert_eq!(t["accessToken"]["expiresAt"], NOW + 3600);
        assert_eq!(t["refreshToken"]["expiresAt"], NOW + 3600);
        // exp - iat + now, as okta-auth-js does.
        assert_eq!(t["idToken"]["expiresAt"], NOW + 3600);

        // No expires_in: the access token's own lifetime.
        let mut tokens = widget_tokens();
        tokens["expiresIn"] = Value::Null;
        tokens["accessToken"] = json!(jwt(
            json!({"iat": 1_700_000_000u64, "exp": 1_700_000_900u64})
        ));
        let t = converted(&tokens, "https://acme.okta.com");
        assert_eq!(t["accessToken"]["expiresAt"], NOW + 900);
        // Only exp: exp itself.
        tokens["accessToken"] = json!(jwt(json!({"exp": 1_700_000_500u64})));
        let t = converted(&tokens, "https://acme.okta.com");
        assert_eq!(t["accessToken"]["expiresAt"], 1_700_000_500u64);
    }

    #[test]
    fn scopes_are_the_granted_ones_else_those_asked_for() {
        let t = converted(&widget_tokens(), "https://acme.okta.com");
        let granted = json!(["openid", "profile", "email", "offline_access"]);
        for kind in ["accessToken", "idToken", "refreshToken"] {
            assert_eq!(t[kind]["scopes"], granted, "{kind}");
        }
        let mut tokens = widget_tokens();
        tokens["scope"] = Value::Null;
        let t = converted(&tokens, "https://acme.okta.com");
        assert_eq!(t["accessToken"]["scopes"], json!(["openid", "profile"]));
    }

    /// The org's own server keeps its endpoints under `/oauth2` and is itself the issuer; a
    /// custom server is the issuer (a trailing slash dropped) and its endpoints hang off it.
    #[test]
    fn urls_follow_the_authorization_server() {
        let org = "https://acme.okta.com";
        let custom = "https://acme.okta.com/oauth2/default";
        for (configured, base, issuer) in [
            (org.to_owned(), format!("{org}/oauth2/v1"), org),
            (format!("{custom}/"), format!("{custom}/v1"), custom),
        ] {
            let t = converted(&widget_tokens(), &configured);
            for (kind, member, endpoint) in [
                ("accessToken", "authorizeUrl", "authorize"),
                ("accessToken", "userinfoUrl", "userinfo"),
                ("idToken", "authorizeUrl", "authorize"),
                ("refreshToken", "tokenUrl", "token"),
                ("refreshToken", "authorizeUrl", "authorize"),
            ] {
                assert_eq!(
                    t[kind][member],
                    format!("{base}/{endpoint}"),
                    "{configured}: {kind}.{member}"
                );
            }
            assert_eq!(t["idToken"]["issuer"], issuer, "{configured}");
            assert_eq!(t["refreshToken"]["issuer"], issuer, "{configured}");
        }
    }

    #[test]
    fn absent_tokens_are_left_out_and_opaque_access_tokens_have_no_claims() {
        let tokens = json!({"tokenType": "Bearer", "accessToken": "opaque", "expiresIn": 60});
        let t = converted(&tokens, "https://acme.okta.com");
        let keys: Vec<&String> = t.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["accessToken"]);
        assert!(t["accessToken"].get("claims").is_none());
        assert_eq!(t["accessToken"]["expiresAt"], NOW + 60);
    }

    /// What okta-auth-js's type guards (`isAccessToken`, `isIDToken`, `isRefreshToken`) and
    /// `TokenManager.setTokens` look at: every member of its interfaces is there.
    #[test]
    fn every_member_okta_auth_js_declares_is_present() {
        let t = converted(&widget_tokens(), "https://acme.okta.com");
        for (kind, members) in [
            (
                "accessToken",
                &[
                    "accessToken",
                    "claims",
                    "expiresAt",
                    "tokenType",
                    "scopes",
                    "authorizeUrl",
                    "userinfoUrl",
                ][..],
            ),
            (
                "idToken",
                &[
                    "idToken",
                    "claims",
                    "expiresAt",
                    "scopes",
                    "authorizeUrl",
                    "issuer",
                    "clientId",
                ][..],
            ),
            (
                "refreshToken",
                &[
                    "refreshToken",
                    "expiresAt",
                    "scopes",
                    "tokenUrl",
                    "authorizeUrl",
                    "issuer",
                ][..],
            ),
        ] {
            let mut have: Vec<&str> = t[kind]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut want = members.to_vec();
            have.sort_unstable();
            want.sort_unstable();
            assert_eq!(have, want, "{kind}");
        }
    }
}

//! The widget's configuration, as a Leptos prop or as JSON (the JavaScript API, `config.json`).

use std::collections::HashMap;
use std::fmt;

use idx_protocol::{Address, Host};
use serde::Deserialize;

/// Where to sign in and how the widget behaves.
// Serialize only in tests: they compare its keys with the TypeScript types (src/js.rs).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(rename_all = "camelCase")]
// New settings come often: built with `Config::new` (or from JSON), then set field by field.
#[non_exhaustive]
pub struct Config {
    /// The authorization server, e.g. `https://example.okta.com/oauth2/default`.
    #[serde(default)]
    pub issuer: String,
    /// The SPA app's client id (Interaction Code grant enabled).
    #[serde(default)]
    pub client_id: String,
    /// A redirect URI registered on the app.
    #[serde(default)]
    pub redirect_uri: String,
    /// Scopes to ask for.
    #[serde(default = "default_scopes")]
    pub scopes: Vec<String>,
    /// A username to fill in.
    #[serde(default)]
    pub username: Option<String>,
    /// Replacements for the widget's strings (by key, see `strings::Text`) and for server
    /// messages (by i18n key).
    #[serde(default)]
    pub strings: HashMap<String, String>,
    /// Milliseconds before "Haven't received…?" and its resend link appear.
    #[serde(default = "default_reminder_ms")]
    pub reminder_delay_ms: u32,
    /// The country whose calling code the SMS form starts with (ISO 3166 alpha-2).
    #[serde(default = "default_country")]
    pub default_country: String,
    /// Where tokens are kept: `memory` (default) or `sessionStorage`.
    #[serde(default)]
    pub token_storage: TokenStorage,
    /// The level of the step headings (1–6): the standalone page uses 1; an embedding page
    /// picks what fits its outline (default 2).
    #[serde(default = "default_heading_level")]
    pub heading_level: u8,
    /// Whether a reload picks up the sign-in where it was (the transaction is kept in
    /// `sessionStorage`, as okta-auth-js keeps it); on by default.
    #[serde(default = "yes")]
    pub resume: bool,
    /// The language to speak (`en`, `fr`, `de`, `es`, `pt-BR`, `ja`; a close tag such as
    /// `fr-CA` picks its language). Unset: the first of the browser's languages the widget
    /// speaks, else English. The org is asked for its messages in the same language.
    #[serde(default)]
    pub language: Option<String>,
    /// A server-side web app: the S256 challenge of the PKCE verifier its back end keeps. The
    /// widget calls interact with it and `state`, makes every IDX call from the browser, and
    /// ends by sending the browser to `redirectUri` with `interaction_code` and `state`; it
    /// never holds a verifier or a token. Comes from the page's back end, never its address.
    #[serde(default)]
    pub code_challenge: Option<String>,
    /// A server-side web app whose back end called interact itself: the interaction handle
    /// it got (with `state`); the widget starts at introspect.
    #[serde(default)]
    pub interaction_handle: Option<String>,
    /// A server-side web app: the `state` its back end made and will check on the redirect.
    #[serde(default)]
    pub state: Option<String>,
    /// A server-side web app: send the browser to `redirectUri` with the interaction code
    /// (default), or only tell the host (`idx-widget:interaction-code`), which posts it itself.
    #[serde(default = "yes")]
    pub redirect_with_code: bool,
    /// The one-time code of an email magic link that opened this page (Okta's widget's `otp`,
    /// with the transaction's `state`): entered for the person when the sign-in reaches the
    /// email step. Comes from the page's own link handling or back end, once.
    #[serde(default)]
    pub otp: Option<String>,
    /// A password reset link's one-time token (okta-auth-js's `recoveryToken`): the sign-in
    /// starts at setting that user's new password. Sent to interact once, on the first start.
    #[serde(default)]
    pub recovery_token: Option<String>,
    /// A new user's one-time activation token (okta-auth-js's `activationToken`): the sign-in
    /// starts at that user's activation. Sent to interact once, on the first start.
    #[serde(default)]
    pub activation_token: Option<String>,
    /// Where the org sends the browser after `signOut()` ends its session by `…/v1/logout`
    /// (with the ID token as `id_token_hint`), as okta-auth-js's `postLogoutRedirectUri`. The
    /// org's admin must list it among the app's sign-out redirect URIs. Unset, sign-out ends
    /// the session with `DELETE /api/v1/sessions/me` and the page stays where it is.
    #[serde(default)]
    pub post_logout_redirect_uri: Option<String>,
    /// The standalone page only: run inside a frame of another page. Off by default, as a
    /// sign-in page that can be framed can be clickjacked (RFC 9700 §4.16); a host that frames
    /// it on purpose says so here and should still send `frame-ancestors` naming itself.
    #[serde(default)]
    pub allow_framing: bool,
}

/// What a server-side web app's back end gave its page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebApp {
    /// The challenge to interact with; `None` when the back end called interact itself.
    pub code_challenge: Option<String>,
    /// The interaction handle, when the back end called interact itself.
    pub interaction_handle: Option<String>,
    /// The `state` the back end checks on the redirect.
    pub state: String,
    /// Whether the widget sends the browser to the redirect URI with the code.
    pub redirect_with_code: bool,
}

fn default_heading_level() -> u8 {
    2
}

fn yes() -> bool {
    true
}

/// Where the widget keeps tokens once signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[non_exhaustive]
pub enum TokenStorage {
    /// Only handed to the host (the default): nothing is written to storage.
    #[default]
    #[serde(rename = "memory")]
    Memory,
    /// Also written to `sessionStorage` under `idx-widget:tokens`.
    #[serde(rename = "sessionStorage")]
    SessionStorage,
}

fn default_scopes() -> Vec<String> {
    vec!["openid".into(), "profile".into(), "email".into()]
}

fn default_reminder_ms() -> u32 {
    30_000
}

fn default_country() -> String {
    "US".into()
}

impl Config {
    /// A configuration with the defaults for everything but the org and the app.
    pub fn new(
        issuer: impl Into<String>,
        client_id: impl Into<String>,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            issuer: issuer.into(),
            client_id: client_id.into(),
            redirect_uri: redirect_uri.into(),
            scopes: default_scopes(),
            username: None,
            strings: HashMap::new(),
            reminder_delay_ms: default_reminder_ms(),
            default_country: default_country(),
            language: None,
            token_storage: TokenStorage::Memory,
            heading_level: default_heading_level(),
            resume: true,
            code_challenge: None,
            interaction_handle: None,
            state: None,
            redirect_with_code: true,
            otp: None,
            recovery_token: None,
            activation_token: None,
            post_logout_redirect_uri: None,
            allow_framing: false,
        }
    }

    /// This configuration for a server-side web app whose back end made the PKCE pair and
    /// `state` and keeps the verifier.
    pub fn for_web_app(
        mut self,
        code_challenge: impl Into<String>,
        state: impl Into<String>,
    ) -> Self {
        self.code_challenge = Some(code_challenge.into());
        self.state = Some(state.into());
        self
    }

    /// What a server-side web app's back end gave, when this is one.
    pub fn web_app(&self) -> Option<WebApp> {
        if self.code_challenge.is_none() && self.interaction_handle.is_none() {
            return None;
        }
        Some(WebApp {
            code_challenge: self.code_challenge.clone(),
            interaction_handle: self.interaction_handle.clone(),
            state: self.state.clone().unwrap_or_default(),
            redirect_with_code: self.redirect_with_code,
        })
    }

    /// Reads the JSON form (`config.json`, or the object given to `render`) and checks it.
    pub fn from_json(text: &str) -> Result<Self, ConfigError> {
        let invalid = |e: serde_json::Error| ConfigError::Invalid(e.to_string());
        let json: serde_json::Value = serde_json::from_str(text).map_err(invalid)?;
        let config = Self::deserialize(&json).map_err(invalid)?;
        config.check()?;
        Ok(config)
    }

    /// Loads `url` (the standalone page's `config.json`, or an app's own) and reads it as
    /// [`Config::from_json`] does.
    pub async fn fetch(url: &str) -> Result<Self, ConfigError> {
        let unreachable = |e: gloo_net::Error| ConfigError::Unreachable(e.to_string());
        let response = gloo_net::http::Request::get(url)
            .send()
            .await
            .map_err(unreachable)?;
        Self::from_json(&response.text().await.map_err(unreachable)?)
    }

    /// Checks what the widget cannot start without: the three required settings, and an
    /// issuer that is an absolute `http(s)` URL.
    pub fn check(&self) -> Result<(), ConfigError> {
        for (name, value) in [
            ("issuer", &self.issuer),
            ("clientId", &self.client_id),
            ("redirectUri", &self.redirect_uri),
        ] {
            if value.trim().is_empty() {
                return Err(ConfigError::Missing(name));
            }
        }
        if let Some(web_app) = self.web_app() {
            check_web_app(&web_app)?;
        }
        if let Some(uri) = &self.post_logout_redirect_uri {
            let usable = Address::parse(uri)
                .is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
            if !usable {
                return Err(ConfigError::Invalid(
                    "postLogoutRedirectUri must be an absolute http(s) URL".into(),
                ));
            }
        }
        // Plain http only for a development org on this machine (idx-sim): anywhere else the
        // user's password and codes would cross the network in the clear.
        let loopback = |u: &Address| match u.host() {
            Some(Host::Domain(d)) => d == "localhost",
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            None => false,
        };
        match Address::parse(&self.issuer) {
            Some(u) if u.scheme() == "https" && u.host().is_some() => Ok(()),
            Some(u) if u.scheme() == "http" && loopback(&u) => Ok(()),
            _ => Err(ConfigError::BadIssuer(self.issuer.clone())),
        }
    }

    /// The only thing a page's URL may set: a username to fill in (`login_hint`, as OIDC
    /// names it, or `username`). The org, the app and the scopes never come from the URL, so a
    /// crafted link cannot point the trusted page at another "org".
    #[cfg(any(test, feature = "standalone"))]
    pub(crate) fn username_hint(query: &str) -> Option<String> {
        let pairs: HashMap<String, String> =
            form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
                .into_owned()
                .collect();
        pairs
            .get("login_hint")
            .or_else(|| pairs.get("username"))
            .filter(|u| !u.trim().is_empty())
            .cloned()
    }

    /// The address parameters the standalone page takes the one-time tokens from, as links
    /// Okta sends carry them: nothing else of the configuration comes from there.
    pub const ADDRESS_TOKENS: [&str; 2] = ["recovery_token", "activation_token"];

    /// This configuration with the one-time tokens a page's address carries
    /// (`?recovery_token=…`, `?activation_token=…`): a reset or activation link opened on
    /// the standalone page. Values only; they replace none already set.
    pub fn with_address_tokens(mut self, query: &str) -> Self {
        let pairs: HashMap<String, String> =
            form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
                .into_owned()
                .filter(|(_, v)| !v.trim().is_empty())
                .collect();
        let [recovery, activation] = Self::ADDRESS_TOKENS;
        if self.recovery_token.is_none() {
            self.recovery_token = pairs.get(recovery).cloned();
        }
        if self.activation_token.is_none() {
            self.activation_token = pairs.get(activation).cloned();
        }
        self
    }

    /// The one-time tokens for interact (blank ones left out).
    pub(crate) fn one_time_tokens(&self) -> idx_protocol::OneTimeTokens {
        use idx_protocol::secret::{ActivationToken, RecoveryToken};
        let given = |t: &Option<String>| t.clone().filter(|t| !t.trim().is_empty());
        idx_protocol::OneTimeTokens {
            recovery_token: given(&self.recovery_token).map(RecoveryToken::new),
            activation_token: given(&self.activation_token).map(ActivationToken::new),
        }
    }

    pub(crate) fn client_config(&self) -> idx_protocol::ClientConfig {
        idx_protocol::ClientConfig {
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            redirect_uri: self.redirect_uri.clone(),
            scopes: self.scopes.clone(),
            language: self.language.clone(),
        }
    }

    /// This configuration with its language settled: the `language` setting, else the first
    /// of the browser's `preferred` languages the widget speaks, else English.
    pub(crate) fn with_language(mut self, preferred: &[String]) -> Self {
        let tag = match &self.language {
            Some(language) => crate::locale::negotiate([language.as_str()]),
            None => crate::locale::negotiate(preferred.iter().map(String::as_str)),
        };
        self.language = Some(tag.to_owned());
        self
    }
}

/// A server-side web app gives a challenge or a handle (not both) and the `state` it checks.
fn check_web_app(web_app: &WebApp) -> Result<(), ConfigError> {
    let base64url = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if web_app.state.trim().is_empty() {
        return Err(ConfigError::Missing("state"));
    }
    match (&web_app.code_challenge, &web_app.interaction_handle) {
        (Some(_), Some(_)) => Err(ConfigError::Invalid(
            "give codeChallenge or interactionHandle, not both".into(),
        )),
        // BASE64URL(SHA-256(verifier)) is 43 characters.
        (Some(c), None) if c.len() != 43 || !base64url(c) => Err(ConfigError::Invalid(
            "codeChallenge must be the S256 challenge: 43 base64url characters".into(),
        )),
        (None, Some(h)) if h.trim().is_empty() => Err(ConfigError::Missing("interactionHandle")),
        _ => Ok(()),
    }
}

/// Why a configuration was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// Not a configuration object: not JSON, a value of the wrong type, an unknown choice.
    Invalid(String),
    /// A required setting (`issuer`, `clientId`, `redirectUri`) is missing or empty.
    Missing(&'static str),
    /// The issuer is not an absolute `https` URL (or `http` on loopback).
    BadIssuer(String),
    /// [`Config::fetch`] got no answer, or could not read its body.
    Unreachable(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(e) => write!(f, "invalid widget configuration: {e}"),
            Self::Missing(name) => write!(f, "the widget configuration needs {name}"),
            Self::BadIssuer(issuer) => write!(
                f,
                "the issuer {issuer:?} is not an https URL (plain http only on this machine)"
            ),
            Self::Unreachable(e) => write!(f, "the widget configuration could not be loaded: {e}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// A code as typed, with spaces (including non-breaking ones) and dashes removed.
pub(crate) fn clean_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_settled_once_the_setting_first() {
        let settled = |language: Option<&str>, preferred: &[&str]| {
            let mut config = Config::new("https://o.example/oauth2/default", "a", "https://app/cb");
            config.language = language.map(str::to_owned);
            let preferred: Vec<String> = preferred.iter().map(|p| p.to_string()).collect();
            config.with_language(&preferred).language
        };
        assert_eq!(settled(Some("FR-ca"), &["de"]).as_deref(), Some("fr"));
        assert_eq!(settled(None, &["sv", "de-AT"]).as_deref(), Some("de"));
        assert_eq!(settled(None, &[]).as_deref(), Some("en"));
        // The strings take the settled tag as it is.
        let tag = settled(Some("pt"), &[]).unwrap_or_default();
        assert_eq!(crate::locale::spoken(&tag), Some("pt-BR"));
    }

    #[test]
    fn json_config_takes_defaults() {
        let c = Config::from_json(r#"{"issuer":"https://o.example/oauth2/default","clientId":"a","redirectUri":"https://app/cb"}"#).unwrap();
        assert_eq!(c.scopes, ["openid", "profile", "email"]);
        assert_eq!(c.reminder_delay_ms, 30_000);
        assert_eq!(c.token_storage, TokenStorage::Memory);
        assert_eq!(
            Config::from_json("{}").unwrap_err(),
            ConfigError::Missing("issuer")
        );
        assert_eq!(
            Config::from_json(r#"{"issuer":"example.okta.com","clientId":"a","redirectUri":"r"}"#)
                .unwrap_err(),
            ConfigError::BadIssuer("example.okta.com".into())
        );
        for issuer in ["http://o.example", "ftp://o.example", "javascript:alert(1)"] {
            let json = format!(r#"{{"issuer":"{issuer}","clientId":"a","redirectUri":"r"}}"#);
            assert!(
                matches!(Config::from_json(&json), Err(ConfigError::BadIssuer(_))),
                "{issuer}"
            );
        }
        for issuer in [
            "http://127.0.0.1:8081",
            "http://localhost:3000/oauth2/default",
            "http://[::1]:8081",
        ] {
            let json = format!(r#"{{"issuer":"{issuer}","clientId":"a","redirectUri":"r"}}"#);
            assert!(Config::from_json(&json).is_ok(), "{issuer}");
        }
        assert!(matches!(
            Config::from_json(
                r#"{"issuer":"https://o.example","clientId":"a","redirectUri":"r","tokenStorage":"localStorage"}"#
            ),
            Err(ConfigError::Invalid(_))
        ));
        let c = Config::from_json(
            r#"{"issuer":"https://o.example","clientId":"a","redirectUri":"r","tokenStorage":"sessionStorage"}"#,
        )
        .unwrap();
        assert_eq!(c.token_storage, TokenStorage::SessionStorage);
    }

    #[test]
    fn the_query_string_sets_only_a_username() {
        let query = "?issuer=https%3A%2F%2Fattacker.example%2Foauth2%2Fdefault&clientId=x&redirectUri=x&login_hint=ann%40example.com";
        assert_eq!(
            Config::username_hint(query).as_deref(),
            Some("ann@example.com")
        );
        assert_eq!(
            Config::username_hint("?username=bob").as_deref(),
            Some("bob")
        );
        assert_eq!(Config::username_hint("?issuer=https%3A%2F%2Fx"), None);
    }

    /// A reset or activation link opened on the standalone page gives its token, and only
    /// that: the org, the app and the scopes still come from `config.json` alone.
    #[test]
    fn the_address_gives_one_time_tokens_and_nothing_else() {
        let base = Config::new("https://o.example/oauth2/default", "app", "https://app/cb");
        let query = "?issuer=https%3A%2F%2Fattacker.example&clientId=x&recovery_token=VBQ0gwBXbJ&activation_token=o7AFoT&scopes=admin";
        let c = base.clone().with_address_tokens(query);
        assert_eq!(c.recovery_token.as_deref(), Some("VBQ0gwBXbJ"));
        assert_eq!(c.activation_token.as_deref(), Some("o7AFoT"));
        assert_eq!(
            (c.issuer.as_str(), c.client_id.as_str(), &c.scopes),
            ("https://o.example/oauth2/default", "app", &base.scopes)
        );
        let tokens = c.one_time_tokens();
        assert_eq!(tokens.recovery_token.unwrap().expose(), "VBQ0gwBXbJ");
        assert_eq!(tokens.activation_token.unwrap().expose(), "o7AFoT");
        let none = base
            .clone()
            .with_address_tokens("?recovery_token=&login_hint=a");
        assert!(none.recovery_token.is_none() && none.one_time_tokens().is_empty());
        // The page's own configuration wins over the address.
        let mut own = base;
        own.recovery_token = Some("from-config".into());
        let own = own.with_address_tokens("?recovery_token=from-address");
        assert_eq!(own.recovery_token.as_deref(), Some("from-config"));
        let json = Config::from_json(
            r#"{"issuer":"https://o.example","clientId":"a","redirectUri":"r","recoveryToken":"rt","activationToken":"at"}"#,
        )
        .unwrap();
        assert_eq!(json.recovery_token.as_deref(), Some("rt"));
        assert_eq!(json.activation_token.as_deref(), Some("at"));
    }

    #[test]
    fn codes_lose_spaces_and_dashes() {
        assert_eq!(clean_code(" 123\u{a0}456 "), "123456");
        assert_eq!(clean_code("123-456"), "123456");
    }

    #[test]
    fn a_web_app_gives_a_challenge_or_a_handle_and_always_its_state() {
        let base = r#""issuer":"https://example.okta.com/oauth2/default","clientId":"web","redirectUri":"https://app.example/cb""#;
        let parse = |extra: &str| Config::from_json(&format!("{{{base}{extra}}}"));
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        let web = parse(&format!(r#","codeChallenge":"{challenge}","state":"s1""#)).unwrap();
        let web_app = web.web_app().unwrap();
        assert_eq!(web_app.code_challenge.as_deref(), Some(challenge));
        assert!(web_app.redirect_with_code);
        assert!(parse("").unwrap().web_app().is_none(), "a single-page app");
        assert!(parse(r#","interactionHandle":"ih","state":"s1""#).is_ok());
        assert_eq!(
            parse(&format!(r#","codeChallenge":"{challenge}""#)),
            Err(ConfigError::Missing("state"))
        );
        assert!(parse(r#","codeChallenge":"short","state":"s""#).is_err());
        assert!(
            parse(&format!(
                r#","codeChallenge":"{challenge}","interactionHandle":"ih","state":"s""#
            ))
            .is_err()
        );
    }
}

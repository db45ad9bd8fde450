//! The widget's configuration, as a Leptos prop or as JSON (the JavaScript API, `config.json`).

use std::collections::HashMap;

use serde::Deserialize;

/// Where to sign in and how the widget behaves.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// The authorization server, e.g. `https://example.okta.com/oauth2/default`.
    pub issuer: String,
    /// The SPA app's client id (Interaction Code grant enabled).
    pub client_id: String,
    /// A redirect URI registered on the app.
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
}

/// Where the widget keeps tokens once signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
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
            token_storage: TokenStorage::Memory,
        }
    }

    /// Reads the JSON form (`config.json`, or the object given to `render`).
    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("invalid widget configuration: {e}"))
    }

    /// Reads the standalone page's query string (`?issuer=…&clientId=…&redirectUri=…&scopes=a b`).
    /// `None` when it does not name an issuer.
    pub fn from_query(query: &str) -> Option<Self> {
        let pairs: HashMap<String, String> =
            url::form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
                .into_owned()
                .collect();
        let issuer = pairs.get("issuer")?;
        let mut config = Self::new(
            issuer,
            pairs.get("clientId").cloned().unwrap_or_default(),
            pairs.get("redirectUri").cloned().unwrap_or_default(),
        );
        if let Some(scopes) = pairs.get("scopes") {
            config.scopes = scopes.split_whitespace().map(str::to_owned).collect();
        }
        config.username = pairs.get("username").cloned();
        Some(config)
    }

    pub(crate) fn client_config(&self) -> idx_protocol::ClientConfig {
        idx_protocol::ClientConfig {
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            redirect_uri: self.redirect_uri.clone(),
            scopes: self.scopes.clone(),
        }
    }
}

/// Countries offered in the SMS form: (ISO code, name, calling code).
pub const COUNTRIES: &[(&str, &str, &str)] = &[
    ("US", "United States", "1"),
    ("CA", "Canada", "1"),
    ("GB", "United Kingdom", "44"),
    ("IE", "Ireland", "353"),
    ("DE", "Germany", "49"),
    ("FR", "France", "33"),
    ("ES", "Spain", "34"),
    ("IT", "Italy", "39"),
    ("NL", "Netherlands", "31"),
    ("SE", "Sweden", "46"),
    ("CH", "Switzerland", "41"),
    ("IN", "India", "91"),
    ("JP", "Japan", "81"),
    ("AU", "Australia", "61"),
    ("NZ", "New Zealand", "64"),
    ("BR", "Brazil", "55"),
    ("MX", "Mexico", "52"),
];

/// `+` calling code and the digits of a national number: what Okta takes as `phoneNumber`.
pub fn e164(calling_code: &str, national: &str) -> String {
    let digits: String = national.chars().filter(char::is_ascii_digit).collect();
    // A national trunk prefix (the leading 0 in many countries) is dropped in E.164.
    let digits = if calling_code != "1" {
        digits.trim_start_matches('0').to_owned()
    } else {
        digits
    };
    format!("+{calling_code}{digits}")
}

/// A code as typed, with spaces (including non-breaking ones) and dashes removed.
pub fn clean_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_config_takes_defaults() {
        let c = Config::from_json(r#"{"issuer":"https://o.example/oauth2/default","clientId":"a","redirectUri":"https://app/cb"}"#).unwrap();
        assert_eq!(c.scopes, ["openid", "profile", "email"]);
        assert_eq!(c.reminder_delay_ms, 30_000);
        assert_eq!(c.token_storage, TokenStorage::Memory);
        assert!(Config::from_json("{}").unwrap_err().contains("issuer"));
        let c = Config::from_json(
            r#"{"issuer":"i","clientId":"a","redirectUri":"r","tokenStorage":"sessionStorage"}"#,
        )
        .unwrap();
        assert_eq!(c.token_storage, TokenStorage::SessionStorage);
    }

    #[test]
    fn query_config() {
        let c = Config::from_query("?issuer=https%3A%2F%2Fo.example%2Foauth2%2Fdefault&clientId=abc&redirectUri=https%3A%2F%2Fapp%2Fcb&scopes=openid+email").unwrap();
        assert_eq!(c.issuer, "https://o.example/oauth2/default");
        assert_eq!(c.scopes, ["openid", "email"]);
        assert!(Config::from_query("?clientId=abc").is_none());
    }

    #[test]
    fn phone_numbers_and_codes() {
        assert_eq!(e164("1", "(888) 722-7871"), "+18887227871");
        assert_eq!(e164("44", "07700 900123"), "+447700900123");
        assert_eq!(clean_code(" 123\u{a0}456 "), "123456");
        assert_eq!(clean_code("123-456"), "123456");
    }
}

//! The org's policy: users, Okta Verify settings, timings, the OAuth app and trusted origins.
//! Read from a TOML file (documented with a full example in sim/README.md) or the built-in demo.

use std::time::Duration;

use serde::Deserialize;

/// Everything idx-sim is told about its org.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The OAuth app's client id.
    pub client_id: String,
    /// Redirect URIs registered on the app.
    pub redirect_uris: Vec<String>,
    /// Origins allowed to call the org from a browser (CORS, with credentials).
    pub trusted_origins: Vec<String>,
    /// Whether the identify form asks for the password too (else password is its own step).
    pub password_on_identify: bool,
    /// Okta Verify enrollment channels offered besides the QR code: `email`, `sms`.
    pub enrollment_channels: Vec<String>,
    /// The poll interval the server asks for, in milliseconds.
    pub poll_refresh_ms: u64,
    /// How long a push waits for an answer before it expires, in seconds.
    pub push_lifetime_secs: u64,
    /// How long a state handle lives without activity, in seconds.
    pub state_ttl_secs: u64,
    /// How long an interaction code may wait for the token call, in seconds.
    pub interaction_code_ttl_secs: u64,
    /// Whether polls faster than `refresh` get a 429; off only for load tests.
    pub poll_rate_limit: bool,
    /// Whether the Interaction Code grant is enabled for the app (off: interact answers
    /// `access_denied`, as a misconfigured org does).
    pub interaction_code: bool,
    /// Give every IDX answer a new state handle (the one before stays good for one more
    /// request, so a request that crossed the change in flight still lands), so a client that
    /// keeps using an old handle fails.
    pub rotate_state_handles: bool,
    /// After this many polls of one waiting step, the server asks for twice the `refresh`
    /// (0: never), so a client that keeps its first interval gets rate-limited.
    pub slower_refresh_after_polls: u32,
    /// Whether `offline_access` yields a refresh token (the demo app allows it).
    pub refresh_tokens: bool,
    /// Custom authorization servers by id, served at `/oauth2/{id}` (`default` is one). The org
    /// authorization server (issuer = the org itself, endpoints under `/oauth2/v1`) is always
    /// served.
    pub authorization_servers: Vec<String>,
    /// Fault injection for resilience tests; all off by default.
    pub faults: Faults,
    /// The users.
    #[serde(rename = "user")]
    pub users: Vec<User>,
}

/// One user and their policy.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// What the user types to sign in.
    pub username: String,
    /// The password.
    pub password: String,
    /// Where enrollment emails go (defaults to the username).
    #[serde(default)]
    pub email: Option<String>,
    /// Where enrollment SMS go, E.164 (`+15551234567`).
    #[serde(default)]
    pub phone: Option<String>,
    /// Given name, shown in the user profile.
    #[serde(default)]
    pub first_name: Option<String>,
    /// Family name, shown in the user profile.
    #[serde(default)]
    pub last_name: Option<String>,
    /// Whether Okta Verify is already enrolled.
    #[serde(default)]
    pub okta_verify: bool,
    /// Whether policy asks for Okta Verify: `required` (must enroll), `optional` (may skip) or
    /// `none` (password is enough).
    #[serde(default)]
    pub okta_verify_policy: EnrollPolicy,
    /// Whether every push asks the user to tap the number shown in the browser.
    #[serde(default)]
    pub number_challenge: bool,
    /// Whether Okta Verify offers one-time codes besides push. Without them the org asks the
    /// user to press "Send push" (with "Send push automatically") after choosing Okta Verify.
    #[serde(default = "yes")]
    pub okta_verify_totp: bool,
}

fn yes() -> bool {
    true
}

/// What policy says about Okta Verify for a user who has not enrolled it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EnrollPolicy {
    /// Must enroll before signing in.
    #[default]
    Required,
    /// Offered, with "Set up later".
    Optional,
    /// Not asked for.
    None,
}

/// Faults to inject on IDX calls, each a fraction from 0.0 to 1.0 of the requests it hits.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Faults {
    /// Polls whose connection is dropped without an answer.
    pub drop_polls: f64,
    /// Delay added to every IDX answer, in milliseconds.
    pub delay_ms: u64,
    /// Delay added to every token endpoint answer, in milliseconds.
    pub token_delay_ms: u64,
    /// Polls answered with Okta's 429 (E0000047, `x-rate-limit-reset` two seconds ahead).
    pub rate_limit_polls: f64,
    /// ID tokens spoilt in this way, to test a client's checks.
    pub token: Option<TokenFault>,
    /// IDX calls answered with a 5xx.
    pub server_errors: f64,
    /// IDX calls answered with a body that is not JSON.
    pub malformed: f64,
}

impl Faults {
    /// Whether any fault is on.
    pub fn any(&self) -> bool {
        self.drop_polls > 0.0
            || self.delay_ms > 0
            || self.token_delay_ms > 0
            || self.rate_limit_polls > 0.0
            || self.token.is_some()
            || self.server_errors > 0.0
            || self.malformed > 0.0
    }
}

/// A custom authorization server of the demo org besides `default`, with an id shaped like
/// Okta's.
pub const DEMO_CUSTOM_SERVER: &str = "aus1simcustom0000000";

/// How `--fault-token` spoils ID tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenFault {
    /// `aud` is another app.
    WrongAud,
    /// `iss` is another issuer.
    WrongIss,
    /// `exp` passed an hour ago.
    Expired,
    /// The signature is another token's.
    BadSignature,
    /// No `nonce`.
    NoNonce,
    /// The header names a key the org does not publish.
    UnknownKid,
}

impl std::str::FromStr for TokenFault {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|_| {
            format!(
                "unknown token fault {s:?}: wrong-aud, wrong-iss, expired, bad-signature, no-nonce or unknown-kid"
            )
        })
    }
}

/// The demo users' password.
pub const DEMO_PASSWORD: &str = "Okta-Verify-1";

impl Default for Config {
    fn default() -> Self {
        Self {
            client_id: "idx-widget-demo".into(),
            redirect_uris: vec![
                "http://127.0.0.1:8080/login/callback".into(),
                "http://localhost:8080/login/callback".into(),
            ],
            trusted_origins: vec![
                "http://127.0.0.1:8080".into(),
                "http://localhost:8080".into(),
            ],
            password_on_identify: false,
            enrollment_channels: vec!["email".into(), "sms".into()],
            poll_refresh_ms: 4000,
            push_lifetime_secs: 300,
            state_ttl_secs: 600,
            interaction_code_ttl_secs: 60,
            poll_rate_limit: true,
            interaction_code: true,
            faults: Faults::default(),
            authorization_servers: vec!["default".into(), DEMO_CUSTOM_SERVER.into()],
            rotate_state_handles: true,
            refresh_tokens: true,
            slower_refresh_after_polls: 5,
            users: vec![
                demo_user("enroll@example.com", "Enroll", false, false, "+15550000001"),
                demo_user("push@example.com", "Push", true, false, "+15550000002"),
                demo_user("number@example.com", "Number", true, true, "+15550000003"),
            ],
        }
    }
}

fn demo_user(username: &str, first: &str, enrolled: bool, number: bool, phone: &str) -> User {
    User {
        username: username.into(),
        password: DEMO_PASSWORD.into(),
        email: None,
        phone: Some(phone.into()),
        first_name: Some(first.into()),
        last_name: Some("Demo".into()),
        okta_verify: enrolled,
        okta_verify_policy: EnrollPolicy::Required,
        number_challenge: number,
        okta_verify_totp: true,
    }
}

impl Config {
    /// Reads a TOML file; fields it leaves out take the demo's values, except `user`, which,
    /// when given, replaces the demo users.
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.validate()?;
        Ok(config)
    }

    /// Checks what serde cannot.
    pub fn validate(&self) -> Result<(), String> {
        for channel in &self.enrollment_channels {
            if !matches!(channel.as_str(), "email" | "sms") {
                return Err(format!(
                    "enrollment channel {channel:?} is not email or sms"
                ));
            }
        }
        if self.poll_refresh_ms == 0 || self.state_ttl_secs == 0 || self.push_lifetime_secs == 0 {
            return Err(
                "poll_refresh_ms, push_lifetime_secs and state_ttl_secs must be positive".into(),
            );
        }
        for f in [
            self.faults.drop_polls,
            self.faults.server_errors,
            self.faults.malformed,
        ] {
            if !(0.0..=1.0).contains(&f) {
                return Err(format!("fault fraction {f} is not between 0 and 1"));
            }
        }
        let mut names: Vec<&str> = self.users.iter().map(|u| u.username.as_str()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0].eq_ignore_ascii_case(w[1])) {
            return Err("two users share a username".into());
        }
        Ok(())
    }

    /// The user with this username (case-insensitive, as Okta matches logins).
    pub fn user(&self, username: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(username.trim()))
    }

    /// The `refresh` for a waiting step that has been polled `polls` times.
    pub fn refresh_after(&self, polls: u32) -> Duration {
        let slower =
            self.slower_refresh_after_polls > 0 && polls >= self.slower_refresh_after_polls;
        self.refresh() * if slower { 2 } else { 1 }
    }

    /// `poll_refresh_ms` as a duration.
    pub fn refresh(&self) -> Duration {
        Duration::from_millis(self.poll_refresh_ms)
    }
}

impl User {
    /// Where enrollment emails go.
    pub fn email(&self) -> &str {
        self.email.as_deref().unwrap_or(&self.username)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_parses() {
        let text = include_str!("../example.toml");
        let config = Config::from_toml(text).unwrap();
        assert_eq!(config.users.len(), 2);
        assert_eq!(config.poll_refresh_ms, 2000);
        assert!(config.user("Alice@Example.com").unwrap().number_challenge);
    }

    #[test]
    fn omitted_fields_take_the_demo_values() {
        let config = Config::from_toml("poll_refresh_ms = 1000").unwrap();
        assert_eq!(config.client_id, "idx-widget-demo");
        assert_eq!(config.users.len(), 3);
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        assert!(
            Config::from_toml("nonsense = 1")
                .unwrap_err()
                .contains("nonsense")
        );
        assert!(
            Config::from_toml("enrollment_channels = [\"fax\"]")
                .unwrap_err()
                .contains("fax")
        );
        assert!(Config::from_toml("[faults]\ndrop_polls = 2.0").is_err());
    }
}

//! The org's policy: users, Okta Verify, FastPass and WebAuthn settings, timings, the OAuth app
//! and trusted origins. Read from a TOML file (documented with a full example in sim/README.md)
//! or the built-in demo. Each concern's settings have a module of their own; their types are
//! used from here (`config::User`), so callers need not know how the file is cut.

use std::time::Duration;

use serde::Deserialize;

pub use crate::faults::{Faults, TokenFault};

mod authenticators;
mod clients;
mod demo;
mod idps;
mod okta_verify;
mod registration;
mod users;
mod webauthn;

pub use authenticators::{
    Authenticator, PasswordComplexity, SECURITY_QUESTIONS, SecurityQuestion, predefined_question,
};
pub use clients::WebClient;
pub use demo::{
    DEMO_ACTIVATION_TOKEN, DEMO_CUSTOM_SERVER, DEMO_FASTPASS_USER, DEMO_PASSWORD, DEMO_WEB_CLIENT,
};
pub use idps::{IDP_TYPES, Idp};
pub use okta_verify::{ChallengeMethod, Channel, Device, FastPassSettings, OKTA_PORTS};
pub use registration::{
    AttributeOption, AttributeType, ProfileAttribute, REGISTRATION_ENROLLS, Registration,
};
pub(crate) use users::is_e164;
pub use users::{EnrollPolicy, User, UserStatus};
pub use webauthn::WebauthnPolicy;

/// Everything idx-sim is told about its org.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The OAuth app's client id.
    pub client_id: String,
    /// Redirect URIs registered on the app.
    pub redirect_uris: Vec<String>,
    /// The app's sign-out redirect URIs: where `…/v1/logout` may send the browser back, matched
    /// exactly, as Okta matches them.
    pub post_logout_redirect_uris: Vec<String>,
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
    /// Whether a sign-in in a browser that still has the org's session (its `sid` cookie)
    /// is signed in by that session at once, as an org whose policy the session satisfies
    /// does: the first answer is the success, naming the user. Off, every sign-in starts at
    /// the first step (the session is still set, read and ended).
    pub session_sign_in: bool,
    /// After this many polls of one waiting step, the server asks for twice the `refresh`
    /// (0: never), so a client that keeps its first interval gets rate-limited.
    pub slower_refresh_after_polls: u32,
    /// Whether `offline_access` yields a refresh token (the demo app allows it).
    pub refresh_tokens: bool,
    /// Custom authorization servers by id, served at `/oauth2/{id}` (`default` is one). The org
    /// authorization server (issuer = the org itself, endpoints under `/oauth2/v1`) is always
    /// served.
    pub authorization_servers: Vec<String>,
    /// The password policy's complexity, as Okta sends it in `settings.complexity` (and
    /// enforces when a password is changed).
    pub password_complexity: PasswordComplexity,
    /// Whether email challenges carry a magic link besides the code.
    pub email_magic_link: bool,
    /// Okta's "Email verify callback URI" of the single-page app: when set, an email's magic
    /// link opens this page with `?otp={code}&state={the transaction's OAuth state}` instead of
    /// idx-sim's own `/sim/email/{token}`. A path (`/`) names a page on the app idx-sim serves
    /// (`--serve-app`).
    pub email_verify_uri: Option<String>,
    /// Whether "Forgot password?" (`recover`) is offered: proven by email, phone or Okta Verify,
    /// then a new password.
    pub self_service_recovery: bool,
    /// Whether a reset password signs the user in (else Okta's "Back to sign in" page).
    pub recovery_signs_in: bool,
    /// Wrong passwords in a row that lock a user out (0: never).
    pub lockout_attempts: u32,
    /// Whether "Unlock account?" (`unlock-account`) is offered on the identify form.
    pub self_service_unlock: bool,
    /// Fault injection for resilience tests; all off by default.
    pub faults: Faults,
    /// Okta FastPass and the simulated Okta Verify on this computer (`[fastpass]`). A file
    /// without the table has none (the demo's device is a demo user's).
    #[serde(default)]
    pub fastpass: FastPassSettings,
    /// CAPTCHA on the first screen (`[captcha]`): none when the table is absent.
    #[serde(default)]
    pub captcha: Option<crate::captcha::Settings>,
    /// Self-service registration ("Sign up"): off unless `enabled`.
    pub registration: Registration,
    /// Identity providers offered on the first screen (`redirect-idp`), simulated under
    /// `/sim/idp/{id}`.
    /// A file lists its own (none when it lists none): the demo's sign in as demo users.
    #[serde(rename = "idp", default)]
    pub idps: Vec<Idp>,
    /// Routing rules send everyone to an identity provider: identify carries only the
    /// `redirect-idp` remediations.
    pub idp_only: bool,
    /// Scopes the user must consent to when an interact asks for one (the `consent`
    /// remediation after authentication).
    pub consent_scopes: Vec<String>,
    /// Confidential web applications (a server-side app with a client secret), besides the
    /// single-page app above.
    #[serde(rename = "web_client")]
    pub web_clients: Vec<WebClient>,
    /// WebAuthn (security keys and passkeys): the relying party and what the org offers.
    pub webauthn: WebauthnPolicy,
    /// The users.
    #[serde(rename = "user")]
    pub users: Vec<User>,
}

/// What the org calls itself in Google Authenticator and in the password warning.
pub const ORG_NAME: &str = "idx-sim";

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
        self.faults.validate()?;
        self.fastpass.validate(self)?;
        self.webauthn.validate()?;
        self.password_complexity.validate()?;
        if let Some(uri) = &self.email_verify_uri {
            let absolute = url::Url::parse(uri)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.query().is_none());
            let path = uri.starts_with('/') && !uri.contains('?');
            if !(absolute || path) {
                return Err(format!(
                    "email_verify_uri {uri:?} is not an http(s) URL without a query, or a path"
                ));
            }
        }
        for client in &self.web_clients {
            client
                .validate()
                .map_err(|e| format!("web_client {:?}: {e}", client.client_id))?;
            if client.client_id == self.client_id {
                return Err(format!(
                    "web_client {:?}: client_id is the single-page app's",
                    client.client_id
                ));
            }
        }
        let mut ids: Vec<&str> = self
            .web_clients
            .iter()
            .map(|c| c.client_id.as_str())
            .collect();
        ids.sort_unstable();
        if ids.windows(2).any(|w| w[0] == w[1]) {
            return Err("two web clients share a client_id".into());
        }
        for user in &self.users {
            user.validate()
                .map_err(|e| format!("user {:?}: {e}", user.username))?;
        }
        let mut names: Vec<&str> = self.users.iter().map(|u| u.username.as_str()).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0].eq_ignore_ascii_case(w[1])) {
            return Err("two users share a username".into());
        }
        let mut tokens: Vec<&str> = self
            .users
            .iter()
            .filter_map(|u| u.activation_token.as_deref())
            .collect();
        tokens.sort_unstable();
        if tokens.windows(2).any(|w| w[0] == w[1]) {
            return Err("two users share an activation_token".into());
        }
        self.registration.validate()?;
        self.validate_idps()?;
        for scope in &self.consent_scopes {
            if scope.is_empty() || scope.contains(char::is_whitespace) {
                return Err(format!("consent_scopes: {scope:?} is not a scope"));
            }
            if scope == "openid" {
                return Err("consent_scopes: openid is granted without consent".into());
            }
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

    /// The confidential web client with this id.
    pub fn web_client(&self, client_id: &str) -> Option<&WebClient> {
        self.web_clients.iter().find(|c| c.client_id == client_id)
    }

    /// `poll_refresh_ms` as a duration.
    pub fn refresh(&self) -> Duration {
        Duration::from_millis(self.poll_refresh_ms)
    }
}

#[cfg(test)]
mod tests;

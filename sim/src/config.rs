//! The org's policy: users, Okta Verify, FastPass and WebAuthn settings, timings, the OAuth app
//! and trusted origins. Read from a TOML file (documented with a full example in sim/README.md)
//! or the built-in demo.

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use crate::faults::{Faults, TokenFault};
use crate::webauthn::credential::Credential;

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

/// A confidential OAuth client: a server-side web application that holds a client secret. Its
/// back end authenticates to interact (when it calls it itself) and always to the token
/// endpoint, with `client_secret_basic` or `client_secret_post` (RFC 6749 §2.3.1).
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebClient {
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub client_secret: String,
    /// Redirect URIs registered on the app.
    pub redirect_uris: Vec<String>,
    /// Its sign-out redirect URIs (none unless listed).
    #[serde(default)]
    pub post_logout_redirect_uris: Vec<String>,
}

impl std::fmt::Debug for WebClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebClient")
            .field("client_id", &self.client_id)
            .field("client_secret", &"[redacted]")
            .field("redirect_uris", &self.redirect_uris)
            .field("post_logout_redirect_uris", &self.post_logout_redirect_uris)
            .finish()
    }
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
    /// Authenticators enrolled besides the password and Okta Verify: `okta_email`,
    /// `phone_number` (the `phone` above), `google_otp`, `security_question` (the
    /// `security_question` below).
    #[serde(default)]
    pub authenticators: Vec<Authenticator>,
    /// Authenticators the sign-in policy requires: any the user lacks are enrolled after the
    /// password (Okta Verify keeps `okta_verify_policy`).
    #[serde(default)]
    pub enroll_required: Vec<Authenticator>,
    /// The password has expired: after a correct one, the user must choose another.
    #[serde(default)]
    pub password_expired: bool,
    /// The password expires in this many days: after a correct one, the user is asked to
    /// change it, or "Remind me later".
    #[serde(default)]
    pub password_expires_in_days: Option<u32>,
    /// The enrolled security question, when `authenticators` has `security_question`.
    #[serde(default)]
    pub security_question: Option<SecurityQuestion>,
    /// Locked out from the start (as after too many wrong passwords).
    #[serde(default)]
    pub locked: bool,
    /// `ACTIVE`, or `PROVISIONED`: created by an admin, not yet activated; such a user signs
    /// in first with their `activation_token` and chooses a password.
    #[serde(default)]
    pub status: UserStatus,
    /// The one-time token of a `PROVISIONED` user's activation email, as interact takes it.
    #[serde(default)]
    pub activation_token: Option<String>,
    /// WebAuthn credentials (passkeys, security keys) registered from the start
    /// (`[[user.webauthn]]`); any makes `webauthn` enrolled.
    #[serde(default)]
    pub webauthn: Vec<Credential>,
}

/// A user's lifecycle status, as Okta names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum UserStatus {
    /// Can sign in.
    #[default]
    Active,
    /// Created, waiting for activation (no password yet).
    Provisioned,
}

/// Self-service registration: the profile the form asks for and what a new user enrolls.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Registration {
    /// Whether identify offers "Sign up" (`select-enroll-profile`).
    pub enabled: bool,
    /// The profile attributes, in the form's order; one must be `email` (the new username).
    pub profile: Vec<ProfileAttribute>,
    /// What a new user must enroll, in order: `password` (required, first),
    /// `okta_verify`, and any of `okta_email`, `phone_number`, `google_otp`,
    /// `security_question`, `webauthn`.
    pub enroll: Vec<String>,
}

impl Default for Registration {
    fn default() -> Self {
        Self {
            enabled: false,
            profile: vec![
                ProfileAttribute::base("firstName", "First name", (1, 50)),
                ProfileAttribute::base("lastName", "Last name", (1, 50)),
                ProfileAttribute {
                    kind: AttributeType::Email,
                    ..ProfileAttribute::base("email", "Email", (5, 100))
                },
            ],
            enroll: vec!["password".into(), "okta_verify".into()],
        }
    }
}

/// One attribute of the registration form.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileAttribute {
    /// The attribute's name in the user profile (`firstName`, `email`, …).
    pub name: String,
    /// What the form shows.
    pub label: String,
    /// `string`, `email`, `boolean` or `enum`.
    #[serde(rename = "type", default)]
    pub kind: AttributeType,
    /// Whether it must be filled in.
    #[serde(default)]
    pub required: bool,
    /// The choices of an `enum`.
    #[serde(default)]
    pub options: Vec<AttributeOption>,
    /// The fewest characters a text value may have.
    #[serde(default)]
    pub min_length: Option<u32>,
    /// The most characters a text value may have.
    #[serde(default)]
    pub max_length: Option<u32>,
}

impl ProfileAttribute {
    fn text(name: &str, label: &str, required: bool) -> Self {
        Self {
            name: name.into(),
            label: label.into(),
            kind: AttributeType::String,
            required,
            options: Vec::new(),
            min_length: None,
            max_length: None,
        }
    }

    /// A text attribute with the lengths of Okta's base profile schema.
    fn base(name: &str, label: &str, lengths: (u32, u32)) -> Self {
        Self {
            min_length: Some(lengths.0),
            max_length: Some(lengths.1),
            ..Self::text(name, label, true)
        }
    }
}

/// The type of a profile attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AttributeType {
    /// Free text.
    #[default]
    String,
    /// An email address.
    Email,
    /// Yes or no.
    Boolean,
    /// One of `options`.
    Enum,
}

/// A choice of an `enum` attribute.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeOption {
    /// What the form shows.
    pub label: String,
    /// What is stored.
    pub value: String,
}

/// A simulated identity provider: choosing it signs in as `username` after a confirmation
/// page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Idp {
    /// Its id, in the `href` (`/sso/idps/{id}`).
    pub id: String,
    /// `GOOGLE`, `MICROSOFT`, `APPLE`, `FACEBOOK`, `OIDC` or `SAML2`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The name shown on its button.
    pub name: String,
    /// The user it signs in as (a configured user).
    pub username: String,
    /// Whether the org still asks for a second factor after it.
    #[serde(default)]
    pub mfa: bool,
}

/// The identity provider types idx-sim simulates, as Okta names them in `redirect-idp`.
pub const IDP_TYPES: &[&str] = &["GOOGLE", "MICROSOFT", "APPLE", "FACEBOOK", "OIDC", "SAML2"];

/// Where a new user's enrollments can come from.
pub const REGISTRATION_ENROLLS: &[&str] = &[
    "password",
    "okta_verify",
    "okta_email",
    "phone_number",
    "google_otp",
    "security_question",
    "webauthn",
];

/// An authenticator besides the password and Okta Verify, by its Okta key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Authenticator {
    /// Email: a code (and a magic link) to the user's email.
    OktaEmail,
    /// Phone: a code by SMS or voice call.
    PhoneNumber,
    /// Google Authenticator: TOTP from a shared secret.
    GoogleOtp,
    /// A security question.
    SecurityQuestion,
    /// Security key or biometric (WebAuthn): passkeys and security keys. Enrolled when the
    /// user has a credential (`[[user.webauthn]]`), never by `authenticators`.
    Webauthn,
}

impl Authenticator {
    /// All of them, in the order Okta lists them here.
    pub const ALL: [Authenticator; 5] = [
        Authenticator::OktaEmail,
        Authenticator::PhoneNumber,
        Authenticator::GoogleOtp,
        Authenticator::SecurityQuestion,
        Authenticator::Webauthn,
    ];

    /// The ones proven by something the user knows or is sent (all but WebAuthn), as the
    /// demo's users have them.
    pub const CODES: [Authenticator; 4] = [
        Authenticator::OktaEmail,
        Authenticator::PhoneNumber,
        Authenticator::GoogleOtp,
        Authenticator::SecurityQuestion,
    ];

    /// Okta's key (`okta_email`, …).
    pub fn key(self) -> &'static str {
        match self {
            Self::OktaEmail => "okta_email",
            Self::PhoneNumber => "phone_number",
            Self::GoogleOtp => "google_otp",
            Self::SecurityQuestion => "security_question",
            Self::Webauthn => "webauthn",
        }
    }

    /// Parses Okta's key.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// An enrolled security question.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecurityQuestion {
    /// One of Okta's question keys (`disliked_food`, …) or `custom`.
    pub key: String,
    /// The question, for `custom` only.
    #[serde(default)]
    pub question: Option<String>,
    /// The answer (compared without regard to case or surrounding spaces).
    pub answer: String,
}

/// Okta's predefined security questions: key and question.
pub const SECURITY_QUESTIONS: &[(&str, &str)] = &[
    (
        "disliked_food",
        "What is the food you least liked as a child?",
    ),
    (
        "name_of_first_plush_toy",
        "What is the name of your first stuffed animal?",
    ),
    (
        "first_award",
        "What did you earn your first medal or award for?",
    ),
    (
        "favorite_security_question",
        "What is your favorite security question?",
    ),
    (
        "favorite_toy",
        "What is the toy/stuffed animal you liked the most as a kid?",
    ),
    (
        "first_computer_game",
        "What was the first computer game you played?",
    ),
    ("favorite_movie_quote", "What is your favorite movie quote?"),
    (
        "first_sports_team_mascot",
        "What was the mascot of the first sports team you played on?",
    ),
    (
        "first_music_purchase",
        "What music album or song did you first purchase?",
    ),
    ("favorite_art_piece", "What is your favorite piece of art?"),
    (
        "grandmother_favorite_desert",
        "What was your grandmother's favorite dessert?",
    ),
    (
        "first_thing_cooked",
        "What was the first thing you learned to cook?",
    ),
    ("childhood_dream_job", "What was your dream job as a child?"),
    (
        "place_where_significant_other_was_met",
        "Where did you meet your spouse/significant other?",
    ),
    (
        "favorite_vacation_location",
        "Where did you go for your favorite vacation?",
    ),
    (
        "new_years_two_thousand",
        "Where were you on New Year's Eve in the year 2000?",
    ),
    (
        "favorite_speaker_actor",
        "Who is your favorite speaker/orator?",
    ),
    (
        "favorite_book_movie_character",
        "Who is your favorite book/movie character?",
    ),
    (
        "favorite_sports_player",
        "Who is your favorite sports player?",
    ),
];

/// The text of a predefined question.
pub fn predefined_question(key: &str) -> Option<&'static str> {
    SECURITY_QUESTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, q)| *q)
}

impl SecurityQuestion {
    /// The question's text.
    pub fn text(&self) -> String {
        match self.key.as_str() {
            "custom" => self.question.clone().unwrap_or_default(),
            key => predefined_question(key).unwrap_or_default().to_owned(),
        }
    }
}

/// The password policy's complexity, with Okta's names (`settings.complexity`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "camelCase")]
pub struct PasswordComplexity {
    /// At least this many characters.
    pub min_length: u32,
    /// At least this many lowercase letters.
    pub min_lower_case: u32,
    /// At least this many uppercase letters.
    pub min_upper_case: u32,
    /// At least this many digits.
    pub min_number: u32,
    /// At least this many symbols.
    pub min_symbol: u32,
    /// No part of the username (before the `@`, in pieces of 3 or more characters).
    pub exclude_username: bool,
    /// Profile attributes the password must not contain: `firstName`, `lastName`.
    pub exclude_attributes: Vec<String>,
    /// At most this many identical characters in a row (0: no limit).
    pub max_consecutive_repeating_characters: u32,
}

impl Default for PasswordComplexity {
    fn default() -> Self {
        Self {
            min_length: 8,
            min_lower_case: 1,
            min_upper_case: 1,
            min_number: 1,
            min_symbol: 0,
            exclude_username: true,
            exclude_attributes: Vec::new(),
            max_consecutive_repeating_characters: 0,
        }
    }
}

fn yes() -> bool {
    true
}

/// An Okta Verify enrollment channel. The widget keeps its own copy on purpose: idx-sim is
/// an independent oracle of Okta's wire format, so it shares no protocol code with the client it
/// tests (idx-protocol is only its dev-dependency, for tests that compare the two).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Scan a QR code.
    Qrcode,
    /// A setup link by email.
    Email,
    /// A setup link by SMS.
    Sms,
    /// Set up Okta Verify on this device (Okta FastPass), from a link on the page.
    SameDevice,
    /// Add the account to Okta Verify already on this device (Okta FastPass).
    DeviceBootstrap,
}

impl Channel {
    /// Whether the enrollment ends by the phone answering an activation (a QR code, or Okta
    /// Verify on this device), not by an address to send a link to.
    pub fn activates(self) -> bool {
        !matches!(self, Self::Email | Self::Sms)
    }

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Qrcode => "qrcode",
            Self::Email => "email",
            Self::Sms => "sms",
            Self::SameDevice => "samedevice",
            Self::DeviceBootstrap => "devicebootstrap",
        }
    }

    /// Parses a wire name (the names serde derives, as the configuration's).
    pub fn parse(s: &str) -> Option<Self> {
        use serde::de::IntoDeserializer;
        let wire: serde::de::value::StrDeserializer<'_, serde::de::value::Error> =
            s.into_deserializer();
        Self::deserialize(wire).ok()
    }
}

/// How a challenge reaches Okta Verify, with Okta's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChallengeMethod {
    /// The page probes Okta Verify's loopback HTTP service and hands it the challenge.
    #[default]
    Loopback,
    /// The page opens a `com-okta-authenticator:` URI.
    CustomUri,
    /// The page goes to an https link the system opens in Okta Verify (iOS, macOS).
    UniversalLink,
    /// The page goes to an https link Android opens in Okta Verify.
    AppLink,
}

impl ChallengeMethod {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Loopback => "LOOPBACK",
            Self::CustomUri => "CUSTOM_URI",
            Self::UniversalLink => "UNIVERSAL_LINK",
            Self::AppLink => "APP_LINK",
        }
    }
}

/// The `[fastpass]` table: whether and how the org offers Okta FastPass, and the simulated
/// "Okta Verify on this computer".
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FastPassSettings {
    /// Whether the first screen offers "Sign in with Okta FastPass" (`launch-authenticator`),
    /// before the user is known. Okta's admin decides this per app; off in the demo org.
    pub launch_on_identify: bool,
    /// How challenges reach Okta Verify: `LOOPBACK`, `CUSTOM_URI`, `UNIVERSAL_LINK`, `APP_LINK`.
    pub challenge_method: ChallengeMethod,
    /// The loopback challenge's `domain` (Okta's is `http://localhost`).
    pub domain: String,
    /// The loopback challenge's `httpsDomain`, probed first when set (Okta names one for macOS).
    pub https_domain: Option<String>,
    /// The ports the loopback challenge names, in order (Okta Verify listens on one of
    /// 6511–6513 or 8769). The loopback service's own port is added when missing.
    pub ports: Vec<u16>,
    /// The loopback challenge's `probeTimeoutMillis`, when set.
    pub probe_timeout_ms: Option<u64>,
    /// The loopback challenge's `chromeLocalNetworkAccessDetails.chromeLNAHelpLink`, when set:
    /// where a page tells a person whose Chrome refused Local Network Access how to allow it.
    pub chrome_lna_help_link: Option<String>,
    /// Where the simulated Okta Verify on this computer listens (127.0.0.1, and ::1 when it
    /// can); off when absent ("not installed"). 0 picks a free port.
    pub loopback_port: Option<u16>,
    /// Name a closed port before the service's, as when another profile's Okta Verify is gone.
    pub wrong_port_first: bool,
    /// Okta Verify answers every challenge at once, without asking on the phone page.
    pub auto_approve: bool,
    /// The user refuses: Okta Verify answers "No" at once.
    pub refuse: bool,
    /// Milliseconds Okta Verify takes to answer a probe.
    pub probe_delay_ms: u64,
    /// Milliseconds Okta Verify takes before it takes up a challenge.
    pub challenge_delay_ms: u64,
    /// How long a challenge can be answered, in seconds.
    pub challenge_lifetime_secs: u64,
    /// Where a custom URI challenge sends a person who has no Okta Verify (`downloadHref`).
    pub download_href: String,
    /// Okta Verify enrollment on this device, offered instead of the QR code: `samedevice`
    /// (install and set up Okta Verify here, from a link) or `devicebootstrap` (add the account
    /// to the Okta Verify this computer has).
    pub enroll_on_this_device: Option<Channel>,
    /// The computers with Okta Verify enrolled for FastPass, one per user.
    #[serde(rename = "device")]
    pub devices: Vec<Device>,
}

impl Default for FastPassSettings {
    fn default() -> Self {
        Self {
            launch_on_identify: false,
            challenge_method: ChallengeMethod::Loopback,
            domain: "http://localhost".into(),
            https_domain: None,
            ports: Vec::new(),
            probe_timeout_ms: None,
            chrome_lna_help_link: None,
            loopback_port: None,
            wrong_port_first: false,
            auto_approve: false,
            refuse: false,
            probe_delay_ms: 0,
            challenge_delay_ms: 0,
            challenge_lifetime_secs: 300,
            download_href: "https://apps.apple.com/us/app/okta-verify/id490179405".into(),
            enroll_on_this_device: None,
            devices: Vec::new(),
        }
    }
}

/// Okta's default loopback ports, named when the configuration names none.
pub const OKTA_PORTS: [u16; 3] = [6511, 6512, 6513];

/// A user's Okta Verify enrolled on this computer.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// The user (a configured user).
    pub username: String,
    /// The computer's name, as `authenticatorEnrollments` shows it.
    #[serde(default = "default_device_name")]
    pub name: String,
    /// The device key registered at enrollment (at least 16 characters); a fresh random one
    /// at every start when absent. Okta Verify signs its answers with it.
    #[serde(default)]
    pub key: Option<String>,
    /// The enrollment's id, which Okta Verify's answers name (`kid`); a fresh `pfd…` one at
    /// every start when absent.
    #[serde(default)]
    pub id: Option<String>,
}

impl std::fmt::Debug for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Device")
            .field("username", &self.username)
            .field("name", &self.name)
            .field("key", &self.key.as_ref().map(|_| "[redacted]"))
            .field("id", &self.id)
            .finish()
    }
}

fn default_device_name() -> String {
    "Simulated computer".into()
}

impl FastPassSettings {
    /// Checks what serde cannot.
    pub fn validate(&self, config: &Config) -> Result<(), String> {
        let domain_ok = |d: &str| {
            url::Url::parse(d).is_ok_and(|u| {
                matches!(u.scheme(), "http" | "https") && u.path() == "/" && u.port().is_none()
            }) && !d.ends_with('/')
        };
        if !domain_ok(&self.domain) {
            return Err(format!(
                "fastpass.domain {:?} is not a scheme and host without port or path (http://localhost)",
                self.domain
            ));
        }
        if let Some(https) = &self.https_domain
            && !(https.starts_with("https://") && domain_ok(https))
        {
            return Err(format!(
                "fastpass.https_domain {https:?} is not an https scheme and host"
            ));
        }
        if let Some(link) = &self.chrome_lna_help_link
            && !url::Url::parse(link).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
        {
            return Err(format!(
                "fastpass.chrome_lna_help_link {link:?} is not an http(s) URL"
            ));
        }
        if self.challenge_lifetime_secs == 0 {
            return Err("fastpass.challenge_lifetime_secs must be positive".into());
        }
        if self
            .enroll_on_this_device
            .is_some_and(|c| !matches!(c, Channel::SameDevice | Channel::DeviceBootstrap))
        {
            return Err("fastpass.enroll_on_this_device is samedevice or devicebootstrap".into());
        }
        if self.ports.contains(&0) {
            return Err("fastpass.ports: 0 is not a port".into());
        }
        let mut names: Vec<String> = Vec::new();
        for device in &self.devices {
            let what = format!("fastpass.device {:?}", device.username);
            match config.user(&device.username) {
                None => return Err(format!("{what}: not a configured user")),
                Some(u) if u.status != UserStatus::Active => {
                    return Err(format!("{what}: the user is not ACTIVE"));
                }
                Some(u) if !u.okta_verify => {
                    return Err(format!(
                        "{what}: the user has no Okta Verify (okta_verify = true)"
                    ));
                }
                Some(_) => {}
            }
            if device.id.as_ref().is_some_and(|id| id.trim().is_empty()) {
                return Err(format!("{what}: id must not be empty"));
            }
            if device.key.as_ref().is_some_and(|k| k.len() < 16) {
                return Err(format!("{what}: key must be at least 16 characters"));
            }
            let name = device.username.to_ascii_lowercase();
            if names.contains(&name) {
                return Err(format!("{what}: one device per user"));
            }
            names.push(name);
        }
        Ok(())
    }

    /// The device enrolled for this user, if any.
    pub fn device(&self, username: &str) -> Option<&Device> {
        self.devices
            .iter()
            .find(|d| d.username.eq_ignore_ascii_case(username.trim()))
    }

    /// The origins a page probes for Okta Verify (`httpsDomain` and `domain` on each port), when
    /// the org offers FastPass: what its Content-Security-Policy must let it reach.
    pub fn loopback_origins(&self) -> Vec<String> {
        if self.devices.is_empty() || self.challenge_method != ChallengeMethod::Loopback {
            return Vec::new();
        }
        let ports = self.challenge_ports();
        self.https_domain
            .iter()
            .chain(std::iter::once(&self.domain))
            .flat_map(|domain| ports.iter().map(move |port| format!("{domain}:{port}")))
            .collect()
    }

    /// The ports the loopback challenge names.
    pub fn challenge_ports(&self) -> Vec<u16> {
        if self.ports.is_empty() {
            OKTA_PORTS.to_vec()
        } else {
            self.ports.clone()
        }
    }
}

/// What the org calls itself in Google Authenticator and in the password warning.
pub const ORG_NAME: &str = "idx-sim";

/// The org's WebAuthn settings (`[webauthn]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebauthnPolicy {
    /// The relying party id sent as `rp.id` (enrollment) and `rpId` (verification), and the
    /// one whose SHA-256 the authenticator data must carry. Unset (as in Okta's recorded
    /// `activationData`, which has no `rp.id`): the browser uses the page's own host, so the
    /// host of the (trusted) origin in `clientDataJSON` is the RP ID checked.
    pub rp_id: Option<String>,
    /// `rp.name`.
    pub rp_name: String,
    /// `userVerification`: `required`, `preferred` or `discouraged`. With `required`, an
    /// answer without the UV flag is refused.
    pub user_verification: String,
    /// `authenticatorSelection.residentKey`: `required` makes every new credential a passkey.
    pub resident_key: String,
    /// `attestation` asked for: `none` (the browser then sends `fmt` `none`), `indirect` or
    /// `direct`. Only `none` and `packed` self-attestation are accepted back.
    pub attestation: String,
    /// `hints` (`security-key`, `client-device`, `hybrid`), as Okta's passkey orgs send them.
    pub hints: Vec<String>,
    /// Passkey autofill on the first screen (`challenge-webauthn-autofillui-authenticator`).
    pub autofill: bool,
    /// "Sign in with a passkey" on the first screen (`launch-webauthn-authenticator`).
    pub launch_authenticator: bool,
    /// How long the browser may take, in milliseconds (`timeout`).
    pub timeout_ms: u64,
}

impl Default for WebauthnPolicy {
    fn default() -> Self {
        Self {
            rp_id: None,
            rp_name: ORG_NAME.into(),
            user_verification: "preferred".into(),
            resident_key: "preferred".into(),
            attestation: "none".into(),
            hints: Vec::new(),
            autofill: false,
            launch_authenticator: false,
            timeout_ms: 60_000,
        }
    }
}

impl WebauthnPolicy {
    /// Checks what serde cannot.
    pub fn validate(&self) -> Result<(), String> {
        let one_of = |name: &str, value: &str, allowed: &[&str]| {
            if allowed.contains(&value) {
                Ok(())
            } else {
                Err(format!(
                    "webauthn.{name} {value:?} is not one of {}",
                    allowed.join(", ")
                ))
            }
        };
        let levels = ["required", "preferred", "discouraged"];
        one_of("user_verification", &self.user_verification, &levels)?;
        one_of("resident_key", &self.resident_key, &levels)?;
        one_of(
            "attestation",
            &self.attestation,
            &["none", "indirect", "direct"],
        )?;
        for hint in &self.hints {
            one_of("hints", hint, &["security-key", "client-device", "hybrid"])?;
        }
        if let Some(rp) = &self.rp_id
            && (rp.is_empty() || rp.contains([':', '/']) || rp != &rp.to_ascii_lowercase())
        {
            return Err(format!(
                "webauthn.rp_id {rp:?} must be a lowercase host name, without scheme or port"
            ));
        }
        Ok(())
    }
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

/// A custom authorization server of the demo org besides `default`, with an id shaped like
/// Okta's.
pub const DEMO_CUSTOM_SERVER: &str = "aus1simcustom0000000";

/// The activation token of the demo's `PROVISIONED` user, `provisioned@example.com`.
pub const DEMO_ACTIVATION_TOKEN: &str = "demo-activation-token";

/// The demo user with Okta Verify on this computer (Okta FastPass) and on the phone.
pub const DEMO_FASTPASS_USER: &str = "fastpass@example.com";

/// The demo users' password.
pub const DEMO_PASSWORD: &str = "Okta-Verify-1";

/// The demo org's confidential web application: its client id, secret and redirect URI.
pub const DEMO_WEB_CLIENT: (&str, &str, &str) = (
    "idx-widget-web-demo",
    "demo-web-secret",
    "http://127.0.0.1:8090/login/callback",
);

impl Default for Config {
    fn default() -> Self {
        Self {
            client_id: "idx-widget-demo".into(),
            // The served page itself: an identity provider's answer and an email magic link
            // come back to it (nothing serves `/login/callback`; it stays for other clients).
            redirect_uris: vec![
                "http://127.0.0.1:8080/".into(),
                "http://localhost:8080/".into(),
                "http://127.0.0.1:8080/login/callback".into(),
                "http://localhost:8080/login/callback".into(),
            ],
            // The served page, as okta-react's `postLogoutRedirectUri` (origin + "/") names it.
            post_logout_redirect_uris: vec![
                "http://127.0.0.1:8080/".into(),
                "http://localhost:8080/".into(),
            ],
            // None: the page idx-sim serves (`--serve-app`) is trusted when it is served, and
            // any other page must be named.
            trusted_origins: Vec::new(),
            password_on_identify: false,
            enrollment_channels: vec!["email".into(), "sms".into()],
            poll_refresh_ms: 4000,
            push_lifetime_secs: 300,
            state_ttl_secs: 600,
            interaction_code_ttl_secs: 60,
            poll_rate_limit: true,
            interaction_code: true,
            password_complexity: PasswordComplexity::default(),
            email_magic_link: true,
            email_verify_uri: None,
            self_service_recovery: true,
            recovery_signs_in: true,
            lockout_attempts: 5,
            self_service_unlock: true,
            faults: Faults::default(),
            fastpass: FastPassSettings {
                devices: vec![Device {
                    username: DEMO_FASTPASS_USER.into(),
                    name: "Simulated computer".into(),
                    key: None,
                    id: None,
                }],
                ..FastPassSettings::default()
            },
            captcha: None,
            registration: Registration {
                enabled: true,
                profile: {
                    let mut profile = Registration::default().profile;
                    profile.push(ProfileAttribute {
                        kind: AttributeType::Enum,
                        options: [("France", "FR"), ("Germany", "DE"), ("United States", "US")]
                            .into_iter()
                            .map(|(label, value)| AttributeOption {
                                label: label.into(),
                                value: value.into(),
                            })
                            .collect(),
                        ..ProfileAttribute::text("country", "Country", false)
                    });
                    profile.push(ProfileAttribute {
                        kind: AttributeType::Boolean,
                        ..ProfileAttribute::text("newsletter", "Send me the newsletter", false)
                    });
                    profile
                },
                ..Registration::default()
            },
            idps: vec![
                demo_idp(
                    "0oaSimGoogle00000001",
                    "GOOGLE",
                    "Google",
                    "push@example.com",
                    false,
                ),
                demo_idp(
                    "0oaSimMicrosoft00001",
                    "MICROSOFT",
                    "Microsoft",
                    "mfa@example.com",
                    true,
                ),
                demo_idp(
                    "0oaSimAcmeSaml000001",
                    "SAML2",
                    "Acme SSO",
                    "number@example.com",
                    false,
                ),
            ],
            idp_only: false,
            consent_scopes: vec!["custom.read".into()],
            web_clients: vec![WebClient {
                client_id: DEMO_WEB_CLIENT.0.into(),
                client_secret: DEMO_WEB_CLIENT.1.into(),
                redirect_uris: vec![
                    DEMO_WEB_CLIENT.2.into(),
                    "http://localhost:8090/login/callback".into(),
                ],
                post_logout_redirect_uris: vec![
                    "http://127.0.0.1:8090/".into(),
                    "http://localhost:8090/".into(),
                ],
            }],
            authorization_servers: vec!["default".into(), DEMO_CUSTOM_SERVER.into()],
            rotate_state_handles: true,
            session_sign_in: true,
            refresh_tokens: true,
            slower_refresh_after_polls: 5,
            // passkey@example.com enrolls one, on the page at localhost (browsers refuse
            // WebAuthn on an IP address). Passkeys from the first screen are off, as in a new
            // org.
            webauthn: WebauthnPolicy::default(),
            users: vec![
                demo_user("enroll@example.com", "Enroll", false, false, "+15550000001"),
                demo_user("push@example.com", "Push", true, false, "+15550000002"),
                demo_user("number@example.com", "Number", true, true, "+15550000003"),
                User {
                    authenticators: Authenticator::CODES.to_vec(),
                    security_question: Some(SecurityQuestion {
                        key: "disliked_food".into(),
                        question: None,
                        answer: "broccoli".into(),
                    }),
                    ..demo_user("mfa@example.com", "Mfa", true, false, "+15550000004")
                },
                User {
                    okta_verify_policy: EnrollPolicy::None,
                    enroll_required: Authenticator::CODES.to_vec(),
                    ..demo_user("setup@example.com", "Setup", false, false, "+15550000005")
                },
                User {
                    okta_verify_policy: EnrollPolicy::None,
                    password_expired: true,
                    ..demo_user(
                        "expired@example.com",
                        "Expired",
                        false,
                        false,
                        "+15550000006",
                    )
                },
                User {
                    okta_verify_policy: EnrollPolicy::None,
                    password_expires_in_days: Some(4),
                    ..demo_user(
                        "expiring@example.com",
                        "Expiring",
                        false,
                        false,
                        "+15550000007",
                    )
                },
                User {
                    okta_verify_policy: EnrollPolicy::None,
                    authenticators: vec![Authenticator::OktaEmail],
                    locked: true,
                    ..demo_user("locked@example.com", "Locked", false, false, "+15550000008")
                },
                User {
                    status: UserStatus::Provisioned,
                    activation_token: Some(DEMO_ACTIVATION_TOKEN.into()),
                    ..demo_user(
                        "provisioned@example.com",
                        "Provisioned",
                        false,
                        false,
                        "+15550000009",
                    )
                },
                demo_user(DEMO_FASTPASS_USER, "Fast", true, false, "+15550000010"),
                User {
                    okta_verify_policy: EnrollPolicy::None,
                    enroll_required: vec![Authenticator::Webauthn],
                    ..demo_user(
                        "passkey@example.com",
                        "Passkey",
                        false,
                        false,
                        "+15550000011",
                    )
                },
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
        authenticators: Vec::new(),
        enroll_required: Vec::new(),
        password_expired: false,
        password_expires_in_days: None,
        security_question: None,
        locked: false,
        status: UserStatus::Active,
        activation_token: None,
        webauthn: Vec::new(),
    }
}

fn demo_idp(id: &str, kind: &str, name: &str, username: &str, mfa: bool) -> Idp {
    Idp {
        id: id.into(),
        kind: kind.into(),
        name: name.into(),
        username: username.into(),
        mfa,
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

    fn validate_idps(&self) -> Result<(), String> {
        let mut ids: Vec<&str> = Vec::new();
        for idp in &self.idps {
            let what = format!("idp {:?}", idp.id);
            if idp.id.is_empty()
                || !idp
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(format!("{what}: id must be letters, digits, '-' or '_'"));
            }
            if ids.contains(&idp.id.as_str()) {
                return Err(format!("{what}: two identity providers share this id"));
            }
            ids.push(&idp.id);
            if !IDP_TYPES.contains(&idp.kind.as_str()) {
                return Err(format!(
                    "{what}: type {:?} is not one of {}",
                    idp.kind,
                    IDP_TYPES.join(", ")
                ));
            }
            if idp.name.trim().is_empty() {
                return Err(format!("{what}: name must not be empty"));
            }
            match self.user(&idp.username) {
                None => {
                    return Err(format!(
                        "{what}: username {:?} is not a configured user",
                        idp.username
                    ));
                }
                Some(u) if u.status != UserStatus::Active => {
                    return Err(format!("{what}: user {:?} is not ACTIVE", idp.username));
                }
                Some(_) => {}
            }
        }
        if self.idp_only && self.idps.is_empty() {
            return Err("idp_only needs at least one [[idp]]".into());
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

impl WebClient {
    /// Checks what serde cannot: an id, a secret and somewhere to redirect to.
    pub fn validate(&self) -> Result<(), String> {
        if self.client_id.trim().is_empty() {
            return Err("client_id must not be empty".into());
        }
        if self.client_secret.is_empty() {
            return Err("client_secret must not be empty".into());
        }
        if self.redirect_uris.is_empty() {
            return Err("redirect_uris needs at least one redirect URI".into());
        }
        if let Some(bad) = self
            .redirect_uris
            .iter()
            .chain(&self.post_logout_redirect_uris)
            .find(|u| url::Url::parse(u).is_err())
        {
            return Err(format!("redirect URI {bad:?} is not an absolute URL"));
        }
        Ok(())
    }
}

impl User {
    /// Where enrollment emails go.
    pub fn email(&self) -> &str {
        self.email.as_deref().unwrap_or(&self.username)
    }

    /// Checks what serde cannot: the lists, the phone and the security question agree.
    pub fn validate(&self) -> Result<(), String> {
        for (name, list) in [
            ("authenticators", &self.authenticators),
            ("enroll_required", &self.enroll_required),
        ] {
            let mut sorted = list.clone();
            sorted.sort_unstable();
            if sorted.windows(2).any(|w| w[0] == w[1]) {
                return Err(format!("{name} names an authenticator twice"));
            }
        }
        validate_webauthn(self)?;
        if self.has(Authenticator::PhoneNumber) {
            match &self.phone {
                None => return Err("phone_number is enrolled but the user has no phone".into()),
                Some(phone) if !is_e164(phone) => {
                    return Err(format!(
                        "phone {phone:?} is not in E.164 format (+ then 8 to 15 digits)"
                    ));
                }
                Some(_) => {}
            }
        }
        let has_question = self
            .authenticators
            .contains(&Authenticator::SecurityQuestion);
        match (&self.security_question, has_question) {
            (None, true) => {
                return Err(
                    "security_question is enrolled but the user has no [user.security_question]"
                        .into(),
                );
            }
            (Some(_), false) => {
                return Err(
                    "[user.security_question] is given but security_question is not in authenticators"
                        .into(),
                );
            }
            (Some(q), true) => {
                match (q.key.as_str(), &q.question) {
                    ("custom", Some(text)) if !text.trim().is_empty() => {}
                    ("custom", _) => {
                        return Err("a custom security question needs its question".into());
                    }
                    (key, None) if predefined_question(key).is_some() => {}
                    (key, None) => {
                        return Err(format!(
                            "security question key {key:?} is not one of Okta's ({}) or custom",
                            SECURITY_QUESTIONS
                                .iter()
                                .map(|(k, _)| *k)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                    (_, Some(_)) => {
                        return Err("only a custom security question takes a question".into());
                    }
                }
                if q.answer.trim().chars().count() < 4 {
                    return Err(
                        "the security question's answer must be at least 4 characters".into(),
                    );
                }
            }
            (None, false) => {}
        }
        if self.password_expired && self.password_expires_in_days.is_some() {
            return Err("password_expired and password_expires_in_days cannot both be set".into());
        }
        match (self.status, &self.activation_token) {
            (UserStatus::Provisioned, None) => {
                return Err("a PROVISIONED user needs an activation_token".into());
            }
            (UserStatus::Active, Some(_)) => {
                return Err("activation_token is for a PROVISIONED user".into());
            }
            (_, Some(token)) if token.trim().is_empty() => {
                return Err("activation_token must not be empty".into());
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether this authenticator is enrolled from the start.
    pub fn has(&self, authenticator: Authenticator) -> bool {
        self.authenticators.contains(&authenticator)
    }
}

impl Registration {
    /// Checks that the form can create a user and the enrollments exist.
    pub fn validate(&self) -> Result<(), String> {
        let mut names: Vec<&str> = Vec::new();
        for a in &self.profile {
            let what = format!("registration.profile {:?}", a.name);
            if a.name.is_empty()
                || !a
                    .name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
            {
                return Err(format!("{what}: name must be letters, digits or '_'"));
            }
            if names.contains(&a.name.as_str()) {
                return Err(format!("{what}: named twice"));
            }
            names.push(&a.name);
            if a.label.trim().is_empty() {
                return Err(format!("{what}: label must not be empty"));
            }
            let text = matches!(a.kind, AttributeType::String | AttributeType::Email);
            if !text && (a.min_length.is_some() || a.max_length.is_some()) {
                return Err(format!("{what}: only text takes min_length and max_length"));
            }
            if let (Some(min), Some(max)) = (a.min_length, a.max_length)
                && min > max
            {
                return Err(format!("{what}: min_length is more than max_length"));
            }
            match (a.kind, a.options.is_empty()) {
                (AttributeType::Enum, true) => {
                    return Err(format!("{what}: an enum needs options"));
                }
                (AttributeType::Enum, false) => {}
                (_, false) => return Err(format!("{what}: only an enum takes options")),
                (_, true) => {}
            }
        }
        if self.enabled {
            match self.profile.iter().find(|a| a.name == "email") {
                Some(a) if a.required && a.kind == AttributeType::Email => {}
                _ => {
                    return Err(
                        "registration.profile needs a required attribute \"email\" of type \"email\" (the new username)"
                            .into(),
                    );
                }
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, e) in self.enroll.iter().enumerate() {
            if !REGISTRATION_ENROLLS.contains(&e.as_str()) {
                return Err(format!(
                    "registration.enroll: {e:?} is not one of {}",
                    REGISTRATION_ENROLLS.join(", ")
                ));
            }
            if seen.contains(&e.as_str()) {
                return Err(format!("registration.enroll names {e:?} twice"));
            }
            if e == "password" && i != 0 {
                return Err("registration.enroll: password comes first".into());
            }
            seen.push(e);
        }
        // A new user signs in again with the password chosen here; idx-sim has no
        // passwordless sign-in.
        if self.enabled && !seen.contains(&"password") {
            return Err("registration.enroll must start with password".into());
        }
        Ok(())
    }
}

impl PasswordComplexity {
    /// Checks that the policy can be met.
    pub fn validate(&self) -> Result<(), String> {
        for attribute in &self.exclude_attributes {
            if !matches!(attribute.as_str(), "firstName" | "lastName") {
                return Err(format!(
                    "password_complexity.excludeAttributes: {attribute:?} is not firstName or lastName"
                ));
            }
        }
        let classes = self.min_lower_case + self.min_upper_case + self.min_number + self.min_symbol;
        if self.min_length == 0 || self.min_length > 256 || classes > 256 {
            return Err("password_complexity.minLength must be from 1 to 256".into());
        }
        Ok(())
    }
}

/// The user's configured credentials, checked (config validation).
fn validate_webauthn(user: &User) -> Result<(), String> {
    if user.authenticators.contains(&Authenticator::Webauthn) {
        return Err(
            "webauthn is enrolled by giving a credential ([[user.webauthn]]), not in authenticators"
                .into(),
        );
    }
    let mut ids = Vec::new();
    for (i, c) in user.webauthn.iter().enumerate() {
        let r = c.registered().map_err(|e| format!("webauthn[{i}]: {e}"))?;
        if ids.contains(&r.id) {
            return Err(format!("webauthn[{i}]: credential_id given twice"));
        }
        ids.push(r.id);
    }
    Ok(())
}

/// `+` then 8 to 15 digits, the first not zero.
pub(crate) fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_parses() {
        let text = include_str!("../example.toml");
        let config = Config::from_toml(text).unwrap();
        assert_eq!(config.users.len(), 3);
        assert_eq!(config.idps.len(), 2);
        assert_eq!(config.registration.profile.len(), 5);
        assert_eq!(
            config.user("carol@example.com").unwrap().status,
            UserStatus::Provisioned
        );
        assert_eq!(config.poll_refresh_ms, 2000);
        assert_eq!(config.fastpass.devices.len(), 1);
        assert_eq!(config.fastpass.loopback_port, Some(6512));
        let alice = config.user("Alice@Example.com").unwrap();
        assert!(alice.number_challenge);
        assert_eq!(alice.authenticators.len(), 4);
        assert_eq!(alice.webauthn.len(), 1);
        assert_eq!(config.webauthn, WebauthnPolicy::default());
        assert_eq!(
            config
                .user("bob@example.com")
                .unwrap()
                .enroll_required
                .len(),
            2
        );
        assert_eq!(config.password_complexity, PasswordComplexity::default());
        let web = config.web_client("my-web-app").unwrap();
        assert_eq!(web.client_secret, "my-web-app-secret");
        assert_eq!(web.redirect_uris, ["http://localhost:8000/login/callback"]);
        assert_eq!(web.post_logout_redirect_uris, ["http://localhost:8000/"]);
        assert_eq!(config.post_logout_redirect_uris, ["http://localhost:3000/"]);
    }

    #[test]
    fn web_clients_are_checked() {
        let config = Config::default();
        let (id, secret, redirect) = DEMO_WEB_CLIENT;
        let web = config.web_client(id).unwrap();
        assert_eq!(web.client_secret, secret);
        assert!(web.redirect_uris.iter().any(|u| u == redirect));
        assert!(
            !format!("{config:?}").contains(secret),
            "Debug hides the secret"
        );
        let ok = Config::from_toml(
            "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"s\"\nredirect_uris = [\"http://a/cb\"]",
        )
        .unwrap();
        assert_eq!(
            ok.web_clients.len(),
            1,
            "a file's web clients replace the demo's"
        );
        for (toml, says) in [
            (
                "[[web_client]]\nclient_id = \"\"\nclient_secret = \"s\"\nredirect_uris = [\"http://a/cb\"]",
                "client_id",
            ),
            (
                "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"\"\nredirect_uris = [\"http://a/cb\"]",
                "client_secret",
            ),
            (
                "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"s\"\nredirect_uris = []",
                "redirect",
            ),
            (
                "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"s\"\nredirect_uris = [\"/cb\"]",
                "absolute",
            ),
            (
                "[[web_client]]\nclient_id = \"idx-widget-demo\"\nclient_secret = \"s\"\nredirect_uris = [\"http://a/cb\"]",
                "single-page",
            ),
            (
                "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"s\"\nredirect_uris = [\"http://a/cb\"]\n\
                 [[web_client]]\nclient_id = \"a\"\nclient_secret = \"t\"\nredirect_uris = [\"http://a/cb\"]",
                "share",
            ),
            (
                "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"s\"\nredirect_uris = [\"http://a/cb\"]\nsecret = 1",
                "secret",
            ),
            (
                "[[web_client]]\nclient_id = \"a\"\nredirect_uris = [\"http://a/cb\"]",
                "client_secret",
            ),
        ] {
            let err = Config::from_toml(toml).unwrap_err();
            assert!(err.contains(says), "{toml}: {err}");
        }
    }

    #[test]
    fn omitted_fields_take_the_demo_values() {
        let config = Config::from_toml("poll_refresh_ms = 1000").unwrap();
        assert_eq!(config.client_id, "idx-widget-demo");
        assert_eq!(config.users.len(), Config::default().users.len());
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
        assert!(
            Config::from_toml("[faults]\nrate_limit_polls = 1.5")
                .unwrap_err()
                .contains("rate_limit_polls")
        );
    }

    #[test]
    fn registration_idps_consent_and_activation_are_checked() {
        let demo = Config::default();
        assert!(demo.registration.enabled);
        assert_eq!(demo.registration.enroll, ["password", "okta_verify"]);
        assert_eq!(demo.idps.len(), 3);
        assert_eq!(demo.consent_scopes, ["custom.read"]);
        let file = Config::from_toml(&user_toml("")).unwrap();
        assert!(file.idps.is_empty(), "a file's users get no demo IdPs");
        assert!(
            file.fastpass.devices.is_empty(),
            "a file's users get no demo FastPass device"
        );
        let ok = Config::from_toml(&format!(
            "{}\n[[idp]]\nid = \"0oaX\"\ntype = \"OIDC\"\nname = \"X\"\nusername = \"u@example.com\"\nmfa = true",
            user_toml("")
        ))
        .unwrap();
        assert!(ok.idps[0].mfa);
        let idp = |fields: &str| format!("{}\n[[idp]]\n{fields}", user_toml(""));
        for (toml, says) in [
            (
                idp("id = \"a\"\ntype = \"LINKEDIN\"\nname = \"A\"\nusername = \"u@example.com\""),
                "LINKEDIN",
            ),
            (
                idp("id = \"a\"\ntype = \"GOOGLE\"\nname = \"A\"\nusername = \"who@example.com\""),
                "not a configured user",
            ),
            (
                idp("id = \"a b\"\ntype = \"GOOGLE\"\nname = \"A\"\nusername = \"u@example.com\""),
                "id must be",
            ),
            (
                format!(
                    "{}\n[[idp]]\nid = \"a\"\ntype = \"GOOGLE\"\nname = \"B\"\nusername = \"u@example.com\"",
                    idp("id = \"a\"\ntype = \"GOOGLE\"\nname = \"A\"\nusername = \"u@example.com\"")
                ),
                "share",
            ),
            (format!("idp_only = true\n{}", user_toml("")), "idp_only"),
            ("consent_scopes = [\"openid\"]".into(), "openid"),
            (
                "[registration]\nenabled = true\nprofile = [{ name = \"email\", label = \"Email\" }]".into(),
                "required attribute \"email\"",
            ),
            (
                "[registration]\nprofile = [{ name = \"c\", label = \"C\", type = \"enum\" }]".into(),
                "needs options",
            ),
            (
                "[registration]\nprofile = [{ name = \"c\", label = \"C\", type = \"boolean\", max_length = 3 }]".into(),
                "only text",
            ),
            (
                "[registration]\nenroll = [\"okta_verify\", \"password\"]".into(),
                "password comes first",
            ),
            ("[registration]\nenroll = [\"fax\"]".into(), "fax"),
            (
                "[registration]\nenabled = true\nenroll = [\"okta_verify\"]".into(),
                "start with password",
            ),
            (user_toml("status = \"PROVISIONED\""), "activation_token"),
            (user_toml("activation_token = \"t\""), "PROVISIONED"),
        ] {
            let err = Config::from_toml(&toml).unwrap_err();
            assert!(err.contains(says), "{toml}: {err}");
        }
    }

    fn user_toml(extra: &str) -> String {
        format!(
            "[[user]]\nusername = \"u@example.com\"\npassword = \"pw\"\nphone = \"+15551234567\"\n{extra}"
        )
    }

    #[test]
    fn authenticator_lists_are_checked() {
        let ok = Config::from_toml(&user_toml(
            "authenticators = [\"okta_email\", \"phone_number\", \"google_otp\", \"security_question\"]\n\
             enroll_required = [\"okta_email\"]\n\
             security_question = { key = \"custom\", question = \"Which street?\", answer = \"Elm Lane\" }",
        ))
        .unwrap();
        assert_eq!(ok.users[0].authenticators.len(), 4);
        let err = Config::from_toml(&user_toml("authenticators = [\"okta_fax\"]")).unwrap_err();
        assert!(
            err.contains("okta_fax") && err.contains("google_otp"),
            "{err}"
        );
        let err = Config::from_toml(&user_toml("enroll_required = [\"okta_verify\"]")).unwrap_err();
        assert!(err.contains("okta_verify"), "{err}");
        for (extra, says) in [
            (
                "authenticators = [\"security_question\"]",
                "security_question",
            ),
            (
                "authenticators = [\"security_question\"]\nsecurity_question = { key = \"nope\", answer = \"long enough\" }",
                "disliked_food",
            ),
            (
                "authenticators = [\"security_question\"]\nsecurity_question = { key = \"custom\", answer = \"long enough\" }",
                "custom",
            ),
            (
                "authenticators = [\"security_question\"]\nsecurity_question = { key = \"disliked_food\", answer = \"no\" }",
                "4 characters",
            ),
            ("authenticators = [\"okta_email\", \"okta_email\"]", "twice"),
            (
                "password_expired = true\npassword_expires_in_days = 3",
                "both",
            ),
        ] {
            let err = Config::from_toml(&user_toml(extra)).unwrap_err();
            assert!(err.contains(says), "{extra}: {err}");
        }
        let err = Config::from_toml(
            "[[user]]\nusername = \"u\"\npassword = \"p\"\nauthenticators = [\"phone_number\"]",
        )
        .unwrap_err();
        assert!(err.contains("phone"), "{err}");
        let err = Config::from_toml("[password_complexity]\nexcludeAttributes = [\"email\"]")
            .unwrap_err();
        assert!(err.contains("excludeAttributes"), "{err}");
        let err = Config::from_toml("[password_complexity]\nminLen = 3").unwrap_err();
        assert!(err.contains("minLen"), "{err}");
    }

    #[test]
    fn the_demo_keeps_its_first_users_and_adds_the_others() {
        let config = Config::default();
        let names: Vec<&str> = config.users.iter().map(|u| u.username.as_str()).collect();
        assert_eq!(
            names,
            [
                "enroll@example.com",
                "push@example.com",
                "number@example.com",
                "mfa@example.com",
                "setup@example.com",
                "expired@example.com",
                "expiring@example.com",
                "locked@example.com",
                "provisioned@example.com",
                DEMO_FASTPASS_USER,
                "passkey@example.com",
            ]
        );
        assert!(config.validate().is_ok());
        assert_eq!(config.password_complexity.min_length, 8);
        assert!(config.email_magic_link);
    }

    #[test]
    fn settings_are_checked() {
        let mut config = crate::Config::default();
        assert!(config.fastpass.validate(&config).is_ok());
        type Change = fn(&mut FastPassSettings);
        let cases: [(Change, &str); 6] = [
            (|s| s.domain = "localhost".into(), "fastpass.domain"),
            (
                |s| s.domain = "http://localhost:6511".into(),
                "fastpass.domain",
            ),
            (
                |s| s.https_domain = Some("http://x.example".into()),
                "https_domain",
            ),
            (|s| s.challenge_lifetime_secs = 0, "challenge_lifetime_secs"),
            (
                |s| {
                    s.devices = vec![Device {
                        username: "nobody@example.com".into(),
                        name: default_device_name(),
                        key: None,
                        id: None,
                    }]
                },
                "not a configured user",
            ),
            (
                |s| {
                    s.devices = vec![Device {
                        username: "push@example.com".into(),
                        name: default_device_name(),
                        key: Some("short".into()),
                        id: None,
                    }]
                },
                "16 characters",
            ),
        ];
        for (change, says) in cases {
            let mut settings = FastPassSettings::default();
            change(&mut settings);
            config.fastpass = settings;
            let err = config.fastpass.validate(&config).unwrap_err();
            assert!(err.contains(says), "{err}");
        }
    }

    #[test]
    fn okta_ports_unless_configured() {
        let mut s = FastPassSettings::default();
        assert_eq!(s.challenge_ports(), OKTA_PORTS);
        assert!(s.loopback_origins().is_empty(), "no device, no FastPass");
        s.devices = crate::Config::default().fastpass.devices;
        s.https_domain = Some("https://o.example".into());
        s.ports = vec![6512];
        assert_eq!(
            s.loopback_origins(),
            ["https://o.example:6512", "http://localhost:6512"]
        );
        s.ports = vec![8769];
        assert_eq!(s.challenge_ports(), [8769]);
        let device = Device {
            username: "a@example.com".into(),
            name: default_device_name(),
            key: Some("0123456789abcdef-secret".into()),
            id: None,
        };
        assert!(
            !format!("{device:?}").contains("secret"),
            "Debug hides the key"
        );
    }
}

//! The built-in demo org: what every field a file leaves out takes, and the demo's users,
//! identity providers and web application.

use super::*;

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

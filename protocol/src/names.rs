//! The IDX vocabulary as the wire spells it: remediation names, field names and message keys.
//! Clients name these constants instead of repeating string literals, so a typo is a compile
//! error and every place that depends on a name can be found.

/// Remediation (form) names.
pub mod remediation {
    /// Username, and the password when the policy asks for both at once.
    pub const IDENTIFY: &str = "identify";
    /// Prove an authenticator (password, a code).
    pub const CHALLENGE_AUTHENTICATOR: &str = "challenge-authenticator";
    /// Choose an authenticator to set up.
    pub const SELECT_AUTHENTICATOR_ENROLL: &str = "select-authenticator-enroll";
    /// Choose an authenticator to verify with.
    pub const SELECT_AUTHENTICATOR_AUTHENTICATE: &str = "select-authenticator-authenticate";
    /// Choose a method of the chosen authenticator (Okta Verify push or code).
    pub const AUTHENTICATOR_VERIFICATION_DATA: &str = "authenticator-verification-data";
    /// Wait for an enrollment to finish on the phone.
    pub const ENROLL_POLL: &str = "enroll-poll";
    /// Wait for a push to be answered.
    pub const CHALLENGE_POLL: &str = "challenge-poll";
    /// Choose how Okta Verify's setup reaches the phone (QR code, email, SMS).
    pub const SELECT_ENROLLMENT_CHANNEL: &str = "select-enrollment-channel";
    /// The email address or phone number for a setup link.
    pub const ENROLLMENT_CHANNEL_DATA: &str = "enrollment-channel-data";
    /// Send another push after one failed.
    pub const RESEND: &str = "resend";
    /// Set up an optional authenticator later.
    pub const SKIP: &str = "skip";
    /// An Okta-hosted success: the browser goes to the form's `href`.
    pub const SUCCESS_REDIRECT: &str = "success-redirect";
}

/// Field names (and dotted paths into nested forms).
pub mod field {
    /// The username.
    pub const IDENTIFIER: &str = "identifier";
    /// "Keep me signed in".
    pub const REMEMBER_ME: &str = "rememberMe";
    /// The nested credentials object.
    pub const CREDENTIALS: &str = "credentials";
    /// A password or passcode inside `credentials`.
    pub const PASSCODE: &str = "passcode";
    /// A time-based code inside `credentials`.
    pub const TOTP: &str = "totp";
    /// `credentials.passcode`.
    pub const CREDENTIALS_PASSCODE: &str = "credentials.passcode";
    /// `credentials.totp`.
    pub const CREDENTIALS_TOTP: &str = "credentials.totp";
    /// The nested authenticator object.
    pub const AUTHENTICATOR: &str = "authenticator";
    /// An authenticator's id inside `authenticator`.
    pub const ID: &str = "id";
    /// The method inside `authenticator` (`push`, `totp`, …).
    pub const METHOD_TYPE: &str = "methodType";
    /// `authenticator.methodType`.
    pub const AUTHENTICATOR_METHOD_TYPE: &str = "authenticator.methodType";
    /// `authenticator.id`.
    pub const AUTHENTICATOR_ID: &str = "authenticator.id";
    /// "Send push automatically", inside `authenticator` or at the top of a poll form.
    pub const AUTO_CHALLENGE: &str = "autoChallenge";
    /// `authenticator.autoChallenge`.
    pub const AUTHENTICATOR_AUTO_CHALLENGE: &str = "authenticator.autoChallenge";
    /// The enrollment channel inside `authenticator`.
    pub const CHANNEL: &str = "channel";
    /// `authenticator.channel`.
    pub const AUTHENTICATOR_CHANNEL: &str = "authenticator.channel";
    /// Which enrollment of an authenticator (two phones share one id).
    pub const ENROLLMENT_ID: &str = "enrollmentId";
    /// The email address for a setup link.
    pub const EMAIL: &str = "email";
    /// The phone number for a setup link (E.164).
    pub const PHONE_NUMBER: &str = "phoneNumber";
}

/// Methods of an authenticator (`methodType` values).
pub mod method {
    /// A push notification.
    pub const PUSH: &str = "push";
    /// A time-based one-time code.
    pub const TOTP: &str = "totp";
    /// Okta FastPass, which a browser widget cannot do.
    pub const SIGNED_NONCE: &str = "signed_nonce";
}

/// i18n keys of messages a client acts on.
pub mod message_key {
    /// The transaction expired: only a new sign-in can follow.
    pub const SESSION_EXPIRED: &str = "idx.session.expired";
}

/// Authenticator keys.
pub mod authenticator_key {
    /// Okta Verify.
    pub const OKTA_VERIFY: &str = "okta_verify";
}

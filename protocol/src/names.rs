//! The IDX vocabulary as the wire spells it: remediation names, field names, message keys and
//! Okta Verify's enrollment channels.
//! Clients name these instead of repeating string literals, so a typo is a compile
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
    /// Enroll an authenticator: a code, a new password, a security question.
    pub const ENROLL_AUTHENTICATOR: &str = "enroll-authenticator";
    /// The data an enrollment needs first (a phone number and how to reach it).
    pub const AUTHENTICATOR_ENROLLMENT_DATA: &str = "authenticator-enrollment-data";
    /// A new password after recovery.
    pub const RESET_AUTHENTICATOR: &str = "reset-authenticator";
    /// A new password because the old one expired.
    pub const REENROLL_AUTHENTICATOR: &str = "reenroll-authenticator";
    /// A new password because the old one will soon expire (with `skip`).
    pub const REENROLL_AUTHENTICATOR_WARNING: &str = "reenroll-authenticator-warning";
    /// The username, after "Forgot password?".
    pub const IDENTIFY_RECOVERY: &str = "identify-recovery";
    /// "Unlock account?" (POST `/idp/idx/unlock-account`).
    pub const UNLOCK_ACCOUNT: &str = "unlock-account";
    /// The username and the authenticator that proves it, to unlock the account.
    pub const SELECT_AUTHENTICATOR_UNLOCK_ACCOUNT: &str = "select-authenticator-unlock-account";
    /// "Sign up" (POST `/idp/idx/enroll`).
    pub const SELECT_ENROLL_PROFILE: &str = "select-enroll-profile";
    /// The new user's profile.
    pub const ENROLL_PROFILE: &str = "enroll-profile";
    /// Back from sign-up to sign-in ("Already have an account?").
    pub const SELECT_IDENTIFY: &str = "select-identify";
    /// Sign in through an identity provider: a full-page `GET` of its `href`.
    pub const REDIRECT_IDP: &str = "redirect-idp";
    /// The app asks the user for the scopes it wants.
    pub const CONSENT: &str = "consent";
    /// The admin consents to Okta API scopes.
    pub const ADMIN_CONSENT: &str = "admin-consent";
    /// The user chooses which of the scopes to grant.
    pub const GRANULAR_CONSENT: &str = "granular-consent";
    /// Okta FastPass from the first screen: the device proves itself (`authenticatorChallenge`).
    pub const DEVICE_CHALLENGE_POLL: &str = "device-challenge-poll";
    /// "Sign in with Okta FastPass" on the identify step.
    pub const LAUNCH_AUTHENTICATOR: &str = "launch-authenticator";
    /// Abandon the transaction, offered as a remediation by some FastPass states.
    pub const CANCEL_TRANSACTION: &str = "cancel-transaction";
}

/// Embedded actions, by the path Okta's widgets name them with (`currentAuthenticator-recover`),
/// submitted like remediations.
pub mod action {
    /// "Forgot password?" on an identify form that asks for the password.
    pub const CURRENT_AUTHENTICATOR_RECOVER: &str = "currentAuthenticator-recover";
    /// "Forgot password?" on the password challenge.
    pub const CURRENT_AUTHENTICATOR_ENROLLMENT_RECOVER: &str =
        "currentAuthenticatorEnrollment-recover";
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
    /// A phone extension (voice calls).
    pub const EXTENSION: &str = "extension";
    /// The phone number of a phone enrollment.
    pub const AUTHENTICATOR_PHONE_NUMBER: &str = "authenticator.phoneNumber";
    /// A security question's answer.
    pub const ANSWER: &str = "answer";
    /// The answer, in its form.
    pub const CREDENTIALS_ANSWER: &str = "credentials.answer";
    /// Which security question (a predefined key, or `custom`).
    pub const QUESTION_KEY: &str = "questionKey";
    /// A security question the user wrote.
    pub const QUESTION: &str = "question";
    /// The question the user wrote, in its form.
    pub const CREDENTIALS_QUESTION: &str = "credentials.question";
    /// "Sign me out of all other devices" after a password reset.
    pub const REVOKE_SESSIONS: &str = "revokeSessions";
    /// A second typing of a new password: never sent, checked in the page.
    pub const CONFIRM_PASSWORD: &str = "confirmPassword";
    /// The new user's profile attributes (sign-up).
    pub const USER_PROFILE: &str = "userProfile";
    /// The user's answer to a consent request.
    pub const CONSENT: &str = "consent";
    /// The scopes the user grants, one boolean each (granular consent).
    pub const OPTED_SCOPES: &str = "optedScopes";
}

/// Methods of an authenticator (`methodType` values).
pub mod method {
    /// A push notification.
    pub const PUSH: &str = "push";
    /// A time-based one-time code.
    pub const TOTP: &str = "totp";
    /// Okta FastPass: Okta Verify on this device signs the org's nonce.
    pub const SIGNED_NONCE: &str = "signed_nonce";
    /// A code by text message.
    pub const SMS: &str = "sms";
    /// A code by voice call.
    pub const VOICE: &str = "voice";
    /// A code or magic link by email.
    pub const EMAIL: &str = "email";
}

/// How Okta Verify is reached for FastPass (`challengeMethod`).
pub mod challenge_method {
    /// Okta Verify's HTTP server on a loopback port of this computer.
    pub const LOOPBACK: &str = "LOOPBACK";
    /// A custom URI scheme Okta Verify registers (`com-okta-authenticator:`).
    pub const CUSTOM_URI: &str = "CUSTOM_URI";
    /// An iOS / macOS universal link.
    pub const UNIVERSAL_LINK: &str = "UNIVERSAL_LINK";
    /// An Android app link.
    pub const APP_LINK: &str = "APP_LINK";
}

/// Why a FastPass challenge is cancelled (`reason` of the cancel form), as Okta's widget sends it.
pub mod cancel_reason {
    /// No loopback port answered.
    pub const OV_UNREACHABLE_BY_LOOPBACK: &str = "OV_UNREACHABLE_BY_LOOPBACK";
    /// Okta Verify answered the challenge with an error.
    pub const OV_RETURNED_ERROR: &str = "OV_RETURNED_ERROR";
    /// The person chose to stop.
    pub const USER_CANCELED: &str = "USER_CANCELED";
}

/// An enrollment channel for Okta Verify: the `selectedChannel` of its contextual data and
/// the options of the `channel` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// Scan a QR code.
    Qrcode,
    /// A setup link by email.
    Email,
    /// A setup link by SMS.
    Sms,
    /// Okta Verify set up on this very device (`samedevice`).
    SameDevice,
    /// The account added to the Okta Verify this device already has (`devicebootstrap`).
    DeviceBootstrap,
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 5] = [
        Self::Qrcode,
        Self::Email,
        Self::Sms,
        Self::SameDevice,
        Self::DeviceBootstrap,
    ];

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

    /// The channel a wire name means, if it is one of these.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// The `questionKey` of a security question the user wrote.
pub const CUSTOM_QUESTION: &str = "custom";

/// i18n keys of messages a client acts on.
pub mod message_key {
    /// The transaction expired: only a new sign-in can follow.
    pub const SESSION_EXPIRED: &str = "idx.session.expired";
    /// The email link was opened elsewhere: go back to the tab that started.
    pub const RETURN_TO_ORIGINAL_TAB: &str = "idx.return.to.original.tab";
    /// The transaction moved to the tab that opened the email link.
    pub const TRANSFERRED_TO_NEW_TAB: &str = "idx.transferred.to.new.tab";
    /// Enter the code from the email in the original tab.
    pub const ENTER_OTP_IN_ORIGINAL_TAB: &str = "idx.enter.otp.in.original.tab";
    /// The email link can no longer be used.
    pub const RETURN_LINK_EXPIRED: &str = "idx.return.link.expired";
    /// An older email link than the latest was opened.
    pub const RETURN_STALE: &str = "idx.return.stale";
    /// Registration finishes in the email sent.
    pub const EMAIL_VERIFICATION_REQUIRED: &str = "idx.email.verification.required";
    /// An activation email was sent.
    pub const ACTIVATION_EMAIL_SENT: &str = "idx.request.activation.email";
    /// The activation link expired.
    pub const ACTIVATION_EXPIRED: &str = "idx.expired.activation.token";
    /// Policy denies access.
    pub const ACCESS_DENIED: &str = "security.access_denied";
    /// Policy denies access, with the admin's own words.
    pub const ACCESS_DENIED_CUSTOM: &str = "security.access_denied_custom_message";
    /// The password was reset and the person is signed in elsewhere or must sign in again.
    pub const RECOVERY_COMPLETED: &str = "idx.recovery.completed";
    /// The account was unlocked.
    pub const UNLOCKED: &str = "oie.selfservice.unlock_user.success.message";
    /// A password reset link or recovery token that can no longer be used.
    pub const INVALID_RESET_TOKEN: &str = "idx.invalid.reset.password.token";
}

/// Authenticator keys.
pub mod authenticator_key {
    /// Okta Verify.
    pub const OKTA_VERIFY: &str = "okta_verify";
    /// Email.
    pub const EMAIL: &str = "okta_email";
    /// Phone (SMS and voice).
    pub const PHONE: &str = "phone_number";
    /// The password.
    pub const PASSWORD: &str = "okta_password";
    /// A security question.
    pub const SECURITY_QUESTION: &str = "security_question";
    /// Google Authenticator.
    pub const GOOGLE_OTP: &str = "google_otp";
    /// An org's own push app built with Okta's Devices SDK.
    pub const CUSTOM_APP: &str = "custom_app";
    /// Authenticators whose only step is a code the person reads from a device or app.
    pub const CODE_APPS: &[&str] = &[
        GOOGLE_OTP,
        "custom_otp",
        "rsa_token",
        "onprem_mfa",
        "symantec_vip",
        "yubikey_token",
    ];
}

#[cfg(test)]
mod tests {
    use super::Channel;

    #[test]
    fn every_channel_reads_back_from_its_wire_name() {
        for channel in Channel::ALL {
            assert_eq!(Channel::parse(channel.as_str()), Some(channel));
        }
        assert_eq!(Channel::parse("push"), None);
    }
}

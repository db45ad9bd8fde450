//! Every English string the widget shows, in one place, so a host can translate or reword any
//! of them by key (`Config::strings`). Server messages can be replaced the same way by their
//! i18n key.

use std::collections::HashMap;

use crate::locale;

macro_rules! texts {
    ($($variant:ident = $key:literal => $english:literal,)*) => {
        /// A string the widget shows, by key.
        // Names follow the page's parts ("…Title", "…Text"), which is what a translator reads.
        #[allow(clippy::enum_variant_names)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Text { $(#[doc = $english] $variant,)* }

        impl Text {
            /// Every text, for tools and tests.
            #[cfg(any(test, feature = "testing"))]
            pub const ALL: &'static [Text] = &[$(Text::$variant,)*];

            /// The key a host uses to replace it.
            pub fn key(self) -> &'static str {
                match self { $(Text::$variant => $key,)* }
            }

            /// The English original.
            pub fn english(self) -> &'static str {
                match self { $(Text::$variant => $english,)* }
            }
        }
    };
}

texts! {
    SignInTitle = "signin.title" => "Sign in",
    Username = "signin.username" => "Username",
    Password = "signin.password" => "Password",
    RememberMe = "signin.remember" => "Keep me signed in",
    Next = "signin.next" => "Next",
    Verify = "signin.verify" => "Verify",
    Loading = "signin.loading" => "Connecting to your organization…",
    PasswordTitle = "password.title" => "Verify with your password",
    EnrollChooseTitle = "enroll.choose.title" => "Set up security methods",
    EnrollChooseSubtitle = "enroll.choose.subtitle" => "Security methods help protect your account by ensuring only you have access.",
    VerifyChooseTitle = "verify.choose.title" => "Verify it's you with a security method",
    VerifyChooseSubtitle = "verify.choose.subtitle" => "Select from the following options",
    MethodPush = "method.push" => "Get a push notification",
    MethodTotp = "method.totp" => "Enter a code",
    OktaVerifyDescription = "okta_verify.description" => "Okta Verify is an authenticator app, installed on your phone or computer, used to prove your identity",
    QrTitle = "enroll.qr.title" => "Set up Okta Verify",
    QrStep1 = "enroll.qr.step1" => "On your mobile device, download the Okta Verify app from the App Store (iPhone and iPad) or Google Play (Android devices).",
    QrStep2 = "enroll.qr.step2" => "Open the app and follow the instructions to add your account.",
    QrStep3 = "enroll.qr.step3" => "When prompted, tap Scan a QR code, then scan the QR code below:",
    QrAlt = "enroll.qr.alt" => "QR code. If you can't scan, select Can't scan? to choose another way to set up.",
    QrMissing = "enroll.qr.missing" => "The QR code could not be shown. Choose another way to set up.",
    CantScan = "enroll.qr.cant_scan" => "Can't scan?",
    ChannelTitle = "enroll.channel.title" => "More options",
    ChannelSubtitle = "enroll.channel.subtitle" => "Which option do you want to try?",
    ChannelQr = "enroll.channel.qrcode" => "Scan a QR code",
    ChannelEmail = "enroll.channel.email" => "Email me a setup link",
    ChannelSms = "enroll.channel.sms" => "Text me a setup link",
    ChannelSameDevice = "enroll.channel.samedevice" => "Set up Okta Verify on this device",
    ChannelDeviceBootstrap = "enroll.channel.devicebootstrap" => "Use Okta Verify already on this device",
    EmailTitle = "enroll.email.title" => "Set up Okta Verify via email link",
    EmailLabel = "enroll.email.label" => "Email",
    SmsTitle = "enroll.sms.title" => "Set up Okta Verify via SMS",
    Country = "enroll.sms.country" => "Country",
    CountryOption = "enroll.sms.country_option" => "{country} (+{code})",
    PhoneLabel = "enroll.sms.label" => "Phone number",
    SendLink = "enroll.send" => "Send me the setup link",
    CheckEmailTitle = "enroll.wait.email.title" => "Check your email",
    CheckSmsTitle = "enroll.wait.sms.title" => "Check your text messages",
    SentEmail = "enroll.wait.email.text" => "We sent an email to {address} with an Okta Verify setup link. To continue, open the link on your mobile device.",
    SentSms = "enroll.wait.sms.text" => "We sent an SMS to {address} with an Okta Verify setup link. To continue, open the link on your mobile device.",
    ResendEmail = "enroll.wait.email.resend" => "Haven't received an email? Check your spam folder or send again.",
    ResendSms = "enroll.wait.sms.resend" => "Haven't received an SMS?",
    SendAgain = "enroll.wait.send_again" => "Send again",
    Resent = "enroll.wait.resent" => "We sent it again.",
    TryDifferentWay = "enroll.wait.other" => "Try a different way",
    WaitingForPhone = "wait.progress" => "Waiting for your mobile device…",
    SendPushTitle = "push.send.title" => "Get a push notification",
    SendPush = "push.send.button" => "Send push",
    SendAutomatically = "push.auto" => "Send push automatically",
    PushSentTitle = "push.wait.title" => "Push notification sent",
    PushSentText = "push.wait.text" => "Respond on your mobile device to continue.",
    NumberText = "push.number.text" => "On your mobile device, open the Okta Verify prompt, then tap {number} in Okta Verify to continue.",
    NumberLabel = "push.number.label" => "Number to tap: {number}",
    PushReminder = "push.reminder" => "Haven't received a push notification yet? Try opening the Okta Verify app on your phone.",
    PushReminderResend = "push.reminder.resend" => "Haven't received a push notification yet? Try opening the Okta Verify app on your device, or resend the push notification.",
    ResendPush = "push.resend" => "Resend push notification",
    PushFailedTitle = "push.failed.title" => "Get a push notification",
    PushExpired = "push.failed.expired" => "Your push notification has expired.",
    CodeTitle = "code.title" => "Enter a code",
    CodeLabel = "code.label" => "Enter code from Okta Verify app",
    CodeFormat = "code.format" => "Enter the 6-digit code.",
    VerifyOther = "link.verify_other" => "Verify with something else",
    EnrollList = "link.enroll_list" => "Return to authenticator list",
    SetUpLater = "link.skip" => "Set up later",
    BackToSignIn = "link.back" => "Back to sign in",
    OtherOptions = "link.other_options" => "Other options",
    Required = "form.required" => "This field cannot be left blank.",
    ExpiredTitle = "terminal.expired.title" => "Your session has expired",
    ExpiredText = "terminal.expired.text" => "You have been logged out due to inactivity. Return to the sign-in screen to try again.",
    ErrorTitle = "terminal.error.title" => "Something went wrong",
    NetworkError = "error.network" => "We could not reach your organization. Check your connection and try again.",
    Reconnecting = "error.reconnecting" => "Connection problem. Trying again…",
    RateLimited = "error.rate_limited" => "Too many attempts. Please wait a moment before trying again.",
    RateLimitedFor = "error.rate_limited_for" => "Too many attempts. Waiting {seconds} seconds before trying again…",
    ServerError = "error.server" => "Your organization could not answer just now. Please try again.",
    NotEnabled = "error.not_enabled" => "Sign-in with this widget is not enabled for this app (Interaction Code grant).",
    Unexpected = "error.unexpected" => "Your organization sent an answer this sign-in page does not understand.",
    Mismatch = "error.state_mismatch" => "This sign-in could not be verified as the one this page started. Start again.",
    ConfigError = "error.config" => "This sign-in page is not configured correctly.",
    FramingRefused = "error.framed" => "For your security, this sign-in page does not run inside another page. Open it in its own window or tab.",
    InvalidToken = "error.invalid_token" => "Your organization's answer could not be verified, so you were not signed in. Start again.",
    SuccessTitle = "success.title" => "You're signed in",
    SuccessText = "success.text" => "Signed in successfully.",
    GenericSubmit = "generic.submit" => "Submit",
    CaptchaTitle = "captcha.title" => "Can't continue on this page",
    CaptchaUnsupported = "captcha.unsupported" => "Your organization asks for a CAPTCHA check ({provider}) here, which this sign-in page does not support. Choose another way below, or sign in on your organization's own sign-in page.",
    GenericTitle = "generic.title" => "Continue signing in",
    GenericCannot = "generic.cannot" => "This step can't be completed on this sign-in page. Choose another way to continue, or go back to sign in.",
    PasscodeLabel = "code.passcode.label" => "Enter code",
    ResendCode = "code.resend" => "Haven't received a code?",
    EmailCodeTitle = "email.title" => "Verify with your email",
    EmailEnrollTitle = "email.enroll.title" => "Verify your email",
    EmailSentTo = "email.sent" => "We sent an email to {address}. Click the verification link in your email to continue or enter the code below.",
    EmailSentAnywhere = "email.sent.no_address" => "We sent you a verification email. Click the verification link in your email to continue or enter the code below.",
    ResendEmailCode = "email.resend" => "Haven't received an email?",
    SendEmailTitle = "email.send.title" => "Get a verification email",
    SendEmailText = "email.send.text" => "Send a verification email to {address}.",
    SendEmailTextAnywhere = "email.send.text.no_address" => "Send a verification email to your address on file.",
    SendEmail = "email.send.button" => "Send me an email",
    PhoneCodeTitle = "phone.title" => "Verify with your phone",
    PhoneEnrollTitle = "phone.enroll.title" => "Set up phone authentication",
    SmsSentTo = "phone.sms.sent" => "A code was sent to {address}. Enter the code below to verify.",
    SmsSentAnywhere = "phone.sms.sent.no_address" => "A code was sent to your phone. Enter the code below to verify.",
    VoiceSentTo = "phone.voice.sent" => "Calling {address}. Enter the code below to verify.",
    VoiceSentAnywhere = "phone.voice.sent.no_address" => "Calling your phone. Enter the code below to verify.",
    PhoneSendText = "phone.send.text" => "Get a code sent to {address}.",
    PhoneSendTextAnywhere = "phone.send.text.no_address" => "Get a code sent to your phone.",
    MethodSms = "method.sms" => "Receive a code via SMS",
    MethodVoice = "method.voice" => "Receive a voice call",
    PhoneEnrollText = "phone.enroll.text" => "Enter your phone number to receive a verification code.",
    PhoneMethod = "phone.enroll.method" => "How do you want to receive the code?",
    Extension = "phone.enroll.extension" => "Extension",
    SendCode = "phone.enroll.send" => "Send code",
    OtpTitle = "otp.title" => "Verify with {authenticator}",
    OtpText = "otp.text" => "Enter the code from {authenticator}.",
    OtpEnrollTitle = "otp.enroll.title" => "Set up {authenticator}",
    OtpEnrollScan = "otp.enroll.scan" => "Scan this QR code with {authenticator}, then enter the code it shows.",
    OtpQrAlt = "otp.enroll.qr_alt" => "QR code for {authenticator}. If you can't scan it, enter the setup key shown below.",
    OtpSecret = "otp.enroll.secret" => "Can't scan? Enter this setup key in the app:",
    NewPasswordTitle = "password.enroll.title" => "Set up password",
    ResetPasswordTitle = "password.reset.title" => "Reset your password",
    ExpiredPasswordTitle = "password.expired.title" => "Your password has expired",
    ExpiringPasswordTitle = "password.expiring.title" => "Your password will expire in {days} days",
    ExpiringSoonTitle = "password.expiring.soon" => "Your password is expiring soon",
    NewPasswordLabel = "password.new" => "New password",
    ConfirmPasswordLabel = "password.confirm" => "Re-enter password",
    RequirementsTitle = "password.rules.title" => "Password requirements:",
    RuleMinLength = "password.rule.length" => "At least {n} characters",
    RuleLowercase = "password.rule.lower" => "A lowercase letter",
    RuleUppercase = "password.rule.upper" => "An uppercase letter",
    RuleNumber = "password.rule.number" => "A number",
    RuleSymbol = "password.rule.symbol" => "A symbol",
    RuleNoUsername = "password.rule.username" => "No parts of your username",
    RuleNoFirstName = "password.rule.first_name" => "Does not include your first name",
    RuleNoLastName = "password.rule.last_name" => "Does not include your last name",
    RuleMaxRepeat = "password.rule.repeat" => "No more than {n} of the same character in a row",
    RuleHistory = "password.rule.history" => "Not one of your last {n} passwords",
    RuleMinAge = "password.rule.age" => "At least {n} minutes since your last password change",
    RuleMet = "password.rule.met" => "met",
    RuleNotMet = "password.rule.not_met" => "not met yet",
    PasswordMismatch = "password.mismatch" => "New passwords must match.",
    RevokeSessions = "password.revoke_sessions" => "Sign me out of all other devices",
    ChangePassword = "password.change" => "Change password",
    ResetPassword = "password.reset" => "Reset password",
    RemindLater = "password.remind_later" => "Remind me later",
    SecurityQuestionTitle = "security_question.title" => "Verify with your security question",
    AnswerLabel = "security_question.answer" => "Answer",
    SecurityEnrollTitle = "security_question.enroll.title" => "Set up security question",
    ChooseQuestion = "security_question.choose" => "Choose a security question",
    WriteQuestion = "security_question.write" => "Create my own security question",
    QuestionLabel = "security_question.question" => "Question",
    ReturnToTabTitle = "terminal.return.title" => "Return to the original tab",
    LinkExpiredTitle = "terminal.link_expired.title" => "This link has expired",
    DeniedTitle = "terminal.denied.title" => "Access denied",
    DoneTitle = "terminal.done.title" => "You're all set",
    InfoTitle = "terminal.info.title" => "One more step",
    UnlockedTitle = "terminal.unlocked.title" => "Account successfully unlocked!",
    ForgotPassword = "link.forgot_password" => "Forgot password?",
    UnlockAccountLink = "link.unlock" => "Unlock account?",
    SignUpLink = "link.sign_up" => "Sign up",
    HaveAccount = "link.have_account" => "Already have an account? Sign in",
    RecoverChooseSubtitle = "recover.choose.subtitle" => "Verify with one of the following security methods to reset your password.",
    UnlockTitle = "unlock.title" => "Unlock account?",
    UnlockText = "unlock.text" => "Enter your username, then choose how to prove it's you.",
    UnlockChoose = "unlock.choose" => "Unlock with",
    SignUpTitle = "signup.title" => "Sign up",
    SignUpSubmit = "signup.submit" => "Sign up",
    RequiredNote = "form.required_note" => "Fields marked * are required.",
    ChooseOption = "form.choose" => "Select an option",
    SignInWith = "idp.sign_in_with" => "Sign in with {idp}",
    IdpDivider = "idp.or" => "or",
    IdpOthers = "idp.others" => "Sign in with an identity provider",
    IdpRefused = "idp.refused" => "This identity provider is not at your organization's address, so this page will not go there.",
    ConsentTitle = "consent.title" => "{app} would like to access:",
    ConsentAdminTitle = "consent.admin.title" => "{app} is requesting permission to:",
    ConsentGranularTitle = "consent.granular.title" => "{app} would like to:",
    ConsentThisApp = "consent.app" => "This app",
    ConsentText = "consent.text" => "By clicking Allow Access, you allow the actions listed above.",
    ConsentGranularText = "consent.granular.text" => "Clear the ones you don't allow. The others are needed for the app to work.",
    ConsentAllow = "consent.allow" => "Allow Access",
    ConsentDeny = "consent.deny" => "Don't Allow",
    NotCompleted = "landing.not_completed" => "Sign-in was not completed: {description}",
    CodeElsewhereTitle = "landing.code.title" => "Your verification code",
    CodeElsewhereText = "landing.code.text" => "Enter this code where you started signing in.",
    StartAgain = "landing.restart" => "Start again",
    SignedOutTitle = "signout.title" => "You're signed out",
    SignedOutText = "signout.text" => "To use this app again, sign in.",
    SignInAgain = "signout.sign_in" => "Sign in",
    SessionFoundTitle = "session.title" => "Continue as {user}?",
    SessionFoundText = "session.text" => "You are still signed in to your organization in this browser.",
    SessionContinue = "session.continue" => "Continue",
    SessionSwitch = "session.switch" => "Sign in as someone else",
    MethodFastPass = "method.signed_nonce" => "Use Okta FastPass",
    FastPassButton = "fastpass.button" => "Sign in with Okta FastPass",
    FastPassLaunchText = "fastpass.launch.text" => "Sign in with Okta Verify on this device, without a password.",
    FastPassVerifyingTitle = "fastpass.loopback.title" => "Verifying your identity",
    FastPassProgress = "fastpass.loopback.progress" => "Verifying with Okta Verify on this computer…",
    FastPassOpenTitle = "fastpass.open.title" => "Open Okta Verify",
    FastPassOpenText = "fastpass.open.text" => "If Okta Verify did not open by itself, select Open Okta Verify.",
    FastPassOpen = "fastpass.open" => "Open Okta Verify",
    FastPassWaiting = "fastpass.wait.progress" => "Waiting for Okta Verify…",
    FastPassNoApp = "fastpass.download.text" => "Don't have Okta Verify?",
    FastPassDownload = "fastpass.download.link" => "Download Okta Verify",
    FastPassCancel = "fastpass.cancel" => "Cancel and take me to sign in",
    FastPassUnreachable = "fastpass.unreachable" => "Okta Verify could not be reached on this device. Choose another way to sign in.",
    LocalNetworkTitle = "fastpass.lna.title" => "Allow this page to reach Okta Verify",
    LocalNetworkIntro = "fastpass.lna.intro" => "Your browser blocked this page from reaching Okta Verify on this computer. To sign in with Okta FastPass:",
    LocalNetworkStep1 = "fastpass.lna.step1" => "Select the site information icon at the left of the address bar.",
    LocalNetworkStep2 = "fastpass.lna.step2" => "Allow access to the local network (apps on this device).",
    LocalNetworkStep3 = "fastpass.lna.step3" => "Select Try again.",
    LocalNetworkHelp = "fastpass.lna.help" => "More information",
    TryAgain = "signin.retry" => "Try again",
    EnrollHereText = "enroll.here.text" => "Set up Okta Verify on this device:",
    EnrollHereStep1 = "enroll.here.step1" => "Download Okta Verify on this device.",
    EnrollHereStep2 = "enroll.here.step2" => "Open Okta Verify and add an account.",
    EnrollHereStep3 = "enroll.here.step3" => "When asked for your organization's sign-in address, enter {org}.",
    EnrollHereStep4 = "enroll.here.step4" => "Follow the instructions in Okta Verify. This page goes on by itself once you are done.",
    EnrollHereSetup = "enroll.here.setup" => "Set up Okta Verify",
    AddAccountText = "enroll.bootstrap.text" => "Add your account to the Okta Verify already on this device:",
    AddAccountStep1 = "enroll.bootstrap.step1" => "Open Okta Verify on {device}.",
    AddAccountStep1Here = "enroll.bootstrap.step1.here" => "Open Okta Verify on this device.",
    AddAccountStep2 = "enroll.bootstrap.step2" => "Select your account, then add an account for this organization.",
    AddAccountStep3 = "enroll.bootstrap.step3" => "Follow the instructions in Okta Verify, then come back to this page.",
    WebAuthnEnrollTitle = "webauthn.enroll.title" => "Set up security key or biometric authenticator",
    WebAuthnVerifyTitle = "webauthn.verify.title" => "Verify with security key or biometric authenticator",
    PasskeyEnrollTitle = "webauthn.passkey.enroll.title" => "Set up a passkey",
    PasskeyVerifyTitle = "webauthn.passkey.verify.title" => "Verify with a passkey",
    WebAuthnEnrollCustomTitle = "webauthn.custom.enroll.title" => "Set up {name}",
    WebAuthnVerifyCustomTitle = "webauthn.custom.verify.title" => "Verify with {name}",
    WebAuthnEnrollText = "webauthn.enroll.text" => "Your browser will ask you to register a security key or biometric authenticator (Windows Hello, Touch ID, Face ID, …). Follow its instructions to finish setting up.",
    PasskeyEnrollText = "webauthn.passkey.enroll.text" => "Your browser will ask you to create a passkey. Follow its instructions to finish setting up.",
    WebAuthnVerifyText = "webauthn.verify.text" => "Your browser will ask you to use your security key or biometric authenticator (Windows Hello, Touch ID, …). Follow its instructions to verify.",
    PasskeyVerifyText = "webauthn.passkey.verify.text" => "Your browser will ask you to use your passkey. Follow its instructions to verify.",
    WebAuthnUvRequired = "webauthn.uv_required" => "Biometric verification or a PIN is required.",
    WebAuthnEnrollButton = "webauthn.enroll.button" => "Set up",
    WebAuthnWaiting = "webauthn.waiting" => "Follow the instructions in your browser's window…",
    WebAuthnNotAllowed = "webauthn.error.not_allowed" => "The request was cancelled or timed out. Try again, or choose another way.",
    WebAuthnAlreadyRegistered = "webauthn.error.already_registered" => "This security key or passkey is already set up for your account. Use another one, or choose another way.",
    WebAuthnNotSupported = "webauthn.error.not_supported" => "This browser can't use security keys or passkeys. Use another browser, or choose another way.",
    WebAuthnSecurity = "webauthn.error.security" => "This page's address can't use your organization's security keys or passkeys. Contact your admin.",
    WebAuthnUnusable = "webauthn.error.unusable" => "Your organization sent data this page can't use for a security key or passkey. Try again, or choose another way.",
    WebAuthnOther = "webauthn.error.other" => "Your security key or passkey couldn't be used. Try again, or choose another way.",
}

/// The strings in use: a language's (English by default), with the host's replacements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Strings {
    /// Every string not in English, by key: the language's table with the host's
    /// replacements over it (a key missing here is said in English).
    table: HashMap<String, String>,
    language: &'static str,
}

impl Default for Strings {
    fn default() -> Self {
        Self::new(HashMap::new())
    }
}

impl Strings {
    /// English with these replacements (by [`Text::key`] or by a server message's i18n key).
    pub fn new(replacements: HashMap<String, String>) -> Self {
        Self {
            table: replacements,
            language: locale::ENGLISH,
        }
    }

    /// A language the widget speaks (as `Config::with_language` settled it, spelled as
    /// [`locale::spoken`] gives it), with these replacements over its own strings.
    pub fn in_language(language: &'static str, replacements: HashMap<String, String>) -> Self {
        let mut table = locale::table(language);
        table.extend(replacements);
        Self { table, language }
    }

    /// The language spoken, as a BCP 47 tag (`en`, `fr`, `pt-BR`, …).
    pub fn language(&self) -> &'static str {
        self.language
    }

    /// The string for a text.
    pub fn get(&self, text: Text) -> String {
        self.table
            .get(text.key())
            .cloned()
            .unwrap_or_else(|| text.english().to_owned())
    }

    /// The string with `{name}` replaced by `value`.
    pub fn fill(&self, text: Text, name: &str, value: &str) -> String {
        self.fill_all(text, &[(name, value)])
    }

    /// The string with each `{name}` replaced by its value.
    pub fn fill_all(&self, text: Text, values: &[(&str, &str)]) -> String {
        values.iter().fold(self.get(text), |filled, (name, value)| {
            filled.replace(&format!("{{{name}}}"), value)
        })
    }

    /// A server message: the host's replacement for its i18n key, else the server's text.
    pub fn server(&self, key: Option<&str>, text: &str) -> String {
        key.and_then(|k| self.table.get(k))
            .cloned()
            .unwrap_or_else(|| text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_replacements_apply() {
        let mut keys: Vec<&str> = Text::ALL.iter().map(|t| t.key()).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), before, "two texts share a key");
        let strings = Strings::new(HashMap::from([
            ("signin.title".to_owned(), "Anmelden".to_owned()),
            (
                "api.authn.error.PASSCODE_INVALID".to_owned(),
                "Falscher Code".to_owned(),
            ),
        ]));
        assert_eq!(strings.get(Text::SignInTitle), "Anmelden");
        assert_eq!(strings.get(Text::Next), "Next");
        assert_eq!(
            strings.fill(Text::NumberText, "number", "52"),
            "On your mobile device, open the Okta Verify prompt, then tap 52 in Okta Verify to continue."
        );
        assert_eq!(
            strings.fill_all(Text::CountryOption, &[("country", "Japan"), ("code", "81")]),
            "Japan (+81)"
        );
        assert_eq!(
            strings.server(Some("api.authn.error.PASSCODE_INVALID"), "Invalid code."),
            "Falscher Code"
        );
        assert_eq!(strings.server(None, "<b>as text</b>"), "<b>as text</b>");
    }
}

// The refusal to run framed belongs to the standalone page (`js::start`); an app that links
// the widget without it still carries the string, in every language.
#[cfg(not(feature = "standalone"))]
const _: Text = Text::FramingRefused;

//! The org's memory: transactions, users' Okta Verify state, pushes, the outbox, activations,
//! interaction codes and FastPass's challenges and prompts. One mutex guards it all; every
//! handler holds it briefly and never across an await.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::Rng;
use serde::Serialize;
use serde_json::Value;

pub use crate::config::Channel;
use crate::config::{Authenticator, ChallengeMethod, Config, Device, User, UserStatus};
pub use crate::ids::{random_id, rfc3339};
use crate::webauthn::credential::Registered;

/// The OAuth request that started a transaction.
#[derive(Debug, Clone)]
pub struct OAuthRequest {
    /// The issuer of the authorization server the transaction started at.
    pub issuer: String,
    /// That server's id (`org` for the org's own), as the `authentication` echo names it.
    pub server_id: String,
    /// That server's token endpoint, which the success form names.
    pub token_endpoint: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub state: String,
    pub code_challenge: String,
    pub nonce: Option<String>,
}

/// How a message reaches the user: what the outbox calls its `channel`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Medium {
    /// An email.
    Email,
    /// A text message.
    Sms,
    /// A voice call (its text is what the call says).
    Voice,
}

impl Medium {
    /// The wire name (`methodType`, the outbox's `channel`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Sms => "sms",
            Self::Voice => "voice",
        }
    }

    /// A phone's method by its wire name (`sms` or `voice`).
    pub fn phone(method: &str) -> Option<Self> {
        match method {
            "sms" => Some(Self::Sms),
            "voice" => Some(Self::Voice),
            _ => None,
        }
    }
}

/// A one-time code sent for the current step (email, SMS or voice).
#[derive(Debug, Clone)]
pub struct Otp {
    pub code: String,
    pub medium: Medium,
    /// The address or number it went to.
    pub to: String,
    pub sent: Instant,
    /// The magic link's token (email only, when the org sends links).
    pub link: Option<String>,
    /// The magic link was opened: the next poll completes the step.
    pub verified: bool,
}

/// Why a push needs resending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushFailure {
    /// The user tapped "No, it's not me" (or chose the wrong number).
    Rejected,
    /// Nobody answered in time.
    Expired,
}

/// Which step a transaction is on: what its next response shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// Who are you (and, by policy, your password).
    Identify,
    /// The password on its own.
    Password,
    /// Choose an authenticator to set up; `optional` offers "Set up later".
    EnrollSelect { optional: bool },
    /// Waiting for the phone to finish enrollment through a channel.
    EnrollPoll {
        channel: Channel,
        activation: String,
        address: Option<String>,
    },
    /// Enter the address for an email or SMS setup link.
    EnrollChannelData { channel: Channel },
    /// Choose how to verify.
    VerifySelect,
    /// Choose an Okta Verify method (and whether pushes go out automatically).
    VerifyData,
    /// Waiting for the phone to answer a push.
    PushPoll { push: String },
    /// The push failed; offer to send another.
    PushResend { push: String, failure: PushFailure },
    /// Enter the code from Okta Verify.
    Totp,
    /// Choose how a code is sent (phone: SMS or voice; email: its one method).
    ChallengeData { authenticator: Authenticator },
    /// Answer a challenge: the code sent or shown, or the security question.
    Challenge { authenticator: Authenticator },
    /// Enter what an enrollment needs first (phone: the method and the number).
    EnrollData { authenticator: Authenticator },
    /// Finish setting up an authenticator: the code sent, the QR code scanned, the question.
    Enroll { authenticator: Authenticator },
    /// Choose a new password: expired (required) or expiring ("Remind me later").
    PasswordChange { expiring: bool },
    /// Sign up: the registration form (`enroll-profile`).
    EnrollProfile,
    /// Choose a first password (a new or provisioned user).
    EnrollPassword,
    /// Allow the app the scopes that need consent, or not.
    Consent,
    /// Consent was refused: a terminal state.
    ConsentDenied,
    /// Interact named an activation token that is unknown or used: a terminal state.
    InvalidActivation,
    /// Policy is satisfied: exchange this interaction code.
    Success { code: String },
    /// Forgot password, the user not known yet: who are you.
    IdentifyRecovery,
    /// Unlock account: who are you, and the authenticator to prove it with.
    UnlockSelect,
    /// Recovery proven: choose a new password.
    ResetPassword,
    /// A page that ends the transaction: nothing to submit but "Back to sign in".
    Terminal(Terminal),
    /// Okta FastPass: waiting for Okta Verify on the user's computer to answer a challenge.
    FastPass(Waiting),
}

/// Why a transaction ended without signing in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Terminal {
    /// The password was reset and the org does not sign the user in after recovery.
    PasswordReset,
    /// The account was unlocked.
    Unlocked,
    /// The recovery token given to interact was unknown, used or expired.
    InvalidRecoveryToken,
}

/// What a transaction is for: signing in, or one of the self-service side doors, which prove
/// the user with an authenticator before they reset the password or unlock the account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Flow {
    #[default]
    SignIn,
    /// Forgot password.
    Recover,
    /// Unlock account.
    Unlock,
}

impl View {
    /// Whether this step enrolls an authenticator (its lists name what may be enrolled).
    pub fn is_enrollment(&self) -> bool {
        matches!(
            self,
            Self::EnrollSelect { .. }
                | Self::EnrollPoll { .. }
                | Self::EnrollChannelData { .. }
                | Self::EnrollData { .. }
                | Self::Enroll { .. }
        )
    }
}

/// One sign-in transaction.
#[derive(Debug, Clone)]
pub struct Transaction {
    pub state_handle: String,
    pub interaction_handle: String,
    pub oauth: OAuthRequest,
    pub expires_at: Instant,
    pub user: Option<String>,
    pub view: View,
    pub last_poll: Option<Instant>,
    /// Polls of the current view, for the `refresh` that changes mid-flow.
    pub polls: u32,
    /// A second factor was verified or enrolled in this transaction.
    pub mfa_done: bool,
    /// "Remind me later" was chosen for an expiring password in this transaction.
    pub password_skipped: bool,
    /// "Set up later" was chosen for Okta Verify in this transaction.
    pub okta_verify_skipped: bool,
    /// The code sent for the current step, if any.
    pub otp: Option<Otp>,
    /// The Google Authenticator secret being enrolled.
    pub enrolling_secret: Option<Vec<u8>>,
    /// Signing in, or recovering the password or unlocking the account.
    pub flow: Flow,
    /// The user allowed the scopes that need consent.
    pub consented: bool,
    /// The WebAuthn challenge of the current step, until it is answered (once).
    pub webauthn_challenge: Option<String>,
}

impl Transaction {
    /// A new step is polled at the first `refresh` again, and not rate-limited for the
    /// previous step's last poll.
    pub fn reset_polls(&mut self) {
        self.last_poll = None;
        self.polls = 0;
    }
}

/// A user's authenticators, which change as they enroll and change their password.
#[derive(Debug, Clone)]
pub struct UserState {
    pub id: String,
    pub enrollment_id: String,
    pub okta_verify: bool,
    pub totp_secret: Vec<u8>,
    /// The password now (the configured one until it is changed).
    pub password: String,
    pub password_expired: bool,
    pub password_expires_in_days: Option<u32>,
    /// Authenticators besides the password and Okta Verify, enrolled.
    pub enrolled: std::collections::BTreeSet<Authenticator>,
    /// Each authenticator's enrollment id (`eae…`, `sms…`, `uft…`, `qae…`).
    pub enrollment_ids: HashMap<Authenticator, String>,
    /// The enrolled phone number (E.164).
    pub phone: Option<String>,
    /// Google Authenticator's shared secret.
    pub google_secret: Vec<u8>,
    /// The newest 30-second step whose Google Authenticator code was accepted: a code is
    /// good once.
    pub google_last_step: Option<u64>,
    /// The enrolled security question: key, question, answer.
    pub security_question: Option<(String, String, String)>,
    /// Wrong passwords in a row since the last right one.
    pub failed_passwords: u32,
    /// Locked out: no password is accepted until the account is unlocked or recovered.
    pub locked: bool,
    /// No password chosen yet (a new or provisioned user): the next step chooses one.
    pub needs_password: bool,
    /// Provisioned and not yet activated: the activation token is still good.
    pub provisioned: bool,
    /// WebAuthn credentials (passkeys, security keys), configured or enrolled.
    pub webauthn: Vec<Registered>,
}

impl UserState {
    /// The enrollment id of an authenticator.
    pub fn enrollment_id_of(&self, authenticator: Authenticator) -> String {
        self.enrollment_ids
            .get(&authenticator)
            .cloned()
            .unwrap_or_default()
    }
}

/// The status of a push, as the phone sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PushStatus {
    Pending,
    Approved,
    Denied,
    Expired,
    /// The sign-in that sent it was cancelled (the page went back to sign in, signed out or
    /// was closed): approving it now would be a stranger's sign-in.
    Cancelled,
}

/// The context a push shows on the phone: taken from the HTTP request that caused it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PushContext {
    pub ip: String,
    pub user_agent: Option<String>,
    pub origin: Option<String>,
}

/// One push notification.
#[derive(Debug, Clone, Serialize)]
pub struct Push {
    pub id: String,
    pub user: String,
    pub status: PushStatus,
    /// RFC 3339.
    pub created_at: String,
    pub context: PushContext,
    /// Three numbers, one correct, when number challenge is on.
    pub number_choices: Option<[u8; 3]>,
    #[serde(skip)]
    pub correct_answer: Option<u8>,
    #[serde(skip)]
    pub created: Instant,
}

/// An email, SMS or voice call the org sent.
#[derive(Debug, Clone, Serialize)]
pub struct OutboxMessage {
    pub to: String,
    pub channel: Medium,
    pub text: String,
    /// The link in it (an Okta Verify setup link, an email's magic link), if any.
    pub link: Option<String>,
    /// The one-time code in it, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// An email's magic link, waiting to be opened.
#[derive(Debug, Clone)]
pub struct MagicLink {
    /// The transaction it completes, by interaction handle (state handles rotate).
    pub interaction_handle: String,
    pub created: Instant,
}

/// A recovery token, as an admin's "reset password" email carries: good once, for an hour.
#[derive(Debug, Clone)]
pub struct RecoveryToken {
    pub username: String,
    pub created: Instant,
}

/// How long a recovery token can be used.
pub const RECOVERY_TOKEN_LIFETIME: Duration = Duration::from_secs(3600);

/// A pending Okta Verify activation (QR content or setup link).
#[derive(Debug, Clone)]
pub struct Activation {
    pub username: String,
    pub completed: bool,
    pub created: Instant,
}

/// How many pushes, outbox messages and activations the org keeps: the oldest go first, so a
/// long demo or a client in a loop cannot grow it without end.
pub const KEEP_AT_MOST: usize = 1_000;
/// How many transactions the org holds at once: past it, the one least recently used goes
/// first (its handle then answers as expired), so a client calling interact in a loop cannot
/// grow the org without end within the transactions' lifetime.
pub const MAX_TRANSACTIONS: usize = 10 * KEEP_AT_MOST;
/// How long an activation (a QR code or a setup link) can be used.
pub const ACTIVATION_LIFETIME: Duration = Duration::from_secs(3600);

/// An interaction code waiting to be exchanged.
#[derive(Debug, Clone)]
pub struct CodeGrant {
    pub oauth: OAuthRequest,
    pub username: String,
    pub created: Instant,
    pub used: bool,
}

/// Everything mutable.
#[derive(Debug, Default)]
pub struct Inner {
    pub transactions: HashMap<String, Transaction>,
    pub by_interaction: HashMap<String, String>,
    /// Refresh tokens issued and not revoked.
    pub refresh_tokens: std::collections::HashSet<String>,
    /// Access tokens (their `jti`) and refresh tokens revoked.
    pub revoked: std::collections::HashSet<String>,
    /// "Send push automatically", by (device cookie, username): remembered per browser.
    pub auto_push: std::collections::HashSet<(String, String)>,
    /// A rotated state handle → the one that replaced it: a request that crossed the rotation
    /// in flight still lands; one two rotations behind is expired.
    pub by_previous: HashMap<String, String>,
    pub users: HashMap<String, UserState>,
    pub pushes: Vec<Push>,
    pub outbox: Vec<OutboxMessage>,
    pub activations: HashMap<String, Activation>,
    pub codes: HashMap<String, CodeGrant>,
    /// Email magic links by token.
    pub magic_links: HashMap<String, MagicLink>,
    /// Recovery tokens (`/sim/api/recovery-token`) not used yet.
    pub recovery_tokens: HashMap<String, RecoveryToken>,
    /// The simulated phone's Google Authenticator accounts: username → secret, learnt by
    /// scanning a QR code or typing the key.
    pub phone_google: HashMap<String, Vec<u8>>,
    /// Sign-ins waiting at a simulated identity provider's page, by request id.
    pub idp_requests: HashMap<String, IdpRequest>,
    /// Okta FastPass challenges, prompts on the computer and device keys.
    pub fastpass: Memory,
    /// The org's sessions (the `sid` cookie).
    pub okta_sessions: crate::okta_session::Sessions,
}

/// A transaction sent to a simulated identity provider, waiting for the person's answer.
#[derive(Debug, Clone)]
pub struct IdpRequest {
    /// The identity provider's id.
    pub idp: String,
    /// The transaction, by interaction handle (state handles rotate).
    pub interaction_handle: String,
    pub created: Instant,
}

/// A FastPass challenge the current step waits on, as the transaction's view keeps it (the
/// response shows its request and method).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Waiting {
    /// The challenge's id (its `transactionId`).
    pub challenge: String,
    /// The signed challenge request.
    pub request: String,
    /// How it reaches Okta Verify.
    pub method: ChallengeMethod,
    /// Chosen as Okta Verify's `signed_nonce` method in the picker (else launched from the
    /// first screen, the user not yet known).
    pub signed_nonce: bool,
}

/// Where a challenge stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Status {
    /// Not answered yet.
    Pending,
    /// Okta Verify proved this user's device.
    Verified { username: String },
    /// The user said no on the computer.
    Refused,
    /// Okta Verify answered for another account than the transaction's user.
    WrongAccount,
    /// The page gave up (`cancel-polling`), with its reason.
    Cancelled { reason: Option<String> },
}

/// One challenge the org issued.
#[derive(Debug, Clone)]
pub(crate) struct Challenge {
    pub nonce: String,
    /// The user, when known (the picker); the device answers for them.
    pub user: Option<String>,
    pub status: Status,
    pub created: Instant,
    /// The cancel's `statusCode`, as the page reported it.
    pub cancel_status: Option<Value>,
}

/// What a prompt on the computer (or an "Open Okta Verify" request) is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum PromptStatus {
    /// Waiting for Yes or No.
    Pending,
    /// Yes: Okta Verify answers the challenge.
    Approved,
    /// No: Okta Verify refuses it.
    Denied,
    /// The answer reached the org.
    Done,
    /// The answer did not reach the org, or the org refused it.
    Failed,
}

/// "Verify it's you on this computer?", or an "Open Okta Verify" request waiting to be opened.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Prompt {
    pub id: String,
    /// The challenge it answers.
    pub challenge: String,
    /// `LOOPBACK` (the page reached the computer), or the link the page opens; none for adding
    /// the account to Okta Verify on this computer (device bootstrap).
    pub method: Option<ChallengeMethod>,
    /// What the computer asks.
    pub question: &'static str,
    /// The account it answers for, when the challenge names one.
    pub user: Option<String>,
    pub status: PromptStatus,
    /// RFC 3339.
    pub created_at: String,
    /// The sign-in page that asked (`Origin` of the request that caused it).
    pub origin: Option<String>,
    /// Why it failed, when it did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip)]
    pub request: String,
    /// The enrollment it completes (device bootstrap).
    #[serde(skip)]
    pub activation: Option<String>,
}

/// The org's FastPass memory: challenges, prompts and device keys.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    pub challenges: std::collections::HashMap<String, Challenge>,
    pub prompts: Vec<Prompt>,
    /// Device id and key by username (lower case), made at first use.
    keys: std::collections::HashMap<String, (String, Vec<u8>)>,
}

impl Memory {
    /// The device id and key of a user's computer.
    pub fn device_key(&mut self, device: &Device) -> (String, Vec<u8>) {
        self.keys
            .entry(device.username.to_ascii_lowercase())
            .or_insert_with(|| {
                let key = match &device.key {
                    Some(k) => k.as_bytes().to_vec(),
                    None => random_id("", 43).into_bytes(),
                };
                let id = device.id.clone().unwrap_or_else(|| random_id("pfd", 17));
                (id, key)
            })
            .clone()
    }

    pub(crate) fn bound(&mut self) {
        let excess = self.prompts.len().saturating_sub(KEEP_AT_MOST);
        self.prompts.drain(..excess);
        if self.challenges.len() > KEEP_AT_MOST {
            let mut by_age: Vec<(String, Instant)> = self
                .challenges
                .iter()
                .map(|(id, c)| (id.clone(), c.created))
                .collect();
            by_age.sort_by_key(|(_, created)| *created);
            let excess = self.challenges.len() - KEEP_AT_MOST;
            for (id, _) in by_age.into_iter().take(excess) {
                self.challenges.remove(&id);
            }
        }
    }
}

/// How many users may sign up: a client in a loop cannot grow the org without end.
pub const MAX_REGISTERED: usize = 10_000;

/// Why a sign-up was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A user with this username exists.
    Taken,
    /// [`MAX_REGISTERED`] users signed up already.
    Full,
}

/// The org's state, shared by every handler.
#[derive(Debug)]
pub struct Store {
    pub config: Config,
    inner: Mutex<Inner>,
    /// Users who signed up. Locked only briefly and never while taking `inner`, so it can be
    /// read while `inner` is held.
    registered: Mutex<Vec<User>>,
}

impl Store {
    /// A fresh org for this configuration.
    pub fn new(config: Config) -> Self {
        let users: HashMap<String, UserState> = config
            .users
            .iter()
            .map(|u| (u.username.to_ascii_lowercase(), new_user_state(u)))
            .collect();
        // The phone already has Google Authenticator for the users enrolled from the start.
        let phone_google = users
            .iter()
            .filter(|(_, s)| s.enrolled.contains(&Authenticator::GoogleOtp))
            .map(|(name, s)| (name.clone(), s.google_secret.clone()))
            .collect();
        Self {
            config,
            inner: Mutex::new(Inner {
                users,
                phone_google,
                ..Inner::default()
            }),
            registered: Mutex::new(Vec::new()),
        }
    }

    /// Runs `f` with the state locked. A handler that panicked while holding the lock left the
    /// data as it was, so the poison is cleared rather than taking the whole org down.
    pub fn with<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    /// The org's id of the user with this username (Okta's `00u…`, the tokens' `sub`).
    pub fn user_id(&self, username: &str) -> Option<String> {
        self.with(|inner| inner.user_state(username).map(|s| s.id.clone()))
    }

    /// The user with this username: configured, or signed up since.
    pub fn user(&self, username: &str) -> Option<User> {
        if let Some(user) = self.config.user(username) {
            return Some(user.clone());
        }
        self.registered
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .find(|u| u.username.eq_ignore_ascii_case(username.trim()))
            .cloned()
    }

    /// The user whose activation token this is (configured users only).
    pub fn user_by_activation_token(&self, token: &str) -> Option<&User> {
        self.config
            .users
            .iter()
            .find(|u| u.activation_token.as_deref() == Some(token))
    }

    /// Adds a user who signed up, with no password yet.
    pub fn register(&self, inner: &mut Inner, user: User) -> Result<(), Refusal> {
        let mut registered = self.registered.lock().unwrap_or_else(|p| p.into_inner());
        let key = user.username.to_ascii_lowercase();
        if inner.users.contains_key(&key) {
            return Err(Refusal::Taken);
        }
        if registered.len() >= MAX_REGISTERED {
            return Err(Refusal::Full);
        }
        let mut state = new_user_state(&user);
        state.password = random_id("", 32);
        state.needs_password = true;
        inner.users.insert(key, state);
        registered.push(user);
        Ok(())
    }
}

fn new_user_state(user: &User) -> UserState {
    let enrollment_ids = Authenticator::ALL
        .into_iter()
        .map(|a| (a, new_enrollment_id(a)))
        .collect();
    UserState {
        id: random_id("00u", 17),
        enrollment_id: random_id("pfd", 17),
        okta_verify: user.okta_verify,
        totp_secret: rand::thread_rng().r#gen::<[u8; 20]>().to_vec(),
        password: match user.status {
            // Nobody can guess the password of a user who has not chosen one yet.
            UserStatus::Provisioned => random_id("", 32),
            UserStatus::Active => user.password.clone(),
        },
        password_expired: user.password_expired,
        password_expires_in_days: user.password_expires_in_days,
        enrolled: user
            .authenticators
            .iter()
            .copied()
            .chain((!user.webauthn.is_empty()).then_some(Authenticator::Webauthn))
            .collect(),
        enrollment_ids,
        phone: user
            .phone
            .clone()
            .filter(|_| user.has(Authenticator::PhoneNumber)),
        google_secret: new_google_secret(),
        google_last_step: None,
        security_question: user
            .security_question
            .as_ref()
            .map(|q| (q.key.clone(), q.text(), q.answer.clone())),
        failed_passwords: 0,
        locked: user.locked,
        needs_password: user.status == UserStatus::Provisioned,
        provisioned: user.status == UserStatus::Provisioned,
        webauthn: configured_webauthn(user),
    }
}

/// The configured credentials of a user, for a fresh org (validated already).
fn configured_webauthn(user: &User) -> Vec<Registered> {
    user.webauthn
        .iter()
        .filter_map(|c| c.registered().ok())
        .collect()
}

/// A fresh enrollment id for an authenticator, with Okta's prefixes.
pub fn new_enrollment_id(authenticator: Authenticator) -> String {
    let prefix = match authenticator {
        Authenticator::OktaEmail => "eae",
        Authenticator::PhoneNumber => "sms",
        Authenticator::GoogleOtp => "uft",
        Authenticator::SecurityQuestion => "qae",
        Authenticator::Webauthn => "fwf",
    };
    random_id(prefix, 17)
}

/// A Google Authenticator secret: 10 random bytes, 16 characters of base32, as Okta's.
pub fn new_google_secret() -> Vec<u8> {
    rand::thread_rng().r#gen::<[u8; 10]>().to_vec()
}

impl Inner {
    /// The runtime state of a configured user.
    pub fn user_state(&mut self, username: &str) -> Option<&mut UserState> {
        self.users.get_mut(&username.to_ascii_lowercase())
    }

    /// A live transaction by state handle; expired ones are removed and reported as absent.
    pub fn live_transaction(
        &mut self,
        state_handle: &str,
        now: Instant,
    ) -> Option<&mut Transaction> {
        let expired = self
            .transactions
            .get(state_handle)
            .is_some_and(|t| t.expires_at <= now);
        if expired {
            if let Some(t) = self.transactions.remove(state_handle) {
                self.by_interaction.remove(&t.interaction_handle);
            }
            return None;
        }
        let state_handle = match self.transactions.contains_key(state_handle) {
            true => state_handle.to_owned(),
            false => self.by_previous.get(state_handle)?.clone(),
        };
        self.transactions.get_mut(&state_handle)
    }

    /// Remembers a refresh token just issued.
    pub fn remember_token(&mut self, token: &str) {
        self.refresh_tokens.insert(token.to_owned());
    }

    /// Revokes a token: a refresh token is forgotten; any token is marked revoked.
    pub fn revoke(&mut self, token: &str) {
        self.refresh_tokens.remove(token);
        if self.revoked.len() < 10_000 {
            self.revoked.insert(token.to_owned());
        }
    }

    /// Forgets expired transactions and spent or stale codes, so a long-running org does not
    /// grow without end. Runs when a transaction starts.
    pub fn sweep(&mut self, now: Instant) {
        let expired: Vec<String> = self
            .transactions
            .values()
            .filter(|t| t.expires_at <= now)
            .map(|t| t.state_handle.clone())
            .collect();
        for handle in expired {
            if let Some(t) = self.transactions.remove(&handle) {
                self.by_interaction.remove(&t.interaction_handle);
            }
        }
        let transactions = &self.transactions;
        self.by_previous
            .retain(|_, current| transactions.contains_key(current));
        self.activations
            .retain(|_, a| now.duration_since(a.created) < ACTIVATION_LIFETIME);
        self.codes
            .retain(|_, g| !g.used && now.duration_since(g.created) < Duration::from_secs(3600));
        self.magic_links
            .retain(|_, l| now.duration_since(l.created) < ACTIVATION_LIFETIME);
        self.recovery_tokens
            .retain(|_, t| now.duration_since(t.created) < RECOVERY_TOKEN_LIFETIME);
        self.idp_requests
            .retain(|_, r| now.duration_since(r.created) < ACTIVATION_LIFETIME);
        self.bound();
    }

    /// Makes room for one more transaction: beyond [`MAX_TRANSACTIONS`] - 1, those whose
    /// lifetime ends first (the least recently used) go.
    pub fn room_for_a_transaction(&mut self) {
        let excess = (self.transactions.len() + 1).saturating_sub(MAX_TRANSACTIONS);
        if excess == 0 {
            return;
        }
        let mut by_end: Vec<(String, Instant)> = self
            .transactions
            .iter()
            .map(|(handle, t)| (handle.clone(), t.expires_at))
            .collect();
        by_end.sort_by_key(|(_, end)| *end);
        for (handle, _) in by_end.into_iter().take(excess) {
            if let Some(t) = self.transactions.remove(&handle) {
                self.by_interaction.remove(&t.interaction_handle);
            }
        }
        let transactions = &self.transactions;
        self.by_previous
            .retain(|_, current| transactions.contains_key(current));
    }

    /// Drops the oldest pushes, messages, activations and magic links beyond [`KEEP_AT_MOST`].
    pub fn bound(&mut self) {
        let excess = |len: usize| len.saturating_sub(KEEP_AT_MOST);
        self.pushes.drain(..excess(self.pushes.len()));
        self.outbox.drain(..excess(self.outbox.len()));
        drop_oldest(&mut self.activations, |a| a.created);
        drop_oldest(&mut self.magic_links, |l| l.created);
        drop_oldest(&mut self.recovery_tokens, |t| t.created);
        drop_oldest(&mut self.idp_requests, |r| r.created);
    }

    /// A push by id, with its expiry applied.
    pub fn push(&mut self, id: &str, lifetime: Duration) -> Option<&mut Push> {
        let push = self.pushes.iter_mut().find(|p| p.id == id)?;
        if push.status == PushStatus::Pending && push.created.elapsed() >= lifetime {
            push.status = PushStatus::Expired;
        }
        Some(push)
    }

    /// Expires every pending push whose time is up (so lists show the truth).
    pub fn expire_pushes(&mut self, lifetime: Duration) {
        for push in &mut self.pushes {
            if push.status == PushStatus::Pending && push.created.elapsed() >= lifetime {
                push.status = PushStatus::Expired;
            }
        }
    }
}

/// Removes the oldest entries (by `created`) of a map beyond [`KEEP_AT_MOST`].
fn drop_oldest<T>(map: &mut HashMap<String, T>, created: impl Fn(&T) -> Instant) {
    let excess = map.len().saturating_sub(KEEP_AT_MOST);
    if excess == 0 {
        return;
    }
    let mut by_age: Vec<(String, Instant)> = map
        .iter()
        .map(|(token, v)| (token.clone(), created(v)))
        .collect();
    by_age.sort_by_key(|(_, created)| *created);
    for (token, _) in by_age.into_iter().take(excess) {
        map.remove(&token);
    }
}

/// Okta Verify's TOTP: RFC 6238, SHA-1, six digits, 30-second steps, one step of skew.
pub fn totp(secret: &[u8]) -> Option<totp_rs::TOTP> {
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, secret.to_vec()).ok()
}

/// Marks an activation done and the user enrolled; the waiting transaction's next poll succeeds.
pub fn complete_activation(inner: &mut Inner, token: &str) -> Result<String, &'static str> {
    let activation = inner
        .activations
        .get_mut(token)
        .ok_or("unknown or used activation")?;
    if activation.completed {
        return Err("this activation was already used");
    }
    activation.completed = true;
    let username = activation.username.clone();
    let state = inner.user_state(&username).ok_or("no such user")?;
    state.okta_verify = true;
    Ok(username)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushes_messages_and_activations_are_bounded() {
        let mut inner = Inner::default();
        let now = Instant::now();
        for i in 0..KEEP_AT_MOST + 50 {
            inner.outbox.push(OutboxMessage {
                to: format!("u{i}@example.com"),
                channel: Medium::Email,
                text: String::new(),
                link: None,
                code: None,
            });
            inner.activations.insert(
                format!("act{i}"),
                Activation {
                    username: "u".into(),
                    completed: false,
                    created: now + Duration::from_millis(i as u64),
                },
            );
            inner.bound();
        }
        assert_eq!(inner.outbox.len(), KEEP_AT_MOST);
        assert_eq!(
            inner.outbox[0].to, "u50@example.com",
            "the oldest went first"
        );
        assert_eq!(inner.activations.len(), KEEP_AT_MOST);
        assert!(!inner.activations.contains_key("act0"));
        assert!(
            inner
                .activations
                .contains_key(&format!("act{}", KEEP_AT_MOST + 49))
        );
        inner.sweep(now + ACTIVATION_LIFETIME + Duration::from_secs(10));
        assert!(
            inner.activations.is_empty(),
            "expired activations are swept"
        );
    }
}

//! The groups a session's state falls into, each reset as one: what it keeps of its
//! configuration, the transaction shown, the notes beside the step, the reminder, and what the
//! page was opened with.

use idx_protocol::{IdxResponse, OneTimeTokens, PkceSecrets};

use crate::config::{Config, TokenStorage, WebApp};
use crate::flow::action::Refusal;
use crate::flow::landing::Landing;
use crate::flow::saved::SavedTransaction;
use crate::flow::{CeremonyError, Note, Step};

/// What the session keeps of its configuration and of the device; it does not change once
/// the session starts.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Settings {
    pub(super) issuer: String,
    pub(super) client_id: String,
    pub(super) redirect_uri: String,
    pub(super) resume: bool,
    pub(super) reminder_delay_ms: u64,
    pub(super) token_storage: TokenStorage,
    pub(super) web_app: Option<WebApp>,
    pub(super) post_logout_redirect_uri: Option<String>,
    /// A phone or tablet, which cannot scan its own screen.
    pub(super) mobile: bool,
}

impl Settings {
    pub(super) fn from(config: &Config) -> Self {
        Self {
            issuer: config.issuer.clone(),
            client_id: config.client_id.clone(),
            redirect_uri: config.redirect_uri.clone(),
            resume: config.resume,
            reminder_delay_ms: u64::from(config.reminder_delay_ms),
            token_storage: config.token_storage,
            web_app: config.web_app(),
            post_logout_redirect_uri: config.post_logout_redirect_uri.clone(),
            mobile: false,
        }
    }
}

/// The transaction shown: the server's latest state, the step it means, and what is kept to
/// go on with it. Leaving it starts again from the default.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Transaction {
    pub(super) state: Option<IdxResponse>,
    pub(super) step: Option<Step>,
    /// The remediation the person switched to (another authenticator, a side door), if any.
    pub(super) switched_to: Option<String>,
    pub(super) secrets: Option<PkceSecrets>,
    /// The handle and secrets as a reload or an identity provider's return would pick them up.
    pub(super) saved: Option<SavedTransaction>,
    /// "Send push automatically" while waiting on a push.
    pub(super) auto_challenge: Option<bool>,
}

/// What the page shows beside the step. Each is about the state it came with, so a new state
/// clears them all.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Notes {
    pub(super) banner: Option<Note>,
    pub(super) notice: Option<Note>,
    pub(super) refused: Option<Refusal>,
    pub(super) ceremony_error: Option<CeremonyError>,
}

/// The "Haven't received …?" reminder on a step that can send again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Reminder {
    /// When it shows (milliseconds since the epoch), while it is still to come.
    at: Option<u64>,
    pub(super) due: bool,
}

impl Reminder {
    /// Hidden again, to show `delay_ms` from `now`.
    pub(super) fn starting(now: u64, delay_ms: u64) -> Self {
        Self {
            at: Some(now.saturating_add(delay_ms)),
            due: false,
        }
    }

    /// Its timer fired: it shows if its time has come (an older timer may fire early).
    pub(super) fn fired(&mut self, now: u64) {
        if self.at.is_some_and(|at| now >= at) {
            self.at = None;
            self.due = true;
        }
    }
}

/// What the page was opened with; each is used once, by the first transaction that can.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct OpenedWith {
    /// An address that brought something back (an identity provider's return, a magic link).
    pub(super) landing: Option<Landing>,
    /// A magic link's one-time code, entered for the person at the email step.
    pub(super) otp: Option<String>,
    /// Activation, recovery or unlock tokens: they start the first transaction only.
    pub(super) one_time: OneTimeTokens,
}

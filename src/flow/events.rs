//! What goes into the session and what comes out: events, the replies they carry, and the
//! commands the driver runs. Plain data, so tests can build and inspect every one.

use idx_protocol::secret::{IdToken, InteractionCode, InteractionHandle};
use idx_protocol::{
    Form, IdxError, IdxResponse, Inputs, OneTimeTokens, PkceSecrets, TokenResponse,
};

use idx_protocol::webauthn::{Assertion, Attestation, CreationOptions, RequestOptions};

use crate::error::Failure;
use crate::flow::saved::SavedTransaction;
use crate::flow::{Action, Announcement, CeremonyError};

/// Where the widget is in its life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Starting a transaction.
    Loading,
    /// Showing the server's steps.
    Active,
    /// Signed in; the tokens went to the host.
    Done,
    /// Nothing can follow (cannot start, tokens refused): say why.
    Failed(Failure),
    /// Signed out: nothing runs until the person chooses to sign in again.
    SignedOut,
    /// The org's session in this browser signed this user in (an empty name when the org did
    /// not say who) before any step: the person chooses to go on as them or not.
    SessionFound(String),
    /// An email magic link opened away from the sign-in it belongs to: this code, for the
    /// person to enter where they started.
    CodeElsewhere(String),
}

/// How sign-out ends the org's session in this browser.
#[derive(Debug, Clone, PartialEq)]
pub enum EndSession {
    /// `DELETE /api/v1/sessions/me` with the org's cookies; the page stays.
    Close,
    /// Send the browser to the org's `…/v1/logout` with this ID token; the org ends its session
    /// and sends the browser back to `post_logout_redirect_uri`.
    Logout {
        /// Names the session to end (`id_token_hint`).
        id_token: IdToken,
        /// One of the app's registered sign-out redirect URIs.
        post_logout_redirect_uri: String,
    },
}

/// Names one request: the transaction it belongs to and its number within the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    pub(crate) transaction: u64,
    pub(crate) request: u64,
}

/// The timers a session asks for. Scheduling one replaces any earlier one of the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timer {
    /// The next poll is due.
    Poll,
    /// The "Haven't received…?" reminder is due.
    Reminder,
}

/// What a request came back with.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Interact then introspect, with the PKCE secrets the transaction was started with
    /// (`None` when the page has no random source).
    Began {
        /// The transaction's secrets.
        secrets: Option<PkceSecrets>,
        /// The interaction handle, when interact gave one.
        handle: Option<InteractionHandle>,
        /// The first state.
        result: Result<IdxResponse, IdxError>,
    },
    /// Introspect of a saved transaction after a reload.
    Resumed(Result<IdxResponse, IdxError>),
    /// The org's session was asked to end (whatever it answered: a failure is no reason to
    /// stop the person signing in).
    SessionClosed,
    /// A form was submitted.
    Proceeded(Result<IdxResponse, IdxError>),
    /// A poll.
    Polled(Result<IdxResponse, IdxError>),
    /// The token exchange.
    Exchanged(Result<TokenResponse, IdxError>),
    /// A loopback `/probe`: Okta Verify listens there, or not.
    Probed(Result<(), LoopbackFailure>),
    /// The loopback `/challenge`: Okta Verify took the challenge, or refused it.
    Challenged(Result<(), LoopbackFailure>),
    /// Chrome's Local Network Access permission for this page (`granted`, `prompt`,
    /// `denied`), `None` where the browser cannot say.
    LocalNetwork(Option<String>),
    /// The browser's WebAuthn dialog created a credential, or why not.
    Created(Result<Attestation, CeremonyError>),
    /// The browser's WebAuthn dialog (or passkey autofill) signed the challenge, or why not.
    Asserted(Result<Assertion, CeremonyError>),
}

/// Why a loopback request failed: the HTTP status when there was an answer, `None` for no
/// answer at all (refused, timed out, blocked).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoopbackFailure {
    /// The status of the answer, if any.
    pub status: Option<u16>,
}

/// Something that happened to the session.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// The widget appeared: start a transaction, or resume this one from before a reload.
    Started {
        /// What `sessionStorage` kept, if anything.
        saved: Option<SavedTransaction>,
    },
    /// A request came back.
    Answer {
        /// The request.
        ticket: Ticket,
        /// What it came back with.
        reply: Box<Reply>,
    },
    /// A timer the session scheduled fired.
    TimerFired(Timer),
    /// The page became visible (`true`) or hidden.
    Visibility(bool),
    /// The user did something.
    User(Action),
    /// The widget was removed: nothing may happen after this.
    Removed,
}

/// What the host learns. Its `Debug` never shows the interaction code.
#[derive(Clone, PartialEq)]
pub enum HostEvent {
    /// A new step, by its stable name (`identify`, `push-waiting`, `signed-in`, `error`, …).
    Step(&'static str),
    /// Signed in.
    Success(TokenResponse),
    /// The widget cannot go on.
    Error(Failure),
    /// A server-side web app's sign-in is done: its back end redeems this code.
    InteractionCode {
        /// The interaction code.
        code: String,
        /// The `state` the back end gave, to check.
        state: String,
    },
}

impl std::fmt::Debug for HostEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Step(name) => f.debug_tuple("Step").field(name).finish(),
            Self::Success(tokens) => f.debug_tuple("Success").field(tokens).finish(),
            Self::Error(error) => f.debug_tuple("Error").field(error).finish(),
            Self::InteractionCode { .. } => {
                f.debug_struct("InteractionCode").finish_non_exhaustive()
            }
        }
    }
}

/// Where [`Command::Navigate`] sends the browser. Its `Debug` leaves out the query and
/// fragment, where a `stateToken` or an interaction code travels.
#[derive(Clone, PartialEq, Eq)]
pub struct Href(pub String);

impl std::fmt::Debug for Href {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        idx_protocol::secret::UrlForDebug(&self.0).fmt(f)
    }
}

/// Something for the driver to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Interact, then introspect, with fresh PKCE secrets; answer with [`Reply::Began`].
    Begin {
        /// The request.
        ticket: Ticket,
        /// One-time tokens for interact (the first transaction's only).
        tokens: OneTimeTokens,
    },
    /// A server-side web app's start: interact with the back end's challenge and `state` (or
    /// take the handle its back end got), then introspect; answer with [`Reply::Began`].
    Adopt {
        /// The request.
        ticket: Ticket,
        /// The challenge and `state` (no verifier).
        secrets: PkceSecrets,
        /// The handle, when the back end called interact itself.
        handle: Option<InteractionHandle>,
        /// One-time tokens for interact (the first transaction's only).
        tokens: OneTimeTokens,
    },
    /// Introspect a saved transaction; answer with [`Reply::Resumed`].
    Resume {
        /// The request.
        ticket: Ticket,
        /// The saved interaction handle.
        handle: InteractionHandle,
        /// The saved secrets.
        secrets: PkceSecrets,
    },
    /// Keep this transaction in `sessionStorage` so a reload can resume it.
    SaveTransaction(SavedTransaction),
    /// Drop the kept transaction (signed in, cancelled, expired).
    ForgetTransaction,
    /// Submit a form; answer with [`Reply::Proceeded`].
    Submit {
        /// The request.
        ticket: Ticket,
        /// The form, as the server sent it.
        form: Box<Form>,
        /// The user's inputs.
        inputs: Inputs,
    },
    /// Poll; answer with [`Reply::Polled`].
    Poll {
        /// The request.
        ticket: Ticket,
        /// The poll form.
        form: Box<Form>,
        /// Extra inputs ("Send push automatically").
        inputs: Inputs,
    },
    /// Exchange the interaction code for tokens; answer with [`Reply::Exchanged`].
    Exchange {
        /// The request.
        ticket: Ticket,
        /// The success form carrying the interaction code.
        form: Box<Form>,
        /// The transaction's secrets (the code verifier).
        secrets: PkceSecrets,
    },
    /// Redeem an interaction code that came back on the redirect URI, with the saved
    /// transaction's secrets; answer with [`Reply::Exchanged`].
    Redeem {
        /// The request.
        ticket: Ticket,
        /// The code from the address.
        code: InteractionCode,
        /// The secrets of the transaction whose `state` came back.
        secrets: PkceSecrets,
    },
    /// Fire [`Event::TimerFired`] after this many milliseconds, replacing any earlier timer of
    /// the same kind.
    Schedule {
        /// Which timer.
        timer: Timer,
        /// Milliseconds from now.
        after_ms: u64,
    },
    /// Open the browser's dialog to create a credential (`navigator.credentials.create`);
    /// answer with [`Reply::Created`]. Run it at once: the person's click is what lets some
    /// browsers open it.
    WebAuthnCreate {
        /// The ceremony.
        ticket: Ticket,
        /// What the org asks for.
        options: Box<CreationOptions>,
    },
    /// Ask the browser to sign the challenge (`navigator.credentials.get`); answer with
    /// [`Reply::Asserted`]. With `autofill`, as passkey autofill in the username field
    /// (conditional mediation, when the browser has it; else answer `NotSupported`).
    WebAuthnGet {
        /// The ceremony.
        ticket: Ticket,
        /// What the org asks for.
        options: Box<RequestOptions>,
        /// Passkey autofill rather than a dialog.
        autofill: bool,
    },
    /// Stop any WebAuthn ceremony still open (the step it belonged to is gone).
    AbortWebAuthn,
    /// Say this in the polite live region ([`Announcement::Nothing`] clears it).
    Announce(Announcement),
    /// Tell the host.
    Emit(HostEvent),
    /// Keep the tokens in `sessionStorage` (only when the configuration asks).
    StoreTokens(TokenResponse),
    /// Sign out at the org: revoke these tokens (when there are any), then end the org's
    /// session as `end` says; nobody waits for the answers, in that order.
    SignOut {
        /// The tokens to revoke.
        revoke: Option<TokenResponse>,
        /// How the org's session ends.
        end: EndSession,
    },
    /// End the org's session (`DELETE /api/v1/sessions/me`); answer with
    /// [`Reply::SessionClosed`].
    CloseSession {
        /// The request.
        ticket: Ticket,
    },
    /// Send the abandoned transaction's `cancel` to the org, so nothing of it (a pending push)
    /// can still be answered; nobody waits for the answer and a failure changes nothing.
    CancelTransaction(Box<Form>),
    /// Remove the tokens from `sessionStorage`.
    ClearStoredTokens,
    /// Send the browser here (an Okta-hosted success on the org's own origin, or a
    /// server-side web app's redirect URI with the interaction code).
    Navigate(Href),
    /// GET `url` (`origin:port/probe` of Okta Verify on this device); answer with
    /// [`Reply::Probed`]. Only loopback URLs the org's challenge names.
    Probe {
        /// The request.
        ticket: Ticket,
        /// The probe URL.
        url: String,
        /// How long to wait.
        timeout_ms: u64,
    },
    /// POST `{"challengeRequest": …}` to `url` (`origin:port/challenge`); answer with
    /// [`Reply::Challenged`].
    Challenge {
        /// The request.
        ticket: Ticket,
        /// The challenge URL.
        url: String,
        /// The org's signed request, sent as is.
        challenge_request: String,
        /// How long Okta Verify may take.
        timeout_ms: u64,
    },
    /// Abort every loopback request still out (the step changed, the widget is removed).
    StopProbing,
    /// Ask the browser whether this page may reach the local network; answer with
    /// [`Reply::LocalNetwork`].
    QueryLocalNetwork {
        /// The request.
        ticket: Ticket,
    },
    /// Open Okta Verify by its link without leaving the page (a custom URI).
    OpenApp(String),
}

impl Command {
    /// The request this command sends to the org, if it sends one.
    pub fn ticket(&self) -> Option<Ticket> {
        match self {
            Self::Begin { ticket, .. }
            | Self::Adopt { ticket, .. }
            | Self::Redeem { ticket, .. }
            | Self::Resume { ticket, .. }
            | Self::Submit { ticket, .. }
            | Self::Poll { ticket, .. }
            | Self::Exchange { ticket, .. }
            | Self::CloseSession { ticket }
            | Self::WebAuthnCreate { ticket, .. }
            | Self::WebAuthnGet { ticket, .. } => Some(*ticket),
            _ => None,
        }
    }
}

impl Reply {
    /// The reply `command` gets when its request could not be sent (no org client, no random
    /// source): of the kind the session waits for, so the failure is heard instead of a step
    /// waiting forever. The match names every command, so a new request cannot fall through
    /// to a reply of another kind.
    pub fn failed(command: &Command, error: IdxError) -> Reply {
        let loopback = || Err(LoopbackFailure { status: None });
        match command {
            Command::Begin { .. } | Command::Adopt { .. } => Reply::Began {
                secrets: None,
                handle: None,
                result: Err(error),
            },
            Command::Resume { .. } => Reply::Resumed(Err(error)),
            Command::CloseSession { .. } => Reply::SessionClosed,
            Command::Submit { .. } => Reply::Proceeded(Err(error)),
            Command::Poll { .. } => Reply::Polled(Err(error)),
            Command::Exchange { .. } | Command::Redeem { .. } => Reply::Exchanged(Err(error)),
            Command::WebAuthnCreate { .. } => Reply::Created(Err(CeremonyError::Unusable)),
            Command::WebAuthnGet { .. } => Reply::Asserted(Err(CeremonyError::Unusable)),
            Command::Probe { .. } => Reply::Probed(loopback()),
            Command::Challenge { .. } => Reply::Challenged(loopback()),
            Command::QueryLocalNetwork { .. } => Reply::LocalNetwork(None),
            // Nobody waits on these (they carry no ticket), so this reply is never heard.
            Command::SaveTransaction(_)
            | Command::ForgetTransaction
            | Command::Schedule { .. }
            | Command::AbortWebAuthn
            | Command::Announce(_)
            | Command::Emit(_)
            | Command::StoreTokens(_)
            | Command::SignOut { .. }
            | Command::CancelTransaction(_)
            | Command::ClearStoredTokens
            | Command::Navigate(_)
            | Command::StopProbing
            | Command::OpenApp(_) => Reply::Proceeded(Err(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    /// The README's list of commands, by what runs them, names every one, and nothing else.
    #[test]
    fn every_command_is_in_the_readme() {
        let source = include_str!("events.rs");
        let start = source.find("pub enum Command {").expect("the Command enum");
        let body = &source[start..start + source[start..].find("\n}").expect("its end")];
        let commands: Vec<&str> = body
            .lines()
            .filter_map(|l| l.strip_prefix("    "))
            .filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase()))
            .map(|l| l.split([' ', '(', '{', ',']).next().unwrap_or(l))
            .collect();
        assert!(commands.len() > 20, "read the variants: {commands:?}");
        let readme = include_str!("../../README.md");
        let list = readme
            .split("The commands (`flow/events.rs`)")
            .nth(1)
            .and_then(|rest| rest.split("\n\n").next())
            .expect("the README's list of commands");
        let listed: Vec<&str> = list
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|name| name.starts_with(|c: char| c.is_ascii_uppercase()))
            .collect();
        let mut missing: Vec<_> = commands.iter().filter(|c| !listed.contains(c)).collect();
        let mut stale: Vec<_> = listed.iter().filter(|c| !commands.contains(c)).collect();
        missing.sort();
        stale.sort();
        assert!(
            missing.is_empty() && stale.is_empty(),
            "README misses {missing:?}, names {stale:?} that are not commands"
        );
    }
}

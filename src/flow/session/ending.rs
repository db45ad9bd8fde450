//! How a sign-in ends: the token exchange, or the interaction code handed to a server-side
//! app's back end; an org session found before any step (go on, or sign in as someone else);
//! and signing out.

use idx_protocol::{Address, Form, IdxResponse};

use super::{RequestKind, Session};
use crate::config::WebApp;
use crate::error::{ErrorKind, Failure};
use crate::flow::Announcement;
use crate::flow::events::{Command, EndSession, HostEvent, Href, Phase};
use crate::strings::Text;

impl Session {
    /// Signed out: the tokens are revoked and the org's session ended (by `…/v1/logout` when
    /// the app named where to come back and an ID token is held), and nothing new starts until
    /// the person asks: a new transaction now would run with whatever session the org kept.
    pub(super) fn sign_out(&mut self, out: &mut Vec<Command>) {
        self.cancel_at_org(out);
        let tokens = self.tokens.take();
        let id_token = tokens.as_ref().and_then(|t| t.id_token.clone());
        let end = match (id_token, self.settings.post_logout_redirect_uri.clone()) {
            (Some(id_token), Some(post_logout_redirect_uri)) => EndSession::Logout {
                id_token,
                post_logout_redirect_uri,
            },
            _ => EndSession::Close,
        };
        out.push(Command::SignOut {
            revoke: tokens,
            end,
        });
        out.push(Command::ClearStoredTokens);
        self.forget_transaction(out);
        self.phase = Phase::SignedOut;
        out.push(Command::Announce(Announcement::Says(Text::SignedOutTitle)));
        self.emit_step("signed-out", out);
    }

    /// A new transaction's first answer is already the success: the org's session in this
    /// browser (someone who signed in here before and never signed out) satisfied its
    /// policy. On a shared computer that may be someone else, so the person chooses before
    /// any token is fetched.
    pub(super) fn found_session(&mut self, state: IdxResponse, out: &mut Vec<Command>) {
        let user = state
            .user
            .as_ref()
            .and_then(|u| u.value.identifier.clone())
            .unwrap_or_default();
        self.transaction.state = Some(state);
        self.phase = Phase::SessionFound(user.clone());
        out.push(Command::Announce(Announcement::SessionFound(user)));
        self.emit_step("session-found", out);
    }

    /// The person's choice on a session found: go on as that user (the token exchange), or
    /// end the session (cancelling this transaction) and start at the first step.
    pub(super) fn settle_session(&mut self, go_on: bool, now: u64, out: &mut Vec<Command>) {
        if !matches!(self.phase, Phase::SessionFound(_)) {
            return;
        }
        let Some(state) = self.transaction.state.take() else {
            return;
        };
        if go_on {
            return self.apply(state, now, out);
        }
        if let Some(cancel) = state.cancel.clone() {
            out.push(Command::CancelTransaction(Box::new(cancel)));
        }
        self.forget_transaction(out);
        self.phase = Phase::Loading;
        out.push(Command::Announce(Announcement::Says(Text::Loading)));
        let ticket = self.requests.ticket(RequestKind::CloseSession);
        out.push(Command::CloseSession { ticket });
    }

    pub(super) fn exchange(&mut self, out: &mut Vec<Command>) {
        let form = self
            .transaction
            .state
            .as_ref()
            .and_then(|s| s.success_with_interaction_code.clone());
        if let Some(web_app) = self.settings.web_app.clone() {
            return self.hand_to_back_end(&web_app, form.as_ref(), out);
        }
        match (form, self.transaction.secrets.clone()) {
            (Some(form), Some(secrets)) => {
                let ticket = self.requests.ticket(RequestKind::Exchange);
                out.push(Command::Exchange {
                    ticket,
                    form: Box::new(form),
                    secrets,
                });
            }
            _ => {
                self.fail(Failure::own(ErrorKind::Unexpected, Text::Unexpected), out);
            }
        }
    }

    /// A server-side web app's end: the interaction code goes to its back end, through the
    /// redirect URI (a full-page navigation) or the host; nothing is exchanged here.
    pub(super) fn hand_to_back_end(
        &mut self,
        web_app: &WebApp,
        form: Option<&Form>,
        out: &mut Vec<Command>,
    ) {
        let code = form
            .and_then(|f| f.field("interaction_code"))
            .and_then(|f| f.plain_value())
            .and_then(|v| v.as_str())
            .map(str::to_owned);
        let Some(code) = code else {
            return self.fail(Failure::own(ErrorKind::Unexpected, Text::Unexpected), out);
        };
        self.hand_code_to_back_end(web_app, code, out);
    }

    /// The interaction code to a server-side web app's back end (see `hand_to_back_end`).
    pub(super) fn hand_code_to_back_end(
        &mut self,
        web_app: &WebApp,
        code: String,
        out: &mut Vec<Command>,
    ) {
        let Some(target) = Address::parse(&self.settings.redirect_uri) else {
            return self.fail(Failure::own(ErrorKind::Unexpected, Text::Unexpected), out);
        };
        self.poller.stop();
        self.phase = Phase::Done;
        if self.settings.resume {
            out.push(Command::ForgetTransaction);
        }
        self.emit_step("signed-in", out);
        if web_app.redirect_with_code {
            let target =
                target.with_query_pairs([("interaction_code", &*code), ("state", &web_app.state)]);
            out.push(Command::Navigate(Href(target.into())));
        }
        out.push(Command::Emit(HostEvent::InteractionCode {
            code,
            state: web_app.state.clone(),
        }));
    }
}

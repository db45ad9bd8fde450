//! Sign-out and giving a transaction up, on Okta's recorded states: the
//! tokens are revoked (also those kept before a reload), the org's session is ended, nothing
//! new starts until the person asks, and an abandoned transaction is cancelled at the org.

use idx_protocol::{IdxResponse, TokenResponse};
use serde_json::json;

use super::tests::{Harness, config};
use super::*;
use crate::flow::events::{EndSession, Ticket};

macro_rules! fixture {
    ($name:literal) => {
        IdxResponse::from_json(include_str!(concat!(
            "../../../testdata/idx/siw-playground/idp/idx/",
            $name
        )))
        .expect($name)
    };
}

fn tokens(id_token: bool) -> TokenResponse {
    let mut json = json!({
        "token_type": "Bearer", "expires_in": 3600, "access_token": "eyJ.access.sig",
        "refresh_token": "refresh", "scope": "openid"
    });
    if id_token {
        json["id_token"] = json!("eyJ.id.sig");
    }
    serde_json::from_value(json).unwrap()
}

/// A session that started and got `first`, at a fixed time, and what it asked for then.
fn started_with(config: &Config, first: IdxResponse) -> (Session, Vec<Command>) {
    let (h, out) = Harness::started(config.clone(), first);
    (h.session, out)
}

fn started(config: &Config, first: IdxResponse) -> Session {
    started_with(config, first).0
}

fn answer(ticket: Ticket, reply: Reply) -> Event {
    Event::Answer {
        ticket,
        reply: Box::new(reply),
    }
}

/// Signed in with these tokens.
fn signed_in(config: &Config, tokens: TokenResponse) -> Session {
    let (mut session, _) = started_with(config, fixture!("success-with-interaction-code.json"));
    let out = session.update(Event::User(Action::ContinueSession), 1_000);
    let ticket = out.iter().find_map(Command::ticket).expect("exchange");
    session.update(answer(ticket, Reply::Exchanged(Ok(tokens))), 1_000);
    assert_eq!(session.phase(), &Phase::Done);
    session
}

fn sign_out(session: &mut Session) -> Vec<Command> {
    session.update(Event::User(Action::SignOut), 2_000)
}

fn cancels(out: &[Command]) -> usize {
    out.iter()
        .filter(|c| matches!(c, Command::CancelTransaction(form) if form.name == "cancel"))
        .count()
}

/// Revoked, the org's session closed, storage cleared, and then nothing: no new
/// transaction runs with the session the org may still hold until the person asks.
#[test]
fn sign_out_revokes_ends_the_session_and_starts_nothing() {
    let mut session = signed_in(&config(), tokens(true));
    let out = sign_out(&mut session);
    assert!(out.contains(&Command::SignOut {
        revoke: Some(tokens(true)),
        end: EndSession::Close,
    }));
    assert!(out.contains(&Command::ClearStoredTokens));
    assert!(out.contains(&Command::Emit(HostEvent::Step("signed-out"))));
    assert_eq!(out.iter().find_map(Command::ticket), None, "{out:?}");
    assert_eq!(session.phase(), &Phase::SignedOut);
    assert_eq!(
        cancels(&out),
        0,
        "a finished transaction has nothing to cancel"
    );
    // Twice: nothing left to revoke, the session is asked to end again, still idle.
    let out = sign_out(&mut session);
    assert!(out.contains(&Command::SignOut {
        revoke: None,
        end: EndSession::Close,
    }));
    assert_eq!(session.phase(), &Phase::SignedOut);
    // The person asks: a new transaction.
    let out = session.update(Event::User(Action::Restart), 3_000);
    assert!(out.iter().any(|c| matches!(c, Command::Begin { .. })));
    assert_eq!(session.phase(), &Phase::Loading);
}

/// With a sign-out redirect configured and an ID token held, the org's `…/v1/logout` ends the
/// session (okta-auth-js's `signOut`); without an ID token to name it, the session is closed.
#[test]
fn sign_out_logs_out_at_the_org_with_the_id_token() {
    let mut with_redirect = config();
    with_redirect.post_logout_redirect_uri = Some("http://localhost:3000/signed-out".into());
    let mut session = signed_in(&with_redirect, tokens(true));
    let out = sign_out(&mut session);
    let id_token = tokens(true).id_token.unwrap();
    assert!(out.contains(&Command::SignOut {
        revoke: Some(tokens(true)),
        end: EndSession::Logout {
            id_token,
            post_logout_redirect_uri: "http://localhost:3000/signed-out".into(),
        },
    }));
    let mut session = signed_in(&with_redirect, tokens(false));
    let out = sign_out(&mut session);
    assert!(out.contains(&Command::SignOut {
        revoke: Some(tokens(false)),
        end: EndSession::Close,
    }));
}

/// Tokens the page kept in `sessionStorage` before a reload are revoked by a sign-out after
/// it; a widget that keeps nothing takes none from storage.
#[test]
fn sign_out_after_a_reload_revokes_the_stored_tokens() {
    let mut stored = config();
    stored.token_storage = TokenStorage::SessionStorage;
    let mut session = Session::new(&stored).holding(Some(tokens(true)));
    session.update(Event::Started { saved: None }, 1_000);
    let out = sign_out(&mut session);
    assert!(out.contains(&Command::SignOut {
        revoke: Some(tokens(true)),
        end: EndSession::Close,
    }));
    let mut session = Session::new(&config()).holding(Some(tokens(true)));
    session.update(Event::Started { saved: None }, 1_000);
    let out = sign_out(&mut session);
    assert!(out.contains(&Command::SignOut {
        revoke: None,
        end: EndSession::Close,
    }));
}

/// "Back to sign in", sign-out and removal send the transaction's `cancel` (once,
/// and nobody waits for it: it carries no ticket), so a pending push cannot be approved later.
#[test]
fn a_transaction_given_up_is_cancelled_at_the_org() {
    let push = || fixture!("authenticator-verification-okta-verify-push.json");
    let mut session = started(&config(), push());
    let out = session.update(Event::User(Action::Restart), 2_000);
    assert_eq!(cancels(&out), 1, "{out:?}");
    assert!(out.iter().any(|c| matches!(c, Command::Begin { .. })));

    let mut session = started(&config(), push());
    let out = sign_out(&mut session);
    assert_eq!(cancels(&out), 1, "{out:?}");

    let mut session = started(&config(), push());
    let out = session.update(Event::Removed, 2_000);
    assert_eq!(cancels(&out), 1, "{out:?}");
    assert!(session.update(Event::Removed, 2_000).is_empty());

    // Nothing shown yet (interact still out): nothing to cancel.
    let mut session = Session::new(&config());
    session.update(Event::Started { saved: None }, 1_000);
    assert_eq!(cancels(&session.update(Event::Removed, 2_000)), 0);
}

/// A new sign-in whose first answer is already the success (the org's session in this
/// browser satisfied its policy, Okta's `success-with-interaction-code` with `user`): no token
/// is fetched until the person says it is them. "Continue" exchanges the code; "Sign in as
/// someone else" cancels the transaction, ends the session and only then starts anew.
#[test]
fn a_session_found_at_the_start_is_offered_not_taken() {
    let success = || fixture!("success-with-interaction-code.json");
    let (mut session, out) = started_with(&config(), success());
    assert_eq!(
        session.phase(),
        &Phase::SessionFound("testUser@okta.com".into())
    );
    assert_eq!(out.iter().find_map(Command::ticket), None, "{out:?}");
    assert!(out.contains(&Command::Emit(HostEvent::Step("session-found"))));
    assert!(out.contains(&Command::Announce(Announcement::SessionFound(
        "testUser@okta.com".into()
    ))));
    let out = session.update(Event::User(Action::ContinueSession), 2_000);
    assert!(
        out.iter().any(|c| matches!(c, Command::Exchange { .. })),
        "{out:?}"
    );

    let (mut session, _) = started_with(&config(), success());
    let out = session.update(Event::User(Action::SwitchUser), 2_000);
    assert_eq!(cancels(&out), 1, "{out:?}");
    let Some(Command::CloseSession { ticket }) = out
        .iter()
        .find(|c| matches!(c, Command::CloseSession { .. }))
        .cloned()
    else {
        panic!("{out:?}")
    };
    assert!(
        !out.iter().any(|c| matches!(c, Command::Begin { .. })),
        "not before it ended"
    );
    assert_eq!(session.phase(), &Phase::Loading);
    // A second press while it ends does nothing more.
    assert!(
        session
            .update(Event::User(Action::SwitchUser), 2_000)
            .is_empty()
    );
    let out = session.update(answer(ticket, Reply::SessionClosed), 2_100);
    assert!(
        out.iter().any(|c| matches!(c, Command::Begin { .. })),
        "{out:?}"
    );

    // Sign-out there: the transaction is cancelled and the session ended.
    let (mut session, _) = started_with(&config(), success());
    let out = sign_out(&mut session);
    assert_eq!(cancels(&out), 1, "{out:?}");
    assert!(out.contains(&Command::SignOut {
        revoke: None,
        end: EndSession::Close,
    }));
}

//! Every request is answered with a reply of its own kind, even when it could not be sent, and
//! a reply of another kind ends in an error the person sees instead of a step that waits
//! forever.

use idx_protocol::IdxError;

use super::tests::{Harness, config, secrets};
use super::*;
use crate::flow::events::Ticket;

/// A transaction kept before a reload, for a session on [`config`].
fn kept(now: u64) -> SavedTransaction {
    let config = config();
    let handle = InteractionHandle::new("ih-kept");
    SavedTransaction::new(&config.issuer, &config.client_id, &handle, &secrets(), now)
}

fn no_client() -> IdxError {
    IdxError::BadRequest("no org client".into())
}

/// The first command in `out` that waits for an answer, and its ticket.
fn request(out: &[Command]) -> (Ticket, &Command) {
    out.iter()
        .find_map(|c| c.ticket().map(|t| (t, c)))
        .unwrap_or_else(|| panic!("no request in {out:?}"))
}

/// A reload's resume that could not be sent starts afresh, and that start's failure is the
/// configuration error, not "Connecting…" for ever.
#[test]
fn a_request_that_could_not_be_sent_is_heard() {
    let mut h = Harness::new(config());
    let out = h.send(Event::Started {
        saved: Some(kept(h.now)),
    });
    let (ticket, resume) = request(&out);
    assert!(matches!(resume, Command::Resume { .. }), "{out:?}");
    let reply = Reply::failed(resume, no_client());
    let out = h.answer(ticket, reply);
    let (ticket, begin) = request(&out);
    assert!(matches!(begin, Command::Begin { .. }), "{out:?}");
    let reply = Reply::failed(begin, no_client());
    h.answer(ticket, reply);
    assert!(
        matches!(h.session.phase(), Phase::Failed(f) if f.kind == ErrorKind::Config),
        "{:?}",
        h.session.phase()
    );
}

/// A WebAuthn dialog the driver could not open is a dialog that gave nothing: the step says
/// so and its buttons work again (a failed submit's reply would leave them waiting).
#[test]
fn a_ceremony_that_could_not_open_is_heard() {
    let (mut h, _) = Harness::started(
        config(),
        idx_protocol::testdata::idx(
            "siw-playground/idp/idx/authenticator-verification-webauthn.json",
        ),
    );
    let out = h.user(Action::WebAuthn);
    let (ticket, get) = request(&out);
    let reply = Reply::failed(get, no_client());
    h.answer(ticket, reply);
    assert_eq!(h.session.ceremony_error(), Some(CeremonyError::Unusable));
    assert!(!h.session.busy());
}

/// A resume answered as if it were a submit: the session must not keep "Connecting…" up.
/// Debug builds stop at the mistake itself.
#[test]
#[cfg_attr(debug_assertions, should_panic(expected = "answered a Resume request"))]
fn a_reply_of_another_kind_is_an_error_not_a_hang() {
    let mut h = Harness::new(config());
    let out = h.send(Event::Started {
        saved: Some(kept(h.now)),
    });
    let (ticket, _) = request(&out);
    let out = h.answer(ticket, Reply::Proceeded(Err(no_client())));
    assert!(
        matches!(h.session.phase(), Phase::Failed(f) if f.kind == ErrorKind::Unexpected),
        "{:?}",
        h.session.phase()
    );
    assert!(
        out.iter()
            .any(|c| matches!(c, Command::Emit(HostEvent::Error(_)))),
        "the host hears of it: {out:?}"
    );
}

/// The driver keeps no flag of its own: it asks the session whether the widget was removed.
#[test]
fn once_removed_the_session_says_so_and_hears_nothing() {
    let mut h = Harness::new(config());
    let out = h.send(Event::Started { saved: None });
    let (ticket, begin) = request(&out);
    let reply = Reply::failed(begin, no_client());
    assert!(!h.session.removed());
    h.send(Event::Removed);
    assert!(h.session.removed());
    assert!(h.answer(ticket, reply).is_empty());
    assert_eq!(h.session.phase(), &Phase::Loading);
}

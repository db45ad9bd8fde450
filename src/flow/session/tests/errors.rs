//! A start or a submit the org refuses or cannot answer: what the person is told, and
//! which step stays.

use super::*;

/// Okta's 5xx (an Ion document with only messages) on a submit: the step stays, with a
/// message to try again; a 400 with only messages also keeps the step, with the server's words.
#[test]
fn server_hiccups_on_a_submit_keep_the_step() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-okta-verify-totp.json"),
    );
    let (ticket, ..) = submitted(&h.user(Action::Code("123456".into())));
    let out = h.answer(
        ticket,
        Reply::Proceeded(Err(IdxError::Okta {
            status: 500,
            code: "E0000009".into(),
            summary: "Internal Server Error".into(),
            causes: vec![],
        })),
    );
    assert!(steps(&out).is_empty());
    assert_eq!(h.step_name(), "enter-code");
    assert_eq!(
        h.session.banner(),
        Some(&Note::Failed(Reason::Own(Text::ServerError)))
    );

    let (ticket, ..) = submitted(&h.user(Action::Code("123456".into())));
    let bad = fixture("siw-playground/idp/idx/error-400-bad-request.json");
    let out = h.answer(ticket, Reply::Proceeded(Err(state_error(400, bad))));
    assert!(steps(&out).is_empty(), "{out:?}");
    assert_eq!(h.step_name(), "enter-code");
    assert!(
        matches!(h.session.banner(), Some(Note::Server(said)) if said[0].message == "Bad request."),
        "the server's words: {:?}",
        h.session.banner()
    );

    // A vanished transaction is a dead end.
    let (ticket, ..) = submitted(&h.user(Action::Code("123456".into())));
    let gone = fixture("siw-playground/idp/idx/error-404-verification-timed-out.json");
    let out = h.answer(ticket, Reply::Proceeded(Err(state_error(404, gone))));
    assert_eq!(steps(&out), ["terminal"]);
}

/// Starting can fail: no random source, an org that does not allow the grant.
#[test]
fn a_start_that_fails_says_why() {
    let mut h = Harness::new(config());
    let ticket = begin_ticket(&h.send(Event::Started { saved: None }));
    h.answer(
        ticket,
        Reply::Began {
            secrets: None,
            handle: None,
            result: Err(IdxError::BadRequest("no random source".into())),
        },
    );
    assert!(matches!(h.session.phase(), Phase::Failed(e) if e.kind == ErrorKind::Config));

    let ticket = begin_ticket(&h.user(Action::Restart));
    let out = h.answer(
        ticket,
        Reply::Began {
            secrets: Some(secrets()),
            handle: None,
            result: Err(IdxError::OAuth {
                status: 400,
                error: "access_denied".into(),
                description: None,
            }),
        },
    );
    assert!(matches!(h.session.phase(), Phase::Failed(e) if e.kind == ErrorKind::NotEnabled));
    assert_eq!(
        announced(&out),
        Some(&Announcement::Failed(Reason::Own(Text::NotEnabled)))
    );
}

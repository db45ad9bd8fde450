//! What the page's address brings back: an identity provider's code or error, an email
//! magic link, and one-time tokens; each only for this tab's own transaction.

use super::*;

/// Started over the transaction this tab kept.
fn start_kept(h: &mut Harness) -> Vec<Command> {
    h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    })
}

fn our_state() -> String {
    secrets().state().expose().to_owned()
}

/// An identity provider's return with this tab's `state`: the code is redeemed with the saved
/// transaction's verifier (no new transaction, no introspect), then signed in as always.
#[test]
fn an_identity_provider_s_code_is_redeemed_with_the_saved_transaction() {
    let query = format!("?interaction_code=Txd_5odx08&state={}", our_state());
    let mut h = landed(config(), &query);
    let out = start_kept(&mut h);
    let ticket = match out.iter().find(|c| matches!(c, Command::Redeem { .. })) {
        Some(Command::Redeem {
            ticket,
            code,
            secrets: s,
        }) => {
            assert_eq!(code.expose(), "Txd_5odx08");
            assert_eq!(s, &secrets(), "the saved verifier and nonce");
            *ticket
        }
        _ => panic!("no redeem in {out:?}"),
    };
    assert!(!out.iter().any(|c| matches!(
        c,
        Command::Begin { .. } | Command::Resume { .. } | Command::ForgetTransaction
    )));
    assert_eq!(h.session.phase(), &Phase::Loading);
    let out = h.answer(ticket, Reply::Exchanged(Ok(tokens())));
    assert_eq!(h.session.phase(), &Phase::Done);
    assert!(out.contains(&Command::ForgetTransaction));
    assert!(out.contains(&Command::Emit(HostEvent::Success(tokens()))));

    // Refused at the token endpoint (a code used twice): a dead end that says so.
    let mut h = landed(config(), &query);
    let out = start_kept(&mut h);
    let ticket = out.iter().find_map(Command::ticket).unwrap();
    h.answer(
        ticket,
        Reply::Exchanged(Err(IdxError::OAuth {
            status: 400,
            error: "invalid_grant".into(),
            description: None,
        })),
    );
    assert!(matches!(h.session.phase(), Phase::Failed(_)));
}

/// A code or an `interaction_required` whose `state` is not this tab's transaction (a forged
/// link, another tab's, nothing saved) is refused: no token request, no resume, and the kept
/// transaction stays.
#[test]
fn an_answer_for_another_transaction_is_refused_without_a_request() {
    for query in [
        "?interaction_code=c&state=someone-else-s".to_owned(),
        "?error=interaction_required&state=someone-else-s".to_owned(),
        "?error=access_denied&error_description=Call+555-0100&state=x".to_owned(),
    ] {
        for kept in [Some(saved(&config(), 1_000)), None] {
            let mut h = landed(config(), &query);
            let out = h.send(Event::Started { saved: kept });
            assert!(no_requests(&out), "{query}: {out:?}");
            assert!(!out.contains(&Command::ForgetTransaction), "{query}");
            match h.session.phase() {
                Phase::Failed(e) => {
                    assert_eq!(e, &Failure::own(ErrorKind::Mismatch, Text::Mismatch));
                }
                other => panic!("{query}: {other:?}"),
            }
            assert_eq!(steps(&out), ["error"]);
        }
    }
    // A saved transaction of another app is no match either.
    let mut other = config();
    other.client_id = "0oa-another-app".into();
    let mut h = landed(other, &format!("?interaction_code=c&state={}", our_state()));
    let out = start_kept(&mut h);
    assert!(no_requests(&out));
}

/// `error=interaction_required` (an identity provider signed the person in, the org wants
/// more): the same transaction is introspected and its step shown.
#[test]
fn interaction_required_resumes_the_saved_transaction() {
    let mut h = landed(
        config(),
        &format!("?error=interaction_required&state={}", our_state()),
    );
    let out = start_kept(&mut h);
    let ticket = resumed(&out);
    let out = h.answer(
        ticket,
        Reply::Resumed(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-select-authenticator.json",
        ))),
    );
    assert_eq!(steps(&out), ["choose-authenticator-verify"]);
    assert_eq!(h.session.phase(), &Phase::Active);

    // Even where a plain reload would not resume (resume off), the answer finds its transaction.
    let mut off = config();
    off.resume = false;
    let mut h = landed(
        off,
        &format!("?error=interaction_required&state={}", our_state()),
    );
    let out = start_kept(&mut h);
    assert!(out.iter().any(|c| matches!(c, Command::Resume { .. })));
}

/// Any other error is the org's last word on that transaction: shown as text, with the way to
/// start again, and the host told.
#[test]
fn an_error_on_the_address_is_shown_as_text() {
    let query = format!(
        "?error=access_denied&error_description=%3Cb%3EUser+cancelled%3C%2Fb%3E&state={}",
        our_state()
    );
    let mut h = landed(config(), &query);
    let out = start_kept(&mut h);
    assert!(no_requests(&out));
    assert!(out.contains(&Command::ForgetTransaction));
    let reason = Reason::NotCompleted("<b>User cancelled</b>".into());
    let failure = Failure {
        kind: ErrorKind::Rejected,
        reason: reason.clone(),
    };
    assert_eq!(h.session.phase(), &Phase::Failed(failure.clone()));
    assert_eq!(announced(&out), Some(&Announcement::Failed(reason)));
    assert!(out.contains(&Command::Emit(HostEvent::Error(failure))));
    let out = h.user(Action::Restart);
    begin_ticket(&out);

    // No description: the error code says what happened.
    let mut h = landed(
        config(),
        &format!("?error=server_error&state={}", our_state()),
    );
    start_kept(&mut h);
    assert!(
        matches!(h.session.phase(), Phase::Failed(e) if e.reason == Reason::NotCompleted("server_error".into()))
    );
}

/// An email magic link opened in the tab that started the sign-in: the same transaction goes
/// on, and the link's code is entered at its email step.
#[test]
fn a_magic_link_continues_its_own_transaction_at_the_email_step() {
    let mut h = landed(config(), &format!("?otp=482913&state={}", our_state()));
    let out = start_kept(&mut h);
    let ticket = resumed(&out);
    let out = h.answer(
        ticket,
        Reply::Resumed(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-email.json",
        ))),
    );
    let (_, form, inputs) = submitted(&out);
    assert_eq!(form, "challenge-authenticator");
    assert_eq!(
        inputs.get("credentials"),
        Some(&json!({"passcode": "482913"}))
    );
}

/// Opened anywhere else (another browser, another sign-in's tab, nothing kept): the code is
/// shown, for the person to enter where they started; nothing is sent and nothing kept is lost.
#[test]
fn a_magic_link_opened_elsewhere_shows_its_code() {
    for kept in [None, Some(saved(&config(), 1_000))] {
        let mut h = landed(config(), "?otp=482913&state=another-browser-s");
        let out = h.send(Event::Started { saved: kept });
        assert!(no_requests(&out), "{out:?}");
        assert!(!out.contains(&Command::ForgetTransaction));
        assert_eq!(h.session.phase(), &Phase::CodeElsewhere("482913".into()));
        assert_eq!(steps(&out), ["return-otp"]);
        assert_eq!(
            announced(&out),
            Some(&Announcement::Says(Text::CodeElsewhereText))
        );
        // "Start again" signs in here instead.
        begin_ticket(&h.user(Action::Restart));
    }
}

/// A reset or activation link's token goes to the first interact only, even over a kept
/// transaction; "Back to sign in" afterwards starts a plain one.
#[test]
fn one_time_tokens_go_to_the_first_interact_only() {
    let tokens_of = |out: &[Command]| {
        out.iter()
            .find_map(|c| match c {
                Command::Begin { tokens, .. } | Command::Adopt { tokens, .. } => {
                    Some(tokens.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no begin in {out:?}"))
    };
    let mut config = config();
    config.recovery_token = Some("VBQ0gwBXbJ".into());
    config.activation_token = Some(" ".into());
    let mut h = Harness::new(config.clone());
    let out = h.send(Event::Started {
        saved: Some(saved(&config, 1_000)),
    });
    let tokens = tokens_of(&out);
    assert_eq!(
        tokens.recovery_token.as_ref().map(|t| t.expose()),
        Some("VBQ0gwBXbJ")
    );
    assert!(tokens.activation_token.is_none(), "a blank one is none");
    let out = h.answer(
        begin_ticket(&out),
        Reply::Began {
            secrets: Some(secrets()),
            handle: None,
            result: Ok(fixture(
                "siw-playground/idp/idx/authenticator-reset-password.json",
            )),
        },
    );
    assert_eq!(steps(&out).len(), 1);
    assert!(tokens_of(&h.user(Action::Restart)).is_empty());

    // A server-side web app's back end may give one too.
    let mut web = Config::new(
        "http://localhost:3000/oauth2/default",
        "0oa1",
        "http://localhost:3000/login/callback",
    )
    .for_web_app(CHALLENGE, "s");
    web.activation_token = Some("o7AFoT".into());
    let mut h = Harness::new(web);
    let tokens = tokens_of(&h.send(Event::Started { saved: None }));
    assert_eq!(
        tokens.activation_token.as_ref().map(|t| t.expose()),
        Some("o7AFoT")
    );
}

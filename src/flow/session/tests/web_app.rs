//! A server-side web app's page: its back end's challenge, state and handle, and the
//! interaction code handed back instead of exchanged here.

use super::*;

/// A server-side web app: the page interacts with its back end's challenge and state, holds
/// no verifier, and ends by sending the browser to the redirect URI with the interaction code
/// and state; nothing is exchanged in the browser.
#[test]
fn a_web_app_page_interacts_with_its_back_end_s_challenge_and_hands_back_the_code() {
    let config = config().for_web_app(CHALLENGE, "state-from-the-back-end");
    let mut h = Harness::new(config);
    let out = h.send(Event::Started { saved: None });
    let (ticket, secrets, handle) = out
        .iter()
        .find_map(|c| match c {
            Command::Adopt {
                ticket,
                secrets,
                handle,
                ..
            } => Some((*ticket, secrets.clone(), handle.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no adopt in {out:?}"));
    assert!(handle.is_none(), "the page interacts itself");
    assert_eq!(secrets.challenge(), Some(CHALLENGE));
    assert_eq!(secrets.state().expose(), "state-from-the-back-end");
    assert_eq!((secrets.verifier(), secrets.nonce()), (None, None));
    h.answer(
        ticket,
        Reply::Began {
            secrets: Some(secrets),
            handle: None,
            result: Ok(fixture(
                "siw-playground/idp/idx/authenticator-verification-password.json",
            )),
        },
    );
    let (ticket, ..) = submitted(&h.user(Action::Password("pw".into())));
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/success-with-interaction-code.json",
        ))),
    );
    assert!(
        !out.iter().any(|c| matches!(c, Command::Exchange { .. })),
        "no exchange in the browser: {out:?}"
    );
    let target = out
        .iter()
        .find_map(|c| match c {
            Command::Navigate(Href(href)) => Some(href.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no redirect in {out:?}"));
    let url = idx_protocol::Address::parse(&target).unwrap();
    assert_eq!(url.path(), "/login/callback");
    let pairs: std::collections::HashMap<_, _> =
        form_urlencoded::parse(url.query().unwrap_or_default().as_bytes())
            .into_owned()
            .collect();
    assert_eq!(pairs["state"], "state-from-the-back-end");
    assert!(!pairs["interaction_code"].is_empty());
    assert!(out.iter().any(|c| matches!(
        c,
        Command::Emit(HostEvent::InteractionCode { state, .. }) if state == "state-from-the-back-end"
    )));
    assert_eq!(h.session.phase(), &Phase::Done);
}

/// A back end that called interact itself gives the page the handle: the page starts at
/// introspect; with `redirect_with_code` off it only tells the host.
#[test]
fn a_web_app_page_can_start_from_its_back_end_s_handle_and_leave_the_redirect_to_the_host() {
    let mut config = config();
    config.interaction_handle = Some("handle-from-the-back-end".into());
    config.state = Some("st".into());
    config.redirect_with_code = false;
    let mut h = Harness::new(config);
    let out = h.send(Event::Started { saved: None });
    let Some(Command::Adopt {
        ticket,
        secrets,
        handle: Some(handle),
        ..
    }) = out
        .iter()
        .find(|c| matches!(c, Command::Adopt { .. }))
        .cloned()
    else {
        panic!("{out:?}")
    };
    assert_eq!(handle.expose(), "handle-from-the-back-end");
    assert_eq!(secrets.challenge(), None);
    h.answer(
        ticket,
        Reply::Began {
            secrets: Some(secrets),
            handle: Some(handle),
            result: Ok(fixture(
                "siw-playground/idp/idx/success-with-interaction-code.json",
            )),
        },
    );
    let out = h.user(Action::ContinueSession);
    assert!(
        !out.iter().any(|c| matches!(c, Command::Navigate(_))),
        "{out:?}"
    );
    assert!(
        out.iter()
            .any(|c| matches!(c, Command::Emit(HostEvent::InteractionCode { .. })))
    );
}

/// After a reload the page resumes its back end's sign-in with the handle alone, but never
/// one whose `state` the back end no longer expects.
#[test]
fn a_web_app_page_resumes_only_its_back_end_s_current_sign_in() {
    let saved_with = |state: &str| {
        SavedTransaction::new(
            "http://localhost:3000/oauth2/default",
            "0oa1",
            &InteractionHandle::new("ih".to_owned()),
            &PkceSecrets::from_back_end(
                Some(CHALLENGE.to_owned()),
                OAuthState::new(state.to_owned()),
            ),
            1_000,
        )
    };
    let config = config().for_web_app(CHALLENGE, "current");
    let mut h = Harness::new(config.clone());
    let out = h.send(Event::Started {
        saved: Some(saved_with("current")),
    });
    assert!(
        out.iter().any(|c| matches!(c, Command::Resume { .. })),
        "{out:?}"
    );
    let mut h = Harness::new(config);
    let out = h.send(Event::Started {
        saved: Some(saved_with("an-older-sign-in")),
    });
    assert!(
        out.iter().any(|c| matches!(c, Command::Adopt { .. })),
        "{out:?}"
    );
}

/// A server-side web app's page that is its own redirect URI: the code goes to the host for
/// the back end, never redeemed here and never navigated to again.
#[test]
fn a_web_app_page_hands_a_returned_code_to_its_host() {
    let config = config().for_web_app(CHALLENGE, "current");
    let kept = SavedTransaction::new(
        &config.issuer,
        &config.client_id,
        &InteractionHandle::new("ih".to_owned()),
        &PkceSecrets::from_back_end(Some(CHALLENGE.to_owned()), OAuthState::new("current")),
        1_000,
    );
    let mut h = landed(config, "?interaction_code=c1&state=current");
    let out = h.send(Event::Started { saved: Some(kept) });
    assert!(no_requests(&out), "{out:?}");
    assert!(!out.iter().any(|c| matches!(c, Command::Navigate(_))));
    assert!(out.contains(&Command::Emit(HostEvent::InteractionCode {
        code: "c1".into(),
        state: "current".into()
    })));
}

//! The side doors through the session: identity providers, "Forgot password?", unlock
//! and sign-up.

use super::*;

/// Started with an interaction handle, as a real interact gives one.
fn started_with_handle(config: Config, first: IdxResponse) -> (Harness, Vec<Command>) {
    Harness::began(
        config,
        Some(InteractionHandle::new("ih-1".to_owned())),
        first,
    )
}

/// What leaving the page does: the transaction kept, then where the browser goes.
fn leaving(out: &[Command]) -> Vec<String> {
    out.iter()
        .filter_map(|c| match c {
            Command::SaveTransaction(saved) => Some(format!("save {}", saved.interaction_handle)),
            Command::Navigate(Href(href)) => {
                Some(format!("go {}", href.split('?').next().unwrap_or("")))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn an_identity_provider_keeps_the_transaction_then_navigates_to_it() {
    for resume in [true, false] {
        let mut cfg = config();
        cfg.resume = resume;
        let (mut h, out) = started_with_handle(
            cfg,
            fixture("siw-playground/idp/idx/identify-with-third-party-idps.json"),
        );
        assert_eq!(steps(&out), ["identify"]);
        let google = h.session.step().unwrap().idps[0].href.clone();
        let out = h.user(Action::SignInWith(google));
        // Kept as for a reload, even where reloads do not resume: the page picks the sign-in
        // up when the IdP sends the browser back.
        assert_eq!(
            leaving(&out),
            ["save ih-1", "go http://localhost:3000/sso/idps/google-123"],
            "resume = {resume}"
        );
        assert!(no_requests(&out));
    }
}

#[test]
fn a_lone_identity_provider_is_gone_to_at_once() {
    let (_, out) = started_with_handle(
        config(),
        fixture("siw-playground/idp/idx/identify-with-only-one-third-party-idp.json"),
    );
    assert_eq!(steps(&out), ["identity-providers"]);
    assert_eq!(
        leaving(&out)[1..],
        [
            "save ih-1",
            "go http://localhost:3000/sso/idps/facebook-idp-id-123"
        ],
        "after the save interact's own"
    );
    // Several IdPs (and a sign-up link) wait for the person's choice.
    let (_, out) = started_with_handle(
        config(),
        fixture("siw-playground/idp/idx/identify-with-only-third-party-idps.json"),
    );
    assert_eq!(steps(&out), ["identity-providers"]);
    assert!(!out.iter().any(|c| matches!(c, Command::Navigate(_))));
}

#[test]
fn an_identity_provider_off_the_org_or_not_offered_is_refused() {
    let mut state = serde_json::to_value(fixture(
        "siw-playground/idp/idx/identify-with-third-party-idps.json",
    ))
    .unwrap();
    state["remediation"]["value"][1]["href"] = json!("https://evil.example/sso/idps/google-123");
    let state: IdxResponse = serde_json::from_value(state).unwrap();
    let (mut h, _) = started_with_handle(config(), state);
    let evil = h.session.step().unwrap().idps[0].href.clone();
    assert!(evil.starts_with("https://evil.example/"));
    let out = h.user(Action::SignInWith(evil));
    assert!(leaving(&out).is_empty(), "{out:?}");
    assert_eq!(
        h.session.banner(),
        Some(&Note::IdpRefused),
        "said, not silently ignored"
    );
    // An address the state never offered is not followed either.
    let out = h.user(Action::SignInWith("http://localhost:3000/anything".into()));
    assert!(leaving(&out).is_empty());
}

#[test]
fn forgot_password_submits_the_embedded_recover_action() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/identify-with-password.json"),
    );
    let out = h.user(Action::Recover);
    let (ticket, form, inputs) = submitted(&out);
    assert_eq!(form, "recover");
    assert_eq!(inputs, Inputs::new());
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture("siw-playground/idp/idx/identify-recovery.json"))),
    );
    assert_eq!(steps(&out), ["identify-recovery"]);
    let out = h.user(Action::Identify {
        username: "ann@example.com".into(),
        password: None,
        remember_me: None,
    });
    let (ticket, form, _) = submitted(&out);
    assert_eq!(form, "identify-recovery");
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-select-authenticator-for-recovery.json"
        ))),
    );
    assert_eq!(steps(&out), ["choose-authenticator-recover"]);
}

#[test]
fn unlock_and_sign_up_are_submitted_from_the_links_and_end_where_okta_says() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/identify-with-unlock-account-link.json"),
    );
    let (ticket, form, _) = submitted(&h.user(Action::UnlockAccount));
    assert_eq!(form, "unlock-account");
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/user-unlock-account.json",
        ))),
    );
    assert_eq!(steps(&out), ["unlock-account"]);
    let StepKind::UnlockAccount { choices, .. } = h.session.step().unwrap().kind.clone() else {
        panic!("not unlock");
    };
    let (ticket, form, _) = submitted(&h.user(Action::Unlock {
        username: Some("locked@example.com".into()),
        choice: Some(choices[0].clone()),
    }));
    assert_eq!(form, "select-authenticator-unlock-account");
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/user-account-unlock-success.json",
        ))),
    );
    assert_eq!(steps(&out), ["terminal"]);
    assert_eq!(
        announced(&out),
        Some(&Announcement::Says(Text::UnlockedTitle))
    );

    let (mut h, _) = Harness::started(config(), fixture("siw-playground/idp/idx/identify.json"));
    let (ticket, form, _) = submitted(&h.user(Action::SignUp));
    assert_eq!(form, "select-enroll-profile");
    let out = h.answer(
        ticket,
        Reply::Proceeded(Err(state_error(
            403,
            fixture("siw-playground/idp/idx/error-new-signup-email-exists.json"),
        ))),
    );
    assert_eq!(steps(&out), ["enroll-profile"]);
    // A required attribute left blank is refused in the page.
    let out = h.user(Action::EnrollProfile(vec![(
        "email".into(),
        json!("a@b.c"),
    )]));
    assert!(no_requests(&out));
    assert_eq!(
        h.session.refused().map(|r| r.path.into_owned()).as_deref(),
        Some("userProfile.lastName")
    );
}

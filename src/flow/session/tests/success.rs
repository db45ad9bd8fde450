//! How a sign-in ends: the token exchange (kept in memory, stored, or refused) and an
//! Okta-hosted success's redirect.

use super::*;

/// The token exchange: refused tokens end the sign-in with a typed error; stored only when
/// the host asked for sessionStorage.
#[test]
fn the_token_exchange_succeeds_stores_or_fails() {
    let done = fixture("siw-playground/idp/idx/success-with-interaction-code.json");
    let exchange = |out: &[Command]| {
        out.iter()
            .find_map(|c| match c {
                Command::Exchange { ticket, form, .. } => {
                    assert_eq!(form.name, "issue");
                    Some(*ticket)
                }
                _ => None,
            })
            .expect("an exchange")
    };
    // The first answer is already the success (the org's session): go on as that user.
    let (mut h, _) = Harness::started(config(), done.clone());
    let out = h.user(Action::ContinueSession);
    let out = h.answer(
        exchange(&out),
        Reply::Exchanged(Err(IdxError::OAuth {
            status: 400,
            error: "invalid_grant".into(),
            description: Some("PKCE verification failed.".into()),
        })),
    );
    let error = Failure {
        kind: ErrorKind::Rejected,
        reason: Reason::Org("PKCE verification failed.".into()),
    };
    assert_eq!(h.session.phase(), &Phase::Failed(error.clone()));
    assert_eq!(steps(&out), ["error"]);
    assert!(out.contains(&Command::Emit(HostEvent::Error(error))));
    assert!(
        !out.iter()
            .any(|c| matches!(c, Command::Emit(HostEvent::Success(_))))
    );

    let mut stored = config();
    stored.token_storage = TokenStorage::SessionStorage;
    let (mut h, _) = Harness::started(stored, done);
    let out = h.user(Action::ContinueSession);
    let out = h.answer(exchange(&out), Reply::Exchanged(Ok(tokens())));
    assert!(out.contains(&Command::StoreTokens(tokens())));
}

/// An Okta-hosted success navigates only within the org's origin.
#[test]
fn redirects_stay_on_the_org() {
    let (_, out) = Harness::started(config(), fixture("siw-playground/idp/idx/success.json"));
    let navigate: Vec<_> = out
        .iter()
        .filter(|c| matches!(c, Command::Navigate(_)))
        .collect();
    assert_eq!(navigate.len(), 1, "{out:?}");
    let elsewhere = Config::new(
        "https://other.example/oauth2/default",
        "0oa1",
        "https://app/cb",
    );
    let (h, out) = Harness::started(elsewhere, fixture("siw-playground/idp/idx/success.json"));
    assert!(!out.iter().any(|c| matches!(c, Command::Navigate(_))));
    // Refused, it is an error the person and the host hear of, not "You're signed in".
    assert!(
        matches!(h.session.phase(), Phase::Failed(e) if e.kind == ErrorKind::Unexpected),
        "{:?}",
        h.session.phase()
    );
    assert!(
        out.iter().any(
            |c| matches!(c, Command::Emit(HostEvent::Error(e)) if e.kind == ErrorKind::Unexpected)
        ),
        "{out:?}"
    );
    assert!(
        !out.contains(&Command::Emit(HostEvent::Step("redirect"))),
        "{out:?}"
    );
}

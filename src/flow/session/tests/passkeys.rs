//! WebAuthn through the session: the browser's dialog to set up or use a security key or
//! passkey, its errors, and passkey autofill beside the username.

use super::*;
use crate::flow::Alternative;

/// The WebAuthn ceremony the session asked the driver for: its ticket, and whether it creates.
fn ceremony(out: &[Command]) -> (Ticket, bool) {
    out.iter()
        .find_map(|c| match c {
            Command::WebAuthnCreate { ticket, .. } => Some((*ticket, true)),
            Command::WebAuthnGet {
                ticket,
                autofill: false,
                ..
            } => Some((*ticket, false)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no ceremony in {out:?}"))
}

fn autofill(out: &[Command]) -> Option<Ticket> {
    out.iter().find_map(|c| match c {
        Command::WebAuthnGet {
            ticket,
            autofill: true,
            ..
        } => Some(*ticket),
        _ => None,
    })
}

fn attestation() -> webauthn::Attestation {
    webauthn::Attestation {
        client_data_json: b"{}".to_vec(),
        attestation_object: vec![1, 2, 3],
        transports: Some(vec!["internal".into()]),
        client_extensions: Some(json!({})),
    }
}

fn assertion(user_handle: Option<&[u8]>) -> webauthn::Assertion {
    webauthn::Assertion {
        client_data_json: b"{}".to_vec(),
        authenticator_data: vec![9; 37],
        signature: vec![7; 70],
        user_handle: user_handle.map(<[u8]>::to_vec),
    }
}

#[test]
fn a_security_key_is_set_up_through_the_browser_dialog() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-enroll-webauthn.json"),
    );
    assert_eq!(steps(&out), ["webauthn-enroll"]);
    // Nothing opens until the person presses the button.
    assert!(
        out.iter()
            .all(|c| !matches!(c, Command::WebAuthnCreate { .. }))
    );
    let out = h.user(Action::WebAuthn);
    let options = out
        .iter()
        .find_map(|c| match c {
            Command::WebAuthnCreate { options, .. } => Some(options.clone()),
            _ => None,
        })
        .expect("create");
    assert_eq!(options.user_name, "test@okta.com");
    assert_eq!(options.exclude_credentials.len(), 2);
    assert_eq!(
        announced(&out),
        Some(&Announcement::Says(Text::WebAuthnWaiting))
    );
    let (ticket, creates) = ceremony(&out);
    assert!(creates);
    assert!(h.session.ceremony_running());
    assert!(h.session.busy());
    // A second press while the dialog is open opens nothing more.
    assert!(h.user(Action::WebAuthn).is_empty());
    let out = h.answer(ticket, Reply::Created(Ok(attestation())));
    let (_, form, inputs) = submitted(&out);
    assert_eq!(form, "enroll-authenticator");
    assert_eq!(
        inputs.get("credentials"),
        Some(&json!({
            "clientData": "e30=", "attestation": "AQID",
            "transports": "[\"internal\"]", "clientExtensions": "{}"
        }))
    );
    assert!(!h.session.ceremony_running());
}

#[test]
fn a_cancelled_dialog_says_why_and_tries_again() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-webauthn.json"),
    );
    assert_eq!(h.step_name(), "webauthn-verify");
    let out = h.user(Action::WebAuthn);
    let (ticket, creates) = ceremony(&out);
    assert!(!creates);
    let out = h.answer(ticket, Reply::Asserted(Err(CeremonyError::NotAllowed)));
    assert!(no_requests(&out));
    assert_eq!(h.session.ceremony_error(), Some(CeremonyError::NotAllowed));
    assert_eq!(
        announced(&out),
        Some(&Announcement::Says(Text::WebAuthnNotAllowed))
    );
    assert!(!h.session.busy());
    // Try again: the error goes, a new dialog opens, and this one signs.
    let out = h.user(Action::WebAuthn);
    assert_eq!(h.session.ceremony_error(), None);
    let (ticket, _) = ceremony(&out);
    let out = h.answer(ticket, Reply::Asserted(Ok(assertion(Some(b"u")))));
    let (_, form, inputs) = submitted(&out);
    assert_eq!(form, "challenge-authenticator");
    // This form names no userHandle, so none is sent.
    assert_eq!(
        inputs.get("credentials"),
        Some(&json!({
            "clientData": "e30=",
            "authenticatorData": webauthn::encode(&[9; 37]),
            "signatureData": webauthn::encode(&[7; 70]),
        }))
    );
}

#[test]
fn leaving_the_step_aborts_the_dialog_and_drops_what_it_gives() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-webauthn.json"),
    );
    let (ticket, _) = ceremony(&h.user(Action::WebAuthn));
    // "Verify with something else" while the dialog is open.
    let out = h.user(Action::SwitchTo(Alternative::VerifyOther));
    assert!(out.contains(&Command::AbortWebAuthn));
    assert_eq!(h.step_name(), "choose-authenticator-verify");
    let out = h.answer(ticket, Reply::Asserted(Ok(assertion(None))));
    assert!(no_requests(&out));
    // The browser's own abort is never shown.
    let (mut h, _) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/authenticator-verification-webauthn.json"),
    );
    let (ticket, _) = ceremony(&h.user(Action::WebAuthn));
    h.answer(ticket, Reply::Asserted(Err(CeremonyError::Aborted)));
    assert_eq!(h.session.ceremony_error(), None);
}

#[test]
fn unusable_org_data_is_an_error_with_a_way_out_not_a_dialog() {
    let mut state = fixture("siw-playground/idp/idx/authenticator-enroll-webauthn.json");
    let data = state
        .current_authenticator
        .as_mut()
        .unwrap()
        .value
        .contextual_data
        .as_mut()
        .unwrap();
    data.extra.get_mut("activationData").unwrap()["challenge"] = json!("not base64!");
    let (mut h, _) = Harness::started(config(), state);
    let out = h.user(Action::WebAuthn);
    assert!(
        out.iter()
            .all(|c| !matches!(c, Command::WebAuthnCreate { .. }))
    );
    assert_eq!(h.session.ceremony_error(), Some(CeremonyError::Unusable));
    assert!(!h.session.busy());
    assert!(h.session.step().unwrap().alternatives.enroll_list);
}

#[test]
fn passkey_autofill_waits_beside_the_username_and_signs_in_with_a_chosen_passkey() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/identify-with-webauthn-autofill.json"),
    );
    assert_eq!(steps(&out), ["identify"]);
    assert!(h.session.passkey_autofill());
    let ticket = autofill(&out).expect("autofill started with the page");
    // Waiting for a passkey keeps nothing busy: the username can be sent meanwhile.
    assert!(!h.session.busy());
    let out = h.answer(ticket, Reply::Asserted(Ok(assertion(Some(b"00u1")))));
    let (_, form, inputs) = submitted(&out);
    assert_eq!(form, "challenge-webauthn-autofillui-authenticator");
    assert_eq!(inputs.get("credentials").unwrap()["userHandle"], "MDB1MQ==");
}

#[test]
fn passkey_autofill_stops_when_the_username_moves_on_and_fails_quietly() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/identify-with-webauthn-autofill.json"),
    );
    let ticket = autofill(&out).unwrap();
    // A browser without conditional mediation: the username field is all there is.
    let out = h.answer(ticket, Reply::Asserted(Err(CeremonyError::NotSupported)));
    assert!(out.is_empty());
    assert_eq!(h.session.ceremony_error(), None);

    let (mut h, out) = Harness::started(
        config(),
        fixture("siw-playground/idp/idx/identify-with-webauthn-autofill.json"),
    );
    let autofill_ticket = autofill(&out).unwrap();
    let out = h.user(Action::Identify {
        username: "joy".into(),
        password: None,
        remember_me: Some(false),
    });
    let (ticket, form, _) = submitted(&out);
    assert_eq!(form, "identify");
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "siw-playground/idp/idx/authenticator-verification-webauthn.json",
        ))),
    );
    assert!(out.contains(&Command::AbortWebAuthn));
    assert!(autofill(&out).is_none());
    let out = h.answer(autofill_ticket, Reply::Asserted(Ok(assertion(None))));
    assert!(no_requests(&out));
    // A plain identify page starts no autofill.
    let (h, out) = Harness::started(config(), fixture("siw-playground/idp/idx/identify.json"));
    assert!(autofill(&out).is_none());
    assert!(!h.session.passkey_autofill());
}

//! FastPass through the session on Okta's recorded states and a fake clock: the loopback
//! probes in Okta's order, the challenge handed to the Okta Verify that answers while the
//! transaction keeps polling, the cancel with Okta's reason when none answers, Chrome's Local
//! Network Access, probes aborted on step change and removal; the links that open Okta Verify;
//! and a poll cut off while the page was away.

use idx_protocol::body::build_body;
use idx_protocol::{Form, IdxError, IdxResponse};
use serde_json::{Value, json};

use super::tests::{Harness, config, scheduled};
use super::*;
use crate::flow::events::Ticket;
use crate::flow::{Alternative, FastPass, Reach, StepKind};

fn fixture(name: &str) -> IdxResponse {
    idx_protocol::testdata::playground(name)
}

impl Harness {
    /// Fails every probe from the one in `out` on, and returns what the last failure asked.
    fn fail_probes(&mut self, mut out: Vec<Command>) -> (Vec<String>, Vec<Command>) {
        let mut urls = Vec::new();
        while let Some((ticket, url, _)) = probe(&out) {
            urls.push(url);
            out = self.answer(ticket, Reply::Probed(Err(LoopbackFailure { status: None })));
        }
        (urls, out)
    }
}

fn probe(out: &[Command]) -> Option<(Ticket, String, u64)> {
    out.iter().find_map(|c| match c {
        Command::Probe {
            ticket,
            url,
            timeout_ms,
        } => Some((*ticket, url.clone(), *timeout_ms)),
        _ => None,
    })
}

fn challenge(out: &[Command]) -> Option<(Ticket, String, String)> {
    out.iter().find_map(|c| match c {
        Command::Challenge {
            ticket,
            url,
            challenge_request,
            ..
        } => Some((*ticket, url.clone(), challenge_request.clone())),
        _ => None,
    })
}

fn submitted(out: &[Command]) -> Option<(Ticket, Form)> {
    out.iter().find_map(|c| match c {
        Command::Submit { ticket, form, .. } => Some((*ticket, (**form).clone())),
        _ => None,
    })
}

fn polled(out: &[Command]) -> Option<Ticket> {
    out.iter().find_map(|c| match c {
        Command::Poll { ticket, .. } => Some(*ticket),
        _ => None,
    })
}

fn local_network(out: &[Command]) -> Option<Ticket> {
    out.iter().find_map(|c| match c {
        Command::QueryLocalNetwork { ticket } => Some(*ticket),
        _ => None,
    })
}

/// The body a submitted form sends, without the state handle.
fn body_of(form: &Form) -> Value {
    let mut body = build_body(&form.value, &Inputs::new()).unwrap();
    body.remove("stateHandle");
    Value::Object(body)
}

fn challenge_request(state: &IdxResponse) -> String {
    state
        .authenticator_challenge
        .as_ref()
        .and_then(|c| c.value.challenge_request.clone())
        .unwrap()
}

#[test]
fn loopback_probes_https_first_then_each_port_and_hands_over_the_challenge() {
    let first = fixture("identify-with-device-probing-https-loopback.json");
    let request = challenge_request(&first);
    let (mut h, out) = Harness::started(config(), first);
    assert_eq!(h.step_name(), "fastpass");
    assert_eq!(
        scheduled(&out, Timer::Poll),
        Some(2000),
        "the transaction is polled meanwhile"
    );
    let (_, _, timeout) = probe(&out).unwrap();
    assert_eq!(timeout, 3000, "the org's probeTimeoutMillis");
    // Every target but the last fails, in Okta's order.
    let mut urls = Vec::new();
    let mut out = out;
    loop {
        let (ticket, url, _) = probe(&out).unwrap();
        urls.push(url.clone());
        if url == "http://localhost:6513/probe" {
            out = h.answer(ticket, Reply::Probed(Ok(())));
            break;
        }
        out = h.answer(ticket, Reply::Probed(Err(LoopbackFailure { status: None })));
    }
    let https = "https://randomorgid.authenticatorlocaldev.com";
    assert_eq!(
        urls,
        [
            format!("{https}:2000/probe"),
            format!("{https}:6511/probe"),
            format!("{https}:6512/probe"),
            format!("{https}:6513/probe"),
            "http://localhost:2000/probe".into(),
            "http://localhost:6511/probe".into(),
            "http://localhost:6512/probe".into(),
            "http://localhost:6513/probe".into(),
        ]
    );
    let (ticket, url, sent) =
        challenge(&out).expect("the challenge goes to the port that answered");
    assert_eq!(url, "http://localhost:6513/challenge");
    assert_eq!(sent, request, "the org's challengeRequest, as is");
    assert!(!h.session.busy(), "probing never blocks the page's buttons");
    let out = h.answer(ticket, Reply::Challenged(Ok(())));
    assert!(
        polled(&out).is_some(),
        "Okta Verify took it: the org is asked at once"
    );
}

#[test]
fn when_no_port_answers_the_org_is_told_okta_verify_is_unreachable() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("identify-with-device-probing-loopback.json"),
    );
    let (urls, out) = h.fail_probes(out);
    assert_eq!(
        urls,
        [
            "http://localhost:2000/probe",
            "http://localhost:6511/probe",
            "http://localhost:6512/probe",
            "http://localhost:6513/probe",
        ]
    );
    let ticket = local_network(&out).expect("asks whether the browser blocked it");
    let out = h.answer(ticket, Reply::LocalNetwork(Some("prompt".into())));
    let (ticket, form) = submitted(&out).expect("cancel");
    assert_eq!(form.name, "cancel-polling");
    assert_eq!(
        form.href.as_deref(),
        Some("http://localhost:3000/idp/idx/authenticators/poll/cancel")
    );
    assert_eq!(
        body_of(&form),
        json!({"reason": "OV_UNREACHABLE_BY_LOOPBACK", "statusCode": null})
    );
    // Polling stopped with the cancel: a poll timer now sends nothing.
    h.now += 10_000;
    assert!(polled(&h.send(Event::TimerFired(Timer::Poll))).is_none());
    // What the org answers is the next step (here: sign in again, with FastPass on offer).
    h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "identify-with-device-probing-loopback-challenge-not-received.json",
        ))),
    );
    assert_eq!(h.step_name(), "identify");
    assert!(h.session.step().unwrap().alternatives.fastpass);
}

#[test]
fn chrome_refusing_the_local_network_says_how_to_allow_it_then_probes_again() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("identify-with-device-probing-loopback-chrome-lna.json"),
    );
    let Some(StepKind::FastPass(FastPass { help_href, .. })) =
        h.session.step().map(|s| s.kind.clone())
    else {
        panic!()
    };
    assert_eq!(help_href.as_deref(), Some("https://okta.com"));
    let (_, out) = h.fail_probes(out);
    let out = h.answer(
        local_network(&out).unwrap(),
        Reply::LocalNetwork(Some("denied".into())),
    );
    assert!(h.session.local_network_denied());
    assert!(
        submitted(&out).is_none(),
        "nothing is cancelled: the person can allow it"
    );
    let out = h.send(Event::User(Action::RetryFastPass));
    assert!(!h.session.local_network_denied());
    assert_eq!(probe(&out).unwrap().1, "http://localhost:2000/probe");
}

#[test]
fn okta_verify_refusing_the_challenge_cancels_with_its_status() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("identify-with-device-probing-loopback.json"),
    );
    let (ticket, ..) = probe(&out).unwrap();
    let out = h.answer(ticket, Reply::Probed(Ok(())));
    let (ticket, ..) = challenge(&out).unwrap();
    // Another OS profile's Okta Verify (503): the next port is tried.
    let out = h.answer(
        ticket,
        Reply::Challenged(Err(LoopbackFailure { status: Some(503) })),
    );
    let (ticket, url, _) = probe(&out).unwrap();
    assert_eq!(url, "http://localhost:6511/probe");
    let out = h.answer(ticket, Reply::Probed(Ok(())));
    let (ticket, ..) = challenge(&out).unwrap();
    let out = h.answer(
        ticket,
        Reply::Challenged(Err(LoopbackFailure { status: Some(400) })),
    );
    let (_, form) = submitted(&out).unwrap();
    assert_eq!(
        body_of(&form),
        json!({"reason": "OV_RETURNED_ERROR", "statusCode": 400})
    );
    assert!(probe(&out).is_none(), "no more probing");
}

#[test]
fn probes_are_aborted_on_step_change_and_removal_and_their_answers_dropped() {
    let first = fixture("identify-with-device-probing-loopback.json");
    let (mut h, out) = Harness::started(config(), first.clone());
    let (probe_ticket, ..) = probe(&out).unwrap();
    // The person cancels: the org answers with the sign-in page.
    let out = h.send(Event::User(Action::CancelFastPass));
    assert!(out.contains(&Command::StopProbing));
    let (ticket, form) = submitted(&out).unwrap();
    assert_eq!(
        body_of(&form),
        json!({"reason": "USER_CANCELED", "statusCode": null})
    );
    h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "identify-with-device-probing-loopback-challenge-not-received.json",
        ))),
    );
    let late = h.answer(probe_ticket, Reply::Probed(Ok(())));
    assert!(
        late.is_empty(),
        "a probe answer after the step changed: {late:?}"
    );

    // Removed while probing: aborted, and nothing more.
    let (mut h, out) = Harness::started(config(), first);
    let (probe_ticket, ..) = probe(&out).unwrap();
    assert!(h.send(Event::Removed).contains(&Command::StopProbing));
    assert!(h.answer(probe_ticket, Reply::Probed(Ok(()))).is_empty());
}

#[test]
fn a_poll_that_moves_on_stops_probing() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("identify-with-device-probing-loopback.json"),
    );
    let (probe_ticket, ..) = probe(&out).unwrap();
    h.now += 2000;
    let out = h.send(Event::TimerFired(Timer::Poll));
    let poll = polled(&out).expect("polls while probing");
    let out = h.answer(
        poll,
        Reply::Polled(Err(IdxError::State {
            status: 400,
            state: Box::new(fixture("error-poll-400-device-account-invalid.json")),
        })),
    );
    assert!(out.contains(&Command::StopProbing));
    assert_eq!(h.step_name(), "terminal");
    assert!(h.answer(probe_ticket, Reply::Probed(Ok(()))).is_empty());
}

#[test]
fn fastpass_by_signed_nonce_probes_and_cancels_through_okta_verify() {
    let (mut h, out) = Harness::started(
        config(),
        fixture("authenticator-verification-okta-verify-signed-nonce-loopback.json"),
    );
    assert_eq!(h.step_name(), "fastpass", "never a push");
    assert!(h.session.step().unwrap().alternatives.verify_other);
    let (_, out) = h.fail_probes(out);
    let out = h.answer(local_network(&out).unwrap(), Reply::LocalNetwork(None));
    let (_, form) = submitted(&out).unwrap();
    assert_eq!(form.name, "cancel-polling", "currentAuthenticator.cancel");
    assert_eq!(
        body_of(&form),
        json!({"reason": "OV_UNREACHABLE_BY_LOOPBACK", "statusCode": null})
    );
    // Choosing another authenticator stops FastPass; coming back starts it again.
    let (mut h, _) = Harness::started(
        config(),
        fixture("authenticator-verification-okta-verify-signed-nonce-loopback.json"),
    );
    let out = h.send(Event::User(Action::SwitchTo(Alternative::VerifyOther)));
    assert!(out.contains(&Command::StopProbing));
    let out = h.send(Event::User(Action::SwitchTo(Alternative::Primary)));
    assert!(probe(&out).is_some());
}

#[test]
fn a_custom_uri_opens_okta_verify_with_the_username_typed() {
    let (mut h, _) = Harness::started(
        config(),
        fixture("identify-with-device-probing-loopback-challenge-not-received.json"),
    );
    assert_eq!(h.step_name(), "identify");
    let out = h.send(Event::User(Action::LaunchFastPass {
        username: Some("joe@example.com".into()),
    }));
    let (ticket, form) = submitted(&out).unwrap();
    assert_eq!(form.name, "launch-authenticator");
    let out = h.answer(
        ticket,
        Reply::Proceeded(Ok(fixture(
            "identify-with-device-launch-authenticator.json",
        ))),
    );
    let href = "http://localhost:3000/idp/idx/authenticators/okta-verify.html?login_hint=joe%40example.com";
    assert!(out.contains(&Command::OpenApp(href.into())), "{out:?}");
    assert_eq!(h.session.launch_href().as_deref(), Some(href));
    let Some(StepKind::FastPass(f)) = h.session.step().map(|s| s.kind.clone()) else {
        panic!()
    };
    assert_eq!(f.reach, Reach::CustomUri);
    assert_eq!(
        f.download_href.as_deref(),
        Some("https://apps.apple.com/us/app/okta-verify/id490179405")
    );
    assert!(probe(&out).is_none());
}

#[test]
fn a_universal_link_opens_only_when_pressed_and_launch_opens_it_first() {
    let (h, out) = Harness::started(config(), fixture("identify-with-universal-link.json"));
    assert_eq!(h.step_name(), "fastpass");
    assert!(
        !out.iter().any(|c| matches!(c, Command::OpenApp(_))),
        "a universal link needs the person's press"
    );
    let (mut h, _) = Harness::started(
        config(),
        fixture("identify-with-universal-link-w-session.json"),
    );
    assert_eq!(h.step_name(), "fastpass-launch");
    let out = h.send(Event::User(Action::LaunchFastPass { username: None }));
    let opened = out.iter().position(|c| matches!(c, Command::OpenApp(_)));
    let sent = out.iter().position(|c| matches!(c, Command::Submit { .. }));
    assert!(opened.is_some() && opened < sent, "{out:?}");
}

#[test]
fn a_poll_cut_off_while_the_page_was_away_is_forgiven() {
    // Safari backgrounded with a poll out; it fails on return.
    let (mut h, _) = Harness::started(config(), fixture("identify-with-app-link.json"));
    h.now += 2000;
    let poll = polled(&h.send(Event::TimerFired(Timer::Poll))).unwrap();
    h.send(Event::Visibility(false));
    h.now += 30_000;
    h.send(Event::Visibility(true));
    let out = h.answer(
        poll,
        Reply::Polled(Err(IdxError::Transport("Load failed".into()))),
    );
    assert_eq!(h.session.notice(), None, "no 'Connection problem'");
    assert_eq!(
        scheduled(&out, Timer::Poll),
        Some(poll::VISIBLE_DELAY_MS),
        "retried shortly, not after a back-off"
    );
    // The same failure with the page never hidden counts.
    let (mut h, _) = Harness::started(config(), fixture("identify-with-app-link.json"));
    h.now += 2000;
    let poll = polled(&h.send(Event::TimerFired(Timer::Poll))).unwrap();
    h.answer(
        poll,
        Reply::Polled(Err(IdxError::Transport("Load failed".into()))),
    );
    assert!(h.session.notice().is_some());
}

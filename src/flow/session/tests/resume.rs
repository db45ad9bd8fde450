//! The transaction kept across a reload: saved while it lasts, resumed after a reload,
//! and dropped when it is stale or another app's.

use super::*;
use crate::flow::saved;

/// A transaction is kept once it starts and forgotten once it ends.
#[test]
fn the_transaction_is_kept_while_it_lasts() {
    let mut h = Harness::new(config());
    let out = h.send(Event::Started { saved: None });
    assert!(
        out.contains(&Command::ForgetTransaction),
        "a fresh start drops a stale one"
    );
    let out = h.answer(
        begin_ticket(&out),
        Reply::Began {
            secrets: Some(secrets()),
            handle: Some(idx_protocol::secret::InteractionHandle::new("ih-kept")),
            result: Ok(fixture(
                "siw-playground/idp/idx/success-with-interaction-code.json",
            )),
        },
    );
    // With the org's own end: the fixture's `expiresAt`.
    let kept = saved(&config(), h.now).expiring(Some("2021-02-10T00:55:04.000Z"));
    assert_eq!(kept.expires_at, Some(1_612_918_504_000));
    assert!(out.contains(&Command::SaveTransaction(kept)));
    let out = h.user(Action::ContinueSession);
    let ticket = out.iter().find_map(Command::ticket).expect("the exchange");
    let out = h.answer(ticket, Reply::Exchanged(Ok(tokens())));
    assert!(
        out.contains(&Command::ForgetTransaction),
        "signed in: nothing to resume"
    );

    // Turned off: nothing is kept.
    let mut off = config();
    off.resume = false;
    let mut h = Harness::new(off);
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    });
    begin_ticket(&out);
    assert!(!out.iter().any(|c| matches!(
        c,
        Command::SaveTransaction(_) | Command::ForgetTransaction | Command::Resume { .. }
    )));
}

/// After a reload: the same transaction, the same push, the saved verifier for the tokens.
#[test]
fn a_reload_resumes_the_same_push() {
    let mut h = Harness::new(config());
    h.now = 1_700_000_000_000;
    let kept = saved(&config(), h.now - 60_000);
    let out = h.send(Event::Started {
        saved: Some(kept.clone()),
    });
    let ticket = resumed(&out);
    let waiting = fixture("siw-v3/idp/idx/challenge/verify-ov-push-manual.json");
    let refresh = waiting.primary().unwrap().refresh.unwrap();
    let out = h.answer(ticket, Reply::Resumed(Ok(waiting)));
    assert_eq!(steps(&out), ["push-waiting"]);
    let (ticket, ..) = h.poll_after(refresh);
    let out = h.answer(
        ticket,
        Reply::Polled(Ok(fixture(
            "siw-v3/idp/idx/authenticators/poll/verify-ov-push-manual-success.json",
        ))),
    );
    assert!(
        out.iter()
            .any(|c| matches!(c, Command::Exchange { secrets: s, .. } if *s == secrets()))
    );
}

/// A kept transaction that is gone, too old, or another app's: start afresh.
#[test]
fn a_stale_or_foreign_transaction_starts_afresh() {
    let mut h = Harness::new(config());
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), h.now)),
    });
    let ticket = out.iter().find_map(Command::ticket).unwrap();
    let expired = fixture("siw-playground/idp/idx/error-401-session-expired.json");
    let out = h.answer(ticket, Reply::Resumed(Err(state_error(401, expired))));
    begin_ticket(&out);
    assert!(out.contains(&Command::ForgetTransaction));

    let mut other = config();
    other.client_id = "0oa-another-app".into();
    let mut h = Harness::new(other);
    begin_ticket(&h.send(Event::Started {
        saved: Some(saved(&config(), 1_000)),
    }));
    let mut h = Harness::new(config());
    h.now = 10 * saved::MAX_AGE_MS;
    begin_ticket(&h.send(Event::Started {
        saved: Some(saved(&config(), 0)),
    }));
    // Past the org's own end (its `expiresAt`), or started later than now.
    let mut h = Harness::new(config());
    h.now = 1_599_062_287_000; // 2020-09-02T15:58:07Z
    begin_ticket(&h.send(Event::Started {
        saved: Some(saved(&config(), h.now - 60_000).expiring(Some("2020-09-02T15:58:07Z"))),
    }));
    let mut h = Harness::new(config());
    begin_ticket(&h.send(Event::Started {
        saved: Some(saved(&config(), h.now + 1)),
    }));
    // One second before the org's end it is still resumed.
    let mut h = Harness::new(config());
    h.now = 1_599_062_286_000;
    let out = h.send(Event::Started {
        saved: Some(saved(&config(), h.now - 60_000).expiring(Some("2020-09-02T15:58:07Z"))),
    });
    assert!(
        out.iter().any(|c| matches!(c, Command::Resume { .. })),
        "{out:?}"
    );
}

//! The four Okta Verify flows end to end against a real idx-sim over HTTP, driven by
//! idx-protocol's client and the simulated phone.

mod common;

use common::*;
use idx_protocol::{IdxError, Inputs};
use serde_json::json;

#[tokio::test]
async fn flow_1_enroll_by_qr_code_then_sign_in() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, "enroll@example.com").await;
    assert_eq!(s.primary(), "select-authenticator-enroll");
    assert!(
        s.state.remediation("skip").is_none(),
        "enrollment is required for this user"
    );
    s.submit("select-authenticator-enroll", enroll_okta_verify())
        .await;
    assert_eq!(s.primary(), "enroll-poll");
    let data = s.state.contextual_data().cloned().unwrap();
    assert_eq!(data.selected_channel.as_deref(), Some("qrcode"));
    let href = data.qrcode.unwrap().href;
    let png = base64_decode(
        href.strip_prefix("data:image/png;base64,")
            .expect("a PNG data URI"),
    );

    // Read the QR code as a phone camera would, and scan its content.
    let image = image::load_from_memory(&png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1);
    let (_, content) = grids[0].decode().unwrap();
    assert!(content.starts_with("oktaverify://activate?"), "{content}");

    // Before the scan the poll keeps waiting.
    s.poll_once().await;
    assert_eq!(s.primary(), "enroll-poll");
    let (status, body) = sim
        .post_json("/sim/api/scan", json!({"uri": content}))
        .await;
    assert_eq!(
        (status, body["user"].as_str()),
        (200, Some("enroll@example.com"))
    );
    s.poll_until_done(5).await;
    assert!(
        s.state.success_with_interaction_code.is_some(),
        "{:?}",
        names(&s.state)
    );
    let tokens = s.tokens().await;
    assert!(tokens.id_token.is_some());
    // The same QR code cannot enroll twice.
    let (status, _) = sim
        .post_json("/sim/api/scan", json!({"uri": content}))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn flow_2_enroll_by_email_link_with_resend() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, "enroll@example.com").await;
    s.submit("select-authenticator-enroll", enroll_okta_verify())
        .await;
    s.submit("select-enrollment-channel", channel("email"))
        .await;
    assert_eq!(s.primary(), "enrollment-channel-data");
    // A bad address stays on the form with a field error.
    let err = s
        .submit_err(
            "enrollment-channel-data",
            Inputs::new().with("email", "not-an-email"),
        )
        .await;
    let IdxError::State { state, .. } = err else {
        panic!("{err:?}")
    };
    assert!(
        state
            .remediation("enrollment-channel-data")
            .unwrap()
            .field("email")
            .unwrap()
            .field_messages()
            .len()
            == 1
    );

    s.submit(
        "enrollment-channel-data",
        Inputs::new().with("email", "enroll@example.com"),
    )
    .await;
    assert_eq!(s.primary(), "enroll-poll");
    let data = s.state.contextual_data().cloned().unwrap();
    assert_eq!(
        (data.selected_channel.as_deref(), data.email.as_deref()),
        (Some("email"), Some("enroll@example.com"))
    );

    let resend = s
        .state
        .current()
        .unwrap()
        .resend
        .clone()
        .expect("a resend action");
    s.state = s.client.proceed(&resend, &Inputs::new()).await.unwrap();
    let (_, outbox) = sim.get_json("/sim/api/outbox?to=enroll@example.com").await;
    let messages = outbox.as_array().unwrap();
    assert_eq!(messages.len(), 2, "the first email and the resent one");
    assert_eq!(messages[0]["channel"], "email");
    let link = messages[1]["link"].as_str().unwrap();
    let opened = sim.http.get(link).send().await.unwrap();
    assert_eq!(opened.status(), 200);
    s.poll_until_done(5).await;
    assert!(s.state.success_with_interaction_code.is_some());
    s.tokens().await;
}

#[tokio::test]
async fn flow_2_enroll_by_sms_link() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, "enroll@example.com").await;
    s.submit("select-authenticator-enroll", enroll_okta_verify())
        .await;
    s.submit("select-enrollment-channel", channel("sms")).await;
    let form = s.state.primary().unwrap();
    assert!(form.field("phoneNumber").is_some());
    let err = s
        .submit_err(
            "enrollment-channel-data",
            Inputs::new().with("phoneNumber", "555-1234"),
        )
        .await;
    assert!(matches!(err, IdxError::State { .. }), "not E.164: {err:?}");
    s.submit(
        "enrollment-channel-data",
        Inputs::new().with("phoneNumber", "+15550000001"),
    )
    .await;
    let data = s.state.contextual_data().cloned().unwrap();
    assert_eq!(data.phone_number.as_deref(), Some("+15550000001"));
    let (_, outbox) = sim.get_json("/sim/api/outbox?to=%2B15550000001").await;
    let sms = &outbox[0];
    assert_eq!(sms["channel"], "sms");
    assert!(
        sms["text"]
            .as_str()
            .unwrap()
            .contains(sms["link"].as_str().unwrap())
    );
    sim.http
        .get(sms["link"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    s.poll_until_done(5).await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn flow_3_push_approved_shows_the_requesting_browser() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, "push@example.com").await;
    assert_eq!(s.primary(), "select-authenticator-authenticate");
    s.submit("select-authenticator-authenticate", choose_push())
        .await;
    assert_eq!(s.primary(), "challenge-poll");
    assert!(
        s.state.current().unwrap().contextual_data.is_none(),
        "no number challenge for this user"
    );
    let push = sim.latest_push("push@example.com").await;
    assert_eq!(push["status"], "pending");
    assert_eq!(push["context"]["ip"], "127.0.0.1");
    assert_eq!(push["context"]["user_agent"], BROWSER_UA);
    assert_eq!(push["number_choices"], json!(null));
    // The sign-in succeeding below is what proves the phone's approval landed.
    sim.approve(&push).await;
    s.poll_until_done(5).await;
    assert!(s.state.success_with_interaction_code.is_some());
    s.tokens().await;
}

#[tokio::test]
async fn flow_3_number_challenge_right_and_wrong() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::choosing(&sim, "number@example.com", choose_push()).await;
    let answer: u64 = s.state.correct_answer().unwrap().parse().unwrap();
    let push = sim.latest_push("number@example.com").await;
    let choices: Vec<u64> = push["number_choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_u64().unwrap())
        .collect();
    assert_eq!(choices.len(), 3);
    assert!(choices.contains(&answer));
    let wrong = choices.iter().find(|n| **n != answer).unwrap();
    let id = push["id"].as_str().unwrap().to_owned();
    // Approving without a number is refused; a wrong number rejects the push.
    let (status, _) = sim
        .post_json(&format!("/sim/api/pushes/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, 400);
    let (_, after) = sim
        .post_json(
            &format!("/sim/api/pushes/{id}/approve"),
            json!({"number": wrong}),
        )
        .await;
    assert_eq!(after["status"], "denied");
    s.poll_until_done(5).await;
    assert_eq!(s.primary(), "resend");
    assert!(
        s.state
            .has_message_key("api.authn.poll.error.push_rejected")
    );

    // Resend, then tap the right number.
    s.submit("resend", Inputs::new()).await;
    assert_eq!(s.primary(), "challenge-poll");
    let answer: u64 = s.state.correct_answer().unwrap().parse().unwrap();
    let push = sim.latest_push("number@example.com").await;
    assert_ne!(push["id"].as_str().unwrap(), id, "a new push");
    let (_, after) = sim
        .post_json(
            &format!("/sim/api/pushes/{}/approve", push["id"].as_str().unwrap()),
            json!({"number": answer}),
        )
        .await;
    assert_eq!(after["status"], "approved");
    s.poll_until_done(5).await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn flow_3_deny_then_resend_then_approve_and_auto_push() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password_with(sim.client_in_browser("laptop"), "push@example.com").await;
    // Choosing Okta Verify without a method offers the methods and "Send push automatically".
    s.submit("select-authenticator-authenticate", enroll_okta_verify())
        .await;
    assert_eq!(s.primary(), "authenticator-verification-data");
    let inputs = Inputs::new().with_object(
        "authenticator",
        Inputs::new()
            .with("methodType", "push")
            .with("autoChallenge", true),
    );
    s.submit("authenticator-verification-data", inputs).await;
    let push = sim.latest_push("push@example.com").await;
    sim.post_json(
        &format!("/sim/api/pushes/{}/deny", push["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    s.poll_until_done(5).await;
    assert_eq!(s.primary(), "resend");
    s.submit("resend", Inputs::new()).await;
    let push = sim.latest_push("push@example.com").await;
    assert_eq!(push["status"], "pending");
    sim.post_json(
        &format!("/sim/api/pushes/{}/approve", push["id"].as_str().unwrap()),
        json!({}),
    )
    .await;
    s.poll_until_done(5).await;
    assert!(s.state.success_with_interaction_code.is_some());

    // Another browser is asked as usual: the preference belongs to the browser.
    let other = SignIn::password_with(sim.client_in_browser("phone"), "push@example.com").await;
    assert_eq!(other.primary(), "select-authenticator-authenticate");
    let no_cookie = SignIn::password(&sim, "push@example.com").await;
    assert_eq!(no_cookie.primary(), "select-authenticator-authenticate");

    // The next sign-in in the same browser sends the push by itself, right after the password.
    let s = SignIn::password_with(sim.client_in_browser("laptop"), "push@example.com").await;
    assert_eq!(s.primary(), "challenge-poll");
    assert_eq!(
        s.state
            .primary()
            .unwrap()
            .field("autoChallenge")
            .unwrap()
            .plain_value(),
        Some(&json!(true))
    );
    assert_eq!(
        sim.latest_push("push@example.com").await["status"],
        "pending"
    );
}

#[tokio::test]
async fn flow_4_totp_wrong_then_right() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::choosing(&sim, "push@example.com", choose_totp()).await;
    assert_eq!(s.primary(), "challenge-authenticator");
    let code = sim.totp("push@example.com").await;
    let wrong = format!(
        "{:06}",
        (code.parse::<u32>().unwrap() + 500_000) % 1_000_000
    );
    let err = s
        .submit_err(
            "challenge-authenticator",
            Inputs::new().with_object("credentials", Inputs::new().with("totp", wrong)),
        )
        .await;
    let IdxError::State { state, .. } = err else {
        panic!("{err:?}")
    };
    let field = state
        .primary()
        .unwrap()
        .field_at("credentials.totp")
        .unwrap();
    assert_eq!(
        field.field_messages()[0].key(),
        Some("api.authn.error.PASSCODE_INVALID")
    );
    s.submit(
        "challenge-authenticator",
        Inputs::new().with_object("credentials", Inputs::new().with("totp", code)),
    )
    .await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn optional_enrollment_can_be_skipped_and_wrong_passwords_are_refused() {
    let mut config = fast_config();
    config.users[0].okta_verify_policy = idx_sim::config::EnrollPolicy::Optional;
    let sim = Sim::start(config).await;
    let mut s = SignIn::start(&sim).await;
    s.submit(
        "identify",
        Inputs::new().with("identifier", "enroll@example.com"),
    )
    .await;
    let err = s
        .submit_err(
            "challenge-authenticator",
            Inputs::new().with_object("credentials", Inputs::new().with("passcode", "nope")),
        )
        .await;
    assert!(matches!(err, IdxError::State { .. }), "{err:?}");
    s.submit(
        "challenge-authenticator",
        Inputs::new().with_object("credentials", Inputs::new().with("passcode", PASSWORD)),
    )
    .await;
    assert!(s.state.remediation("skip").is_some());
    s.submit("skip", Inputs::new()).await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn a_person_can_enroll_by_pasting_a_screenshot_of_the_qr_code() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, "enroll@example.com").await;
    s.submit("select-authenticator-enroll", enroll_okta_verify())
        .await;
    let href = s
        .state
        .current()
        .unwrap()
        .contextual_data
        .clone()
        .unwrap()
        .qrcode
        .unwrap()
        .href;
    let png = base64_decode(href.strip_prefix("data:image/png;base64,").unwrap());
    let r = sim
        .http
        .post(sim.org("/sim/api/scan-image"))
        .header("Content-Type", "image/png")
        .body(png)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = sim.scan_image("not an image").await;
    assert_eq!(r.status(), 400);
    s.poll_until_done(5).await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn push_only_okta_verify_asks_for_send_push_with_the_auto_challenge_box() {
    let mut config = fast_config();
    config.users[1].okta_verify_totp = false;
    let sim = Sim::start(config).await;
    let mut s = SignIn::password(&sim, "push@example.com").await;
    let option = &s
        .state
        .primary()
        .unwrap()
        .field("authenticator")
        .unwrap()
        .options()[0];
    assert!(
        option
            .sub_fields()
            .unwrap()
            .iter()
            .all(|f| f.name != "methodType"),
        "no method to choose"
    );
    s.submit("select-authenticator-authenticate", enroll_okta_verify())
        .await;
    assert_eq!(s.primary(), "authenticator-verification-data");
    assert_eq!(
        s.option_values("authenticator.methodType"),
        ["push"],
        "push only"
    );
    let err = s
        .submit_err(
            "authenticator-verification-data",
            Inputs::new().with_object("authenticator", Inputs::new().with("methodType", "totp")),
        )
        .await;
    assert!(
        matches!(err, IdxError::State { .. } | IdxError::Okta { .. }),
        "{err:?}"
    );
    s.submit(
        "authenticator-verification-data",
        Inputs::new().with_object(
            "authenticator",
            Inputs::new()
                .with("methodType", "push")
                .with("autoChallenge", false),
        ),
    )
    .await;
    assert_eq!(s.primary(), "challenge-poll");
}

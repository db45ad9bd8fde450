//! The bodies the client builds for the natural action of each step equal the bodies Okta's own
//! widget sends (SCENARIOS.md in the project notes), and go to the form's href with its headers.

use idx_protocol::testdata;
use idx_protocol::{Client, ClientConfig, HttpRequest, HttpResponse, Inputs, Transport};
use serde_json::{Value, json};

/// A transport that must not be used: these tests only build requests.
struct NoNetwork;

impl Transport for NoNetwork {
    async fn send(&self, _: HttpRequest) -> Result<HttpResponse, String> {
        Err("no network in body tests".into())
    }
}

fn client() -> Client<NoNetwork> {
    let config = ClientConfig {
        issuer: "http://localhost:3000/oauth2/default".into(),
        client_id: "0oa-test".into(),
        redirect_uri: "http://localhost:3000/login/callback".into(),
        scopes: vec!["openid".into(), "email".into()],
        language: None,
    };
    Client::new(config, NoNetwork).unwrap()
}

/// The request for `remediation` of `fixture` with these inputs.
fn request(fixture: &str, remediation: &str, inputs: Inputs) -> HttpRequest {
    let state = testdata::idx(fixture);
    let form = state
        .remediation(remediation)
        .unwrap_or_else(|| panic!("{fixture} has no {remediation}"));
    let request = client().build_proceed(form, &inputs).unwrap();
    assert_eq!(request.header("Content-Type"), Some("application/json"));
    assert_eq!(
        request.header("Accept"),
        form.accepts.as_deref(),
        "Accept echoes the form"
    );
    assert!(
        request.with_credentials,
        "IDX calls carry the org's cookies"
    );
    request
}

fn body(request: &HttpRequest) -> Value {
    serde_json::from_str(&request.body).unwrap()
}

fn choose(id: &str, method: Option<&str>) -> Inputs {
    let inner = Inputs::new().with("id", id);
    Inputs::new().with_object(
        "authenticator",
        match method {
            Some(m) => inner.with("methodType", m),
            None => inner,
        },
    )
}

const OV_M2: &str =
    "siw-playground/idp/idx/authenticator-verification-select-authenticator-ov-m2.json";

#[test]
fn b4_choose_code_in_the_verify_list() {
    let r = request(
        OV_M2,
        "select-authenticator-authenticate",
        choose("auteq0lLiL9o1cYoN0g4", Some("totp")),
    );
    assert_eq!(r.url, "http://localhost:3000/idp/idx/challenge");
    let state = testdata::idx(OV_M2);
    let sh = state
        .remediation("select-authenticator-authenticate")
        .unwrap()
        .field("stateHandle")
        .unwrap();
    let sh = sh.plain_value().unwrap();
    assert_eq!(
        body(&r),
        json!({"authenticator": {"id": "auteq0lLiL9o1cYoN0g4", "methodType": "totp"}, "stateHandle": sh})
    );
}

#[test]
fn b5_choose_push_in_the_verify_list() {
    let r = request(
        OV_M2,
        "select-authenticator-authenticate",
        choose("auteq0lLiL9o1cYoN0g4", Some("push")),
    );
    assert_eq!(
        body(&r)["authenticator"],
        json!({"id": "auteq0lLiL9o1cYoN0g4", "methodType": "push"})
    );
}

#[test]
fn b_an_option_with_a_fixed_method_sends_it_whatever_the_caller_says() {
    let r = request(
        OV_M2,
        "select-authenticator-authenticate",
        choose("autepwdJFCg0J7vK60g4", Some("push")),
    );
    assert_eq!(
        body(&r)["authenticator"],
        json!({"id": "autepwdJFCg0J7vK60g4", "methodType": "password"})
    );
}

#[test]
fn c4_push_in_the_okta_verify_method_list() {
    let r = request(
        "siw-playground/idp/idx/authenticator-verification-data-ov-only-without-device-known.json",
        "authenticator-verification-data",
        Inputs::new().with_object("authenticator", Inputs::new().with("methodType", "push")),
    );
    assert_eq!(r.url, "http://localhost:3000/idp/idx/challenge");
    assert_eq!(
        body(&r),
        json!({
            "authenticator": {"id": "aut13qrZReYpIib7R0g4", "methodType": "push"},
            "stateHandle": "02ciZ1YTWakSanNu8GNNTnTXzhL5hoLzTlR0JewfG3"
        })
    );
}

#[test]
fn d2_send_push_with_the_box_unticked() {
    let r = request(
        "siw-playground/idp/idx/authenticator-verification-data-okta-verify-push-autoChallenge-off.json",
        "authenticator-verification-data",
        Inputs::new().with_object("authenticator", Inputs::new().with("methodType", "push")),
    );
    assert_eq!(
        body(&r),
        json!({
            "authenticator": {"id": "aut1ejvmCE1iWalJR0g4", "methodType": "push", "autoChallenge": false},
            "stateHandle": "02f9EONFMnQZtAQHl7Gf4Ye-R4mXc8cOhBUSMc7ubQ"
        })
    );
}

#[test]
fn j8_send_push_with_the_box_ticked_and_unticked() {
    let fixture = "siw-v3/idp/idx/challenge/verify-ov-push-method.json";
    for ticked in [true, false] {
        let inputs = Inputs::new().with_object(
            "authenticator",
            Inputs::new()
                .with("methodType", "push")
                .with("autoChallenge", ticked),
        );
        let r = request(fixture, "authenticator-verification-data", inputs);
        assert_eq!(r.url, "http://localhost:3000/idp/idx/challenge");
        assert_eq!(
            body(&r),
            json!({
                "authenticator": {"methodType": "push", "autoChallenge": ticked, "id": "aut2h3fft4y9pDPCS1d7"},
                "stateHandle": "02WZagHnxWJeAq0fG5-Av8Ym4FdChJRxOVWQPaUDKX"
            })
        );
    }
}

#[test]
fn e3_poll_carries_the_auto_challenge_preference() {
    let fixture =
        "siw-playground/idp/idx/authenticator-verification-okta-verify-push-autoChallenge-on.json";
    let r = request(fixture, "challenge-poll", Inputs::new());
    assert_eq!(r.url, "http://localhost:3000/idp/idx/authenticators/poll");
    assert_eq!(
        body(&r),
        json!({"stateHandle": "02PVkP3FJyDnqUKkkxIZhxbsx7a2S-hC1JxIE6AXzp", "autoChallenge": true})
    );
    // Unticking the box while polling changes only what the next poll sends.
    let r = request(
        fixture,
        "challenge-poll",
        Inputs::new().with("autoChallenge", false),
    );
    assert_eq!(body(&r)["autoChallenge"], json!(false));
}

#[test]
fn f2_resend_after_a_rejected_push() {
    let r = request(
        "siw-playground/idp/idx/authenticator-verification-okta-verify-reject-push.json",
        "resend",
        Inputs::new(),
    );
    assert_eq!(r.url, "http://localhost:3000/idp/idx/challenge");
    assert_eq!(
        body(&r),
        json!({
            "authenticator": {"id": "auteq0lLiL9o1cYoN0g4", "methodType": "push"},
            "stateHandle": "022P5Fd8jBy3b77XEdFCqnjz__5wQxksRfrAS4z6wP"
        })
    );
}

#[test]
fn h1_enter_a_code() {
    let r = request(
        "siw-playground/idp/idx/authenticator-verification-okta-verify-totp.json",
        "challenge-authenticator",
        Inputs::new().with_object("credentials", Inputs::new().with("totp", "1234")),
    );
    assert_eq!(r.url, "http://localhost:3000/idp/idx/challenge/answer");
    assert_eq!(
        body(&r),
        json!({"credentials": {"totp": "1234"}, "stateHandle": "022P5Fd8jBy3b77XEdFCqnjz__5wQxksRfrAS4z6wP"})
    );
}

#[test]
fn a7_send_the_sms_setup_link() {
    let r = request(
        "siw-playground/idp/idx/authenticator-enroll-ov-via-sms.json",
        "enrollment-channel-data",
        Inputs::new().with("phoneNumber", "+18887227871"),
    );
    assert_eq!(r.url, "http://localhost:3000/idp/idx/challenge/send");
    assert_eq!(
        body(&r),
        json!({"phoneNumber": "+18887227871", "stateHandle": "022afk9OLqrN2DipVIuIxC0wqzuxMaFIbpOf6pcBh8"})
    );
}

#[test]
fn j1_qr_to_email_to_qr_enrollment_requests() {
    // Pick Okta Verify in the enrollment list: no channel, so the server picks QR.
    let r = request(
        "siw-v3/idp/idx/challenge/answer/enroll-okta-verify-mfa.json",
        "select-authenticator-enroll",
        choose("aut2h3fft4y9pDPCS1d7", None),
    );
    assert_eq!(r.url, "http://localhost:3000/idp/idx/credential/enroll");
    assert_eq!(
        body(&r),
        json!({"authenticator": {"id": "aut2h3fft4y9pDPCS1d7"}, "stateHandle": "02w4gRGlOR8Phc4YTfCENbZ3X0uoszIwoHp1EJmYyQ"})
    );
    // "Can't scan?" then email, then later back to QR: select-enrollment-channel.
    let qr_state = "siw-v3/idp/idx/credential/enroll/enroll-okta-verify-mfa.json";
    for channel in ["email", "qrcode"] {
        let inputs =
            Inputs::new().with_object("authenticator", Inputs::new().with("channel", channel));
        let r = request(qr_state, "select-enrollment-channel", inputs);
        assert_eq!(r.url, "http://localhost:3000/idp/idx/credential/enroll");
        assert_eq!(
            body(&r),
            json!({
                "authenticator": {"id": "aut2h3fft4y9pDPCS1d7", "channel": channel},
                "stateHandle": "02S5R2phYN7fD7bDkYllPqLFoYW8Jznwula7KSXwe8"
            })
        );
    }
    // enrollment-channel-data for email.
    let r = request(
        "siw-v3/idp/idx/credential/enroll/enroll-ov-email-channel.json",
        "enrollment-channel-data",
        Inputs::new().with("email", "testuser@okta.com"),
    );
    assert_eq!(r.url, "http://localhost:3000/idp/idx/challenge/send");
    assert_eq!(
        body(&r),
        json!({"email": "testuser@okta.com", "stateHandle": "02S5R2phYN7fD7bDkYllPqLFoYW8Jznwula7KSXwe8"})
    );
}

#[test]
fn select_enrollment_channel_sms_from_the_playground_qr_state() {
    let inputs = Inputs::new().with_object("authenticator", Inputs::new().with("channel", "sms"));
    let r = request(
        "siw-playground/idp/idx/authenticator-enroll-ov-qr.json",
        "select-enrollment-channel",
        inputs,
    );
    assert_eq!(
        body(&r),
        json!({
            "authenticator": {"id": "aidtheidkwh282hv8g3", "channel": "sms"},
            "stateHandle": "022afk9OLqrN2DipVIuIxC0wqzuxMaFIbpOf6pcBh8"
        })
    );
}

#[test]
fn identify_with_password_and_remember_me() {
    let inputs = Inputs::new()
        .with("identifier", "testuser@okta.com")
        .with_object("credentials", Inputs::new().with("passcode", " pass word "))
        .with("rememberMe", true);
    let r = request("siw-v3/idp/idx/introspect/default.json", "identify", inputs);
    assert_eq!(r.url, "http://localhost:3000/idp/idx/identify");
    assert_eq!(
        body(&r),
        json!({
            "identifier": "testuser@okta.com",
            "credentials": {"passcode": " pass word "},
            "rememberMe": true,
            "stateHandle": "02tKwcMNRmwEsDoe_HuMZYf5m-lg3kFugYKrcTWOL3"
        })
    );
}

#[test]
fn resend_actions_post_their_own_fixed_fields() {
    // Newer shape: an immutable authenticator object to /challenge.
    let state = testdata::idx("siw-v3/idp/idx/challenge/verify-ov-push-manual.json");
    let resend = state.current().unwrap().resend.as_ref().unwrap();
    let r = client().build_proceed(resend, &Inputs::new()).unwrap();
    assert_eq!(r.url, "http://localhost:3000/idp/idx/challenge");
    assert_eq!(
        body(&r),
        json!({
            "authenticator": {"methodType": "push", "id": "aut2h3fft4y9pDPCS1d7"},
            "stateHandle": "02jZfbSUFTrP6emnjMaSrgEmUdqD8l3VjQYyM37Jg-"
        })
    );
    // Enrollment email resend in the hand-written shape: stateHandle and the address.
    let state = testdata::idx("siw-playground/idp/idx/authenticator-enroll-ov-email.json");
    let resend = state.current().unwrap().resend.as_ref().unwrap();
    let r = client().build_proceed(resend, &Inputs::new()).unwrap();
    assert_eq!(r.url, "http://localhost:3000/idp/idx/challenge/resend");
    assert_eq!(body(&r)["email"], json!("joy@okta.com"));
}

#[test]
fn fixed_values_win_over_user_input() {
    let inputs = Inputs::new()
        .with_object("credentials", Inputs::new().with("totp", "1"))
        .with("stateHandle", "forged");
    let r = request(
        "siw-playground/idp/idx/authenticator-verification-okta-verify-totp.json",
        "challenge-authenticator",
        inputs,
    );
    assert_eq!(
        body(&r)["stateHandle"],
        json!("022P5Fd8jBy3b77XEdFCqnjz__5wQxksRfrAS4z6wP")
    );
}

#[test]
fn bad_inputs_are_refused_not_sent() {
    let state = testdata::idx(OV_M2);
    let form = state
        .remediation("select-authenticator-authenticate")
        .unwrap();
    for inputs in [
        Inputs::new().with("nope", 1),
        Inputs::new().with("authenticator", "not-an-object"),
        choose("aut-that-is-not-offered", Some("push")),
    ] {
        let err = client().build_proceed(form, &inputs).unwrap_err();
        assert!(
            matches!(err, idx_protocol::IdxError::BadRequest(_)),
            "{inputs:?}: {err:?}"
        );
    }
}

//! Okta FastPass over real HTTP: the org's challenges (from the first screen and from the
//! picker), the simulated Okta Verify on this computer (loopback `/probe` and `/challenge`,
//! its CORS), the links the page opens, and every way it can go wrong.

mod common;

use std::time::{Duration, Instant};

use common::shape::{assert_parts, okta_state};
use common::*;
use idx_protocol::Inputs;
use idx_sim::config::DEMO_FASTPASS_USER as FASTPASS;
use idx_sim::fastpass::{ChallengeMethod, Device};
use serde_json::{Value, json};

const DEVICE_KEY: &str = "a-test-device-key-0123456789";
const DEVICE_ID: &str = "pfdTestComputer00001";
const TRUSTED: &str = "http://127.0.0.1:8080";

/// The demo org offering FastPass on the first screen, with Okta Verify on this computer on a
/// free port, approving at once, its device key known to the test.
fn config() -> idx_sim::Config {
    idx_sim::testkit::offering_fastpass(fast_config(), device(FASTPASS, DEVICE_KEY, DEVICE_ID))
}

/// The org of [`config`], changed, started.
async fn start(change: impl FnOnce(&mut idx_sim::Config)) -> Sim {
    let mut config = config();
    change(&mut config);
    Sim::start(config).await
}

fn device(username: &str, key: &str, id: &str) -> Device {
    Device {
        username: username.into(),
        name: "Test computer".into(),
        key: Some(key.into()),
        id: Some(id.into()),
    }
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
}

/// Launches FastPass from the first screen: the state is `device-challenge-poll`.
async fn launch(sim: &Sim) -> SignIn {
    let mut s = SignIn::start(sim).await;
    assert_eq!(
        names(&s.state)[..2],
        ["identify", "launch-authenticator"],
        "identify first, then Sign in with Okta FastPass"
    );
    s.submit("launch-authenticator", Inputs::new()).await;
    assert_eq!(s.primary(), "device-challenge-poll");
    s
}

/// The challenge of the current step: top-level (first screen) or Okta Verify's (picker).
fn challenge(s: &SignIn) -> Value {
    let raw = s.raw();
    let top = &raw["authenticatorChallenge"]["value"];
    if !top.is_null() {
        return top.clone();
    }
    raw["currentAuthenticator"]["value"]["contextualData"]["challenge"]["value"].clone()
}

/// The `cancel-polling` form of the current step.
fn cancel_form(s: &SignIn) -> Value {
    let raw = s.raw();
    let top = &raw["authenticatorChallenge"]["value"]["cancel"];
    if !top.is_null() {
        return top.clone();
    }
    raw["currentAuthenticator"]["value"]["cancel"].clone()
}

/// The page gives up on Okta Verify on this computer, as none of its ports answered: the
/// document the org answers the cancel with.
async fn cancel_unreachable(s: &SignIn) -> Value {
    let sh = s.state.state_handle.as_ref().unwrap().expose();
    let (status, doc) = post_form(
        &cancel_form(s),
        sh,
        json!({"reason": "OV_UNREACHABLE_BY_LOOPBACK", "statusCode": null}),
    )
    .await;
    assert_eq!(status, 200, "{doc}");
    doc
}

/// Okta Verify on this computer answers the page's challenge (some port answers the probe),
/// and the next poll finds the sign-in done.
async fn answered_and_signed_in(s: &mut SignIn, c: &Value) {
    let (status, _) = probe_and_challenge(c).await.expect("a port answers");
    assert_eq!(status, 200);
    s.poll_once().await;
    assert!(s.state.success_with_interaction_code.is_some());
}

/// What the page does: probe each named port in order, then hand the challenge to the first
/// that answers. The status of `/challenge` and its body, or `None` when no port answered.
async fn probe_and_challenge(challenge: &Value) -> Option<(u16, Value)> {
    let http = http();
    let domain = challenge["domain"].as_str().unwrap();
    for port in challenge["ports"].as_array().unwrap() {
        let base = format!("{domain}:{}", port.as_str().unwrap());
        let probed = http
            .get(format!("{base}/probe"))
            .header("Origin", TRUSTED)
            .timeout(Duration::from_secs(2))
            .send()
            .await;
        if !probed.is_ok_and(|r| r.status().is_success()) {
            continue;
        }
        let r = http
            .post(format!("{base}/challenge"))
            .header("Origin", TRUSTED)
            .json(&json!({"challengeRequest": challenge["challengeRequest"]}))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        return Some((status, r.json().await.unwrap_or(Value::Null)));
    }
    None
}

/// Posts an IDX form by hand with extra members, as Okta's widget posts `cancel-polling`.
async fn post_form(form: &Value, state_handle: &str, extra: Value) -> (u16, Value) {
    let mut body = json!({"stateHandle": state_handle});
    if let (Some(b), Value::Object(e)) = (body.as_object_mut(), extra) {
        b.extend(e);
    }
    let r = http()
        .post(form["href"].as_str().unwrap())
        .header("Content-Type", "application/json")
        .header("Accept", "application/ion+json; okta-version=1.0.0")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Re-reads the transaction (after a request made by hand).
async fn introspect(s: &mut SignIn, sim: &Sim) {
    let (status, doc) = sim
        .post_json(
            "/idp/idx/introspect",
            json!({"stateToken": s.state.state_handle.as_ref().unwrap().expose()}),
        )
        .await;
    assert_eq!(status, 200, "{doc}");
    s.state = serde_json::from_value(doc).unwrap();
}

/// Okta Verify's answer to a challenge, signed as the test's device.
fn answer(challenge_request: &str, nonce: Option<&str>, key: &str, consent: &str) -> String {
    let c = jwt_claims(challenge_request);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(DEVICE_ID.into());
    jsonwebtoken::encode(
        &header,
        &json!({
            "iss": DEVICE_ID,
            "aud": c["verificationUri"],
            "iat": now,
            "exp": now + 60,
            "nonce": nonce.map_or(c["nonce"].clone(), |n| json!(n)),
            "userConsent": consent,
        }),
        &jsonwebtoken::EncodingKey::from_secret(key.as_bytes()),
    )
    .unwrap()
}

async fn post_answer(challenge_request: &str, jws: &str) -> (u16, Value) {
    let uri = jwt_claims(challenge_request)["verificationUri"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = http()
        .post(uri)
        .json(&json!({"challengeResponse": jws}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The prompts on this computer and the "Open Okta Verify" requests, waiting until one is
/// pending.
async fn pending_prompt(sim: &Sim) -> Value {
    for _ in 0..100 {
        let (status, list) = sim.get_json("/sim/api/fastpass").await;
        assert_eq!(status, 200);
        if let Some(p) = list
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find(|p| p["status"] == "pending")
        {
            return p.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no FastPass prompt appeared");
}

/// Yes (`approve`) or No (`deny`) on a prompt, through the phone API.
async fn answer_prompt(sim: &Sim, prompt: &Value, answer: &str) -> (u16, Value) {
    let id = prompt["id"].as_str().unwrap();
    sim.post_json(&format!("/sim/api/fastpass/{id}/{answer}"), json!({}))
        .await
}

fn id_token_user(tokens: &idx_protocol::TokenResponse) -> String {
    let token = tokens.id_token.as_ref().expect("an ID token");
    jwt_claims(token.expose())["preferred_username"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Password, then Okta Verify's `signed_nonce` in the picker: the state is `challenge-poll`.
async fn choose_fastpass(sim: &Sim, user: &str) -> SignIn {
    let mut s = SignIn::password(sim, user).await;
    assert_eq!(s.primary(), "select-authenticator-authenticate");
    let methods = s.option_values("authenticator");
    assert!(!methods.is_empty());
    s.submit(
        "select-authenticator-authenticate",
        choose_method(OV_ID, "signed_nonce"),
    )
    .await;
    assert_eq!(s.primary(), "challenge-poll");
    s
}

#[tokio::test]
async fn launch_authenticator_leads_to_a_loopback_challenge_shaped_like_oktas() {
    let sim = Sim::start(config()).await;
    let first = SignIn::start(&sim).await;
    assert_parts(
        "identify with FastPass",
        &first.raw(),
        &okta_state("identify-with-device-probing-loopback-challenge-not-received.json"),
        "identify-with-device-probing-loopback-challenge-not-received.json",
        &["remediation:identify", "remediation:launch-authenticator"],
    );
    let s = launch(&sim).await;
    let raw = s.raw();
    // Okta's mocks disagree on `relatesTo` (a string in the older ones): idx-sim sends the
    // list, as the newer one does.
    assert_parts(
        "device-challenge-poll",
        &raw,
        &okta_state("identify-with-device-launch-authenticator.json"),
        "identify-with-device-launch-authenticator.json",
        &["remediation:device-challenge-poll", "cancel"],
    );
    assert_parts(
        "loopback challenge",
        &raw,
        &okta_state("identify-with-device-probing-loopback.json"),
        "identify-with-device-probing-loopback.json",
        &["authenticatorChallenge", "cancel"],
    );
    let c = challenge(&s);
    assert_eq!(c["challengeMethod"], "LOOPBACK");
    assert_eq!(c["domain"], "http://localhost");
    let port = sim
        .running
        .ov_desktop_url
        .as_ref()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        c["ports"],
        json!([port]),
        "the service's own port, as a string"
    );
    assert_eq!(c["cancel"]["name"], "cancel-polling");
    // The challenge request is the org's: signed with a key its JWKS publishes.
    let request = c["challengeRequest"].as_str().unwrap();
    let header = jsonwebtoken::decode_header(request).unwrap();
    let (_, jwks) = sim.get_json("/oauth2/v1/keys").await;
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == json!(header.kid))
        .expect("the org publishes the key");
    let key = jsonwebtoken::DecodingKey::from_rsa_components(
        jwk["n"].as_str().unwrap(),
        jwk["e"].as_str().unwrap(),
    )
    .unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_audience(&[&sim.running.org_url]);
    validation.set_issuer(&[&sim.running.org_url]);
    let checked = jsonwebtoken::decode::<Value>(request, &key, &validation).unwrap();
    let verification = checked.claims["verificationUri"].as_str().unwrap();
    assert!(
        verification.starts_with(&format!("{}/idp/authenticators/", sim.running.org_url)),
        "{verification}"
    );
    assert!(checked.claims["nonce"].as_str().unwrap().len() >= 32);

    // httpsDomain (probed first) and probeTimeoutMillis, when the org names them.
    let sim = start(|c| {
        c.fastpass.https_domain = Some("https://org1.authenticatorlocaldev.com".into());
        c.fastpass.probe_timeout_ms = Some(3000);
        c.fastpass.chrome_lna_help_link = Some("https://help.example/lna".into());
    })
    .await;
    let s = launch(&sim).await;
    for fixture in [
        "identify-with-device-probing-https-loopback.json",
        "identify-with-device-probing-loopback-chrome-lna.json",
    ] {
        assert_parts(
            "loopback challenge with its options",
            &s.raw(),
            &okta_state(fixture),
            fixture,
            &["authenticatorChallenge"],
        );
    }
}

#[tokio::test]
async fn loopback_fastpass_from_the_first_screen_signs_in() {
    let sim = Sim::start(config()).await;
    let mut s = launch(&sim).await;
    // Polling before Okta Verify answered keeps the step.
    s.poll_once().await;
    assert_eq!(s.primary(), "device-challenge-poll");
    let (status, body) = probe_and_challenge(&challenge(&s))
        .await
        .expect("a port answers");
    assert_eq!((status, body["status"].as_str()), (200, Some("VERIFIED")));
    s.poll_once().await;
    assert!(
        s.state.success_with_interaction_code.is_some(),
        "{:?}",
        names(&s.state)
    );
    assert_eq!(id_token_user(&s.tokens().await), FASTPASS);
}

#[tokio::test]
async fn a_wrong_port_first_then_the_right_one() {
    let sim = start(|c| c.fastpass.wrong_port_first = true).await;
    let mut s = launch(&sim).await;
    let c = challenge(&s);
    let ports = c["ports"].as_array().unwrap().clone();
    assert_eq!(ports.len(), 2, "{ports:?}");
    let closed = format!("http://localhost:{}/probe", ports[0].as_str().unwrap());
    assert!(
        http().get(closed).send().await.is_err(),
        "nothing on the first port"
    );
    // The second port answers.
    answered_and_signed_in(&mut s, &c).await;
}

#[tokio::test]
async fn not_installed_the_page_cancels_and_the_user_picks_push() {
    let closed = idx_sim_closed_port().await;
    let sim = start(|c| {
        c.fastpass.loopback_port = None;
        c.fastpass.ports = vec![closed];
    })
    .await;
    assert!(sim.running.ov_desktop_url.is_none());

    // From the picker: no port answers, the page cancels, the picker comes back.
    let mut s = choose_fastpass(&sim, FASTPASS).await;
    assert!(probe_and_challenge(&challenge(&s)).await.is_none());
    let doc = cancel_unreachable(&s).await;
    s.state = serde_json::from_value(doc).unwrap();
    assert_eq!(s.primary(), "select-authenticator-authenticate");
    s.submit("select-authenticator-authenticate", choose_push())
        .await;
    let push = sim.latest_push(FASTPASS).await;
    // The sign-in succeeding below is what proves the phone's approval landed.
    sim.approve(&push).await;
    s.poll_until_done(10).await;
    assert!(s.state.success_with_interaction_code.is_some());

    // From the first screen: back to identify, with "Sign in with Okta FastPass" again.
    let s = launch(&sim).await;
    let doc = cancel_unreachable(&s).await;
    let names: Vec<&str> = doc["remediation"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[..2], ["identify", "launch-authenticator"]);
    // A cancelled challenge can no longer be answered.
    let request = challenge(&s)["challengeRequest"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, _) = post_answer(&request, &answer(&request, None, DEVICE_KEY, "APPROVED")).await;
    assert_eq!(status, 409);
}

async fn idx_sim_closed_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

#[tokio::test]
async fn the_user_refuses_on_this_computer() {
    // At once, by configuration.
    let sim = start(|c| c.fastpass.refuse = true).await;
    let mut s = launch(&sim).await;
    let (status, body) = probe_and_challenge(&challenge(&s)).await.unwrap();
    assert_eq!((status, body["status"].as_str()), (200, Some("REFUSED")));
    s.poll_once().await;
    assert_eq!(s.primary(), "identify");
    let keys: Vec<String> = s.raw()["messages"]["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["i18n"]["key"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(keys, ["api.authn.poll.error.push_rejected"]);

    // On the phone page: "Verify it's you on this computer?" → No.
    let sim = start(|c| c.fastpass.auto_approve = false).await;
    let mut s = choose_fastpass(&sim, FASTPASS).await;
    let c = challenge(&s);
    let page = tokio::spawn(async move { probe_and_challenge(&c).await });
    let prompt = pending_prompt(&sim).await;
    assert_eq!(prompt["question"], "Verify it's you on this computer?");
    assert_eq!(prompt["user"], FASTPASS);
    assert_eq!(prompt["origin"], TRUSTED);
    let (status, _) = answer_prompt(&sim, &prompt, "deny").await;
    assert_eq!(status, 200);
    let (status, body) = page.await.unwrap().unwrap();
    assert_eq!((status, body["status"].as_str()), (200, Some("REFUSED")));
    s.poll_once().await;
    assert_eq!(
        s.primary(),
        "select-authenticator-authenticate",
        "push can be chosen"
    );
}

#[tokio::test]
async fn signed_nonce_in_the_picker_is_a_fastpass_challenge_poll_approved_on_the_phone_page() {
    let sim = start(|c| c.fastpass.auto_approve = false).await;
    let mut s = SignIn::password(&sim, FASTPASS).await;
    let ov = s.raw()["remediation"]["value"][0]["value"][0]["options"][0].clone();
    let methods: Vec<&str> = ov["value"]["form"]["value"][1]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["value"].as_str().unwrap())
        .collect();
    assert_eq!(methods, ["signed_nonce", "totp", "push"]);
    s.submit(
        "select-authenticator-authenticate",
        choose_method(OV_ID, "signed_nonce"),
    )
    .await;
    let fixture = "authenticator-verification-okta-verify-signed-nonce-loopback.json";
    assert_parts(
        "signed_nonce challenge-poll",
        &s.raw(),
        &okta_state(fixture),
        fixture,
        &[
            "remediation:challenge-poll",
            "currentAuthenticator",
            "authenticators",
            "authenticatorEnrollments",
            "user",
            "cancel",
            "app",
        ],
    );
    let current = &s.raw()["currentAuthenticator"]["value"];
    assert_eq!(
        current["methods"],
        json!([{"type": "signed_nonce"}]),
        "not a push"
    );
    let c = challenge(&s);
    assert_eq!(
        jwt_claims(c["challengeRequest"].as_str().unwrap())["loginHint"],
        FASTPASS
    );
    let page = tokio::spawn(async move { probe_and_challenge(&c).await });
    let prompt = pending_prompt(&sim).await;
    let (status, _) = answer_prompt(&sim, &prompt, "approve").await;
    assert_eq!(status, 200);
    assert_eq!(page.await.unwrap().unwrap().0, 200);
    s.poll_once().await;
    assert!(s.state.success_with_interaction_code.is_some());
    assert_eq!(id_token_user(&s.tokens().await), FASTPASS);
    let (_, list) = sim.get_json("/sim/api/fastpass").await;
    assert_eq!(list.as_array().unwrap().last().unwrap()["status"], "done");
}

#[tokio::test]
async fn links_the_page_opens_are_completed_on_the_phone() {
    for (method, first_screen, in_picker) in [
        (
            ChallengeMethod::CustomUri,
            "identify-with-device-launch-authenticator.json",
            "authenticator-verification-okta-verify-signed-nonce-custom-uri.json",
        ),
        (
            ChallengeMethod::UniversalLink,
            "identify-with-universal-link.json",
            "authenticator-verification-okta-verify-signed-nonce-universal-link.json",
        ),
        (
            ChallengeMethod::AppLink,
            "identify-with-app-link.json",
            "authenticator-verification-okta-verify-signed-nonce-app-link.json",
        ),
    ] {
        let sim = start(|c| {
            c.fastpass.challenge_method = method;
            c.fastpass.loopback_port = None;
        })
        .await;
        let mut s = launch(&sim).await;
        assert_parts(
            &format!("{method:?} from the first screen"),
            &s.raw(),
            &okta_state(first_screen),
            first_screen,
            &["authenticatorChallenge", "cancel"],
        );
        let href = challenge(&s)["href"].as_str().unwrap().to_owned();
        match method {
            ChallengeMethod::CustomUri => {
                assert!(
                    href.starts_with("com-okta-authenticator:/deviceChallenge?challengeRequest="),
                    "{href}"
                );
            }
            _ => assert!(href.starts_with(&sim.running.org_url), "{href}"),
        }
        let prompt = pending_prompt(&sim).await;
        assert_eq!(prompt["question"], "Open Okta Verify");
        assert_eq!(prompt["method"], json!(method));
        let (status, body) = answer_prompt(&sim, &prompt, "approve").await;
        assert_eq!(
            (status, body["org"].as_str()),
            (200, Some("VERIFIED")),
            "{body}"
        );
        s.poll_once().await;
        assert!(
            s.state.success_with_interaction_code.is_some(),
            "{method:?}"
        );

        let s = choose_fastpass(&sim, FASTPASS).await;
        assert_parts(
            &format!("{method:?} in the picker"),
            &s.raw(),
            &okta_state(in_picker),
            in_picker,
            &["remediation:challenge-poll"],
        );
        let real = okta_state(in_picker);
        let ours = s.raw();
        let real_challenge =
            &real["currentAuthenticator"]["value"]["contextualData"]["challenge"]["value"];
        for key in real_challenge
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| *k != "cancel")
        {
            assert!(
                !challenge(&s)[key].is_null(),
                "{method:?}: no {key} in {ours}"
            );
        }
    }
}

#[tokio::test]
async fn expired_replayed_or_forged_answers_are_refused() {
    let sim = start(|c| {
        c.fastpass.auto_approve = false;
        c.fastpass.challenge_lifetime_secs = 2;
    })
    .await;
    let mut s = launch(&sim).await;
    let request = challenge(&s)["challengeRequest"]
        .as_str()
        .unwrap()
        .to_owned();
    // Signed with another key, or over another nonce: refused, and the challenge still waits.
    let (status, _) = post_answer(
        &request,
        &answer(&request, None, "another-key-0123456789", "APPROVED"),
    )
    .await;
    assert_eq!(status, 401);
    let (status, _) = post_answer(
        &request,
        &answer(&request, Some("another nonce"), DEVICE_KEY, "APPROVED"),
    )
    .await;
    assert_eq!(status, 400);
    s.poll_once().await;
    assert_eq!(s.primary(), "device-challenge-poll");
    // The device's own answer is taken once; the same answer again is refused.
    let good = answer(&request, None, DEVICE_KEY, "APPROVED");
    let (status, body) = post_answer(&request, &good).await;
    assert_eq!((status, body["status"].as_str()), (200, Some("VERIFIED")));
    let (status, _) = post_answer(&request, &good).await;
    assert_eq!(status, 409, "a replay is refused");
    s.poll_once().await;
    assert!(s.state.success_with_interaction_code.is_some());

    // Too late: the org refuses the answer, and Okta Verify refuses the request.
    let s = launch(&sim).await;
    let request = challenge(&s)["challengeRequest"]
        .as_str()
        .unwrap()
        .to_owned();
    // `exp` is in whole seconds: a second more makes it past for Okta Verify too.
    tokio::time::sleep(Duration::from_millis(3100)).await;
    let (status, body) =
        post_answer(&request, &answer(&request, None, DEVICE_KEY, "APPROVED")).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["errorSummary"].as_str().unwrap().contains("expired"));
    let (status, _) = probe_and_challenge(&challenge(&s)).await.unwrap();
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_device_of_another_account_is_okta_s_invalid_device_error() {
    let sim = start(|c| {
        c.fastpass.devices.push(device(
            "mfa@example.com",
            "mfa-device-key-0123456789",
            "pfdMfaComputer000001",
        ));
    })
    .await;
    let mut s = choose_fastpass(&sim, "mfa@example.com").await;
    // The test's device is fastpass@example.com's: it answers mfa@example.com's challenge.
    let request = challenge(&s)["challengeRequest"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) =
        post_answer(&request, &answer(&request, None, DEVICE_KEY, "APPROVED")).await;
    assert_eq!(
        (status, body["status"].as_str()),
        (200, Some("WRONG_ACCOUNT"))
    );
    tokio::time::sleep(Duration::from_millis(250)).await;
    let form = s.state.primary().unwrap().clone();
    let (status, doc) = error_doc(s.client.poll(&form, &Inputs::new()).await.unwrap_err());
    assert_eq!(status, 400);
    let doc = serde_json::to_value(doc).unwrap();
    let name = "error-poll-400-device-account-invalid.json";
    assert_parts(
        "invalid device",
        &doc,
        &okta_state(name),
        name,
        &["messages", "cancel", "app"],
    );
    introspect(&mut s, &sim).await;
    assert_eq!(s.primary(), "identify");
}

#[tokio::test]
async fn the_loopback_service_answers_trusted_origins_only() {
    let sim = Sim::start(config()).await;
    let ov = sim.running.ov_desktop_url.clone().unwrap();
    let http = http();
    // Chrome's preflight, asking to reach a loopback address from the page.
    let preflight = |origin: &'static str| {
        http.request(reqwest::Method::OPTIONS, format!("{ov}/challenge"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type,x-okta-xsrftoken",
            )
            .header("Access-Control-Request-Private-Network", "true")
            .send()
    };
    let r = preflight(TRUSTED).await.unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let h = r.headers();
    assert_eq!(h["access-control-allow-origin"], TRUSTED);
    assert_eq!(h["access-control-allow-private-network"], "true");
    assert!(
        h["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );
    assert!(
        h["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("content-type")
    );
    let r = http
        .get(format!("{ov}/probe"))
        .header("Origin", TRUSTED)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], TRUSTED);

    for origin in ["http://evil.example", "null"] {
        let r = preflight(origin).await.unwrap();
        assert_eq!(r.status(), 403, "{origin}");
        assert!(r.headers().get("access-control-allow-origin").is_none());
        let r = http
            .get(format!("{ov}/probe"))
            .header("Origin", origin)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{origin}");
        assert!(r.headers().get("access-control-allow-origin").is_none());
    }
}

#[tokio::test]
async fn a_slow_okta_verify_still_answers() {
    let sim = start(|c| {
        c.fastpass.probe_delay_ms = 300;
        c.fastpass.challenge_delay_ms = 300;
    })
    .await;
    let mut s = launch(&sim).await;
    let started = Instant::now();
    let c = challenge(&s);
    answered_and_signed_in(&mut s, &c).await;
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "both delays were waited"
    );
}

#[tokio::test]
async fn malformed_requests_never_crash_it() {
    let sim = start(|c| c.fastpass.launch_on_identify = false).await;
    let ov = sim.running.ov_desktop_url.clone().unwrap();
    let http = http();
    for body in [
        "".to_owned(),
        "not json".into(),
        "[]".into(),
        "{}".into(),
        r#"{"challengeRequest": 5}"#.into(),
        r#"{"challengeRequest": "a.b.c"}"#.into(),
        format!(r#"{{"challengeRequest": "{}"}}"#, "x".repeat(100_000)),
    ] {
        let r = http
            .post(format!("{ov}/challenge"))
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{}", &body[..body.len().min(40)]);
    }
    for path in ["/", "/probe/x", "/challenge?x=1"] {
        let r = http.get(format!("{ov}{path}")).send().await.unwrap();
        assert!(r.status().is_client_error(), "{path}: {}", r.status());
    }
    let verify = sim.org(&format!(
        "/idp/authenticators/{OV_ID}/transactions/nope/verify"
    ));
    for body in ["", "{}", r#"{"challengeResponse": "x"}"#] {
        let r = http
            .post(&verify)
            .body(body)
            .header("Content-Type", "application/json")
            .send()
            .await
            .unwrap();
        assert!(r.status().is_client_error(), "{body}: {}", r.status());
    }
    let r = http
        .post(sim.org("/idp/authenticators/autOther/transactions/x/verify"))
        .json(&json!({"challengeResponse": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // Launch where the org does not offer it, cancel with nothing to cancel.
    let s = SignIn::start(&sim).await;
    assert!(!names(&s.state).contains(&"launch-authenticator".to_owned()));
    let sh = s.state.state_handle.as_ref().unwrap().expose().to_owned();
    for endpoint in [
        "authenticators/okta-verify/launch",
        "authenticators/poll/cancel",
    ] {
        let (status, _) = sim
            .post_json(&format!("/idp/idx/{endpoint}"), json!({"stateHandle": sh}))
            .await;
        assert_eq!(status, 400, "{endpoint}");
    }
    let (status, _) = sim
        .post_json("/sim/api/fastpass/nope/approve", json!({}))
        .await;
    assert_eq!(status, 404);
    let r = http.get(format!("{ov}/probe")).send().await.unwrap();
    assert_eq!(r.status(), 200, "still answering");
}

#[tokio::test]
async fn the_served_page_may_reach_okta_verify_and_okta_verify_trusts_it() {
    let dir = std::env::temp_dir().join(format!("idx-sim-fastpass-page-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!DOCTYPE html><title>app</title>").unwrap();
    let running = idx_sim::spawn(idx_sim::Options {
        config: config(),
        listen: "127.0.0.1:0".parse().unwrap(),
        serve_app: Some(dir.clone()),
        app_listen: "127.0.0.1:0".parse().unwrap(),
        ..Default::default()
    })
    .await
    .expect("idx-sim starts");
    let app = running.app_url.clone().unwrap();
    let ov = running.ov_desktop_url.clone().unwrap();
    let r = http().get(format!("{app}/")).send().await.unwrap();
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains(&format!("connect-src 'self' {} {ov};", running.org_url)),
        "{csp}"
    );
    let r = http()
        .get(format!("{ov}/probe"))
        .header("Origin", &app)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], app.as_str());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn okta_verify_is_enrolled_on_this_device() {
    for (channel, fixture) in [
        (
            "samedevice",
            "authenticator-enroll-ov-same-device-osx-any-security.json",
        ),
        (
            "devicebootstrap",
            "authenticator-enroll-ov-device-bootstrap-multiple-devices.json",
        ),
    ] {
        let mut config = fast_config();
        config.fastpass.enroll_on_this_device = serde_json::from_value(json!(channel)).unwrap();
        let sim = Sim::start(config).await;
        let mut s = SignIn::password(&sim, "enroll@example.com").await;
        s.submit("select-authenticator-enroll", enroll_okta_verify())
            .await;
        assert_eq!(s.primary(), "enroll-poll");
        assert_parts(
            channel,
            &s.raw(),
            &okta_state(fixture),
            fixture,
            &["remediation:enroll-poll", "currentAuthenticator"],
        );
        let data = s.raw()["currentAuthenticator"]["value"]["contextualData"].clone();
        assert_eq!(data["selectedChannel"], channel);
        let raw = s.raw();
        let select = raw["remediation"]["value"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "select-enrollment-channel")
            .unwrap();
        let channels = &select["value"][0]["value"]["form"]["value"][1]["options"];
        assert!(
            channels
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["value"] == channel),
            "{channels}"
        );
        // Nothing happens until Okta Verify on this device is set up.
        s.poll_once().await;
        assert_eq!(s.primary(), "enroll-poll");
        if channel == "samedevice" {
            let link = data["samedevice"]["setupOVUrl"].as_str().unwrap();
            let r = http().get(link).send().await.unwrap();
            assert_eq!(r.status(), 200);
        } else {
            let prompt = pending_prompt(&sim).await;
            assert_eq!(prompt["user"], "enroll@example.com");
            let (status, body) = answer_prompt(&sim, &prompt, "approve").await;
            assert_eq!((status, body["status"].as_str()), (200, Some("done")));
        }
        s.poll_until_done(5).await;
        assert!(s.state.success_with_interaction_code.is_some(), "{channel}");
    }
}

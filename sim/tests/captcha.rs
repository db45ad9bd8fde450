//! `[captcha]`: identify carries Okta's `captchaVerify` and the state its `captcha`, shaped as
//! Okta's recorded states (testdata/idx rows 230–231), and only the configured token passes.

mod common;

use common::{SignIn, Sim, error_doc, fast_config};
use idx_protocol::Inputs;

fn with_captcha(kind: &str) -> idx_sim::Config {
    let mut config = fast_config();
    config.captcha =
        Some(toml::from_str(&format!("type = \"{kind}\"\ntoken = \"good-token\"")).unwrap());
    config
}

fn captcha(id: &str, token: &str) -> Inputs {
    Inputs::new()
        .with("identifier", "push@example.com")
        .with_object(
            "captchaVerify",
            Inputs::new()
                .with("captchaId", id)
                .with("captchaToken", token),
        )
}

#[tokio::test]
async fn identify_asks_for_the_captcha_and_takes_only_its_token() {
    let sim = Sim::start(with_captcha("RECAPTCHA_V2")).await;
    let mut s = SignIn::start(&sim).await;
    let raw = s.raw();
    assert_eq!(raw["captcha"]["value"]["type"], "RECAPTCHA_V2");
    assert_eq!(raw["captcha"]["value"]["name"], "reCaptcha");
    let id = raw["captcha"]["value"]["id"].as_str().unwrap().to_owned();
    let identify = s.state.remediation("identify").unwrap();
    let verify = identify.field("captchaVerify").expect("captchaVerify");
    assert_eq!(
        serde_json::to_value(verify).unwrap()["relatesTo"],
        "$.captcha"
    );

    // (The captchaId is the form's fixed value: a client sends the org's own whatever it is given.)
    for refused in [
        Inputs::new().with("identifier", "push@example.com"),
        captcha(&id, "forged"),
    ] {
        let (status, state) = error_doc(s.submit_err("identify", refused).await);
        assert_eq!(status, 400);
        assert!(state.remediation("identify").is_some(), "the form again");
    }
    s.submit("identify", captcha(&id, "good-token")).await;
    assert_eq!(s.primary(), "challenge-authenticator", "on to the password");
}

#[tokio::test]
async fn without_the_table_there_is_no_captcha() {
    let sim = Sim::start(fast_config()).await;
    let s = SignIn::start(&sim).await;
    assert!(s.raw().get("captcha").is_none());
    assert!(
        s.state
            .remediation("identify")
            .unwrap()
            .field("captchaVerify")
            .is_none()
    );
}

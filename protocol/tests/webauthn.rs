//! WebAuthn options and answers from Okta's recorded states: what a browser ceremony is given,
//! and what goes back in the body, spelt as okta-auth-js and the Sign-In Widget send it.

use idx_protocol::build_body;
use idx_protocol::testdata;
use idx_protocol::webauthn::{
    self, Assertion, Attestation, Descriptor, OptionsError, autofill_options, creation_options,
    decode, request_options,
};
use serde_json::json;

const ENROLL: &str = "siw-playground/idp/idx/authenticator-enroll-webauthn.json";
const VERIFY: &str = "siw-playground/idp/idx/authenticator-verification-webauthn.json";
const AUTOFILL: &str = "siw-playground/idp/idx/identify-with-webauthn-autofill.json";

#[test]
fn enrollment_options_come_from_activation_data_and_exclude_enrolled_keys() {
    let state = testdata::idx(ENROLL);
    let options = creation_options(&state, state.current().unwrap()).unwrap();
    assert_eq!(options.challenge, decode("zrTo0mMXyCt90mweh2HL").unwrap());
    assert_eq!(options.user_id, decode("00utjm1GstPjCF9Ad0g3").unwrap());
    assert_eq!(options.user_name, "test@okta.com");
    assert_eq!(options.user_display_name, "test user");
    assert_eq!(options.rp, json!({"name": "idx"}));
    assert_eq!(options.attestation.as_deref(), Some("direct"));
    assert_eq!(options.hints, ["security-key"]);
    // The two webauthn enrollments of the fixture, not the password or the OTP.
    assert_eq!(options.exclude_credentials.len(), 2);
    assert_eq!(
        options.exclude_credentials[0].id,
        decode(
            "hpxQXbu5R5Y2JMqpvtE9Oo9FdwO6z2kMR-ZQkAb6p6GSguXQ57oVXKvpVHT2fyCR_m2EL1vIgszxi00kyFIX6w"
        )
        .unwrap()
    );
    let json = options.json();
    assert_eq!(json["challenge"], "zrTo0mMXyCt90mweh2HL");
    assert_eq!(json["user"]["id"], "00utjm1GstPjCF9Ad0g3");
    assert_eq!(
        json["pubKeyCredParams"],
        json!([{"type": "public-key", "alg": -7}, {"type": "public-key", "alg": -257}])
    );
    assert_eq!(
        json["authenticatorSelection"]["userVerification"],
        "discouraged"
    );
    assert_eq!(json["excludeCredentials"][0]["type"], "public-key");
    // Okta's U2F leftovers are not WebAuthn options.
    assert!(json.get("u2fParams").is_none());
}

#[test]
fn every_enrollment_fixture_gives_options() {
    for file in [
        ENROLL,
        "siw-playground/idp/idx/authenticator-enroll-webauthn-passkeys.json",
        "siw-playground/idp/idx/authenticator-enroll-webauthn-custom.json",
        "siw-v3/idp/idx/authenticator-enroll-webauthn-userverification-required.json",
    ] {
        let state = testdata::idx(file);
        let options = creation_options(&state, state.current().unwrap())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!options.challenge.is_empty(), "{file}");
    }
}

#[test]
fn a_required_passkey_excludes_nothing() {
    let mut state = testdata::idx(ENROLL);
    let data = testdata::contextual_data_mut(&mut state);
    data.extra.get_mut("activationData").unwrap()["authenticatorSelection"] =
        json!({"requireResidentKey": true, "residentKey": "required"});
    let options = creation_options(&state, state.current().unwrap()).unwrap();
    assert!(options.resident_key());
    assert!(options.exclude_credentials.is_empty());
}

#[test]
fn verification_options_allow_the_users_credentials_with_their_transports() {
    let state = testdata::idx(VERIFY);
    let options = request_options(&state, state.current().unwrap()).unwrap();
    assert_eq!(options.challenge, decode("qjUCU0xoVe5QZ3-etDCD").unwrap());
    assert_eq!(options.user_verification.as_deref(), Some("required"));
    assert_eq!(options.allow_credentials.len(), 2);
    assert_eq!(options.allow_credentials[0].transports, ["usb", "nfc"]);
    assert_eq!(options.allow_credentials[1].transports, ["internal"]);
    let json = options.json();
    assert_eq!(json["challenge"], "qjUCU0xoVe5QZ3-etDCD");
    assert_eq!(
        json["allowCredentials"][1]["transports"],
        json!(["internal"])
    );
    // The U2F `appid` extension would make the browser refuse a page on another origin.
    assert!(json.get("extensions").is_none());
}

#[test]
fn a_passkey_challenge_names_no_credential() {
    let state =
        testdata::idx("siw-playground/idp/idx/authenticator-verification-webauthn-passkeys.json");
    let options = request_options(&state, state.current().unwrap()).unwrap();
    assert!(options.allow_credentials.is_empty());
    assert_eq!(options.hints, ["client-device"]);
    let state = testdata::idx("siw-playground/idp/idx/error-authenticator-webauthn-failure.json");
    let options = request_options(&state, state.current().unwrap()).unwrap();
    assert_eq!(options.allow_credentials.len(), 1);
}

#[test]
fn transports_may_be_a_comma_separated_profile_string() {
    let mut state = testdata::idx(VERIFY);
    let enrollments = &mut state.authenticator_enrollments.as_mut().unwrap().value;
    let key = enrollments
        .iter_mut()
        .find(|e| e.key.as_deref() == Some("webauthn"))
        .unwrap();
    key.extra.remove("transports");
    key.extra
        .insert("profile".into(), json!({"transports": "usb, nfc"}));
    let descriptors = webauthn::enrolled_credentials(&state);
    assert_eq!(descriptors[0].transports, ["usb", "nfc"]);
}

#[test]
fn autofill_asks_for_any_passkey_of_this_site() {
    let state = testdata::idx(AUTOFILL);
    let options = autofill_options(&state).unwrap().unwrap();
    assert_eq!(options.challenge, decode("1fjepo1pgu3A").unwrap());
    assert!(options.allow_credentials.is_empty());
    assert_eq!(options.user_verification.as_deref(), Some("preferred"));
    // A plain identify page offers none.
    assert!(autofill_options(&testdata::idx("siw-playground/idp/idx/identify.json")).is_none());
}

#[test]
fn broken_data_is_an_error_not_a_panic() {
    let mut state = testdata::idx(ENROLL);
    let data = testdata::contextual_data_mut(&mut state);
    data.extra.get_mut("activationData").unwrap()["challenge"] = json!("%%%");
    assert_eq!(
        creation_options(&state, state.current().unwrap()),
        Err(OptionsError::NotBase64("challenge"))
    );
    let verify = testdata::idx(VERIFY);
    // An enrollment state has no challengeData.
    assert_eq!(
        request_options(&verify, testdata::idx(ENROLL).current().unwrap()),
        Err(OptionsError::Missing("challengeData"))
    );
}

#[test]
fn an_attestation_fills_the_enrollment_form_as_okta_sends_it() {
    let state = testdata::idx(ENROLL);
    let form = state.primary().unwrap();
    let attestation = Attestation {
        client_data_json: br#"{"type":"webauthn.create"}"#.to_vec(),
        attestation_object: vec![0xa3, 0x63, 0x66],
        transports: Some(vec!["internal".into(), "hybrid".into()]),
        client_extensions: Some(json!({"credProps": {"rk": true}})),
    };
    let body = build_body(&form.value, &attestation.inputs(form)).unwrap();
    let credentials = &body["credentials"];
    assert_eq!(
        credentials["clientData"],
        "eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIn0="
    );
    assert_eq!(credentials["attestation"], "o2Nm");
    assert_eq!(credentials["transports"], r#"["internal","hybrid"]"#);
    assert_eq!(
        credentials["clientExtensions"],
        r#"{"credProps":{"rk":true}}"#
    );
    assert!(body["stateHandle"].is_string());

    // A form that names only clientData and attestation gets only those.
    let state = testdata::idx(
        "siw-v3/idp/idx/authenticator-enroll-webauthn-userverification-required.json",
    );
    let form = state.primary().unwrap();
    let body = build_body(&form.value, &attestation.inputs(form)).unwrap();
    let keys: Vec<&String> = body["credentials"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["attestation", "clientData"]);
}

#[test]
fn an_assertion_fills_the_challenge_form_and_the_autofill_form() {
    let assertion = Assertion {
        client_data_json: b"{}".to_vec(),
        authenticator_data: vec![1, 2, 3],
        signature: vec![0xff; 4],
        user_handle: None,
    };
    let state = testdata::idx(VERIFY);
    let form = state.primary().unwrap();
    let body = build_body(&form.value, &assertion.inputs(form)).unwrap();
    assert_eq!(
        body["credentials"],
        json!({"clientData": "e30=", "authenticatorData": "AQID", "signatureData": "/////w=="})
    );
    // The autofill form also names userHandle: sent, empty when the credential has none.
    let state = testdata::idx(AUTOFILL);
    let form = state.remediation(webauthn::AUTOFILL_REMEDIATION).unwrap();
    let with_user = Assertion {
        user_handle: Some(b"00u1".to_vec()),
        ..assertion.clone()
    };
    let body = build_body(&form.value, &with_user.inputs(form)).unwrap();
    assert_eq!(body["credentials"]["userHandle"], "MDB1MQ==");
    let body = build_body(&form.value, &assertion.inputs(form)).unwrap();
    assert_eq!(body["credentials"]["userHandle"], "");
}

#[test]
fn descriptors_carry_their_type() {
    let options = idx_protocol::webauthn::RequestOptions {
        challenge: vec![1],
        user_verification: None,
        allow_credentials: vec![Descriptor {
            id: vec![0xfb],
            transports: vec![],
        }],
        rp_id: Some("example.com".into()),
        hints: vec![],
        timeout: Some(60000),
    };
    assert_eq!(
        options.json(),
        json!({
            "challenge": "AQ",
            "allowCredentials": [{"type": "public-key", "id": "-w"}],
            "rpId": "example.com",
            "timeout": 60000
        })
    );
}

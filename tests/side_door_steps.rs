//! The side doors of Okta's recorded states (testdata/idx): forgot password, unlock, sign-up,
//! identity providers and consent each get their step and links, and what the person does
//! becomes the body Okta expects.

#![cfg(not(target_arch = "wasm32"))]

use idx_protocol::body::build_body;
use idx_protocol::model::MessagePlace;
use idx_protocol::{IdxResponse, testdata};
use idx_widget::testing::action::request_for;
use idx_widget::testing::idp::IdpKind;
use idx_widget::testing::recognise::form_named;
use idx_widget::testing::{
    Action, AttributeInput, ConsentKind, PasswordReason, ProfileAttribute, Purpose, StepKind,
    TerminalKind, Text, derive,
};
use serde_json::{Value, json};

fn fixture(name: &str) -> IdxResponse {
    testdata::playground(name)
}

/// The form the action submits on the fixture's first step, its `href`, and the JSON body
/// (without `stateHandle`).
fn request(name: &str, action: Action) -> (String, String, Value) {
    let state = fixture(name);
    let step = derive(&state, None);
    let (form, inputs) = request_for(&action, &step)
        .unwrap_or_else(|e| panic!("{name}: refused {e:?}"))
        .unwrap_or_else(|| panic!("{name}: nothing to send"));
    let target = form_named(&state, &form).unwrap_or_else(|| panic!("{name}: no form {form}"));
    let mut body = build_body(&target.value, &inputs).unwrap_or_else(|e| panic!("{name}: {e}"));
    body.remove("stateHandle");
    (
        form,
        target.href.clone().unwrap_or_default(),
        Value::Object(body),
    )
}

fn kind(name: &str) -> StepKind {
    derive(&fixture(name), None).kind
}

#[test]
fn forgot_password_is_offered_where_okta_offers_recover_and_posts_to_it() {
    let identify = derive(&fixture("identify-with-password.json"), None);
    assert_eq!(
        identify.alternatives.recover,
        Some("currentAuthenticator-recover")
    );
    let challenge = derive(&fixture("authenticator-verification-password.json"), None);
    assert_eq!(
        challenge.alternatives.recover,
        Some("currentAuthenticatorEnrollment-recover")
    );
    for name in [
        "identify-with-password.json",
        "authenticator-verification-password.json",
    ] {
        let (form, href, body) = request(name, Action::Recover);
        assert!(form.ends_with("-recover"), "{name}: {form}");
        assert_eq!(href, "http://localhost:3000/idp/idx/recover", "{name}");
        assert_eq!(body, json!({}), "{name}");
    }
    // An identify form without the password names no recover: no link, nothing sent.
    let plain = derive(&fixture("identify.json"), None);
    assert_eq!(plain.alternatives.recover, None);
    assert_eq!(request_for(&Action::Recover, &plain), Ok(None));
}

#[test]
fn the_username_for_recovery_goes_to_identify_recovery() {
    assert_eq!(kind("identify-recovery.json"), StepKind::RecoverIdentify);
    let step = derive(&fixture("identify-recovery.json"), None);
    assert_eq!(step.name(), "identify-recovery");
    assert!(step.alternatives.sign_up);
    let (form, href, body) = request(
        "identify-recovery.json",
        Action::Identify {
            username: " joe@example.com ".into(),
            password: None,
            remember_me: None,
        },
    );
    assert_eq!(form, "identify-recovery");
    assert_eq!(href, "http://localhost:3000/idp/idx/identify");
    assert_eq!(body, json!({"identifier": "joe@example.com"}));
}

#[test]
fn the_recovery_list_is_titled_for_recovery_and_the_reset_asks_for_a_new_password() {
    match kind("authenticator-verification-select-authenticator-for-recovery.json") {
        StepKind::ChooseAuthenticator {
            purpose: Purpose::Recover,
            choices,
        } => assert!(!choices.is_empty()),
        other => panic!("{other:?}"),
    }
    // A list outside recovery keeps its own purpose.
    assert!(matches!(
        kind("authenticator-verification-select-authenticator.json"),
        StepKind::ChooseAuthenticator {
            purpose: Purpose::Verify,
            ..
        }
    ));
    match kind("authenticator-reset-password.json") {
        StepKind::NewPassword {
            reason: PasswordReason::Reset,
            rules,
            ..
        } => assert!(!rules.is_empty()),
        other => panic!("{other:?}"),
    }
    let (form, _, body) = request(
        "authenticator-reset-password.json",
        Action::NewPassword {
            password: "Abcd1234!".into(),
            confirm: "Abcd1234!".into(),
            revoke_sessions: None,
        },
    );
    assert_eq!(form, "reset-authenticator");
    assert_eq!(body, json!({"credentials": {"passcode": "Abcd1234!"}}));
}

#[test]
fn unlock_is_a_link_then_the_username_and_an_authenticator_then_a_clear_end() {
    let identify = derive(&fixture("identify-with-unlock-account-link.json"), None);
    assert!(identify.alternatives.unlock);
    assert!(!derive(&fixture("identify.json"), None).alternatives.unlock);
    let (form, href, body) = request(
        "identify-with-unlock-account-link.json",
        Action::UnlockAccount,
    );
    assert_eq!(form, "unlock-account");
    assert_eq!(href, "http://localhost:3000/idp/idx/unlock-account");
    assert_eq!(body, json!({}));

    let StepKind::UnlockAccount {
        identifier: true,
        choices,
    } = kind("user-unlock-account.json")
    else {
        panic!("not the unlock step");
    };
    let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(labels, ["Email", "Phone"]);
    let (form, _, body) = request(
        "user-unlock-account.json",
        Action::Unlock {
            username: Some("joe@example.com".into()),
            choice: Some(choices[0].clone()),
        },
    );
    assert_eq!(form, "select-authenticator-unlock-account");
    assert_eq!(
        body,
        json!({"identifier": "joe@example.com",
               "authenticator": {"id": "aut2adobikoUywLsl0g4", "methodType": "email"}})
    );
    // No username: the page says so under the field and sends nothing.
    let step = derive(&fixture("user-unlock-account.json"), None);
    let refused = request_for(
        &Action::Unlock {
            username: Some(" ".into()),
            choice: Some(choices[1].clone()),
        },
        &step,
    )
    .unwrap_err();
    assert_eq!(refused.path, "identifier");

    // Orgs that ask for the username first, then for the authenticator.
    assert_eq!(
        kind("user-unlock-account-identifier-first.json"),
        StepKind::UnlockAccount {
            identifier: true,
            choices: Vec::new()
        }
    );
    let (form, href, body) = request(
        "user-unlock-account-identifier-first.json",
        Action::Unlock {
            username: Some("joe@example.com".into()),
            choice: None,
        },
    );
    assert_eq!(form, "unlock-account");
    assert_eq!(href, "http://localhost:3000/idp/idx/identify");
    // The unlock form itself offers no link to itself.
    assert!(
        !derive(&fixture("user-unlock-account-identifier-first.json"), None)
            .alternatives
            .unlock
    );
    assert_eq!(body, json!({"identifier": "joe@example.com"}));
    let StepKind::UnlockAccount {
        identifier: false,
        choices,
    } = kind("user-unlock-account-choose-auth-identifier-first.json")
    else {
        panic!("not the unlock choice");
    };
    let (_, _, body) = request(
        "user-unlock-account-choose-auth-identifier-first.json",
        Action::Unlock {
            username: None,
            choice: Some(choices[0].clone()),
        },
    );
    assert_eq!(body["authenticator"]["methodType"], json!("email"));
    assert!(body.get("identifier").is_none());

    assert_eq!(
        kind("user-account-unlock-success.json"),
        StepKind::Terminal {
            kind: TerminalKind::Unlocked
        }
    );
    assert_eq!(TerminalKind::Unlocked.title(), Text::UnlockedTitle);
}

#[test]
fn the_ends_of_registration_and_recovery_say_what_happened() {
    let cases = [
        ("terminal-registration.json", TerminalKind::CheckEmail),
        ("terminal-reset-password-success.json", TerminalKind::Done),
        (
            "terminal-invalid-reset-password-token.json",
            TerminalKind::LinkExpired,
        ),
    ];
    for (name, expected) in cases {
        assert_eq!(kind(name), StepKind::Terminal { kind: expected }, "{name}");
    }
}

fn attributes(name: &str) -> Vec<ProfileAttribute> {
    match kind(name) {
        StepKind::EnrollProfile { attributes } => attributes,
        other => panic!("{name}: {other:?}"),
    }
}

fn summary(attributes: &[ProfileAttribute]) -> Vec<(&str, &str, bool)> {
    attributes
        .iter()
        .map(|a| (a.name.as_str(), a.label.as_str(), a.required))
        .collect()
}

#[test]
fn sign_up_is_a_link_where_offered_and_its_form_has_the_org_s_attributes() {
    let identify = derive(&fixture("identify.json"), None);
    assert!(identify.alternatives.sign_up);
    let (form, href, body) = request("identify.json", Action::SignUp);
    assert_eq!(form, "select-enroll-profile");
    assert_eq!(href, "http://localhost:3000/idp/idx/enroll");
    assert_eq!(body, json!({}));
    assert!(
        !derive(&fixture("identify-with-unlock-account-link.json"), None)
            .alternatives
            .sign_up
    );

    let new = attributes("enroll-profile-new.json");
    assert_eq!(
        summary(&new),
        [
            ("lastName", "Last name", true),
            ("firstName", "First name", true),
            ("email", "Email", true),
        ]
    );
    assert_eq!(new[0].input, AttributeInput::Text);
    assert_eq!(new[2].input, AttributeInput::Email);
    let step = derive(&fixture("enroll-profile-new.json"), None);
    assert!(step.alternatives.sign_in, "Already have an account?");
    let (form, _, body) = request("enroll-profile-new.json", Action::SignInInstead);
    assert_eq!(form, "select-identify");
    assert_eq!(body, json!({}));

    let (form, href, body) = request(
        "enroll-profile-new.json",
        Action::EnrollProfile(vec![
            ("firstName".into(), json!(" Ada ")),
            ("lastName".into(), json!("Lovelace")),
            ("email".into(), json!("ada@example.com")),
        ]),
    );
    assert_eq!(form, "enroll-profile");
    assert_eq!(href, "http://localhost:3000/idp/idx/enroll/new");
    assert_eq!(
        body,
        json!({"userProfile": {"lastName": "Lovelace", "firstName": "Ada", "email": "ada@example.com"}})
    );
    // A required attribute left blank is named under its field; nothing is sent.
    let refused = request_for(
        &Action::EnrollProfile(vec![
            ("firstName".into(), json!("Ada")),
            ("lastName".into(), json!("Lovelace")),
            ("email".into(), json!("  ")),
        ]),
        &step,
    )
    .unwrap_err();
    assert_eq!(refused.path, "userProfile.email");
    assert_eq!(refused.why, Text::Required);
}

#[test]
fn every_base_attribute_and_custom_labels_keep_the_server_s_words() {
    let all = attributes("enroll-profile-all-base-attributes.json");
    assert_eq!(all.len(), 31);
    assert_eq!(all[0].label, "First name1");
    let second = all.iter().find(|a| a.name == "secondEmail").unwrap();
    assert!(!second.required);
    assert_eq!(second.input, AttributeInput::Email);
    assert!(
        all.iter()
            .filter(|a| a.name != "secondEmail")
            .all(|a| a.required)
    );
    // An optional attribute left blank is simply not sent.
    let values: Vec<(String, Value)> = all
        .iter()
        .filter(|a| a.required)
        .map(|a| (a.name.clone(), json!("x")))
        .collect();
    let (_, _, body) = request(
        "enroll-profile-all-base-attributes.json",
        Action::EnrollProfile(values),
    );
    let profile = body["userProfile"].as_object().unwrap();
    assert_eq!(profile.len(), 30);
    assert!(!profile.contains_key("secondEmail"));

    assert_eq!(
        summary(&attributes("enroll-profile-new-custom-labels.json")),
        [
            ("lastName", "Please enter your last name", true),
            ("firstName", "Please enter your first name", true),
            ("email", "This is your awesome email address", true),
        ]
    );
}

#[test]
fn booleans_are_checkboxes_or_yes_no_and_enumerations_are_choices() {
    let booleans = attributes("enroll-profile-new-boolean-fields.json");
    let by_name = |n: &str| booleans.iter().find(|a| a.name == n).unwrap().clone();
    assert_eq!(
        by_name("pet").input,
        AttributeInput::Radio(vec![
            ("Yes".into(), json!(true)),
            ("No".into(), json!(false))
        ])
    );
    assert_eq!(by_name("required").input, AttributeInput::Checkbox);
    assert!(by_name("required").required);
    assert_eq!(by_name("optional").input, AttributeInput::Checkbox);
    assert!(!by_name("optional").required);
    let (_, _, body) = request(
        "enroll-profile-new-boolean-fields.json",
        Action::EnrollProfile(vec![
            ("firstName".into(), json!("Ada")),
            ("lastName".into(), json!("Lovelace")),
            ("email".into(), json!("ada@example.com")),
            ("pet".into(), json!(false)),
            ("required".into(), json!(true)),
            ("optional".into(), json!(false)),
        ]),
    );
    assert_eq!(
        body["userProfile"],
        json!({"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.com",
               "pet": false, "required": true, "optional": false})
    );

    let checkbox = attributes("enroll-profile-new-checkbox.json");
    let remember = checkbox.iter().find(|a| a.name == "rememberMe").unwrap();
    assert_eq!(
        (remember.label.as_str(), remember.required, &remember.input),
        ("Keep me signed in", true, &AttributeInput::Checkbox)
    );

    let options = attributes("profile-enrollment-string-fields-options.json");
    let colours = options.iter().find(|a| a.name == "colores").unwrap();
    assert_eq!(
        colours.input,
        AttributeInput::Select(vec![
            ("Red".into(), json!("red")),
            ("Blue".into(), json!("blue")),
            ("Green".into(), json!("green")),
        ])
    );
    let pizza = options.iter().find(|a| a.name == "favpizza").unwrap();
    assert!(matches!(&pizza.input, AttributeInput::Radio(o) if o.len() == 5));
    let plain = options.iter().find(|a| a.name == "string1").unwrap();
    assert_eq!(plain.input, AttributeInput::Text);
}

#[test]
fn an_email_already_taken_is_said_under_the_email_field() {
    let state = fixture("error-new-signup-email-exists.json");
    let attributes = match derive(&state, None).kind {
        StepKind::EnrollProfile { attributes } => attributes,
        other => panic!("{other:?}"),
    };
    let email = attributes.iter().find(|a| a.name == "email").unwrap();
    let under_email: Vec<&str> = state
        .all_messages()
        .into_iter()
        .filter(|(place, _)| {
            *place
                == MessagePlace::Field {
                    remediation: "enroll-profile".into(),
                    path: email.path(),
                }
        })
        .map(|(_, m)| m.message.as_str())
        .collect();
    assert_eq!(under_email, ["A user with this Email already exists"]);
}

#[test]
fn identity_providers_are_buttons_with_their_kind_and_name() {
    let step = derive(&fixture("identify-with-third-party-idps.json"), None);
    assert!(matches!(step.kind, StepKind::Identify { .. }));
    assert!(step.alternatives.sign_up);
    let idps: Vec<(IdpKind, &str, &str)> = step
        .idps
        .iter()
        .map(|i| (i.kind, i.name.as_str(), i.display_name()))
        .collect();
    // The smart card (X509) needs Okta's own certificate page: not a button here.
    assert_eq!(
        idps,
        [
            (IdpKind::Google, "Google IDP", "Google"),
            (IdpKind::Facebook, "Facebook IDP", "Facebook"),
            (IdpKind::LinkedIn, "Linkedin IDP", "LinkedIn"),
            (IdpKind::Microsoft, "Microsoft IDP", "Microsoft"),
            (IdpKind::Apple, "Apple IDP", "Apple"),
        ]
    );
    assert!(
        step.idps[0]
            .href
            .starts_with("http://localhost:3000/sso/idps/google-123?stateToken=")
    );
    // Pressing one sends nothing to the IDX API: it is a navigation.
    assert_eq!(
        request_for(&Action::SignInWith(step.idps[0].href.clone()), &step),
        Ok(None)
    );

    let only = derive(
        &fixture("identify-with-only-one-third-party-idp.json"),
        None,
    );
    assert_eq!(only.kind, StepKind::IdentityProviders);
    assert_eq!(only.name(), "identity-providers");
    assert_eq!(only.idps.len(), 1);
    assert_eq!(only.idps[0].kind, IdpKind::Facebook);

    let several = derive(&fixture("identify-with-only-third-party-idps.json"), None);
    assert_eq!(several.kind, StepKind::IdentityProviders);
    assert!(several.idps.len() > 1);
}

#[test]
fn consent_lists_the_scopes_with_the_server_s_words_and_sends_allow_or_deny() {
    let StepKind::Consent {
        kind: k,
        app,
        scopes,
    } = kind("consent-enduser.json")
    else {
        panic!("not consent");
    };
    assert_eq!(k, ConsentKind::EndUser);
    assert_eq!(app.as_deref(), Some("Native client"));
    let shown: Vec<(&str, Option<&str>)> = scopes
        .iter()
        .map(|s| (s.label.as_str(), s.description.as_deref()))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "View your email address.",
                Some("This allows the app to view your email address.")
            ),
            (
                "View your phone number.",
                Some("This allows the app to view your phone number.")
            ),
        ]
    );
    for allow in [true, false] {
        let (form, href, body) = request(
            "consent-enduser.json",
            Action::Consent {
                allow,
                scopes: Vec::new(),
            },
        );
        assert_eq!(form, "consent");
        assert_eq!(href, "http://localhost:3000/idp/idx/consent");
        assert_eq!(body, json!({"consent": allow}));
    }

    let StepKind::Consent {
        kind: k, scopes, ..
    } = kind("consent-admin.json")
    else {
        panic!("not consent");
    };
    assert_eq!(k, ConsentKind::Admin);
    assert_eq!(scopes[0].label, "okta.clients.manage");
    let (form, _, body) = request(
        "consent-admin.json",
        Action::Consent {
            allow: true,
            scopes: Vec::new(),
        },
    );
    assert_eq!(
        (form.as_str(), body),
        ("admin-consent", json!({"consent": true}))
    );
}

#[test]
fn granular_consent_sends_the_scopes_the_user_left_ticked() {
    let StepKind::Consent {
        kind: k, scopes, ..
    } = kind("consent-granular.json")
    else {
        panic!("not consent");
    };
    assert_eq!(k, ConsentKind::Granular);
    let optional: Vec<(&str, bool)> = scopes
        .iter()
        .map(|s| (s.name.as_str(), s.optional))
        .collect();
    assert_eq!(
        optional,
        [
            ("openid", false),
            ("custom1", true),
            ("custom2", true),
            ("custom3.custom4.custom5", true),
            ("email", true),
            ("profile", false),
        ]
    );
    assert_eq!(scopes[0].label, "openid");
    assert_eq!(
        scopes[1].description.as_deref(),
        Some("This allows the app to view your mobile phone data plan.")
    );
    let (form, _, body) = request(
        "consent-granular.json",
        Action::Consent {
            allow: true,
            // The user cleared one; a required scope cannot be cleared whatever is sent.
            scopes: vec![("custom2".into(), false), ("openid".into(), false)],
        },
    );
    assert_eq!(form, "granular-consent");
    assert_eq!(
        body,
        json!({"consent": true, "optedScopes": {
            "openid": true, "custom1": true, "custom2": false,
            "custom3.custom4.custom5": true, "email": true, "profile": true}})
    );
}

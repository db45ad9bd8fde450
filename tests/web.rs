//! Component tests in a real browser (wasm-bindgen-test in headless Chromium) for views that are
//! hard to reach end to end: the generic form, each class of error, the number challenge, field
//! errors and the QR code's safety check. States come from Okta's recorded responses.

#![cfg(target_arch = "wasm32")]

use idx_protocol::{IdxError, IdxResponse};
use idx_widget::Config;
use idx_widget::testing::{
    Action, CeremonyError, Command, Event, Href, Reply, Session, StepPreview, Strings, words,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod recorded;

wasm_bindgen_test_configure!(run_in_browser);

fn config() -> Config {
    Config::new(
        "http://localhost:3000/oauth2/default",
        "0oa",
        "http://localhost:3000/login/callback",
    )
}

/// Mounts a session in a fresh element; returns it and the commands its actions produce.
async fn mount_session(
    session: Session,
    before: Vec<Command>,
) -> (web_sys::HtmlElement, RwSignal<Vec<Command>>) {
    let document = document();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let commands = RwSignal::new(before);
    let handle = mount_to(host.clone(), move || {
        view! { <StepPreview session=session.clone() config=config() commands/> }
    });
    handle.forget();
    leptos::task::tick().await;
    (host, commands)
}

/// Mounts a preview of `state`.
async fn preview(state: IdxResponse) -> (web_sys::HtmlElement, RwSignal<Vec<Command>>) {
    let (session, commands) = Session::showing(&config(), state);
    mount_session(session, commands).await
}

/// The form name and inputs of the last request the session asked for.
fn last_submit(commands: RwSignal<Vec<Command>>) -> (String, idx_protocol::Inputs) {
    let recorded = commands.get_untracked();
    match recorded.last() {
        Some(Command::Submit { form, inputs, .. }) => (form.name.clone(), inputs.clone()),
        _ => panic!("no submit: {recorded:?}"),
    }
}

fn text(host: &web_sys::HtmlElement, css: &str) -> String {
    host.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .text_content()
        .unwrap_or_default()
}

/// Types `value` into the input `css`, as the browser reports typing.
fn type_into(host: &web_sys::HtmlElement, css: &str, value: &str) {
    let input: web_sys::HtmlInputElement = host
        .query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// Ticks a radio button or checkbox, as a click does.
fn check(input: web_sys::HtmlInputElement) {
    input.set_checked(true);
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

/// Presses the step's submit button and lets the view catch up.
async fn submit(host: &web_sys::HtmlElement) {
    let button: web_sys::HtmlElement = host
        .query_selector("button[type=submit]")
        .unwrap()
        .expect("a submit button")
        .unchecked_into();
    button.click();
    leptos::task::tick().await;
}

fn state(json: &str) -> IdxResponse {
    IdxResponse::from_json(json).unwrap()
}

#[wasm_bindgen_test]
async fn number_challenge_shows_the_number_large_and_announces_the_wait() {
    let s = state(include_str!(
        "../testdata/idx/siw-v3/idp/idx/challenge/verify-ov-push-manual.json"
    ));
    let (host, _) = preview(s).await;
    assert_eq!(text(&host, "h2"), "Push notification sent");
    assert_eq!(text(&host, ".idx-number"), "52");
    let number = host.query_selector(".idx-number").unwrap().unwrap();
    assert_eq!(
        number.get_attribute("aria-label").as_deref(),
        Some("Number to tap: 52")
    );
    assert!(
        host.text_content()
            .unwrap()
            .contains("then tap 52 in Okta Verify")
    );
    // The heading took focus; the wait is announced; progress is visible; the box is there.
    let active = document().active_element().unwrap();
    assert_eq!(active.tag_name(), "H2");
    assert!(host.query_selector(".idx-spinner").unwrap().is_some());
    assert!(
        host.query_selector("input[name=autoChallenge]")
            .unwrap()
            .is_some()
    );
    assert!(
        host.text_content()
            .unwrap()
            .contains("Verify with something else")
    );
    let live = text(&host, "[aria-live=polite]");
    assert!(
        live.contains("Push notification sent") && live.contains("tap 52"),
        "{live}"
    );
}

#[wasm_bindgen_test]
async fn each_class_of_error_is_shown_as_an_alert_above_the_step() {
    let s = state(include_str!(
        "../testdata/idx/siw-v3/idp/idx/introspect/default.json"
    ));
    let errors = [
        IdxError::Transport("Failed to fetch".into()),
        IdxError::RateLimited {
            retry_after: None,
            reset_at: None,
            summary: "Too many requests".into(),
            state: None,
        },
        IdxError::OAuth {
            status: 400,
            error: "invalid_grant".into(),
            description: Some("PKCE verification failed.".into()),
        },
        IdxError::Okta {
            status: 403,
            code: "E0000006".into(),
            summary: "You do not have permission.".into(),
            causes: vec![],
        },
        IdxError::Okta {
            status: 500,
            code: "E0000009".into(),
            summary: "Internal Server Error".into(),
            causes: vec![],
        },
        IdxError::Malformed {
            status: 200,
            reason: "not JSON".into(),
        },
    ];
    let mut seen = Vec::new();
    for e in &errors {
        // The user submits; the request fails with this error.
        let (mut session, _) = Session::showing(&config(), s.clone());
        let out = session.update(
            Event::User(Action::Identify {
                username: "ann@example.com".into(),
                password: Some("secret".into()),
                remember_me: None,
            }),
            0,
        );
        let Some(Command::Submit { ticket, .. }) = out.last() else {
            panic!("{out:?}")
        };
        session.update(
            Event::Answer {
                ticket: *ticket,
                reply: Box::new(Reply::Proceeded(Err(e.clone()))),
            },
            10,
        );
        let note = session.banner().expect("a banner");
        let message = words::note(&Strings::default(), note);
        let (host, _) = mount_session(session, Vec::new()).await;
        let alert = text(&host, ".idx-callout--error[role=alert]");
        assert_eq!(alert, message, "{e:?}");
        // The step is kept under the error: nothing typed is lost.
        assert!(host.query_selector("#idx-identifier").unwrap().is_some());
        seen.push(message);
    }
    seen.dedup();
    assert!(seen.len() >= 6, "distinct messages per class: {seen:?}");
}

#[wasm_bindgen_test]
async fn server_messages_sit_where_they_belong() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/error-okta-verify-totp.json"
    ));
    let (host, _) = preview(s).await;
    assert_eq!(text(&host, "h2"), "Enter a code");
    assert_eq!(text(&host, "#idx-code-error"), "Invalid code. Try again.");
    let input = host.query_selector("#idx-code").unwrap().unwrap();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        input.get_attribute("autocomplete").as_deref(),
        Some("one-time-code")
    );
    assert!(
        host.query_selector(".idx-callout--error")
            .unwrap()
            .is_none(),
        "not repeated as a global error"
    );

    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/authenticator-verification-okta-verify-reject-push.json"
    ));
    let (host, _) = preview(s).await;
    assert_eq!(
        text(&host, "[role=alert]"),
        "You have chosen to reject this login."
    );
    assert!(
        host.text_content()
            .unwrap()
            .contains("Resend push notification")
    );
}

#[wasm_bindgen_test]
async fn the_generic_form_renders_unknown_remediations_and_sends_their_fields() {
    let s = state(
        r#"{"version":"1.0.0","stateHandle":"02sh","remediation":{"type":"array","value":[{
            "rel":["create-form"],"name":"unlock-account","href":"http://localhost:3000/idp/idx/unlock","method":"POST",
            "value":[
              {"name":"identifier","label":"<b>Username</b>"},
              {"name":"methodType","label":"Method","options":[{"label":"Email","value":"email"},{"label":"SMS","value":"sms"}]},
              {"name":"credentials","form":{"value":[{"name":"passcode","label":"Code","secret":true}]}},
              {"name":"remember","type":"boolean","label":"Remember"},
              {"name":"stateHandle","value":"02sh","visible":false,"mutable":false}
            ]}]}}"#,
    );
    let (host, commands) = preview(s).await;
    // Never a protocol name as the heading.
    assert_eq!(text(&host, "h2"), "Continue signing in");
    // Server strings are text, never markup.
    assert!(host.query_selector("b").unwrap().is_none());
    assert!(host.text_content().unwrap().contains("<b>Username</b>"));
    let inputs = host.query_selector_all("input").unwrap();
    assert_eq!(
        inputs.length(),
        5,
        "identifier, two radios, the secret, the checkbox"
    );
    type_into(&host, "input[name=identifier]", "ann@example.com");
    type_into(&host, "input[name='credentials.passcode']", "4242");
    let secret = host
        .query_selector("input[name='credentials.passcode']")
        .unwrap()
        .unwrap();
    assert_eq!(secret.get_attribute("type").as_deref(), Some("password"));
    let radios = host.query_selector_all("input[type=radio]").unwrap();
    check(radios.item(1).unwrap().unchecked_into());
    submit(&host).await;
    let (form, inputs) = last_submit(commands);
    assert_eq!(form, "unlock-account");
    assert_eq!(
        inputs.get("identifier"),
        Some(&serde_json::json!("ann@example.com"))
    );
    assert_eq!(inputs.get("methodType"), Some(&serde_json::json!("sms")));
    assert_eq!(
        inputs.get("credentials"),
        Some(&serde_json::json!({"passcode": "4242"}))
    );
}

#[wasm_bindgen_test]
async fn the_generic_form_shows_field_errors_and_sends_a_chosen_option_s_form() {
    let s = state(
        r#"{"version":"1.0.0","stateHandle":"02sh","remediation":{"type":"array","value":[{
            "rel":["create-form"],"name":"enroll-something","href":"http://localhost:3000/idp/idx/x","method":"POST",
            "value":[
              {"name":"nickname","label":"Nickname","messages":{"type":"array","value":[
                {"message":"Nickname is taken.","i18n":{"key":"x.taken"},"class":"ERROR"}]}},
              {"name":"credentials","type":"object","options":[
                {"label":"Pick one","value":{"form":{"value":[
                  {"name":"kind","options":[{"label":"A","value":"a"}]}]}}},
                {"label":"Write your own","value":{"form":{"value":[
                  {"name":"kind","value":"custom","mutable":false},
                  {"name":"text","label":"Your own"}]}}}]},
              {"name":"stateHandle","value":"02sh","visible":false,"mutable":false}
            ]}]}}"#,
    );
    let (host, commands) = preview(s).await;
    // The field's error sits under the field and is tied to it.
    let errors = host
        .query_selector("input[name=nickname]")
        .unwrap()
        .unwrap()
        .get_attribute("aria-describedby")
        .unwrap();
    assert_eq!(text(&host, &format!("#{errors}")), "Nickname is taken.");
    // The second option's own form appears once it is chosen, and is what is sent.
    assert!(
        host.query_selector("input[name='credentials.text']")
            .unwrap()
            .is_none()
    );
    let radios = host.query_selector_all("input[type=radio]").unwrap();
    check(radios.item(1).unwrap().unchecked_into());
    leptos::task::tick().await;
    type_into(&host, "input[name='credentials.text']", "mine");
    submit(&host).await;
    let (form, inputs) = last_submit(commands);
    assert_eq!(form, "enroll-something");
    assert_eq!(
        inputs.get("credentials"),
        Some(&serde_json::json!({"kind": "custom", "text": "mine"}))
    );
}

#[wasm_bindgen_test]
async fn a_step_this_page_cannot_do_says_so_and_offers_the_other_ways() {
    // A WebAuthn challenge without its challengeData: nothing here can fill its inputs.
    let mut s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/authenticator-verification-webauthn.json"
    ));
    s.current_authenticator
        .as_mut()
        .unwrap()
        .value
        .contextual_data = None;
    let (host, _) = preview(s).await;
    assert_eq!(text(&host, "h2"), "Security Key or Biometric");
    assert!(
        host.text_content()
            .unwrap()
            .contains("can't be completed on this sign-in page")
    );
    assert!(
        host.query_selector("button[type=submit]")
            .unwrap()
            .is_none()
    );
    assert!(
        host.text_content()
            .unwrap()
            .contains("Verify with something else")
    );
}

#[wasm_bindgen_test]
async fn a_qr_code_that_is_not_a_png_data_uri_is_never_loaded() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/authenticator-enroll-ov-qr.json"
    ));
    let (host, _) = preview(s.clone()).await;
    let img = host.query_selector("img.idx-qr").unwrap().unwrap();
    assert!(
        img.get_attribute("src")
            .unwrap()
            .starts_with("data:image/png;base64,")
    );
    assert!(img.get_attribute("alt").unwrap().starts_with("QR code."));
    let (host, _) = preview(recorded::with_qr_href(s, "https://evil.example/qr.png")).await;
    assert!(host.query_selector("img").unwrap().is_none());
    assert!(host.text_content().unwrap().contains("could not be shown"));
}

#[wasm_bindgen_test]
async fn choosing_an_okta_verify_method_sends_its_id_and_method() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/authenticator-verification-select-authenticator-ov-m2.json"
    ));
    let (host, commands) = preview(s).await;
    let fastpass = host
        .query_selector("[data-se='okta_verify-signed_nonce']")
        .unwrap()
        .expect("FastPass offered as itself");
    assert!(
        fastpass
            .text_content()
            .unwrap()
            .contains("Use Okta FastPass")
    );
    let push: web_sys::HtmlElement = host
        .query_selector("[data-se='okta_verify-push']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    // The visible text is the accessible name: no aria-label that could say otherwise.
    assert!(push.get_attribute("aria-label").is_none());
    assert!(
        push.text_content()
            .unwrap()
            .contains("Get a push notification")
    );
    push.click();
    leptos::task::tick().await;
    let (form, inputs) = last_submit(commands);
    assert_eq!(form, "select-authenticator-authenticate");
    assert_eq!(
        inputs.get("authenticator"),
        Some(&serde_json::json!({"id": "auteq0lLiL9o1cYoN0g4", "methodType": "push"}))
    );
}

/// Markup in any server string (messages, labels, authenticator names, email addresses) is
/// shown as text: no element is ever made from it.
#[wasm_bindgen_test]
async fn markup_in_every_server_string_renders_as_text() {
    const MARKUP: &str = "<img src=x onerror=\"window.__pwned=1\"><b>bold</b>";
    let mut chooser: serde_json::Value = serde_json::from_str(include_str!(
        "../testdata/idx/siw-playground/idp/idx/authenticator-verification-select-authenticator-ov-m2.json"
    ))
    .unwrap();
    chooser["messages"] = serde_json::json!({"type": "array", "value": [
        {"message": MARKUP, "i18n": {"key": "x.y"}, "class": "ERROR"}
    ]});
    let options = chooser["remediation"]["value"][0]["value"][0]["options"]
        .as_array_mut()
        .unwrap();
    for option in options {
        option["label"] = serde_json::json!(MARKUP);
    }
    let mut waiting: serde_json::Value = serde_json::from_str(include_str!(
        "../testdata/idx/siw-playground/idp/idx/authenticator-enroll-ov-email.json"
    ))
    .unwrap();
    waiting["currentAuthenticator"]["value"]["contextualData"]["email"] =
        serde_json::json!(format!("{MARKUP}@example.com"));
    for doc in [chooser, waiting] {
        let (host, _) = preview(state(&doc.to_string())).await;
        assert!(
            host.query_selector("img, b").unwrap().is_none(),
            "no element from server text: {}",
            host.inner_html()
        );
        assert!(
            host.text_content().unwrap().contains(MARKUP),
            "{}",
            host.text_content().unwrap()
        );
    }
    assert!(
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into())
            .unwrap()
            .is_undefined()
    );
}

fn texts(host: &web_sys::HtmlElement, css: &str) -> Vec<String> {
    let list = host.query_selector_all(css).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().text_content().unwrap_or_default())
        .collect()
}

fn attribute(host: &web_sys::HtmlElement, css: &str, name: &str) -> Option<String> {
    host.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no {css}"))
        .get_attribute(name)
}

#[wasm_bindgen_test]
async fn sign_up_shows_the_org_s_attributes_marks_the_required_and_sends_the_profile() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/enroll-profile-new-boolean-fields.json"
    ));
    let (host, commands) = preview(s).await;
    assert_eq!(text(&host, "h2"), "Sign up");
    // The server's labels, a mark on each required one that only sighted users need.
    assert_eq!(
        texts(&host, "label[for], legend, .idx-checkbox"),
        [
            "First name *",
            "Last name *",
            "Email *",
            "Do you have a pet?",
            "Yes",
            "No",
            "Required *",
            "Optional"
        ]
    );
    assert_eq!(
        attribute(&host, "input[name='userProfile.email']", "type").as_deref(),
        Some("email")
    );
    assert_eq!(
        attribute(&host, "input[name='userProfile.email']", "aria-required").as_deref(),
        Some("true")
    );
    assert_eq!(
        attribute(&host, "input[name='userProfile.optional']", "type").as_deref(),
        Some("checkbox")
    );
    assert_eq!(
        attribute(&host, "input[name='userProfile.optional']", "aria-required").as_deref(),
        Some("false")
    );
    // A required field left blank: said under it, nothing sent.
    type_into(&host, "input[name='userProfile.firstName']", "Ada");
    submit(&host).await;
    assert!(
        !commands
            .get_untracked()
            .iter()
            .any(|c| matches!(c, Command::Submit { .. }))
    );
    assert_eq!(
        text(&host, "#idx-profile-1-error"),
        "This field cannot be left blank."
    );
    type_into(&host, "input[name='userProfile.lastName']", "Lovelace");
    type_into(&host, "input[name='userProfile.email']", "ada@example.com");
    let radios = host.query_selector_all("input[type=radio]").unwrap();
    check(radios.item(0).unwrap().unchecked_into());
    check(
        host.query_selector("input[name='userProfile.required']")
            .unwrap()
            .unwrap()
            .unchecked_into(),
    );
    submit(&host).await;
    let (form, inputs) = last_submit(commands);
    assert_eq!(form, "enroll-profile");
    assert_eq!(
        inputs.get("userProfile"),
        Some(
            &serde_json::json!({"firstName": "Ada", "lastName": "Lovelace",
            "email": "ada@example.com", "pet": true, "required": true, "optional": false})
        )
    );
}

#[wasm_bindgen_test]
async fn an_enumeration_is_a_select_of_the_org_s_values_and_errors_sit_under_their_field() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/profile-enrollment-string-fields-options.json"
    ));
    let (host, commands) = preview(s).await;
    assert_eq!(
        texts(&host, "select[name='userProfile.colores'] option"),
        ["Select an option", "Red", "Blue", "Green"]
    );
    type_into(&host, "input[name='userProfile.firstName']", "Ada");
    type_into(&host, "input[name='userProfile.lastName']", "Lovelace");
    type_into(&host, "input[name='userProfile.email']", "ada@example.com");
    let select: web_sys::HtmlSelectElement = host
        .query_selector("select[name='userProfile.colores']")
        .unwrap()
        .unwrap()
        .unchecked_into();
    select.set_value("1");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    submit(&host).await;
    let (_, inputs) = last_submit(commands);
    assert_eq!(
        inputs.get("userProfile").and_then(|p| p.get("colores")),
        Some(&serde_json::json!("blue"))
    );

    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/error-new-signup-email-exists.json"
    ));
    let (host, _) = preview(s).await;
    assert_eq!(
        text(&host, "#idx-profile-2-error"),
        "A user with this Email already exists"
    );
    assert_eq!(
        attribute(&host, "input[name='userProfile.email']", "aria-invalid").as_deref(),
        Some("true")
    );
    assert!(texts(&host, ".idx-links button").contains(&"Already have an account? Sign in".into()));
}

#[wasm_bindgen_test]
async fn identity_providers_are_buttons_that_navigate_to_the_org_s_href() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/identify-with-third-party-idps.json"
    ));
    let (host, commands) = preview(s).await;
    assert_eq!(
        texts(&host, ".idx-idps button"),
        [
            "Sign in with Google",
            "Sign in with Facebook",
            "Sign in with LinkedIn",
            "Sign in with Microsoft",
            "Sign in with Apple"
        ]
    );
    // No logo is fetched from anywhere.
    assert!(host.query_selector(".idx-idps img").unwrap().is_none());
    let microsoft: web_sys::HtmlElement = host
        .query_selector("[data-se=idp-microsoft]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    microsoft.click();
    leptos::task::tick().await;
    let went = commands.get_untracked().into_iter().find_map(|c| match c {
        Command::Navigate(Href(href)) => Some(href),
        _ => None,
    });
    assert!(
        went.as_deref()
            .is_some_and(|h| h.starts_with("http://localhost:3000/sso/idps/microsoft-123?")),
        "{went:?}"
    );
    assert!(texts(&host, ".idx-links button").contains(&"Sign up".into()));
}

#[wasm_bindgen_test]
async fn the_links_under_identify_are_only_those_offered() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/identify-with-password.json"
    ));
    let (host, _) = preview(s).await;
    assert_eq!(
        texts(&host, ".idx-links button"),
        ["Forgot password?", "Sign up"]
    );
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/identify-with-unlock-account-link.json"
    ));
    let (host, _) = preview(s).await;
    assert_eq!(texts(&host, ".idx-links button"), ["Unlock account?"]);
    // Nothing offered: no list and no divider under "Next".
    let mut bare: serde_json::Value = serde_json::from_str(include_str!(
        "../testdata/idx/siw-playground/idp/idx/identify.json"
    ))
    .unwrap();
    bare["remediation"]["value"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f["name"] == "identify");
    let (host, _) = preview(serde_json::from_value(bare).unwrap()).await;
    assert_eq!(text(&host, "h2"), "Sign in");
    assert!(host.query_selector(".idx-links").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn consent_shows_the_scopes_and_sends_the_answer() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/consent-enduser.json"
    ));
    let (host, commands) = preview(s).await;
    assert_eq!(text(&host, "h2"), "Native client would like to access:");
    assert_eq!(
        texts(&host, ".idx-scope__label"),
        ["View your email address.", "View your phone number."]
    );
    let deny: web_sys::HtmlElement = host
        .query_selector("[data-se=consent-deny]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    deny.click();
    leptos::task::tick().await;
    let (form, inputs) = last_submit(commands);
    assert_eq!(form, "consent");
    assert_eq!(inputs.get("consent"), Some(&serde_json::json!(false)));
}

#[wasm_bindgen_test]
async fn unlock_takes_the_username_then_the_authenticator_chosen() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/user-unlock-account.json"
    ));
    let (host, commands) = preview(s).await;
    assert_eq!(text(&host, "h2"), "Unlock account?");
    assert_eq!(
        texts(&host, ".idx-choices .idx-choice__title"),
        ["Email", "Phone"]
    );
    type_into(&host, "input[name=identifier]", "locked@example.com");
    let email: web_sys::HtmlElement = host
        .query_selector(".idx-choices button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    email.click();
    leptos::task::tick().await;
    let (form, inputs) = last_submit(commands);
    assert_eq!(form, "select-authenticator-unlock-account");
    assert_eq!(
        inputs.get("identifier"),
        Some(&serde_json::json!("locked@example.com"))
    );
    assert_eq!(
        inputs.get("authenticator").and_then(|a| a.get("id")),
        Some(&serde_json::json!("aut2adobikoUywLsl0g4"))
    );
}

#[wasm_bindgen_test]
async fn fastpass_by_custom_uri_offers_the_link_the_download_and_a_way_back() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/identify-with-device-launch-authenticator.json"
    ));
    let (host, commands) = preview(s).await;
    assert_eq!(text(&host, "h2"), "Open Okta Verify");
    let link = host
        .query_selector("a[data-se='open-okta-verify']")
        .unwrap()
        .expect("the link the person presses");
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("http://localhost:3000/idp/idx/authenticators/okta-verify.html")
    );
    let page = host.text_content().unwrap();
    assert!(page.contains("Download Okta Verify"), "{page}");
    assert!(page.contains("Waiting for Okta Verify"), "{page}");
    assert!(
        commands
            .get_untracked()
            .iter()
            .any(|c| matches!(c, Command::OpenApp(_))),
        "opened at once, as Okta's widget does"
    );
    let cancel: web_sys::HtmlElement = host
        .query_selector(".idx-links button")
        .unwrap()
        .expect("a way back")
        .unchecked_into();
    assert_eq!(
        cancel.text_content().unwrap(),
        "Cancel and take me to sign in"
    );
    cancel.click();
    let (form, _) = last_submit(commands);
    assert_eq!(form, "cancel-polling");
}

#[wasm_bindgen_test]
async fn fastpass_by_loopback_says_it_is_verifying_on_this_computer() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/authenticator-verification-okta-verify-signed-nonce-loopback.json"
    ));
    let (host, commands) = preview(s).await;
    assert_eq!(text(&host, "h2"), "Verifying your identity");
    assert!(text(&host, ".idx-progress").contains("Verifying with Okta Verify on this computer"));
    assert!(
        commands.get_untracked().iter().any(
            |c| matches!(c, Command::Probe { url, .. } if url == "http://localhost:2000/probe")
        ),
        "probing starts with the step"
    );
    assert!(!host.text_content().unwrap().contains("Push notification"));
}

/// Presses the button with this text and lets the view catch up.
async fn press(host: &web_sys::HtmlElement, label: &str) {
    let buttons = host.query_selector_all("button").unwrap();
    let button: web_sys::HtmlElement = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no button {label:?}"))
        .unchecked_into();
    button.click();
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn webauthn_enrollment_opens_the_dialog_on_a_press_and_shows_progress() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/authenticator-enroll-webauthn.json"
    ));
    let (host, commands) = preview(s).await;
    assert_eq!(
        text(&host, "h2"),
        "Set up security key or biometric authenticator"
    );
    assert!(
        host.text_content()
            .unwrap()
            .contains("Return to authenticator list")
    );
    assert!(
        !commands
            .get_untracked()
            .iter()
            .any(|c| matches!(c, Command::WebAuthnCreate { .. }))
    );
    press(&host, "Set up").await;
    assert!(
        commands
            .get_untracked()
            .iter()
            .any(|c| matches!(c, Command::WebAuthnCreate { .. }))
    );
    let button = host.query_selector("button.idx-button").unwrap().unwrap();
    assert_eq!(
        button.get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert!(text(&host, ".idx-progress").contains("Follow the instructions in your browser"));
    assert!(text(&host, "[role=status]").contains("Follow the instructions in your browser"));
}

#[wasm_bindgen_test]
async fn a_refused_webauthn_dialog_shows_why_and_offers_to_try_again() {
    let s = state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/authenticator-verification-webauthn-passkeys.json"
    ));
    let (mut session, before) = Session::showing(&config(), s);
    let out = session.update(Event::User(Action::WebAuthn), 0);
    let ticket = out
        .iter()
        .find_map(|c| match c {
            Command::WebAuthnGet { ticket, .. } => Some(*ticket),
            _ => None,
        })
        .expect("a get");
    session.update(
        Event::Answer {
            ticket,
            reply: Box::new(Reply::Asserted(Err(CeremonyError::NotAllowed))),
        },
        0,
    );
    let (host, commands) = mount_session(session, before).await;
    assert_eq!(text(&host, "h2"), "Verify with a passkey");
    assert!(text(&host, ".idx-callout--error").contains("cancelled or timed out"));
    assert_eq!(
        host.query_selector("button.idx-button")
            .unwrap()
            .unwrap()
            .get_attribute("aria-disabled")
            .as_deref(),
        Some("false")
    );
    press(&host, "Try again").await;
    assert!(commands.get_untracked().iter().any(|c| matches!(
        c,
        Command::WebAuthnGet {
            autofill: false,
            ..
        }
    )));
    assert!(
        host.query_selector(".idx-callout--error")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn the_username_field_offers_passkeys_where_the_org_allows_autofill() {
    let autocomplete = |host: &web_sys::HtmlElement| {
        host.query_selector("#idx-identifier")
            .unwrap()
            .unwrap()
            .get_attribute("autocomplete")
            .unwrap()
    };
    let (host, commands) = preview(state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/identify-with-webauthn-autofill.json"
    )))
    .await;
    assert_eq!(autocomplete(&host), "username webauthn");
    assert!(
        commands
            .get_untracked()
            .iter()
            .any(|c| matches!(c, Command::WebAuthnGet { autofill: true, .. }))
    );
    host.remove();
    let (host, _) = preview(state(include_str!(
        "../testdata/idx/siw-playground/idp/idx/identify.json"
    )))
    .await;
    assert_eq!(autocomplete(&host), "username");
}

/// In the wasm `Address` asks the browser's `URL`, natively the `url` crate (whose reading
/// protocol/src/address.rs tests): the browser must give the same parts for what the widget
/// checks, origins, loopback hosts and relative links above all.
#[wasm_bindgen_test]
fn the_browser_reads_addresses_as_the_native_build_does() {
    use idx_protocol::{Address, Host};
    let parse = |s: &str| Address::parse(s).unwrap_or_else(|| panic!("{s:?}"));
    let a = parse("HTTPS://User:P%40ss@Example.COM:8443/a/./b/../c?x=1&y=%23#frag?not");
    assert_eq!(
        a.as_str(),
        "https://User:P%40ss@example.com:8443/a/c?x=1&y=%23#frag?not"
    );
    assert_eq!((a.username(), a.password()), ("User", Some("P%40ss")));
    assert_eq!(a.host(), Some(Host::Domain("example.com")));
    assert_eq!((a.port(), a.path()), (Some(8443), "/a/c"));
    assert_eq!(
        (a.query(), a.fragment()),
        (Some("x=1&y=%23"), Some("frag?not"))
    );
    assert_eq!(a.origin().as_deref(), Some("https://example.com:8443"));
    let org = parse("https://example.okta.com:443");
    assert_eq!(
        (org.as_str(), org.port()),
        ("https://example.okta.com/", None)
    );
    assert!(org.same_origin(&parse("https://EXAMPLE.okta.com/idp/idx/introspect")));
    assert!(!org.same_origin(&parse("https://example.okta.com@evil.test/")));
    assert_eq!(parse("https://x.test/?").query(), Some(""));
    let v4 = parse("http://127.1:8769/probe");
    assert_eq!(v4.host(), Some(Host::Ipv4([127, 0, 0, 1].into())));
    let v6 = parse("http://[0:0::1]:8769/probe");
    assert_eq!(v6.host(), Some(Host::Ipv6(std::net::Ipv6Addr::LOCALHOST)));
    assert_eq!(v6.origin().as_deref(), Some("http://[::1]:8769"));
    let app = parse("com-okta-authenticator:/deviceChallenge?t=1");
    assert_eq!((app.host(), app.origin()), (None, None));
    let base = parse("https://example.okta.com/idp/idx/challenge?x=1");
    let joined = base.join("../authenticators/launch").unwrap();
    assert_eq!(
        joined.as_str(),
        "https://example.okta.com/idp/authenticators/launch"
    );
    assert!(!base.same_origin(&base.join("//evil.test/x").unwrap()));
    let inputs: Vec<String> =
        serde_json::from_str(include_str!("../testdata/not-urls.json")).unwrap();
    for s in inputs {
        assert_eq!(Address::parse(&s), None, "{s:?}");
    }
}

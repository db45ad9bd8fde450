//! The server's messages as the views get them: the page's own, and each field's on the form
//! the step shows (never another form's).

use super::tests::{Harness, config};
use super::*;

fn started(file: &str) -> Harness {
    let state = idx_protocol::testdata::idx(&format!("siw-playground/idp/idx/{file}"));
    Harness::started(config(), state).0
}

fn texts(messages: Vec<&Message>) -> Vec<&str> {
    messages.into_iter().map(|m| m.message.as_str()).collect()
}

#[test]
fn the_page_s_messages_are_the_state_s_global_ones() {
    let h = started("authenticator-expiry-warning-password.json");
    let messages = h.session.messages();
    assert_eq!(messages.len(), 1);
    assert!(!messages[0].is_error());
    assert!(
        messages[0]
            .message
            .starts_with("When your password expires")
    );
    assert!(h.session.field_messages("credentials.passcode").is_empty());
}

#[test]
fn a_field_s_messages_are_those_of_the_step_s_form() {
    let h = started("error-authenticator-enroll-phone-invalid-otp.json");
    assert!(h.session.messages().is_empty());
    assert_eq!(
        texts(h.session.field_messages("credentials.passcode")),
        ["Invalid code. Try again."]
    );
    assert!(h.session.field_messages("credentials").is_empty());
    // Another form shown: the code's message belongs to the form left behind.
    let mut h = h;
    h.user(Action::SwitchTo(Alternative::EnrollList));
    assert!(h.session.field_messages("credentials.passcode").is_empty());
}

#[test]
fn no_state_no_messages() {
    let h = Harness::new(config());
    assert!(h.session.messages().is_empty());
    assert!(h.session.field_messages("identifier").is_empty());
}

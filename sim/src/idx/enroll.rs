//! Setting up authenticators: `credential/enroll` (choosing one to set up), the phone's
//! enrollment data, `challenge/send` (where Okta Verify's setup link goes), `skip`, and
//! self-service registration's `enroll` and `enroll/new`.

use super::*;

pub(super) fn step(call: Call) -> Outcome {
    match (call.endpoint, call.tx.view.clone()) {
        ("enroll" | "enroll/new", _) => crate::registration::step(call),
        ("credential/enroll", View::EnrollData { .. }) if chooses_phone(call.body) => {
            phone_data(call)
        }
        (
            "credential/enroll",
            View::EnrollSelect { .. }
            | View::EnrollPoll { .. }
            | View::EnrollChannelData { .. }
            | View::EnrollData { .. }
            | View::Enroll { .. },
        ) => by_authenticator(call, okta_verify::enroll, factors::enroll),
        ("challenge/send", View::EnrollChannelData { channel }) => {
            send_channel_data(call.app, call.inner, call.tx, channel, call.body)
        }
        ("skip", View::EnrollSelect { optional: true }) => {
            call.tx.okta_verify_skipped = true;
            advance(call.app, call.inner, call.tx, call.request);
            ok()
        }
        ("skip", View::PasswordChange { expiring: true }) => {
            call.tx.password_skipped = true;
            advance(call.app, call.inner, call.tx, call.request);
            ok()
        }
        _ => not_now(),
    }
}

/// Whether the body's `authenticator` is the phone (its enrollment data: method and number).
pub(super) fn chooses_phone(body: &Map<String, Value>) -> bool {
    body.get("authenticator")
        .and_then(|a| a.get("id"))
        .and_then(Value::as_str)
        == Some(crate::forms::PHONE_ID)
}

/// The phone's enrollment data, for factors.rs.
pub(super) fn phone_data(call: Call) -> Outcome {
    let choice = call
        .body
        .get("authenticator")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    factors::phone_data(call.app, call.inner, call.tx, &choice)
}

/// An activation for Okta Verify to complete, by the token its QR code or link carries.
pub(super) fn new_activation(inner: &mut Inner, username: &str) -> String {
    let token = random_id("act", 24);
    inner.activations.insert(
        token.clone(),
        Activation {
            username: username.to_owned(),
            completed: false,
            created: Instant::now(),
        },
    );
    inner.bound();
    token
}

/// Okta Verify's setup link, by email or SMS (to the outbox).
pub(super) fn send_setup_link(
    app: &App,
    inner: &mut Inner,
    channel: Channel,
    address: &str,
    activation: &str,
) {
    let link = format!("{}/sim/activate/{activation}", app.org_url());
    let text = match channel {
        Channel::Sms => format!("Set up Okta Verify: {link}"),
        _ => format!("Open this link on your phone to set up Okta Verify: {link}"),
    };
    let channel = match channel {
        Channel::Sms => Medium::Sms,
        _ => Medium::Email,
    };
    inner.outbox.push(OutboxMessage {
        to: address.to_owned(),
        channel,
        text,
        link: Some(link),
        code: None,
    });
    inner.bound();
}

/// `challenge/send`: the address the setup link goes to, checked, and the link sent.
fn send_channel_data(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    channel: Channel,
    body: &Map<String, Value>,
) -> Outcome {
    let (field, value) = match channel {
        Channel::Sms => ("phoneNumber", body.get("phoneNumber")),
        _ => ("email", body.get("email")),
    };
    let value = value
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_owned();
    let valid = match channel {
        Channel::Sms => is_e164(&value),
        _ => value
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.')),
    };
    if !valid {
        let (key, text) = match channel {
            Channel::Sms => (
                "api.authn.error.invalid_phone_number",
                "Enter a phone number in international format, such as +15551234567.",
            ),
            _ => (
                "api.authn.error.invalid_email",
                "Enter a valid email address.",
            ),
        };
        let path = if field == "email" {
            "email"
        } else {
            "phoneNumber"
        };
        return refuse(
            StatusCode::BAD_REQUEST,
            Feedback::field(path, ion::message_with_params(key, text)),
        );
    }
    let username = tx.user.clone().unwrap_or_default();
    let activation = new_activation(inner, &username);
    send_setup_link(app, inner, channel, &value, &activation);
    tx.view = View::EnrollPoll {
        channel,
        activation,
        address: Some(value),
    };
    tx.reset_polls();
    ok()
}

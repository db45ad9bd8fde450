//! End-user consent: once authenticated, a transaction whose interact asked for a scope in
//! `consent_scopes` answers `consent` (as Okta's `consent-enduser`); allowing it finishes the
//! sign-in, refusing it ends the transaction with Okta's terminal.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::advance::advance;
use crate::ion::{self, Ctx, Feedback, form, state_handle, with};
use crate::outcome::{Call, Outcome, field_error, not_now, ok, refuse};
use crate::policy::scopes_needing_consent;
use crate::store::View;

/// `consent` with the scopes asked for; nothing on the terminal.
pub fn remediations(ctx: &Ctx<'_>) -> Vec<Value> {
    if ctx.tx.view != View::Consent {
        return Vec::new();
    }
    let scopes: Vec<Value> = scopes_needing_consent(ctx.config, &ctx.tx.oauth.scope)
        .into_iter()
        .map(|s| {
            let (label, desc) = describe(s);
            json!({"name": s, "label": label, "value": s, "desc": desc})
        })
        .collect();
    vec![with(
        form(
            ctx,
            "consent",
            "/idp/idx/consent",
            vec![
                json!({"name": "consent", "type": "boolean", "required": true, "options": [
                    {"label": "Allow Access", "value": true},
                    {"label": "Don't Allow", "value": false},
                ]}),
                state_handle(&ctx.tx.state_handle),
            ],
        ),
        json!({"scopes": scopes}),
    )]
}

/// A scope's label and description: Okta's for the OpenID Connect scopes, the scope's own
/// name for a custom one.
fn describe(scope: &str) -> (String, String) {
    let known = match scope {
        "email" => Some("view your email address"),
        "phone" => Some("view your phone number"),
        "profile" => Some("view your profile information"),
        "address" => Some("view your address"),
        "offline_access" => Some("keep you signed in to the app"),
        _ => None,
    };
    match known {
        Some(what) => {
            let mut label = what.to_owned();
            label[..1].make_ascii_uppercase();
            (
                format!("{label}."),
                format!("This allows the app to {what}."),
            )
        }
        None => (
            scope.to_owned(),
            format!("This allows the app to use the {scope} scope."),
        ),
    }
}

/// What the terminal after a refusal says.
pub fn view_messages(ctx: &Ctx<'_>) -> Vec<Value> {
    match ctx.tx.view {
        View::ConsentDenied => vec![ion::message(
            "idx.operation.cancelled.by.user",
            "Operation cancelled by user.",
        )],
        _ => Vec::new(),
    }
}

/// `POST /idp/idx/consent`.
pub fn step(call: Call) -> Outcome {
    let (app, inner, tx, body, request) = call.parts();
    if tx.view != View::Consent {
        return not_now();
    }
    match body.get("consent") {
        Some(Value::Bool(true)) => {
            tx.consented = true;
            advance(app, inner, tx, request);
            ok()
        }
        Some(Value::Bool(false)) => {
            tx.view = View::ConsentDenied;
            ok()
        }
        Some(_) => refuse(
            StatusCode::BAD_REQUEST,
            Feedback::field(
                "consent",
                ion::message_with_params(
                    "model.validation.field.wrong.type",
                    "This field is of the wrong type",
                ),
            ),
        ),
        None => field_error("consent", ion::blank()),
    }
}

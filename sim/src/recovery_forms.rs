//! IDX documents of the side doors (recovery.rs): `identify-recovery`,
//! `select-authenticator-unlock-account`, `reset-authenticator`, the `unlock-account` link and
//! the pages that end a transaction, shaped after Okta's recorded ones (tests/shape.rs).

use serde_json::{Map, Value, json};

use crate::config::Authenticator;
use crate::forms::{authenticator_object, display_name, id_of, password_with_settings};
use crate::ion::{Ctx, PASSWORD_ID, credentials, form, state_handle, state_head, step_form};
use crate::store::{Flow, Terminal, View};

/// The remediations of the views this module renders.
pub fn remediations(ctx: &Ctx<'_>) -> Vec<Value> {
    let sh = ctx.tx.state_handle.as_str();
    match ctx.tx.view {
        View::IdentifyRecovery => vec![form(
            ctx,
            "identify-recovery",
            "/idp/idx/identify",
            vec![
                json!({"name": "identifier", "label": "Username", "required": true}),
                state_handle(sh),
            ],
        )],
        View::UnlockSelect => vec![form(
            ctx,
            "select-authenticator-unlock-account",
            "/idp/idx/challenge",
            vec![
                json!({"name": "identifier", "label": "Username", "required": true}),
                json!({"name": "authenticator", "type": "object", "options": unlock_options()}),
                state_handle(sh),
            ],
        )],
        View::ResetPassword => vec![step_form(
            ctx,
            "reset-authenticator",
            "/idp/idx/challenge/answer",
            credentials(vec![
                json!({"name": "passcode", "label": "New password", "secret": true}),
                json!({"name": "revokeSessions", "type": "boolean", "label": "Sign me out of all other devices"}),
            ]),
            "$.currentAuthenticator",
        )],
        _ => Vec::new(),
    }
}

/// What proves who is locked out: the org's email and phone (the user is not known yet).
const UNLOCK_WITH: [Authenticator; 2] = [Authenticator::OktaEmail, Authenticator::PhoneNumber];

fn unlock_options() -> Vec<Value> {
    UNLOCK_WITH
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let method = match a {
                Authenticator::PhoneNumber => {
                    json!({"name": "methodType", "type": "string", "required": false, "options": [
                        {"label": "SMS", "value": "sms"},
                        {"label": "Voice call", "value": "voice"},
                    ]})
                }
                _ => json!({"name": "methodType", "required": false, "value": "email", "mutable": false}),
            };
            json!({
                "label": display_name(*a),
                "value": {"form": {"value": [
                    {"name": "id", "required": true, "value": id_of(*a), "mutable": false},
                    method,
                ]}},
                "relatesTo": format!("$.authenticatorEnrollments.value[{i}]"),
            })
        })
        .collect()
}

/// The context objects of the views this module renders.
pub fn context(ctx: &Ctx<'_>) -> Vec<(&'static str, Value)> {
    match ctx.tx.view {
        View::UnlockSelect => {
            let listed: Vec<Value> = UNLOCK_WITH
                .iter()
                .map(|a| Value::Object(authenticator_object(*a)))
                .collect();
            // The user is not known: the enrollments are the kinds, without ids.
            let kinds: Vec<Value> = listed
                .iter()
                .map(|a| json!({"type": a["type"], "key": a["key"], "methods": a["methods"]}))
                .collect();
            vec![
                ("authenticators", json!({"type": "array", "value": listed})),
                (
                    "authenticatorEnrollments",
                    json!({"type": "array", "value": kinds}),
                ),
            ]
        }
        View::ResetPassword => {
            let password = password_object();
            vec![
                (
                    "currentAuthenticator",
                    json!({"type": "object", "value": password_with_settings(ctx.config)}),
                ),
                (
                    "authenticators",
                    json!({"type": "array", "value": [password.clone()]}),
                ),
                (
                    "authenticatorEnrollments",
                    json!({"type": "array", "value": [password]}),
                ),
            ]
        }
        _ => Vec::new(),
    }
}

fn password_object() -> Value {
    json!({"type": "password", "key": "okta_password", "id": PASSWORD_ID, "displayName": "Password", "methods": [{"type": "password"}]})
}

/// `unlock-account` beside `identify`, when the org offers self-service unlock.
pub fn unlock_link(ctx: &Ctx<'_>) -> Option<Value> {
    ctx.config.self_service_unlock.then(|| {
        form(
            ctx,
            "unlock-account",
            "/idp/idx/unlock-account",
            vec![state_handle(&ctx.tx.state_handle)],
        )
    })
}

/// Members a recovery carries at every step until the new password: the password it recovers
/// (`recoveryAuthenticator`), as Okta's do.
pub fn recovery_members(ctx: &Ctx<'_>, doc: &mut Map<String, Value>) {
    let recovering = ctx.tx.flow == Flow::Recover
        && !matches!(ctx.tx.view, View::Terminal(_) | View::Success { .. });
    if recovering {
        doc.insert(
            "recoveryAuthenticator".into(),
            json!({"type": "object", "value": password_with_settings(ctx.config)}),
        );
    }
}

/// A page that ends the transaction: its message, whose it was, and `cancel` (back to sign
/// in), as `terminal-reset-password-success.json`, `user-account-unlock-success.json` and
/// `terminal-invalid-reset-password-token.json`.
pub fn terminal(ctx: &Ctx<'_>, which: Terminal) -> Value {
    let mut doc = state_head(ctx.config, &ctx.tx.state_handle);
    let message = match which {
        Terminal::PasswordReset => json!({
            "message": "You can now sign in with your existing username and new password.",
            "i18n": {"key": "idx.recovery.completed"},
            "class": "INFO",
        }),
        Terminal::Unlocked => json!({
            "message": "You can log in using your existing username and password",
            "i18n": {"key": "oie.selfservice.unlock_user.success.message", "params": []},
            "class": "INFO",
        }),
        Terminal::InvalidRecoveryToken => json!({
            "message": "Your reset password token is no longer valid.  Contact your administrator to obtain a new token.",
            "i18n": {"key": "idx.invalid.reset.password.token"},
            "class": "ERROR",
        }),
    };
    doc["messages"] = json!({"type": "array", "value": [message]});
    if let Some((user, state)) = ctx.user {
        doc["user"] =
            json!({"type": "object", "value": {"id": state.id, "identifier": user.username}});
    }
    doc["cancel"] = form(
        ctx,
        "cancel",
        "/idp/idx/cancel",
        vec![state_handle(&ctx.tx.state_handle)],
    );
    doc["app"] = json!({"type": "object", "value": {"name": "oidc_client", "label": "idx-widget demo", "id": ctx.tx.oauth.client_id}});
    doc
}

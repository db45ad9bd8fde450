//! The pieces IDX documents are built of: what a response is about (`Ctx`), messages and
//! feedback, and forms with their common fields. The modules that render steps build with them
//! and render.rs assembles the whole document, so this imports none of those modules.

use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use crate::config::{Authenticator, Config, User};
use crate::store::{Flow, Transaction, UserState, rfc3339};

mod messages;

pub use messages::{Feedback, blank, message, message_with_params, messages_only, session_expired};

/// The Okta Verify authenticator's id in this org.
pub const OKTA_VERIFY_ID: &str = "autSimOktaVerify0001";
/// The password authenticator's id in this org.
pub const PASSWORD_ID: &str = "autSimPassword000001";
const ACCEPTS: &str = "application/json; okta-version=1.0.0";
/// The media type of every IDX answer.
pub const ION_JSON: &str = "application/ion+json; okta-version=1.0.0";

/// What a response is about: the org, the transaction and, once known, the user.
pub struct Ctx<'a> {
    pub org: &'a str,
    pub config: &'a Config,
    pub tx: &'a Transaction,
    pub user: Option<(&'a User, &'a UserState)>,
    /// The number to tap, when the current push has a number challenge.
    pub correct_answer: Option<u8>,
    /// Whether this browser asked to send this user's pushes automatically.
    pub auto_push: bool,
    /// The page's origin (the request's `Origin`), when a browser sent one.
    pub origin: Option<&'a str>,
}

impl Ctx<'_> {
    /// Whether the user has Okta Verify.
    pub fn okta_verify_enrolled(&self) -> bool {
        self.user.is_some_and(|(_, s)| s.okta_verify)
    }

    /// Whether this user has Okta Verify on a computer and the step may use it.
    pub fn fastpass_offered(&self) -> bool {
        self.tx.flow == Flow::SignIn
            && self.user.is_some_and(|(u, s)| {
                s.okta_verify && self.config.fastpass.device(&u.username).is_some()
            })
    }

    /// The other authenticators the user has, in Okta's order.
    pub fn enrolled_others(&self) -> Vec<Authenticator> {
        self.user.map_or_else(Vec::new, |(_, s)| {
            Authenticator::ALL
                .into_iter()
                .filter(|a| s.enrolled.contains(a))
                .collect()
        })
    }

    /// What the enrollment list offers: Okta Verify (`None`) while policy asks for it, then
    /// the required authenticators the user lacks.
    pub fn enroll_entries(&self) -> Vec<Option<Authenticator>> {
        let Some((user, state)) = self.user else {
            return vec![None];
        };
        let mut entries = Vec::new();
        if crate::policy::okta_verify_wanted(user, state, self.tx) {
            entries.push(None);
        }
        entries.extend(crate::policy::missing(user, state).into_iter().map(Some));
        entries
    }

    /// The `refresh` this transaction's waiting step asks for now.
    pub fn refresh_ms(&self) -> u64 {
        self.config.refresh_after(self.tx.polls).as_millis() as u64
    }
}

/// The members every IDX state starts with: its version, handle, expiry and intent.
pub(crate) fn state_head(config: &Config, state_handle: &str) -> Value {
    let expires = SystemTime::now() + Duration::from_secs(config.state_ttl_secs);
    json!({
        "version": "1.0.0",
        "stateHandle": state_handle,
        "expiresAt": rfc3339(expires),
        "intent": "LOGIN",
    })
}

pub(crate) fn form(ctx: &Ctx<'_>, name: &str, path: &str, fields: Vec<Value>) -> Value {
    json!({
        "rel": ["create-form"],
        "name": name,
        "href": format!("{}{path}", ctx.org),
        "method": "POST",
        "produces": ION_JSON,
        "value": fields,
        "accepts": ACCEPTS,
    })
}

pub(crate) fn with(mut form: Value, extra: Value) -> Value {
    if let (Some(f), Value::Object(e)) = (form.as_object_mut(), extra) {
        f.extend(e);
    }
    form
}

pub(crate) fn state_handle(sh: &str) -> Value {
    json!({"name": "stateHandle", "required": true, "value": sh, "visible": false, "mutable": false})
}

/// A form about the current authenticator or enrollment (`relates_to`): one field and the
/// state handle.
pub(crate) fn step_form(
    ctx: &Ctx<'_>,
    name: &str,
    path: &str,
    field: Value,
    relates_to: &str,
) -> Value {
    with(
        form(
            ctx,
            name,
            path,
            vec![field, state_handle(&ctx.tx.state_handle)],
        ),
        json!({"relatesTo": [relates_to]}),
    )
}

/// The `credentials` object of a form, with these fields.
pub(crate) fn credentials(fields: Vec<Value>) -> Value {
    json!({"name": "credentials", "type": "object", "form": {"value": fields}, "required": true})
}

pub(crate) fn okta_verify(methods: &[&str]) -> serde_json::Map<String, Value> {
    let methods: Vec<Value> = methods.iter().map(|m| json!({"type": m})).collect();
    json!({"type": "app", "key": "okta_verify", "id": OKTA_VERIFY_ID, "displayName": "Okta Verify", "methods": methods})
        .as_object()
        .cloned()
        .unwrap_or_default()
}

/// The `resend` form of a step that sent something (a code, a link).
pub(crate) fn resend(ctx: &Ctx<'_>) -> Value {
    form(
        ctx,
        "resend",
        "/idp/idx/challenge/resend",
        vec![state_handle(&ctx.tx.state_handle)],
    )
}

//! Self-service registration and first passwords: "Sign up" on identify
//! (`select-enroll-profile`), the profile form (`enroll-profile`) with Okta's field errors, the
//! password a new or provisioned user chooses (`enroll-authenticator`), and the activation
//! token that starts a provisioned user's first sign-in.

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use crate::App;
use crate::advance::advance;
use crate::config::{
    AttributeType, Authenticator, EnrollPolicy, ProfileAttribute, User, UserStatus,
};
use crate::ion::{self, Ctx, Feedback, PASSWORD_ID, credentials, form, state_handle, step_form};
use crate::outcome::{Call, Outcome, credential, field_error, not_now, ok, refuse};
use crate::store::{Inner, Refusal, Transaction, View};

/// `select-enroll-profile`, when the org lets people sign up.
pub fn select_enroll_profile(ctx: &Ctx<'_>) -> Option<Value> {
    ctx.config.registration.enabled.then(|| {
        form(
            ctx,
            "select-enroll-profile",
            "/idp/idx/enroll",
            vec![state_handle(&ctx.tx.state_handle)],
        )
    })
}

/// The remediations of the registration form and of the first password.
pub fn remediations(ctx: &Ctx<'_>) -> Vec<Value> {
    let sh = ctx.tx.state_handle.as_str();
    match ctx.tx.view {
        View::EnrollProfile => {
            let fields: Vec<Value> = ctx
                .config
                .registration
                .profile
                .iter()
                .map(profile_field)
                .collect();
            vec![
                form(
                    ctx,
                    "enroll-profile",
                    "/idp/idx/enroll/new",
                    vec![
                        json!({"name": "userProfile", "form": {"value": fields}}),
                        state_handle(sh),
                    ],
                ),
                form(
                    ctx,
                    "select-identify",
                    "/idp/idx/identify",
                    vec![state_handle(sh)],
                ),
            ]
        }
        View::EnrollPassword => vec![step_form(
            ctx,
            "enroll-authenticator",
            "/idp/idx/challenge/answer",
            credentials(vec![
                json!({"name": "passcode", "label": "Enter password", "secret": true}),
            ]),
            "$.currentAuthenticator",
        )],
        _ => Vec::new(),
    }
}

/// An attribute as Okta's `userProfile` form lists it: choices and check boxes are described
/// by a `display` option.
fn profile_field(a: &ProfileAttribute) -> Value {
    let display =
        |value: Value| json!([{"label": "display", "value": {"type": "object", "value": value}}]);
    match a.kind {
        AttributeType::String | AttributeType::Email => {
            let mut field =
                json!({"name": a.name, "type": "string", "label": a.label, "required": a.required});
            if let Some(max) = a.max_length {
                field["maxLength"] = json!(max);
            }
            if let Some(min) = a.min_length {
                field["minLength"] = json!(min);
            }
            field
        }
        AttributeType::Boolean => json!({
            "name": a.name, "type": "boolean", "label": a.label, "required": a.required,
            "options": display(json!({"inputType": "checkbox"})),
        }),
        AttributeType::Enum => {
            let options: Vec<Value> = a
                .options
                .iter()
                .map(|o| json!({"label": o.label, "value": o.value}))
                .collect();
            json!({
                "name": a.name, "type": "string", "label": a.label, "required": a.required,
                "options": display(json!({"inputType": "select", "options": options})),
            })
        }
    }
}

/// The password being chosen, with the policy, as Okta sends it for a first password.
pub fn context(ctx: &Ctx<'_>) -> Vec<(&'static str, Value)> {
    let password = crate::forms::password_with_settings(ctx.config);
    let listed = json!({"type": "password", "key": "okta_password", "id": PASSWORD_ID, "displayName": "Password", "methods": [{"type": "password"}]});
    vec![
        (
            "currentAuthenticator",
            json!({"type": "object", "value": password}),
        ),
        (
            "authenticators",
            json!({"type": "array", "value": [listed]}),
        ),
    ]
}

/// What the terminal of an activation token that cannot be used says.
pub fn view_messages(ctx: &Ctx<'_>) -> Vec<Value> {
    match ctx.tx.view {
        View::InvalidActivation => vec![ion::message(
            "idx.missing.activation.token",
            "This can happen if you have already activated your account, or if the URL you are trying to use is invalid. Contact your administrator for further assistance.",
        )],
        _ => Vec::new(),
    }
}

/// `POST /idp/idx/enroll` (open the form) and `/idp/idx/enroll/new` (submit it).
pub fn step(call: Call) -> Outcome {
    match (call.endpoint, &call.tx.view) {
        ("enroll", View::Identify) if call.app.store.config.registration.enabled => {
            call.tx.view = View::EnrollProfile;
            ok()
        }
        ("enroll/new", View::EnrollProfile) => sign_up(call),
        _ => not_now(),
    }
}

fn sign_up(call: Call) -> Outcome {
    let (app, inner, tx, body, request) = call.parts();
    let registration = &app.store.config.registration;
    let empty = Map::new();
    let profile = body
        .get("userProfile")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut errors: Vec<(String, Value)> = Vec::new();
    let text = |name: &str| -> String {
        profile
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    for a in &registration.profile {
        let path = format!("userProfile.{}", a.name);
        for message in check(a, profile.get(&a.name)) {
            errors.push((path.clone(), message));
        }
    }
    let email = text("email");
    if errors.is_empty() && app.store.user(&email).is_some() {
        errors.push(("userProfile.email".into(), taken(registration)));
    }
    if !errors.is_empty() {
        return refuse(
            StatusCode::BAD_REQUEST,
            Feedback {
                global: Vec::new(),
                fields: errors,
            },
        );
    }
    let optional_text = |value: String| (!value.is_empty()).then_some(value);
    let user = User {
        webauthn: Vec::new(),
        username: email.clone(),
        password: String::new(),
        email: Some(email.clone()),
        phone: None,
        first_name: optional_text(text("firstName")),
        last_name: optional_text(text("lastName")),
        locked: false,
        okta_verify: false,
        okta_verify_policy: if registration.enroll.iter().any(|e| e == "okta_verify") {
            EnrollPolicy::Required
        } else {
            EnrollPolicy::None
        },
        number_challenge: false,
        okta_verify_totp: true,
        authenticators: Vec::new(),
        enroll_required: registration
            .enroll
            .iter()
            .filter_map(|e| Authenticator::from_key(e))
            .collect(),
        password_expired: false,
        password_expires_in_days: None,
        security_question: None,
        status: UserStatus::Active,
        activation_token: None,
    };
    match app.store.register(inner, user) {
        Ok(()) => {}
        Err(Refusal::Taken) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                Feedback::field("userProfile.email", taken(registration)),
            );
        }
        Err(Refusal::Full) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                Feedback::global(ion::message(
                    "registration.error.generic",
                    "There was an error creating your account. Please try registering again.",
                )),
            );
        }
    }
    tx.user = Some(email);
    advance(app, inner, tx, request);
    ok()
}

fn email_label(registration: &crate::config::Registration) -> String {
    registration
        .profile
        .iter()
        .find(|a| a.name == "email")
        .map_or_else(|| "Email".to_owned(), |a| a.label.clone())
}

fn taken(registration: &crate::config::Registration) -> Value {
    let label = email_label(registration);
    json!({
        "message": format!("A user with this {label} already exists"),
        "i18n": {"key": "registration.error.notUniqueWithinOrg", "params": [label]},
        "class": "ERROR",
    })
}

/// The longest text an attribute without a `max_length` takes: what the org stores is bounded.
const MAX_TEXT: u32 = 1024;

/// Okta's messages for one attribute's value, none when it is good.
fn check(a: &ProfileAttribute, value: Option<&Value>) -> Vec<Value> {
    let blank = ion::blank;
    let label = &a.label;
    match (a.kind, value) {
        (_, None | Some(Value::Null)) => {
            if a.required {
                vec![blank()]
            } else {
                Vec::new()
            }
        }
        (AttributeType::Boolean, Some(Value::Bool(_))) => Vec::new(),
        // Okta's radio buttons for booleans post the words.
        (AttributeType::Boolean, Some(Value::String(s))) if s == "true" || s == "false" => {
            Vec::new()
        }
        (AttributeType::Boolean, Some(_)) => vec![ion::message_with_params(
            "model.validation.field.wrong.type",
            "This field is of the wrong type",
        )],
        (_, Some(Value::String(s))) if s.trim().is_empty() => {
            if a.required {
                vec![blank()]
            } else {
                Vec::new()
            }
        }
        (AttributeType::Email, Some(Value::String(s))) if !is_email(s.trim()) => vec![
            json!({"message": format!("'{label}' must be in the form of an email address"), "i18n": {"key": "registration.error.invalidLoginEmail", "params": [label]}, "class": "ERROR"}),
            json!({"message": format!("Provided value for property '{label}' does not match required pattern"), "i18n": {"key": "registration.error.doesNotMatchPattern", "params": [label]}, "class": "ERROR"}),
        ],
        (AttributeType::Enum, Some(Value::String(s)))
            if !a.options.iter().any(|o| o.value == s.trim()) =>
        {
            vec![ion::message_with_params(
                "model.validation.field.value.not.allowed",
                "This field value is not allowed",
            )]
        }
        (_, Some(Value::String(s)))
            if s.trim().chars().count() > a.max_length.unwrap_or(MAX_TEXT) as usize =>
        {
            vec![ion::message_with_params(
                "model.validation.field.string.maxLength",
                "This field cannot exceed the maximum allowed characters",
            )]
        }
        (_, Some(Value::String(s)))
            if s.trim().chars().count() < a.min_length.unwrap_or(0) as usize =>
        {
            vec![ion::message_with_params(
                "model.validation.field.string.minLength",
                "This field cannot be less than the minimum required characters",
            )]
        }
        (_, Some(Value::String(_))) => Vec::new(),
        (_, Some(_)) => vec![ion::message_with_params(
            "model.validation.field.wrong.type",
            "This field is of the wrong type",
        )],
    }
}

/// One `@`, something before it, a dotted domain after it, no spaces.
fn is_email(s: &str) -> bool {
    s.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !s.contains(char::is_whitespace)
    })
}

/// `POST /idp/idx/challenge/answer` with the first password.
pub fn enroll_password(call: Call) -> Outcome {
    let (app, inner, tx, body, request) = call.parts();
    let name = tx.user.clone().unwrap_or_default();
    let (Some(user), Some(state)) = (app.store.user(&name), inner.user_state(&name).cloned())
    else {
        return not_now();
    };
    let new = credential(body, "passcode").unwrap_or("");
    if new.is_empty() {
        return field_error("credentials.passcode", ion::blank());
    }
    if let Err(message) = crate::factors::check_password(app, &user, &state.password, new) {
        return field_error("credentials.passcode", message);
    }
    if let Some(s) = inner.user_state(&name) {
        s.password = new.to_owned();
        s.needs_password = false;
        s.provisioned = false;
    }
    advance(app, inner, tx, request);
    ok()
}

/// Interact named an activation token: the transaction starts at the provisioned user's first
/// password, or at Okta's terminal when the token is unknown or used.
pub fn start_activation(app: &App, inner: &mut Inner, tx: &mut Transaction, token: &str) {
    let user = app
        .store
        .user_by_activation_token(token)
        .map(|u| u.username.clone())
        .filter(|name| inner.user_state(name).is_some_and(|s| s.provisioned));
    match user {
        Some(name) => {
            tx.user = Some(name);
            tx.view = View::EnrollPassword;
        }
        None => tx.view = View::InvalidActivation,
    }
}

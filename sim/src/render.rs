//! Builds the whole IDX document for a transaction's view, shaped after Okta's recorded
//! responses (the `siw-v3` fixtures): the shape test in tests/shape.rs keeps these member names
//! from drifting. Each module renders its own steps' remediations, context and messages with
//! ion.rs's pieces; this assembles them, so it alone imports those modules.

use serde_json::{Value, json};

use crate::config::{Authenticator, User};
use crate::ion::{
    Ctx, Feedback, OKTA_VERIFY_ID, PASSWORD_ID, credentials, form, okta_verify, resend,
    state_handle, state_head, step_form, with,
};
use crate::qr;
use crate::store::{Channel, UserState, View};

/// The whole IDX document for the transaction's current view.
pub fn render(ctx: &Ctx<'_>, feedback: Feedback) -> Value {
    if let View::Terminal(which) = ctx.tx.view {
        return crate::recovery_forms::terminal(ctx, which);
    }
    let sh = ctx.tx.state_handle.as_str();
    let mut doc = state_head(ctx.config, sh);
    let obj = doc.as_object_mut().expect("an object");
    let mut remediations = remediations(ctx);
    if let Some(first) = remediations.first_mut() {
        for (path, msg) in feedback.fields {
            attach_field_message(first, &path, msg);
        }
    }
    if let View::Success { code } = &ctx.tx.view {
        obj.insert("successWithInteractionCode".into(), success_form(ctx, code));
    } else if !remediations.is_empty() {
        obj.insert(
            "remediation".into(),
            json!({"type": "array", "value": remediations}),
        );
    }
    let mut global = feedback.global;
    global.extend(crate::forms::view_messages(ctx));
    global.extend(crate::consent::view_messages(ctx));
    global.extend(crate::registration::view_messages(ctx));
    if !global.is_empty() {
        obj.insert("messages".into(), json!({"type": "array", "value": global}));
    }
    let mut members = context_objects(ctx);
    if ctx.tx.view == View::Identify && !ctx.config.idp_only {
        members.extend(crate::webauthn::identify_context(ctx));
        if let Some(captcha) = &ctx.config.captcha {
            members.push(("captcha", captcha.member()));
        }
    }
    for (key, value) in members {
        obj.insert(key.into(), value);
    }
    crate::recovery_forms::recovery_members(ctx, obj);
    if let Some((user, state)) = ctx.user {
        obj.insert("user".into(), user_object(user, state));
    }
    if !matches!(ctx.tx.view, View::Success { .. }) {
        obj.insert("authentication".into(), authentication(ctx));
    }
    obj.insert(
        "cancel".into(),
        form(ctx, "cancel", "/idp/idx/cancel", vec![state_handle(sh)]),
    );
    obj.insert(
        "app".into(),
        json!({"type": "object", "value": {"name": "oidc_client", "label": "idx-widget demo", "id": ctx.tx.oauth.client_id}}),
    );
    doc
}

fn password_credentials() -> Value {
    credentials(vec![
        json!({"name": "passcode", "label": "Password", "secret": true}),
    ])
}

fn remediations(ctx: &Ctx<'_>) -> Vec<Value> {
    let sh = ctx.tx.state_handle.as_str();
    match &ctx.tx.view {
        View::Identify => {
            // Routing everyone to an identity provider leaves only its redirects.
            let idp_only = ctx.config.idp_only;
            let mut list = Vec::new();
            if !idp_only {
                list.push(identify(ctx));
                list.extend(crate::fastpass::launch(ctx));
            }
            list.extend(crate::idp::redirects(ctx));
            if !idp_only {
                // Where Okta's recordings put them: the passkey button after identify, the
                // autofill challenge after the side doors.
                let (launch, autofill) = crate::webauthn::identify_remediations(ctx);
                list.extend(launch);
                list.extend(crate::registration::select_enroll_profile(ctx));
                list.extend(crate::recovery_forms::unlock_link(ctx));
                list.extend(autofill);
            }
            list
        }
        View::EnrollProfile | View::EnrollPassword | View::InvalidActivation => {
            crate::registration::remediations(ctx)
        }
        View::Consent | View::ConsentDenied => crate::consent::remediations(ctx),
        View::Password => vec![step_form(
            ctx,
            "challenge-authenticator",
            "/idp/idx/challenge/answer",
            password_credentials(),
            "$.currentAuthenticatorEnrollment",
        )],
        View::EnrollSelect { optional } => {
            let mut list = vec![crate::forms::select_enroll(ctx)];
            if *optional {
                list.push(form(ctx, "skip", "/idp/idx/skip", vec![state_handle(sh)]));
            }
            list
        }
        View::EnrollPoll { .. } => vec![
            with(
                form(
                    ctx,
                    "enroll-poll",
                    "/idp/idx/challenge/poll",
                    vec![state_handle(sh)],
                ),
                json!({"refresh": ctx.refresh_ms()}),
            ),
            select_channel(ctx),
            crate::forms::select_enroll(ctx),
        ],
        View::EnrollChannelData { channel } => {
            let field = match channel {
                Channel::Sms => {
                    json!({"name": "phoneNumber", "label": "Phone number", "required": true, "visible": true})
                }
                _ => json!({"name": "email", "label": "Email", "required": true, "visible": true}),
            };
            vec![
                form(
                    ctx,
                    "enrollment-channel-data",
                    "/idp/idx/challenge/send",
                    vec![field, state_handle(sh)],
                ),
                select_channel(ctx),
                crate::forms::select_enroll(ctx),
            ]
        }
        View::VerifySelect => vec![crate::forms::select_authenticate(ctx)],
        View::VerifyData => vec![
            step_form(
                ctx,
                "authenticator-verification-data",
                "/idp/idx/challenge",
                json!({"name": "authenticator", "label": "Okta Verify", "form": {"value": [
                    {"name": "id", "required": true, "value": OKTA_VERIFY_ID, "mutable": false},
                    {"name": "methodType", "type": "string", "required": true, "options": crate::forms::method_options(ctx)},
                    auto_challenge_field(ctx),
                ]}}),
                "$.currentAuthenticator",
            ),
            crate::forms::select_authenticate(ctx),
        ],
        View::PushPoll { .. } => vec![
            with(
                form(
                    ctx,
                    "challenge-poll",
                    "/idp/idx/authenticators/poll",
                    vec![auto_challenge_field(ctx), state_handle(sh)],
                ),
                json!({"relatesTo": ["$.currentAuthenticator"], "refresh": ctx.refresh_ms()}),
            ),
            crate::forms::select_authenticate(ctx),
        ],
        View::PushResend { .. } => vec![
            step_form(
                ctx,
                "resend",
                "/idp/idx/challenge",
                json!({"name": "authenticator", "type": "object", "label": "Okta Verify", "required": true, "value": {"form": {"value": [
                    {"name": "id", "required": true, "value": OKTA_VERIFY_ID, "mutable": false},
                    {"name": "methodType", "label": "Push notification", "required": false, "value": "push", "mutable": false},
                ]}}}),
                "$.currentAuthenticator",
            ),
            crate::forms::select_authenticate(ctx),
        ],
        View::Totp => vec![
            step_form(
                ctx,
                "challenge-authenticator",
                "/idp/idx/challenge/answer",
                credentials(vec![
                    json!({"name": "totp", "label": "Enter code", "required": true, "visible": true}),
                ]),
                "$.currentAuthenticator",
            ),
            crate::forms::select_authenticate(ctx),
        ],
        View::Challenge {
            authenticator: Authenticator::Webauthn,
        }
        | View::Enroll {
            authenticator: Authenticator::Webauthn,
        } => crate::webauthn::remediations(ctx),
        View::ChallengeData { .. }
        | View::Challenge { .. }
        | View::EnrollData { .. }
        | View::Enroll { .. }
        | View::PasswordChange { .. } => crate::forms::remediations(ctx),
        View::IdentifyRecovery | View::UnlockSelect | View::ResetPassword => {
            crate::recovery_forms::remediations(ctx)
        }
        View::FastPass(waiting) => crate::fastpass::remediations(ctx, waiting),
        View::Success { .. } | View::Terminal(_) => Vec::new(),
    }
}

fn identify(ctx: &Ctx<'_>) -> Value {
    let mut fields = vec![json!({"name": "identifier", "label": "Username", "required": true})];
    if ctx.config.password_on_identify {
        fields.push(password_credentials());
    }
    fields.push(json!({"name": "rememberMe", "type": "boolean", "label": "Keep me signed in"}));
    if let Some(captcha) = &ctx.config.captcha {
        fields.push(captcha.field());
    }
    fields.push(state_handle(&ctx.tx.state_handle));
    form(ctx, "identify", "/idp/idx/identify", fields)
}

fn auto_challenge_field(ctx: &Ctx<'_>) -> Value {
    let on = ctx.auto_push;
    json!({"name": "autoChallenge", "type": "boolean", "label": "Send push automatically", "required": false, "value": on, "mutable": true})
}

fn select_channel(ctx: &Ctx<'_>) -> Value {
    form(
        ctx,
        "select-enrollment-channel",
        "/idp/idx/credential/enroll",
        vec![
            json!({"name": "authenticator", "type": "object", "label": "Okta Verify", "value": {"form": {"value": [
                {"name": "id", "required": true, "value": OKTA_VERIFY_ID, "mutable": false},
                crate::forms::channel_field(ctx),
            ]}}}),
            state_handle(&ctx.tx.state_handle),
        ],
    )
}

/// The context of a step enrolling Okta Verify: what a verification step carries, and Okta
/// Verify as the `enrollmentAuthenticator`.
fn enrolling_okta_verify(mut list: Vec<(&'static str, Value)>) -> Vec<(&'static str, Value)> {
    list.push((
        "enrollmentAuthenticator",
        json!({"type": "object", "value": okta_verify(&["push", "totp"])}),
    ));
    list
}

fn password_enrollment(ctx: &Ctx<'_>) -> Value {
    let mut password = json!({
        "type": "password",
        "key": "okta_password",
        "id": PASSWORD_ID,
        "displayName": "Password",
        "methods": [{"type": "password"}],
        "profile": {"name": "Password"},
    });
    // "Forgot password?" is offered only when the org allows self-service recovery.
    if ctx.config.self_service_recovery {
        password["recover"] = form(
            ctx,
            "recover",
            "/idp/idx/recover",
            vec![state_handle(&ctx.tx.state_handle)],
        );
    }
    password
}

/// The context objects of the current view: authenticators, enrollments, the current one.
fn context_objects(ctx: &Ctx<'_>) -> Vec<(&'static str, Value)> {
    let sh = ctx.tx.state_handle.as_str();
    let mut ov_authenticator = okta_verify(&["push", "totp"]);
    ov_authenticator.insert("allowedFor".into(), json!("any"));
    crate::fastpass::add_method(ctx, &mut ov_authenticator);
    // Enrollment steps list what may be enrolled; the others, what may verify.
    let entries = if ctx.tx.view.is_enrollment() {
        ctx.enroll_entries()
    } else {
        let mut list: Vec<Option<Authenticator>> = Vec::new();
        if ctx.okta_verify_enrolled() || ctx.user.is_none() {
            list.push(None);
        }
        list.extend(ctx.enrolled_others().into_iter().map(Some));
        list
    };
    let listed: Vec<Value> = entries
        .iter()
        .map(|entry| match entry {
            None => Value::Object(ov_authenticator.clone()),
            Some(a) => Value::Object(crate::forms::authenticator_object(*a)),
        })
        .collect();
    let authenticators = json!({"type": "array", "value": listed});
    let device = ctx
        .user
        .map(|(_, s)| s.enrollment_id.clone())
        .unwrap_or_default();
    let mut ov_enrollment = okta_verify(&["push", "totp"]);
    ov_enrollment.insert("id".into(), json!(device));
    ov_enrollment.insert("profile".into(), json!({"deviceName": "Simulated phone"}));
    crate::fastpass::add_method(ctx, &mut ov_enrollment);
    let password = json!({"type": "password", "key": "okta_password", "id": PASSWORD_ID, "displayName": "Password", "methods": [{"type": "password"}]});
    let mut enrolled = vec![password];
    if ctx.okta_verify_enrolled() {
        enrolled.push(Value::Object(ov_enrollment));
    }
    if let Some((user, state)) = ctx.user {
        for a in ctx.enrolled_others() {
            if a == Authenticator::Webauthn {
                enrolled.extend(crate::webauthn::enrollments(state));
                continue;
            }
            enrolled.push(Value::Object(crate::forms::enrollment_object(
                a, user, state,
            )));
        }
    }
    let enrollments = json!({"type": "array", "value": enrolled});
    // Verification steps carry the current authenticator beside both lists.
    let lists = (authenticators.clone(), enrollments.clone());
    let with_lists = move |ov: serde_json::Map<String, Value>| {
        vec![
            (
                "currentAuthenticator",
                json!({"type": "object", "value": ov}),
            ),
            ("authenticators", lists.0),
            ("authenticatorEnrollments", lists.1),
        ]
    };
    match &ctx.tx.view {
        View::Identify => {
            if ctx.config.password_on_identify {
                vec![(
                    "currentAuthenticator",
                    json!({"type": "object", "value": password_enrollment(ctx)}),
                )]
            } else {
                Vec::new()
            }
        }
        View::Password => vec![
            (
                "currentAuthenticatorEnrollment",
                json!({"type": "object", "value": password_enrollment(ctx)}),
            ),
            (
                "authenticators",
                json!({"type": "array", "value": [
                    {"type": "password", "key": "okta_password", "id": PASSWORD_ID, "displayName": "Password", "methods": [{"type": "password"}]}
                ]}),
            ),
            ("authenticatorEnrollments", enrollments),
        ],
        View::EnrollSelect { .. } => vec![
            ("authenticators", authenticators),
            ("authenticatorEnrollments", enrollments),
        ],
        View::EnrollPoll {
            channel,
            activation,
            address,
        } => {
            let mut ov = okta_verify(&["push", "totp"]);
            let data = match channel {
                Channel::Qrcode => json!({
                    "qrcode": {"method": "embedded", "href": qr::activation_png_data_uri(ctx.org, activation), "type": "image/png"},
                    "selectedChannel": "qrcode",
                }),
                Channel::Email => json!({"selectedChannel": "email", "email": address}),
                Channel::Sms => json!({"selectedChannel": "sms", "phoneNumber": address}),
                Channel::SameDevice | Channel::DeviceBootstrap => {
                    crate::fastpass::on_device(ctx, *channel, activation, &mut ov)
                }
            };
            if !channel.activates() {
                ov.insert("resend".into(), resend(ctx));
            }
            ov.insert("contextualData".into(), data);
            enrolling_okta_verify(with_lists(ov))
        }
        View::EnrollChannelData { channel } => {
            let mut ov = okta_verify(&["push", "totp"]);
            ov.insert(
                "contextualData".into(),
                json!({"selectedChannel": channel.as_str()}),
            );
            enrolling_okta_verify(with_lists(ov))
        }
        View::VerifySelect => vec![
            ("authenticators", authenticators),
            ("authenticatorEnrollments", enrollments),
        ],
        View::VerifyData => {
            let mut ov = okta_verify(&["push", "totp"]);
            ov.insert("resend".into(), resend(ctx));
            with_lists(ov)
        }
        View::PushPoll { .. } | View::PushResend { .. } => {
            let mut ov = okta_verify(&["push"]);
            ov.insert(
                "resend".into(),
                form(ctx, "resend", "/idp/idx/challenge", vec![
                    json!({"name": "authenticator", "required": true, "value": {"methodType": "push", "id": OKTA_VERIFY_ID}, "visible": false, "mutable": false}),
                    state_handle(sh),
                ]),
            );
            if let Some(n) = ctx.correct_answer {
                ov.insert(
                    "contextualData".into(),
                    json!({"correctAnswer": n.to_string()}),
                );
            }
            with_lists(ov)
        }
        View::Totp => {
            let mut ov = okta_verify(&["totp"]);
            ov.insert(
                "send".into(),
                form(
                    ctx,
                    "send",
                    "/idp/idx/challenge/send",
                    vec![state_handle(sh)],
                ),
            );
            with_lists(ov)
        }
        View::Challenge {
            authenticator: Authenticator::Webauthn,
        }
        | View::Enroll {
            authenticator: Authenticator::Webauthn,
        } => crate::webauthn::context(ctx, authenticators, enrollments),
        View::ChallengeData { .. }
        | View::Challenge { .. }
        | View::EnrollData { .. }
        | View::Enroll { .. }
        | View::PasswordChange { .. } => crate::forms::context(ctx, authenticators, enrollments),
        View::IdentifyRecovery | View::UnlockSelect | View::ResetPassword => {
            crate::recovery_forms::context(ctx)
        }
        View::EnrollPassword => crate::registration::context(ctx),
        View::FastPass(waiting) => {
            crate::fastpass::context(ctx, waiting, authenticators, enrollments)
        }
        View::EnrollProfile
        | View::InvalidActivation
        | View::Consent
        | View::ConsentDenied
        | View::Success { .. }
        | View::Terminal(_) => Vec::new(),
    }
}

fn success_form(ctx: &Ctx<'_>, code: &str) -> Value {
    json!({
        "rel": ["create-form"],
        "name": "issue",
        "href": ctx.tx.oauth.token_endpoint,
        "method": "POST",
        "value": [
            {"name": "grant_type", "required": true, "value": "interaction_code"},
            {"name": "interaction_code", "required": true, "value": code},
            {"name": "client_id", "required": true, "value": ctx.tx.oauth.client_id},
            {"name": "code_verifier", "required": true},
        ],
        "accepts": "application/x-www-form-urlencoded",
    })
}

/// The echo of the OAuth request that started the transaction, so clients can check it is
/// theirs (`state`, `code_challenge`).
fn authentication(ctx: &Ctx<'_>) -> Value {
    let oauth = &ctx.tx.oauth;
    let server_id = &oauth.server_id;
    let mut request = json!({
        "max_age": -1,
        "scope": oauth.scope,
        "response_type": "code",
        "redirect_uri": oauth.redirect_uri,
        "state": oauth.state,
        "code_challenge_method": "S256",
        "code_challenge": oauth.code_challenge,
        "response_mode": "query",
    });
    if let Some(nonce) = &oauth.nonce {
        request["nonce"] = json!(nonce);
    }
    json!({"type": "object", "value": {
        "protocol": "OAUTH2.0",
        "issuer": {"id": server_id, "name": server_id, "uri": oauth.issuer},
        "request": request,
    }})
}

fn user_object(user: &User, state: &UserState) -> Value {
    let first = user.first_name.clone().unwrap_or_else(|| {
        user.username
            .split('@')
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    json!({"type": "object", "value": {
        "id": state.id,
        "identifier": user.username,
        "profile": {
            "firstName": first,
            "lastName": user.last_name.clone().unwrap_or_default(),
            "timeZone": "America/Los_Angeles",
            "locale": "en_US",
        },
    }})
}

/// Puts a message on the field at `path` (dotted, through nested forms, and through every
/// option of a field with options, as Okta marks `credentials.answer` in both security
/// question forms) of a form.
fn attach_field_message(form: &mut Value, path: &str, msg: Value) {
    let parts: Vec<&str> = path.split('.').collect();
    if let Some(Value::Array(fields)) = form.get_mut("value") {
        attach_in(fields, &parts, &msg);
    }
}

fn attach_in(fields: &mut [Value], parts: &[&str], msg: &Value) {
    let Some((first, rest)) = parts.split_first() else {
        return;
    };
    let Some(field) = fields.iter_mut().find(|f| f["name"] == *first) else {
        return;
    };
    if rest.is_empty() {
        match field.pointer_mut("/messages/value") {
            Some(Value::Array(list)) => list.push(msg.clone()),
            _ => field["messages"] = json!({"type": "array", "value": [msg]}),
        }
        return;
    }
    if let Some(Value::Array(inner)) = field.pointer_mut("/form/value") {
        attach_in(inner, rest, msg);
        return;
    }
    if let Some(Value::Array(options)) = field.get_mut("options") {
        for option in options {
            if let Some(Value::Array(inner)) = option.pointer_mut("/value/form/value") {
                attach_in(inner, rest, msg);
            }
        }
    }
}

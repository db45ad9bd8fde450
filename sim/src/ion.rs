//! Builds IDX documents for each step, shaped after Okta's recorded responses (the `siw-v3`
//! fixtures): the shape test in tests/shape.rs keeps these member names from drifting.

use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use crate::config::{Authenticator, Config, User};
use crate::qr;
use crate::store::{Channel, Transaction, UserState, View, rfc3339};

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

/// Something to tell the user with the step: global messages, or ones under fields.
#[derive(Debug, Default)]
pub struct Feedback {
    pub global: Vec<Value>,
    /// Dotted field paths in the primary remediation (`credentials.totp`,
    /// `userProfile.email`) and their messages.
    pub fields: Vec<(String, Value)>,
}

impl Feedback {
    /// One global message.
    pub fn global(message: Value) -> Self {
        Self {
            global: vec![message],
            fields: Vec::new(),
        }
    }

    /// One message under a field of the primary form.
    pub fn field(path: impl Into<String>, message: Value) -> Self {
        Self {
            global: Vec::new(),
            fields: vec![(path.into(), message)],
        }
    }
}

/// A message in Okta's shape.
pub fn message(key: &str, text: &str) -> Value {
    json!({"message": text, "i18n": {"key": key}, "class": "ERROR"})
}

/// A message with i18n params, as field errors carry them.
pub fn message_with_params(key: &str, text: &str) -> Value {
    json!({"message": text, "i18n": {"key": key, "params": []}, "class": "ERROR"})
}

/// Okta's message for a required field left empty.
pub fn blank() -> Value {
    message_with_params(
        "model.validation.field.blank",
        "This field cannot be left blank",
    )
}

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

/// A document with only messages: what Okta sends for an expired or unknown state handle.
pub fn messages_only(messages: Vec<Value>) -> Value {
    json!({"version": "1.0.0", "messages": {"type": "array", "value": messages}})
}

/// The expired-session answer.
pub fn session_expired() -> Value {
    messages_only(vec![message(
        "idx.session.expired",
        "The session has expired.",
    )])
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
            let mut list = vec![select_enroll(ctx)];
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
            select_enroll(ctx),
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
                select_enroll(ctx),
            ]
        }
        View::VerifySelect => vec![select_authenticate(ctx)],
        View::VerifyData => vec![
            step_form(
                ctx,
                "authenticator-verification-data",
                "/idp/idx/challenge",
                json!({"name": "authenticator", "label": "Okta Verify", "form": {"value": [
                    {"name": "id", "required": true, "value": OKTA_VERIFY_ID, "mutable": false},
                    {"name": "methodType", "type": "string", "required": true, "options": method_options(ctx)},
                    auto_challenge_field(ctx),
                ]}}),
                "$.currentAuthenticator",
            ),
            select_authenticate(ctx),
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
            select_authenticate(ctx),
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
            select_authenticate(ctx),
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
            select_authenticate(ctx),
        ],
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

/// Whether this user's Okta Verify offers push alone.
fn push_only(ctx: &Ctx<'_>) -> bool {
    ctx.user.is_some_and(|(u, _)| !u.okta_verify_totp) && !crate::fastpass::offered(ctx)
}

fn method_options(ctx: &Ctx<'_>) -> Value {
    let mut options = Vec::new();
    if crate::fastpass::offered(ctx) {
        options.push(json!({"label": "Use Okta FastPass", "value": "signed_nonce"}));
    }
    if ctx.user.is_none_or(|(u, _)| u.okta_verify_totp) {
        options.push(json!({"label": "Enter a code", "value": "totp"}));
    }
    options.push(json!({"label": "Get a push notification", "value": "push"}));
    Value::Array(options)
}

fn auto_challenge_field(ctx: &Ctx<'_>) -> Value {
    let on = ctx.auto_push;
    json!({"name": "autoChallenge", "type": "boolean", "label": "Send push automatically", "required": false, "value": on, "mutable": true})
}

fn channel_field(ctx: &Ctx<'_>) -> Value {
    let mut options = vec![json!({"label": "QRCODE", "value": "qrcode"})];
    for channel in &ctx.config.enrollment_channels {
        options.push(json!({"label": channel.to_ascii_uppercase(), "value": channel}));
    }
    if let Some(channel) = ctx.config.fastpass.enroll_on_this_device {
        let name = channel.as_str();
        options.push(json!({"label": name.to_ascii_uppercase(), "value": name}));
    }
    json!({"name": "channel", "type": "string", "required": false, "options": options})
}

pub(crate) fn select_enroll(ctx: &Ctx<'_>) -> Value {
    let mut options = Vec::new();
    for (i, entry) in ctx.enroll_entries().into_iter().enumerate() {
        options.push(match entry {
            None => json!({
                "label": "Okta Verify",
                "value": {"form": {"value": [
                    {"name": "id", "required": true, "value": OKTA_VERIFY_ID, "mutable": false},
                    channel_field(ctx),
                ]}},
                "relatesTo": format!("$.authenticators.value[{i}]"),
            }),
            Some(a) => crate::forms::enroll_option(a, i),
        });
    }
    form(
        ctx,
        "select-authenticator-enroll",
        "/idp/idx/credential/enroll",
        vec![
            json!({"name": "authenticator", "type": "object", "options": options}),
            state_handle(&ctx.tx.state_handle),
        ],
    )
}

fn select_channel(ctx: &Ctx<'_>) -> Value {
    form(
        ctx,
        "select-enrollment-channel",
        "/idp/idx/credential/enroll",
        vec![
            json!({"name": "authenticator", "type": "object", "label": "Okta Verify", "value": {"form": {"value": [
                {"name": "id", "required": true, "value": OKTA_VERIFY_ID, "mutable": false},
                channel_field(ctx),
            ]}}}),
            state_handle(&ctx.tx.state_handle),
        ],
    )
}

pub(crate) fn select_authenticate(ctx: &Ctx<'_>) -> Value {
    let mut options = Vec::new();
    let flow = ctx.tx.flow;
    if ctx.okta_verify_enrolled() && crate::policy::proves_okta_verify(flow) {
        // Push alone is not a choice: the option names only the authenticator, and choosing it
        // leads to the "Send push" form.
        let mut select_fields = vec![
            json!({"name": "id", "required": true, "value": OKTA_VERIFY_ID, "mutable": false, "visible": false}),
        ];
        if !push_only(ctx) {
            select_fields.push(json!({"name": "methodType", "type": "string", "required": false, "mutable": true, "visible": true, "options": method_options(ctx)}));
        }
        options.push(json!({
            "label": "Okta Verify",
            "value": {"form": {"value": select_fields}},
            "relatesTo": "$.authenticators.value[0]",
        }));
    }
    // The others relate to their enrollment: after the password and Okta Verify.
    let first = 1 + usize::from(ctx.okta_verify_enrolled());
    if let Some((_, state)) = ctx.user {
        for (i, a) in ctx.enrolled_others().into_iter().enumerate() {
            if crate::policy::proves(flow, a) {
                options.push(crate::forms::verify_option(a, state, first + i));
            }
        }
    }
    form(
        ctx,
        "select-authenticator-authenticate",
        "/idp/idx/challenge",
        vec![
            json!({"name": "authenticator", "type": "object", "options": options}),
            state_handle(&ctx.tx.state_handle),
        ],
    )
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

//! IDX documents for the authenticators besides the password and Okta Verify (email, phone,
//! Google Authenticator, security question) and for password changes, shaped after Okta's
//! recorded responses (tests/shape.rs compares them), and the pickers that list every
//! authenticator (`select-authenticator-authenticate`, `select-authenticator-enroll`), which
//! WebAuthn's and FastPass's steps offer too.

use serde_json::{Map, Value, json};

use crate::config::{
    Authenticator, Config, ORG_NAME, PasswordComplexity, SECURITY_QUESTIONS, User,
    predefined_question,
};
use crate::ion::{
    Ctx, OKTA_VERIFY_ID, PASSWORD_ID, credentials, form, state_handle, step_form, with,
};
use crate::policy::{proves, proves_okta_verify};
use crate::store::{Medium, UserState, View};

/// The email authenticator's id in this org.
pub const EMAIL_ID: &str = "autSimEmail000000001";
/// The phone authenticator's id in this org.
pub const PHONE_ID: &str = "autSimPhone000000001";
/// Google Authenticator's id in this org.
pub const GOOGLE_OTP_ID: &str = "autSimGoogleOtp00001";
/// The security question authenticator's id in this org.
pub const SECURITY_QUESTION_ID: &str = "autSimSecQuestion001";
/// The WebAuthn authenticator's id in this org.
pub const WEBAUTHN_ID: &str = "autSimWebauthn000001";
/// What Okta calls the WebAuthn authenticator.
pub const DISPLAY_NAME: &str = "Security Key or Biometric";

/// An authenticator's id.
pub fn id_of(a: Authenticator) -> &'static str {
    match a {
        Authenticator::OktaEmail => EMAIL_ID,
        Authenticator::PhoneNumber => PHONE_ID,
        Authenticator::GoogleOtp => GOOGLE_OTP_ID,
        Authenticator::SecurityQuestion => SECURITY_QUESTION_ID,
        Authenticator::Webauthn => WEBAUTHN_ID,
    }
}

/// The authenticator with this id.
pub fn by_id(id: &str) -> Option<Authenticator> {
    Authenticator::ALL.into_iter().find(|a| id_of(*a) == id)
}

fn type_of(a: Authenticator) -> &'static str {
    match a {
        Authenticator::OktaEmail => "email",
        Authenticator::PhoneNumber => "phone",
        Authenticator::GoogleOtp => "app",
        Authenticator::SecurityQuestion => "security_question",
        Authenticator::Webauthn => "security_key",
    }
}

/// The name Okta shows.
pub fn display_name(a: Authenticator) -> &'static str {
    match a {
        Authenticator::OktaEmail => "Email",
        Authenticator::PhoneNumber => "Phone",
        Authenticator::GoogleOtp => "Google Authenticator",
        Authenticator::SecurityQuestion => "Security Question",
        Authenticator::Webauthn => DISPLAY_NAME,
    }
}

fn methods_of(a: Authenticator) -> &'static [&'static str] {
    match a {
        Authenticator::OktaEmail => &["email"],
        Authenticator::PhoneNumber => &["sms", "voice"],
        Authenticator::GoogleOtp => &["otp"],
        Authenticator::SecurityQuestion => &["security_question"],
        Authenticator::Webauthn => &["webauthn"],
    }
}

fn methods(list: &[&str]) -> Value {
    Value::Array(list.iter().map(|m| json!({"type": m})).collect())
}

/// The authenticator as `authenticators` lists it.
pub fn authenticator_object(a: Authenticator) -> Map<String, Value> {
    object(json!({
        "type": type_of(a),
        "key": a.key(),
        "id": id_of(a),
        "displayName": display_name(a),
        "methods": methods(methods_of(a)),
    }))
}

/// The user's enrollment as `authenticatorEnrollments` lists it, with its masked profile.
pub fn enrollment_object(a: Authenticator, user: &User, state: &UserState) -> Map<String, Value> {
    let mut map = authenticator_object(a);
    map.insert("id".into(), json!(state.enrollment_id_of(a)));
    if let Some(profile) = profile(a, user, state) {
        map.insert("profile".into(), profile);
    }
    map
}

fn profile(a: Authenticator, user: &User, state: &UserState) -> Option<Value> {
    match a {
        Authenticator::OktaEmail => Some(json!({"email": mask_email(user.email())})),
        Authenticator::PhoneNumber => state
            .phone
            .as_deref()
            .map(|p| json!({"phoneNumber": mask_phone(p)})),
        Authenticator::SecurityQuestion => state
            .security_question
            .as_ref()
            .map(|(key, question, _)| json!({"questionKey": key, "question": question})),
        Authenticator::GoogleOtp | Authenticator::Webauthn => None,
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// An email as Okta shows it: the first and last character of the local part, stars between.
pub fn mask_email(email: &str) -> String {
    let Some((local, domain)) = email.split_once('@') else {
        return "*".repeat(email.chars().count().min(8));
    };
    let chars: Vec<char> = local.chars().collect();
    let masked = match chars.as_slice() {
        [] => String::new(),
        [only] => format!("{only}*"),
        [first, middle @ .., last] => format!("{first}{}{last}", "*".repeat(middle.len().max(1))),
    };
    format!("{masked}@{domain}")
}

/// A phone number as Okta shows it: `+1 XXX-XXX-2345` (North America), else the country
/// digits kept and all but the last four hidden.
pub fn mask_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let last4 = &digits[digits.len().saturating_sub(4)..];
    if digits.len() == 11 && digits.starts_with('1') {
        return format!("+1 XXX-XXX-{last4}");
    }
    format!("+{}{last4}", "X".repeat(digits.len().saturating_sub(4)))
}

/// Whether this user's Okta Verify offers push alone.
fn push_only(ctx: &Ctx<'_>) -> bool {
    ctx.user.is_some_and(|(u, _)| !u.okta_verify_totp) && !ctx.fastpass_offered()
}

pub(crate) fn method_options(ctx: &Ctx<'_>) -> Value {
    let mut options = Vec::new();
    if ctx.fastpass_offered() {
        options.push(json!({"label": "Use Okta FastPass", "value": "signed_nonce"}));
    }
    if ctx.user.is_none_or(|(u, _)| u.okta_verify_totp) {
        options.push(json!({"label": "Enter a code", "value": "totp"}));
    }
    options.push(json!({"label": "Get a push notification", "value": "push"}));
    Value::Array(options)
}

pub(crate) fn channel_field(ctx: &Ctx<'_>) -> Value {
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
            Some(a) => enroll_option(a, i),
        });
    }
    authenticator_picker(
        ctx,
        "select-authenticator-enroll",
        "/idp/idx/credential/enroll",
        options,
    )
}

/// A form choosing one authenticator among `options` (each a form of its own).
fn authenticator_picker(ctx: &Ctx<'_>, name: &str, path: &str, options: Vec<Value>) -> Value {
    form(
        ctx,
        name,
        path,
        vec![
            json!({"name": "authenticator", "type": "object", "options": options}),
            state_handle(&ctx.tx.state_handle),
        ],
    )
}

pub(crate) fn select_authenticate(ctx: &Ctx<'_>) -> Value {
    let mut options = Vec::new();
    let flow = ctx.tx.flow;
    if ctx.okta_verify_enrolled() && proves_okta_verify(flow) {
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
            if proves(flow, a) {
                options.push(verify_option(a, state, first + i));
            }
        }
    }
    authenticator_picker(
        ctx,
        "select-authenticator-authenticate",
        "/idp/idx/challenge",
        options,
    )
}

/// An option of `select-authenticator-enroll`, relating to `authenticators[index]`.
pub fn enroll_option(a: Authenticator, index: usize) -> Value {
    select_option(
        a,
        json!({"name": "phoneNumber", "label": "Phone number", "required": false}),
        format!("$.authenticators.value[{index}]"),
    )
}

/// An option of `select-authenticator-authenticate`, relating to
/// `authenticatorEnrollments[index]`.
pub fn verify_option(a: Authenticator, state: &UserState, index: usize) -> Value {
    // WebAuthn has an enrollment per credential: as Okta's, its option names the
    // authenticator, which `authenticators` lists without the password (one place earlier).
    let relates_to = match a {
        Authenticator::Webauthn => format!("$.authenticators.value[{}]", index.saturating_sub(1)),
        _ => format!("$.authenticatorEnrollments.value[{index}]"),
    };
    select_option(
        a,
        json!({"name": "enrollmentId", "required": true, "value": state.enrollment_id_of(a), "mutable": false}),
        relates_to,
    )
}

/// An option of either list: the phone's methods to choose from and its `phone_field`, or
/// the one method of the others, fixed.
fn select_option(a: Authenticator, phone_field: Value, relates_to: String) -> Value {
    let id = json!({"name": "id", "required": true, "value": id_of(a), "mutable": false});
    let fields = match a {
        Authenticator::PhoneNumber => vec![
            id,
            json!({"name": "methodType", "type": "string", "required": false, "options": phone_methods()}),
            phone_field,
        ],
        _ => vec![
            id,
            json!({"name": "methodType", "required": false, "value": methods_of(a)[0], "mutable": false}),
        ],
    };
    json!({
        "label": display_name(a),
        "value": {"form": {"value": fields}},
        "relatesTo": relates_to,
    })
}

fn phone_methods() -> Value {
    json!([
        {"label": "SMS", "value": "sms"},
        {"label": "Voice call", "value": "voice"},
    ])
}

fn passcode_field(required: bool) -> Value {
    if required {
        json!({"name": "passcode", "label": "Enter code", "required": true, "visible": true})
    } else {
        json!({"name": "passcode", "label": "Enter code"})
    }
}

use crate::ion::resend;

fn poll(ctx: &Ctx<'_>) -> Value {
    with(
        form(
            ctx,
            "poll",
            "/idp/idx/challenge/poll",
            vec![state_handle(&ctx.tx.state_handle)],
        ),
        json!({"refresh": ctx.refresh_ms()}),
    )
}

/// The remediations of the steps this module renders.
pub fn remediations(ctx: &Ctx<'_>) -> Vec<Value> {
    match ctx.tx.view {
        View::ChallengeData { authenticator } => vec![
            verification_data(ctx, authenticator),
            select_authenticate(ctx),
        ],
        View::Challenge { authenticator } => {
            vec![challenge(ctx, authenticator), select_authenticate(ctx)]
        }
        View::EnrollData { authenticator } => vec![
            step_form(
                ctx,
                "authenticator-enrollment-data",
                "/idp/idx/credential/enroll",
                json!({"name": "authenticator", "type": "object", "required": true, "visible": true, "label": display_name(authenticator), "form": {"value": [
                    {"name": "id", "required": true, "value": id_of(authenticator), "mutable": false, "visible": false},
                    {"name": "methodType", "type": "string", "required": true, "options": phone_methods()},
                    {"name": "phoneNumber", "type": "string", "label": "Phone number", "required": true},
                ]}}),
                "$.currentAuthenticator",
            ),
            select_enroll(ctx),
        ],
        View::Enroll { authenticator } => {
            let credentials = match authenticator {
                Authenticator::SecurityQuestion => question_credentials(),
                Authenticator::GoogleOtp => credentials(vec![passcode_field(true)]),
                _ => credentials(vec![passcode_field(false)]),
            };
            vec![
                step_form(
                    ctx,
                    "enroll-authenticator",
                    "/idp/idx/challenge/answer",
                    credentials,
                    "$.currentAuthenticator",
                ),
                select_enroll(ctx),
            ]
        }
        View::PasswordChange { expiring } => password_change(ctx, expiring),
        _ => Vec::new(),
    }
}

/// `authenticator-verification-data`: the method to verify with (email, or the phone's SMS
/// or voice call, which also names its enrollment).
fn verification_data(ctx: &Ctx<'_>, a: Authenticator) -> Value {
    let options = match a {
        Authenticator::PhoneNumber => phone_methods(),
        _ => json!([{"label": display_name(a), "value": methods_of(a)[0]}]),
    };
    let mut fields = vec![
        json!({"name": "id", "required": true, "value": id_of(a), "mutable": false}),
        json!({"name": "methodType", "type": "string", "required": true, "options": options}),
    ];
    if a == Authenticator::PhoneNumber
        && let Some((_, state)) = ctx.user
    {
        fields.push(json!({"name": "enrollmentId", "required": true, "value": state.enrollment_id_of(a), "mutable": false}));
    }
    let index = enrollment_index(ctx, a);
    step_form(
        ctx,
        "authenticator-verification-data",
        "/idp/idx/challenge",
        json!({"name": "authenticator", "type": "object", "label": display_name(a), "form": {"value": fields}, "relatesTo": format!("$.authenticatorEnrollments.value[{index}]")}),
        "$.currentAuthenticatorEnrollment",
    )
}

/// `challenge-authenticator`: the code, or the enrolled question's answer.
fn challenge(ctx: &Ctx<'_>, a: Authenticator) -> Value {
    let (fields, relates) = match a {
        Authenticator::GoogleOtp => (vec![passcode_field(true)], "$.currentAuthenticator"),
        Authenticator::SecurityQuestion => {
            let (key, question) = ctx
                .user
                .and_then(|(_, s)| s.security_question.as_ref())
                .map(|(k, q, _)| (k.clone(), q.clone()))
                .unwrap_or_default();
            (
                vec![
                    json!({"name": "questionKey", "label": question, "required": true, "value": key, "visible": false, "mutable": false}),
                    json!({"name": "answer", "label": "Answer", "required": true, "secret": true}),
                ],
                "$.currentAuthenticatorEnrollment",
            )
        }
        _ => (
            vec![passcode_field(false)],
            "$.currentAuthenticatorEnrollment",
        ),
    };
    step_form(
        ctx,
        "challenge-authenticator",
        "/idp/idx/challenge/answer",
        credentials(fields),
        relates,
    )
}

/// `reenroll-authenticator` (expired) or `…-warning` with "Remind me later" (expiring).
fn password_change(ctx: &Ctx<'_>, expiring: bool) -> Vec<Value> {
    let name = if expiring {
        "reenroll-authenticator-warning"
    } else {
        "reenroll-authenticator"
    };
    let mut list = vec![step_form(
        ctx,
        name,
        "/idp/idx/challenge/answer",
        credentials(vec![
            json!({"name": "passcode", "label": "New password", "secret": true}),
        ]),
        "$.currentAuthenticator",
    )];
    if expiring {
        list.push(with(
            form(
                ctx,
                "skip",
                "/idp/idx/skip",
                vec![state_handle(&ctx.tx.state_handle)],
            ),
            json!({"label": "Remind me later"}),
        ));
    }
    list
}

/// The two ways to enroll a security question: choose one of Okta's, or write one's own.
fn question_credentials() -> Value {
    let options: Vec<Value> = SECURITY_QUESTIONS
        .iter()
        .map(|(key, question)| json!({"label": question, "value": key}))
        .collect();
    let answer = json!({"name": "answer", "label": "Answer", "required": true, "secret": true});
    json!({"name": "credentials", "type": "object", "required": true, "options": [
        {"label": "Choose a security question", "value": {"form": {"value": [
            {"name": "questionKey", "type": "string", "required": true, "label": "Choose a security question", "options": options},
            answer,
        ]}}},
        {"label": "Create my own security question", "value": {"form": {"value": [
            {"name": "questionKey", "required": true, "value": "custom", "mutable": false},
            {"name": "question", "label": "Create a security question", "required": true},
            answer,
        ]}}},
    ]})
}

/// Where an authenticator's enrollment sits in `authenticatorEnrollments`.
fn enrollment_index(ctx: &Ctx<'_>, a: Authenticator) -> usize {
    let before = ctx
        .enrolled_others()
        .iter()
        .position(|other| *other == a)
        .unwrap_or_default();
    1 + usize::from(ctx.okta_verify_enrolled()) + before
}

/// The context objects of the steps this module renders.
pub fn context(
    ctx: &Ctx<'_>,
    authenticators: Value,
    enrollments: Value,
) -> Vec<(&'static str, Value)> {
    let lists = vec![
        ("authenticators", authenticators),
        ("authenticatorEnrollments", enrollments),
    ];
    match ctx.tx.view {
        View::ChallengeData { authenticator: a } | View::Challenge { authenticator: a } => {
            let Some((user, state)) = ctx.user else {
                return Vec::new();
            };
            let mut out = match a {
                Authenticator::GoogleOtp => {
                    vec![("currentAuthenticator", current(authenticator_object(a)))]
                }
                _ => vec![(
                    "currentAuthenticatorEnrollment",
                    current(challenged_enrollment(ctx, a, user, state)),
                )],
            };
            out.extend(lists);
            out
        }
        View::EnrollData { authenticator } => {
            let mut map = authenticator_object(authenticator);
            map.insert("resend".into(), resend(ctx));
            let mut out = vec![("currentAuthenticator", current(map))];
            out.extend(lists);
            out
        }
        View::Enroll { authenticator } => {
            let (map, enrolling) = enrolled_authenticator(ctx, authenticator);
            let mut out = vec![("currentAuthenticator", current(map))];
            out.extend(lists);
            out.push(("enrollmentAuthenticator", current(enrolling)));
            out
        }
        View::PasswordChange { expiring } => password_change_context(ctx, expiring),
        _ => Vec::new(),
    }
}

fn current(map: Map<String, Value>) -> Value {
    json!({"type": "object", "value": map})
}

/// The enrollment being verified, with what its step offers: another code, the poll of the
/// email's link, the method the code went by, or the question asked.
fn challenged_enrollment(
    ctx: &Ctx<'_>,
    a: Authenticator,
    user: &User,
    state: &UserState,
) -> Map<String, Value> {
    let challenge = matches!(ctx.tx.view, View::Challenge { .. });
    let mut enrollment = enrollment_object(a, user, state);
    if matches!(a, Authenticator::OktaEmail | Authenticator::PhoneNumber) {
        enrollment.insert("resend".into(), resend(ctx));
    }
    if a == Authenticator::PhoneNumber
        && challenge
        && let Some(otp) = &ctx.tx.otp
    {
        enrollment.insert("methods".into(), methods(&[otp.medium.as_str()]));
    }
    if a == Authenticator::OktaEmail {
        email_extras(ctx, &mut enrollment, challenge);
    }
    if a == Authenticator::SecurityQuestion
        && let Some((key, question, _)) = &state.security_question
    {
        enrollment.insert(
            "contextualData".into(),
            json!({"enrolledQuestion": {"question": question, "questionKey": key}}),
        );
    }
    enrollment
}

/// `currentAuthenticator` and `enrollmentAuthenticator` of an enrollment: what it needs (a
/// resend, the QR code and secret, the questions to choose from) and the method chosen.
fn enrolled_authenticator(
    ctx: &Ctx<'_>,
    a: Authenticator,
) -> (Map<String, Value>, Map<String, Value>) {
    let mut map = authenticator_object(a);
    let mut enrolling = authenticator_object(a);
    match a {
        Authenticator::OktaEmail => {
            map.insert("resend".into(), resend(ctx));
            email_extras(ctx, &mut map, true);
        }
        Authenticator::PhoneNumber => {
            map.insert("resend".into(), resend(ctx));
            if let Some(otp) = &ctx.tx.otp {
                let chosen = methods(&[otp.medium.as_str()]);
                map.insert("methods".into(), chosen.clone());
                enrolling.insert("methods".into(), chosen);
            }
        }
        Authenticator::GoogleOtp => {
            let secret = ctx.tx.enrolling_secret.clone().unwrap_or_default();
            let username = ctx.user.map(|(u, _)| u.username.as_str()).unwrap_or("");
            let uri = google_uri(username, &secret);
            map.insert(
                "contextualData".into(),
                json!({
                    "qrcode": {"method": "embedded", "href": crate::qr::png_data_uri(&uri), "type": "image/png"},
                    "sharedSecret": base32(&secret),
                }),
            );
        }
        Authenticator::Webauthn => {}
        Authenticator::SecurityQuestion => {
            let mut keys: Vec<&str> = SECURITY_QUESTIONS.iter().map(|(k, _)| *k).collect();
            keys.push("custom");
            let questions: Vec<Value> = SECURITY_QUESTIONS
                .iter()
                .map(|(key, question)| json!({"questionKey": key, "question": question}))
                .collect();
            map.insert(
                "contextualData".into(),
                json!({"questionKeys": keys, "questions": questions}),
            );
        }
    }
    (map, enrolling)
}

/// The password with the policy (and, expiring, the days left), as the only enrollment.
fn password_change_context(ctx: &Ctx<'_>, expiring: bool) -> Vec<(&'static str, Value)> {
    let mut password = password_with_settings(ctx.config);
    if expiring {
        let days = ctx
            .user
            .and_then(|(_, s)| s.password_expires_in_days)
            .unwrap_or_default();
        if let Some(Value::Object(settings)) = password.get_mut("settings") {
            settings.insert("daysToExpiry".into(), json!(days));
        }
    }
    let mut out = vec![("currentAuthenticator", current(password.clone()))];
    let enrollment = json!({"type": "password", "key": "okta_password", "id": PASSWORD_ID, "displayName": "Password", "methods": [{"type": "password"}]});
    out.push(("authenticators", json!({"type": "array", "value": []})));
    out.push((
        "authenticatorEnrollments",
        json!({"type": "array", "value": [enrollment]}),
    ));
    // As Okta's recordings have it: a recoveryAuthenticator when expired, none when expiring.
    if !expiring {
        out.push(("recoveryAuthenticator", current(password)));
    }
    out
}

/// The email challenge's poll (while magic links are on) and `useEmailMagicLink`.
fn email_extras(ctx: &Ctx<'_>, map: &mut Map<String, Value>, challenge: bool) {
    let magic = ctx.config.email_magic_link;
    if challenge && magic {
        map.insert("poll".into(), poll(ctx));
    }
    map.insert("contextualData".into(), json!({"useEmailMagicLink": magic}));
}

/// The password authenticator with the policy's settings, as Okta sends it when a password
/// is chosen.
pub fn password_with_settings(config: &Config) -> Map<String, Value> {
    object(json!({
        "type": "password",
        "key": "okta_password",
        "id": PASSWORD_ID,
        "displayName": "Password",
        "methods": [{"type": "password"}],
        "settings": {
            "complexity": complexity(&config.password_complexity),
            "age": {"minAgeMinutes": 0, "historyCount": 1},
        },
    }))
}

fn complexity(c: &PasswordComplexity) -> Value {
    json!({
        "minLength": c.min_length,
        "minLowerCase": c.min_lower_case,
        "minUpperCase": c.min_upper_case,
        "minNumber": c.min_number,
        "minSymbol": c.min_symbol,
        "excludeUsername": c.exclude_username,
        "excludeAttributes": c.exclude_attributes,
        "excludeFirstName": c.exclude_attributes.iter().any(|a| a == "firstName"),
        "excludeLastName": c.exclude_attributes.iter().any(|a| a == "lastName"),
        "maxConsecutiveRepeatingCharacters": c.max_consecutive_repeating_characters,
    })
}

/// Messages a step carries by itself: the password expiry warning.
pub fn view_messages(ctx: &Ctx<'_>) -> Vec<Value> {
    match ctx.tx.view {
        View::PasswordChange { expiring: true } => vec![json!({
            "message": format!("When your password expires, you will have to change your password before you can login to your {ORG_NAME} account."),
            "i18n": {"key": "idx.password.expiring.message", "params": [ORG_NAME]},
            "class": "INFO",
        })],
        _ => Vec::new(),
    }
}

/// Base32 (RFC 4648, no padding), as authenticator apps take secrets.
pub fn base32(bytes: &[u8]) -> String {
    match totp_rs::Secret::Raw(bytes.to_vec()).to_encoded() {
        totp_rs::Secret::Encoded(s) => s.trim_end_matches('=').to_owned(),
        totp_rs::Secret::Raw(_) => String::new(),
    }
}

/// The `otpauth://` URI Google Authenticator scans.
pub fn google_uri(username: &str, secret: &[u8]) -> String {
    let label = format!("{ORG_NAME}:{username}");
    let mut url = url::Url::parse("otpauth://totp/").expect("a valid base");
    url.set_path(&label);
    url.query_pairs_mut()
        .append_pair("secret", &base32(secret))
        .append_pair("issuer", ORG_NAME);
    url.to_string()
}

/// The user and secret an `otpauth://totp/…` URI carries, if it is one.
pub fn parse_google_uri(uri: &str) -> Option<(String, Vec<u8>)> {
    let url = url::Url::parse(uri.trim()).ok()?;
    if url.scheme() != "otpauth" || url.host_str() != Some("totp") {
        return None;
    }
    let label = percent_decode(url.path().trim_start_matches('/'));
    let user = label
        .rsplit_once(':')
        .map_or(label.as_str(), |(_, u)| u)
        .trim()
        .to_owned();
    let secret = url
        .query_pairs()
        .find(|(k, _)| k == "secret")
        .map(|(_, v)| v.into_owned())?;
    Some((user, decode_base32(&secret)?))
}

/// Decodes a base32 secret (spaces and case ignored, as apps accept typed keys).
pub fn decode_base32(text: &str) -> Option<Vec<u8>> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .collect::<String>()
        .to_ascii_uppercase();
    totp_rs::Secret::Encoded(cleaned)
        .to_bytes()
        .ok()
        .filter(|b| !b.is_empty())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the outbox says for a code.
pub fn code_text(medium: Medium, code: &str, link: Option<&str>) -> String {
    match (medium, link) {
        (Medium::Email, Some(link)) => {
            format!("Your verification code is {code}. Or open this link to sign in: {link}")
        }
        (Medium::Email, None) => format!("Your verification code is {code}."),
        (Medium::Sms, _) => format!("Your verification code is {code}."),
        (Medium::Voice, _) => {
            let spoken: Vec<String> = code.chars().map(String::from).collect();
            format!("Your verification code is {}.", spoken.join(" "))
        }
    }
}

/// The text of a predefined question, or of the user's own.
pub fn question_text(key: &str, custom: Option<&str>) -> Option<String> {
    match key {
        "custom" => custom
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_owned),
        key => predefined_question(key).map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_look_like_oktas() {
        assert_eq!(mask_email("tester@okta.com"), "t****r@okta.com");
        assert_eq!(mask_email("ab@x.io"), "a*b@x.io");
        assert_eq!(mask_email("a@x.io"), "a*@x.io");
        assert_eq!(mask_phone("+15551232345"), "+1 XXX-XXX-2345");
        assert_eq!(mask_phone("+447700900123"), "+XXXXXXXX0123");
    }

    #[test]
    fn the_google_uri_round_trips() {
        let secret = b"0123456789".to_vec();
        let uri = google_uri("mfa@example.com", &secret);
        assert!(
            uri.starts_with("otpauth://totp/idx-sim:mfa@example.com?secret="),
            "{uri}"
        );
        assert!(uri.ends_with("&issuer=idx-sim"), "{uri}");
        assert_eq!(
            parse_google_uri(&uri),
            Some(("mfa@example.com".to_owned(), secret.clone()))
        );
        assert_eq!(base32(&secret).len(), 16);
        assert_eq!(decode_base32(&base32(&secret).to_lowercase()), Some(secret));
        assert_eq!(parse_google_uri("oktaverify://activate?t=x"), None);
    }
}

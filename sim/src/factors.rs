//! What the org does with the authenticators besides the password and Okta Verify (email,
//! phone, Google Authenticator, security question), verifying and enrolling, and with password
//! changes: the steps behind the documents of forms.rs.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use rand::Rng;
use serde_json::{Map, Value, json};

use crate::App;
use crate::advance::advance;
use crate::config::is_e164;
use crate::config::{Authenticator, User};
use crate::forms::{by_id, code_text, question_text};
use crate::ion::{self, Feedback, blank};
use crate::outcome::{
    Call, IdxReply, Outcome, RequestInfo, bad_request, credential, field_error,
    no_such_authenticator, not_now, ok, refuse, too_many_requests,
};
use crate::store::{
    Inner, MagicLink, Medium, Otp, OutboxMessage, Transaction, UserState, View, new_google_secret,
    random_id,
};

/// How long a phone must wait before another code is sent.
pub const PHONE_RESEND_WAIT: Duration = Duration::from_secs(30);

fn username(tx: &Transaction) -> String {
    tx.user.clone().unwrap_or_default()
}

/// The user, their state and the authenticator `choice.id` names, if `offered` lets the user
/// choose it here.
fn chosen(
    app: &App,
    inner: &mut Inner,
    tx: &Transaction,
    choice: &Map<String, Value>,
    offered: impl Fn(&User, &UserState, Authenticator) -> bool,
) -> Result<(User, UserState, Authenticator), Outcome> {
    let name = username(tx);
    let (Some(user), Some(state)) = (app.store.user(&name), inner.user_state(&name).cloned())
    else {
        return Err(no_such_authenticator());
    };
    let a = choice
        .get("id")
        .and_then(Value::as_str)
        .and_then(by_id)
        .filter(|a| offered(&user, &state, *a))
        .ok_or_else(no_such_authenticator)?;
    Ok((user, state, a))
}

/// `POST /idp/idx/challenge` choosing one of these authenticators to verify with.
pub fn choose(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    choice: &Map<String, Value>,
) -> Outcome {
    let flow = tx.flow;
    let (user, state, a) = match chosen(app, inner, tx, choice, |_, state, a| {
        state.enrolled.contains(&a) && crate::policy::proves(flow, a)
    }) {
        Ok(found) => found,
        Err(outcome) => return outcome,
    };
    if let Some(enrollment) = choice.get("enrollmentId")
        && enrollment.as_str() != Some(state.enrollment_id_of(a).as_str())
    {
        return Outcome::Reply(bad_request("No such enrollment."));
    }
    let method = choice.get("methodType").and_then(Value::as_str);
    let next = match (a, method) {
        (Authenticator::OktaEmail, None) | (Authenticator::PhoneNumber, None) => {
            View::ChallengeData { authenticator: a }
        }
        (Authenticator::OktaEmail, Some("email")) => {
            send_code(app, inner, tx, Medium::Email, user.email());
            View::Challenge { authenticator: a }
        }
        (Authenticator::PhoneNumber, Some(m)) if let Some(medium) = Medium::phone(m) => {
            let phone = state.phone.clone().unwrap_or_default();
            send_code(app, inner, tx, medium, &phone);
            View::Challenge { authenticator: a }
        }
        (Authenticator::Webauthn, None | Some("webauthn")) => View::Challenge { authenticator: a },
        (Authenticator::GoogleOtp, None | Some("otp"))
        | (Authenticator::SecurityQuestion, None | Some("security_question")) => {
            tx.otp = None;
            View::Challenge { authenticator: a }
        }
        _ => return Outcome::Reply(bad_request("That method is not offered.")),
    };
    tx.view = next;
    tx.reset_polls();
    ok()
}

/// `POST /idp/idx/credential/enroll` choosing one of these authenticators to enroll (or, with
/// the phone's method and number, the phone's enrollment data).
pub fn enroll(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    choice: &Map<String, Value>,
) -> Outcome {
    let (user, _, a) = match chosen(app, inner, tx, choice, |user, state, a| {
        crate::policy::missing(user, state).contains(&a)
    }) {
        Ok(found) => found,
        Err(outcome) => return outcome,
    };
    match a {
        Authenticator::OktaEmail => {
            send_code(app, inner, tx, Medium::Email, user.email());
        }
        Authenticator::PhoneNumber => {
            let has_data =
                choice.get("methodType").is_some() || choice.get("phoneNumber").is_some();
            if has_data {
                return phone_data(app, inner, tx, choice);
            }
            tx.otp = None;
            tx.view = View::EnrollData { authenticator: a };
            return ok();
        }
        Authenticator::GoogleOtp => {
            tx.otp = None;
            tx.enrolling_secret = Some(new_google_secret());
        }
        Authenticator::SecurityQuestion | Authenticator::Webauthn => tx.otp = None,
    }
    tx.view = View::Enroll { authenticator: a };
    tx.reset_polls();
    ok()
}

/// The phone's enrollment data: the method and the number; a code goes to the number.
pub fn phone_data(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    choice: &Map<String, Value>,
) -> Outcome {
    let Some(medium) = choice
        .get("methodType")
        .and_then(Value::as_str)
        .and_then(Medium::phone)
    else {
        return field_error("authenticator.methodType", blank());
    };
    let number = choice
        .get("phoneNumber")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_owned();
    // A voice number may carry an extension as Okta's widget writes it: `+15551234567x123`.
    let (number, extension) = match number.split_once('x') {
        Some((number, ext)) if medium == Medium::Voice => (number.to_owned(), Some(ext.to_owned())),
        _ => (number, None),
    };
    let extension_ok = extension
        .as_deref()
        .is_none_or(|e| (1..=10).contains(&e.len()) && e.bytes().all(|b| b.is_ascii_digit()));
    if !is_e164(&number) || !extension_ok {
        tx.view = View::EnrollData {
            authenticator: Authenticator::PhoneNumber,
        };
        return refuse(
            StatusCode::BAD_REQUEST,
            Feedback::global(ion::message(
                "api.factors.error.sms.invalid_phone",
                "Invalid Phone Number.",
            )),
        );
    }
    send_code(app, inner, tx, medium, &number);
    tx.view = View::Enroll {
        authenticator: Authenticator::PhoneNumber,
    };
    tx.reset_polls();
    ok()
}

/// Sends a new six-digit code (and, by email, a magic link) for the current step.
fn send_code(app: &App, inner: &mut Inner, tx: &mut Transaction, medium: Medium, to: &str) {
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32));
    let magic = medium == Medium::Email && app.store.config.email_magic_link;
    // Only the newest email's link works, as only its code does.
    if let Some(old) = tx.otp.as_ref().and_then(|o| o.link.as_ref()) {
        inner.magic_links.remove(old);
    }
    // A link to the app's page carries the code itself: the org has no link of its own to open.
    let to_the_app = app
        .store
        .config
        .email_verify_uri
        .as_deref()
        .filter(|_| magic);
    let link_token = (magic && to_the_app.is_none()).then(|| random_id("ml", 30));
    let link = match (to_the_app, &link_token) {
        (Some(page), _) => Some(app_page_link(page, &code, &tx.oauth.state)),
        (None, Some(token)) => {
            inner.magic_links.insert(
                token.clone(),
                MagicLink {
                    interaction_handle: tx.interaction_handle.clone(),
                    created: Instant::now(),
                },
            );
            Some(format!("{}/sim/email/{token}", app.org_url()))
        }
        (None, None) => None,
    };
    inner.outbox.push(OutboxMessage {
        to: to.to_owned(),
        channel: medium,
        text: code_text(medium, &code, link.as_deref()),
        link,
        code: Some(code.clone()),
    });
    inner.bound();
    tx.otp = Some(Otp {
        code,
        medium,
        to: to.to_owned(),
        sent: Instant::now(),
        link: link_token,
        verified: false,
    });
}

/// The magic link to the app's own page (Okta's "Email verify callback URI"): the code and the
/// OAuth state of the transaction it belongs to, for the page to find it again.
fn app_page_link(page: &str, code: &str, state: &str) -> String {
    let pairs = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("otp", code)
        .append_pair("state", state)
        .finish();
    format!("{page}?{pairs}")
}

/// `POST /idp/idx/challenge/resend` on a code step: a new code, at most every 30 seconds to a
/// phone.
pub fn resend(app: &App, inner: &mut Inner, tx: &mut Transaction, a: Authenticator) -> Outcome {
    let name = username(tx);
    let Some(user) = app.store.user(&name) else {
        return not_now();
    };
    let (medium, to) = match (&tx.otp, a) {
        (Some(otp), _) => (otp.medium, otp.to.clone()),
        (None, Authenticator::OktaEmail) => (Medium::Email, user.email().to_owned()),
        (None, _) => return not_now(),
    };
    if medium != Medium::Email
        && let Some(otp) = &tx.otp
        && otp.sent.elapsed() < PHONE_RESEND_WAIT
    {
        let until = otp.sent + PHONE_RESEND_WAIT;
        return Outcome::Reply(phone_rate_limited(app, &tx.state_handle, medium, until));
    }
    send_code(app, inner, tx, medium, &to);
    if matches!(tx.view, View::ChallengeData { .. }) {
        tx.view = View::Challenge { authenticator: a };
    }
    ok()
}

/// Okta's answer to a code asked for too soon: 429 with `errors.E0000150` (SMS) or
/// `errors.E0000151` (voice), and the rate-limit headers.
fn phone_rate_limited(app: &App, state_handle: &str, medium: Medium, until: Instant) -> IdxReply {
    let (key, text) = match medium {
        Medium::Voice => (
            "errors.E0000151",
            "You have reached the limit of call requests, please try again later.",
        ),
        _ => (
            "errors.E0000150",
            "You have reached the limit of sms requests, please try again later.",
        ),
    };
    // Unlike a poll's 429, this one is a state: the client stays on the step it was on.
    let mut body = ion::state_head(&app.store.config, state_handle);
    body["messages"] = json!({"type": "array", "value": [ion::message(key, text)]});
    too_many_requests(body, until.saturating_duration_since(Instant::now()))
}

/// `POST /idp/idx/challenge/poll` on an email step: done once its magic link was opened.
pub fn poll(app: &App, inner: &mut Inner, tx: &mut Transaction, request: &RequestInfo) {
    let enrolling = matches!(tx.view, View::Enroll { .. });
    if tx.otp.as_ref().is_some_and(|o| o.verified) {
        finish(app, inner, tx, Authenticator::OktaEmail, enrolling, request);
    }
}

/// A credential of the body, `""` when it is missing or not a string (Okta treats both as
/// blank).
fn field<'a>(body: &'a Map<String, Value>, name: &str) -> &'a str {
    credential(body, name).unwrap_or("")
}

fn passcode_invalid() -> Value {
    ion::message_with_params(
        "api.authn.error.PASSCODE_INVALID",
        "Invalid code. Try again.",
    )
}

/// `POST /idp/idx/challenge/answer` on a challenge (`enrolling` false) or an enrollment.
pub fn answer(call: Call, a: Authenticator, enrolling: bool) -> Outcome {
    let (app, inner, tx, body, request) = call.parts();
    let name = username(tx);
    let Some(state) = inner.user_state(&name).cloned() else {
        return not_now();
    };
    let checked = match a {
        Authenticator::OktaEmail | Authenticator::PhoneNumber => {
            check_sent_code(tx, enrolling, body)
        }
        Authenticator::GoogleOtp => check_google_answer(inner, tx, &name, &state, enrolling, body),
        Authenticator::SecurityQuestion if enrolling => enroll_question(inner, &name, body),
        Authenticator::SecurityQuestion => check_question(&state, body),
        Authenticator::Webauthn if enrolling => {
            crate::webauthn::register(app, inner, tx, &name, body)
        }
        Authenticator::Webauthn => crate::webauthn::verify(app, inner, tx, &name, body),
    };
    if let Err(outcome) = checked {
        return outcome;
    }
    finish(app, inner, tx, a, enrolling, request);
    ok()
}

/// The code sent by email, SMS or voice call.
fn check_sent_code(
    tx: &Transaction,
    enrolling: bool,
    body: &Map<String, Value>,
) -> Result<(), Outcome> {
    let given = field(body, "passcode").trim();
    if !given.is_empty() && tx.otp.as_ref().is_some_and(|o| o.code == given) {
        return Ok(());
    }
    // Okta answers a wrong code at verification with 401, at enrollment with 400.
    let status = if enrolling {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::UNAUTHORIZED
    };
    Err(refuse(
        status,
        Feedback::field("credentials.passcode", passcode_invalid()),
    ))
}

/// A Google Authenticator code: of the secret being enrolled, or of the enrolled one. An
/// accepted code's step is remembered, so that the same code is not good twice.
fn check_google_answer(
    inner: &mut Inner,
    tx: &Transaction,
    name: &str,
    state: &UserState,
    enrolling: bool,
    body: &Map<String, Value>,
) -> Result<(), Outcome> {
    let secret = if enrolling {
        tx.enrolling_secret.clone().unwrap_or_default()
    } else {
        state.google_secret.clone()
    };
    match check_google(&secret, field(body, "passcode"), state.google_last_step) {
        Ok(step) => {
            if let Some(s) = inner.user_state(name) {
                s.google_last_step = Some(step);
                if enrolling {
                    s.google_secret = secret;
                }
            }
            Ok(())
        }
        Err(GoogleError::Used) => Err(field_error(
            "credentials.passcode",
            ion::message(
                "authfactor.challenge.soft_token.used_passcode",
                "Each code can only be used once. Please wait for a new code and try again.",
            ),
        )),
        // Okta words a wrong code at enrollment as for the other code authenticators.
        Err(GoogleError::Wrong) if enrolling => {
            Err(field_error("credentials.passcode", passcode_invalid()))
        }
        Err(GoogleError::Wrong) => Err(field_error(
            "credentials.passcode",
            ion::message(
                "authfactor.challenge.soft_token.invalid_passcode",
                "Your code doesn't match our records. Please try again.",
            ),
        )),
    }
}

/// The enrolled security question's answer, case and surrounding spaces aside.
fn check_question(state: &UserState, body: &Map<String, Value>) -> Result<(), Outcome> {
    let expected = state
        .security_question
        .as_ref()
        .map(|(_, _, answer)| normalize(answer))
        .unwrap_or_default();
    let given = normalize(field(body, "answer"));
    if !given.is_empty() && given == expected {
        return Ok(());
    }
    Err(field_error(
        "credentials.answer",
        ion::message(
            "authfactor.challenge.question_factor.answer_invalid",
            "Your answer doesn't match our records. Please try again.",
        ),
    ))
}

/// Answers are compared as a person would mean them: case and surrounding spaces aside.
fn normalize(answer: &str) -> String {
    answer.trim().to_lowercase()
}

/// A step is done: an enrollment is recorded, and policy moves on.
fn finish(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    a: Authenticator,
    enrolling: bool,
    request: &RequestInfo,
) {
    let name = username(tx);
    if enrolling && let Some(state) = inner.user_state(&name) {
        state.enrolled.insert(a);
        if a == Authenticator::PhoneNumber
            && let Some(otp) = &tx.otp
        {
            state.phone = Some(otp.to.clone());
        }
    }
    // Done by code, the email's link must not complete a later step of this sign-in.
    if let Some(token) = tx.otp.as_ref().and_then(|o| o.link.clone()) {
        inner.magic_links.remove(&token);
    }
    tx.mfa_done = true;
    advance(app, inner, tx, request);
}

enum GoogleError {
    Wrong,
    Used,
}

/// Checks a Google Authenticator code (one step of skew either way); a code of a step already
/// used is refused. Returns the step the code belongs to.
fn check_google(secret: &[u8], code: &str, last_used: Option<u64>) -> Result<u64, GoogleError> {
    let code = code.trim();
    if secret.is_empty() || code.len() != 6 {
        return Err(GoogleError::Wrong);
    }
    let totp = google_totp(secret);
    let step = unix_secs() / 30;
    let matched = [step.saturating_sub(1), step, step + 1]
        .into_iter()
        .find(|s| totp.generate(s * 30) == code)
        .ok_or(GoogleError::Wrong)?;
    if last_used.is_some_and(|last| matched <= last) {
        return Err(GoogleError::Used);
    }
    Ok(matched)
}

/// Google Authenticator's TOTP: RFC 6238, SHA-1, six digits, 30-second steps (its secrets are
/// 80 bits, under the 128 totp-rs asks for by default).
pub fn google_totp(secret: &[u8]) -> totp_rs::TOTP {
    totp_rs::TOTP::new_unchecked(totp_rs::Algorithm::SHA1, 6, 1, 30, secret.to_vec())
}

/// The security question's enrollment: Okta's question or the user's own, and an answer of
/// four characters or more that shares no word with the question.
fn enroll_question(
    inner: &mut Inner,
    name: &str,
    body: &Map<String, Value>,
) -> Result<(), Outcome> {
    let key = field(body, "questionKey").trim().to_owned();
    if key.is_empty() {
        return Err(field_error("credentials.questionKey", blank()));
    }
    let Some(question) = question_text(&key, Some(field(body, "question"))) else {
        // Okta blames the question for an empty own question, the key for an unknown one.
        let (path, message) = if key == "custom" {
            ("credentials.question", blank())
        } else {
            (
                "credentials.questionKey",
                ion::message_with_params(
                    "model.validation.field.value.not.allowed",
                    "This field value is not allowed",
                ),
            )
        };
        return Err(field_error(path, message));
    };
    let answer = field(body, "answer").trim().to_owned();
    if answer.chars().count() < 4 {
        return Err(field_error(
            "credentials.answer",
            json!({
                "message": "The security question answer must be at least 4 characters in length",
                "i18n": {"key": "securityQuestion.answer.tooShort.arg", "params": [4]},
                "class": "ERROR",
            }),
        ));
    }
    if shares_a_word(&answer, &question) {
        return Err(field_error(
            "credentials.answer",
            ion::message_with_params(
                "securityQuestion.answer.containsQuestion",
                "The answer must not contain words from the question.",
            ),
        ));
    }
    if let Some(state) = inner.user_state(name) {
        state.security_question = Some((key, question, answer));
    }
    Ok(())
}

/// The words of three letters or more, lowercased: shorter ones ("a", "of") match too much
/// to count as sharing.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

/// Whether the answer uses a word of the question.
fn shares_a_word(answer: &str, question: &str) -> bool {
    let question = words(question);
    words(answer).iter().any(|w| question.contains(w))
}

/// `POST /idp/idx/challenge/answer` with a new password (expired, or expiring).
pub fn change_password(call: Call) -> Outcome {
    let (app, inner, tx, body, request) = call.parts();
    if let Err(refused) = set_password(app, inner, tx, body, current) {
        return refused;
    }
    advance(app, inner, tx, request);
    ok()
}

/// `credentials.passcode` becomes the user's password if the org's policy takes it, and `then`
/// says what else that changes.
pub fn set_password(
    app: &App,
    inner: &mut Inner,
    tx: &Transaction,
    body: &Map<String, Value>,
    then: fn(&mut UserState),
) -> Result<(), Outcome> {
    let name = username(tx);
    let (Some(user), Some(state)) = (app.store.user(&name), inner.user_state(&name).cloned())
    else {
        return Err(not_now());
    };
    let new = field(body, "passcode");
    check_password(app, &user, &state.password, new)
        .map_err(|message| field_error("credentials.passcode", message))?;
    if let Some(s) = inner.user_state(&name) {
        s.password = new.to_owned();
        then(s);
    }
    Ok(())
}

/// A password just changed is neither expired nor expiring.
pub fn current(state: &mut UserState) {
    state.password_expired = false;
    state.password_expires_in_days = None;
}

/// Passwords so common that Okta refuses them whatever the policy.
const COMMON_PASSWORDS: &[&str] = &[
    "password",
    "password1",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "p@ssword1",
    "qwerty123",
    "welcome1",
    "letmein1",
    "iloveyou1",
    "abc12345",
    "12345678",
    "123456789",
    "admin123",
];

/// The password policy: Okta's field message when the new password breaks it.
pub(crate) fn check_password(app: &App, user: &User, old: &str, new: &str) -> Result<(), Value> {
    let c = &app.store.config.password_complexity;
    if COMMON_PASSWORDS.contains(&new.to_lowercase().as_str()) {
        return Err(json!({
            "message": "This password was found in a list of commonly used passwords. Please try another password.",
            "i18n": {"key": "password.common", "params": [""]},
            "class": "ERROR",
        }));
    }
    let count = |f: fn(&char) -> bool| new.chars().filter(f).count() as u32;
    let lower = new.to_lowercase();
    let contains_part = |text: &str| words(text).iter().any(|part| lower.contains(part));
    let attribute = |name: &str| match name {
        "firstName" => user.first_name.clone().unwrap_or_default(),
        "lastName" => user.last_name.clone().unwrap_or_default(),
        _ => String::new(),
    };
    let longest_run = new
        .chars()
        .fold((None, 0u32, 0u32), |(prev, run, best), ch| {
            let run = if prev == Some(ch) { run + 1 } else { 1 };
            (Some(ch), run, best.max(run))
        })
        .2;
    let broken = (new.chars().count() as u32) < c.min_length
        || count(|ch| ch.is_lowercase()) < c.min_lower_case
        || count(|ch| ch.is_uppercase()) < c.min_upper_case
        || count(char::is_ascii_digit) < c.min_number
        || count(|ch| !ch.is_alphanumeric()) < c.min_symbol
        || (c.exclude_username && contains_part(&user.username))
        || c.exclude_attributes
            .iter()
            .any(|a| contains_part(&attribute(a)))
        || (c.max_consecutive_repeating_characters > 0
            && longest_run > c.max_consecutive_repeating_characters)
        || new == old;
    if !broken {
        return Ok(());
    }
    let requirements = requirements_text(app);
    Err(json!({
        "message": format!("Password requirements were not met. {requirements}"),
        "i18n": {"key": "password.passwordRequirementsNotMet", "params": [requirements]},
        "class": "ERROR",
    }))
}

/// The policy in words, as Okta writes it in `password.passwordRequirementsNotMet`.
fn requirements_text(app: &App) -> String {
    let c = &app.store.config.password_complexity;
    let mut parts = vec![format!("at least {} characters", c.min_length)];
    if c.min_lower_case > 0 {
        parts.push("a lowercase letter".into());
    }
    if c.min_upper_case > 0 {
        parts.push("an uppercase letter".into());
    }
    if c.min_number > 0 {
        parts.push("a number".into());
    }
    if c.min_symbol > 0 {
        parts.push("a symbol".into());
    }
    if c.exclude_username {
        parts.push("no parts of your username".into());
    }
    for attribute in &c.exclude_attributes {
        match attribute.as_str() {
            "firstName" => parts.push("does not include your first name".into()),
            "lastName" => parts.push("does not include your last name".into()),
            _ => {}
        }
    }
    if c.max_consecutive_repeating_characters > 0 {
        parts.push(format!(
            "maximum {} consecutive repeating characters",
            c.max_consecutive_repeating_characters
        ));
    }
    format!(
        "Password requirements: {}. Your password cannot be any of your last 1 passwords.",
        parts.join(", ")
    )
}

/// `GET /sim/email/{token}`: the email's magic link was opened. The transaction's next poll
/// completes the step. Answers the user whose transaction it was, or an error.
pub fn open_magic_link(inner: &mut Inner, token: &str) -> Result<String, &'static str> {
    let link = inner
        .magic_links
        .get(token)
        .cloned()
        .ok_or("this link has expired or was already used")?;
    let state_handle = inner
        .by_interaction
        .get(&link.interaction_handle)
        .cloned()
        .ok_or("the sign-in this link belongs to is over")?;
    let tx = inner
        .transactions
        .get_mut(&state_handle)
        .ok_or("the sign-in this link belongs to is over")?;
    let otp = tx
        .otp
        .as_mut()
        .filter(|o| o.link.as_deref() == Some(token))
        .ok_or("this link has expired or was already used")?;
    otp.verified = true;
    let user = username(tx);
    inner.magic_links.remove(token);
    Ok(user)
}

/// The IDX document the magic link's tab gets: Okta's `terminal-return-email`.
pub fn return_to_original_tab(app: &App, user: &str) -> Value {
    // The link's tab has a state of its own, which only says to go back.
    let mut doc = ion::state_head(&app.store.config, &random_id("02", 40));
    doc["messages"] = json!({"type": "array", "value": [{
        "message": "Please return to the original tab.",
        "i18n": {"key": "idx.return.to.original.tab"},
        "class": "INFO",
    }]});
    if let Some(id) = app.store.user_id(user) {
        doc["user"] = json!({"type": "object", "value": {"id": id, "identifier": user}});
    }
    doc
}

/// A Google Authenticator code for tests: the current one for this secret.
pub fn current_google_code(secret: &[u8]) -> (String, u64) {
    let now = unix_secs();
    (google_totp(secret).generate(now), 30 - now % 30)
}

fn unix_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_may_not_share_the_questions_words() {
        let q = "What is the food you least liked as a child?";
        assert!(shares_a_word("Food", q));
        assert!(shares_a_word("the broccoli", q));
        assert!(!shares_a_word("broccoli", q));
        assert!(!shares_a_word("a b", q), "short words do not count");
    }

    #[test]
    fn google_codes_are_good_once() {
        let secret = crate::forms::decode_base32("ZR74DHZTG43NBULV").unwrap();
        let (code, _) = current_google_code(&secret);
        let step = check_google(&secret, &code, None).ok().unwrap();
        assert!(matches!(
            check_google(&secret, &code, Some(step)),
            Err(GoogleError::Used)
        ));
        assert!(matches!(
            check_google(&secret, "12345", None),
            Err(GoogleError::Wrong)
        ));
    }
}

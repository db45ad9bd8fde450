//! The IDX endpoints: `/idp/idx/*`. Each call finds the transaction by its state handle, applies
//! the step the user took (if the current view allows it) and answers with the next view.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use rand::seq::SliceRandom;
use serde_json::{Map, Value, json};

use crate::App;
use crate::config::{Authenticator, EnrollPolicy, User};
use crate::factors;
use crate::ion::{self, Ctx, Feedback, OKTA_VERIFY_ID};
use crate::store::{
    Activation, Channel, CodeGrant, Flow, Inner, Medium, OutboxMessage, Push, PushContext,
    PushFailure, PushStatus, Transaction, UserState, View, random_id, rfc3339,
};
use crate::{lockout, recovery};

mod okta_verify;

/// An IDX answer: a status, a JSON body and any extra headers.
#[derive(Debug)]
pub struct IdxReply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: Vec<(&'static str, String)>,
}

impl IdxReply {
    pub(crate) fn new(status: StatusCode, body: Value) -> Self {
        Self {
            status,
            body,
            headers: Vec::new(),
        }
    }
}

impl IntoResponse for IdxReply {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, ion::ION_JSON)],
            self.body.to_string(),
        )
            .into_response();
        for (name, value) in self.headers {
            if let Ok(v) = value.parse() {
                response.headers_mut().insert(name, v);
            }
        }
        response
    }
}

/// Who made the request, from the connection and headers (never from the body).
#[derive(Debug, Clone)]
pub struct RequestInfo {
    pub peer: SocketAddr,
    pub user_agent: Option<String>,
    pub origin: Option<String>,
    /// This browser, by the org's device cookie (sent only with credentials).
    pub device: Option<String>,
    /// The org's session in this browser, by its cookie (`sid`).
    pub okta_session: Option<String>,
}

/// The org's device cookie: like Okta's, it is how the org knows the browser again (and so
/// remembers "Send push automatically" per browser, not per user).
pub const DEVICE_COOKIE: &str = "idx_sim_device";

impl RequestInfo {
    pub fn from_parts(peer: SocketAddr, headers: &HeaderMap) -> Self {
        let text = |name| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let device = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == DEVICE_COOKIE)
            .map(|(_, value)| value.to_owned())
            .filter(|v| !v.is_empty() && v.len() <= 64);
        Self {
            peer,
            user_agent: text(header::USER_AGENT),
            origin: text(header::ORIGIN),
            device,
            okta_session: crate::okta_session::cookie(headers, crate::okta_session::SESSION_COOKIE),
        }
    }
}

/// `POST /idp/idx/{*endpoint}`.
pub async fn handle(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(endpoint): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> IdxReply {
    let body = match parse_body(&headers, &body) {
        Ok(b) => b,
        Err(reply) => return reply,
    };
    let request = RequestInfo::from_parts(peer, &headers);
    let mut reply = app
        .store
        .with(|inner| dispatch(&app, inner, &endpoint, &body, &request));
    if crate::i18n::wants_french(&headers) {
        crate::i18n::to_french(&mut reply.body);
        reply.headers.push(("content-language", "fr".to_owned()));
    }
    reply
}

fn parse_body(headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, IdxReply> {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    // What Okta takes: application/json or application/ion+json, with or without
    // `okta-version`; anything else is refused before the body is read.
    let content_type = text(header::CONTENT_TYPE);
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !matches!(media, "application/json" | "application/ion+json") {
        return Err(media_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "The request must be JSON (Content-Type: application/json or application/ion+json).",
        ));
    }
    let accept = text(header::ACCEPT);
    if !accept.is_empty() && !accept.contains("json") && !accept.contains("*/*") {
        return Err(media_error(
            StatusCode::NOT_ACCEPTABLE,
            "This endpoint answers application/ion+json or application/json only.",
        ));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(bad_request("The request body must be a JSON object.")),
        Err(_) => Err(bad_request("The request body was not well-formed.")),
    }
}

/// A refused media type: Okta's bad-request message with this status.
fn media_error(status: StatusCode, text: &str) -> IdxReply {
    IdxReply::new(
        status,
        ion::messages_only(vec![ion::message("E0000020", text)]),
    )
}

/// 400 with a bad-request message and no remediation, as Okta answers malformed calls.
pub fn bad_request(text: &str) -> IdxReply {
    IdxReply::new(
        StatusCode::BAD_REQUEST,
        ion::messages_only(vec![ion::message("E0000020", text)]),
    )
}

fn not_found(endpoint: &str) -> IdxReply {
    let text = format!("Not found: /idp/idx/{endpoint}");
    IdxReply::new(
        StatusCode::NOT_FOUND,
        ion::messages_only(vec![ion::message("E0000007", &text)]),
    )
}

fn expired() -> IdxReply {
    IdxReply::new(StatusCode::UNAUTHORIZED, ion::session_expired())
}

fn dispatch(
    app: &App,
    inner: &mut Inner,
    endpoint: &str,
    body: &Map<String, Value>,
    request: &RequestInfo,
) -> IdxReply {
    const KNOWN: &[&str] = &[
        "introspect",
        "identify",
        "challenge",
        "challenge/answer",
        "challenge/poll",
        "authenticators/poll",
        "challenge/send",
        "challenge/resend",
        "credential/enroll",
        "skip",
        "cancel",
        "recover",
        "unlock-account",
        "enroll",
        "enroll/new",
        "consent",
        "authenticators/okta-verify/launch",
        "authenticators/poll/cancel",
        "challenge/answer/webauthn-autofillui",
        "authenticators/webauthn/launch",
    ];
    if !KNOWN.contains(&endpoint) {
        return not_found(endpoint);
    }
    let now = Instant::now();
    let state_handle = if endpoint == "introspect" {
        match introspect_handle(inner, body) {
            Ok(sh) => sh,
            Err(reply) => return reply,
        }
    } else {
        match body.get("stateHandle") {
            Some(Value::String(sh)) => sh.clone(),
            _ => return bad_request("'stateHandle' is required."),
        }
    };
    let Some(tx) = inner.live_transaction(&state_handle, now) else {
        return expired();
    };
    tx.expires_at = now + Duration::from_secs(app.store.config.state_ttl_secs);
    let mut tx = tx.clone();
    // A browser the org has not seen gets its device cookie with this answer.
    let new_device = request.device.is_none().then(|| random_id("dev", 24));
    let mut request = request.clone();
    if let Some(device) = &new_device {
        request.device = Some(device.clone());
    }
    let request = &request;
    if endpoint == "introspect" {
        continue_session(app, inner, &mut tx, request);
    }
    let was_success = matches!(tx.view, View::Success { .. });
    let outcome = step(app, inner, &mut tx, endpoint, body, request, now);
    // Signed in: the org's session starts, and its cookie goes with this answer.
    let session = (!was_success && matches!(tx.view, View::Success { .. }))
        .then(|| tx.user.clone())
        .flatten()
        .filter(|login| {
            // Signed in by the session itself: that session goes on.
            let live = request.okta_session.as_deref();
            live.and_then(|id| inner.okta_sessions.get(id))
                .is_none_or(|s| s.login != *login)
        })
        .map(|login| {
            if let Some(old) = &request.okta_session {
                inner.okta_sessions.end(old);
            }
            inner.okta_sessions.start(&login)
        });
    crate::webauthn::prepare(app, &mut tx);
    let current = tx.state_handle.clone();
    if matches!(outcome, Outcome::Render(StatusCode::OK, _))
        && app.store.config.rotate_state_handles
    {
        rotate(inner, &mut tx);
    }
    let mut reply = match outcome {
        Outcome::Render(status, feedback) => render(app, inner, &tx, request, status, feedback),
        Outcome::Reply(reply) => reply,
    };
    if let Some(device) = new_device {
        reply.headers.push((
            "set-cookie",
            format!("{DEVICE_COOKIE}={device}; Path=/; HttpOnly; SameSite=Lax"),
        ));
    }
    if let Some(id) = session {
        reply.headers.push((
            "set-cookie",
            crate::okta_session::set_cookie(&app.org_url, &id),
        ));
    }
    inner.transactions.remove(&current);
    inner.transactions.insert(tx.state_handle.clone(), tx);
    reply
}

/// A new state handle for the transaction; the one it replaces stays good for one request.
fn rotate(inner: &mut Inner, tx: &mut Transaction) {
    let old = std::mem::replace(&mut tx.state_handle, random_id("02", 40));
    inner.by_previous.retain(|_, current| *current != old);
    inner.by_previous.insert(old, tx.state_handle.clone());
    inner
        .by_interaction
        .insert(tx.interaction_handle.clone(), tx.state_handle.clone());
}

fn introspect_handle(inner: &Inner, body: &Map<String, Value>) -> Result<String, IdxReply> {
    if let Some(Value::String(handle)) = body.get("interactionHandle") {
        return inner
            .by_interaction
            .get(handle)
            .cloned()
            .ok_or_else(expired);
    }
    if let Some(Value::String(token)) = body.get("stateToken") {
        return Ok(token.clone());
    }
    Err(bad_request(
        "'interactionHandle' or 'stateToken' is required.",
    ))
}

pub(crate) enum Outcome {
    /// Answer with the transaction's (new) view.
    Render(StatusCode, Feedback),
    /// Answer with this instead.
    Reply(IdxReply),
}

pub(crate) fn ok() -> Outcome {
    Outcome::Render(StatusCode::OK, Feedback::default())
}

pub(crate) fn refuse(status: StatusCode, feedback: Feedback) -> Outcome {
    Outcome::Render(status, feedback)
}

pub(crate) fn not_now() -> Outcome {
    refuse(
        StatusCode::BAD_REQUEST,
        Feedback::global(ion::message(
            "E0000020",
            "This action is not available at this step.",
        )),
    )
}

fn step(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    endpoint: &str,
    body: &Map<String, Value>,
    request: &RequestInfo,
    now: Instant,
) -> Outcome {
    let config = &app.store.config;
    match (endpoint, tx.view.clone()) {
        ("introspect", _) => ok(),
        ("cancel", view) => {
            cancel_push(inner, &view);
            tx.user = None;
            tx.view = View::Identify;
            tx.mfa_done = false;
            tx.password_skipped = false;
            tx.okta_verify_skipped = false;
            tx.otp = None;
            tx.enrolling_secret = None;
            tx.flow = Flow::SignIn;
            tx.consented = false;
            ok()
        }
        ("identify", View::Identify) => identify(app, inner, tx, body, request),
        ("authenticators/okta-verify/launch", View::Identify | View::FastPass(_))
            if crate::fastpass::launch_offered(&config.fastpass) =>
        {
            tx.user = None;
            crate::fastpass::start(app, inner, tx, request, false)
        }
        ("authenticators/poll", View::FastPass(waiting)) => {
            crate::fastpass::poll(app, inner, tx, &waiting, request, now)
        }
        ("authenticators/poll/cancel", View::FastPass(waiting)) => {
            crate::fastpass::cancel(inner, tx, &waiting, body)
        }
        ("identify", View::IdentifyRecovery) => recovery::identify(app, inner, tx, body),
        ("unlock-account", View::Identify) => recovery::unlock_account(app, tx),
        ("challenge", View::UnlockSelect) => recovery::choose_for_unlock(app, inner, tx, body),
        ("challenge/answer", View::ResetPassword) => {
            recovery::reset_password(app, inner, tx, body, request)
        }
        ("recover", _) => recovery::recover(app, inner, tx),
        // "Back to sign in" from the registration form.
        ("identify", View::EnrollProfile) => {
            tx.view = View::Identify;
            match body.get("identifier") {
                Some(_) => identify(app, inner, tx, body, request),
                None => ok(),
            }
        }
        ("enroll" | "enroll/new", _) => {
            crate::registration::step(app, inner, tx, endpoint, body, request)
        }
        ("challenge/answer", View::EnrollPassword) => {
            crate::registration::enroll_password(app, inner, tx, body, request)
        }
        ("consent", _) => crate::consent::step(app, inner, tx, body, request),
        ("challenge/answer", View::Password) => {
            let username = tx.user.clone().unwrap_or_default();
            match lockout::check(app, inner, &username, passcode(body)) {
                Ok(()) => {
                    advance(app, inner, tx, request);
                    ok()
                }
                Err(why) => lockout::refusal(tx, why),
            }
        }
        ("challenge/answer", View::Totp) => okta_verify::answer_totp(app, inner, tx, body, request),
        ("challenge/answer/webauthn-autofillui", View::Identify) if config.webauthn.autofill => {
            crate::webauthn::sign_in_discoverable(app, inner, tx, body, request)
        }
        ("authenticators/webauthn/launch", View::Identify) => crate::webauthn::launch(app, tx),
        (
            "challenge/answer",
            View::Challenge {
                authenticator: Authenticator::Webauthn,
            },
        ) if tx.user.is_none() => {
            crate::webauthn::sign_in_discoverable(app, inner, tx, body, request)
        }
        ("challenge/answer", View::Challenge { authenticator }) => {
            factors::answer(app, inner, tx, authenticator, false, body, request)
        }
        ("challenge/answer", View::Enroll { authenticator }) => {
            factors::answer(app, inner, tx, authenticator, true, body, request)
        }
        ("challenge/answer", View::PasswordChange { .. }) => {
            factors::change_password(app, inner, tx, body, request)
        }
        // Okta posts the phone's enrollment data to credential/enroll; /challenge is taken too.
        ("challenge" | "credential/enroll", View::EnrollData { .. })
            if body
                .get("authenticator")
                .and_then(|a| a.get("id"))
                .and_then(Value::as_str)
                == Some(crate::forms::PHONE_ID) =>
        {
            let choice = body
                .get("authenticator")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            factors::phone_data(app, inner, tx, &choice)
        }
        (
            "challenge",
            View::VerifySelect
            | View::VerifyData
            | View::PushPoll { .. }
            | View::PushResend { .. }
            | View::Totp
            | View::ChallengeData { .. }
            | View::Challenge { .. }
            | View::FastPass(_),
        ) => {
            let Some(choice) = body.get("authenticator").and_then(Value::as_object) else {
                return Outcome::Reply(bad_request("'authenticator' is required."));
            };
            if choice.get("id").and_then(Value::as_str) != Some(OKTA_VERIFY_ID) {
                return factors::choose(app, inner, tx, choice);
            }
            okta_verify::choose(app, inner, tx, choice, request)
        }
        ("authenticators/poll", view) => {
            okta_verify::poll_push(app, inner, tx, view, body, request, now)
        }
        ("challenge/poll", view) => {
            if let Some(limited) = rate_limit(app, tx, now) {
                return Outcome::Reply(limited);
            }
            if let View::EnrollPoll { activation, .. } = &view
                && inner
                    .activations
                    .get(activation)
                    .is_some_and(|a| a.completed)
            {
                tx.mfa_done = true;
                advance(app, inner, tx, request);
            }
            if let View::Challenge {
                authenticator: Authenticator::OktaEmail,
            }
            | View::Enroll {
                authenticator: Authenticator::OktaEmail,
            } = &view
            {
                factors::poll(app, inner, tx, request);
            }
            ok()
        }
        (
            "challenge/resend",
            View::EnrollPoll {
                channel,
                activation,
                address,
            },
        ) if !channel.activates() => {
            let address = address.unwrap_or_default();
            send_setup_link(app, inner, channel, &address, &activation);
            ok()
        }
        (
            "challenge/resend",
            View::ChallengeData {
                authenticator: a @ Authenticator::OktaEmail,
            }
            | View::Challenge {
                authenticator: a @ (Authenticator::OktaEmail | Authenticator::PhoneNumber),
            }
            | View::Enroll {
                authenticator: a @ (Authenticator::OktaEmail | Authenticator::PhoneNumber),
            },
        ) => factors::resend(app, inner, tx, a),
        ("challenge/resend", View::PushPoll { .. }) => {
            let username = tx.user.clone().unwrap_or_default();
            let push = send_push(app, inner, &username, request);
            tx.view = View::PushPoll { push };
            ok()
        }
        ("challenge/send", View::EnrollChannelData { channel }) => {
            send_channel_data(app, inner, tx, channel, body)
        }
        (
            "credential/enroll",
            View::EnrollSelect { .. }
            | View::EnrollPoll { .. }
            | View::EnrollChannelData { .. }
            | View::EnrollData { .. }
            | View::Enroll { .. },
        ) => {
            let Some(choice) = body.get("authenticator").and_then(Value::as_object) else {
                return Outcome::Reply(bad_request("'authenticator' is required."));
            };
            if choice.get("id").and_then(Value::as_str) != Some(OKTA_VERIFY_ID) {
                return factors::enroll(app, inner, tx, choice);
            }
            okta_verify::enroll(app, inner, tx, choice, request)
        }
        ("skip", View::EnrollSelect { optional: true }) => {
            tx.okta_verify_skipped = true;
            advance(app, inner, tx, request);
            ok()
        }
        ("skip", View::PasswordChange { expiring: true }) => {
            tx.password_skipped = true;
            advance(app, inner, tx, request);
            ok()
        }
        _ => not_now(),
    }
}

fn passcode(body: &Map<String, Value>) -> Option<&str> {
    credential(body, "passcode")
}

/// A member of the body's `credentials`, if it is a string.
pub(crate) fn credential<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    body.get("credentials")
        .and_then(|c| c.get(name))
        .and_then(Value::as_str)
}

fn identify(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    body: &Map<String, Value>,
    request: &RequestInfo,
) -> Outcome {
    let identifier = body
        .get("identifier")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim();
    if identifier.is_empty() {
        return refuse(
            StatusCode::BAD_REQUEST,
            Feedback::field(
                "identifier",
                ion::message_with_params(
                    "model.validation.field.blank",
                    "This field cannot be left blank",
                ),
            ),
        );
    }
    if let Some(Err(feedback)) = app.store.config.captcha.as_ref().map(|c| c.check(body)) {
        return refuse(StatusCode::BAD_REQUEST, feedback);
    }
    let Some(user) = app.store.user(identifier) else {
        let text = format!("There is no account with the Username {identifier}.");
        return refuse(
            StatusCode::BAD_REQUEST,
            Feedback::global(ion::message("idx.unknown.user", &text)),
        );
    };
    if lockout::is_locked(inner, &user.username) {
        return lockout::refusal(tx, lockout::Refusal::Locked);
    }
    tx.user = Some(user.username.clone());
    if app.store.config.password_on_identify {
        if let Err(why) = lockout::check(app, inner, &user.username, passcode(body)) {
            tx.user = None;
            return lockout::refusal(tx, why);
        }
        advance(app, inner, tx, request);
    } else {
        tx.view = View::Password;
    }
    ok()
}

/// Whether policy still asks this user for Okta Verify in this transaction.
pub(crate) fn okta_verify_wanted(user: &User, state: &UserState, tx: &Transaction) -> bool {
    !state.okta_verify && user.okta_verify_policy != EnrollPolicy::None && !tx.okta_verify_skipped
}

/// The authenticators policy requires that the user has not enrolled, in Okta's order.
pub(crate) fn missing(user: &User, state: &UserState) -> Vec<Authenticator> {
    Authenticator::ALL
        .into_iter()
        .filter(|a| user.enroll_required.contains(a) && !state.enrolled.contains(a))
        .collect()
}

/// What policy asks for next, once the password is right and after each step: a new password
/// (expired, or expiring unless put off), the enrollments it requires, a second factor (unless
/// one was verified or enrolled in this transaction), then success.
pub(crate) fn advance(app: &App, inner: &mut Inner, tx: &mut Transaction, request: &RequestInfo) {
    tx.reset_polls();
    tx.otp = None;
    tx.enrolling_secret = None;
    if recovery::proven(inner, tx) {
        return;
    }
    let username = tx.user.clone().unwrap_or_default();
    let (Some(user), Some(state)) = (
        app.store.user(&username),
        inner.user_state(&username).cloned(),
    ) else {
        succeed(inner, tx);
        return;
    };
    if state.needs_password {
        tx.view = View::EnrollPassword;
        return;
    }
    if state.password_expired {
        tx.view = View::PasswordChange { expiring: false };
        return;
    }
    if state.password_expires_in_days.is_some() && !tx.password_skipped {
        tx.view = View::PasswordChange { expiring: true };
        return;
    }
    let missing = missing(&user, &state);
    let okta_verify = okta_verify_wanted(&user, &state, tx);
    if !missing.is_empty() || okta_verify {
        let optional = missing.is_empty() && user.okta_verify_policy == EnrollPolicy::Optional;
        tx.view = View::EnrollSelect { optional };
        return;
    }
    if !tx.mfa_done {
        let others: Vec<Authenticator> = Authenticator::ALL
            .into_iter()
            .filter(|a| state.enrolled.contains(a))
            .collect();
        if state.okta_verify && auto_push_on(inner, request, &username) {
            tx.view = View::PushPoll {
                push: send_push(app, inner, &username, request),
            };
            return;
        }
        let next = match (state.okta_verify, others.as_slice()) {
            (false, []) => None,
            (false, [only @ (Authenticator::OktaEmail | Authenticator::PhoneNumber)]) => {
                Some(View::ChallengeData {
                    authenticator: *only,
                })
            }
            (false, [only]) => Some(View::Challenge {
                authenticator: *only,
            }),
            _ => Some(View::VerifySelect),
        };
        if let Some(view) = next {
            tx.view = view;
            return;
        }
    }
    if crate::consent::wanted(&app.store.config, tx) {
        tx.view = View::Consent;
        return;
    }
    succeed(inner, tx);
}

/// A new sign-in in a browser that still has the org's session: the session satisfies the
/// policy, so the transaction is done before its first step, naming the user (Okta's
/// `success-with-interaction-code` shape, with `user` and `cancel`). The page decides whether
/// to go on as that user.
fn continue_session(app: &App, inner: &mut Inner, tx: &mut Transaction, request: &RequestInfo) {
    let fresh = tx.view == View::Identify && tx.user.is_none() && tx.flow == Flow::SignIn;
    if !app.store.config.session_sign_in || !fresh {
        return;
    }
    let Some(live) = request
        .okta_session
        .as_deref()
        .and_then(|id| inner.okta_sessions.get(id))
    else {
        return;
    };
    tx.user = Some(live.login.clone());
    tx.mfa_done = true;
    succeed(inner, tx);
}

/// A push the cancelled transaction was waiting on can no longer be answered from the phone.
fn cancel_push(inner: &mut Inner, view: &View) {
    let (View::PushPoll { push } | View::PushResend { push, .. }) = view else {
        return;
    };
    if let Some(push) = inner
        .pushes
        .iter_mut()
        .find(|p| p.id == *push && p.status == PushStatus::Pending)
    {
        push.status = PushStatus::Cancelled;
    }
}

/// Policy is satisfied: mint a single-use interaction code.
fn succeed(inner: &mut Inner, tx: &mut Transaction) {
    let code = random_id("", 43);
    let grant = CodeGrant {
        oauth: tx.oauth.clone(),
        username: tx.user.clone().unwrap_or_default(),
        created: Instant::now(),
        used: false,
    };
    inner.codes.insert(code.clone(), grant);
    tx.view = View::Success { code };
}

/// Sends a push to the user's phone, with the context of the request that caused it.
fn send_push(app: &App, inner: &mut Inner, username: &str, request: &RequestInfo) -> String {
    let number_challenge = app.store.user(username).is_some_and(|u| u.number_challenge);
    // A new push replaces any the user has not answered.
    for push in inner
        .pushes
        .iter_mut()
        .filter(|p| p.user == username && p.status == PushStatus::Pending)
    {
        push.status = PushStatus::Expired;
    }
    let mut rng = rand::thread_rng();
    let (correct_answer, number_choices) = if number_challenge {
        let correct = rng.gen_range(10..=99u8);
        let mut choices = vec![correct];
        while choices.len() < 3 {
            let n = rng.gen_range(10..=99u8);
            if !choices.contains(&n) {
                choices.push(n);
            }
        }
        choices.shuffle(&mut rng);
        (Some(correct), Some([choices[0], choices[1], choices[2]]))
    } else {
        (None, None)
    };
    let id = random_id("push", 12);
    inner.pushes.push(Push {
        id: id.clone(),
        user: username.to_owned(),
        status: PushStatus::Pending,
        created_at: rfc3339(SystemTime::now()),
        context: PushContext {
            ip: request.peer.ip().to_string(),
            user_agent: request.user_agent.clone(),
            origin: request.origin.clone(),
        },
        number_choices,
        correct_answer,
        created: Instant::now(),
    });
    inner.bound();
    id
}

fn new_activation(inner: &mut Inner, username: &str) -> String {
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

fn send_setup_link(
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

/// `+` then 8 to 15 digits, the first not zero.
pub(crate) fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// Polls faster than three quarters of the `refresh` the server gave get Okta's 429.
pub(crate) fn rate_limit(app: &App, tx: &mut Transaction, now: Instant) -> Option<IdxReply> {
    let config = &app.store.config;
    let refresh = config.refresh_after(tx.polls);
    let too_soon = config.poll_rate_limit
        && tx
            .last_poll
            .is_some_and(|last| now.duration_since(last) < refresh * 3 / 4);
    let faulted = config.faults.rate_limit_this_poll();
    if !too_soon && !faulted {
        tx.last_poll = Some(now);
        tx.polls += 1;
        return None;
    }
    let wait = if faulted {
        Duration::from_secs(2)
    } else {
        refresh
    };
    let body = json!({
        "errorCode": "E0000047",
        "errorSummary": "API call exceeded rate limit due to too many requests.",
        "errorLink": "E0000047",
        "errorId": random_id("oae", 22),
        "errorCauses": [],
    });
    Some(too_many_requests(body, wait))
}

/// A 429 with Okta's rate-limit headers. `x-rate-limit-reset` is a whole second, rounded up
/// so that a client waiting until then is not refused again.
pub(crate) fn too_many_requests(body: Value, wait: Duration) -> IdxReply {
    let reset = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        + wait;
    let mut reply = IdxReply::new(StatusCode::TOO_MANY_REQUESTS, body);
    reply.headers = vec![
        ("x-rate-limit-limit", "1".into()),
        ("x-rate-limit-remaining", "0".into()),
        ("x-rate-limit-reset", (reset.as_secs() + 1).to_string()),
    ];
    reply
}

/// Remembers "Send push automatically" for this user in this browser.
fn remember_auto_push(inner: &mut Inner, device: &str, username: &str, on: bool) {
    let key = (device.to_owned(), username.to_ascii_lowercase());
    if on {
        // The device cookie is the client's to choose: past the cap, one remembered browser
        // (any) is forgotten, as a real org's would be when its cookie is cleared.
        if inner.auto_push.len() >= crate::store::KEEP_AT_MOST && !inner.auto_push.contains(&key) {
            let forget = inner.auto_push.iter().next().cloned();
            if let Some(forget) = forget {
                inner.auto_push.remove(&forget);
            }
        }
        inner.auto_push.insert(key);
    } else {
        inner.auto_push.remove(&key);
    }
}

/// Whether this browser asked to send this user's pushes automatically.
fn auto_push_on(inner: &Inner, request: &RequestInfo, username: &str) -> bool {
    request.device.as_ref().is_some_and(|device| {
        inner
            .auto_push
            .contains(&(device.clone(), username.to_ascii_lowercase()))
    })
}

fn render(
    app: &App,
    inner: &mut Inner,
    tx: &Transaction,
    request: &RequestInfo,
    status: StatusCode,
    feedback: Feedback,
) -> IdxReply {
    let config = &app.store.config;
    let correct_answer = match &tx.view {
        View::PushPoll { push } | View::PushResend { push, .. } => inner
            .pushes
            .iter()
            .find(|p| &p.id == push)
            .and_then(|p| p.correct_answer),
        _ => None,
    };
    let username = tx.user.clone().unwrap_or_default();
    let state = inner.user_state(&username).cloned();
    let configured = app.store.user(&username);
    let user = configured.as_ref().zip(state.as_ref());
    let org = app.org_url();
    let auto_push = auto_push_on(inner, request, &username);
    let ctx = Ctx {
        org: &org,
        config,
        tx,
        user,
        correct_answer,
        auto_push,
        origin: request.origin.as_deref(),
    };
    IdxReply::new(status, ion::render(&ctx, feedback))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::KEEP_AT_MOST;

    /// Review F10: the device cookie is the client's to choose, so "Send push automatically"
    /// cannot be remembered for every value a client makes up.
    #[test]
    fn browsers_remembered_for_automatic_pushes_are_bounded() {
        let mut inner = Inner::default();
        for i in 0..KEEP_AT_MOST + 50 {
            remember_auto_push(&mut inner, &format!("device-{i}"), "Push@example.com", true);
        }
        assert_eq!(inner.auto_push.len(), KEEP_AT_MOST);
        let newest = ("device-newest".to_owned(), "push@example.com".to_owned());
        remember_auto_push(&mut inner, &newest.0, "push@example.com", true);
        assert!(inner.auto_push.contains(&newest), "the newest is kept");
        assert_eq!(inner.auto_push.len(), KEEP_AT_MOST);
        remember_auto_push(&mut inner, &newest.0, "push@example.com", false);
        assert!(!inner.auto_push.contains(&newest));
    }
}

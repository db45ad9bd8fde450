//! Okta FastPass: Okta Verify on the user's own computer proves the device, with no push.
//!
//! Two ways in, as Okta's recorded states show them: "Sign in with Okta FastPass" on the first
//! screen (`launch-authenticator` → `device-challenge-poll` with a top-level
//! `authenticatorChallenge`), and Okta Verify's `signed_nonce` method in the verification
//! picker (→ `challenge-poll` whose `currentAuthenticator.contextualData.challenge` carries the
//! challenge). Either way the org issues a challenge request (a JWT it signs, with a nonce and
//! the `verificationUri` to answer at); Okta Verify signs the nonce with its device key and
//! posts it there; the transaction's next poll moves on. How the challenge reaches Okta Verify
//! is the org's `challengeMethod`: a loopback HTTP service on this computer (ov_desktop.rs), or
//! a custom URI / universal link / app link the page opens.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::App;
use crate::config::FastPassSettings;
pub use crate::config::{ChallengeMethod, Device, OKTA_PORTS};
use crate::ion::{self, Ctx, Feedback, OKTA_VERIFY_ID, form, state_handle, with};
use crate::outcome::{IdxReply, Outcome, RequestInfo, ok};
use crate::store::{
    Challenge, Channel, Inner, Prompt, PromptStatus, Status, Transaction, View, Waiting, random_id,
    rfc3339,
};

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs()
}

/// Where Okta Verify answers a challenge: a real org endpoint, shaped like Okta's.
pub(crate) fn verification_uri(org: &str, challenge: &str) -> String {
    format!("{org}/idp/authenticators/{OKTA_VERIFY_ID}/transactions/{challenge}/verify")
}

/// Whether the first screen offers "Sign in with Okta FastPass".
pub(crate) fn launch_offered(settings: &FastPassSettings) -> bool {
    settings.launch_on_identify && !settings.devices.is_empty()
}

/// `launch-authenticator` on the first screen, when the org offers it.
pub(crate) fn launch(ctx: &Ctx<'_>) -> Option<Value> {
    if !launch_offered(&ctx.config.fastpass) {
        return None;
    }
    Some(with(
        form(
            ctx,
            "launch-authenticator",
            "/idp/idx/authenticators/okta-verify/launch",
            vec![state_handle(&ctx.tx.state_handle)],
        ),
        json!({"relatesTo": ["authenticatorChallenge"]}),
    ))
}

/// Issues a challenge for the transaction and waits on it: from the first screen (`user`
/// unknown) or from the picker.
pub(crate) fn start(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    request: &RequestInfo,
    signed_nonce: bool,
) -> Outcome {
    let settings = &app.store.config.fastpass;
    let id = random_id("ftx", 20);
    let nonce = random_id("", 32);
    let user = signed_nonce.then(|| tx.user.clone()).flatten();
    let org = app.org_url();
    let iat = now_secs();
    let mut claims = json!({
        "iss": org,
        "aud": org,
        "iat": iat,
        "exp": iat + settings.challenge_lifetime_secs,
        "nonce": nonce,
        "transactionId": id,
        "challengeMethod": settings.challenge_method.as_str(),
        "signals": ["screenLock", "rootPrivileges", "fullDiskEncryption", "id", "platform", "osVersion", "manufacturer", "model", "deviceAttestation"],
        "userVerificationRequirement": false,
        "verificationUri": verification_uri(&org, &id),
        "ver": 0,
    });
    if let Some(username) = &user {
        claims["loginHint"] = json!(username);
    }
    let signed = app.key.sign(&claims);
    inner.fastpass.challenges.insert(
        id.clone(),
        Challenge {
            nonce,
            user: user.clone(),
            status: Status::Pending,
            created: Instant::now(),
            cancel_status: None,
        },
    );
    // A link the page opens waits on the phone page as "Open Okta Verify" until a person (or
    // a test, through the phone API) opens it; a loopback challenge asks only once the page
    // reached the computer.
    if settings.challenge_method != ChallengeMethod::Loopback {
        add_prompt(
            inner,
            &id,
            settings.challenge_method,
            user,
            &signed,
            request,
        );
    }
    inner.fastpass.bound();
    tx.view = View::FastPass(Waiting {
        challenge: id,
        request: signed,
        method: settings.challenge_method,
        signed_nonce,
    });
    tx.reset_polls();
    ok()
}

pub(crate) fn add_prompt(
    inner: &mut Inner,
    challenge: &str,
    method: ChallengeMethod,
    user: Option<String>,
    request_jwt: &str,
    request: &RequestInfo,
) -> String {
    let id = random_id("fpp", 12);
    let question = match method {
        ChallengeMethod::Loopback => "Verify it's you on this computer?",
        _ => "Open Okta Verify",
    };
    inner.fastpass.prompts.push(Prompt {
        id: id.clone(),
        challenge: challenge.to_owned(),
        method: Some(method),
        question,
        user,
        status: PromptStatus::Pending,
        created_at: rfc3339(SystemTime::now()),
        origin: request.origin.clone(),
        error: None,
        request: request_jwt.to_owned(),
        activation: None,
    });
    inner.fastpass.bound();
    id
}

/// A poll of a FastPass step: the next state once Okta Verify answered.
pub(crate) fn poll(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    waiting: &Waiting,
    request: &RequestInfo,
    now: Instant,
) -> Outcome {
    let status = inner
        .fastpass
        .challenges
        .get(&waiting.challenge)
        .map(|c| c.status.clone());
    match status {
        Some(Status::Verified { username }) => {
            inner.fastpass.challenges.remove(&waiting.challenge);
            if crate::lockout::is_locked(inner, &username) {
                tx.view = back(tx, waiting);
                return crate::lockout::refusal(tx, crate::lockout::Refusal::Locked);
            }
            tx.user = Some(username);
            tx.mfa_done = true;
            crate::advance::advance(app, inner, tx, request);
            ok()
        }
        Some(Status::Refused) => {
            inner.fastpass.challenges.remove(&waiting.challenge);
            tx.view = back(tx, waiting);
            tx.reset_polls();
            Outcome::Render(
                StatusCode::OK,
                Feedback::global(ion::message_with_params(
                    "api.authn.poll.error.push_rejected",
                    "You have chosen to reject this login.",
                )),
            )
        }
        Some(Status::WrongAccount) => {
            inner.fastpass.challenges.remove(&waiting.challenge);
            tx.view = View::Identify;
            tx.user = None;
            tx.mfa_done = false;
            Outcome::Reply(device_account_invalid(app, tx))
        }
        Some(Status::Pending) => match crate::outcome::rate_limit(app, tx, now) {
            Some(limited) => Outcome::Reply(limited),
            None => ok(),
        },
        Some(Status::Cancelled { .. }) | None => {
            tx.view = back(tx, waiting);
            ok()
        }
    }
}

/// Where a FastPass step goes back to: the first screen, or the picker.
fn back(tx: &Transaction, waiting: &Waiting) -> View {
    if waiting.signed_nonce && tx.user.is_some() {
        View::VerifySelect
    } else {
        View::Identify
    }
}

/// Okta's answer to a poll when Okta Verify proved a device of another account
/// (`error-poll-400-device-account-invalid`): a message and the cancel, nothing to submit.
fn device_account_invalid(app: &App, tx: &Transaction) -> IdxReply {
    let mut doc = ion::state_head(&app.store.config, &tx.state_handle);
    let org = app.org_url();
    if let Some(obj) = doc.as_object_mut() {
        obj.insert(
            "messages".into(),
            json!({"type": "array", "value": [ion::message(
                "core.auth.factor.signedNonce.error.invalidDevice",
                "Your device or account was invalidated. If this is unexpected, contact your administrator for help.",
            )]}),
        );
        obj.insert(
            "cancel".into(),
            json!({
                "rel": ["create-form"], "name": "cancel", "href": format!("{org}/idp/idx/cancel"),
                "method": "POST", "produces": ion::ION_JSON, "accepts": "application/json; okta-version=1.0.0",
                "value": [state_handle(&tx.state_handle)],
            }),
        );
        obj.insert(
            "app".into(),
            json!({"type": "object", "value": {"name": "oidc_client", "label": "idx-widget demo", "id": tx.oauth.client_id}}),
        );
    }
    IdxReply::new(StatusCode::BAD_REQUEST, doc)
}

/// `cancel-polling`: the page gave up on the challenge (Okta Verify unreachable, or it
/// answered with an error, or the person cancelled). The challenge can no longer be answered;
/// the transaction goes back to where the person can choose another way (push, for one).
pub(crate) fn cancel(
    inner: &mut Inner,
    tx: &mut Transaction,
    waiting: &Waiting,
    body: &Map<String, Value>,
) -> Outcome {
    let reason = body
        .get("reason")
        .and_then(Value::as_str)
        .map(str::to_owned);
    if let Some(challenge) = inner.fastpass.challenges.get_mut(&waiting.challenge) {
        challenge.status = Status::Cancelled { reason };
        challenge.cancel_status = body.get("statusCode").cloned();
    }
    for prompt in &mut inner.fastpass.prompts {
        if prompt.challenge == waiting.challenge && prompt.status == PromptStatus::Pending {
            prompt.status = PromptStatus::Failed;
            prompt.error = Some("the sign-in page cancelled".into());
        }
    }
    tx.view = back(tx, waiting);
    tx.reset_polls();
    ok()
}

/// The challenge as the page needs it: the request and where to send it (loopback), or the
/// link to open.
fn challenge_value(ctx: &Ctx<'_>, waiting: &Waiting) -> Map<String, Value> {
    let settings = &ctx.config.fastpass;
    let mut value = Map::new();
    value.insert("challengeMethod".into(), json!(waiting.method.as_str()));
    match waiting.method {
        ChallengeMethod::Loopback => {
            value.insert("challengeRequest".into(), json!(waiting.request));
            value.insert("domain".into(), json!(settings.domain));
            if let Some(https) = &settings.https_domain {
                value.insert("httpsDomain".into(), json!(https));
            }
            let ports: Vec<String> = settings
                .challenge_ports()
                .iter()
                .map(u16::to_string)
                .collect();
            value.insert("ports".into(), json!(ports));
            if let Some(ms) = settings.probe_timeout_ms {
                value.insert("probeTimeoutMillis".into(), json!(ms));
            }
            if let Some(link) = &settings.chrome_lna_help_link {
                value.insert(
                    "chromeLocalNetworkAccessDetails".into(),
                    json!({"chromeLNAHelpLink": link}),
                );
            }
        }
        ChallengeMethod::CustomUri => {
            let mut uri = url::Url::parse("com-okta-authenticator:/deviceChallenge")
                .expect("a valid custom URI");
            uri.query_pairs_mut()
                .append_pair("challengeRequest", &waiting.request);
            value.insert("href".into(), json!(uri.to_string()));
            value.insert("downloadHref".into(), json!(settings.download_href));
        }
        ChallengeMethod::UniversalLink | ChallengeMethod::AppLink => {
            // Where the system would open Okta Verify; here the simulated phone page, which
            // shows the request as "Open Okta Verify".
            value.insert(
                "href".into(),
                json!(format!(
                    "{}/sim/device?fastpass={}",
                    ctx.org, waiting.challenge
                )),
            );
        }
    }
    value
}

fn cancel_form(ctx: &Ctx<'_>) -> Value {
    form(
        ctx,
        "cancel-polling",
        "/idp/idx/authenticators/poll/cancel",
        vec![state_handle(&ctx.tx.state_handle)],
    )
}

fn poll_form(ctx: &Ctx<'_>, name: &str, relates_to: &str) -> Value {
    with(
        form(
            ctx,
            name,
            "/idp/idx/authenticators/poll",
            vec![state_handle(&ctx.tx.state_handle)],
        ),
        json!({"relatesTo": [relates_to], "refresh": ctx.refresh_ms()}),
    )
}

/// The remediations of a FastPass step.
pub(crate) fn remediations(ctx: &Ctx<'_>, waiting: &Waiting) -> Vec<Value> {
    if waiting.signed_nonce {
        vec![
            poll_form(ctx, "challenge-poll", "$.currentAuthenticator"),
            crate::forms::select_authenticate(ctx),
        ]
    } else {
        vec![poll_form(
            ctx,
            "device-challenge-poll",
            "authenticatorChallenge",
        )]
    }
}

/// The context objects of a FastPass step: the top-level `authenticatorChallenge` (first
/// screen), or Okta Verify as the current authenticator with the challenge in its
/// `contextualData` (picker).
pub(crate) fn context(
    ctx: &Ctx<'_>,
    waiting: &Waiting,
    authenticators: Value,
    enrollments: Value,
) -> Vec<(&'static str, Value)> {
    let mut challenge = challenge_value(ctx, waiting);
    if !waiting.signed_nonce {
        challenge.insert("cancel".into(), cancel_form(ctx));
        return vec![(
            "authenticatorChallenge",
            json!({"type": "object", "value": challenge}),
        )];
    }
    let mut ov = ion::okta_verify(&["signed_nonce"]);
    ov.insert("cancel".into(), cancel_form(ctx));
    ov.insert(
        "contextualData".into(),
        json!({"challenge": {"type": "object", "value": challenge}}),
    );
    vec![
        (
            "currentAuthenticator",
            json!({"type": "object", "value": ov}),
        ),
        ("authenticators", authenticators),
        ("authenticatorEnrollments", enrollments),
    ]
}

/// Adds `signed_nonce` to Okta Verify's methods (in the lists and enrollments) for a user
/// with Okta Verify on a computer.
pub(crate) fn add_method(ctx: &Ctx<'_>, okta_verify: &mut Map<String, Value>) {
    if !ctx.fastpass_offered() {
        return;
    }
    if let Some(Value::Array(methods)) = okta_verify.get_mut("methods") {
        methods.push(json!({"type": "signed_nonce"}));
    }
}

/// Okta Verify's answer to a challenge, as it posts it to the `verificationUri`.
#[derive(Debug, Deserialize)]
struct Answer {
    #[serde(rename = "challengeResponse")]
    challenge_response: String,
}

fn refusal(status: StatusCode, code: &str, text: &str) -> Response {
    (
        status,
        Json(json!({"errorCode": code, "errorSummary": text, "errorCauses": []})),
    )
        .into_response()
}

/// `POST /idp/authenticators/{authenticator}/transactions/{challenge}/verify`: Okta Verify's
/// signed answer. Refused unless it is signed with the key of a device enrolled for FastPass,
/// names this challenge's nonce and verification URI, arrives before the challenge expires,
/// and is the first answer.
pub(crate) async fn verify(
    State(app): State<Arc<App>>,
    Path((authenticator, challenge_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if authenticator != OKTA_VERIFY_ID {
        return refusal(StatusCode::NOT_FOUND, "E0000007", "No such authenticator.");
    }
    let Ok(answer) = serde_json::from_slice::<Answer>(&body) else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "E0000003",
            "The request body must be {\"challengeResponse\": \"<JWS>\"}.",
        );
    };
    let uri = verification_uri(&app.org_url(), &challenge_id);
    let settings = &app.store.config.fastpass;
    let lifetime = Duration::from_secs(settings.challenge_lifetime_secs);
    app.store.with(|inner| {
        let Some(challenge) = inner.fastpass.challenges.get(&challenge_id).cloned() else {
            return refusal(StatusCode::NOT_FOUND, "E0000007", "No such challenge.");
        };
        if challenge.status != Status::Pending {
            return refusal(
                StatusCode::CONFLICT,
                "E0000001",
                "This challenge was already answered or cancelled.",
            );
        }
        if challenge.created.elapsed() >= lifetime {
            return refusal(
                StatusCode::BAD_REQUEST,
                "E0000001",
                "This challenge expired.",
            );
        }
        let Some((device, claims)) =
            check_signature(settings, inner, &answer.challenge_response, &uri)
        else {
            return refusal(
                StatusCode::UNAUTHORIZED,
                "E0000001",
                "The answer is not signed by a device enrolled for Okta FastPass.",
            );
        };
        if claims.get("nonce").and_then(Value::as_str) != Some(challenge.nonce.as_str()) {
            return refusal(
                StatusCode::BAD_REQUEST,
                "E0000001",
                "The answer does not sign this challenge's nonce.",
            );
        }
        let denied = claims.get("userConsent").and_then(Value::as_str) == Some("DENIED");
        let status = match &challenge.user {
            _ if denied => Status::Refused,
            Some(user) if !user.eq_ignore_ascii_case(&device.username) => Status::WrongAccount,
            _ => Status::Verified {
                username: device.username.clone(),
            },
        };
        let answer = match &status {
            Status::Refused => "REFUSED",
            Status::WrongAccount => "WRONG_ACCOUNT",
            _ => "VERIFIED",
        };
        if let Some(c) = inner.fastpass.challenges.get_mut(&challenge_id) {
            c.status = status;
        }
        Json(json!({"status": answer})).into_response()
    })
}

/// The device whose key signed this answer (named by the header's `kid`), and the claims, if
/// the signature, audience and expiry hold.
fn check_signature(
    settings: &FastPassSettings,
    inner: &mut Inner,
    jws: &str,
    uri: &str,
) -> Option<(Device, Map<String, Value>)> {
    let kid = jsonwebtoken::decode_header(jws).ok()?.kid?;
    let device = settings
        .devices
        .iter()
        .find(|d| inner.fastpass.device_key(d).0 == kid)?
        .clone();
    let (_, key) = inner.fastpass.device_key(&device);
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_audience(&[uri]);
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "aud"]);
    let data = jsonwebtoken::decode::<Map<String, Value>>(
        jws,
        &DecodingKey::from_secret(&key),
        &validation,
    )
    .ok()?;
    Some((device, data.claims))
}

/// What Okta Verify on this computer learns from a challenge request it checked.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub challenge: String,
    pub nonce: String,
    pub verification_uri: String,
    pub login_hint: Option<String>,
}

/// Checks a challenge request as Okta Verify does: signed by the org, for the org, not
/// expired, and naming where to answer on the org.
pub(crate) fn read_request(app: &App, jwt: &str) -> Result<Request, String> {
    let org = app.org_url();
    let mut validation = Validation::new(Algorithm::RS256);
    validation.set_audience(&[&org]);
    validation.set_issuer(&[&org]);
    validation.leeway = 0;
    let data = jsonwebtoken::decode::<Map<String, Value>>(jwt, app.key.decoding(), &validation)
        .map_err(|e| format!("the challenge request is not the org's, or expired: {e}"))?;
    let text = |name: &str| {
        data.claims
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let challenge = text("transactionId").ok_or("the challenge request has no transactionId")?;
    let verification_uri = text("verificationUri").ok_or("no verificationUri")?;
    if verification_uri != self::verification_uri(&org, &challenge) {
        return Err("the verificationUri is not the org's".into());
    }
    Ok(Request {
        challenge,
        nonce: text("nonce").ok_or("no nonce")?,
        verification_uri,
        login_hint: text("loginHint"),
    })
}

/// Okta Verify answers a challenge: signs the nonce with the device key of the account it
/// answers for (the one the challenge names, else the first on this computer) and posts it
/// to the org. `Ok` carries the org's verdict.
pub(crate) async fn answer(app: &App, request: &Request, approve: bool) -> Result<String, String> {
    let settings = &app.store.config.fastpass;
    let device = request
        .login_hint
        .as_deref()
        .and_then(|u| settings.device(u))
        .or_else(|| settings.devices.first())
        .cloned()
        .ok_or("Okta Verify on this computer has no account")?;
    let (kid, key) = app.store.with(|inner| inner.fastpass.device_key(&device));
    let user_id = app.store.user_id(&device.username).unwrap_or_default();
    let iat = now_secs();
    let claims = json!({
        "iss": kid,
        "sub": user_id,
        "aud": request.verification_uri,
        "iat": iat,
        "exp": iat + 60,
        "nonce": request.nonce,
        "transactionId": request.challenge,
        // Whether the person said yes to "Verify it's you on this computer?".
        "userConsent": if approve { "APPROVED" } else { "DENIED" },
    });
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(kid);
    let jws = jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(&key))
        .map_err(|e| e.to_string())?;
    let response = reqwest::Client::new()
        .post(&request.verification_uri)
        .json(&json!({"challengeResponse": jws}))
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .map_err(|e| format!("the org could not be reached: {e}"))?;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or_default();
    if !status.is_success() {
        return Err(body["errorSummary"]
            .as_str()
            .unwrap_or("the org refused the answer")
            .to_owned());
    }
    Ok(body["status"].as_str().unwrap_or("VERIFIED").to_owned())
}

fn phone_error(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({"error": text}))).into_response()
}

/// `GET /sim/api/fastpass[?user=U]`: prompts on the computer and "Open Okta Verify" requests,
/// oldest first.
pub(crate) async fn prompts(
    State(app): State<Arc<App>>,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let user = q.get("user").map(|u| u.trim().to_ascii_lowercase());
    let list: Vec<Value> = app.store.with(|inner| {
        inner
            .fastpass
            .prompts
            .iter()
            .filter(|p| match (&user, &p.user) {
                (None, _) | (Some(_), None) => true,
                (Some(u), Some(pu)) => pu.eq_ignore_ascii_case(u),
            })
            .map(|p| serde_json::to_value(p).unwrap_or_default())
            .collect()
    });
    Json(list).into_response()
}

/// `POST /sim/api/fastpass/{id}/approve`: "Yes, it's me" (or the link opened and approved).
pub(crate) async fn approve(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    decide(&app, &id, true).await
}

/// `POST /sim/api/fastpass/{id}/deny`: "No, it's not me".
pub(crate) async fn deny(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    decide(&app, &id, false).await
}

async fn decide(app: &App, id: &str, yes: bool) -> Response {
    let taken = app.store.with(|inner| {
        let prompt = inner.fastpass.prompts.iter_mut().find(|p| p.id == id)?;
        if prompt.status != PromptStatus::Pending {
            return Some(Err(()));
        }
        prompt.status = if yes {
            PromptStatus::Approved
        } else {
            PromptStatus::Denied
        };
        Some(Ok((
            prompt.method,
            prompt.request.clone(),
            prompt.activation.clone(),
        )))
    });
    let (method, jwt, activation) = match taken {
        None => return phone_error(StatusCode::NOT_FOUND, "no such prompt"),
        Some(Err(())) => {
            return phone_error(StatusCode::CONFLICT, "this prompt is no longer pending");
        }
        Some(Ok(found)) => found,
    };
    // The loopback service is waiting on this prompt and answers the challenge itself; a link
    // has nobody waiting, so Okta Verify, opened by it, answers from here.
    if let Some(token) = activation {
        return finish_bootstrap(app, id, &token, yes);
    }
    if method == Some(ChallengeMethod::Loopback) {
        return Json(json!({"id": id, "status": if yes { "approved" } else { "denied" }}))
            .into_response();
    }
    let result = match read_request(app, &jwt) {
        Ok(request) => answer(app, &request, yes).await,
        Err(e) => Err(e),
    };
    let (status, error) = match &result {
        Ok(_) => (PromptStatus::Done, None),
        Err(e) => (PromptStatus::Failed, Some(e.clone())),
    };
    app.store.with(|inner| {
        if let Some(p) = inner.fastpass.prompts.iter_mut().find(|p| p.id == id) {
            p.status = status;
            p.error = error.clone();
        }
    });
    match result {
        Ok(verdict) => Json(json!({"id": id, "status": "done", "org": verdict})).into_response(),
        Err(e) => phone_error(StatusCode::BAD_GATEWAY, &e),
    }
}

/// What the page shows to enroll Okta Verify on this device: the link that sets it up
/// (`samedevice`), or the other accounts Okta Verify here has (`devicebootstrap`).
pub(crate) fn on_device(
    ctx: &Ctx<'_>,
    channel: Channel,
    activation: &str,
    okta_verify: &mut Map<String, Value>,
) -> Value {
    okta_verify.insert("authenticatorInstanceId".into(), json!(OKTA_VERIFY_ID));
    let settings = &ctx.config.fastpass;
    match channel {
        Channel::DeviceBootstrap => {
            let mut names: Vec<&str> = settings.devices.iter().map(|d| d.name.as_str()).collect();
            names.dedup();
            if names.is_empty() {
                names.push("Simulated computer");
            }
            json!({
                "devicebootstrap": {"platform": "OSX", "enrolledDevices": names},
                "selectedChannel": "devicebootstrap",
            })
        }
        _ => json!({
            "samedevice": {
                "orgUrl": ctx.org,
                "downloadHref": settings.download_href,
                "platform": "OSX",
                // Opening it is setting up Okta Verify here, as the app would.
                "setupOVUrl": format!("{}/sim/activate/{activation}", ctx.org),
                "securityLevel": "ANY",
            },
            "selectedChannel": "samedevice",
        }),
    }
}

/// "Add your account to Okta Verify on this computer": device bootstrap waits on the phone page
/// until a person (or a test) adds it.
pub(crate) fn bootstrap_prompt(
    inner: &mut Inner,
    activation: &str,
    username: &str,
    request: &RequestInfo,
) {
    inner.fastpass.prompts.push(Prompt {
        id: random_id("fpp", 12),
        challenge: String::new(),
        method: None,
        question: "Add your account to Okta Verify on this computer?",
        user: Some(username.to_owned()),
        status: PromptStatus::Pending,
        created_at: rfc3339(SystemTime::now()),
        origin: request.origin.clone(),
        error: None,
        request: String::new(),
        activation: Some(activation.to_owned()),
    });
    inner.fastpass.bound();
}

fn finish_bootstrap(app: &App, id: &str, activation: &str, yes: bool) -> Response {
    let result = app.store.with(|inner| {
        let result = if yes {
            crate::store::complete_activation(inner, activation).map(|_| ())
        } else {
            Ok(())
        };
        if let Some(p) = inner.fastpass.prompts.iter_mut().find(|p| p.id == id) {
            p.status = match (&result, yes) {
                (Err(_), _) => PromptStatus::Failed,
                (Ok(()), true) => PromptStatus::Done,
                (Ok(()), false) => PromptStatus::Denied,
            };
            p.error = result.err().map(str::to_owned);
        }
        result
    });
    match result {
        Ok(()) => {
            Json(json!({"id": id, "status": if yes { "done" } else { "denied" }})).into_response()
        }
        Err(e) => phone_error(StatusCode::NOT_FOUND, e),
    }
}

/// A peer address for prompts made by the loopback service (it has no IDX request).
pub(crate) fn loopback_request(peer: SocketAddr, origin: Option<String>) -> RequestInfo {
    RequestInfo {
        peer,
        user_agent: None,
        origin,
        device: None,
        okta_session: None,
    }
}

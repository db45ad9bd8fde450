//! WebAuthn (Okta's "Security Key or Biometric", key `webauthn`): passkeys and security keys.
//! Enrollment hands the browser `activationData` for `navigator.credentials.create` and checks
//! the attestation that comes back; verification hands it `challengeData` and the user's
//! credentials for `navigator.credentials.get` and checks the assertion with the registered
//! public key. A passkey can also sign in from the first screen, before the user is known:
//! autofill (`challenge-webauthn-autofillui-authenticator`) and the "Sign in with a passkey"
//! button (`launch-webauthn-authenticator`), where the assertion's `userHandle` names the user.
//!
//! The checks are those of the WebAuthn Level 2 relying party (§7.1, §7.2), with `fmt` `none`
//! (and `packed` self-attestation) only: no attestation certificates are judged.

use ciborium::Value as Cbor;
use rand::Rng;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use axum::http::StatusCode;

use crate::App;
use crate::advance::advance;
use crate::config::{Authenticator, WebauthnPolicy};
use crate::forms::{select_authenticate, select_enroll};
use crate::ion::{self, Ctx, Feedback, credentials, form};
use crate::outcome::{Call, Outcome, credential, not_now, ok, refuse};
use crate::store::{Inner, Transaction, UserState, View, random_id};

pub(crate) mod credential;

pub use credential::{Credential, ES256, Kind, PublicKey, RS256, Registered};
use credential::{b64, cbor_bytes, cbor_int, cose_key, default_name, unb64};

fn new_challenge() -> String {
    b64(&rand::thread_rng().r#gen::<[u8; 32]>())
}

/// Whether this view asks the browser for a WebAuthn ceremony, so it needs a challenge.
fn wants_challenge(app: &App, view: &View) -> bool {
    let policy = &app.store.config.webauthn;
    match view {
        View::Enroll {
            authenticator: Authenticator::Webauthn,
        }
        | View::Challenge {
            authenticator: Authenticator::Webauthn,
        } => true,
        View::Identify => policy.autofill,
        _ => false,
    }
}

/// After every step: a WebAuthn step has its challenge (a fresh one once the last was
/// answered, right or wrong, so none is good twice); any other step has none.
pub(crate) fn prepare(app: &App, tx: &mut Transaction) {
    if !wants_challenge(app, &tx.view) {
        tx.webauthn_challenge = None;
    } else if tx.webauthn_challenge.is_none() {
        tx.webauthn_challenge = Some(new_challenge());
    }
}

// ---------------------------------------------------------------------------------------------
// What the org sends.

/// The user's credentials as `authenticatorEnrollments` lists them (one entry each).
pub(crate) fn enrollments(state: &UserState) -> Vec<Value> {
    state
        .webauthn
        .iter()
        .map(|c| {
            let mut e = json!({
                "type": "security_key",
                "key": "webauthn",
                "id": c.enrollment_id,
                "displayName": c.name,
                "credentialId": b64(&c.id),
                "methods": [{"type": "webauthn"}],
            });
            if !c.transports.is_empty() {
                e["transports"] = json!(c.transports);
            }
            e
        })
        .collect()
}

fn authenticator(contextual: Value) -> Map<String, Value> {
    let mut map = crate::forms::authenticator_object(Authenticator::Webauthn);
    map.insert("contextualData".into(), contextual);
    map
}

/// The U2F `appid` Okta sends (its org's URL), in `u2fParams`, which browsers never see: the
/// page's own origin when that is trusted, else the org's.
fn app_id<'a>(ctx: &Ctx<'a>) -> &'a str {
    ctx.origin
        .filter(|o| ctx.config.trusted_origins.iter().any(|t| t == o))
        .unwrap_or(ctx.org)
}

/// `challengeData.extensions`, which Okta's Sign-In Widget hands to `navigator.credentials.get`
/// as they are. Chromium refuses any `appid` on a page that is not https ("SecurityError: This
/// is an invalid domain", seen with its virtual authenticator on `http://localhost`) and one
/// that is not the page's own site, so `appid` is the page's origin, and only over https.
fn extensions(ctx: &Ctx<'_>) -> Value {
    match app_id(ctx) {
        id if id.starts_with("https://") && Some(id) == ctx.origin => json!({"appid": id}),
        _ => json!({}),
    }
}

fn challenge_data(ctx: &Ctx<'_>) -> Value {
    let policy = &ctx.config.webauthn;
    let mut data = json!({
        "challenge": ctx.tx.webauthn_challenge.clone().unwrap_or_default(),
        "userVerification": policy.user_verification,
        "extensions": extensions(ctx),
        "hints": policy.hints,
    });
    if let Some(rp) = &policy.rp_id {
        data["rpId"] = json!(rp);
    }
    data
}

fn activation_data(ctx: &Ctx<'_>) -> Value {
    let policy = &ctx.config.webauthn;
    let (id, name, display) = ctx
        .user
        .map(|(user, state)| {
            let display = match (&user.first_name, &user.last_name) {
                (Some(f), Some(l)) => format!("{f} {l}"),
                (Some(f), None) => f.clone(),
                _ => user.username.clone(),
            };
            (state.id.clone(), user.username.clone(), display)
        })
        .unwrap_or_default();
    let mut rp = json!({"name": policy.rp_name});
    if let Some(rp_id) = &policy.rp_id {
        rp["id"] = json!(rp_id);
    }
    let exclude: Vec<Value> = ctx
        .user
        .map(|(_, s)| {
            s.webauthn
                .iter()
                .map(|c| json!({"type": "public-key", "id": b64(&c.id)}))
                .collect()
        })
        .unwrap_or_default();
    let data = json!({
        "rp": rp,
        "user": {"id": id, "name": name, "displayName": display},
        "pubKeyCredParams": [
            {"type": "public-key", "alg": ES256},
            {"type": "public-key", "alg": RS256},
        ],
        "challenge": ctx.tx.webauthn_challenge.clone().unwrap_or_default(),
        "attestation": policy.attestation,
        "authenticatorSelection": {
            "userVerification": policy.user_verification,
            "residentKey": policy.resident_key,
            "requireResidentKey": policy.resident_key == "required",
        },
        "excludeCredentials": exclude,
        "timeout": policy.timeout_ms,
        "u2fParams": {"appid": app_id(ctx)},
        "hints": policy.hints,
    });
    data
}

fn assertion_fields(discoverable: bool) -> Value {
    let mut fields = vec![
        json!({"name": "clientData", "label": "Client Data", "required": true, "visible": false}),
        json!({"name": "authenticatorData", "label": "Authenticator Data", "required": true, "visible": false}),
        json!({"name": "signatureData", "label": "Signature Data", "required": true, "visible": false}),
    ];
    if discoverable {
        fields.push(json!({"name": "userHandle", "label": "User Handle", "required": false, "visible": false}));
    }
    credentials(fields)
}

/// The remediations of a WebAuthn enrollment or challenge.
pub(crate) fn remediations(ctx: &Ctx<'_>) -> Vec<Value> {
    match ctx.tx.view {
        View::Enroll { .. } => {
            let fields: Vec<Value> = [
                ("clientData", "Client Data"),
                ("attestation", "Attestation"),
                ("transports", "Transports"),
                ("clientExtensions", "clientExtensions"),
            ]
            .into_iter()
            .map(|(name, label)| {
                json!({"name": name, "label": label, "visible": false, "required": name != "transports" && name != "clientExtensions", "hint": "webauthn"})
            })
            .collect();
            vec![
                ion::step_form(
                    ctx,
                    "enroll-authenticator",
                    "/idp/idx/challenge/answer",
                    credentials(fields),
                    "$.currentAuthenticator",
                ),
                select_enroll(ctx),
            ]
        }
        _ => {
            let discoverable = ctx.user.is_none();
            let mut list = vec![ion::step_form(
                ctx,
                "challenge-authenticator",
                "/idp/idx/challenge/answer",
                assertion_fields(discoverable),
                "$.currentAuthenticator",
            )];
            if !discoverable {
                list.push(select_authenticate(ctx));
            }
            list
        }
    }
}

/// The context objects of a WebAuthn enrollment or challenge.
pub(crate) fn context(
    ctx: &Ctx<'_>,
    authenticators: Value,
    enrollments: Value,
) -> Vec<(&'static str, Value)> {
    let current = match ctx.tx.view {
        View::Enroll { .. } => {
            let mut map = authenticator(json!({"activationData": activation_data(ctx)}));
            map.insert("catalogKey".into(), json!("webauthn"));
            map.insert("settings".into(), json!({}));
            map
        }
        _ => authenticator(json!({"challengeData": challenge_data(ctx)})),
    };
    let mut out = vec![(
        "currentAuthenticator",
        json!({"type": "object", "value": current}),
    )];
    if ctx.user.is_some() {
        out.push(("authenticators", authenticators));
        out.push(("authenticatorEnrollments", enrollments));
    }
    out
}

/// The first screen's passkey remediations, when configured: "Sign in with a passkey"
/// (`launch-webauthn-authenticator`) and autofill.
pub(crate) fn identify_remediations(ctx: &Ctx<'_>) -> (Option<Value>, Option<Value>) {
    let policy = &ctx.config.webauthn;
    let launch = policy.launch_authenticator.then(|| {
        form(
            ctx,
            "launch-webauthn-authenticator",
            "/idp/idx/authenticators/webauthn/launch",
            vec![ion::state_handle(&ctx.tx.state_handle)],
        )
    });
    let autofill = policy.autofill.then(|| {
        ion::step_form(
            ctx,
            "challenge-webauthn-autofillui-authenticator",
            "/idp/idx/challenge/answer/webauthn-autofillui",
            assertion_fields(true),
            "webauthnAutofillUIChallenge",
        )
    });
    (launch, autofill)
}

/// The first screen's `webauthnAutofillUIChallenge`, when autofill is on.
pub(crate) fn identify_context(ctx: &Ctx<'_>) -> Vec<(&'static str, Value)> {
    if !ctx.config.webauthn.autofill {
        return Vec::new();
    }
    vec![(
        "webauthnAutofillUIChallenge",
        json!({"type": "object", "value": {"challengeData": challenge_data(ctx)}}),
    )]
}

// ---------------------------------------------------------------------------------------------
// What the browser sends back.

/// Why a ceremony was refused (for idx-sim's log; the answer is Okta's message).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Refusal {
    Malformed(&'static str),
    WrongType,
    WrongChallenge,
    UntrustedOrigin,
    WrongRpId,
    NotPresent,
    NotVerified,
    Attestation(String),
    AlreadyRegistered,
    BadSignature,
    CounterWentBack,
    UnknownUser,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Self::Malformed(what) => what,
            Self::WrongType => "clientDataJSON has the wrong type",
            Self::WrongChallenge => "not the challenge issued (or it was spent)",
            Self::UntrustedOrigin => "the origin is not a trusted origin",
            Self::WrongRpId => "rpIdHash is not SHA-256 of the RP ID",
            Self::NotPresent => "the user-present flag is not set",
            Self::NotVerified => "user verification is required but the UV flag is not set",
            Self::Attestation(fmt) => return write!(f, "attestation format {fmt:?} not accepted"),
            Self::AlreadyRegistered => "the credential is registered already",
            Self::BadSignature => {
                "the signature does not verify with the key (or no key of the user's)"
            }
            Self::CounterWentBack => "the signature counter did not increase",
            Self::UnknownUser => "the user handle names no user",
        };
        f.write_str(text)
    }
}

fn assertion_failure() -> Outcome {
    refuse(
        StatusCode::BAD_REQUEST,
        Feedback::global(ion::message(
            "authfactor.webauthn.error.assertion_validation_failure",
            "None of the WebAuthn authenticators the user has enrolled for was able to validate the assertion",
        )),
    )
}

fn enrollment_failure(why: &Refusal) -> Outcome {
    let message = match why {
        Refusal::Attestation(fmt) => ion::message(
            "authfactor.webauthn.error.unsupported_attestation",
            &format!(
                "This org accepts attestation \"none\" or packed self-attestation, not \"{fmt}\"."
            ),
        ),
        _ => ion::message(
            "authfactor.webauthn.error",
            "You are currently unable to use a Security key or biometric authenticator. Try again.",
        ),
    };
    refuse(StatusCode::BAD_REQUEST, Feedback::global(message))
}

fn field<'a>(body: &'a Map<String, Value>, name: &str) -> &'a str {
    credential(body, name).unwrap_or("")
}

/// `clientDataJSON`: its raw bytes (signed over by hash) once its type, challenge and origin
/// are right; and the RP ID the authenticator data must hash to.
fn check_client_data(
    app: &App,
    encoded: &str,
    expected_type: &str,
    challenge: Option<&str>,
) -> Result<(Vec<u8>, String), Refusal> {
    let raw = unb64(encoded).ok_or(Refusal::Malformed("clientData is not base64url"))?;
    let parsed: Value =
        serde_json::from_slice(&raw).map_err(|_| Refusal::Malformed("clientData is not JSON"))?;
    if parsed.get("type").and_then(Value::as_str) != Some(expected_type) {
        return Err(Refusal::WrongType);
    }
    let given = parsed.get("challenge").and_then(Value::as_str);
    match (given, challenge) {
        (Some(g), Some(c)) if g.trim_end_matches('=') == c => {}
        _ => return Err(Refusal::WrongChallenge),
    }
    let origin = parsed
        .get("origin")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let config = &app.store.config;
    if !config
        .trusted_origins
        .iter()
        .any(|t| t.trim_end_matches('/') == origin)
    {
        return Err(Refusal::UntrustedOrigin);
    }
    let rp_id = match &config.webauthn.rp_id {
        Some(rp) => rp.clone(),
        None => url::Url::parse(origin)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .ok_or(Refusal::UntrustedOrigin)?,
    };
    Ok((raw, rp_id))
}

/// The parsed authenticator data (WebAuthn §6.1).
struct AuthData {
    flags: u8,
    sign_count: u32,
    /// Credential id and public key, when attested (AT flag).
    attested: Option<(Vec<u8>, PublicKey)>,
}

const UP: u8 = 0x01;
const UV: u8 = 0x04;
const BE: u8 = 0x08;
const AT: u8 = 0x40;

fn parse_auth_data(
    bytes: &[u8],
    rp_id: &str,
    policy: &WebauthnPolicy,
    attested: bool,
) -> Result<AuthData, Refusal> {
    if bytes.len() < 37 {
        return Err(Refusal::Malformed(
            "authenticatorData is shorter than 37 bytes",
        ));
    }
    if bytes[..32] != Sha256::digest(rp_id.as_bytes())[..] {
        return Err(Refusal::WrongRpId);
    }
    let flags = bytes[32];
    if flags & UP == 0 {
        return Err(Refusal::NotPresent);
    }
    if policy.user_verification == "required" && flags & UV == 0 {
        return Err(Refusal::NotVerified);
    }
    let sign_count = u32::from_be_bytes([bytes[33], bytes[34], bytes[35], bytes[36]]);
    let mut rest = &bytes[37..];
    let attested = if attested {
        if flags & AT == 0 || rest.len() < 18 {
            return Err(Refusal::Malformed("no attested credential data"));
        }
        let len = usize::from(u16::from_be_bytes([rest[16], rest[17]]));
        rest = &rest[18..];
        if len == 0 || len > 1023 || rest.len() < len {
            return Err(Refusal::Malformed("bad credential id length"));
        }
        let id = rest[..len].to_vec();
        rest = &rest[len..];
        let cose: Cbor = ciborium::de::from_reader(&mut rest)
            .map_err(|_| Refusal::Malformed("the credential public key is not CBOR"))?;
        let key = cose_key(&cose).map_err(Refusal::Malformed)?;
        Some((id, key))
    } else {
        None
    };
    Ok(AuthData {
        flags,
        sign_count,
        attested,
    })
}

fn signed_message(auth_data: &[u8], client_data: &[u8]) -> Vec<u8> {
    let mut message = auth_data.to_vec();
    message.extend_from_slice(&Sha256::digest(client_data));
    message
}

/// The attestation object: `fmt` `none`, or `packed` self-attestation (no certificate,
/// signed with the new credential's own key).
fn check_attestation(
    encoded: &str,
    client_data: &[u8],
    rp_id: &str,
    policy: &WebauthnPolicy,
) -> Result<(AuthData, Vec<u8>), Refusal> {
    let raw = unb64(encoded).ok_or(Refusal::Malformed("attestation is not base64url"))?;
    let cbor: Cbor = ciborium::de::from_reader(raw.as_slice())
        .map_err(|_| Refusal::Malformed("attestation is not CBOR"))?;
    let map = cbor
        .as_map()
        .ok_or(Refusal::Malformed("attestation is not a CBOR map"))?;
    let text = |name: &str| {
        map.iter()
            .find(|(k, _)| k.as_text() == Some(name))
            .map(|(_, v)| v)
    };
    let fmt = text("fmt")
        .and_then(Cbor::as_text)
        .ok_or(Refusal::Malformed("attestation has no fmt"))?
        .to_owned();
    let auth_bytes = text("authData")
        .and_then(Cbor::as_bytes)
        .ok_or(Refusal::Malformed("attestation has no authData"))?
        .clone();
    let statement = text("attStmt")
        .and_then(Cbor::as_map)
        .ok_or(Refusal::Malformed("attestation has no attStmt"))?;
    let auth = parse_auth_data(&auth_bytes, rp_id, policy, true)?;
    match fmt.as_str() {
        "none" if statement.is_empty() => {}
        "packed" => {
            let field = |name: &str| {
                statement
                    .iter()
                    .find(|(k, _)| k.as_text() == Some(name))
                    .map(|(_, v)| v)
            };
            if field("x5c").is_some() || field("ecdaaKeyId").is_some() {
                return Err(Refusal::Attestation("packed with a certificate".into()));
            }
            let key = &auth
                .attested
                .as_ref()
                .ok_or(Refusal::Malformed("no key"))?
                .1;
            let alg = cbor_int(field("alg"));
            let sig = cbor_bytes(field("sig")).ok_or(Refusal::Malformed("packed has no sig"))?;
            if alg != Some(i128::from(key.alg()))
                || !key.verifies(&signed_message(&auth_bytes, client_data), sig)
            {
                return Err(Refusal::BadSignature);
            }
        }
        other => return Err(Refusal::Attestation(other.to_owned())),
    }
    Ok((auth, auth_bytes))
}

/// The `transports` of an enrollment: a JSON array in a string (okta-auth-js), or an array.
fn transports(body: &Map<String, Value>) -> Vec<String> {
    let value = body.get("credentials").and_then(|c| c.get("transports"));
    let list = match value {
        Some(Value::String(s)) => serde_json::from_str::<Vec<String>>(s).unwrap_or_default(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    };
    list.into_iter().filter(|t| t.len() <= 16).take(8).collect()
}

/// Whether the browser said the new credential is discoverable (`credProps.rk`).
fn discoverable_by_extensions(body: &Map<String, Value>) -> bool {
    let value = body
        .get("credentials")
        .and_then(|c| c.get("clientExtensions"));
    let parsed = match value {
        Some(Value::String(s)) => serde_json::from_str::<Value>(s).unwrap_or(Value::Null),
        Some(other) => other.clone(),
        None => Value::Null,
    };
    parsed.pointer("/credProps/rk") == Some(&Value::Bool(true))
}

/// `enroll-authenticator` answered: the new credential, registered to the user once every
/// check passes. The challenge is spent either way.
pub(crate) fn register(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    username: &str,
    body: &Map<String, Value>,
) -> Result<(), Outcome> {
    let challenge = tx.webauthn_challenge.take();
    let policy = &app.store.config.webauthn;
    let checked = (|| {
        let (client_data, rp_id) = check_client_data(
            app,
            field(body, "clientData"),
            "webauthn.create",
            challenge.as_deref(),
        )?;
        let (auth, _) =
            check_attestation(field(body, "attestation"), &client_data, &rp_id, policy)?;
        let (id, key) = auth.attested.ok_or(Refusal::Malformed("no credential"))?;
        if inner
            .users
            .values()
            .any(|s| s.webauthn.iter().any(|c| c.id == id))
        {
            return Err(Refusal::AlreadyRegistered);
        }
        let kind = if auth.flags & BE != 0
            || discoverable_by_extensions(body)
            || policy.resident_key == "required"
        {
            Kind::Passkey
        } else {
            Kind::SecurityKey
        };
        Ok(Registered {
            id,
            enrollment_id: random_id("fwf", 17),
            key,
            sign_count: auth.sign_count,
            kind,
            name: default_name(kind).to_owned(),
            transports: transports(body),
            user_handle: None,
        })
    })();
    match checked {
        Ok(credential) => {
            if let Some(state) = inner.user_state(username) {
                state.webauthn.push(credential);
            }
            Ok(())
        }
        Err(why) => {
            eprintln!("idx-sim: WebAuthn enrollment refused: {why}");
            Err(enrollment_failure(&why))
        }
    }
}

/// Checks an assertion against the candidate credentials; on success, the user's name and
/// the credential's counter is moved on.
fn check_assertion(
    app: &App,
    inner: &mut Inner,
    challenge: Option<&str>,
    candidates: &[String],
    body: &Map<String, Value>,
) -> Result<String, Refusal> {
    let policy = &app.store.config.webauthn;
    let (client_data, rp_id) =
        check_client_data(app, field(body, "clientData"), "webauthn.get", challenge)?;
    let auth_bytes = unb64(field(body, "authenticatorData"))
        .ok_or(Refusal::Malformed("authenticatorData is not base64url"))?;
    let signature = unb64(field(body, "signatureData"))
        .ok_or(Refusal::Malformed("signatureData is not base64url"))?;
    let auth = parse_auth_data(&auth_bytes, &rp_id, policy, false)?;
    let message = signed_message(&auth_bytes, &client_data);
    for name in candidates {
        let Some(state) = inner.user_state(name) else {
            continue;
        };
        let Some(credential) = state
            .webauthn
            .iter_mut()
            .find(|c| c.key.verifies(&message, &signature))
        else {
            continue;
        };
        // A counter that does not move on means a cloned authenticator (§6.1.1); 0 and 0
        // means the authenticator keeps none.
        if (auth.sign_count != 0 || credential.sign_count != 0)
            && auth.sign_count <= credential.sign_count
        {
            return Err(Refusal::CounterWentBack);
        }
        credential.sign_count = auth.sign_count;
        return Ok(name.clone());
    }
    Err(Refusal::BadSignature)
}

/// `challenge-authenticator` answered by the known user: some credential of theirs signed.
pub(crate) fn verify(
    app: &App,
    inner: &mut Inner,
    tx: &mut Transaction,
    username: &str,
    body: &Map<String, Value>,
) -> Result<(), Outcome> {
    let challenge = tx.webauthn_challenge.take();
    check_assertion(
        app,
        inner,
        challenge.as_deref(),
        &[username.to_owned()],
        body,
    )
    .map(|_| ())
    .map_err(|why| {
        eprintln!("idx-sim: WebAuthn assertion refused: {why}");
        assertion_failure()
    })
}

/// A passkey answered before the user was known (autofill, or "Sign in with a passkey"):
/// `userHandle` (the `user.id` given at enrollment) names the user, whose credential must
/// have signed. The user is then signed in without a password.
pub(crate) fn sign_in_discoverable(call: Call) -> Outcome {
    let (app, inner, tx, body, request) = call.parts();
    let challenge = tx.webauthn_challenge.take();
    let handle = unb64(field(body, "userHandle")).unwrap_or_default();
    let names = |s: &UserState| {
        unb64(&s.id).is_some_and(|id| id == handle)
            || s.webauthn
                .iter()
                .any(|c| c.user_handle.as_ref() == Some(&handle))
    };
    let found = inner
        .users
        .iter()
        .find(|(_, s)| !handle.is_empty() && names(s))
        .map(|(name, _)| name.clone());
    let result = match found {
        None => Err(Refusal::UnknownUser),
        Some(name) => check_assertion(app, inner, challenge.as_deref(), &[name], body),
    };
    let name = match result {
        Ok(name) => name,
        Err(why) => {
            eprintln!("idx-sim: WebAuthn passkey sign-in refused: {why}");
            return assertion_failure();
        }
    };
    let Some(user) = app.store.user(&name) else {
        return assertion_failure();
    };
    if crate::lockout::is_locked(inner, &user.username) {
        return crate::lockout::refusal(tx, crate::lockout::Refusal::Locked);
    }
    tx.user = Some(user.username.clone());
    tx.mfa_done = true;
    advance(app, inner, tx, request);
    ok()
}

/// `POST /idp/idx/authenticators/webauthn/launch`: "Sign in with a passkey" on the first
/// screen opens a challenge any of the org's passkeys may answer.
pub(crate) fn launch(app: &App, tx: &mut Transaction) -> Outcome {
    if !app.store.config.webauthn.launch_authenticator {
        return not_now();
    }
    tx.view = View::Challenge {
        authenticator: Authenticator::Webauthn,
    };
    tx.webauthn_challenge = None;
    tx.reset_polls();
    ok()
}

//! Fault injection, in one place: the flags (the `[faults]` table and the `--fault-*` options),
//! their validation, and every point where a fault is injected: IDX calls (delay, dropped
//! polls, server errors, malformed bodies), polls answered with a 429, the token endpoint's
//! delay and spoilt ID tokens.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::App;
use crate::ids::random_id;

/// Faults to inject, all off by default: fractions (0.0 to 1.0) of the requests they hit,
/// delays in milliseconds, a way to spoil ID tokens and a hostile redirect. Adding one: a
/// field here, its `--fault-*` option in [`FaultArgs`], its check in [`Faults::validate`] when
/// it is a fraction, its injection point below, and its row in sim/README.md.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Faults {
    /// Polls whose connection is dropped without an answer.
    pub drop_polls: f64,
    /// Delay added to every IDX answer, in milliseconds.
    pub delay_ms: u64,
    /// Delay added to every token endpoint answer, in milliseconds.
    pub token_delay_ms: u64,
    /// Polls answered with Okta's 429 (E0000047, `x-rate-limit-reset` two seconds ahead).
    pub rate_limit_polls: f64,
    /// ID tokens spoilt in this way, to test a client's checks.
    pub token: Option<TokenFault>,
    /// IDX calls answered with a 5xx.
    pub server_errors: f64,
    /// IDX calls other than introspect answered with a 307 to the same path on this origin
    /// (e.g. `http://127.0.0.1:9999`), as a hostile proxy would: a client that follows it
    /// sends the body (password, code) there.
    pub redirect_to: Option<String>,
    /// IDX calls answered with a body that is not JSON.
    pub malformed: f64,
}

impl Faults {
    /// Whether any fault is on: anything but the default (a new field needs no line here).
    pub fn any(&self) -> bool {
        *self != Faults::default()
    }

    /// Checks every flag: each fraction must be a number from 0 to 1.
    pub fn validate(&self) -> Result<(), String> {
        for (name, f) in [
            ("drop_polls", self.drop_polls),
            ("rate_limit_polls", self.rate_limit_polls),
            ("server_errors", self.server_errors),
            ("malformed", self.malformed),
        ] {
            if !(0.0..=1.0).contains(&f) {
                return Err(format!(
                    "fault {name} = {f} is not a fraction between 0 and 1"
                ));
            }
        }
        Ok(())
    }

    /// Whether this poll is answered with a 429 by fault (rather than for going too fast).
    pub fn rate_limit_this_poll(&self) -> bool {
        // `validate` keeps the fraction within 0..=1, which `gen_bool` needs.
        self.rate_limit_polls > 0.0 && rand::thread_rng().gen_bool(self.rate_limit_polls)
    }
}

/// The `--fault-*` options of the `idx-sim` command; each one given overrides the
/// configuration's `[faults]` table.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FaultArgs {
    /// Fault injection: the fraction of polls whose connection is dropped.
    #[arg(long)]
    fault_drop_polls: Option<f64>,
    /// Fault injection: milliseconds added to every IDX answer.
    #[arg(long)]
    fault_delay_ms: Option<u64>,
    /// Fault injection: milliseconds added to every token endpoint answer.
    #[arg(long)]
    fault_token_delay_ms: Option<u64>,
    /// Fault injection: spoil every ID token (wrong-aud, wrong-iss, expired, bad-signature,
    /// no-nonce, unknown-kid).
    #[arg(long)]
    fault_token: Option<TokenFault>,
    /// Fault injection: the fraction of polls answered with Okta's 429.
    #[arg(long)]
    fault_rate_limit_polls: Option<f64>,
    /// Fault injection: the fraction of IDX calls answered with a 500.
    #[arg(long)]
    fault_server_errors: Option<f64>,
    /// Fault injection: the fraction of IDX calls answered with a body that is not JSON.
    #[arg(long)]
    fault_malformed: Option<f64>,
}

impl FaultArgs {
    /// The configuration's faults with the options given on the command line put over them,
    /// checked.
    pub fn apply(&self, faults: &mut Faults) -> Result<(), String> {
        let over = |flag: Option<f64>, value: &mut f64| *value = flag.unwrap_or(*value);
        over(self.fault_drop_polls, &mut faults.drop_polls);
        over(self.fault_rate_limit_polls, &mut faults.rate_limit_polls);
        over(self.fault_server_errors, &mut faults.server_errors);
        over(self.fault_malformed, &mut faults.malformed);
        faults.delay_ms = self.fault_delay_ms.unwrap_or(faults.delay_ms);
        faults.token_delay_ms = self.fault_token_delay_ms.unwrap_or(faults.token_delay_ms);
        faults.token = self.fault_token.or(faults.token);
        faults.validate()
    }
}

/// How `--fault-token` spoils ID tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TokenFault {
    /// `aud` is another app.
    WrongAud,
    /// `iss` is another issuer.
    WrongIss,
    /// `exp` passed an hour ago.
    Expired,
    /// The signature is another token's.
    BadSignature,
    /// No `nonce`.
    NoNonce,
    /// The header names a key the org does not publish.
    UnknownKid,
}

impl std::str::FromStr for TokenFault {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(|_| {
            format!(
                "unknown token fault {s:?}: wrong-aud, wrong-iss, expired, bad-signature, no-nonce or unknown-kid"
            )
        })
    }
}

/// Middleware on IDX calls: delay, dropped polls, server errors and malformed bodies.
pub async fn on_idx(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let faults = app.store.config.faults.clone();
    if !faults.any() {
        return next.run(request).await;
    }
    let is_poll = request.uri().path().ends_with("/poll");
    if let Some(to) = &faults.redirect_to
        && !request.uri().path().ends_with("/introspect")
    {
        let location = format!("{}{}", to.trim_end_matches('/'), request.uri().path());
        return (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response();
    }
    if faults.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(faults.delay_ms)).await;
    }
    let (drop, fail, garble) = {
        let mut rng = rand::thread_rng();
        (
            is_poll && rng.gen_bool(faults.drop_polls.clamp(0.0, 1.0)),
            rng.gen_bool(faults.server_errors.clamp(0.0, 1.0)),
            rng.gen_bool(faults.malformed.clamp(0.0, 1.0)),
        )
    };
    if drop {
        // A body that fails at once: the client sees the connection end without an answer.
        let failing = futures_util::stream::iter([Err::<axum::body::Bytes, _>(
            std::io::Error::other("dropped"),
        )]);
        return Response::new(Body::from_stream(failing));
    }
    if fail {
        let body = crate::ion::messages_only(vec![crate::ion::message(
            "E0000009",
            "Internal Server Error",
        )]);
        return (StatusCode::INTERNAL_SERVER_ERROR, axum::Json(body)).into_response();
    }
    if garble {
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "<html>not json",
        )
            .into_response();
    }
    next.run(request).await
}

/// Middleware on the token endpoint: its delay, before the request is read.
pub async fn on_token(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let delay = app.store.config.faults.token_delay_ms;
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    next.run(request).await
}

/// The ID token, as signed, or spoilt the way `--fault-token` asks (to test clients' checks).
pub fn id_token(app: &App, mut claims: Value) -> String {
    let Some(fault) = app.store.config.faults.token else {
        return app.key.sign(&claims);
    };
    match fault {
        TokenFault::WrongAud => claims["aud"] = json!("0oa-another-app"),
        TokenFault::WrongIss => claims["iss"] = json!("https://attacker.example/oauth2/default"),
        TokenFault::Expired => {
            let iat = claims["iat"]
                .as_u64()
                .unwrap_or_default()
                .saturating_sub(7200);
            claims["iat"] = json!(iat);
            claims["exp"] = json!(iat + 3600);
        }
        TokenFault::NoNonce => {
            if let Some(map) = claims.as_object_mut() {
                map.remove("nonce");
            }
        }
        TokenFault::BadSignature | TokenFault::UnknownKid => {}
    }
    match fault {
        TokenFault::UnknownKid => app.key.sign_as("sim-unknown-kid", &claims),
        TokenFault::BadSignature => {
            // Another signature over the same header and claims: right shape, wrong bytes.
            let signed = app.key.sign(&claims);
            let (input, _) = signed.rsplit_once('.').unwrap_or_default();
            let mut other = claims.clone();
            other["jti"] = json!(random_id("", 8));
            let forged = app.key.sign(&other);
            let (_, signature) = forged.rsplit_once('.').unwrap_or_default();
            format!("{input}.{signature}")
        }
        _ => app.key.sign(&claims),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fraction_is_checked() {
        assert!(Faults::default().validate().is_ok());
        for faults in [
            Faults {
                drop_polls: 1.5,
                ..Faults::default()
            },
            Faults {
                rate_limit_polls: 2.0,
                ..Faults::default()
            },
            Faults {
                server_errors: -0.1,
                ..Faults::default()
            },
            Faults {
                malformed: f64::NAN,
                ..Faults::default()
            },
        ] {
            assert!(faults.validate().is_err(), "{faults:?}");
        }
        let err = Faults {
            rate_limit_polls: 2.0,
            ..Faults::default()
        }
        .validate()
        .unwrap_err();
        assert!(err.contains("rate_limit_polls"), "{err}");
    }

    #[test]
    fn token_faults_parse_by_their_flag_names() {
        assert_eq!("bad-signature".parse(), Ok(TokenFault::BadSignature));
        assert!(
            "nonsense"
                .parse::<TokenFault>()
                .unwrap_err()
                .contains("wrong-aud")
        );
    }
}

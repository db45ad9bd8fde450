//! Fuzzing on stable Rust (proptest as the engine): what a server or an attacker can send must
//! never make the widget's parsing, step derivation, request building or token checks panic,
//! and nothing a client sends may make idx-sim answer 5xx.
//!
//! In `scripts/test.sh` each target runs a fixed number of cases; `scripts/fuzz.sh` runs them
//! for a time box (`IDX_FUZZ_SECONDS` each) and prints executions and findings. A finding
//! fails the run with the smallest input proptest found; it then becomes a case in
//! `regressions` below.

#![cfg(not(target_arch = "wasm32"))]

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use idx_protocol::jwt::{self, Expected};
use idx_protocol::{IdxResponse, Inputs, build_body};
use idx_widget::Config;
use idx_widget::testing::{Action, Event, Session, derive};
use proptest::prelude::*;
use proptest::test_runner::{Config as RunConfig, TestCaseError, TestRunner};
use serde_json::{Map, Value, json};
use tower::ServiceExt;

/// Runs `test` on inputs from `strategy`: a fixed number of cases, or for `IDX_FUZZ_SECONDS`.
/// Prints the executions; panics with the minimal failing input on a finding.
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let seconds: u64 = std::env::var("IDX_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let batch = if seconds > 0 { 2_000 } else { 300 };
    let mut executions = 0u64;
    loop {
        let mut runner = TestRunner::new(RunConfig {
            cases: batch,
            failure_persistence: None,
            ..RunConfig::default()
        });
        if let Err(finding) = runner.run(&strategy, &test) {
            println!("fuzz {name}: {executions} executions before a finding");
            panic!("fuzz {name}: finding: {finding}");
        }
        executions += u64::from(batch);
        if Instant::now() >= deadline {
            break;
        }
    }
    println!("fuzz {name}: {executions} executions, 0 findings");
}

/// Words IDX documents are made of, so random documents look like real ones.
const WORDS: &[&str] = &[
    "version",
    "stateHandle",
    "remediation",
    "type",
    "value",
    "name",
    "href",
    "method",
    "rel",
    "form",
    "options",
    "label",
    "relatesTo",
    "currentAuthenticator",
    "authenticators",
    "authenticatorEnrollments",
    "messages",
    "message",
    "i18n",
    "key",
    "class",
    "contextualData",
    "qrcode",
    "correctAnswer",
    "selectedChannel",
    "successWithInteractionCode",
    "success",
    "refresh",
    "accepts",
    "mutable",
    "visible",
    "required",
    "secret",
    "identify",
    "challenge-poll",
    "enroll-poll",
    "select-authenticator-authenticate",
    "methodType",
    "authenticator",
    "credentials",
    "passcode",
    "totp",
    "id",
    "okta_verify",
    "push",
    "resend",
    "$.currentAuthenticator",
    "$.authenticators.value[0]",
    "ERROR",
    "idx.session.expired",
    "http://localhost:3000/idp/idx/identify",
    "data:image/png;base64,iVBORw0KGgo=",
    "create-form",
    "object",
    "array",
    "1.0.0",
    "POST",
    "GET",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(WORDS).prop_map(str::to_owned),
        1 => ".{0,12}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        word().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((word(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn fixtures() -> Vec<Value> {
    let all = idx_protocol::testdata::all();
    all.iter()
        .map(|rel| idx_protocol::testdata::json(rel))
        .collect()
}

/// Replaces the node that `choice` picks (depth-first) with `replacement`.
fn mutate(doc: &mut Value, choice: usize, replacement: Value) {
    fn walk(v: &mut Value, left: &mut usize, replacement: &mut Option<Value>) {
        if replacement.is_none() {
            return;
        }
        if *left == 0 {
            *v = replacement.take().unwrap();
            return;
        }
        *left -= 1;
        match v {
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, left, replacement)),
            Value::Object(map) => map.values_mut().for_each(|i| walk(i, left, replacement)),
            _ => {}
        }
    }
    let mut left = choice;
    walk(doc, &mut left, &mut Some(replacement));
}

fn config() -> Config {
    Config::new(
        "http://localhost:3000/oauth2/default",
        "0oa1",
        "http://localhost:3000/login/callback",
    )
}

/// A document through everything the widget does with one: parse, derive every step, build
/// every form's body, and run it through a session with a few user actions.
fn exercise(doc: Value, inputs: Value) -> Result<(), TestCaseError> {
    let Ok(state) = serde_json::from_value::<IdxResponse>(doc) else {
        return Ok(());
    };
    let inputs = Inputs::from_json(inputs);
    derive(&state, None);
    for form in state.remediations() {
        derive(&state, Some(&form.name));
        let _ = build_body(&form.value, &inputs);
    }
    let (mut session, _) = Session::showing(&config(), state);
    for action in [
        Action::Identify {
            username: "ann".into(),
            password: Some("x".into()),
            remember_me: Some(true),
        },
        Action::Code("123456".into()),
        Action::Resend,
        Action::Generic(inputs),
        Action::Restart,
    ] {
        session.update(Event::User(action), 1_000);
    }
    Ok(())
}

#[test]
fn fuzz_idx_documents_random() {
    fuzz(
        "idx documents (random)",
        (json_value(), json_value()),
        |(doc, inputs)| {
            let mut doc = doc;
            if let Value::Object(map) = &mut doc {
                map.insert("version".into(), json!("1.0.0"));
            }
            exercise(doc, inputs)
        },
    );
}

#[test]
fn fuzz_idx_documents_mutated_fixtures() {
    let fixtures = fixtures();
    let count = fixtures.len();
    fuzz(
        "idx documents (mutated recorded responses)",
        (0..count, 0..400usize, json_value(), json_value()),
        |(which, choice, replacement, inputs)| {
            let mut doc = fixtures[which].clone();
            mutate(&mut doc, choice, replacement);
            exercise(doc, inputs)
        },
    );
}

#[test]
fn fuzz_jwt() {
    let part = |v: &Value| {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
    };
    fuzz(
        "jwt",
        (json_value(), json_value(), ".{0,40}", ".{0,80}"),
        |(header, claims, signature, raw)| {
            let token = format!("{}.{}.{signature}", part(&header), part(&claims));
            let expected = Expected {
                issuer: "https://o.example/oauth2/default",
                client_id: "0oa1",
                nonce: "n-1",
                now: 1_700_000_000,
            };
            for candidate in [token.as_str(), raw.as_str()] {
                if let Ok(parsed) = jwt::parse(candidate) {
                    // Random claims never pass: no random iss is the configured issuer.
                    prop_assert!(jwt::check_claims(&parsed, &expected).is_err());
                }
            }
            Ok(())
        },
    );
}

const PATHS: &[&str] = &[
    "/idp/idx/introspect",
    "/idp/idx/identify",
    "/idp/idx/challenge",
    "/idp/idx/challenge/answer",
    "/idp/idx/authenticators/poll",
    "/idp/idx/challenge/poll",
    "/idp/idx/challenge/send",
    "/idp/idx/credential/enroll",
    "/idp/idx/cancel",
    "/idp/idx/recover",
    "/idp/idx/unlock-account",
    "/idp/idx/enroll",
    "/idp/idx/enroll/new",
    "/idp/idx/consent",
    "/idp/idx/challenge/answer/webauthn-autofillui",
    "/idp/idx/authenticators/webauthn/launch",
    "/sso/idps/0oaSimGoogle00000001",
    "/sim/idp/0oaSimGoogle00000001",
    "/oauth2/default/v1/interact",
    "/oauth2/default/v1/token",
    "/oauth2/default/v1/revoke",
    "/oauth2/default/v1/keys",
    "/oauth2/v1/token",
    "/oauth2/nope/v1/interact",
    "/.well-known/openid-configuration",
    "/sim/api/pushes",
    "/sim/api/pushes/push123/approve",
    "/sim/api/pushes/push123/deny",
    "/sim/api/totp",
    "/sim/api/scan",
    "/sim/api/scan-image",
    "/sim/api/outbox",
    "/sim/api/recovery-token",
    "/sim/activate/act123",
    "/sim/device",
    "/",
];

#[test]
fn fuzz_idx_sim_requests() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let org = "http://127.0.0.1:9";
    let service = idx_sim::org_service(idx_sim::Config::default(), org);
    let peer: SocketAddr = "127.0.0.1:50000".parse().unwrap();
    let strategy = (
        proptest::sample::select(&["GET", "POST", "OPTIONS", "PUT", "DELETE"][..]),
        proptest::sample::select(PATHS),
        "[a-zA-Z0-9/?=&%._-]{0,24}",
        proptest::sample::select(
            &[
                "application/json",
                "application/ion+json; okta-version=1.0.0",
                "application/x-www-form-urlencoded",
                "text/plain",
                "image/png",
                "",
            ][..],
        ),
        prop_oneof![
            json_value().prop_map(|v| v.to_string().into_bytes()),
            proptest::collection::vec(any::<u8>(), 0..64),
            "[a-z_=&%0-9]{0,64}".prop_map(String::into_bytes),
        ],
        proptest::option::of(proptest::sample::select(
            &["http://127.0.0.1:8080", "https://evil.example", "null"][..],
        )),
    );
    fuzz(
        "idx-sim requests",
        strategy,
        |(method, path, suffix, content_type, body, origin)| {
            let mut request = axum::http::Request::builder()
                .method(method)
                .uri(format!("{path}{suffix}"))
                .header("Host", "127.0.0.1:9");
            if !content_type.is_empty() {
                request = request.header("Content-Type", content_type);
            }
            if let Some(origin) = origin {
                request = request.header("Origin", origin);
            }
            let Ok(mut request) = request.body(Body::from(body)) else {
                return Ok(());
            };
            request.extensions_mut().insert(ConnectInfo(peer));
            let response = runtime
                .block_on(service.clone().oneshot(request))
                .expect("the router answers");
            prop_assert!(
                response.status().as_u16() < 500,
                "{method} {path}{suffix}: {}",
                response.status()
            );
            Ok(())
        },
    );
}

/// Findings of earlier runs, kept as plain tests.
mod regressions {}

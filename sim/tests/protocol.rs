//! idx-sim's protocol rules over real HTTP: expiry, rate limits, CORS, bad input, and the token
//! endpoint's checks.

mod common;

use std::time::Duration;

use common::*;
use idx_protocol::{IdxError, Inputs};
use serde_json::{Value, json};

#[tokio::test]
async fn state_handles_expire_after_the_ttl_and_activity_extends_them() {
    let sim = Sim::start(idx_sim::Config {
        state_ttl_secs: 2,
        ..fast_config()
    })
    .await;
    let mut s = SignIn::start(&sim).await;
    // Activity within the TTL keeps the transaction alive.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    s.submit(
        "identify",
        Inputs::new().with("identifier", "push@example.com"),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    s.submit("challenge-authenticator", passcode(PASSWORD))
        .await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let err = s
        .submit_err("select-authenticator-authenticate", choose_push())
        .await;
    let IdxError::State { status, state } = err else {
        panic!("{err:?}")
    };
    assert_eq!(status, 401);
    assert!(state.has_message_key("idx.session.expired"));
    assert!(state.is_terminal(), "no remediation after expiry");
}

#[tokio::test]
async fn polling_faster_than_refresh_is_rate_limited_in_oktas_shape() {
    let sim = Sim::start(idx_sim::Config {
        poll_refresh_ms: 1000,
        ..fast_config()
    })
    .await;
    let s = SignIn::choosing(&sim, "push@example.com", choose_push()).await;
    let poll = s.state.primary().unwrap().clone();
    s.client
        .poll(&poll, &Inputs::new())
        .await
        .expect("the first poll is fine");
    let err = s.client.poll(&poll, &Inputs::new()).await.unwrap_err();
    let IdxError::RateLimited {
        reset_at, summary, ..
    } = err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        summary,
        "API call exceeded rate limit due to too many requests."
    );
    let reset_at = reset_at.expect("x-rate-limit-reset");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(
        reset_at >= now && reset_at <= now + 3,
        "{reset_at} vs {now}"
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    s.client
        .poll(&poll, &Inputs::new())
        .await
        .expect("polling at the server's pace is fine");
    let limited = sim
        .running
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/poll") && r.status == 429)
        .count();
    assert_eq!(limited, 1);
}

#[tokio::test]
async fn cors_answers_trusted_origins_and_refuses_others() {
    let sim = Sim::start(fast_config()).await;
    let preflight = |origin: &str| {
        sim.http
            .request(reqwest::Method::OPTIONS, sim.org("/idp/idx/introspect"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type,accept,x-okta-user-agent-extended",
            )
            .send()
    };
    let ok = preflight("http://127.0.0.1:8080").await.unwrap();
    assert!(ok.status().is_success());
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "http://127.0.0.1:8080"
    );
    assert_eq!(ok.headers()["access-control-allow-credentials"], "true");
    let allowed = ok.headers()["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    assert!(allowed.contains("x-okta-user-agent-extended"), "{allowed}");

    let refused = preflight("https://evil.example").await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );

    // The real request from an untrusted origin is refused too, not just unreadable.
    let r = sim
        .http
        .post(sim.org("/oauth2/default/v1/interact"))
        .header("Origin", "https://evil.example")
        .form(&[("client_id", "idx-widget-demo")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["errorSummary"]
            .as_str()
            .unwrap()
            .contains("evil.example")
    );

    // A trusted origin's real request carries the CORS headers the browser needs.
    let r = sim
        .idx_call("/idp/idx/introspect", r#"{"interactionHandle":"unknown"}"#)
        .header("Origin", "http://localhost:8080")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "http://localhost:8080"
    );
    // The rate-limit headers are readable from the page; `Date` is not, so a client cannot
    // lean on the server's clock.
    let exposed: Vec<String> = r.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .split(',')
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    assert_eq!(
        exposed,
        [
            "x-rate-limit-limit",
            "x-rate-limit-remaining",
            "x-rate-limit-reset"
        ]
    );
}

/// The token endpoint refused the code, as Okta refuses a spent, foreign or unknown one.
fn assert_invalid_grant(err: &IdxError) {
    assert!(
        matches!(err, IdxError::OAuth { error, .. } if error == "invalid_grant"),
        "{err:?}"
    );
}

async fn raw(sim: &Sim, path: &str, content_type: &str, body: &str) -> (u16, Value) {
    let r = sim
        .http
        .post(sim.org(path))
        .header("Content-Type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: not JSON: {text}")),
    )
}

fn key_of(body: &Value) -> &str {
    body["messages"]["value"][0]["i18n"]["key"]
        .as_str()
        .unwrap_or("")
}

#[tokio::test]
async fn malformed_requests_get_okta_shaped_answers_and_never_a_500() {
    let sim = Sim::start(fast_config()).await;
    let json = "application/json";
    let cases: &[(&str, &str, &str, u16, &str)] = &[
        ("/idp/idx/identify", json, "{not json", 400, "E0000020"),
        (
            "/idp/idx/identify",
            "text/plain",
            r#"{"stateHandle":"x"}"#,
            415,
            "E0000020",
        ),
        (
            "/idp/idx/identify",
            "application/x-www-form-urlencoded",
            "stateHandle=x",
            415,
            "E0000020",
        ),
        (
            "/idp/idx/identify",
            "application/ion+json; okta-version=1.0.0",
            r#"{"stateHandle":"02nope"}"#,
            401,
            "idx.session.expired",
        ),
        ("/idp/idx/identify", json, "[1,2,3]", 400, "E0000020"),
        ("/idp/idx/identify", json, "{}", 400, "E0000020"),
        (
            "/idp/idx/identify",
            json,
            r#"{"stateHandle":"02nope"}"#,
            401,
            "idx.session.expired",
        ),
        (
            "/idp/idx/identify",
            json,
            r#"{"stateHandle":17}"#,
            400,
            "E0000020",
        ),
        (
            "/idp/idx/introspect",
            json,
            r#"{"interactionHandle":"nope"}"#,
            401,
            "idx.session.expired",
        ),
        (
            "/idp/idx/introspect",
            json,
            r#"{"something":"else"}"#,
            400,
            "E0000020",
        ),
        ("/idp/idx/no-such-endpoint", json, "{}", 404, "E0000007"),
    ];
    for (path, content_type, body, status, key) in cases {
        let (got, answer) = raw(&sim, path, content_type, body).await;
        assert_eq!((got, key_of(&answer)), (*status, *key), "{path} {body}");
    }
    // An Accept that rules out JSON is refused, as Okta refuses it.
    let r = sim
        .idx_call("/idp/idx/introspect", r#"{"interactionHandle":"x"}"#)
        .header("Accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 406);
    // Well-formed JSON with wrong shapes inside a live transaction.
    let s = SignIn::start(&sim).await;
    let sh = s.state.state_handle.as_ref().unwrap().expose().to_owned();
    for body in [
        json!({"stateHandle": sh, "identifier": 42}),
        json!({"stateHandle": sh, "identifier": ""}),
        json!({"stateHandle": sh, "identifier": "nobody@example.com"}),
    ] {
        let (status, answer) = raw(&sim, "/idp/idx/identify", json, &body.to_string()).await;
        assert_eq!(status, 400, "{body}");
        assert!(
            answer["remediation"].is_object(),
            "the form is kept: {answer}"
        );
    }
    for body in [
        json!({"stateHandle": sh}),
        json!({"stateHandle": sh, "authenticator": "x"}),
    ] {
        let (status, answer) = raw(&sim, "/idp/idx/challenge", json, &body.to_string()).await;
        assert_eq!(status, 400, "{body}: {answer}");
    }
    // Bad OAuth requests.
    let r = sim.interact(&[("client_id", "someone-else")]).await;
    assert_eq!(r.status(), 401);
    let r = sim
        .interact(&[
            ("client_id", "idx-widget-demo"),
            ("redirect_uri", "https://evil.example/cb"),
        ])
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_request");
    let r = sim
        .http
        .post(sim.org("/oauth2/default/v1/token"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Nothing above made the server fail.
    assert!(
        sim.running.requests().iter().all(|r| r.status < 500),
        "{:?}",
        sim.running.requests()
    );
}

#[tokio::test]
async fn token_exchange_checks_pkce_and_codes_are_single_use() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, "push@example.com").await;
    s.answer_totp(&sim, "push@example.com").await;
    let success = s.state.success_with_interaction_code.clone().unwrap();

    // A wrong verifier is refused, and the refused code is spent.
    let other = idx_protocol::PkceSecrets::from_entropy(&[9; idx_protocol::ENTROPY_BYTES]);
    let err = s.client.exchange_code(&success, &other).await.unwrap_err();
    assert!(
        matches!(&err, IdxError::OAuth { error, description, .. }
        if error == "invalid_grant" && description.as_deref() == Some("PKCE verification failed.")),
        "{err:?}"
    );
    let err = s
        .client
        .exchange_code(&success, &s.secrets)
        .await
        .unwrap_err();
    assert_invalid_grant(&err);

    // A fresh sign-in: the right verifier works once.
    let mut s = SignIn::password(&sim, "push@example.com").await;
    s.answer_totp(&sim, "push@example.com").await;
    let tokens = s.tokens().await;
    let err = s
        .client
        .exchange_code(
            s.state.success_with_interaction_code.as_ref().unwrap(),
            &s.secrets,
        )
        .await
        .unwrap_err();
    assert_invalid_grant(&err);

    // The ID token verifies against the org's JWKS.
    let (_, jwks) = sim.get_json("/oauth2/default/v1/keys").await;
    let key = &jwks["keys"][0];
    let decoding = jsonwebtoken::DecodingKey::from_rsa_components(
        key["n"].as_str().unwrap(),
        key["e"].as_str().unwrap(),
    )
    .unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_audience(&["idx-widget-demo"]);
    validation.set_issuer(&[sim.org("/oauth2/default")]);
    let id_token = tokens.id_token.unwrap();
    let data = jsonwebtoken::decode::<Value>(id_token.expose(), &decoding, &validation)
        .expect("a valid ID token");
    assert_eq!(data.header.kid.as_deref(), key["kid"].as_str());
    for claim in ["iss", "aud", "sub", "iat", "exp"] {
        assert!(data.claims.get(claim).is_some(), "{claim}");
    }
    assert_eq!(data.claims["preferred_username"], "push@example.com");
    // A token signed by someone else does not verify.
    let mut forged: Vec<char> = id_token.expose().chars().collect();
    let last = forged.len() - 5;
    forged[last] = if forged[last] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    assert!(jsonwebtoken::decode::<Value>(&forged, &decoding, &validation).is_err());

    let (_, discovery) = sim
        .get_json("/oauth2/default/.well-known/openid-configuration")
        .await;
    assert_eq!(discovery["issuer"], sim.org("/oauth2/default"));
    assert_eq!(discovery["jwks_uri"], sim.org("/oauth2/default/v1/keys"));
}

#[tokio::test]
async fn the_id_token_carries_the_nonce_when_interact_had_one() {
    let sim = Sim::start(fast_config()).await;
    let secrets = idx_protocol::PkceSecrets::from_entropy(&[3; idx_protocol::ENTROPY_BYTES]);
    let nonce = secrets.nonce().expect("a nonce").expose().to_owned();
    let extra = [("scope", "openid"), ("nonce", nonce.as_str())];
    let mut s = SignIn::interacting(&sim, secrets, &extra).await;
    s.identify_with_password("push@example.com").await;
    s.answer_totp(&sim, "push@example.com").await;
    let tokens = s.tokens().await;
    let claims = jwt_claims(tokens.id_token.unwrap().expose());
    assert_eq!(claims["nonce"], nonce);
}

#[tokio::test]
async fn cancel_starts_over_and_faults_can_be_injected() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, "push@example.com").await;
    let next = s.client.cancel(&s.state).await.unwrap();
    assert_eq!(next.primary().unwrap().name, "identify");
    s.state = next;
    s.submit(
        "identify",
        Inputs::new().with("identifier", "push@example.com"),
    )
    .await;

    let mut config = fast_config();
    config.faults.server_errors = 1.0;
    let faulty = Sim::start(config).await;
    let client = faulty.client();
    let secrets = idx_protocol::PkceSecrets::from_entropy(&[5; idx_protocol::ENTROPY_BYTES]);
    let handle = client
        .interact(&secrets)
        .await
        .expect("interact is not an IDX call");
    let err = client.introspect(&handle, &secrets).await.unwrap_err();
    assert!(
        matches!(&err, IdxError::Okta { status: 500, summary, .. } if summary == "Internal Server Error"),
        "Okta's Ion-wrapped 500 is a server error, not a state: {err:?}"
    );

    let mut config = fast_config();
    config.faults.malformed = 1.0;
    let faulty = Sim::start(config).await;
    let client = faulty.client();
    let handle = client.interact(&secrets).await.unwrap();
    let err = client.introspect(&handle, &secrets).await.unwrap_err();
    assert!(matches!(err, IdxError::Malformed { .. }), "{err:?}");

    let mut config = fast_config();
    config.faults.drop_polls = 1.0;
    let faulty = Sim::start(config).await;
    let s = SignIn::choosing(&faulty, "push@example.com", choose_push()).await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    let err = s
        .client
        .poll(s.state.primary().unwrap(), &Inputs::new())
        .await
        .unwrap_err();
    assert!(matches!(err, IdxError::Transport(_)), "{err:?}");
}

/// The org authorization server and custom ones: each has its own issuer, endpoints and keys,
/// and a transaction ends at the server it started at.
#[tokio::test]
async fn every_authorization_server_signs_in_at_its_own_endpoints() {
    let sim = Sim::start(fast_config()).await;
    let custom = idx_sim::config::DEMO_CUSTOM_SERVER;
    for (issuer_path, discovery, token_path) in [
        ("", "/.well-known/openid-configuration", "/oauth2/v1/token"),
        (
            "/oauth2/default",
            "/oauth2/default/.well-known/openid-configuration",
            "/oauth2/default/v1/token",
        ),
        (
            &format!("/oauth2/{custom}") as &str,
            &format!("/oauth2/{custom}/.well-known/openid-configuration") as &str,
            &format!("/oauth2/{custom}/v1/token") as &str,
        ),
    ] {
        let (status, doc) = sim.get_json(discovery).await;
        assert_eq!(status, 200, "{discovery}");
        assert_eq!(doc["issuer"], sim.org(issuer_path));
        assert_eq!(doc["token_endpoint"], sim.org(token_path));
        let (status, _) = sim.get_json(&token_path.replace("/token", "/keys")).await;
        assert_eq!(status, 200);

        let mut s = SignIn::password_with(sim.client_at(issuer_path), "push@example.com").await;
        s.answer_totp(&sim, "push@example.com").await;
        let success = s.state.success_with_interaction_code.clone().unwrap();
        assert_eq!(success.href.as_deref(), Some(sim.org(token_path).as_str()));
        let tokens = s.tokens().await;
        let claims = jwt_claims(tokens.id_token.as_ref().unwrap().expose());
        assert_eq!(claims["iss"], sim.org(issuer_path));
    }

    // A code taken to another server's token endpoint is refused.
    let mut s = SignIn::password_with(sim.client_at(""), "push@example.com").await;
    s.answer_totp(&sim, "push@example.com").await;
    let success = s.state.success_with_interaction_code.clone().unwrap();
    let err = sim
        .client_at("/oauth2/default")
        .exchange_code(&success, &s.secrets)
        .await
        .unwrap_err();
    assert_invalid_grant(&err);

    let (status, body) = sim.get_json("/oauth2/aus0nosuchserver000/v1/keys").await;
    assert_eq!(status, 404);
    assert_eq!(body["errorCode"], "E0000007");
}

/// Every answer brings a new state handle; the one before still lands (a request that crossed
/// the change), one two changes old is expired. After five polls the server asks for twice the
/// refresh, and a client that kept the old pace is rate-limited.
#[tokio::test]
async fn state_handles_rotate_and_refresh_slows_mid_flow() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::password(&sim, "push@example.com").await;
    let first = s.state.state_handle.clone();
    s.submit("select-authenticator-authenticate", choose_push())
        .await;
    let second = s.state.state_handle.clone();
    assert_ne!(first, second, "a new handle with the answer");
    let refresh = s.state.primary().unwrap().refresh.unwrap();
    for _ in 0..5 {
        s.poll_once().await;
    }
    let slower = s.state.primary().unwrap().refresh.unwrap();
    assert_eq!(slower, 2 * refresh, "the server slows the pace mid-flow");
    // The old pace is now too fast.
    tokio::time::sleep(Duration::from_millis(refresh)).await;
    let form = s.state.primary().unwrap().clone();
    let err = s.client.poll(&form, &Inputs::new()).await.unwrap_err();
    assert!(matches!(err, IdxError::RateLimited { .. }), "{err:?}");

    // A form carrying a handle two rotations old is refused as expired.
    let mut stale = form.clone();
    for field in &mut stale.value {
        if field.name == "stateHandle" {
            field.value = Some(idx_protocol::FieldValue::Plain(json!(first)));
        }
    }
    let err = s.client.poll(&stale, &Inputs::new()).await.unwrap_err();
    assert!(
        matches!(&err, IdxError::State { status: 401, state } if state.has_message_key("idx.session.expired")),
        "{err:?}"
    );
}

/// DNS rebinding: a page on an attacker's domain whose name now points at this machine must
/// not reach the phone API (or anything else); names the org answers to pass.
#[tokio::test]
async fn requests_naming_a_foreign_host_are_refused() {
    let sim = Sim::start(fast_config()).await;
    let port = sim.running.org_url.rsplit(':').next().unwrap().to_owned();
    let ask = |host: String| {
        sim.http
            .get(sim.org("/sim/api/pushes?user=push@example.com"))
            .header("Host", host)
            .send()
    };
    for good in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(ask(good.clone()).await.unwrap().status(), 200, "{good}");
    }
    let refused = ask(format!("attacker.example:{port}")).await.unwrap();
    assert_eq!(refused.status(), 421);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["errorCode"], "E0000006");
}

/// The phone's screenshot scanner refuses pictures too large to decode safely, before decoding.
#[tokio::test]
async fn oversized_screenshots_are_refused() {
    let sim = Sim::start(fast_config()).await;
    // A well-formed PNG header (with its CRC) claiming 100000 x 100000 pixels: a few bytes
    // that would decode into 10 GB.
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&100_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
    png.extend_from_slice(&ihdr);
    png.extend_from_slice(&crc32fast::hash(&ihdr).to_be_bytes());
    // An empty IDAT and the IEND, so the header is read to the end.
    for name in [b"IDAT", b"IEND"] {
        png.extend_from_slice(&[0, 0, 0, 0]);
        png.extend_from_slice(name);
        png.extend_from_slice(&crc32fast::hash(name).to_be_bytes());
    }
    let r = sim.scan_image(png).await;
    assert_eq!(r.status(), 413, "refused for its size, before any decoding");
}

/// No port is trusted for being 8080; the page idx-sim serves is, under both of
/// its loopback names.
#[tokio::test]
async fn only_the_page_idx_sim_serves_is_trusted() {
    let pushes = |org: &str, origin: &str| {
        reqwest::Client::new()
            .get(format!("{org}/sim/api/pushes?user=push@example.com"))
            .header("Origin", origin.to_owned())
            .send()
    };
    let alone = idx_sim::spawn(idx_sim::Options {
        listen: "127.0.0.1:0".parse().unwrap(),
        ..idx_sim::Options::default()
    })
    .await
    .unwrap();
    for origin in common::PAGE_ORIGINS {
        let r = pushes(&alone.org_url, origin).await.unwrap();
        assert_eq!(r.status(), 403, "{origin} with no page served");
    }
    let dir = std::env::temp_dir().join("idx-sim-trust-test-app");
    std::fs::create_dir_all(&dir).unwrap();
    let serving = idx_sim::spawn(idx_sim::Options {
        listen: "127.0.0.1:0".parse().unwrap(),
        app_listen: "127.0.0.1:0".parse().unwrap(),
        serve_app: Some(dir),
        ..idx_sim::Options::default()
    })
    .await
    .unwrap();
    let app = serving.app_url.clone().unwrap();
    let port = app.rsplit(':').next().unwrap();
    for origin in [app.clone(), format!("http://localhost:{port}")] {
        let r = pushes(&serving.org_url, &origin).await.unwrap();
        assert_eq!(r.status(), 200, "{origin}");
        assert_eq!(r.headers()["access-control-allow-origin"], origin.as_str());
    }
    for origin in common::PAGE_ORIGINS {
        if !origin.ends_with(&format!(":{port}")) {
            let r = pushes(&serving.org_url, origin).await.unwrap();
            assert_eq!(r.status(), 403, "{origin}: not the page served");
        }
    }
}

/// Any web page can make requests with 60 KB paths; the log keeps a few hundred
/// bytes of each, and of a refused request no client details at all.
#[tokio::test]
async fn the_request_log_keeps_little_of_each_request() {
    let sim = Sim::start(fast_config()).await;
    let port = sim.running.org_url.rsplit(':').next().unwrap().to_owned();
    let long = "a".repeat(60_000);
    let r = sim
        .http
        .get(sim.org(&format!("/{long}")))
        .header("User-Agent", "b".repeat(4_000))
        .header("X-Okta-User-Agent-Extended", "c".repeat(4_000))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let refused = sim
        .http
        .get(sim.org(&format!("/{long}")))
        .header("Host", format!("attacker.example:{port}"))
        .header("User-Agent", "Mozilla/5.0 (the attacker's page)")
        .header("X-Okta-User-Agent-Extended", "forged")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 421);
    let log = sim.running.requests();
    let (kept, refused) = (&log[log.len() - 2], &log[log.len() - 1]);
    for entry in [kept, refused] {
        assert!(entry.path.len() <= 256, "{}", entry.path.len());
        assert!(entry.path.starts_with("/aaaa") && entry.path.ends_with('…'));
    }
    assert!(kept.user_agent.as_ref().unwrap().len() <= 256);
    assert!(kept.client.as_ref().unwrap().len() <= 256);
    assert_eq!(refused.status, 421);
    assert_eq!(refused.user_agent, None, "nothing of a refused client");
    assert_eq!(refused.client, None);
}

/// A client calling interact in a loop cannot grow the org's transactions without
/// end: past the cap, the least recently used goes (and answers as expired).
#[tokio::test]
async fn transactions_are_bounded() {
    let sim = Sim::start(fast_config()).await;
    let client = sim.client();
    let secrets = idx_protocol::PkceSecrets::from_entropy(&[5; idx_protocol::ENTROPY_BYTES]);
    let first = client.interact(&secrets).await.unwrap();
    client.introspect(&first, &secrets).await.unwrap();
    for _ in 0..idx_sim::MAX_TRANSACTIONS {
        client.interact(&secrets).await.unwrap();
    }
    let gone = client.introspect(&first, &secrets).await.unwrap_err();
    assert!(
        !matches!(gone, IdxError::Transport(_) | IdxError::Malformed { .. }),
        "an Okta-shaped refusal: {gone:?}"
    );
    let last = client.interact(&secrets).await.unwrap();
    client.introspect(&last, &secrets).await.unwrap();
}

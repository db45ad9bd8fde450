//! A server-side web application (a confidential client with a secret) against idx-sim, over
//! real HTTP: its back end makes the PKCE pair and `state`, the page (a browser: `Origin`, a
//! browser's User-Agent) calls interact with the challenge or introspects a handle the back
//! end got, every IDX call is the browser's, and the back end redeems the interaction code
//! with its secret and verifier. The request log tells the browser's calls from the server's.

mod common;

use base64::Engine;
use common::*;
use idx_protocol::native::ReqwestTransport;
use idx_protocol::pkce::s256_challenge;
use idx_protocol::secret::{InteractionHandle, OAuthState};
use idx_protocol::{Client, ClientConfig, ENTROPY_BYTES, Inputs, PkceSecrets};
use idx_sim::LogEntry;
use idx_sim::config::DEMO_WEB_CLIENT;
use serde_json::Value;

const WEB_ID: &str = DEMO_WEB_CLIENT.0;
const WEB_SECRET: &str = DEMO_WEB_CLIENT.1;
const WEB_REDIRECT: &str = DEMO_WEB_CLIENT.2;
/// The page's origin: one of the demo org's trusted origins.
const PAGE_ORIGIN: &str = "http://127.0.0.1:8080";
/// The back end's HTTP client says so; it sends no `Origin`.
const SERVER_UA: &str = "web-app-back-end/1.0";

/// What the back end keeps: the verifier and `state` (the page gets the challenge and
/// `state`, or only `state`).
struct BackEnd {
    verifier: String,
    state: String,
}

impl BackEnd {
    fn new() -> Self {
        let mut entropy = [0u8; ENTROPY_BYTES];
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        for (i, b) in entropy.iter_mut().enumerate() {
            *b = (nanos >> (i % 16)) as u8 ^ (i as u8).wrapping_mul(97);
        }
        let secrets = PkceSecrets::from_entropy(&entropy);
        BackEnd {
            verifier: secrets.verifier().unwrap().expose().to_owned(),
            state: secrets.state().expose().to_owned(),
        }
    }

    fn challenge(&self) -> String {
        s256_challenge(&self.verifier)
    }

    /// The form of an interact call (no secret in it).
    fn interact_form(&self) -> Vec<(&'static str, String)> {
        vec![
            ("client_id", WEB_ID.into()),
            ("redirect_uri", WEB_REDIRECT.into()),
            ("scope", "openid profile email".into()),
            ("code_challenge", self.challenge()),
            ("code_challenge_method", "S256".into()),
            ("state", self.state.clone()),
        ]
    }
}

/// The page's IDX client: the web client's id, a browser's User-Agent and `Origin`.
fn browser(sim: &Sim) -> Client<ReqwestTransport> {
    let config = ClientConfig {
        issuer: sim.org("/oauth2/default"),
        client_id: WEB_ID.into(),
        redirect_uri: WEB_REDIRECT.into(),
        scopes: vec!["openid".into(), "profile".into(), "email".into()],
        language: None,
    };
    let transport = ReqwestTransport::new()
        .with_header("User-Agent", BROWSER_UA)
        .with_header("Origin", PAGE_ORIGIN);
    Client::new(config, transport).unwrap()
}

/// A POST of a form from the back end (no `Origin`).
fn server_post(sim: &Sim, path: &str, form: &[(&str, String)]) -> reqwest::RequestBuilder {
    sim.http
        .post(sim.org(path))
        .header("User-Agent", SERVER_UA)
        .form(form)
}

async fn answer(request: reqwest::RequestBuilder) -> (u16, Value) {
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// Signs push@example.com in with an Okta Verify code, from the state the page introspected,
/// and answers the interaction code the page would redirect to the back end with.
async fn sign_in_in_the_browser(sim: &Sim, mut s: SignIn) -> String {
    s.identify_with_password("push@example.com").await;
    s.answer_totp(sim, "push@example.com").await;
    let success = &s.raw()["successWithInteractionCode"];
    assert!(
        success["value"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["name"] != "client_secret"),
        "the page is never asked for a secret"
    );
    interaction_code(&s.raw())
}

fn token_form(code: &str, verifier: &str) -> Vec<(&'static str, String)> {
    vec![
        ("grant_type", "interaction_code".into()),
        ("interaction_code", code.into()),
        ("code_verifier", verifier.into()),
        ("redirect_uri", WEB_REDIRECT.into()),
    ]
}

fn with_id(mut form: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
    form.push(("client_id", WEB_ID.into()));
    form
}

fn with_post_secret(mut form: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
    form.push(("client_id", WEB_ID.into()));
    form.push(("client_secret", WEB_SECRET.into()));
    form
}

/// The logged requests to a path, in order.
fn logged<'a>(log: &'a [LogEntry], path: &str) -> Vec<&'a LogEntry> {
    log.iter().filter(|e| e.path == path).collect()
}

#[tokio::test]
async fn web_client_interact_from_a_server_needs_its_secret() {
    let sim = Sim::start(fast_config()).await;
    let back = BackEnd::new();
    let interact = "/oauth2/default/v1/interact";

    let (status, body) = answer(server_post(&sim, interact, &back.interact_form())).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"], "invalid_client");
    assert!(body["error_description"].is_string());

    let wrong = server_post(&sim, interact, &back.interact_form()).basic_auth(WEB_ID, Some("nope"));
    let (status, body) = answer(wrong).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );

    let mut wrong_post = back.interact_form();
    wrong_post.push(("client_secret", "nope".into()));
    let (status, body) = answer(server_post(&sim, interact, &wrong_post)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );

    // client_secret_basic: the id may be left out of the form.
    let form: Vec<_> = back
        .interact_form()
        .into_iter()
        .filter(|(k, _)| *k != "client_id")
        .collect();
    let basic = server_post(&sim, interact, &form).basic_auth(WEB_ID, Some(WEB_SECRET));
    let (status, body) = answer(basic).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["interaction_handle"].as_str().unwrap().len(), 43);

    // client_secret_post.
    let mut post = back.interact_form();
    post.push(("client_secret", WEB_SECRET.into()));
    let (status, body) = answer(server_post(&sim, interact, &post)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["interaction_handle"].is_string());

    // Both at once is refused (RFC 6749 §2.3).
    let both = server_post(&sim, interact, &post).basic_auth(WEB_ID, Some(WEB_SECRET));
    let (status, body) = answer(both).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request"))
    );

    // A Basic header naming another client than the form.
    let other = server_post(&sim, interact, &back.interact_form())
        .basic_auth("idx-widget-demo", Some(WEB_SECRET));
    let (status, _) = answer(other).await;
    assert_eq!(status, 401);

    // The web client's redirect URIs are its own.
    let mut spa_redirect = post.clone();
    spa_redirect[1].1 = "http://127.0.0.1:8080/login/callback".into();
    let (status, body) = answer(server_post(&sim, interact, &spa_redirect)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request"))
    );

    // The single-page app is a public client, from anywhere, as before.
    let mut spa = back.interact_form();
    spa[0].1 = "idx-widget-demo".into();
    spa[1].1 = "http://127.0.0.1:8080/login/callback".into();
    let (status, body) = answer(server_post(&sim, interact, &spa)).await;
    assert_eq!(status, 200, "{body}");

    let log = sim.running.requests();
    let auths: Vec<(u16, Option<&str>)> = logged(&log, interact)
        .iter()
        .map(|e| (e.status, e.client_auth.as_deref()))
        .collect();
    assert_eq!(
        auths,
        [
            (401, None),
            (401, Some("client_secret_basic")),
            (401, Some("client_secret_post")),
            (200, Some("client_secret_basic")),
            (200, Some("client_secret_post")),
            (400, Some("client_secret_basic")),
            (401, Some("client_secret_basic")),
            (400, Some("client_secret_post")),
            (200, None),
        ]
    );
    assert!(
        logged(&log, interact)
            .iter()
            .all(|e| e.origin.is_none() && e.user_agent.as_deref() == Some(SERVER_UA))
    );
}

#[tokio::test]
async fn web_client_interact_from_a_browser_needs_no_secret() {
    let sim = Sim::start(fast_config()).await;
    let back = BackEnd::new();
    let interact = "/oauth2/default/v1/interact";
    let from = |origin: &str| {
        sim.http
            .post(sim.org(interact))
            .header("Origin", origin)
            .header("User-Agent", BROWSER_UA)
            .form(&back.interact_form())
    };
    let r = from(PAGE_ORIGIN).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["access-control-allow-origin"].to_str().unwrap(),
        PAGE_ORIGIN
    );
    let body: Value = r.json().await.unwrap();
    assert!(body["interaction_handle"].is_string());
    // An origin the org does not trust is refused before any client is looked at.
    let r = from("http://evil.example").send().await.unwrap();
    assert_eq!(r.status(), 403);
    let log = sim.running.requests();
    let entries = logged(&log, interact);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].origin.as_deref(), Some(PAGE_ORIGIN));
    assert_eq!(entries[0].user_agent.as_deref(), Some(BROWSER_UA));
    assert_eq!(entries[0].client_auth, None);
}

/// The widget's web application mode with a code challenge: the page calls interact with the
/// back end's challenge and `state`, signs in, and the back end redeems the code.
#[tokio::test]
async fn web_app_page_interacts_with_the_back_ends_challenge() {
    let sim = Sim::start(fast_config()).await;
    let back = BackEnd::new();
    let page_secrets =
        PkceSecrets::from_back_end(Some(back.challenge()), OAuthState::new(back.state.clone()));
    let client = browser(&sim);
    let handle = client.interact(&page_secrets).await.expect("interact");
    let s = SignIn::introspecting(client, &handle, page_secrets).await;
    assert_eq!(s.raw()["app"]["value"]["id"], WEB_ID);
    let code = sign_in_in_the_browser(&sim, s).await;

    let token = "/oauth2/default/v1/token";
    // Without the secret: refused, from a server or from a browser, and the code is kept.
    let (status, body) = answer(server_post(
        &sim,
        token,
        &with_id(token_form(&code, &back.verifier)),
    ))
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let from_page = sim
        .http
        .post(sim.org(token))
        .header("Origin", PAGE_ORIGIN)
        .header("User-Agent", BROWSER_UA)
        .form(&with_id(token_form(&code, &back.verifier)));
    let (status, body) = answer(from_page).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let wrong = server_post(&sim, token, &token_form(&code, &back.verifier))
        .basic_auth(WEB_ID, Some("not-the-secret"));
    let (status, _) = answer(wrong).await;
    assert_eq!(status, 401);

    // With the secret and the verifier: tokens for the web client.
    let good = server_post(&sim, token, &token_form(&code, &back.verifier))
        .basic_auth(WEB_ID, Some(WEB_SECRET));
    let (status, body) = answer(good).await;
    assert_eq!(status, 200, "{body}");
    let id = jwt_claims(body["id_token"].as_str().unwrap());
    assert_eq!(id["aud"], WEB_ID);
    assert_eq!(id["iss"], sim.org("/oauth2/default"));
    assert_eq!(
        jwt_claims(body["access_token"].as_str().unwrap())["cid"],
        WEB_ID
    );
    let access = body["access_token"].as_str().unwrap().to_owned();

    // Single use.
    let again = server_post(&sim, token, &token_form(&code, &back.verifier))
        .basic_auth(WEB_ID, Some(WEB_SECRET));
    let (status, body) = answer(again).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    // The back end reads the user's profile with the access token.
    let userinfo = sim.http.get(sim.org("/oauth2/default/v1/userinfo"));
    let (status, info) = answer(userinfo.bearer_auth(&access)).await;
    assert_eq!(status, 200);
    assert_eq!(info["preferred_username"], "push@example.com");
    assert_eq!(info["email"], "push@example.com");
    assert_eq!(info["sub"], id["sub"]);

    // The log: interact and every IDX call from the browser, the token calls from the server
    // (but the one the page tried), with the authentication each presented.
    let log = sim.running.requests();
    for entry in log.iter().filter(|e| e.path.starts_with("/idp/idx/")) {
        assert_eq!(entry.origin.as_deref(), Some(PAGE_ORIGIN), "{entry:?}");
        assert_eq!(entry.user_agent.as_deref(), Some(BROWSER_UA), "{entry:?}");
        assert_eq!(entry.client_auth, None);
    }
    let interact = logged(&log, "/oauth2/default/v1/interact");
    assert_eq!(interact.len(), 1);
    assert_eq!(interact[0].origin.as_deref(), Some(PAGE_ORIGIN));
    assert_eq!(interact[0].client_auth, None);
    let tokens: Vec<(u16, Option<&str>, Option<&str>)> = logged(&log, token)
        .iter()
        .map(|e| (e.status, e.origin.as_deref(), e.client_auth.as_deref()))
        .collect();
    assert_eq!(
        tokens,
        [
            (401, None, None),
            (401, Some(PAGE_ORIGIN), None),
            (401, None, Some("client_secret_basic")),
            (200, None, Some("client_secret_basic")),
            (400, None, Some("client_secret_basic")),
        ]
    );
    let info = logged(&log, "/oauth2/default/v1/userinfo");
    assert_eq!(info[0].user_agent, None, "reqwest sends no User-Agent");

    // The same records on the phone API, without bodies.
    let (status, api) = sim.get_json("/sim/api/requests").await;
    assert_eq!(status, 200);
    let api = api.as_array().unwrap();
    let token_calls: Vec<&Value> = api.iter().filter(|e| e["path"] == token).collect();
    assert_eq!(token_calls.len(), 5);
    assert_eq!(token_calls[3]["status"], 200);
    assert_eq!(token_calls[3]["client_auth"], "client_secret_basic");
    assert_eq!(token_calls[3]["origin"], Value::Null);
    assert_eq!(token_calls[3]["user_agent"], SERVER_UA);
    let idx_call = api
        .iter()
        .find(|e| e["path"] == "/idp/idx/identify")
        .unwrap();
    assert_eq!(idx_call["origin"], PAGE_ORIGIN);
    assert_eq!(idx_call["user_agent"], BROWSER_UA);
    let text = serde_json::to_string(api).unwrap();
    assert!(!text.contains(WEB_SECRET) && !text.contains(&back.verifier) && !text.contains(&code));
}

/// The widget's web application mode with an interaction handle: the back end calls interact
/// itself (client_secret_post), the page introspects the handle and signs in, and the back
/// end redeems the code.
#[tokio::test]
async fn web_app_back_end_interacts_and_the_page_signs_in() {
    let sim = Sim::start(fast_config()).await;
    let back = BackEnd::new();
    let mut form = back.interact_form();
    form.push(("client_secret", WEB_SECRET.into()));
    let (status, body) = answer(server_post(&sim, "/oauth2/default/v1/interact", &form)).await;
    assert_eq!(status, 200, "{body}");
    let handle = InteractionHandle::new(body["interaction_handle"].as_str().unwrap());

    let client = browser(&sim);
    let page_secrets = PkceSecrets::from_back_end(None, OAuthState::new(back.state.clone()));
    let s = SignIn::introspecting(client, &handle, page_secrets).await;
    let code = sign_in_in_the_browser(&sim, s).await;

    let token = "/oauth2/default/v1/token";
    let (status, body) = answer(server_post(
        &sim,
        token,
        &with_post_secret(token_form(&code, &back.verifier)),
    ))
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        jwt_claims(body["id_token"].as_str().unwrap())["aud"],
        WEB_ID
    );

    let log = sim.running.requests();
    let interact = logged(&log, "/oauth2/default/v1/interact");
    assert_eq!(interact[0].origin, None);
    assert_eq!(
        interact[0].client_auth.as_deref(),
        Some("client_secret_post")
    );
    let introspect = logged(&log, "/idp/idx/introspect");
    assert_eq!(introspect[0].origin.as_deref(), Some(PAGE_ORIGIN));
    let tokens = logged(&log, token);
    assert_eq!(tokens[0].client_auth.as_deref(), Some("client_secret_post"));
    assert_eq!(tokens[0].origin, None);
}

/// The back end interacts (client_secret_post), the page signs in: the back end's secrets and
/// the code.
async fn web_sign_in(sim: &Sim) -> (BackEnd, String) {
    let back = BackEnd::new();
    let mut form = back.interact_form();
    form.push(("client_secret", WEB_SECRET.into()));
    let (_, body) = answer(server_post(sim, "/oauth2/default/v1/interact", &form)).await;
    let handle = InteractionHandle::new(body["interaction_handle"].as_str().unwrap());
    let client = browser(sim);
    let secrets = PkceSecrets::from_back_end(None, OAuthState::new(back.state.clone()));
    let s = SignIn::introspecting(client, &handle, secrets).await;
    let code = sign_in_in_the_browser(sim, s).await;
    (back, code)
}

/// The status and OAuth error of a form posted with the web client's secret (Basic).
async fn refused_with_secret(
    sim: &Sim,
    path: &str,
    form: Vec<(&'static str, String)>,
) -> (u16, String) {
    let request = server_post(sim, path, &form).basic_auth(WEB_ID, Some(WEB_SECRET));
    let (status, body) = answer(request).await;
    (status, body["error"].as_str().unwrap_or("").to_owned())
}

/// A web client's token call must also pass the existing checks: the verifier, the redirect
/// URI, the server the transaction started at; a single-page app's code is not the web
/// client's to redeem.
#[tokio::test]
async fn web_client_token_keeps_the_other_checks() {
    let sim = Sim::start(fast_config()).await;
    let (_, code) = web_sign_in(&sim).await;
    let wrong_verifier = token_form(&code, &"x".repeat(43));
    assert_eq!(
        refused_with_secret(&sim, "/oauth2/default/v1/token", wrong_verifier).await,
        (400, "invalid_grant".into())
    );
    let (back, code) = web_sign_in(&sim).await;
    let mut wrong_redirect = token_form(&code, &back.verifier);
    wrong_redirect[3].1 = "http://localhost:8090/login/callback".into();
    assert_eq!(
        refused_with_secret(&sim, "/oauth2/default/v1/token", wrong_redirect).await,
        (400, "invalid_grant".into())
    );
    let (back, code) = web_sign_in(&sim).await;
    assert_eq!(
        refused_with_secret(&sim, "/oauth2/v1/token", token_form(&code, &back.verifier)).await,
        (400, "invalid_grant".into())
    );
    // The single-page app's code, taken by the web client.
    let mut s = SignIn::choosing(&sim, "push@example.com", choose_totp()).await;
    let totp = sim.totp("push@example.com").await;
    s.submit(
        "challenge-authenticator",
        Inputs::new().with_object("credentials", Inputs::new().with("totp", totp)),
    )
    .await;
    let spa_code = interaction_code(&s.raw());
    let verifier = s.secrets.verifier().unwrap().expose().to_owned();
    assert_eq!(
        refused_with_secret(
            &sim,
            "/oauth2/default/v1/token",
            token_form(&spa_code, &verifier)
        )
        .await,
        (401, "invalid_client".into())
    );
    // Revocation takes the secret too.
    let (status, body) = answer(server_post(
        &sim,
        "/oauth2/default/v1/revoke",
        &with_id(vec![("token", "anything".into())]),
    ))
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (401, Some("invalid_client"))
    );
    let (status, _) = answer(server_post(
        &sim,
        "/oauth2/default/v1/revoke",
        &with_post_secret(vec![("token", "anything".into())]),
    ))
    .await;
    assert_eq!(status, 200);
}

/// mfa@example.com's tokens, signed in through this client with the security question.
async fn tokens_by_question(client: Client<ReqwestTransport>) -> idx_protocol::TokenResponse {
    let mut s = SignIn::password_with(client, "mfa@example.com").await;
    s.submit("select-authenticator-authenticate", choose_id(QUESTION_ID))
        .await;
    s.submit(
        "challenge-authenticator",
        question_answer("disliked_food", "Broccoli"),
    )
    .await;
    s.tokens().await
}

#[tokio::test]
async fn userinfo_answers_a_good_token_and_refuses_others() {
    let sim = Sim::start(fast_config()).await;
    let sign_in = |issuer_path: &'static str| {
        let client = sim.client_at(issuer_path);
        async move {
            let tokens = tokens_by_question(client).await;
            tokens.access_token.expose().to_owned()
        }
    };
    let access = sign_in("/oauth2/default").await;
    let get = |path: &str, token: Option<&str>| {
        let mut request = sim.http.get(sim.org(path)).header("Origin", PAGE_ORIGIN);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    let r = get("/oauth2/default/v1/userinfo", Some(&access))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["access-control-allow-origin"].to_str().unwrap(),
        PAGE_ORIGIN
    );
    let info: Value = r.json().await.unwrap();
    assert!(info["sub"].as_str().unwrap().starts_with("00u"), "{info}");
    assert_eq!(info["name"], "Mfa Demo");
    assert_eq!(info["given_name"], "Mfa");
    assert_eq!(info["family_name"], "Demo");
    assert_eq!(info["preferred_username"], "mfa@example.com");
    assert_eq!(info["email"], "mfa@example.com");
    // POST too, as Okta allows.
    let r = sim
        .http
        .post(sim.org("/oauth2/default/v1/userinfo"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let refused = |r: reqwest::Response| {
        let challenge = r
            .headers()
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (r.status().as_u16(), challenge)
    };
    for (path, token) in [
        ("/oauth2/default/v1/userinfo", None),
        ("/oauth2/default/v1/userinfo", Some("not-a-token")),
        (
            "/oauth2/default/v1/userinfo",
            Some(&format!("{access}x") as &str),
        ),
        // Another server's: its issuer and audience are not this one's.
        ("/oauth2/v1/userinfo", Some(&access as &str)),
    ] {
        let (status, challenge) = refused(get(path, token).await.unwrap());
        assert_eq!(status, 401, "{path} {token:?}");
        assert!(
            challenge.starts_with("Bearer error=\"invalid_token\""),
            "{challenge}"
        );
    }
    // A basic header is not a bearer token.
    let r = sim
        .http
        .get(sim.org("/oauth2/default/v1/userinfo"))
        .basic_auth(WEB_ID, Some(WEB_SECRET))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    // The org authorization server's own token works at its own endpoint.
    let org_access = sign_in("").await;
    let r = get("/oauth2/v1/userinfo", Some(&org_access)).await.unwrap();
    assert_eq!(r.status(), 200);

    // A revoked token stops working.
    let (status, _) = answer(
        sim.http
            .post(sim.org("/oauth2/default/v1/revoke"))
            .form(&[("client_id", "idx-widget-demo"), ("token", &access)]),
    )
    .await;
    assert_eq!(status, 200);
    let (status, challenge) = refused(
        get("/oauth2/default/v1/userinfo", Some(&access))
            .await
            .unwrap(),
    );
    assert_eq!(status, 401);
    assert!(challenge.contains("invalid_token"));

    // Discovery names the endpoint and the client authentication methods.
    for (discovery, userinfo) in [
        (
            "/oauth2/default/.well-known/openid-configuration",
            "/oauth2/default/v1/userinfo",
        ),
        ("/.well-known/openid-configuration", "/oauth2/v1/userinfo"),
    ] {
        let (_, doc) = sim.get_json(discovery).await;
        assert_eq!(doc["userinfo_endpoint"], sim.org(userinfo));
        let methods = doc["token_endpoint_auth_methods_supported"]
            .as_array()
            .unwrap();
        for method in ["client_secret_basic", "client_secret_post", "none"] {
            assert!(methods.iter().any(|m| m == method), "{method}");
        }
    }
    assert!(sim.running.requests().iter().all(|r| r.status < 500));
}

#[tokio::test]
async fn malformed_client_credentials_are_refused_without_a_panic() {
    let sim = Sim::start(fast_config()).await;
    let back = BackEnd::new();
    for authorization in [
        "Basic",
        "Basic !!!not base64!!!",
        "Basic aWR4LXdpZGdldC13ZWItZGVtbw==", // no colon
        "Basic /w==",                         // not UTF-8
        "Bearer abc",
        "Basic aWR4LXdpZGdldC13ZWItZGVtbzpkZW1vLXdlYi1zZWNyZXQl", // a trailing %
    ] {
        for path in [
            "/oauth2/default/v1/interact",
            "/oauth2/default/v1/token",
            "/oauth2/v1/revoke",
        ] {
            let r = sim
                .http
                .post(sim.org(path))
                .header("Authorization", authorization)
                .form(&back.interact_form())
                .send()
                .await
                .unwrap();
            assert!(
                [400, 401].contains(&r.status().as_u16()),
                "{authorization} {path}: {}",
                r.status()
            );
        }
    }
    // Percent-encoded id and secret (RFC 6749 §2.3.1) are decoded.
    let mut config = fast_config();
    config.web_clients[0].client_secret = "s3cr et:%+".into();
    let sim = Sim::start(config).await;
    let encoded =
        base64::engine::general_purpose::STANDARD.encode(format!("{WEB_ID}:s3cr+et%3A%25%2B"));
    let r = sim
        .http
        .post(sim.org("/oauth2/default/v1/interact"))
        .header("Authorization", format!("Basic {encoded}"))
        .form(&back.interact_form())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(sim.running.requests().iter().all(|r| r.status < 500));
}

/// RP-initiated logout goes back to a sign-out URI of the token's app with `state`, and is
/// refused elsewhere; a public client that names itself in a Basic header with no secret (as
/// okta-auth-js does to revoke) is a public client, not a bad credential.
#[tokio::test]
async fn logout_returns_to_the_app_and_a_public_client_may_name_itself_in_basic() {
    let config = fast_config();
    let sim = Sim::start(config.clone()).await;
    let tokens = tokens_by_question(sim.client_at("/oauth2/default")).await;
    let id_token = tokens.id_token.as_ref().unwrap().expose().to_owned();
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let app = config.redirect_uris[0].clone();
    let back = url::Url::parse(&app)
        .unwrap()
        .join("/")
        .unwrap()
        .to_string();
    let logout = |target: &str| {
        no_redirects
            .get(sim.org("/oauth2/default/v1/logout"))
            .query(&[
                ("id_token_hint", id_token.as_str()),
                ("post_logout_redirect_uri", target),
                ("state", "s1"),
            ])
            .send()
    };
    let r = logout(&back).await.unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(r.headers()["location"], format!("{back}?state=s1").as_str());
    let r = logout("https://evil.example/").await.unwrap();
    assert_eq!(r.status(), 400);
    // Basic with the client id alone, no colon and no `client_id` in the form, as okta-auth-js
    // revokes: it works for the public client.
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode(&config.client_id);
    let r = sim
        .http
        .post(sim.org("/oauth2/default/v1/revoke"))
        .header("Authorization", format!("Basic {basic}"))
        .form(&[
            ("token", tokens.access_token.expose()),
            ("token_type_hint", "access_token"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

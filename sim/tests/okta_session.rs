//! The org's session in a browser (its `sid` cookie) and abandoned transactions, over real
//! HTTP: a sign-in starts the session, `DELETE /api/v1/sessions/me` and
//! `…/v1/logout` end it, and a cancelled transaction's push can no longer be approved.

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use idx_protocol::native::ReqwestTransport;
use idx_protocol::transport::{HttpRequest, HttpResponse, Transport};
use idx_protocol::{Client, Inputs};
use serde_json::json;

const TRUSTED: &str = "http://127.0.0.1:8080";

/// One browser's cookies for the org, kept as a browser keeps them (by name, the last one
/// set wins, `Max-Age=0` removes), and every `Set-Cookie` the org sent.
#[derive(Clone, Default)]
struct Browser {
    jar: Arc<Mutex<Vec<(String, String)>>>,
    set: Arc<Mutex<Vec<String>>>,
    inner: ReqwestTransport,
}

impl Browser {
    fn cookie(&self, name: &str) -> Option<String> {
        let jar = self.jar.lock().unwrap();
        jar.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }

    fn header(&self) -> String {
        let jar = self.jar.lock().unwrap();
        jar.iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn keep(&self, set_cookie: &str) {
        self.set.lock().unwrap().push(set_cookie.to_owned());
        let Some((name, value)) = set_cookie.split(';').next().and_then(|p| p.split_once('='))
        else {
            return;
        };
        let mut jar = self.jar.lock().unwrap();
        jar.retain(|(n, _)| n != name);
        if !set_cookie.contains("Max-Age=0") {
            jar.push((name.to_owned(), value.to_owned()));
        }
    }

    fn client(&self, sim: &Sim) -> Client<Browser> {
        Client::new(sim.client().config().clone(), self.clone()).unwrap()
    }

    /// A request to the org with this browser's cookies, as a credentialed fetch from the app.
    async fn call(&self, method: &str, url: &str) -> HttpResponse {
        let request = HttpRequest {
            method: method.into(),
            url: url.into(),
            headers: vec![("Origin".into(), TRUSTED.into())],
            body: String::new(),
            with_credentials: true,
        };
        Transport::send(self, request).await.unwrap()
    }
}

impl Transport for Browser {
    async fn send(&self, mut request: HttpRequest) -> Result<HttpResponse, String> {
        let cookies = self.header();
        if !cookies.is_empty() {
            request.headers.push(("Cookie".into(), cookies));
        }
        request
            .headers
            .push(("User-Agent".into(), BROWSER_UA.into()));
        let response = self.inner.send(request).await?;
        for (name, value) in &response.headers {
            if name.eq_ignore_ascii_case("set-cookie") {
                self.keep(value);
            }
        }
        Ok(response)
    }
}

async fn submit(
    client: &Client<Browser>,
    state: &idx_protocol::IdxResponse,
    name: &str,
    inputs: Inputs,
) -> idx_protocol::IdxResponse {
    let form = state.remediation(name).unwrap().clone();
    client.proceed(&form, &inputs).await.unwrap()
}

/// `push@example.com` through this browser up to the push waiting on the phone.
async fn to_push(
    sim: &Sim,
    browser: &Browser,
) -> (
    Client<Browser>,
    idx_protocol::PkceSecrets,
    idx_protocol::IdxResponse,
) {
    let client = browser.client(sim);
    let secrets = idx_protocol::PkceSecrets::from_entropy(&[9; idx_protocol::ENTROPY_BYTES]);
    let handle = client.interact(&secrets).await.unwrap();
    let state = client.introspect(&handle, &secrets).await.unwrap();
    let identifier = Inputs::new().with("identifier", "push@example.com");
    let state = submit(&client, &state, "identify", identifier).await;
    let password =
        Inputs::new().with_object("credentials", Inputs::new().with("passcode", PASSWORD));
    let state = submit(&client, &state, "challenge-authenticator", password).await;
    let state = submit(
        &client,
        &state,
        "select-authenticator-authenticate",
        choose_push(),
    )
    .await;
    assert_eq!(state.primary().unwrap().name, "challenge-poll");
    (client, secrets, state)
}

/// Signs `push@example.com` in through this browser (password, then an approved push), and
/// gives the tokens.
async fn sign_in(sim: &Sim, browser: &Browser) -> idx_protocol::TokenResponse {
    let (client, secrets, mut state) = to_push(sim, browser).await;
    let push = sim.latest_push("push@example.com").await;
    let approve = format!("/sim/api/pushes/{}/approve", push["id"].as_str().unwrap());
    assert_eq!(sim.post_json(&approve, json!({})).await.0, 200);
    for _ in 0..10 {
        let Some(form) = state.primary().filter(|f| f.is_poll()).cloned() else {
            break;
        };
        tokio::time::sleep(std::time::Duration::from_millis(
            form.refresh.unwrap_or(200),
        ))
        .await;
        state = client.poll(&form, &Inputs::new()).await.unwrap();
    }
    let success = state.success_with_interaction_code.expect("signed in");
    client.exchange_code(&success, &secrets).await.unwrap()
}

/// The sign-in sets an HttpOnly `sid` (no `Secure` on plain http, where idx-sim serves app
/// and org on one host); `GET /api/v1/sessions/me` names the user from any later transaction
/// of that browser; a credentialed `DELETE` from the app's origin ends it and removes the
/// cookie; afterwards both answer 404, as Okta's do.
#[tokio::test]
async fn a_sign_in_starts_the_okta_session_and_delete_ends_it() {
    let sim = Sim::start(fast_config()).await;
    let me = sim.org("/api/v1/sessions/me");
    let browser = Browser::default();
    assert_eq!(browser.call("GET", &me).await.status, 404, "no session yet");
    sign_in(&sim, &browser).await;
    let sid = browser.cookie("sid").expect("the org's session cookie");
    let set = browser.set.lock().unwrap().clone();
    let sent = set.iter().find(|c| c.starts_with("sid=")).unwrap();
    assert!(
        sent.contains("HttpOnly") && sent.contains("SameSite=Lax"),
        "{sent}"
    );
    assert!(!sent.contains("Secure"), "{sent}");

    let live = browser.call("GET", &me).await;
    assert_eq!(live.status, 200);
    let body: serde_json::Value = serde_json::from_str(&live.body).unwrap();
    assert_eq!(body["login"], "push@example.com");
    assert_eq!(body["id"], sid.as_str());
    assert_eq!(
        live.header("access-control-allow-credentials"),
        Some("true")
    );
    assert_eq!(live.header("access-control-allow-origin"), Some(TRUSTED));
    // Another browser has none.
    assert_eq!(Browser::default().call("GET", &me).await.status, 404);

    let ended = browser.call("DELETE", &me).await;
    assert_eq!(ended.status, 204);
    assert_eq!(browser.cookie("sid"), None, "the cookie is removed");
    // The old cookie, if a browser kept it, names nothing any more.
    let replay = Browser::default();
    replay.keep(&format!("sid={sid}"));
    assert_eq!(replay.call("GET", &me).await.status, 404);
    assert_eq!(replay.call("DELETE", &me).await.status, 404);
}

/// The app's origin may send the credentialed DELETE (preflight), another may not.
#[tokio::test]
async fn only_trusted_origins_may_end_the_session() {
    let sim = Sim::start(fast_config()).await;
    let preflight = |origin: &'static str| {
        sim.http
            .request(reqwest::Method::OPTIONS, sim.org("/api/v1/sessions/me"))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "DELETE")
            .send()
    };
    let ok = preflight(TRUSTED).await.unwrap();
    let methods = ok.headers()["access-control-allow-methods"]
        .to_str()
        .unwrap();
    assert!(methods.contains("DELETE"), "{methods}");
    let refused = preflight("https://evil.example").await.unwrap();
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "{:?}",
        refused.headers()
    );
}

/// RP-initiated logout with the ID token and a registered sign-out URI ends the session on its
/// way back with `state`; a refused request (a foreign URI) ends nothing.
#[tokio::test]
async fn logout_ends_the_session_and_returns_with_state() {
    let sim = Sim::start(fast_config()).await;
    let browser = Browser::default();
    let tokens = sign_in(&sim, &browser).await;
    let id_token = tokens.id_token.unwrap();
    let logout = |target| logout(&sim, &browser, id_token.expose(), target);
    let me = sim.org("/api/v1/sessions/me");
    // Okta matches a sign-out redirect URI exactly: the app's own origin is not enough.
    for foreign in [
        "https://evil.example/",
        "http://127.0.0.1:8080/elsewhere",
        "http://127.0.0.1:8080/?next=x",
    ] {
        let refused = logout(foreign).await;
        assert_eq!(refused.status(), 400, "{foreign}");
        let page = refused.text().await.unwrap();
        assert!(page.contains("Logout redirect URI"), "{foreign}: {page}");
        assert_eq!(
            browser.call("GET", &me).await.status,
            200,
            "still signed in after {foreign}"
        );
    }

    let back = logout("http://127.0.0.1:8080/").await;
    assert_eq!(back.status(), 302);
    assert_eq!(
        back.headers()["location"],
        "http://127.0.0.1:8080/?state=s-123"
    );
    let cleared = back.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cleared.starts_with("sid=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    assert_eq!(browser.call("GET", &me).await.status, 404, "signed out");
}

/// `post_logout_redirect_uris` is the app's list of sign-out redirect URIs: one listed is taken,
/// the page's own home (listed by default) no longer is.
#[tokio::test]
async fn logout_goes_back_only_to_a_listed_sign_out_uri() {
    let mut config = fast_config();
    config.post_logout_redirect_uris = vec!["http://localhost:3000/signed-out".into()];
    let sim = Sim::start(config).await;
    let browser = Browser::default();
    let id_token = sign_in(&sim, &browser).await.id_token.unwrap();
    let logout = |target| logout(&sim, &browser, id_token.expose(), target);
    let unlisted = logout("http://127.0.0.1:8080/").await;
    assert_eq!(unlisted.status(), 400);
    let back = logout("http://localhost:3000/signed-out").await;
    assert_eq!(back.status(), 302);
    assert_eq!(
        back.headers()["location"],
        "http://localhost:3000/signed-out?state=s-123"
    );
}

/// `GET …/v1/logout` from this browser with its ID token, back to `target` with `state`: the
/// org's answer, its redirect not followed.
async fn logout(sim: &Sim, browser: &Browser, id_token: &str, target: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(sim.org("/oauth2/default/v1/logout"))
        .query(&[
            ("id_token_hint", id_token),
            ("post_logout_redirect_uri", target),
            ("state", "s-123"),
        ])
        .header("Cookie", browser.header())
        .send()
        .await
        .unwrap()
}

/// The page gave the sign-in up (`cancel`): the push it was waiting on can no
/// longer be approved from the phone, which says why.
#[tokio::test]
async fn a_cancelled_transaction_s_push_cannot_be_approved() {
    let sim = Sim::start(fast_config()).await;
    let browser = Browser::default();
    let (client, _, state) = to_push(&sim, &browser).await;
    let push = sim.latest_push("push@example.com").await;
    assert_eq!(push["status"], "pending");
    let back = client.cancel(&state).await.expect("cancelled");
    assert!(
        back.remediation("identify").is_some(),
        "back to the first step"
    );
    let id = push["id"].as_str().unwrap();
    let (status, body) = sim
        .post_json(&format!("/sim/api/pushes/{id}/approve"), json!({}))
        .await;
    assert_eq!(status, 409, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("cancelled"),
        "{body}"
    );
    assert_eq!(
        sim.latest_push("push@example.com").await["status"],
        "cancelled"
    );
    assert_eq!(browser.cookie("sid"), None, "nobody signed in");
}

/// A second sign-in in the same browser, the session still live: the first answer is already
/// the success, naming the user (Okta's `success-with-interaction-code` shape: `user`,
/// `cancel`), for the page to offer to continue. Once the session is ended, or with the
/// org's `session_sign_in` off, a sign-in starts at the first step again.
#[tokio::test]
async fn a_live_session_signs_the_next_sign_in_in_until_it_ends() {
    let sim = Sim::start(fast_config()).await;
    let browser = Browser::default();
    sign_in(&sim, &browser).await;
    let sid = browser.cookie("sid").unwrap();
    let client = browser.client(&sim);
    let secrets = idx_protocol::PkceSecrets::from_entropy(&[3; idx_protocol::ENTROPY_BYTES]);
    let handle = client.interact(&secrets).await.unwrap();
    let state = client.introspect(&handle, &secrets).await.unwrap();
    let success = state
        .success_with_interaction_code
        .clone()
        .expect("signed in by the session");
    let user = state.user.as_ref().and_then(|u| u.value.identifier.clone());
    assert_eq!(user.as_deref(), Some("push@example.com"));
    assert!(state.cancel.is_some());
    assert_eq!(browser.cookie("sid"), Some(sid), "the same session goes on");
    let tokens = client.exchange_code(&success, &secrets).await.unwrap();
    assert!(tokens.id_token.is_some());

    let me = sim.org("/api/v1/sessions/me");
    assert_eq!(browser.call("DELETE", &me).await.status, 204);
    let handle = client.interact(&secrets).await.unwrap();
    let state = client.introspect(&handle, &secrets).await.unwrap();
    assert!(state.remediation("identify").is_some(), "asked who again");
    assert!(state.success_with_interaction_code.is_none());

    // The org's policy may ask every time: the session is kept but signs nobody in.
    let sim = Sim::start(idx_sim::Config {
        session_sign_in: false,
        ..fast_config()
    })
    .await;
    let browser = Browser::default();
    sign_in(&sim, &browser).await;
    assert!(browser.cookie("sid").is_some());
    let client = browser.client(&sim);
    let handle = client.interact(&secrets).await.unwrap();
    let state = client.introspect(&handle, &secrets).await.unwrap();
    assert!(state.remediation("identify").is_some());
}

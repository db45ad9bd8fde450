//! End to end, in headless Chromium: a server-side web app (`examples/web-app`, a confidential
//! client with a secret, started in-process) signs users in with the widget in web application
//! mode against idx-sim. The browser makes interact and every IDX call, so the push shows this
//! browser and address; the app's back end alone redeems the code, with its verifier and
//! secret. idx-sim's request log tells the two apart (`Origin`, `User-Agent`, the client
//! authentication presented), and a recorder in the page sees every body the browser sent:
//! were the exchange done in the browser, these tests fail.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use idx_sim::LogEntry;
use idx_sim::config::{DEMO_WEB_CLIENT, WebClient};
use serde_json::{Value, json};
use support::{Browser, Sim, cdp, fast_config, free_port, repo_root};

/// The npm package folder the app serves under `/widget/`.
fn widget_package() -> PathBuf {
    let dir = repo_root().join("target/npm/idx-widget");
    assert!(
        dir.join("idx_widget.js").is_file(),
        "{} is not built: run scripts/build-package.sh",
        dir.display()
    );
    dir
}

/// idx-sim with the web client (its redirect URI on the app's port) trusting the app's origin,
/// and the app itself on that port; returns them with the app's origin.
async fn start() -> (Sim, String) {
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    let (client_id, client_secret, _) = DEMO_WEB_CLIENT;
    let mut config = fast_config();
    config.trusted_origins.push(origin.clone());
    config.web_clients = vec![WebClient {
        client_id: client_id.into(),
        client_secret: client_secret.into(),
        redirect_uris: vec![format!("{origin}/login/callback")],
        post_logout_redirect_uris: vec![format!("{origin}/")],
    }];
    let sim = Sim::start_org(config).await;
    let settings = web_app::Settings {
        issuer: sim.org("/oauth2/default"),
        client_id: client_id.into(),
        client_secret: client_secret.into(),
        base_url: origin.clone(),
        widget_dir: widget_package(),
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    tokio::spawn(web_app::serve(listener, settings));
    (sim, origin)
}

/// Installed before any script of every page this browser opens: records each `fetch` (URL,
/// method, body) in `window.name`, which outlives the same-origin navigations from the sign-in
/// page to the callback and the greeting (and is not storage, which is checked to be empty).
const RECORDER: &str = r#"(() => {
  const original = window.fetch;
  const record = (entry) => {
    let seen = [];
    try { seen = JSON.parse(window.name || "[]"); } catch (e) {}
    seen.push(entry);
    window.name = JSON.stringify(seen);
  };
  window.fetch = function (input, init) {
    const request = input instanceof Request ? input.clone() : new Request(input, init);
    request.text().then(
      (body) => record({ url: request.url, method: request.method, body }),
      () => record({ url: request.url, method: request.method, body: null }));
    return original.apply(this, arguments);
  };
})();"#;

async fn record_requests(b: &Browser) {
    cdp(
        b,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORDER }),
    )
    .await;
}

/// From the app's home page, through its sign-in link, to the widget's password step.
async fn open_sign_in(b: &mut Browser, app: &str, user: &str) {
    b.goto(&format!("{app}/")).await;
    b.wait_for_text("#greeting", "You are not signed in.").await;
    b.click("a[href='/login']").await;
    b.heading("Sign in").await;
    b.catch_page_errors().await;
    b.shot("sign-in").await;
    b.enter_password(user).await;
    b.click("button[data-se='okta_verify-push']").await;
}

/// While the push waits: the widget keeps what a reload needs (`resume`), which in this mode
/// has no verifier; no token either, and nothing broke.
async fn assert_nothing_secret_kept_while_waiting(b: &Browser) {
    let stored = b
        .js("return JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage)])")
        .await;
    let stored = stored.as_str().unwrap_or_default();
    for secret in [
        "code_verifier\\\":\\\"",
        "access_token",
        "id_token",
        "accessToken",
    ] {
        assert!(!stored.contains(secret), "{secret} in storage: {stored}");
    }
    assert_eq!(b.page_errors().await, json!([]));
}

/// Signed in: the page is the app's greeting, the address carries no code, and the browser
/// keeps nothing (no storage, no readable session cookie).
async fn assert_greeted(b: &mut Browser, app: &str, user: &str) {
    let greeting = b.wait_for_text("#greeting", user).await;
    assert!(greeting.starts_with("Hello, "), "{greeting}");
    b.shot("greeted").await;
    assert_eq!(
        b.client.current_url().await.unwrap().as_str(),
        format!("{app}/"),
        "the callback sent the browser on to the greeting"
    );
    b.assert_no_storage("nothing in sessionStorage or localStorage after sign-in")
        .await;
    let cookies = b.js("return document.cookie").await;
    assert!(
        !cookies
            .as_str()
            .unwrap_or_default()
            .contains("web_app_session"),
        "the session cookie is HttpOnly: {cookies}"
    );
}

/// What the browser sent, by the recorder: interact with the challenge, IDX calls, never a
/// verifier and never the token endpoint.
async fn assert_browser_sent_no_verifier(b: &Browser, org: &str, sign_ins: usize) {
    let recorded = b.js("return window.name").await;
    let recorded: Vec<Value> =
        serde_json::from_str(recorded.as_str().unwrap_or("[]")).expect("the recorder's log");
    let to_org: Vec<&Value> = recorded
        .iter()
        .filter(|r| r["url"].as_str().is_some_and(|u| u.starts_with(org)))
        .collect();
    let interacts: Vec<&&Value> = to_org
        .iter()
        .filter(|r| {
            r["url"]
                .as_str()
                .is_some_and(|u| u.ends_with("/v1/interact"))
        })
        .collect();
    assert_eq!(
        interacts.len(),
        sign_ins,
        "the recorder saw interact: {to_org:?}"
    );
    for interact in interacts {
        let body = interact["body"].as_str().unwrap_or_default();
        assert!(
            body.contains("code_challenge=") && body.contains("client_id=idx-widget-web-demo"),
            "{body}"
        );
        assert!(!body.contains("client_secret"), "{body}");
    }
    assert!(
        to_org
            .iter()
            .any(|r| r["url"].as_str().unwrap_or_default().contains("/idp/idx/")),
        "the recorder saw the IDX calls"
    );
    for request in &to_org {
        let url = request["url"].as_str().unwrap_or_default();
        let body = request["body"].as_str().unwrap_or_default();
        assert!(!url.contains("/v1/token"), "the browser called {url}");
        assert!(
            !body.contains("code_verifier") && !url.contains("code_verifier"),
            "the browser sent a verifier: {url} {body}"
        );
    }
}

/// From idx-sim's log: interact and every IDX call came from this browser on the app's
/// origin; the server made only the discovery, key and token requests, without `Origin`, and
/// redeemed each code once with `client_secret_basic`.
fn assert_split_of_duties(sim: &Sim, app: &str, browser_ua: &str, sign_ins: usize) {
    let log: Vec<LogEntry> = sim
        .running
        .requests()
        .into_iter()
        .filter(|r| !r.path.starts_with("/sim/"))
        .collect();
    let from_browser = |r: &LogEntry| {
        r.origin.as_deref() == Some(app) && r.user_agent.as_deref() == Some(browser_ua)
    };
    let interacts: Vec<&LogEntry> = log
        .iter()
        .filter(|r| r.method == "POST" && r.path.ends_with("/v1/interact"))
        .collect();
    assert_eq!(interacts.len(), sign_ins, "{interacts:?}");
    for r in &interacts {
        assert!(from_browser(r), "interact came from the browser: {r:?}");
        assert_eq!(r.client_auth, None, "the browser has no secret: {r:?}");
        assert_eq!(r.status, 200, "{r:?}");
    }
    let idx: Vec<&LogEntry> = log
        .iter()
        .filter(|r| r.path.starts_with("/idp/idx/"))
        .collect();
    assert!(idx.len() >= 4 * sign_ins, "{idx:?}");
    for r in &idx {
        assert!(
            from_browser(r),
            "every IDX call came from the browser: {r:?}"
        );
    }
    let tokens: Vec<&LogEntry> = log
        .iter()
        .filter(|r| r.path.ends_with("/v1/token"))
        .collect();
    assert_eq!(
        tokens.len(),
        sign_ins,
        "one exchange per sign-in: {tokens:?}"
    );
    for r in &tokens {
        assert_eq!(r.method, "POST", "{r:?}");
        assert_eq!(r.origin, None, "the exchange came from the server: {r:?}");
        assert_ne!(r.user_agent.as_deref(), Some(browser_ua), "{r:?}");
        assert_eq!(
            r.client_auth.as_deref(),
            Some("client_secret_basic"),
            "{r:?}"
        );
        assert_eq!(r.status, 200, "{r:?}");
    }
    // Everything without an `Origin` is the server's, and it is only these three.
    for r in log.iter().filter(|r| r.origin.is_none()) {
        let server_call = r.path.ends_with("/.well-known/openid-configuration")
            || r.path.ends_with("/v1/keys")
            || r.path.ends_with("/v1/token");
        assert!(server_call, "an unexpected call without Origin: {r:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_app_signs_in_with_a_push_that_shows_the_users_browser() {
    let (sim, app) = start().await;
    let mut b = Browser::start("web-app-push").await;
    record_requests(&b).await;
    open_sign_in(&mut b, &app, "push@example.com").await;
    b.heading("Push notification sent").await;
    b.shot("push-sent").await;
    assert_nothing_secret_kept_while_waiting(&b).await;
    let push = sim.approve_pending("push@example.com").await;
    assert_greeted(&mut b, &app, "push@example.com").await;

    let browser_ua = b.js("return navigator.userAgent").await;
    let browser_ua = browser_ua.as_str().unwrap();
    assert_eq!(
        push["context"]["user_agent"], browser_ua,
        "the push shows the user's browser"
    );
    assert_eq!(push["context"]["ip"], "127.0.0.1");
    assert_eq!(push["context"]["origin"], app);
    assert_split_of_duties(&sim, &app, browser_ua, 1);
    assert_browser_sent_no_verifier(&b, &sim.running.org_url, 1).await;

    // Signing out ends the app's session.
    b.click_text("Sign out").await;
    b.wait_for_text("#greeting", "You are not signed in.").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_app_signs_in_with_a_number_challenge() {
    let (sim, app) = start().await;
    let mut b = Browser::start("web-app-number").await;
    record_requests(&b).await;
    open_sign_in(&mut b, &app, "number@example.com").await;
    let number = b.number_to_tap().await;
    b.wait_for_text("p", &format!("tap {number} in Okta Verify"))
        .await;
    b.shot("number-challenge").await;
    assert_nothing_secret_kept_while_waiting(&b).await;
    let push = sim.push("number@example.com", "pending", None).await;
    sim.tap_number(&push, number).await;
    assert_greeted(&mut b, &app, "number@example.com").await;

    let browser_ua = b.js("return navigator.userAgent").await;
    let browser_ua = browser_ua.as_str().unwrap();
    assert_eq!(push["context"]["user_agent"], browser_ua);
    assert_eq!(push["context"]["ip"], "127.0.0.1");
    assert_split_of_duties(&sim, &app, browser_ua, 1);
    assert_browser_sent_no_verifier(&b, &sim.running.org_url, 1).await;
    b.close().await;
}

/// The app's own HTTP contract, without a browser: the page's configuration carries the
/// challenge and `state` (never the verifier), the session cookie is HttpOnly and SameSite=Lax,
/// the policy names only the app and the org, and a callback with another `state` is refused
/// without spending the sign-in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_gets_the_challenge_and_state_and_nothing_else() {
    let (sim, app) = start().await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let no_sign_in = http
        .get(format!("{app}/login/config"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_sign_in.status(), 409, "no session, no configuration");

    let login = http.get(format!("{app}/login")).send().await.unwrap();
    assert_eq!(login.status(), 200);
    let header = |name: &str| {
        login
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let set_cookie = header("set-cookie");
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    let csp = header("content-security-policy");
    assert!(
        csp.contains(&format!("connect-src 'self' {};", sim.running.org_url)),
        "{csp}"
    );
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert_eq!(header("cache-control"), "no-store");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    let config: Value = http
        .get(format!("{app}/login/config"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut keys: Vec<&str> = config
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "clientId",
            "codeChallenge",
            "headingLevel",
            "issuer",
            "redirectUri",
            "scopes",
            "state"
        ],
        "{config}"
    );
    assert_eq!(config["clientId"], DEMO_WEB_CLIENT.0);
    assert_eq!(config["redirectUri"], format!("{app}/login/callback"));
    assert_eq!(config["codeChallenge"].as_str().unwrap().len(), 43);
    let state = config["state"].as_str().unwrap().to_owned();

    // Another `state` (a forged link): refused, and the real sign-in is still under way.
    let forged = http
        .get(format!(
            "{app}/login/callback?interaction_code=x&state=not-{state}"
        ))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 400);
    let again = http
        .get(format!("{app}/login/config"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 200, "a forged callback spends nothing");

    // The right `state` with a code the org never issued: the exchange fails at the org, and
    // the sign-in is spent.
    let wrong_code = http
        .get(format!(
            "{app}/login/callback?interaction_code=not-a-code&state={state}"
        ))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_code.status(), 502);
    let spent = http
        .get(format!("{app}/login/config"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(spent.status(), 409);
    let token_calls: Vec<LogEntry> = sim
        .running
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/v1/token"))
        .collect();
    assert_eq!(token_calls.len(), 1, "{token_calls:?}");
    assert_eq!(
        token_calls[0].client_auth.as_deref(),
        Some("client_secret_basic")
    );
}

//! End to end, in headless Chromium: what the widget refuses. An ID token that is not this
//! sign-in's own never reaches the host; tokens are never stored unasked, and what other
//! scripts of the page can still read (SECURITY.md says so); the page will not run framed.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{Browser, Sim, dist_dir, fast_config, sign_in_with_password};

/// Signs in with a code, up to the token exchange.
async fn sign_in_with_code(b: &mut Browser, sim: &Sim) {
    sign_in_with_password(b, sim, "push@example.com").await;
    // Another script of the page listens twice: in the capture phase on the window, which
    // every event dispatched in the document passes first, and in the bubble phase on the
    // document, where bubbling events would end.
    b.js("window.__idxCaptured = null;
          window.addEventListener('idx-widget:success',
            e => { window.__idxCaptured = { phase: e.eventPhase, target: e.target.id,
                                            accessToken: e.detail.accessToken }; }, true);
          document.addEventListener('idx-widget:success',
            () => { window.__idxDocumentSawTokens = true; });")
        .await;
    b.enter_code(sim, "push@example.com").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_spoilt_id_token_is_refused_and_nothing_is_released() {
    let mut b = Browser::start("token-faults").await;
    for kind in [
        "wrong-aud",
        "wrong-iss",
        "expired",
        "bad-signature",
        "no-nonce",
        "unknown-kid",
    ] {
        let mut config = fast_config();
        config.faults.token = Some(kind.parse().unwrap());
        let sim = Sim::start_with(config, dist_dir()).await;
        sign_in_with_code(&mut b, &sim).await;
        b.heading("Something went wrong").await;
        b.wait_for_text("[role=alert]", "could not be verified")
            .await;
        let idx = b.js("return window.__idx").await;
        assert!(idx["tokens"].is_null(), "{kind}: no success event");
        assert_eq!(
            idx["errors"],
            json!([
                "Your organization's answer could not be verified, so you were not signed in. Start again."
            ]),
            "{kind}"
        );
        b.assert_no_storage(&format!("{kind}: nothing stored"))
            .await;
        let key_fetches = sim
            .running
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path.ends_with("/v1/keys"))
            .count();
        match kind {
            // The claims fail before any key is needed.
            "wrong-aud" | "wrong-iss" | "expired" | "no-nonce" => assert_eq!(key_fetches, 0),
            "bad-signature" => assert_eq!(key_fetches, 1),
            // An unknown key id: the keys are fetched again once, as after a rotation.
            _ => assert_eq!(key_fetches, 2, "{kind}"),
        }
        b.shot(kind).await;
    }
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_good_id_token_is_verified_with_the_orgs_keys() {
    let sim = Sim::start().await;
    let mut b = Browser::start("token-verified").await;
    sign_in_with_code(&mut b, &sim).await;
    b.tokens().await;
    assert_eq!(
        sim.running
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path.ends_with("/v1/keys"))
            .count(),
        1,
        "the signature was checked against the org's published key"
    );
    // SECURITY.md, token theft: what holds is that the success event neither bubbles nor
    // leaves a shadow root, so a bubble listener on the document sees nothing...
    assert_eq!(
        b.js("return window.__idxDocumentSawTokens === undefined")
            .await,
        json!(true),
        "a bubble listener on the document saw the tokens"
    );
    // ...and nothing is stored by default...
    b.assert_no_storage("tokens kept in storage the host did not ask for")
        .await;
    // ...but any script of the page's origin can read them, as the row says: here a capture
    // listener on the window, which sees every event on its way to the host.
    let captured = b.js("return window.__idxCaptured").await;
    assert_eq!(captured["phase"], json!(1), "capturing: {captured}");
    assert_eq!(captured["target"], json!("idx-widget-standalone"));
    assert_eq!(
        captured["accessToken"],
        b.tokens().await["accessToken"],
        "same-origin script is the page: it reads the tokens"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_revokes_the_tokens_and_clears_storage() {
    let app = support::js_example();
    let mut extra = serde_json::Map::new();
    extra.insert("tokenStorage".into(), json!("sessionStorage"));
    extra.insert(
        "scopes".into(),
        json!(["openid", "profile", "email", "offline_access"]),
    );
    let sim = Sim::start_with_extra(fast_config(), app, extra).await;
    let mut b = Browser::start("sign-out").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.enter_password("push@example.com").await;
    b.enter_code(&sim, "push@example.com").await;
    b.wait_for_text("#status", "Signed in as push@example.com.")
        .await;
    let tokens = b.js("return window.idxExample.tokens").await;
    assert!(
        tokens["refreshToken"].is_string(),
        "offline_access gave one"
    );
    let stored: serde_json::Value = serde_json::from_str(
        b.js("return sessionStorage.getItem('idx-widget:tokens')")
            .await
            .as_str()
            .expect("tokens kept, as the host asked"),
    )
    .unwrap();
    assert!(stored["accessToken"].is_string());
    assert!(
        stored.get("refreshToken").is_none(),
        "the refresh token is never stored"
    );
    let all_storage = b
        .js("return JSON.stringify(Object.assign({}, sessionStorage, localStorage))")
        .await;
    assert!(
        !all_storage
            .as_str()
            .unwrap()
            .contains(tokens["refreshToken"].as_str().unwrap())
    );

    b.click("#sign-out").await;
    b.heading("You're signed out").await;
    for _ in 0..50 {
        if sim.posts("/v1/revoke") == 2 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        sim.posts("/v1/revoke"),
        2,
        "access and refresh token revoked"
    );
    assert_eq!(
        b.js("return sessionStorage.getItem('idx-widget:tokens')")
            .await,
        json!(null)
    );
    b.close().await;
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// The built page as deployed on a plain static server of its own (no CSP header: only the
/// page's own meta CSP applies), with its config.json beside it, for this org.
async fn own_static_page(
    config: idx_sim::Config,
) -> (Sim, String, support::StaticServer, std::path::PathBuf) {
    let client_id = config.client_id.clone();
    let (sim, origin, port) = Sim::start_for_own_page(config).await;
    let site = std::env::temp_dir().join(format!("idx-widget-static-{port}"));
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(&site).unwrap();
    copy_tree(&dist_dir(), &site);
    let page_config = json!({
        "issuer": sim.org("/oauth2/default"), "clientId": client_id,
        "redirectUri": format!("{origin}/login/callback"), "reminderDelayMs": 3000,
    });
    std::fs::write(site.join("config.json"), page_config.to_string()).unwrap();
    let server = support::StaticServer::start(&site, port).await;
    (sim, origin, server, site)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_brings_its_own_csp_and_a_push_sign_in_breaks_none_of_it() {
    let (sim, origin, _server, site) = own_static_page(fast_config()).await;
    let headers = reqwest::get(format!("{origin}/")).await.unwrap();
    assert!(
        headers.headers().get("content-security-policy").is_none(),
        "the server adds no CSP: only the page's own applies"
    );

    let b = Browser::start("own-csp").await;
    b.goto(&format!("{origin}/")).await;
    b.heading("Sign in").await;
    b.js("window.__violations = [];
          document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")
        .await;
    let csp = b
        .js("return document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
        .await;
    let csp = csp.as_str().unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval';"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(
        b.js("return document.querySelector('meta[name=referrer]').content")
            .await,
        json!("no-referrer")
    );
    b.listen("#idx-widget-standalone").await;
    b.fill("#idx-identifier", "push@example.com").await;
    b.click("button[type=submit]").await;
    b.heading("Verify with your password").await;
    b.fill("#idx-password", idx_sim::config::DEMO_PASSWORD)
        .await;
    b.click("button[type=submit]").await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    let push = sim.push("push@example.com", "pending", None).await;
    sim.approve(&push).await;
    b.tokens().await;
    b.heading("You're signed in").await;
    assert_eq!(b.js("return window.__violations").await, json!([]));
    b.assert_no_inline_style().await;
    b.close().await;
    let _ = std::fs::remove_dir_all(&site);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_issuer_in_the_query_string_is_ignored() {
    let sim = Sim::start().await;
    // The "org" a phishing link would point the trusted page at.
    let attacker = Sim::start_org(fast_config()).await;
    let b = Browser::start("query-issuer").await;
    let issuer = attacker.org("/oauth2/default");
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("issuer", &issuer)
        .append_pair("clientId", "idx-widget-demo")
        .append_pair("redirectUri", &format!("{}/login/callback", sim.app()))
        .append_pair("login_hint", "push@example.com")
        .finish();
    b.goto(&format!("{}/?{query}", sim.app())).await;
    b.heading("Sign in").await;
    // Only the username hint was taken.
    assert_eq!(
        b.js("return document.getElementById('idx-identifier').value")
            .await,
        json!("push@example.com")
    );
    b.click("button[type=submit]").await;
    b.heading("Verify with your password").await;
    assert_eq!(
        attacker.requests_len(),
        0,
        "the page never called the issuer from its address"
    );
    assert!(
        sim.posts("/v1/interact") >= 1,
        "it called its configured org"
    );
    b.close().await;
}

/// A 307 from the org (a hostile proxy, an open redirector) would make `fetch`
/// re-send the username, password or code wherever it points. The page here has only its own
/// meta CSP, which lets it call any loopback port, so only `redirect: "error"` stops it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_from_the_org_is_never_followed() {
    let elsewhere = Sim::start_org(fast_config()).await;
    let mut config = fast_config();
    config.faults.redirect_to = Some(elsewhere.org(""));
    let (sim, origin, _server, site) = own_static_page(config).await;
    let mut b = Browser::start("redirect-refused").await;
    b.goto(&format!("{origin}/")).await;
    b.heading("Sign in").await;
    b.listen("#idx-widget-standalone").await;
    b.fill("#idx-identifier", "push@example.com").await;
    b.click("button[type=submit]").await;
    b.wait_for_text("[role=alert]", "could not reach your organization")
        .await;
    b.shot("refused").await;
    assert!(
        sim.running
            .requests()
            .iter()
            .any(|r| r.path == "/idp/idx/identify" && r.status == 307),
        "the org answered the identify with a redirect"
    );
    assert_eq!(
        elsewhere.requests_len(),
        0,
        "nothing, not even a preflight, went where it pointed"
    );
    assert_eq!(
        b.js("return document.getElementById('idx-identifier').value")
            .await,
        json!("push@example.com"),
        "the step stays, to try again"
    );
    b.close().await;
    let _ = std::fs::remove_dir_all(&site);
}

/// A page of another origin that frames `url` (on its own static server, on `port`).
async fn framing_page(url: &str, port: u16) -> (support::StaticServer, std::path::PathBuf) {
    let site = std::env::temp_dir().join(format!("idx-widget-framer-{port}"));
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(
        site.join("index.html"),
        format!(
            "<!doctype html><html lang=en><title>Framer</title>\
             <iframe id=victim src=\"{url}\" title=\"Sign in\" width=600 height=600></iframe>"
        ),
    )
    .unwrap();
    (support::StaticServer::start(&site, port).await, site)
}

/// The documented header: idx-sim serves the page with `frame-ancestors 'none'`,
/// so a page of another origin that frames it gets no page at all: not the form, not even
/// the page's own refusal, and the org hears nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_of_another_site_is_blocked_by_the_pages_header() {
    let sim = Sim::start().await;
    let served = reqwest::get(format!("{}/", sim.app())).await.unwrap();
    let csp = served.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    let port = support::free_port();
    let (_framer, site) = framing_page(&format!("{}/", sim.app()), port).await;
    let b = Browser::start("framed-by-header").await;
    b.goto(&format!("http://127.0.0.1:{port}/")).await;
    b.find("#victim").await;
    // Long enough for the page, had it loaded, to show its refusal or its form.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    b.client.enter_frame(0).await.unwrap();
    let inside = b
        .js("return [location.href, !!document.getElementById('idx-widget-standalone')]")
        .await;
    assert_eq!(
        inside[1],
        json!(false),
        "the page ran in the frame: {inside}"
    );
    assert_ne!(inside[0], json!(format!("{}/", sim.app())), "{inside}");
    b.client.enter_parent_frame().await.unwrap();
    assert_eq!(sim.posts("/v1/interact"), 0, "the org heard nothing");
    b.close().await;
    let _ = std::fs::remove_dir_all(&site);
}

/// A server that sends no header: the page itself sees it is framed and shows why
/// it does not run instead of the form; with `allowFraming` in its configuration it runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_framed_page_without_the_header_refuses_to_run_unless_allowed() {
    let (sim, origin, _server, site) = own_static_page(fast_config()).await;
    let port = support::free_port();
    let (_framer, framer_site) = framing_page(&format!("{origin}/"), port).await;
    let b = Browser::start("framed-refuses").await;
    b.goto(&format!("http://127.0.0.1:{port}/")).await;
    b.find("#victim").await;
    b.client.enter_frame(0).await.unwrap();
    b.wait_for_text("[role=alert]", "does not run inside another page")
        .await;
    assert_eq!(
        b.js("return document.getElementById('idx-identifier')")
            .await,
        json!(null),
        "no form to click on"
    );
    b.client.enter_parent_frame().await.unwrap();
    assert_eq!(sim.posts("/v1/interact"), 0, "the org heard nothing");

    // The same page, told it may be framed.
    let config_path = site.join("config.json");
    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&config_path).unwrap()).unwrap();
    config["allowFraming"] = json!(true);
    std::fs::write(&config_path, config.to_string()).unwrap();
    b.js(
        "document.getElementById('victim').src = document.getElementById('victim').src + '?again'",
    )
    .await;
    b.client.enter_frame(0).await.unwrap();
    b.heading("Sign in").await;
    b.client.enter_parent_frame().await.unwrap();
    b.close().await;
    let _ = std::fs::remove_dir_all(&site);
    let _ = std::fs::remove_dir_all(&framer_site);
}

/// As far as this page goes, an org with CAPTCHA on sign-in (idx-sim `[captcha]`).
/// The page cannot get the provider's token, so it never sends a form the org would refuse:
/// it says why, naming the provider, takes the focus to that heading, and keeps the org's
/// other ways (here sign-up, which works).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_org_with_a_captcha_on_sign_in_gets_a_clear_message_and_its_other_ways() {
    let mut config = fast_config();
    config.captcha = Some(idx_sim::captcha::Settings {
        kind: "HCAPTCHA".into(),
        site_key: "10000000-ffff-ffff-ffff-000000000001".into(),
        id: "capSim0000000000001".into(),
        token: "sim-captcha-token".into(),
    });
    let sim = Sim::start_with(config, dist_dir()).await;
    let mut b = Browser::start("captcha-unsupported").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Can't continue on this page").await;
    b.wait_for_text("[data-se=captcha-unsupported]", "hCaptcha")
        .await;
    assert_eq!(
        b.js("return document.getElementById('idx-identifier')")
            .await,
        json!(null),
        "no username field whose form the org would refuse"
    );
    assert_eq!(
        b.js("return document.activeElement.classList.contains('idx-heading')")
            .await,
        json!(true),
        "the focus is on the step's heading"
    );
    b.assert_no_axe("captcha").await;
    b.shot("captcha").await;
    b.click_text("Sign up").await;
    b.heading("Sign up").await;
    assert_eq!(sim.posts("/idp/idx/identify"), 0);
    b.close().await;
}

//! End to end, in headless Chromium: what the widget refuses. An ID token that is not this
//! sign-in's own never reaches the host; tokens reach only the host element.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{Browser, Sim, dist_dir, fast_config, sign_in_with_password};

/// Signs in with a code, up to the token exchange.
async fn sign_in_with_code(b: &mut Browser, sim: &Sim) {
    sign_in_with_password(b, sim, "push@example.com").await;
    // Another script on the page listens on the document, where bubbling events would go.
    b.js("document.addEventListener('idx-widget:success', () => { window.__idxDocumentSawTokens = true; })")
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
        assert_eq!(
            b.js("return sessionStorage.length + localStorage.length")
                .await,
            json!(0),
            "{kind}: nothing stored"
        );
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
    // The success event reaches listeners on the host element only.
    assert_eq!(
        b.js("return window.__idxDocumentSawTokens === undefined")
            .await,
        json!(true),
        "a listener on the document saw the tokens"
    );
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_revokes_the_tokens_and_clears_storage() {
    let app = support::repo_root().join("examples/js");
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
    assert_eq!(
        b.js("return document.querySelectorAll('[style]').length")
            .await,
        json!(0)
    );
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

/// Review F8: a 307 from the org (a hostile proxy, an open redirector) would make `fetch`
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

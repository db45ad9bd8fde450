//! An okta-react app (examples/okta-react: okta-react, okta-auth-js, react-router, bundled with
//! esbuild by scripts/build-examples.sh) whose login route uses the widget's `showSignIn` in
//! place of Okta's Sign-In Widget, in headless Chromium against idx-sim under the example
//! pages' strict CSP: a protected route sends the user to the login route, a push signs in,
//! `oktaAuth.handleLoginRedirect(res.tokens)` takes the tokens as okta-auth-js's own, the
//! protected route shows the user's name from the ID token and from userinfo, and
//! `oktaAuth.signOut()` revokes the access token and leaves for the issuer's `/v1/logout`.
//!
//! idx-sim has no `/v1/logout` (it keeps no Okta session for the browser to end), so the test
//! plays that endpoint's part: it checks where okta-auth-js sent the browser (`id_token_hint`,
//! `post_logout_redirect_uri`) and goes to `post_logout_redirect_uri`, as Okta would redirect.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;
use support::{Browser, Sim, fast_config, repo_root};

fn example() -> PathBuf {
    let path = repo_root().join("examples/okta-react/dist");
    assert!(
        path.join("app.js").is_file() && path.join("idx_widget_bg.wasm").is_file(),
        "{} is not built: run scripts/build-examples.sh (esbuild from scripts/setup.sh)",
        path.display()
    );
    path
}

/// Records Content-Security-Policy violations from now on.
async fn catch_csp_violations(b: &Browser) {
    b.js("window.__csp = [];
          document.addEventListener('securitypolicyviolation',
            e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_okta_react_app_signs_in_with_show_sign_in_and_signs_out() {
    let sim = Sim::start_with(fast_config(), example()).await;
    let app = sim.app();
    let issuer = sim.org("/oauth2/default");
    let mut b = Browser::start("okta-react").await;
    b.goto(&format!("{app}/")).await;
    b.wait_for_text("#status", "You are not signed in.").await;
    b.catch_page_errors().await;
    catch_csp_violations(&b).await;
    assert_eq!(
        b.js("return oktaAuth.authStateManager.getAuthState().isAuthenticated")
            .await,
        json!(false)
    );

    // The protected route sends a signed-out user to the app's login route, where the widget
    // is mounted by showSignIn.
    b.click("#sign-in-link").await;
    b.heading("Sign in").await;
    assert_eq!(b.js("return location.pathname").await, json!("/login"));
    b.shot("login-route").await;
    b.enter_password("push@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    sim.approve_pending("push@example.com").await;

    // handleLoginRedirect stored the tokens and went back to the protected route.
    let shown = b.wait_for_text("#id-token-name", "push@example.com").await;
    let name = b
        .js("return oktaAuth.authStateManager.getAuthState().idToken.claims.name")
        .await;
    let name = name.as_str().expect("a name claim").to_owned();
    assert!(!name.is_empty());
    assert!(shown.contains(&name), "{shown}");
    // The name again, from idx-sim's userinfo through oktaAuth.getUser().
    let userinfo = b.wait_for_text("#userinfo", "Userinfo:").await;
    assert!(
        userinfo.contains(&name) && userinfo.contains("push@example.com"),
        "{userinfo}"
    );
    assert!(sim.count("/oauth2/default/v1/userinfo") >= 1);
    assert_eq!(b.js("return location.pathname").await, json!("/profile"));
    assert_eq!(
        b.js("return oktaAuth.authStateManager.getAuthState().isAuthenticated")
            .await,
        json!(true)
    );
    // The tokens okta-auth-js's token manager holds are the widget's, in its own shape.
    let tokens = b.js("return oktaAuth.tokenManager.getTokensSync()").await;
    assert_eq!(tokens["accessToken"]["tokenType"], "Bearer");
    assert_eq!(
        tokens["accessToken"]["userinfoUrl"],
        format!("{issuer}/v1/userinfo")
    );
    assert_eq!(
        tokens["accessToken"]["authorizeUrl"],
        format!("{issuer}/v1/authorize")
    );
    assert_eq!(tokens["idToken"]["issuer"], issuer.as_str());
    assert_eq!(
        tokens["idToken"]["claims"]["preferred_username"],
        "push@example.com"
    );
    let now = b.js("return Math.floor(Date.now() / 1000)").await;
    let expires_at = tokens["accessToken"]["expiresAt"].as_u64().unwrap();
    assert!(expires_at > now.as_u64().unwrap(), "{tokens}");
    assert!(
        tokens["accessToken"]["scopes"]
            .as_array()
            .unwrap()
            .contains(&json!("openid"))
    );
    assert_eq!(b.page_errors().await, json!([]));
    assert_eq!(b.js("return window.__csp").await, json!([]));
    b.shot("protected-route").await;

    // Signing out: okta-auth-js revokes the access token, then leaves for /v1/logout.
    let revokes = sim.posts("/v1/revoke");
    b.click("#sign-out").await;
    let logout = b
        .js_until(
            "return location.pathname.endsWith('/v1/logout') ? location.href : null",
            Duration::from_secs(20),
            100,
        )
        .await
        .expect("signOut() went to the issuer's /v1/logout");
    assert!(
        sim.posts("/v1/revoke") > revokes,
        "the access token was revoked"
    );
    let logout = url::Url::parse(logout.as_str().unwrap()).unwrap();
    assert_eq!(
        logout.as_str().split('?').next().unwrap(),
        format!("{issuer}/v1/logout")
    );
    let query: std::collections::HashMap<_, _> = logout.query_pairs().into_owned().collect();
    assert!(query.contains_key("id_token_hint"), "{logout}");
    let back = query
        .get("post_logout_redirect_uri")
        .expect("a post_logout_redirect_uri")
        .clone();
    assert_eq!(back, format!("{app}/"));

    // Okta's /v1/logout ends the session and redirects there; idx-sim has none, so the test
    // follows the redirect itself. The app starts signed out: okta-auth-js dropped the tokens
    // it had marked for removal before leaving.
    b.goto(&back).await;
    b.wait_for_text("#status", "You are not signed in.").await;
    assert_eq!(
        b.js("return oktaAuth.authStateManager.getAuthState().isAuthenticated")
            .await,
        json!(false)
    );
    assert_eq!(
        b.js("return Object.keys(oktaAuth.tokenManager.getTokensSync()).length")
            .await,
        json!(0)
    );
    b.shot("signed-out").await;
    b.close().await;
}

//! Okta's own Sign-In Widget on a team's page, for the side-by-side tests.

use std::path::PathBuf;

use serde_json::{Value, json};

use super::{Browser, Sim, StaticServer, okta_siw_dist, repo_root};

/// idx-sim, a team's own page with Okta's Sign-In Widget on its own loopback server (an origin
/// the org trusts), and a browser on it; the page given a recovery token for `recovering`
/// (an admin's reset link), if any.
pub async fn okta_siw_on_own_page(
    config: idx_sim::Config,
    name: &str,
    recovering: Option<&str>,
) -> (Sim, StaticServer, Browser) {
    let client_id = config.client_id.clone();
    let (sim, origin, port) = Sim::start_for_own_page(config).await;
    let mut page = json!({
        "issuer": sim.org("/oauth2/default"), "clientId": client_id,
        "redirectUri": format!("{origin}/login/callback"),
    });
    if let Some(user) = recovering {
        page["recoveryToken"] = sim
            .post("/sim/api/recovery-token", json!({ "user": user }))
            .await["recoveryToken"]
            .clone();
    }
    let (site, _) = okta_siw_page(&format!("idx-siw-{name}"), &page);
    let server = StaticServer::start(&site, port).await;
    let b = Browser::start(name).await;
    b.goto(&format!("{origin}/")).await;
    (sim, server, b)
}

/// [`okta_siw_on_own_page`], signed in with `user`'s password.
pub async fn okta_siw_signed_in_with_password(
    config: idx_sim::Config,
    name: &str,
    user: &str,
) -> (Sim, StaticServer, Browser) {
    let (sim, server, b) = okta_siw_on_own_page(config, name, None).await;
    b.fill_and_submit("identifier", user).await;
    b.fill_and_submit("credentials.passcode", idx_sim::config::DEMO_PASSWORD)
        .await;
    (sim, server, b)
}

/// On Okta's authenticator list (verify or enroll), the row of this authenticator key (with
/// its method for Okta Verify: `okta_verify-push`).
pub async fn okta_siw_choose(b: &Browser, key: &str) {
    b.click(&format!("[data-se='{key}'] [data-se='button']"))
        .await;
}

/// Okta's widget handed its tokens to the page.
pub async fn assert_okta_siw_signed_in(b: &Browser, user: &str) {
    b.wait_for_text("#status", &format!("Signed in as {user}."))
        .await;
    let tokens = b.js("return window.siwTokens.accessToken.tokenType").await;
    assert_eq!(tokens, json!("Bearer"));
}

/// A fresh folder `name` holding `examples/okta-siw` with the widget's OIE bundle and CSS
/// beside it, and this `config.json`; returns it with the files it copied.
pub fn okta_siw_page(name: &str, config: &Value) -> (PathBuf, Vec<PathBuf>) {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let dist = okta_siw_dist();
    let example = repo_root().join("examples/okta-siw");
    let mut copied = Vec::new();
    for (from, to) in [
        (
            dist.join("js/okta-sign-in.oie.min.js"),
            "okta-sign-in.oie.min.js",
        ),
        (
            dist.join("css/okta-sign-in.min.css"),
            "okta-sign-in.min.css",
        ),
        (example.join("index.html"), "index.html"),
        (example.join("app.js"), "app.js"),
    ] {
        std::fs::copy(&from, dir.join(to)).unwrap();
        copied.push(dir.join(to));
    }
    std::fs::write(dir.join("config.json"), config.to_string()).unwrap();
    (dir, copied)
}

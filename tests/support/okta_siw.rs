//! Okta's own Sign-In Widget on a team's page, for the side-by-side tests.

use std::path::PathBuf;
use std::time::Duration;

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

/// On Okta's email step: "Enter a verification code instead", pressed until the code field
/// shows. In one CI run of 544 tests the field stayed hidden for 5 s after a single press (the
/// cause was not reproduced: a press lost while Okta's widget drew the step, or a redraw),
/// so the press is repeated until the field shows.
pub async fn okta_siw_open_the_code_field(b: &Browser) {
    let field = "input[name='credentials.passcode']";
    let link = fantoccini::Locator::Css(".enter-auth-code-instead-link");
    for _ in 0..10 {
        // The link goes once pressed: a press that took but shows the field late is not
        // pressed again.
        if let Ok(link) = b.client.find(link).await {
            let _ = link.click().await;
        }
        if b.displayed_within(field, Duration::from_secs(2)).await {
            return;
        }
    }
    panic!("{}: the code field stayed hidden for 20 s", b.name);
}

/// On Okta's email step: the emailed code typed into the code field (opened again if Okta's
/// widget drew the step again meanwhile), then submitted.
pub async fn okta_siw_enter_the_code(b: &Browser, code: &str) {
    let field = "input[name='credentials.passcode']";
    for _ in 0..5 {
        okta_siw_open_the_code_field(b).await;
        let typed = async {
            let input = b.client.find(fantoccini::Locator::Css(field)).await?;
            input.clear().await?;
            input.send_keys(code).await
        };
        if typed.await.is_ok() {
            b.click("input[type='submit']").await;
            return;
        }
    }
    panic!("{}: the code field would not take the code", b.name);
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

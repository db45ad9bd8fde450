//! The standalone page is usable before its wasm arrives: its first step is plain HTML, what is
//! typed there and a press on Next are kept, and the widget takes them over (issue 19).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use serde_json::json;
use support::slow_static::{SlowStatic, identify_early};
use support::{Browser, Sim, dist_dir, fast_config};

/// The wasm is this late: long enough to type and press Enter before it comes.
const HOLD: Duration = Duration::from_secs(2);

/// The loader in the built page: Trunk names it `early-<hash>.js`.
const LOADER: &str = "/early-";

/// idx-sim as the org, and the built page on a server of its own that holds the wasm back.
async fn slow_page() -> (Sim, String, SlowStatic) {
    slow_org_page(fast_config(), &[(".wasm", HOLD)]).await
}

/// idx-sim with this configuration as the org, and the built page on a server of its own that
/// holds these files back.
async fn slow_org_page(
    config: idx_sim::config::Config,
    holds: &[(&'static str, Duration)],
) -> (Sim, String, SlowStatic) {
    let client_id = config.client_id.clone();
    let (sim, origin, port) = Sim::start_for_own_page(config).await;
    let page_config = json!({
        "issuer": sim.org("/oauth2/default"), "clientId": client_id,
        "redirectUri": format!("{origin}/login/callback"),
    });
    let server = SlowStatic::start(&dist_dir(), page_config.to_string(), port, holds).await;
    (sim, origin, server)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_pressed_before_the_wasm_arrives_sends_that_username_once() {
    let (sim, origin, server) = slow_page().await;
    let b = Browser::start("first-paint-enter").await;
    b.goto(&format!("{origin}/")).await;
    b.catch_page_errors().await;
    b.listen("#idx-widget-standalone").await;
    identify_early(&b, &sim, &server, ".wasm", "push@example.com").await;
    // The loader's transaction, started during the download, is the one the widget used.
    assert!(
        server.started_during_download(&sim),
        "interact and introspect went out before the wasm was served"
    );
    assert_eq!(
        b.js("return document.querySelectorAll('[data-idx-first-paint]').length")
            .await,
        json!(0),
        "the widget took the pre-rendered form over"
    );
    assert_eq!(
        server.configs_served(),
        1,
        "config.json read once: the widget took the loader's copy"
    );
    b.fill("#idx-password", idx_sim::config::DEMO_PASSWORD)
        .await;
    b.keys("\u{E007}").await;
    // The push goes to the phone of the user typed before the wasm came.
    b.click("button[data-se='okta_verify-push']").await;
    sim.approve_pending("push@example.com").await;
    let tokens = b.tokens().await;
    let claims = support::jwt_claims(tokens["idToken"].as_str().expect("an ID token"));
    assert_eq!(
        claims["preferred_username"],
        json!("push@example.com"),
        "the org signed in the user typed before the wasm: {claims}"
    );
    assert_eq!(sim.posts("/idp/idx/identify"), 1);
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_focus_and_caret_survive_the_take_over() {
    let (_sim, origin, server) = slow_page().await;
    // Typing must happen before the wasm comes, however long the checks below take.
    server.gate(".wasm");
    let b = Browser::start("first-paint-caret").await;
    b.goto(&format!("{origin}/")).await;
    b.assert_no_axe("pre-rendered identify").await;
    b.fill("[data-idx-first-paint] #idx-identifier", "push@example.co")
        .await;
    // The caret after "push" (a selection of none), then the widget arrives.
    b.js("document.getElementById('idx-identifier').setSelectionRange(4, 4)")
        .await;
    assert_eq!(server.wasm_served(), 0, "typed before the wasm was served");
    server.release(".wasm");
    taken_over(&b).await;
    let field = b
        .js("const f = document.activeElement;
             return [f.id, f.value, f.selectionStart, f.selectionEnd,
                     document.querySelectorAll('#idx-identifier').length]")
        .await;
    assert_eq!(field, json!(["idx-identifier", "push@example.co", 4, 4, 1]));
    // Typing goes on where it was, into the widget's own field now.
    b.keys("X").await;
    assert_eq!(
        b.js("return document.getElementById('idx-identifier').value")
            .await,
        json!("pushX@example.co")
    );
    b.close().await;
}

/// Waits until the widget has taken the pre-rendered form over; what its username field holds
/// (`false`: its first step has none).
async fn taken_over(b: &Browser) -> serde_json::Value {
    b.js_until(
        "return document.querySelector('[data-idx-first-paint]')
           ? null : (document.getElementById('idx-identifier')?.value ?? false)",
        Duration::from_secs(20),
        100,
    )
    .await
    .expect("the widget took the form over")
}

/// A press in the moment between first paint and the loader (src/early.js, which remembers
/// presses) goes nowhere: no navigation, nothing the page's CSP (`form-action 'none'`) refuses,
/// the text stays; the widget takes the form over as usual and the next press signs in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_press_before_the_loader_has_run_goes_nowhere_and_keeps_the_text() {
    let (sim, origin, server) =
        slow_org_page(fast_config(), &[(".wasm", HOLD), (LOADER, Duration::ZERO)]).await;
    server.gate(LOADER);
    let b = Browser::start_not_waiting_for_load("first-paint-before-loader").await;
    b.goto(&format!("{origin}/")).await;
    b.find("[data-idx-first-paint] #idx-identifier").await;
    b.js("window.__refused = [];
          document.addEventListener('securitypolicyviolation',
            (e) => window.__refused.push(e.violatedDirective));")
        .await;
    b.fill("[data-idx-first-paint] #idx-identifier", "push@example.com")
        .await;
    b.keys("\u{E007}").await;
    b.click("[data-idx-first-paint] button[type=submit]").await;
    // What a navigation or a refused submission would have done by now.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(server.served(LOADER), 0, "pressed before the loader ran");
    assert_eq!(
        b.js("return [location.search, window.__refused,
                      document.getElementById('idx-identifier').value]")
            .await,
        json!(["", [], "push@example.com"]),
        "no navigation, nothing refused, the text kept"
    );
    server.release(LOADER);
    assert_eq!(taken_over(&b).await, json!("push@example.com"));
    b.click("button[type=submit]").await;
    b.heading("Verify with your password").await;
    assert_eq!(
        sim.posts("/idp/idx/identify"),
        1,
        "one identify, on the later press"
    );
    assert_eq!(b.js("return window.__refused").await, json!([]));
    b.close().await;
}

/// The page against an org of this configuration: the username typed and Enter pressed on the
/// pre-rendered form while the wasm is held back, then the wasm let go (the page's server
/// lives as long as the value it returns).
async fn typed_and_pressed_before_the_wasm(
    config: idx_sim::config::Config,
    name: &str,
) -> (Sim, Browser, SlowStatic) {
    let (sim, origin, server) = slow_org_page(config, &[(".wasm", HOLD)]).await;
    server.gate(".wasm");
    let b = Browser::start(name).await;
    b.goto(&format!("{origin}/")).await;
    b.catch_page_errors().await;
    b.fill("[data-idx-first-paint] #idx-identifier", "push@example.com")
        .await;
    b.keys("\u{E007}").await;
    assert_eq!(
        server.wasm_served(),
        0,
        "pressed before the wasm was served"
    );
    server.release(".wasm");
    (sim, b, server)
}

/// A first step with the password in the same form extends the pre-rendered one: the username
/// stays, a press made before the wasm is not sent without the password but takes the focus to
/// it, and the next press sends both, once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_in_the_first_form_extends_it_and_the_early_press_goes_to_the_password() {
    let mut config = fast_config();
    config.password_on_identify = true;
    let (sim, b, _page) = typed_and_pressed_before_the_wasm(config, "first-paint-password").await;
    assert_eq!(taken_over(&b).await, json!("push@example.com"));
    assert_eq!(
        b.js("return document.activeElement.id").await,
        json!("idx-password")
    );
    assert_eq!(sim.posts("/idp/idx/identify"), 0, "nothing sent without it");
    b.keys(idx_sim::config::DEMO_PASSWORD).await;
    b.keys("\u{E007}").await;
    b.find("button[data-se='okta_verify-push']").await;
    assert_eq!(sim.posts("/idp/idx/identify"), 1);
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

/// A first step that asks for no username (an org of identity providers only) replaces the
/// pre-rendered form; the focus that was in it goes to the new step's heading.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_step_without_a_username_replaces_the_form_and_takes_the_focus() {
    let mut config = fast_config();
    config.idp_only = true;
    let (sim, b, _page) = typed_and_pressed_before_the_wasm(config, "first-paint-idps").await;
    assert_eq!(taken_over(&b).await, json!(false), "no username field");
    b.find("button[data-se='idp-google']").await;
    assert_eq!(
        b.js("return document.activeElement.classList.contains('idx-heading')")
            .await,
        json!(true),
        "the focus is on the new step's heading"
    );
    assert_eq!(sim.posts("/idp/idx/identify"), 0);
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

/// The loader names the client as the widget's own requests do, with the crate's version: the
/// org sees one client whichever of the two sent a request.
#[test]
fn the_loader_names_the_widgets_client_and_version() {
    let loader = std::fs::read_to_string(support::repo_root().join("src/early.js")).unwrap();
    let header = format!(
        "\"X-Okta-User-Agent-Extended\": \"idx-widget/{}\"",
        env!("CARGO_PKG_VERSION")
    );
    assert!(loader.contains(&header), "src/early.js sends {header}");
}

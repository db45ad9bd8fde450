//! End to end, in headless Chromium: the two ways to embed the widget sign in, and `remove()`
//! leaves nothing behind (no more requests in idx-sim's log).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use serde_json::json;
use support::{Browser, Sim, example, fast_config, js_example};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_javascript_api_signs_in_on_a_plain_page() {
    let sim = Sim::start_with(fast_config(), js_example()).await;
    let mut b = Browser::start("js-api").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.wait_for_text("#step", "Step: identify").await;
    b.enter_password("push@example.com").await;
    b.enter_code(&sim, "push@example.com").await;
    b.wait_for_text("#status", "Signed in as push@example.com.")
        .await;
    b.shot("signed-in").await;
    let tokens = b.js("return window.idxExample.tokens").await;
    assert_eq!(tokens["tokenType"], "Bearer");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remove_stops_every_poll_and_timer() {
    let sim = Sim::start_with(fast_config(), js_example()).await;
    let mut b = Browser::start("js-remove").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.enter_password("push@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    // Polling runs (refresh 500 ms)...
    let before = sim.count("/authenticators/poll");
    tokio::time::sleep(Duration::from_millis(1600)).await;
    assert!(
        sim.count("/authenticators/poll") > before,
        "the widget polls while waiting"
    );
    b.shot("polling").await;
    // ...until the host removes the widget.
    b.click("#remove").await;
    b.wait_for_text("#status", "The widget was removed.").await;
    assert_eq!(
        b.js("return document.getElementById('sign-in').children.length")
            .await,
        json!(0)
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after_remove = sim.requests_len();
    tokio::time::sleep(Duration::from_millis(3000)).await;
    assert_eq!(
        sim.requests_len(),
        after_remove,
        "no request of any kind after remove()"
    );
    // remove() cancelled the sign-in at the org: the push can no longer be
    // approved, and trying changes nothing on the page.
    sim.assert_push_cancelled("push@example.com").await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert!(b.js("return window.idxExample.tokens").await.is_null());
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_leptos_component_signs_in_inside_an_spa() {
    let sim = Sim::start_with(
        fast_config(),
        example("examples/leptos-spa/dist", "index.html"),
    )
    .await;
    let mut b = Browser::start("leptos-spa").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.wait_for_text("h1", "Example app (Leptos)").await;
    b.heading("Sign in").await;
    b.enter_password("push@example.com").await;
    b.enter_code(&sim, "push@example.com").await;
    b.wait_for_text(".app-welcome", "Welcome, push@example.com!")
        .await;
    b.shot("welcome").await;
    b.close().await;
}

/// A JavaScript page with idx-sim answering every IDX call late.
async fn slow_js_page(name: &str, faults: idx_sim::config::Faults) -> (Sim, Browser) {
    let mut config = fast_config();
    config.faults = faults;
    let sim = Sim::start_with(config, js_example()).await;
    let b = Browser::start(name).await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.catch_page_errors().await;
    (sim, b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remove_while_identify_is_in_flight_then_render_again_and_sign_in() {
    let faults = idx_sim::config::Faults {
        delay_ms: 1500,
        ..Default::default()
    };
    let (sim, mut b) = slow_js_page("js-remove-in-flight", faults).await;
    b.fill("#idx-identifier", "push@example.com").await;
    b.click("button[type=submit]").await;
    // The identify request is out (idx-sim holds it 1.5 s): the host removes the widget.
    assert_eq!(
        b.js("return document.querySelector('#sign-in section').getAttribute('aria-busy')")
            .await,
        json!("true")
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    b.click("#remove").await;
    b.wait_for_text("#status", "The widget was removed.").await;
    // Long enough for the held answer to have come back, had the request not been aborted.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        b.page_errors().await,
        json!([]),
        "nothing trapped or logged"
    );
    assert_eq!(
        b.js("return document.getElementById('sign-in').children.length")
            .await,
        json!(0)
    );
    // The same page shows the widget again and signs in with a push, still with slow answers.
    b.click("#render").await;
    b.heading("Sign in").await;
    b.enter_password("push@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    let push = sim.push("push@example.com", "pending", None).await;
    sim.approve(&push).await;
    b.wait_for_text("#status", "Signed in as push@example.com.")
        .await;
    b.shot("signed-in-after-remove").await;
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remove_during_the_token_exchange_delivers_nothing() {
    let faults = idx_sim::config::Faults {
        token_delay_ms: 2000,
        ..Default::default()
    };
    let (sim, mut b) = slow_js_page("js-remove-exchange", faults).await;
    b.enter_password("push@example.com").await;
    b.enter_code(&sim, "push@example.com").await;
    // The org said yes; the code exchange goes out at once and is held 2 s at the token
    // endpoint (idx-sim logs a request once it has answered it; an aborted one never is).
    b.wait_for_text("#step", "Step: success").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sim.posts("/v1/token"), 0, "the exchange is still in flight");
    b.click("#remove").await;
    tokio::time::sleep(Duration::from_millis(3000)).await;
    assert_eq!(
        b.page_errors().await,
        json!([]),
        "nothing trapped or logged"
    );
    assert!(b.js("return window.idxExample.tokens").await.is_null());
    assert_eq!(
        b.js("return document.getElementById('status').textContent")
            .await,
        json!("The widget was removed."),
        "no success and no error reached the host"
    );
    b.assert_no_storage("nothing stored").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_custom_element_signs_in_and_taking_it_out_stops_everything() {
    let sim = Sim::start_with(fast_config(), js_example()).await;
    let mut b = Browser::start("element").await;
    b.goto(&format!("{}/element.html", sim.app())).await;
    b.heading("Sign in").await;
    b.catch_page_errors().await;
    b.enter_password("push@example.com").await;
    b.enter_code(&sim, "push@example.com").await;
    b.wait_for_text("#status", "Signed in through <idx-sign-in>.")
        .await;
    assert_eq!(
        b.js("return window.elementTokens.tokenType").await,
        json!("Bearer")
    );
    b.shot("element-signed-in").await;

    // A second visit: waiting on a push, then the element is taken out of the page.
    b.goto(&format!("{}/element.html", sim.app())).await;
    b.heading("Sign in").await;
    b.catch_page_errors().await;
    b.enter_password("push@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    b.heading("Push notification sent").await;
    b.click("#remove-element").await;
    b.wait_for_text("#status", "The element was taken out.")
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = sim.requests_len();
    tokio::time::sleep(Duration::from_millis(2000)).await;
    assert_eq!(
        sim.requests_len(),
        after,
        "no request after the element left"
    );
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_react_app_signs_in_with_the_element_and_unmounting_it_stops_everything() {
    let sim = Sim::start_with(
        fast_config(),
        example("examples/react", "vendor/react-dom.production.min.js"),
    )
    .await;
    let mut b = Browser::start("react").await;

    // React unmounts the element while it waits on a push: the polls end with it.
    b.open_and_ask_for_push(&format!("{}/", sim.app()), "push@example.com")
        .await;
    sim.push("push@example.com", "pending", None).await;
    b.click("#close-sign-in").await;
    b.wait_for_text("#status", "Sign-in closed.").await;
    let polls = sim.posts("/poll");
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(
        sim.posts("/poll"),
        polls,
        "no poll after React unmounted it"
    );
    assert_eq!(
        b.js("return document.querySelectorAll('idx-sign-in, .idx-widget').length")
            .await,
        json!(0)
    );
    assert_eq!(b.page_errors().await, json!([]));

    // A second visit signs in with a code; React takes the tokens from the element's event.
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    b.catch_page_errors().await;
    b.enter_password("push@example.com").await;
    b.enter_code(&sim, "push@example.com").await;
    b.wait_for_text("#status", "Signed in through React.").await;
    assert_eq!(
        b.js("return window.reactTokens.tokenType").await,
        json!("Bearer")
    );
    b.shot("react-signed-in").await;
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

/// Markup alone (an injected `<idx-sign-in>`, no script) must not point the page at
/// another "org" once the page's own script has set the issuers it allows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_element_naming_an_issuer_the_page_does_not_allow_refuses_to_start() {
    let sim = Sim::start_with(fast_config(), js_example()).await;
    let attacker = Sim::start_org(fast_config()).await;
    let b = Browser::start("element-issuers").await;
    b.goto(&format!("{}/element.html", sim.app())).await;
    b.heading("Sign in").await;
    let script = format!(
        "import('./pkg/idx_widget.js').then((m) => {{
           m.allowIssuers([{allowed:?}]);
           let again = 'changed';
           try {{ m.allowIssuers([{evil:?}]); }} catch (e) {{ again = e.message; }}
           const element = document.createElement('idx-sign-in');
           element.setAttribute('issuer', {evil:?} + '/oauth2/default');
           element.setAttribute('client-id', 'idx-widget-demo');
           element.setAttribute('redirect-uri', {redirect:?});
           element.addEventListener('idx-widget:error', (e) => {{ window.__refusal = e.detail; }});
           document.body.append(element);
           window.__issuers = {{ again, text: element.textContent }};
         }});",
        allowed = sim.org("/oauth2/default"),
        evil = attacker.org(""),
        redirect = format!("{}/", sim.app()),
    );
    b.js(&script).await;
    let seen = b
        .js_until(
            "return window.__issuers || null",
            Duration::from_secs(10),
            100,
        )
        .await
        .expect("the page ran the script");
    assert!(
        seen["again"].as_str().unwrap().contains("set already"),
        "{seen}"
    );
    let text = seen["text"].as_str().unwrap();
    assert!(
        text.contains(&format!(
            "allows sign-in only with {}",
            sim.org("/oauth2/default")
        )),
        "{text}"
    );
    let refusal = b.js("return window.__refusal").await;
    assert_eq!(refusal["kind"], json!("config"), "{refusal}");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(attacker.requests_len(), 0, "the other org heard nothing");
    b.close().await;
}

//! End to end: a person signs in with the demo by hand, answering the push on idx-sim's phone
//! page (/sim/device) in a second tab, with number challenge.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::Duration;

use support::{Browser, Sim, sign_in_with_password};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_answers_the_number_challenge_on_the_phone_page() {
    let sim = Sim::start().await;
    let mut b = Browser::start("phone-page").await;
    sign_in_with_password(&mut b, &sim, "number@example.com").await;
    b.click("button[data-se='okta_verify-push']").await;
    let number = b.find(".idx-number").await.text().await.unwrap();
    let widget_tab = b.client.window().await.unwrap();

    let phone_tab = b.client.new_window(true).await.unwrap();
    b.client.switch_to_window(phone_tab.handle).await.unwrap();
    b.goto(&sim.org("/sim/device")).await;
    b.fill("#user", "number@example.com").await;
    b.wait_for_text("#pushes", "Did you just try to sign in? (pending)")
        .await;
    // What the push shows, prominently: this browser, this page, this address.
    let user_agent = b.js("return navigator.userAgent").await;
    b.wait_for_text(".context", user_agent.as_str().unwrap())
        .await;
    b.wait_for_text(".context", &sim.app()).await;
    b.wait_for_text(".context", "IP address").await;
    b.shot("phone").await;
    b.click_text(number.trim()).await;
    b.wait_for_text("#pushes", "(approved)").await;

    b.client.switch_to_window(widget_tab).await.unwrap();
    let tokens = b.tokens().await;
    assert_eq!(tokens["tokenType"], "Bearer");
    tokio::time::sleep(Duration::from_millis(100)).await;
    b.close().await;
}

//! Component tests in a real browser (wasm-bindgen-test in headless Chromium).

#![cfg(target_arch = "wasm32")]

use idx_widget::{Config, SignIn};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> web_sys::HtmlElement {
    let document = document();
    let host = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

#[wasm_bindgen_test]
async fn sign_in_renders_a_heading_and_the_org() {
    let host = host();
    let config = Config {
        issuer: "https://example.okta.com/oauth2/default".into(),
        client_id: "0oa".into(),
        redirect_uri: "https://app.example/callback".into(),
        scopes: vec!["openid".into()],
    };
    let _handle = mount_to(
        host.clone(),
        move || view! { <SignIn config=config.clone() /> },
    );
    leptos::task::tick().await;
    let heading = host.query_selector("h1").unwrap().expect("a heading");
    assert_eq!(heading.text_content().unwrap(), "Sign in");
    let status = host
        .query_selector("[role=status]")
        .unwrap()
        .expect("a status line");
    assert!(
        status
            .text_content()
            .unwrap()
            .contains("https://example.okta.com/oauth2/default")
    );
}

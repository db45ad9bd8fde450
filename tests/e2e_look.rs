//! Look and feel on a small phone: every step of the four flows at 320 CSS pixels wide, in the
//! light and the dark theme (`prefers-color-scheme`, emulated), with nothing wider than the
//! screen and the dark palette really applied. With `IDX_SCREENSHOTS_DIR` set
//! (scripts/screenshots.sh), each step is also saved there as `{theme}-{step}.png`.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use serde_json::json;
use support::{Browser, Sim, cdp, sign_in_with_password};

const WIDTH: u32 = 320;

struct Look {
    theme: &'static str,
    shots: Option<PathBuf>,
    problems: Vec<String>,
}

impl Look {
    /// A browser 320 px wide in this theme.
    async fn browser(&self, name: &str) -> Browser {
        let b = Browser::start(name).await;
        cdp(
            &b,
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": WIDTH, "height": 720, "deviceScaleFactor": 2, "mobile": true }),
        )
        .await;
        cdp(
            &b,
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": self.theme }] }),
        )
        .await;
        b
    }

    /// Checks the step as it is now, and saves its picture when asked to.
    async fn step(&mut self, b: &Browser, step: &str) {
        let layout = b
            .js(&format!(
                "const wide = [...document.querySelectorAll('.idx-widget *')]
                   .filter(e => e.getBoundingClientRect().right > {WIDTH} + 0.5)
                   .map(e => e.tagName.toLowerCase() + '.' + e.className);
                 const card = getComputedStyle(document.querySelector('.idx-widget')).backgroundColor;
                 return {{ scroll: document.documentElement.scrollWidth, wide, card }};"
            ))
            .await;
        if layout["scroll"].as_u64().unwrap_or(0) > u64::from(WIDTH) {
            self.problems.push(format!(
                "{} {step}: the page scrolls sideways ({} px)",
                self.theme, layout["scroll"]
            ));
        }
        if layout["wide"].as_array().is_some_and(|w| !w.is_empty()) {
            self.problems.push(format!(
                "{} {step}: wider than the screen: {}",
                self.theme, layout["wide"]
            ));
        }
        // The card's background is the palette's: white in light, dark grey in dark.
        let dark_card = layout["card"] == "rgb(30, 31, 36)";
        if dark_card != (self.theme == "dark") {
            self.problems.push(format!(
                "{} {step}: the card's background is {}",
                self.theme, layout["card"]
            ));
        }
        if let Some(dir) = &self.shots {
            let png = b.client.screenshot().await.expect("screenshot");
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join(format!("{}-{step}.png", self.theme)), png).unwrap();
        }
    }
}

/// Push with a number challenge, then a one-time code with a wrong code first.
async fn verify_flows(look: &mut Look) {
    let sim = Sim::start().await;
    let mut b = look.browser("look-verify").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    look.step(&b, "01-identify").await;
    b.fill("#idx-identifier", "number@example.com").await;
    b.click("button[type=submit]").await;
    b.heading("Verify with your password").await;
    look.step(&b, "02-password").await;
    b.fill("#idx-password", idx_sim::config::DEMO_PASSWORD)
        .await;
    b.click("button[type=submit]").await;
    b.heading("Verify it's you with a security method").await;
    look.step(&b, "03-choose").await;
    b.click("button[data-se='okta_verify-push']").await;
    let number = b.number_to_tap().await;
    look.step(&b, "04-number-challenge").await;
    let push = sim.push("number@example.com", "pending", None).await;
    sim.tap_number(&push, number).await;
    b.heading("You're signed in").await;
    look.step(&b, "05-signed-in").await;

    sign_in_with_password(&mut b, &sim, "push@example.com").await;
    b.click("button[data-se='okta_verify-totp']").await;
    b.heading("Enter a code").await;
    look.step(&b, "06-code").await;
    b.fill("#idx-code", "000000").await;
    b.click("button[type=submit]").await;
    b.find(".idx-field-error").await;
    look.step(&b, "07-wrong-code").await;
    b.close().await;
}

/// Enrollment: the list, the QR code, the channels, the email address, the email sent.
async fn enroll_flows(look: &mut Look) {
    let sim = Sim::start().await;
    let mut b = look.browser("look-enroll").await;
    sign_in_with_password(&mut b, &sim, "enroll@example.com").await;
    b.heading("Set up security methods").await;
    look.step(&b, "08-enroll-choose").await;
    b.click("button[data-se='okta_verify']").await;
    b.find("img.idx-qr").await;
    look.step(&b, "09-enroll-qr").await;
    b.click_text("Can't scan?").await;
    b.heading("More options").await;
    look.step(&b, "10-enroll-channels").await;
    b.click("#idx-channel-sms").await;
    b.click("button[type=submit]").await;
    b.heading("Set up Okta Verify via SMS").await;
    look.step(&b, "11-enroll-sms").await;
    b.click_text("Try a different way").await;
    b.heading("More options").await;
    b.click("#idx-channel-email").await;
    b.click("button[type=submit]").await;
    b.heading("Set up Okta Verify via email link").await;
    look.step(&b, "12-enroll-email").await;
    b.fill("#idx-address", "enroll@example.com").await;
    b.click("button[type=submit]").await;
    b.heading("Check your email").await;
    look.step(&b, "13-enroll-email-sent").await;
    b.close().await;
}

async fn check_theme(theme: &'static str) {
    let mut look = Look {
        theme,
        shots: std::env::var_os("IDX_SCREENSHOTS_DIR").map(PathBuf::from),
        problems: Vec::new(),
    };
    verify_flows(&mut look).await;
    enroll_flows(&mut look).await;
    assert!(look.problems.is_empty(), "{}", look.problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_step_fits_320_pixels_in_the_light_theme() {
    check_theme("light").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_step_fits_320_pixels_in_the_dark_theme() {
    check_theme("dark").await;
}

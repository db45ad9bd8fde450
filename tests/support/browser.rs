//! A real headless Chromium driven through chromedriver.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use super::{Sim, free_port, repo_root, tools_dir};

/// A chromedriver process and a session in headless Chromium; the driver dies with this value.
pub struct Browser {
    pub client: Client,
    driver: Child,
    pub(super) name: String,
    shots: usize,
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium profile; `name` prefixes screenshots.
    pub async fn start(name: &str) -> Browser {
        Self::start_with(name, json!({})).await
    }

    /// The same as a phone: a small touch screen and a mobile Safari user agent.
    pub async fn start_mobile(name: &str) -> Browser {
        Self::start_with(
            name,
            json!({"mobileEmulation": {
                "deviceMetrics": {"width": 390, "height": 844, "pixelRatio": 3.0, "touch": true, "mobile": true},
                "userAgent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
            }}),
        )
        .await
    }

    /// A browser whose user prefers these languages (`navigator.languages`), e.g. `ja,en`.
    pub async fn start_in_languages(name: &str, languages: &str) -> Browser {
        Self::start_with(
            name,
            json!({ "prefs": { "intl.accept_languages": languages } }),
        )
        .await
    }

    /// Starts a browser whose navigation returns as soon as it has begun, not at the page's
    /// load: for a page whose scripts the test's server holds back.
    pub async fn start_not_waiting_for_load(name: &str) -> Browser {
        Self::start_with_capabilities(name, json!({}), json!({"pageLoadStrategy": "none"})).await
    }

    /// Starts a browser with these extra Chrome options.
    async fn start_with(name: &str, extra: Value) -> Browser {
        Self::start_with_capabilities(name, extra, json!({})).await
    }

    /// Starts a browser with these extra Chrome options and WebDriver capabilities.
    async fn start_with_capabilities(name: &str, extra: Value, capabilities: Value) -> Browser {
        let port = free_port();
        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {chromedriver} (run scripts/setup.sh): {e}"));
        let mut caps = serde_json::Map::new();
        let mut options = json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=800,1000"
            ]
        });
        if let (Some(options), Some(extra)) = (options.as_object_mut(), extra.as_object()) {
            options.extend(extra.clone());
        }
        caps.insert("goog:chromeOptions".into(), options);
        if let Some(capabilities) = capabilities.as_object() {
            caps.extend(capabilities.clone());
        }
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Browser {
                        client,
                        driver,
                        name: name.to_owned(),
                        shots: 0,
                    };
                }
                Err(e) => last_error = e.to_string(),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not accept a session: {last_error}");
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// Waits for an element to appear.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{}: no {css} on the page: {e}", self.name))
    }

    /// Waits until the element's text contains `needle`, and returns the text.
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> String {
        let mut text = String::new();
        for _ in 0..300 {
            if let Ok(elements) = self.client.find_all(Locator::Css(css)).await {
                for el in elements {
                    text = el.text().await.unwrap_or_default();
                    if text.contains(needle) {
                        return text;
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let body = self.js("return document.body.innerText").await;
        panic!(
            "{}: {css} never said {needle:?}; last text {text:?}; page: {body}",
            self.name
        );
    }

    /// Waits for the step's heading.
    pub async fn heading(&self, text: &str) {
        self.wait_for_text(".idx-heading", text).await;
    }

    /// Whether the step's heading says `text` within `within`.
    pub async fn shows_heading(&self, text: &str, within: Duration) -> bool {
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            if let Ok(h) = self.client.find(Locator::Css(".idx-heading")).await
                && h.text().await.is_ok_and(|t| t.contains(text))
            {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    /// Whether an element matching `css` is on the page and shown within `within`.
    pub async fn displayed_within(&self, css: &str, within: Duration) -> bool {
        let deadline = std::time::Instant::now() + within;
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && el.is_displayed().await.unwrap_or(false)
            {
                return true;
            }
            if std::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The page's visible text.
    pub async fn page_text(&self) -> String {
        self.js("return document.body.innerText")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Types into an input. A page that re-renders (Okta's widget redraws a form as it
    /// settles, and shows it only when its animation ends) can replace or hide the element
    /// between finding and typing: then it is found again, for up to about 10 s (a CI machine
    /// running two browsers and builds at once draws slowly).
    pub async fn fill(&self, css: &str, text: &str) {
        for attempt in 1.. {
            let el = self.find(css).await;
            let typed = async {
                el.clear().await?;
                el.send_keys(text).await
            };
            match typed.await {
                Ok(()) => return,
                Err(e) if attempt < 50 && redrawn(&e) => {
                    tokio::time::sleep(Duration::from_millis(200)).await
                }
                Err(e) => panic!("{}: typing into {css}: {e}", self.name),
            }
        }
    }

    /// Okta's Sign-In Widget's way forward: types into its field named `field` (replacing the
    /// username it may remember) and presses its submit button.
    pub async fn fill_and_submit(&self, field: &str, value: &str) {
        self.fill(&format!("input[name='{field}']"), value).await;
        self.click("input[type='submit']").await;
    }

    /// Clicks an element, found again if the page redrew it first (as [`Browser::fill`]).
    pub async fn click(&self, css: &str) {
        for attempt in 1.. {
            match self.find(css).await.click().await {
                Ok(()) => return,
                Err(e) if attempt < 50 && redrawn(&e) => {
                    tokio::time::sleep(Duration::from_millis(200)).await
                }
                Err(e) => panic!("{}: clicking {css}: {e}", self.name),
            }
        }
    }

    /// Clicks the button with this text.
    pub async fn click_text(&self, text: &str) {
        let xpath = format!("//button[normalize-space()=\"{text}\"]");
        let el = self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::XPath(&xpath))
            .await
            .unwrap_or_else(|e| panic!("{}: no button {text:?}: {e}", self.name));
        el.click().await.unwrap();
    }

    /// Runs JavaScript in the page.
    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap()
    }

    /// Listens for the widget's events on its host element (call once the widget is up).
    pub async fn listen(&self, host: &str) {
        let script = format!(
            "const host = document.querySelector('{host}');
             window.__idx = {{ steps: [], errors: [], tokens: null }};
             host.addEventListener('idx-widget:step', e => window.__idx.steps.push(e.detail.step));
             host.addEventListener('idx-widget:error', e => window.__idx.errors.push(e.detail.message));
             host.addEventListener('idx-widget:success', e => {{ window.__idx.tokens = e.detail; }});"
        );
        self.js(&script).await;
    }

    /// Records every uncaught error, unhandled rejection (a wasm trap is one of these) and
    /// `console.error` from now on; read them with [`Browser::page_errors`].
    pub async fn catch_page_errors(&self) {
        self.js(
            "window.__pageErrors = [];
             addEventListener('error', e => window.__pageErrors.push('error: ' + e.message));
             addEventListener('unhandledrejection', e => window.__pageErrors.push('rejection: ' + e.reason));
             const consoleError = console.error.bind(console);
             console.error = (...args) => { window.__pageErrors.push('console: ' + args.join(' ')); consoleError(...args); };",
        )
        .await;
    }

    /// What [`Browser::catch_page_errors`] recorded.
    pub async fn page_errors(&self) -> Value {
        self.js("return window.__pageErrors").await
    }

    /// On the identify step: the username, then the demo password on its own step.
    pub async fn enter_password(&mut self, user: &str) {
        self.fill("#idx-identifier", user).await;
        self.click("button[type=submit]").await;
        self.heading("Verify with your password").await;
        self.fill("#idx-password", idx_sim::config::DEMO_PASSWORD)
            .await;
        self.shot("password").await;
        self.click("button[type=submit]").await;
    }

    /// Opens a page with the widget, records page errors from then on, signs in with the
    /// password and asks for a push; returns once the page says the push was sent.
    pub async fn open_and_ask_for_push(&mut self, url: &str, user: &str) {
        self.goto(url).await;
        self.heading("Sign in").await;
        self.catch_page_errors().await;
        self.enter_password(user).await;
        self.click("button[data-se='okta_verify-push']").await;
        self.heading("Push notification sent").await;
    }

    /// axe-core's violations on the page as it is now (every rule axe runs by default, best
    /// practices included), as `rule: target` lines; axe-core comes from npm (setup.sh).
    pub async fn axe_violations(&self) -> Vec<String> {
        let loaded = self.js("return typeof window.axe === 'object'").await;
        if loaded != json!(true) {
            let path = tools_dir().join("axe/node_modules/axe-core/axe.min.js");
            let source = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{} (run scripts/setup.sh): {e}", path.display()));
            self.js(&source).await;
        }
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(r => done(r.violations.flatMap(v =>
                     v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' (' + n.failureSummary + ')'))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("axe runs");
        serde_json::from_value(found).unwrap_or_default()
    }

    /// axe-core finds nothing on `step` as it is now.
    pub async fn assert_no_axe(&self, step: &str) {
        let found = self.axe_violations().await;
        assert!(
            found.is_empty(),
            "axe-core on {step}:\n{}",
            found.join("\n")
        );
    }

    /// The number a push's number challenge asks the person to tap.
    pub async fn number_to_tap(&self) -> u64 {
        let shown = self.find(".idx-number").await.text().await.unwrap();
        shown
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("not a number: {shown:?}"))
    }

    /// Where the page is now: its path and query.
    pub async fn address(&self) -> String {
        self.js("return location.pathname + location.search")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Asserts the page keeps nothing in `sessionStorage` or `localStorage`: tokens and the
    /// transaction stay in memory unless the host asked otherwise.
    pub async fn assert_no_storage(&self, why: &str) {
        assert_eq!(
            self.js("return sessionStorage.length + localStorage.length")
                .await,
            json!(0),
            "{why}"
        );
    }

    /// Asserts no element has a `style` attribute, which a strict CSP (`style-src` without
    /// `'unsafe-inline'`) would refuse.
    pub async fn assert_no_inline_style(&self) {
        assert_eq!(
            self.js("return document.querySelectorAll('[style]').length")
                .await,
            json!(0),
            "inline styles on the page"
        );
    }

    /// Presses keys on whatever has the focus, as a keyboard does (`\u{E004}` is Tab,
    /// `\u{E007}` Enter, `\u{E00D}` Space).
    pub async fn keys(&self, keys: &str) {
        let focused = self
            .client
            .active_element()
            .await
            .expect("something has the focus");
        focused.send_keys(keys).await.unwrap();
    }

    /// Presses Tab until the focus is on `css` (at most 40 times).
    pub async fn tab_to(&self, css: &str) {
        self.tab_until(&format!("document.activeElement.matches({css:?})"), css)
            .await;
    }

    /// Presses Tab until the focus is on the button that says `text`.
    pub async fn tab_to_button(&self, text: &str) {
        let check = format!(
            "document.activeElement.tagName === 'BUTTON' && document.activeElement.textContent.trim() === {text:?}"
        );
        self.tab_until(&check, text).await;
    }

    async fn tab_until(&self, check: &str, what: &str) {
        let check = format!("return {check}");
        for _ in 0..40 {
            if self.js(&check).await == json!(true) {
                return;
            }
            self.keys("\u{E004}").await;
        }
        let at = self
            .js("return document.activeElement.outerHTML.slice(0, 120)")
            .await;
        panic!(
            "{}: Tab never reached {what}; the focus is on {at}",
            self.name
        );
    }

    /// Reads this widget's QR code on the page and has the simulated phone scan it.
    pub async fn scan_qr_code(&self, sim: &Sim) -> Value {
        self.scan_qr_code_in(sim, "img.idx-qr").await
    }

    /// Reads the QR code in the image `css` (a `data:image/png` URI) and has the simulated
    /// phone scan it.
    pub async fn scan_qr_code_in(&self, sim: &Sim, css: &str) -> Value {
        use base64::Engine;
        let img = self.find(css).await;
        let src = img.attr("src").await.unwrap().expect("the QR code's src");
        let png = base64::engine::general_purpose::STANDARD
            .decode(src.strip_prefix("data:image/png;base64,").unwrap())
            .unwrap();
        let mut image =
            rqrr::PreparedImage::prepare(image::load_from_memory(&png).unwrap().to_luma8());
        let grids = image.detect_grids();
        let (_, content) = grids[0].decode().unwrap();
        sim.post("/sim/api/scan", json!({"uri": content})).await
    }

    /// On the authenticator list: Okta Verify's code, read from the simulated phone.
    pub async fn enter_code(&mut self, sim: &Sim, user: &str) {
        self.click("button[data-se='okta_verify-totp']").await;
        self.heading("Enter a code").await;
        let code = sim.totp(user).await;
        self.fill("#idx-code", &code).await;
        self.click("button[type=submit]").await;
    }

    /// Waits for the tokens the widget hands to the host.
    pub async fn tokens(&self) -> Value {
        self.tokens_within(Duration::from_secs(20)).await
    }

    /// Waits this long for the tokens the widget hands to the host.
    pub async fn tokens_within(&self, within: Duration) -> Value {
        let tokens = self
            .js_until("return window.__idx && window.__idx.tokens", within, 100)
            .await;
        if let Some(tokens) = tokens {
            return tokens;
        }
        let page = self.page_text().await;
        panic!(
            "{}: no tokens reached the host; the page says: {page}",
            self.name
        );
    }

    /// Runs `script` every `every_ms` until it returns something other than `null` (or
    /// `undefined`), for at most `within`; `None` if it never did.
    pub async fn js_until(&self, script: &str, within: Duration, every_ms: u64) -> Option<Value> {
        let deadline = std::time::Instant::now() + within;
        while std::time::Instant::now() < deadline {
            let value = self.js(script).await;
            if !value.is_null() {
                return Some(value);
            }
            tokio::time::sleep(Duration::from_millis(every_ms)).await;
        }
        None
    }

    /// Saves a screenshot to the git-ignored `test-artifacts/screenshots/` for people to look at.
    pub async fn shot(&mut self, step: &str) {
        self.shots += 1;
        let png = self.client.screenshot().await.expect("screenshot");
        let dir = repo_root().join("test-artifacts/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let file = format!("{}-{:02}-{step}", self.name, self.shots);
        std::fs::write(dir.join(Path::new(&file).with_extension("png")), png).unwrap();
    }

    /// Closes the session and the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// A Chrome DevTools Protocol command, sent through chromedriver's `goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Runs a Chrome DevTools Protocol command in the browser's page (network emulation, media
/// emulation, heap usage…) and returns its result.
pub async fn cdp(b: &Browser, cmd: &'static str, params: Value) -> Value {
    b.client
        .issue_cmd(Cdp { cmd, params })
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd}: {e}"))
}

/// Identify and password for a demo user on the standalone page.
pub async fn sign_in_with_password(browser: &mut Browser, sim: &Sim, user: &str) {
    browser.goto(&format!("{}/", sim.app())).await;
    browser.heading("Sign in").await;
    browser.listen("#idx-widget-standalone").await;
    browser.shot("identify").await;
    browser.enter_password(user).await;
}

/// The element found went away or could not take input yet: the page redrew it.
fn redrawn(error: &fantoccini::error::CmdError) -> bool {
    let text = error.to_string();
    text.contains("stale element") || text.contains("not interactable")
}

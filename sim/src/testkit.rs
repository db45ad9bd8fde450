//! One harness for every test that talks to idx-sim: the widget's end-to-end tests and
//! idx-sim's own. An org in-process on a free port (optionally serving a page on a second
//! origin), an HTTP client for the org and the simulated phone's API, and what the org
//! logged. Each suite adds its own conveniences on top (a newtype that derefs to [`Sim`]).

use std::net::TcpListener;
use std::path::PathBuf;
use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::{Config, Options, Running};

/// A running org and an HTTP client for it.
pub struct Sim {
    /// The org (and page) as [`crate::spawn`] started them.
    pub running: Running,
    /// A plain client, with no cookie store: each request is a stranger to the org.
    pub http: reqwest::Client,
}

/// How to start an org: [`Sim::builder`], then [`Start::start`].
pub struct Start {
    options: Options,
}

/// The demo org polling every `ms` milliseconds, so tests wait little.
pub fn config_polling_every(ms: u64) -> Config {
    Config {
        poll_refresh_ms: ms,
        ..Config::default()
    }
}

/// This org offering Okta FastPass on the first screen to one computer, whose Okta Verify
/// answers on a free loopback port and approves without asking.
pub fn offering_fastpass(mut config: Config, computer: crate::fastpass::Device) -> Config {
    let fastpass = &mut config.fastpass;
    fastpass.launch_on_identify = true;
    fastpass.loopback_port = Some(0);
    fastpass.auto_approve = true;
    fastpass.devices = vec![computer];
    config
}

/// A port nothing listens on yet.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The demo app's interact form: its client id and redirect URI, PKCE (S256) with this
/// challenge, and this state. A test pushes what else it sends (a scope, a nonce, a token).
pub fn demo_interact_form<'a>(challenge: &'a str, state: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("client_id", "idx-widget-demo"),
        ("redirect_uri", "http://127.0.0.1:8080/login/callback"),
        ("code_challenge", challenge),
        ("code_challenge_method", "S256"),
        ("state", state),
    ]
}

/// The claims of a JWT (not verified: the tests only read what idx-sim put there).
pub fn jwt_claims(jwt: &str) -> Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).expect("a JWT");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .expect("base64url");
    serde_json::from_slice(&bytes).expect("JSON claims")
}

impl Start {
    /// Serves the built page `app` on a second origin (a free port unless
    /// [`Start::app_port`] says).
    pub fn serving(mut self, app: PathBuf) -> Self {
        self.options.serve_app = Some(app);
        self
    }

    /// The page's port, chosen by the caller (to register a redirect URI on it first).
    pub fn app_port(mut self, port: u16) -> Self {
        self.options.app_listen = ([127, 0, 0, 1], port).into();
        self
    }

    /// Which authorization server the page signs in with: `None` for the org's own.
    pub fn server(mut self, server: Option<&str>) -> Self {
        self.options.app_server = server.map(str::to_owned);
        self
    }

    /// Members added to the page's `config.json`.
    pub fn page_config(mut self, extra: Map<String, Value>) -> Self {
        self.options.app_config_extra.extend(extra);
        self
    }

    /// Trusts this origin (a page the test serves itself), once.
    pub fn trusting(mut self, origin: &str) -> Self {
        let trusted = &mut self.options.config.trusted_origins;
        if !trusted.iter().any(|o| o == origin) {
            trusted.push(origin.to_owned());
        }
        self
    }

    /// Registers this redirect URI.
    pub fn redirect_to(mut self, uri: &str) -> Self {
        self.options.config.redirect_uris.push(uri.to_owned());
        self
    }

    /// Starts the org (and the page).
    pub async fn start(self) -> Sim {
        let running = crate::spawn(self.options).await.expect("idx-sim starts");
        Sim {
            running,
            http: reqwest::Client::new(),
        }
    }
}

impl Sim {
    /// An org with this policy on a free loopback port, serving no page until told.
    pub fn builder(config: Config) -> Start {
        Start {
            options: Options {
                config,
                listen: ([127, 0, 0, 1], 0).into(),
                app_listen: ([127, 0, 0, 1], 0).into(),
                ..Options::default()
            },
        }
    }

    /// The org's address of `path`.
    pub fn org(&self, path: &str) -> String {
        format!("{}{path}", self.running.org_url)
    }

    /// The page's base URL.
    pub fn app(&self) -> String {
        self.running.app_url.clone().expect("the org serves a page")
    }

    /// `GET` an org path: the status and the JSON body (`null` when it is not JSON).
    pub async fn get_json(&self, path: &str) -> (u16, Value) {
        let r = self.http.get(self.org(path)).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// `POST` JSON to an org path: the status and the JSON body (`null` when it is not JSON).
    pub async fn post_json(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self.http.post(self.org(path)).json(&body).send().await;
        let r = r.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// `GET` an org path's JSON body, whatever the status.
    pub async fn get(&self, path: &str) -> Value {
        self.get_json(path).await.1
    }

    /// `POST` JSON to an org path and return the JSON body, whatever the status.
    pub async fn post(&self, path: &str, body: Value) -> Value {
        self.post_json(path, body).await.1
    }

    /// `POST /oauth2/default/v1/interact` with this form, as a server posts it (no `Origin`).
    pub async fn interact(&self, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.org("/oauth2/default/v1/interact"))
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// An IDX call with this raw body, as Okta's clients send it
    /// (`application/ion+json; okta-version=1.0.0`), for a test to add headers to.
    pub fn idx_call(&self, path: &str, body: &str) -> reqwest::RequestBuilder {
        self.http
            .post(self.org(path))
            .header("Content-Type", "application/ion+json; okta-version=1.0.0")
            .body(body.to_owned())
    }

    /// Waits for a push with this status (other than `not_id`) and returns the newest.
    pub async fn push(&self, user: &str, status: &str, not_id: Option<&str>) -> Value {
        for _ in 0..100 {
            let pushes = self.get(&format!("/sim/api/pushes?user={user}")).await;
            if let Some(p) = pushes.as_array().and_then(|a| a.last())
                && p["status"] == status
                && not_id.is_none_or(|id| p["id"] != id)
            {
                return p.clone();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no {status} push for {user}");
    }

    /// The newest push of a user, sent already.
    pub async fn latest_push(&self, user: &str) -> Value {
        let (status, pushes) = self.get_json(&format!("/sim/api/pushes?user={user}")).await;
        assert_eq!(status, 200);
        pushes
            .as_array()
            .and_then(|a| a.last().cloned())
            .expect("a push was sent")
    }

    /// Approves a push on the simulated phone, as the user taps "Yes".
    pub async fn approve(&self, push: &Value) -> Value {
        let id = push["id"].as_str().expect("a push id");
        self.post(&format!("/sim/api/pushes/{id}/approve"), json!({}))
            .await
    }

    /// Waits for the user's pending push and approves it.
    pub async fn approve_pending(&self, user: &str) -> Value {
        let push = self.push(user, "pending", None).await;
        self.approve(&push).await;
        push
    }

    /// The code Okta Verify on the phone shows for a user now.
    pub async fn totp(&self, user: &str) -> String {
        let (status, body) = self.get_json(&format!("/sim/api/totp?user={user}")).await;
        assert_eq!(status, 200, "{body}");
        body["code"].as_str().unwrap().to_owned()
    }

    /// How many requests the org has served, of any kind (the phone API's excluded).
    pub fn requests_len(&self) -> usize {
        let log = self.running.requests();
        log.iter().filter(|r| !r.path.starts_with("/sim/")).count()
    }

    /// How many `POST`s to a path the org has answered (preflights left out).
    pub fn posts(&self, path_end: &str) -> usize {
        let log = self.running.requests();
        log.iter()
            .filter(|r| r.method == "POST" && r.path.ends_with(path_end))
            .count()
    }

    /// How many requests to a path the org has served.
    pub fn count(&self, path_end: &str) -> usize {
        let log = self.running.requests();
        log.iter().filter(|r| r.path.ends_with(path_end)).count()
    }
}

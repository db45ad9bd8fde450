//! idx-sim in-process for the end-to-end tests (page and org on different origins): the shared
//! harness (`idx_sim::testkit`), started the ways these tests need, and the simulated phone as
//! a person uses it (its outbox, its codes, a number to tap, a FastPass prompt to approve).

use std::ops::Deref;
use std::path::PathBuf;
use std::time::Duration;

use idx_sim::testkit::{self, Start};
use serde_json::{Value, json};

pub use idx_sim::testkit::{free_port, jwt_claims};

use super::dist_dir;

/// idx-sim serving an app folder, and a client for its phone API.
pub struct Sim(testkit::Sim);

impl Deref for Sim {
    type Target = testkit::Sim;

    fn deref(&self) -> &testkit::Sim {
        &self.0
    }
}

impl Sim {
    /// The demo org with fast polls and short reminders, serving the standalone page.
    pub async fn start() -> Sim {
        Self::start_with(fast_config(), dist_dir()).await
    }

    /// This org, serving `app`.
    pub async fn start_with(config: idx_sim::Config, app: PathBuf) -> Sim {
        Self::start_at(config, app, Some("default")).await
    }

    /// This org alone, trusting a page on `http://127.0.0.1:{port}` (a team's own page on its
    /// own server); returns it with that page's origin and port.
    pub async fn start_for_own_page(config: idx_sim::Config) -> (Sim, String, u16) {
        let port = free_port();
        let origin = format!("http://127.0.0.1:{port}");
        let org = testkit::Sim::builder(config)
            .trusting(&origin)
            .redirect_to(&format!("{origin}/login/callback"));
        (Self::from(org).await, origin, port)
    }

    /// This org alone, serving no page.
    pub async fn start_org(config: idx_sim::Config) -> Sim {
        Self::from(testkit::Sim::builder(config)).await
    }

    /// This org, serving `app` with these members added to its `config.json`.
    pub async fn start_with_extra(
        config: idx_sim::Config,
        app: PathBuf,
        extra: serde_json::Map<String, Value>,
    ) -> Sim {
        Self::from(
            testkit::Sim::builder(config)
                .serving(app)
                .page_config(extra),
        )
        .await
    }

    /// This org, serving `app` configured for this authorization server (`None`: the org's
    /// own, whose issuer is the org).
    pub async fn start_at(config: idx_sim::Config, app: PathBuf, server: Option<&str>) -> Sim {
        Self::from(serving(config, app).server(server)).await
    }

    /// This org, serving `app` on a port chosen here so that the page `page` (a path such as
    /// `/element.html`) can be registered, and configured, as the redirect URI: what an identity
    /// provider sends back must reach the page that started.
    pub async fn start_with_redirect_to(config: idx_sim::Config, app: PathBuf, page: &str) -> Sim {
        let port = free_port();
        let redirect = format!("http://127.0.0.1:{port}{page}");
        let mut extra = serde_json::Map::new();
        extra.insert("redirectUri".into(), redirect.clone().into());
        let org = serving(config, app)
            .app_port(port)
            .redirect_to(&redirect)
            .page_config(extra);
        Self::from(org).await
    }

    /// Starts what the builder describes (for the starts the constructors above do not name).
    pub async fn from(start: Start) -> Sim {
        Sim(start.start().await)
    }

    /// Waits until `count` messages went to `to` and returns them.
    pub async fn outbox(&self, to: &str, count: usize) -> Value {
        let path = format!("/sim/api/outbox?to={}", to.replace('+', "%2B"));
        let mut outbox = Value::Null;
        for _ in 0..50 {
            outbox = self.get(&path).await;
            if outbox.as_array().is_some_and(|a| a.len() == count) {
                return outbox;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {count} messages to {to}, got {outbox}");
    }

    /// The code in the newest of `count` messages to `to`.
    pub async fn code_sent(&self, to: &str, count: usize) -> String {
        let outbox = self.outbox(to, count).await;
        outbox[count - 1]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no code in {outbox}"))
            .to_owned()
    }

    /// The code the Google Authenticator account of `user` on the simulated phone shows now.
    pub async fn google_code(&self, user: &str) -> String {
        let answer = self
            .get(&format!(
                "/sim/api/totp?user={user}&authenticator=google_otp"
            ))
            .await;
        answer["code"]
            .as_str()
            .unwrap_or_else(|| panic!("no Google Authenticator code for {user}: {answer}"))
            .to_owned()
    }

    /// Waits until `user`'s push is cancelled, then has the phone try to approve it: the org
    /// refuses, since the transaction it belonged to is over. Returns the push.
    pub async fn assert_push_cancelled(&self, user: &str) -> Value {
        let push = self.push(user, "cancelled", None).await;
        let refused = self.approve(&push).await;
        assert!(
            refused["error"]
                .as_str()
                .unwrap_or_default()
                .contains("cancelled"),
            "{refused}"
        );
        push
    }

    /// Waits for the newest FastPass prompt still pending on the simulated phone (Okta Verify
    /// opened by a link, which nothing on this computer answers) and approves it: the prompt,
    /// and what the phone's approval answered.
    pub async fn approve_fastpass_prompt(&self) -> (Value, Value) {
        for _ in 0..100 {
            let prompts = self.get("/sim/api/fastpass").await;
            let pending = prompts
                .as_array()
                .and_then(|all| all.iter().rev().find(|p| p["status"] == "pending"));
            if let Some(prompt) = pending {
                let id = prompt["id"].as_str().expect("a prompt id");
                let answer = self
                    .post(&format!("/sim/api/fastpass/{id}/approve"), json!({}))
                    .await;
                return (prompt.clone(), answer);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no pending FastPass prompt on the phone");
    }

    /// The user's pending push with a number challenge, and the numbers the phone offers.
    pub async fn number_push(&self, user: &str) -> (Value, Vec<u64>) {
        let push = self.push(user, "pending", None).await;
        let choices = push["number_choices"]
            .as_array()
            .unwrap_or_else(|| panic!("no number challenge: {push}"))
            .iter()
            .map(|n| n.as_u64().expect("a number"))
            .collect();
        (push, choices)
    }

    /// Answers a push's number challenge with `number`, as the person taps it on the phone.
    pub async fn tap_number(&self, push: &Value, number: u64) -> Value {
        let id = push["id"].as_str().expect("a push id");
        self.post(
            &format!("/sim/api/pushes/{id}/approve"),
            json!({ "number": number }),
        )
        .await
    }

    /// Waits until `count` messages went to `to`, then opens the link in the newest, as the
    /// user does on the phone.
    pub async fn open_newest_link(&self, to: &str, count: usize) {
        let outbox = self.outbox(to, count).await;
        let link = outbox[count - 1]["link"]
            .as_str()
            .expect("a link")
            .to_owned();
        let opened = self.http.get(&link).send().await.unwrap();
        assert!(opened.status().is_success(), "{link}: {}", opened.status());
    }
}

/// An org serving the page `app`, whose reminder shows after 3 s so tests reach it.
pub fn serving(config: idx_sim::Config, app: PathBuf) -> Start {
    let mut page = serde_json::Map::new();
    page.insert("reminderDelayMs".into(), 3000.into());
    testkit::Sim::builder(config).serving(app).page_config(page)
}

/// The demo org with a poll every second: a browser's waiting steps stay on screen long enough
/// to be looked at, and tests still wait little.
/// Each sign-in starts at the first step even when an earlier one in the same browser left the
/// org's session (tests of that session turn `session_sign_in` on).
pub fn fast_config() -> idx_sim::Config {
    idx_sim::Config {
        session_sign_in: false,
        ..testkit::config_polling_every(1000)
    }
}

/// [`fast_config`] whose first user needs nothing after the password, and that user's name.
pub fn password_only_config() -> (idx_sim::Config, String) {
    let mut config = fast_config();
    config.users[0].okta_verify_policy = idx_sim::config::EnrollPolicy::None;
    let user = config.users[0].username.clone();
    (config, user)
}

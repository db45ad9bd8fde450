//! Shared helpers for idx-sim's tests: a simulator on a free port, idx-protocol's client
//! talking to it over real HTTP, and the simulated phone's API.

// Each test binary uses some of these helpers, none uses all.
#![allow(dead_code, unused_imports)]

pub mod shape;

use std::ops::Deref;
use std::time::Duration;

use idx_protocol::native::ReqwestTransport;
use idx_protocol::secret::InteractionHandle;
use idx_protocol::{Client, ClientConfig, ENTROPY_BYTES, Form, IdxResponse, Inputs, PkceSecrets};
use idx_sim::Config;
use serde_json::{Value, json};

pub const PASSWORD: &str = idx_sim::config::DEMO_PASSWORD;
pub const OV_ID: &str = "autSimOktaVerify0001";
pub const BROWSER_UA: &str = "Mozilla/5.0 (idx-sim test browser)";

/// The demo org with a short poll interval, so tests wait little.
pub fn fast_config() -> Config {
    idx_sim::testkit::config_polling_every(200)
}

pub use idx_sim::testkit::{demo_interact_form, jwt_claims};

/// A running simulator with an HTTP client for its phone API (the harness the widget's tests
/// share), and idx-protocol's client on top.
pub struct Sim(idx_sim::testkit::Sim);

impl Deref for Sim {
    type Target = idx_sim::testkit::Sim;

    fn deref(&self) -> &idx_sim::testkit::Sim {
        &self.0
    }
}

/// The origin these tests' requests pretend to come from: the demo page on :8080, which an org
/// serving it would trust (idx-sim trusts no origin it is not told about or serves).
pub const PAGE_ORIGINS: [&str; 2] = ["http://127.0.0.1:8080", "http://localhost:8080"];

impl Sim {
    /// This org alone, trusting the demo page's origins.
    pub async fn start(config: Config) -> Sim {
        let org = PAGE_ORIGINS
            .iter()
            .fold(idx_sim::testkit::Sim::builder(config), |org, origin| {
                org.trusting(origin)
            });
        Self::from(org).await
    }

    /// Starts what the builder describes (an org serving a page, say).
    pub async fn from(start: idx_sim::testkit::Start) -> Sim {
        Sim(start.start().await)
    }

    /// A client as the demo app would be, sending a browser's User-Agent.
    pub fn client(&self) -> Client<ReqwestTransport> {
        self.client_at("/oauth2/default")
    }

    /// A client as one browser that the org knows by its device cookie.
    pub fn client_in_browser(&self, device: &str) -> Client<ReqwestTransport> {
        let config = self.client_at("/oauth2/default").config().clone();
        let transport = ReqwestTransport::new()
            .with_header("User-Agent", BROWSER_UA)
            .with_header("Cookie", &format!("idx_sim_device={device}"));
        Client::new(config, transport).unwrap()
    }

    /// A client of the authorization server at this issuer path (`""` for the org's own).
    pub fn client_at(&self, issuer_path: &str) -> Client<ReqwestTransport> {
        demo_client(self.org(issuer_path))
    }
}

/// The demo app's client of the authorization server at this issuer, sending a browser's
/// User-Agent.
pub fn demo_client(issuer: String) -> Client<ReqwestTransport> {
    let config = ClientConfig {
        issuer,
        client_id: "idx-widget-demo".into(),
        redirect_uri: "http://127.0.0.1:8080/login/callback".into(),
        scopes: vec!["openid".into(), "profile".into(), "email".into()],
        language: None,
    };
    Client::new(
        config,
        ReqwestTransport::new().with_header("User-Agent", BROWSER_UA),
    )
    .unwrap()
}

/// A sign-in in progress: the client, its PKCE secrets and the latest state.
pub struct SignIn {
    pub client: Client<ReqwestTransport>,
    pub secrets: PkceSecrets,
    pub state: IdxResponse,
}

impl SignIn {
    /// Interact and introspect.
    pub async fn start(sim: &Sim) -> SignIn {
        Self::start_with(sim.client()).await
    }

    /// Interact and introspect with this client.
    pub async fn start_with(client: Client<ReqwestTransport>) -> SignIn {
        let mut entropy = [0u8; ENTROPY_BYTES];
        for (i, b) in entropy.iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(31).wrapping_add(rand_byte());
        }
        let secrets = PkceSecrets::from_entropy(&entropy);
        let handle = client.interact(&secrets).await.expect("interact");
        Self::introspecting(client, &handle, secrets).await
    }

    /// Interact as the demo app with these secrets and `extra` form members (a scope, a nonce,
    /// a recovery token), as a page that builds the request itself would; then introspect.
    pub async fn interacting(sim: &Sim, secrets: PkceSecrets, extra: &[(&str, &str)]) -> SignIn {
        let response = {
            let challenge = secrets.challenge().expect("a challenge");
            let mut form = demo_interact_form(challenge, secrets.state().expose());
            form.extend_from_slice(extra);
            sim.interact(&form).await
        };
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        let handle = InteractionHandle::new(body["interaction_handle"].as_str().unwrap());
        Self::introspecting(sim.client(), &handle, secrets).await
    }

    /// Introspects an interaction handle the page holds, with its secrets.
    pub async fn introspecting(
        client: Client<ReqwestTransport>,
        handle: &InteractionHandle,
        secrets: PkceSecrets,
    ) -> SignIn {
        let state = client
            .introspect(handle, &secrets)
            .await
            .expect("introspect");
        SignIn {
            client,
            secrets,
            state,
        }
    }

    /// Submits the named remediation and keeps the new state.
    pub async fn submit(&mut self, name: &str, inputs: Inputs) -> &IdxResponse {
        let form = self
            .state
            .remediation(name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", names(&self.state)))
            .clone();
        self.state = self
            .client
            .proceed(&form, &inputs)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        &self.state
    }

    /// Submits and expects an IDX error state back; keeps nothing.
    pub async fn submit_err(&self, name: &str, inputs: Inputs) -> idx_protocol::IdxError {
        let form = self.state.remediation(name).expect("form").clone();
        self.client
            .proceed(&form, &inputs)
            .await
            .expect_err("an error")
    }

    /// Identify, then the password.
    pub async fn password(sim: &Sim, user: &str) -> SignIn {
        Self::password_with(sim.client(), user).await
    }

    /// Identify and password with this client.
    pub async fn password_with(client: Client<ReqwestTransport>, user: &str) -> SignIn {
        let mut s = SignIn::start_with(client).await;
        s.identify_with_password(user).await;
        s
    }

    /// Identify as this demo user, then the demo password.
    pub async fn identify_with_password(&mut self, user: &str) -> &IdxResponse {
        self.submit("identify", Inputs::new().with("identifier", user))
            .await;
        self.submit("challenge-authenticator", passcode(PASSWORD))
            .await
    }

    /// One poll of the primary remediation, after waiting its `refresh`.
    pub async fn poll_once(&mut self) {
        let form = self.state.primary().expect("a poll form").clone();
        tokio::time::sleep(Duration::from_millis(form.refresh.unwrap_or(4000))).await;
        self.state = self.client.poll(&form, &Inputs::new()).await.expect("poll");
    }

    /// Polls the primary remediation until it changes, at the server's pace.
    pub async fn poll_until_done(&mut self, max: usize) {
        for _ in 0..max {
            let Some(form) = self.state.primary().filter(|f| f.is_poll()).cloned() else {
                return;
            };
            tokio::time::sleep(Duration::from_millis(form.refresh.unwrap_or(4000))).await;
            self.state = self.client.poll(&form, &Inputs::new()).await.expect("poll");
        }
        panic!("still polling after {max} polls");
    }

    /// Exchanges the interaction code for tokens.
    pub async fn tokens(&self) -> idx_protocol::TokenResponse {
        let success = self
            .state
            .success_with_interaction_code
            .as_ref()
            .expect("success");
        self.client
            .exchange_code(success, &self.secrets)
            .await
            .expect("tokens")
    }

    pub fn primary(&self) -> &str {
        self.state.primary().map_or("", |f| f.name.as_str())
    }
}

fn rand_byte() -> u8 {
    // Distinct transactions per test without a random crate: the clock's nanoseconds.
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u8
}

pub fn names(state: &IdxResponse) -> Vec<String> {
    state
        .remediations()
        .iter()
        .map(|f| f.name.clone())
        .collect()
}

/// The interaction code in an IDX document's `successWithInteractionCode` form.
pub fn interaction_code(doc: &Value) -> String {
    doc["successWithInteractionCode"]["value"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["name"] == "interaction_code")
        .and_then(|f| f["value"].as_str())
        .expect("an interaction code")
        .to_owned()
}

/// Okta Verify in the enrollment list (no channel: the org starts with the QR code).
pub fn enroll_okta_verify() -> Inputs {
    Inputs::new().with_object("authenticator", Inputs::new().with("id", OV_ID))
}

/// An enrollment channel in `select-enrollment-channel`.
pub fn channel(name: &str) -> Inputs {
    Inputs::new().with_object("authenticator", Inputs::new().with("channel", name))
}

pub fn choose_push() -> Inputs {
    Inputs::new().with_object(
        "authenticator",
        Inputs::new().with("id", OV_ID).with("methodType", "push"),
    )
}

pub fn choose_totp() -> Inputs {
    Inputs::new().with_object(
        "authenticator",
        Inputs::new().with("id", OV_ID).with("methodType", "totp"),
    )
}

pub fn json_of(v: impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or(json!(null))
}

pub const EMAIL_ID: &str = "autSimEmail000000001";
pub const PHONE_ID: &str = "autSimPhone000000001";
pub const GOOGLE_ID: &str = "autSimGoogleOtp00001";
pub const QUESTION_ID: &str = "autSimSecQuestion001";

/// An authenticator by id, with no method.
pub fn choose_id(id: &str) -> Inputs {
    Inputs::new().with_object("authenticator", Inputs::new().with("id", id))
}

/// An authenticator by id, with a method.
pub fn choose_method(id: &str, method: &str) -> Inputs {
    Inputs::new().with_object(
        "authenticator",
        Inputs::new().with("id", id).with("methodType", method),
    )
}

/// `credentials.totp`: Okta Verify's code.
pub fn totp(code: &str) -> Inputs {
    Inputs::new().with_object("credentials", Inputs::new().with("totp", code))
}

/// `credentials.passcode`.
pub fn passcode(code: &str) -> Inputs {
    Inputs::new().with_object("credentials", Inputs::new().with("passcode", code))
}

/// The document of an IDX error, with its status.
pub fn error_doc(err: idx_protocol::IdxError) -> (u16, IdxResponse) {
    match err {
        idx_protocol::IdxError::State { status, state } => (status, *state),
        other => panic!("expected an IDX error state, got {other:?}"),
    }
}

/// The i18n key of the first message on a field (dotted path) of the primary form.
pub fn field_key(state: &IdxResponse, path: &str) -> String {
    let field = state
        .primary()
        .and_then(|f| f.field_at(path))
        .unwrap_or_else(|| panic!("no field {path}"));
    field
        .field_messages()
        .first()
        .and_then(|m| m.key())
        .unwrap_or_else(|| panic!("no message on {path}"))
        .to_owned()
}

impl Sim {
    /// Everything sent to an address, oldest first.
    pub async fn outbox(&self, to: &str) -> Vec<Value> {
        let to = to.replace('+', "%2B");
        let (status, list) = self.get_json(&format!("/sim/api/outbox?to={to}")).await;
        assert_eq!(status, 200);
        list.as_array().cloned().unwrap_or_default()
    }

    /// The newest message sent to an address.
    pub async fn last_message(&self, to: &str) -> Value {
        self.outbox(to).await.pop().expect("a message was sent")
    }

    /// The code Google Authenticator on the phone shows for a user now.
    pub async fn google_code(&self, user: &str) -> String {
        let (status, body) = self
            .get_json(&format!(
                "/sim/api/totp?user={user}&authenticator=google_otp"
            ))
            .await;
        assert_eq!(status, 200, "{body}");
        body["code"].as_str().unwrap().to_owned()
    }
}

impl SignIn {
    /// Identify, then this password.
    pub async fn password_as(sim: &Sim, user: &str, password: &str) -> SignIn {
        let mut s = SignIn::start(sim).await;
        s.submit("identify", Inputs::new().with("identifier", user))
            .await;
        s.submit("challenge-authenticator", passcode(password))
            .await;
        s
    }

    /// The raw JSON of the current state.
    pub fn raw(&self) -> Value {
        serde_json::to_value(&self.state).unwrap()
    }
}

impl Sim {
    /// The code in the newest message sent to an address.
    pub async fn last_code(&self, to: &str) -> String {
        self.last_message(to).await["code"]
            .as_str()
            .expect("a code was sent")
            .to_owned()
    }

    /// Opens an email's magic link, as a client asking for JSON or as a person's browser.
    pub async fn open_link(&self, link: &str, json: bool) -> reqwest::Response {
        let mut request = self.http.get(link);
        if json {
            request = request.header("Accept", "application/json");
        }
        request.send().await.unwrap()
    }

    /// Shows the phone's camera an image (`/sim/api/scan-image`).
    pub async fn scan_image(&self, image: impl Into<reqwest::Body>) -> reqwest::Response {
        self.http
            .post(self.org("/sim/api/scan-image"))
            .body(image)
            .send()
            .await
            .unwrap()
    }
}

impl SignIn {
    /// Submits, expects the form back with a message on a field (dotted path): the status and
    /// the message's i18n key.
    pub async fn field_error(&self, name: &str, inputs: Inputs, path: &str) -> (u16, String) {
        let (status, state) = error_doc(self.submit_err(name, inputs).await);
        (status, field_key(&state, path))
    }

    /// Polls this form once, after a little more than the `refresh` of [`fast_config`].
    pub async fn poll_form(&mut self, form: &Form) {
        tokio::time::sleep(Duration::from_millis(250)).await;
        self.state = self.client.poll(form, &Inputs::new()).await.unwrap();
    }

    /// Asks for another code on the current authenticator's `resend`.
    pub async fn resend(&mut self) -> Result<(), idx_protocol::IdxError> {
        let resend = self
            .state
            .current()
            .and_then(|c| c.resend.clone())
            .expect("a resend form");
        self.state = self.client.proceed(&resend, &Inputs::new()).await?;
        Ok(())
    }

    /// The values of the options of a field (dotted path) of the primary form.
    pub fn option_values(&self, path: &str) -> Vec<String> {
        self.state
            .primary()
            .and_then(|f| f.field_at(path))
            .unwrap_or_else(|| panic!("no field {path}"))
            .options()
            .iter()
            .map(|o| o.plain_str().unwrap_or_default().to_owned())
            .collect()
    }
}

/// A user of the demo org's config, to change.
pub fn user_mut<'a>(config: &'a mut Config, username: &str) -> &'a mut idx_sim::config::User {
    config
        .users
        .iter_mut()
        .find(|u| u.username == username)
        .unwrap_or_else(|| panic!("no user {username}"))
}

/// The demo org where setup@example.com has the email authenticator alone and need not
/// enroll more: Okta asks to send the email.
pub fn email_only_config() -> Config {
    let mut config = fast_config();
    let setup = user_mut(&mut config, "setup@example.com");
    setup.enroll_required.clear();
    setup.authenticators = vec![idx_sim::config::Authenticator::OktaEmail];
    config
}

/// The phone's enrollment data: a method and a number.
pub fn phone_data(method: &str, number: &str) -> Inputs {
    Inputs::new().with_object(
        "authenticator",
        Inputs::new()
            .with("id", PHONE_ID)
            .with("methodType", method)
            .with("phoneNumber", number),
    )
}

/// A security question (by key) and its answer.
pub fn question_answer(key: &str, answer: &str) -> Inputs {
    Inputs::new().with_object(
        "credentials",
        Inputs::new()
            .with("questionKey", key)
            .with("answer", answer),
    )
}

pub fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
}

impl SignIn {
    /// Okta Verify's code, chosen in `select-authenticator-authenticate` and answered with what
    /// the phone shows the user now.
    pub async fn answer_totp(&mut self, sim: &Sim, user: &str) -> &IdxResponse {
        self.submit("select-authenticator-authenticate", choose_totp())
            .await;
        let code = sim.totp(user).await;
        self.submit("challenge-authenticator", totp(&code)).await
    }

    /// Identify, the password, then this choice in `select-authenticator-authenticate`.
    pub async fn choosing(sim: &Sim, user: &str, choice: Inputs) -> SignIn {
        let mut s = SignIn::password(sim, user).await;
        s.submit("select-authenticator-authenticate", choice).await;
        s
    }
}

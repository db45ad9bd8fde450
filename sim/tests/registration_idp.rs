//! Sign up, identity providers, consent and activation tokens, end to end over real HTTP:
//! idx-protocol's client for the IDX steps, and a browser's requests (no redirects followed)
//! for the identity provider's pages and the way back to the app.

mod common;

use common::*;
use idx_protocol::pkce::s256_challenge;
use idx_protocol::{Client, ClientConfig, Form, Inputs};
use idx_sim::Config;
use idx_sim::config::{
    AttributeOption, AttributeType, DEMO_ACTIVATION_TOKEN, EnrollPolicy, Idp, ProfileAttribute,
};
use serde_json::{Value, json};

const REDIRECT_URI: &str = "http://127.0.0.1:8080/login/callback";
const NEW_PASSWORD: &str = "Brand-New-Pass-42";

fn profile(email: &str) -> Inputs {
    Inputs::new().with_object(
        "userProfile",
        Inputs::new()
            .with("firstName", "Ada")
            .with("lastName", "Lovelace")
            .with("email", email)
            .with("country", "FR")
            .with("newsletter", true),
    )
}

/// Enrolls Okta Verify by its QR code, as the phone's camera reads it, then polls to the end.
async fn enroll_okta_verify_by_qr(sim: &Sim, s: &mut SignIn) {
    s.submit("select-authenticator-enroll", enroll_okta_verify())
        .await;
    let data = s.state.contextual_data().cloned().unwrap();
    let href = data.qrcode.unwrap().href;
    let png = base64_decode(href.strip_prefix("data:image/png;base64,").unwrap());
    let image = image::load_from_memory(&png).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let (_, content) = prepared.detect_grids()[0].decode().unwrap();
    let (status, _) = sim
        .post_json("/sim/api/scan", json!({"uri": content}))
        .await;
    assert_eq!(status, 200);
    s.poll_until_done(5).await;
}

#[tokio::test]
async fn sign_up_then_enroll_then_exchange_the_code() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::start(&sim).await;
    let offered = names(&s.state);
    assert_eq!(offered.first().map(String::as_str), Some("identify"));
    // Okta's order (user-account-unlock-introspect-*.json): sign up, then unlock.
    assert_eq!(
        offered[offered.len() - 2..],
        ["select-enroll-profile", "unlock-account"]
    );
    s.submit("select-enroll-profile", Inputs::new()).await;
    assert_eq!(s.primary(), "enroll-profile");
    assert!(s.state.remediation("select-identify").is_some());
    let raw = s.raw();
    let fields = raw["remediation"]["value"][0]["value"][0]["form"]["value"]
        .as_array()
        .unwrap()
        .clone();
    let by_name = |n: &str| fields.iter().find(|f| f["name"] == n).cloned().unwrap();
    assert_eq!(
        fields.iter().map(|f| f["name"].clone()).collect::<Vec<_>>(),
        ["firstName", "lastName", "email", "country", "newsletter"]
    );
    assert_eq!(by_name("email")["required"], true);
    assert_eq!(by_name("country")["required"], false);
    assert_eq!(
        by_name("country")["options"][0]["value"]["value"]["options"][0],
        json!({"label": "France", "value": "FR"})
    );
    assert_eq!(by_name("newsletter")["type"], "boolean");

    s.submit("enroll-profile", profile("ada@example.com")).await;
    assert_eq!(s.primary(), "enroll-authenticator");
    let raw = s.raw();
    assert_eq!(raw["currentAuthenticator"]["value"]["key"], "okta_password");
    assert_eq!(
        raw["currentAuthenticator"]["value"]["settings"]["complexity"]["minLength"],
        8
    );
    assert_eq!(raw["user"]["value"]["identifier"], "ada@example.com");
    // The password policy holds for a first password too.
    let (status, key) = s
        .field_error(
            "enroll-authenticator",
            passcode("short"),
            "credentials.passcode",
        )
        .await;
    assert_eq!(
        (status, key.as_str()),
        (400, "password.passwordRequirementsNotMet")
    );
    s.submit("enroll-authenticator", passcode(NEW_PASSWORD))
        .await;
    // Then what the registration policy asks for: Okta Verify.
    assert_eq!(s.primary(), "select-authenticator-enroll");
    assert!(s.state.remediation("skip").is_none());
    enroll_okta_verify_by_qr(&sim, &mut s).await;
    let tokens = s.tokens().await;
    let id_token = tokens.id_token.expect("an ID token");
    let claims = decode_claims(id_token.expose());
    assert_eq!(claims["email"], "ada@example.com");
    assert_eq!(claims["name"], "Ada Lovelace");

    // The new account signs in again with its password, then Okta Verify.
    let again = SignIn::password_as(&sim, "ADA@example.com", NEW_PASSWORD).await;
    assert_eq!(again.primary(), "select-authenticator-authenticate");
    // And its email is taken now.
    let mut s = SignIn::start(&sim).await;
    s.submit("select-enroll-profile", Inputs::new()).await;
    let (status, key) = s
        .field_error(
            "enroll-profile",
            profile("Ada@Example.com"),
            "userProfile.email",
        )
        .await;
    assert_eq!(
        (status, key.as_str()),
        (400, "registration.error.notUniqueWithinOrg")
    );
}

fn decode_claims(jwt: &str) -> Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn sign_up_refuses_a_taken_email_a_missing_field_and_values_not_offered() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::start(&sim).await;
    s.submit("select-enroll-profile", Inputs::new()).await;

    let (status, key) = s
        .field_error(
            "enroll-profile",
            profile("push@example.com"),
            "userProfile.email",
        )
        .await;
    assert_eq!(
        (status, key.as_str()),
        (400, "registration.error.notUniqueWithinOrg")
    );

    let no_last_name = Inputs::new().with_object(
        "userProfile",
        Inputs::new()
            .with("firstName", "Ada")
            .with("email", "ada2@example.com"),
    );
    let (status, key) = s
        .field_error("enroll-profile", no_last_name, "userProfile.lastName")
        .await;
    assert_eq!(
        (status, key.as_str()),
        (400, "model.validation.field.blank")
    );

    let unknown_country = Inputs::new().with_object(
        "userProfile",
        Inputs::new()
            .with("firstName", "Ada")
            .with("lastName", "Lovelace")
            .with("email", "ada2@example.com")
            .with("country", "XX"),
    );
    let (status, key) = s
        .field_error("enroll-profile", unknown_country, "userProfile.country")
        .await;
    assert_eq!(
        (status, key.as_str()),
        (400, "model.validation.field.value.not.allowed")
    );

    let bad_email = Inputs::new().with_object(
        "userProfile",
        Inputs::new()
            .with("firstName", "Ada")
            .with("lastName", "Lovelace")
            .with("email", "not an email"),
    );
    let (_, state) = error_doc(s.submit_err("enroll-profile", bad_email).await);
    let keys: Vec<String> = state
        .primary()
        .and_then(|f| f.field_at("userProfile.email"))
        .unwrap()
        .field_messages()
        .iter()
        .filter_map(|m| m.key().map(str::to_owned))
        .collect();
    assert_eq!(
        keys,
        [
            "registration.error.invalidLoginEmail",
            "registration.error.doesNotMatchPattern"
        ]
    );

    let bad_boolean = Inputs::new().with_object(
        "userProfile",
        Inputs::new()
            .with("firstName", "Ada")
            .with("lastName", "Lovelace")
            .with("email", "ada2@example.com")
            .with("newsletter", "maybe"),
    );
    let (status, key) = s
        .field_error("enroll-profile", bad_boolean, "userProfile.newsletter")
        .await;
    assert_eq!(
        (status, key.as_str()),
        (400, "model.validation.field.wrong.type")
    );

    // Nothing was created by the refusals: the address is still free.
    s.submit("enroll-profile", profile("ada2@example.com"))
        .await;
    assert_eq!(s.primary(), "enroll-authenticator");
}

#[tokio::test]
async fn unknown_users_still_get_oktas_no_account_and_back_to_sign_in_works() {
    let sim = Sim::start(fast_config()).await;
    let mut s = SignIn::start(&sim).await;
    let (status, state) = error_doc(
        s.submit_err(
            "identify",
            Inputs::new().with("identifier", "nobody@example.com"),
        )
        .await,
    );
    assert_eq!(status, 400);
    assert_eq!(
        state.messages.as_ref().unwrap().value[0].key(),
        Some("idx.unknown.user"),
        "no sign-up shortcut for an unknown username"
    );
    s.submit("select-enroll-profile", Inputs::new()).await;
    s.submit("select-identify", Inputs::new()).await;
    assert_eq!(s.primary(), "identify");
}

#[tokio::test]
async fn registration_off_offers_no_sign_up() {
    let config = Config {
        registration: idx_sim::config::Registration::default(),
        ..fast_config()
    };
    let sim = Sim::start(config).await;
    let s = SignIn::start(&sim).await;
    assert!(s.state.remediation("select-enroll-profile").is_none());
    let (status, body) = raw_idx(&sim, "/idp/idx/enroll", &s).await;
    assert_eq!(status, 400, "{body}");
}

/// Posts `{stateHandle}` to an IDX endpoint outside the forms offered.
async fn raw_idx(sim: &Sim, path: &str, s: &SignIn) -> (u16, Value) {
    let sh = s.raw()["stateHandle"].as_str().unwrap().to_owned();
    sim.post_json(path, json!({"stateHandle": sh})).await
}

/// A browser's transaction, as the widget keeps it across the identity provider's pages:
/// its PKCE verifier, OAuth state and interaction handle.
struct Browser {
    http: reqwest::Client,
    org: String,
    verifier: String,
    state: String,
    handle: String,
    doc: Value,
}

impl Browser {
    async fn start(sim: &Sim, scope: &str, extra: &[(&str, &str)]) -> Browser {
        let verifier = format!(
            "{}-verifier-of-this-browser-0123456789",
            sim.running.org_url
        )
        .replace([':', '/', '.'], "x");
        let state = format!("state-{}", verifier.len() ^ 0x5a);
        let mut form = vec![
            ("client_id", "idx-widget-demo"),
            ("scope", scope),
            ("redirect_uri", REDIRECT_URI),
            ("code_challenge_method", "S256"),
            ("state", state.as_str()),
        ];
        let challenge = s256_challenge(&verifier);
        form.push(("code_challenge", &challenge));
        form.extend_from_slice(extra);
        let r = sim.interact(&form).await;
        assert_eq!(r.status(), 200);
        let body: Value = r.json().await.unwrap();
        let mut browser = Browser {
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            org: sim.running.org_url.clone(),
            verifier,
            state,
            handle: body["interaction_handle"].as_str().unwrap().to_owned(),
            doc: Value::Null,
        };
        let status = browser.introspect().await;
        assert_eq!(status, 200, "{}", browser.doc);
        browser
    }

    async fn introspect(&mut self) -> u16 {
        let (status, doc) = self
            .post(
                "/idp/idx/introspect",
                json!({"interactionHandle": self.handle}),
            )
            .await;
        self.doc = doc;
        status
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let url = if path.starts_with("http") {
            path.to_owned()
        } else {
            format!("{}{path}", self.org)
        };
        let r = self
            .http
            .post(url)
            .header("Content-Type", "application/json")
            .header("Accept", "application/ion+json; okta-version=1.0.0")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    fn remediations(&self) -> Vec<Value> {
        self.doc["remediation"]["value"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    fn names(&self) -> Vec<String> {
        self.remediations()
            .iter()
            .map(|r| r["name"].as_str().unwrap_or("").to_owned())
            .collect()
    }

    /// Submits the named remediation with these members besides the state handle.
    async fn submit(&mut self, name: &str, mut body: Value) -> u16 {
        let form = self
            .remediations()
            .into_iter()
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", self.names()));
        body["stateHandle"] = self.doc["stateHandle"].clone();
        let (status, doc) = self.post(form["href"].as_str().unwrap(), body).await;
        self.doc = doc;
        status
    }

    /// The `redirect-idp` of an identity provider.
    fn idp_href(&self, id: &str) -> String {
        self.remediations()
            .into_iter()
            .find(|r| r["name"] == "redirect-idp" && r["idp"]["id"] == id)
            .and_then(|r| r["href"].as_str().map(str::to_owned))
            .unwrap_or_else(|| panic!("no redirect-idp for {id}"))
    }

    async fn get(&self, url: &str) -> reqwest::Response {
        let url = if url.starts_with('/') {
            format!("{}{url}", self.org)
        } else {
            url.to_owned()
        };
        self.http.get(url).send().await.unwrap()
    }

    /// Follows the `redirect-idp` to the identity provider's page: its address and HTML.
    async fn open_idp(&self, id: &str) -> (String, String, reqwest::header::HeaderMap) {
        let r = self.get(&self.idp_href(id)).await;
        assert_eq!(r.status(), 302);
        let page_url = location(&r);
        assert!(
            page_url.starts_with(&format!("/sim/idp/{id}?")),
            "{page_url}"
        );
        let r = self.get(&page_url).await;
        assert_eq!(r.status(), 200);
        let headers = r.headers().clone();
        (page_url, r.text().await.unwrap(), headers)
    }

    /// Presses a button of the identity provider's page: where the browser is sent.
    async fn press(&self, id: &str, page: &str, action: &str) -> reqwest::Response {
        let request = hidden_request(page);
        self.http
            .post(format!("{}/sim/idp/{id}", self.org))
            .header("Origin", &self.org)
            .form(&[("request", request.as_str()), ("action", action)])
            .send()
            .await
            .unwrap()
    }

    /// Redeems an interaction code at the token endpoint with this transaction's verifier.
    async fn exchange(&self, code: &str, verifier: &str) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}/oauth2/default/v1/token", self.org))
            .form(&[
                ("grant_type", "interaction_code"),
                ("interaction_code", code),
                ("client_id", "idx-widget-demo"),
                ("code_verifier", verifier),
                ("redirect_uri", REDIRECT_URI),
            ])
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

fn hidden_request(page: &str) -> String {
    let marker = "name=\"request\" value=\"";
    let start = page.find(marker).expect("the request field") + marker.len();
    page[start..].split('"').next().unwrap().to_owned()
}

/// The query of an address sent back to the app.
fn query_of(location: &str) -> Vec<(String, String)> {
    let url = url_of(location);
    url.query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn url_of(location: &str) -> reqwest::Url {
    reqwest::Url::parse(location).unwrap_or_else(|e| panic!("{location}: {e}"))
}

fn param(query: &[(String, String)], name: &str) -> Option<String> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

const GOOGLE: &str = "0oaSimGoogle00000001";
const MICROSOFT: &str = "0oaSimMicrosoft00001";

#[tokio::test]
async fn identify_lists_the_identity_providers_as_okta_does() {
    let sim = Sim::start(fast_config()).await;
    let b = Browser::start(&sim, "openid profile email", &[]).await;
    assert_eq!(
        b.names(),
        [
            "identify",
            "redirect-idp",
            "redirect-idp",
            "redirect-idp",
            "select-enroll-profile",
            "unlock-account",
        ]
    );
    let google = &b.remediations()[1];
    assert_eq!(google["type"], "GOOGLE");
    assert_eq!(google["method"], "GET");
    assert_eq!(google["idp"], json!({"id": GOOGLE, "name": "Google"}));
    assert_eq!(
        google["href"],
        format!(
            "{}/sso/idps/{GOOGLE}?stateToken={}",
            sim.running.org_url,
            b.doc["stateHandle"].as_str().unwrap()
        )
    );
    let types: Vec<Value> = b.remediations()[1..4]
        .iter()
        .map(|r| r["type"].clone())
        .collect();
    assert_eq!(types, ["GOOGLE", "MICROSOFT", "SAML2"]);
}

#[tokio::test]
async fn idp_continue_returns_an_interaction_code_for_this_transactions_verifier() {
    let sim = Sim::start(fast_config()).await;
    let b = Browser::start(&sim, "openid profile email", &[]).await;
    let (_, page, headers) = b.open_idp(GOOGLE).await;
    assert!(page.contains("<h1>Google</h1>"), "{page}");
    assert!(
        page.contains("Sign in to idx-sim as <strong>push@example.com</strong>?"),
        "{page}"
    );
    assert!(page.contains(">Continue</button>") && page.contains(">Cancel</button>"));
    assert!(!page.contains("<script"), "no script on the page");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'")
            && csp.contains("form-action 'self' http://127.0.0.1:8080"),
        "{csp}"
    );

    let back = b.press(GOOGLE, &page, "continue").await;
    assert_eq!(back.status(), 302);
    let to = location(&back);
    assert!(to.starts_with(&format!("{REDIRECT_URI}?")), "{to}");
    let query = query_of(&to);
    assert_eq!(param(&query, "state"), Some(b.state.clone()));
    let code = param(&query, "interaction_code").expect("an interaction code");

    let (status, tokens) = b.exchange(&code, &b.verifier).await;
    assert_eq!(status, 200, "{tokens}");
    let claims = decode_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["email"], "push@example.com");
    let (status, _) = b.exchange(&code, &b.verifier).await;
    assert_eq!(status, 400, "a code is good once");

    // Only the transaction's own verifier redeems its code.
    let other = Browser::start(&sim, "openid", &[]).await;
    let (_, page2, _) = other.open_idp(GOOGLE).await;
    let code2 = param(
        &query_of(&location(&other.press(GOOGLE, &page2, "continue").await)),
        "interaction_code",
    )
    .unwrap();
    let (status, body) = other
        .exchange(&code2, "another-verifier-that-is-long-enough-0000000")
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    // The page's request is good once.
    let again = b.press(GOOGLE, &page, "continue").await;
    assert_eq!(again.status(), 404);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("expired or was already used")
    );
}

#[tokio::test]
async fn idp_with_mfa_returns_interaction_required_then_the_transaction_continues() {
    let sim = Sim::start(fast_config()).await;
    let mut b = Browser::start(&sim, "openid profile email", &[]).await;
    let (_, page, _) = b.open_idp(MICROSOFT).await;
    assert!(page.contains("mfa@example.com"));
    let back = b.press(MICROSOFT, &page, "continue").await;
    assert_eq!(back.status(), 302);
    let query = query_of(&location(&back));
    assert_eq!(
        param(&query, "error").as_deref(),
        Some("interaction_required")
    );
    assert_eq!(param(&query, "state"), Some(b.state.clone()));
    assert!(param(&query, "interaction_code").is_none());

    // The same interaction handle now introspects at the MFA step, for the IdP's user.
    assert_eq!(b.introspect().await, 200);
    assert_eq!(b.names(), ["select-authenticator-authenticate"]);
    assert_eq!(b.doc["user"]["value"]["identifier"], "mfa@example.com");
    let status = b
        .submit(
            "select-authenticator-authenticate",
            json!({"authenticator": {"id": OV_ID, "methodType": "totp"}}),
        )
        .await;
    assert_eq!(status, 200, "{}", b.doc);
    let code = sim.totp("mfa@example.com").await;
    let status = b
        .submit(
            "challenge-authenticator",
            json!({"credentials": {"totp": code}}),
        )
        .await;
    assert_eq!(status, 200, "{}", b.doc);
    let code = interaction_code(&b.doc);
    let (status, tokens) = b.exchange(&code, &b.verifier).await;
    assert_eq!(status, 200, "{tokens}");
}

#[tokio::test]
async fn idp_cancel_returns_access_denied_with_the_state() {
    let sim = Sim::start(fast_config()).await;
    let mut b = Browser::start(&sim, "openid profile email", &[]).await;
    let (_, page, _) = b.open_idp(GOOGLE).await;
    let back = b.press(GOOGLE, &page, "cancel").await;
    assert_eq!(back.status(), 302);
    let to = location(&back);
    assert!(to.starts_with(REDIRECT_URI));
    let query = query_of(&to);
    assert_eq!(param(&query, "error").as_deref(), Some("access_denied"));
    assert!(param(&query, "error_description").is_some());
    assert_eq!(param(&query, "state"), Some(b.state.clone()));
    // Nobody signed in: the transaction is still at identify.
    assert_eq!(b.introspect().await, 200);
    assert_eq!(b.names()[0], "identify");
    assert!(b.doc.get("user").is_none());
}

#[tokio::test]
async fn bad_idp_requests_get_a_clear_page_not_a_crash() {
    let sim = Sim::start(fast_config()).await;
    let b = Browser::start(&sim, "openid profile email", &[]).await;
    for (url, status) in [
        (
            format!("/sso/idps/{GOOGLE}?stateToken=02unknownHandle"),
            400,
        ),
        (format!("/sso/idps/{GOOGLE}"), 400),
        ("/sso/idps/0oaNoSuchIdp?stateToken=x".to_owned(), 404),
        (
            format!("/sim/idp/{GOOGLE}?request=idpreqNoSuchRequest"),
            404,
        ),
        (format!("/sim/idp/{GOOGLE}"), 404),
    ] {
        let r = b.get(&url).await;
        assert_eq!(r.status(), status, "{url}");
        let text = r.text().await.unwrap();
        assert!(
            text.contains("<h1>Sign-in cannot go on</h1>"),
            "{url}: {text}"
        );
    }
    // A request for one IdP is not answered by another's page.
    let (_, page, _) = b.open_idp(GOOGLE).await;
    assert_eq!(b.press(MICROSOFT, &page, "continue").await.status(), 404);
    assert_eq!(b.press(GOOGLE, &page, "sideways").await.status(), 400);
    let garbage = b
        .http
        .post(format!("{}/sim/idp/{GOOGLE}", b.org))
        .body(vec![0xff, 0xfe, b'%', b'&'])
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), 400);
    // The org still works.
    assert_eq!(b.get(&format!("/sim/idp/{GOOGLE}")).await.status(), 404);
}

#[tokio::test]
async fn an_expired_transaction_cannot_go_to_the_idp() {
    let config = Config {
        state_ttl_secs: 1,
        ..fast_config()
    };
    let sim = Sim::start(config).await;
    let b = Browser::start(&sim, "openid profile email", &[]).await;
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    let r = b.get(&b.idp_href(GOOGLE)).await;
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("expired"));
}

#[tokio::test]
async fn the_idp_page_escapes_what_it_prints() {
    let mut config = fast_config();
    config.idps = vec![Idp {
        id: "0oaEvil".into(),
        kind: "OIDC".into(),
        name: "Acme <b>& Co</b>".into(),
        username: "push@example.com".into(),
        mfa: false,
    }];
    let sim = Sim::start(config).await;
    let b = Browser::start(&sim, "openid", &[]).await;
    let (_, page, _) = b.open_idp("0oaEvil").await;
    assert!(page.contains("Acme &lt;b&gt;&amp; Co&lt;/b&gt;"), "{page}");
    assert!(!page.contains("<b>"), "{page}");
}

#[tokio::test]
async fn idp_only_leaves_only_the_redirects() {
    let config = Config {
        idp_only: true,
        ..fast_config()
    };
    let sim = Sim::start(config).await;
    let b = Browser::start(&sim, "openid", &[]).await;
    assert_eq!(b.names(), ["redirect-idp", "redirect-idp", "redirect-idp"]);
}

fn consent_config() -> Config {
    let mut config = fast_config();
    let mut plain = config.user("push@example.com").unwrap().clone();
    plain.username = "plain@example.com".into();
    plain.okta_verify = false;
    plain.okta_verify_policy = EnrollPolicy::None;
    config.users.push(plain);
    config
}

fn client_with_scopes(
    sim: &Sim,
    scopes: &[&str],
) -> Client<idx_protocol::native::ReqwestTransport> {
    let config = ClientConfig {
        issuer: sim.org("/oauth2/default"),
        client_id: "idx-widget-demo".into(),
        redirect_uri: REDIRECT_URI.into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        language: None,
    };
    Client::new(config, idx_protocol::native::ReqwestTransport::new()).unwrap()
}

#[tokio::test]
async fn consent_allowed_signs_in_with_the_scope() {
    let sim = Sim::start(consent_config()).await;
    let client = client_with_scopes(&sim, &["openid", "email", "custom.read"]);
    let s = SignIn::password_with(client, "plain@example.com").await;
    assert_eq!(names(&s.state), ["consent"]);
    let raw = s.raw();
    let form = &raw["remediation"]["value"][0];
    assert_eq!(form["scopes"][0]["name"], "custom.read");
    assert_eq!(form["scopes"][0]["value"], "custom.read");
    assert!(form["scopes"][0]["desc"].is_string());
    assert_eq!(form["value"][0]["name"], "consent");
    assert_eq!(form["value"][0]["type"], "boolean");
    let mut s = s;
    s.submit("consent", Inputs::new().with("consent", true))
        .await;
    let tokens = s.tokens().await;
    assert!(
        tokens
            .scope
            .as_deref()
            .unwrap_or("")
            .contains("custom.read")
    );

    // A sign-in that does not ask for the scope is not asked for consent.
    let client = client_with_scopes(&sim, &["openid", "email"]);
    let s = SignIn::password_with(client, "plain@example.com").await;
    assert!(s.state.success_with_interaction_code.is_some());
}

#[tokio::test]
async fn consent_denied_ends_with_oktas_terminal() {
    let sim = Sim::start(consent_config()).await;
    let client = client_with_scopes(&sim, &["openid", "custom.read"]);
    let mut s = SignIn::password_with(client, "plain@example.com").await;
    let (status, state) = error_doc(
        s.submit_err("consent", Inputs::new().with("consent", "yes"))
            .await,
    );
    assert_eq!(status, 400);
    assert_eq!(
        field_key(&state, "consent"),
        "model.validation.field.wrong.type"
    );
    s.submit("consent", Inputs::new().with("consent", false))
        .await;
    assert!(s.state.remediations().is_empty());
    assert!(s.state.success_with_interaction_code.is_none());
    assert_eq!(
        s.state.messages.as_ref().unwrap().value[0].key(),
        Some("idx.operation.cancelled.by.user")
    );
}

#[tokio::test]
async fn an_activation_token_starts_at_the_first_password_once() {
    let sim = Sim::start(fast_config()).await;
    let mut b = Browser::start(
        &sim,
        "openid",
        &[("activation_token", DEMO_ACTIVATION_TOKEN)],
    )
    .await;
    assert_eq!(b.names(), ["enroll-authenticator"]);
    assert_eq!(
        b.doc["user"]["value"]["identifier"],
        "provisioned@example.com"
    );
    assert_eq!(
        b.doc["currentAuthenticator"]["value"]["key"],
        "okta_password"
    );
    // The configured password does not work before activation.
    let mut early = SignIn::start(&sim).await;
    early
        .submit(
            "identify",
            Inputs::new().with("identifier", "provisioned@example.com"),
        )
        .await;
    let (status, key) = early
        .field_error(
            "challenge-authenticator",
            passcode(PASSWORD),
            "credentials.passcode",
        )
        .await;
    assert_eq!((status, key.as_str()), (400, "incorrectPassword"));
    let status = b
        .submit(
            "enroll-authenticator",
            json!({"credentials": {"passcode": NEW_PASSWORD}}),
        )
        .await;
    assert_eq!(status, 200, "{}", b.doc);
    // Then the policy: Okta Verify.
    assert_eq!(b.names()[0], "select-authenticator-enroll");

    // Used: a second start with the token is Okta's terminal.
    let used = Browser::start(
        &sim,
        "openid",
        &[("activation_token", DEMO_ACTIVATION_TOKEN)],
    )
    .await;
    assert!(used.remediations().is_empty());
    assert_eq!(
        used.doc["messages"]["value"][0]["i18n"]["key"],
        "idx.missing.activation.token"
    );
    // The chosen password signs in.
    let s = SignIn::password_as(&sim, "provisioned@example.com", NEW_PASSWORD).await;
    assert_eq!(s.primary(), "select-authenticator-enroll");
}

#[tokio::test]
async fn an_unknown_activation_token_is_oktas_terminal() {
    let sim = Sim::start(fast_config()).await;
    let b = Browser::start(&sim, "openid", &[("activation_token", "no-such-token")]).await;
    assert!(b.remediations().is_empty());
    assert_eq!(
        b.doc["messages"]["value"][0]["i18n"]["key"],
        "idx.missing.activation.token"
    );
    assert!(b.doc.get("user").is_none());
}

#[tokio::test]
async fn registered_enum_and_boolean_attributes_come_from_the_config() {
    let mut config = fast_config();
    config.registration.profile.push(ProfileAttribute {
        name: "team".into(),
        label: "Team".into(),
        kind: AttributeType::Enum,
        required: true,
        options: vec![AttributeOption {
            label: "Red".into(),
            value: "red".into(),
        }],
        min_length: None,
        max_length: None,
    });
    let sim = Sim::start(config).await;
    let mut s = SignIn::start(&sim).await;
    s.submit("select-enroll-profile", Inputs::new()).await;
    let (status, key) = s
        .field_error(
            "enroll-profile",
            profile("eve@example.com"),
            "userProfile.team",
        )
        .await;
    assert_eq!(
        (status, key.as_str()),
        (400, "model.validation.field.blank")
    );
    let form: Form = s.state.remediation("enroll-profile").unwrap().clone();
    assert!(form.field_at("userProfile.team").is_some());
}

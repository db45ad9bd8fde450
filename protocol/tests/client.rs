//! The client over a scripted transport: a whole sign-in with push, each error class, the origin
//! check and the secrets' handling.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::time::Duration;

use idx_protocol::testdata;
use idx_protocol::{
    Client, ClientConfig, ENTROPY_BYTES, HttpRequest, HttpResponse, IdxError, IdxResponse, Inputs,
    PkceSecrets, TokenResponse, Transport,
};
use serde_json::{Value, json};

/// Answers requests from a script, in order, and records what was sent.
#[derive(Default)]
struct Script {
    answers: RefCell<VecDeque<Result<HttpResponse, String>>>,
    sent: RefCell<Vec<HttpRequest>>,
}

impl Script {
    fn answer(self, status: u16, body: &str) -> Self {
        self.answer_with(status, &[], body)
    }

    fn answer_with(self, status: u16, headers: &[(&str, &str)], body: &str) -> Self {
        let headers = headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        self.answers.borrow_mut().push_back(Ok(HttpResponse {
            status,
            headers,
            body: body.to_owned(),
        }));
        self
    }

    fn fail(self, reason: &str) -> Self {
        self.answers.borrow_mut().push_back(Err(reason.to_owned()));
        self
    }

    fn fixture(self, rel: &str) -> Self {
        self.answer(200, &testdata::text(rel))
    }

    fn sent(&self, i: usize) -> HttpRequest {
        self.sent.borrow()[i].clone()
    }

    fn count(&self) -> usize {
        self.sent.borrow().len()
    }
}

impl Transport for Script {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        self.sent.borrow_mut().push(request);
        self.answers
            .borrow_mut()
            .pop_front()
            .expect("the script ran out of answers")
    }
}

fn config() -> ClientConfig {
    ClientConfig {
        issuer: "http://localhost:3000/oauth2/default".into(),
        client_id: "0oa-spa".into(),
        redirect_uri: "http://localhost:3000/login/callback".into(),
        scopes: vec!["openid".into(), "profile".into(), "email".into()],
        language: None,
    }
}

fn secrets() -> PkceSecrets {
    PkceSecrets::from_entropy(&[42; ENTROPY_BYTES])
}

fn form_pairs(body: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect()
}

fn pair<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The recorded success document whose interaction code the token tests exchange.
const SUCCESS: &str = "siw-playground/idp/idx/success-with-interaction-code.json";

/// The interaction code of a success form, exchanged with [`secrets`].
async fn exchange<T: Transport>(
    client: &Client<T>,
    success: &IdxResponse,
) -> Result<TokenResponse, IdxError> {
    let form = success.success_with_interaction_code.as_ref().unwrap();
    client.exchange_code(form, &secrets()).await
}

/// A token request that redeems an interaction code with these secrets' verifier, for the
/// configured redirect URI; its form's pairs.
fn assert_redeems_an_interaction_code(
    request: &HttpRequest,
    secrets: &PkceSecrets,
) -> Vec<(String, String)> {
    let pairs = form_pairs(&request.body);
    assert_eq!(pair(&pairs, "grant_type"), Some("interaction_code"));
    assert_eq!(
        pair(&pairs, "code_verifier"),
        Some(secrets.verifier().unwrap().expose())
    );
    assert_eq!(
        pair(&pairs, "redirect_uri"),
        Some("http://localhost:3000/login/callback")
    );
    pairs
}

fn json_body(r: &HttpRequest) -> Value {
    serde_json::from_str(&r.body).unwrap()
}

#[tokio::test]
async fn interact_introspect_identify_challenge_poll_token() {
    let script = Script::default()
        .fixture("siw-v3/oauth2/default/v1/interact/default.json")
        .fixture("siw-v3/idp/idx/introspect/default.json")
        .fixture("siw-v3/idp/idx/identify/verify-ov-mfa.json")
        .fixture("siw-v3/idp/idx/challenge/verify-ov-push-manual.json")
        .fixture("siw-v3/idp/idx/challenge/verify-ov-push-manual.json")
        .fixture("siw-v3/idp/idx/authenticators/poll/verify-ov-push-manual-success.json")
        .fixture("siw-v3/oauth2/default/v1/token/default.json");
    let client = Client::new(config(), &script).unwrap();
    let secrets = secrets();

    let handle = client.interact(&secrets).await.unwrap();
    let interact = script.sent(0);
    assert_eq!(
        interact.url,
        "http://localhost:3000/oauth2/default/v1/interact"
    );
    assert_eq!(
        interact.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    let pairs = form_pairs(&interact.body);
    assert_eq!(pair(&pairs, "client_id"), Some("0oa-spa"));
    assert_eq!(pair(&pairs, "scope"), Some("openid profile email"));
    assert_eq!(
        pair(&pairs, "redirect_uri"),
        Some("http://localhost:3000/login/callback")
    );
    assert_eq!(pair(&pairs, "code_challenge_method"), Some("S256"));
    assert_eq!(pair(&pairs, "code_challenge"), secrets.challenge());
    assert_eq!(pair(&pairs, "state"), Some(secrets.state().expose()));
    assert_eq!(
        pair(&pairs, "nonce"),
        Some(secrets.nonce().unwrap().expose())
    );
    assert!(
        pair(&pairs, "code_verifier").is_none(),
        "the verifier never goes to interact"
    );

    let state = client.introspect(&handle, &secrets).await.unwrap();
    let introspect = script.sent(1);
    assert_eq!(introspect.url, "http://localhost:3000/idp/idx/introspect");
    assert_eq!(
        introspect.header("Content-Type"),
        Some("application/ion+json; okta-version=1.0.0")
    );
    assert_eq!(
        introspect.header("Accept"),
        Some("application/ion+json; okta-version=1.0.0")
    );
    assert_eq!(
        json_body(&introspect),
        json!({"interactionHandle": handle.expose()})
    );
    assert_eq!(state.primary().unwrap().name, "identify");

    let identify = state.remediation("identify").unwrap();
    let inputs = Inputs::new()
        .with("identifier", "tester@okta1.com")
        .with_object("credentials", Inputs::new().with("passcode", "pw"));
    let state = client.proceed(identify, &inputs).await.unwrap();
    assert_eq!(script.sent(2).url, "http://localhost:3000/idp/idx/identify");
    let pick = state.primary().unwrap();
    assert_eq!(pick.name, "select-authenticator-authenticate");

    let push = Inputs::new().with_object(
        "authenticator",
        Inputs::new()
            .with("id", "aut2h3fft4y9pDPCS1d7")
            .with("methodType", "push"),
    );
    let state = client.proceed(pick, &push).await.unwrap();
    assert_eq!(state.correct_answer(), Some("52"));

    // Still waiting, then approved.
    let poll = state.primary().unwrap().clone();
    assert!(poll.is_poll());
    let state = client.poll(&poll, &Inputs::new()).await.unwrap();
    assert_eq!(state.primary().unwrap().name, "challenge-poll");
    let state = client
        .poll(state.primary().unwrap(), &Inputs::new())
        .await
        .unwrap();
    assert_eq!(
        script.sent(5).url,
        "http://localhost:3000/idp/idx/authenticators/poll"
    );
    let success = state
        .success_with_interaction_code
        .as_ref()
        .expect("success");

    let tokens = client.exchange_code(success, &secrets).await.unwrap();
    let token = script.sent(6);
    assert!(token.url.ends_with("/v1/token"), "{}", token.url);
    assert!(!token.with_credentials, "the token call needs no cookies");
    let pairs = assert_redeems_an_interaction_code(&token, &secrets);
    assert!(pair(&pairs, "interaction_code").is_some_and(|c| !c.is_empty()));
    assert_eq!(tokens.token_type, "Bearer");
    assert!(tokens.access_token.expose().starts_with("eyJ"));
    assert!(!format!("{tokens:?}").contains("eyJ"), "tokens never print");
    assert_eq!(script.count(), 7);
}

#[tokio::test]
async fn resume_from_a_state_handle_uses_the_state_token_key() {
    let script = Script::default().fixture("siw-v3/idp/idx/introspect/default.json");
    let client = Client::new(config(), &script).unwrap();
    let handle = idx_protocol::secret::StateHandle::new("02resume");
    client.introspect_state_handle(&handle).await.unwrap();
    assert_eq!(
        json_body(&script.sent(0)),
        json!({"stateToken": "02resume"})
    );
}

#[tokio::test]
async fn an_idx_error_state_is_returned_for_rendering() {
    let script = Script::default().answer(
        403,
        &testdata::text("siw-playground/idp/idx/error-okta-verify-totp.json"),
    );
    let client = Client::new(config(), &script).unwrap();
    let state =
        testdata::idx("siw-playground/idp/idx/authenticator-verification-okta-verify-totp.json");
    let inputs = Inputs::new().with_object("credentials", Inputs::new().with("totp", "000000"));
    let err = client
        .proceed(state.primary().unwrap(), &inputs)
        .await
        .unwrap_err();
    let IdxError::State { status, state } = err else {
        panic!("{err:?}")
    };
    assert_eq!(status, 403);
    assert!(state.has_message_key("api.authn.error.PASSCODE_INVALID"));
    assert_eq!(
        state.primary().unwrap().name,
        "challenge-authenticator",
        "the form is kept"
    );
}

#[tokio::test]
async fn session_expiry_is_an_idx_state_whatever_the_status() {
    for (status, file) in [
        (401, "siw-playground/idp/idx/error-401-session-expired.json"),
        (200, "siw-v3/idp/idx/identify/error-session-expired.json"),
    ] {
        let script = Script::default().answer(status, &testdata::text(file));
        let client = Client::new(config(), &script).unwrap();
        let state = testdata::idx("siw-v3/idp/idx/introspect/default.json");
        let result = client
            .proceed(
                state.primary().unwrap(),
                &Inputs::new().with("identifier", "x"),
            )
            .await;
        let expired = match result {
            Ok(s) => s,
            Err(IdxError::State { state, .. }) => *state,
            Err(e) => panic!("{file}: {e:?}"),
        };
        assert!(expired.has_message_key("idx.session.expired"), "{file}");
        assert!(expired.is_terminal(), "{file}");
    }
}

#[tokio::test]
async fn okta_and_oauth_error_bodies_are_told_apart() {
    let script = Script::default()
        .answer(500, r#"{"errorCode":"E0000009","errorSummary":"Internal Server Error","errorCauses":[{"errorSummary":"boom"}]}"#)
        .answer(400, &testdata::text("siw-playground/oauth2/error-feature-not-enabled.json"));
    let client = Client::new(config(), &script).unwrap();
    let state = testdata::idx("siw-v3/idp/idx/introspect/default.json");
    let err = client
        .proceed(state.primary().unwrap(), &Inputs::new())
        .await
        .unwrap_err();
    assert_eq!(
        err,
        IdxError::Okta {
            status: 500,
            code: "E0000009".into(),
            summary: "Internal Server Error".into(),
            causes: vec!["boom".into()]
        }
    );
    let err = client.interact(&secrets()).await.unwrap_err();
    assert_eq!(
        err,
        IdxError::OAuth {
            status: 400,
            error: "access_denied".into(),
            description: Some("The requested feature is not enabled in this environment.".into())
        }
    );
}

#[tokio::test]
async fn wrong_verifier_at_the_token_endpoint_is_an_oauth_error() {
    let script = Script::default().answer(
        400,
        &testdata::text("siw-playground/oauth2/error-token-invalid-grant-pkce.json"),
    );
    let client = Client::new(config(), &script).unwrap();
    let err = exchange(&client, &testdata::idx(SUCCESS))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, IdxError::OAuth { error, .. } if error == "invalid_grant"),
        "{err:?}"
    );
}

#[tokio::test]
async fn rate_limits_say_how_long_to_wait() {
    let poll_state = testdata::idx("siw-v3/idp/idx/challenge/verify-ov-push-manual.json");
    let poll = poll_state.primary().unwrap();
    let classic = testdata::text("siw-playground/idp/idx/error-429-api-limit-exceeded.json");
    let ion = testdata::text(
        "siw-playground/idp/idx/error-429-too-many-request-operation-ratelimit.json",
    );
    let script = Script::default()
        .answer_with(429, &[("Retry-After", "7")], &classic)
        .answer_with(
            429,
            &[
                ("Date", "Sun, 06 Nov 1994 08:49:37 GMT"),
                ("x-rate-limit-reset", "784111800"),
            ],
            &ion,
        )
        .answer(429, "<html>slow down</html>")
        // The classic body alone is enough, whatever the status says.
        .answer(200, &classic);
    let client = Client::new(config(), &script).unwrap();

    let err = client.poll(poll, &Inputs::new()).await.unwrap_err();
    let IdxError::RateLimited {
        retry_after,
        reset_at,
        summary,
        state,
    } = err
    else {
        panic!()
    };
    assert_eq!(retry_after, Some(Duration::from_secs(7)));
    assert_eq!(reset_at, None);
    assert_eq!(
        summary,
        "API call exceeded rate limit due to too many requests."
    );
    assert!(state.is_none());

    let err = client.poll(poll, &Inputs::new()).await.unwrap_err();
    let IdxError::RateLimited {
        retry_after,
        reset_at,
        state,
        ..
    } = err
    else {
        panic!()
    };
    // The reset is left to the caller's clock: a browser cannot read `Date`.
    assert_eq!(retry_after, None);
    assert_eq!(reset_at, Some(784111800));
    assert!(state.is_some_and(|s| s.has_message_key("tooManyRequests")));

    let err = client.poll(poll, &Inputs::new()).await.unwrap_err();
    assert!(
        matches!(
            err,
            IdxError::RateLimited {
                retry_after: None,
                reset_at: None,
                ..
            }
        ),
        "{err:?}"
    );
    let err = client.poll(poll, &Inputs::new()).await.unwrap_err();
    assert!(matches!(err, IdxError::RateLimited { .. }), "{err:?}");
}

#[tokio::test]
async fn transport_failures_and_malformed_bodies() {
    let poll_state = testdata::idx("siw-v3/idp/idx/challenge/verify-ov-push-manual.json");
    let poll = poll_state.primary().unwrap();
    let script = Script::default()
        .fail("connection reset")
        .answer(502, "<html>Bad gateway</html>")
        .answer(200, "")
        .answer(200, r#"{"hello":"world"}"#)
        .answer(
            200,
            r#"{"version":"1.0.0","remediation":{"value":"not-a-list"}}"#,
        );
    let client = Client::new(config(), &script).unwrap();
    assert_eq!(
        client.poll(poll, &Inputs::new()).await.unwrap_err(),
        IdxError::Transport("connection reset".into())
    );
    for expected_status in [502, 200, 200, 200] {
        let err = client.poll(poll, &Inputs::new()).await.unwrap_err();
        assert!(
            matches!(err, IdxError::Malformed { status, .. } if status == expected_status),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn urls_off_the_org_origin_are_never_called() {
    let script = Script::default();
    let client = Client::new(config(), &script).unwrap();
    let mut state = testdata::idx("siw-v3/idp/idx/challenge/verify-ov-push-manual.json");
    for evil in [
        "https://evil.example/idp/idx/authenticators/poll",
        "http://localhost:3000.evil.example/idp/idx/authenticators/poll",
        "http://localhost:3001/idp/idx/authenticators/poll",
        "https://localhost:3000/idp/idx/authenticators/poll",
        "http://user@evil.example/idp/idx/authenticators/poll",
        "javascript:alert(1)",
        "/idp/idx/authenticators/poll",
    ] {
        state.remediation.as_mut().unwrap().value[0].href = Some(evil.into());
        let err = client
            .poll(state.primary().unwrap(), &Inputs::new())
            .await
            .unwrap_err();
        assert_eq!(err, IdxError::ForeignOrigin { url: evil.into() });
    }
    assert_eq!(script.count(), 0, "nothing was sent");
    // The same origin spelt with its default port or in capitals is still the org.
    assert!(client.is_org_url("HTTP://LOCALHOST:3000/idp/idx/identify"));
    // Other schemes never pass, not even a blob: URL whose origin is the org's.
    assert!(!client.is_org_url("blob:http://localhost:3000/0b1c2d3e"));
    assert!(!client.is_org_url("javascript:alert(1)//localhost:3000"));
    // What is fetched is the normalised URL, not the string as the server spelt it.
    assert_eq!(
        client
            .org_url("HTTP://LOCALHOST:3000/idp/idx/../idx/identify")
            .as_deref(),
        Some("http://localhost:3000/idp/idx/identify")
    );
    assert!(
        Client::new(
            ClientConfig {
                issuer: "not a url".into(),
                ..config()
            },
            &script
        )
        .is_err()
    );
}

#[tokio::test]
async fn an_echoed_oauth_request_must_be_ours() {
    // This recorded state echoes someone else's state and code challenge.
    let script = Script::default()
        .fixture("siw-v3/idp/idx/authenticator-verification-ov-resend-push-notification.json");
    let client = Client::new(config(), &script).unwrap();
    let err = client
        .introspect(
            &idx_protocol::secret::InteractionHandle::new("h"),
            &secrets(),
        )
        .await
        .unwrap_err();
    assert_eq!(err, IdxError::StateMismatch);
}

#[tokio::test]
async fn cancel_posts_the_top_level_action() {
    let script = Script::default().fixture("siw-v3/idp/idx/introspect/default.json");
    let client = Client::new(config(), &script).unwrap();
    let state = testdata::idx("siw-v3/idp/idx/challenge/verify-ov-push-manual.json");
    let next = client.cancel(&state).await.unwrap();
    assert_eq!(script.sent(0).url, "http://localhost:3000/idp/idx/cancel");
    assert_eq!(
        json_body(&script.sent(0)),
        json!({"stateHandle": "02jZfbSUFTrP6emnjMaSrgEmUdqD8l3VjQYyM37Jg-"})
    );
    assert_eq!(next.primary().unwrap().name, "identify");
}

/// Sign-out's two ways to end the org's session (okta-auth-js's `closeSession` and
/// `getSignOutRedirectUrl`), both on the org's origin whatever the issuer's path.
#[tokio::test]
async fn the_org_session_ends_by_delete_or_by_the_logout_address() {
    let script = Script::default()
        .answer(204, "")
        .answer(404, r#"{"errorCode":"E0000007"}"#)
        .answer(403, r#"{"errorCode":"E0000006"}"#);
    let client = Client::new(config(), &script).unwrap();
    client.close_session().await.unwrap();
    let sent = script.sent(0);
    assert_eq!(sent.method, "DELETE");
    assert_eq!(sent.url, "http://localhost:3000/api/v1/sessions/me");
    assert!(sent.with_credentials, "the session is the org's cookie");
    client
        .close_session()
        .await
        .expect("none left to end is fine");
    assert!(client.close_session().await.is_err());

    let id_token = idx_protocol::secret::IdToken::new("h.p.s".to_owned());
    let url = client
        .logout_url(&id_token, "http://localhost:3000/bye?x=1", "st&1")
        .unwrap();
    assert_eq!(
        url,
        "http://localhost:3000/oauth2/default/v1/logout?id_token_hint=h.p.s\
         &post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fbye%3Fx%3D1&state=st%261"
    );
    let org = Client::new(
        ClientConfig {
            issuer: "http://localhost:3000".into(),
            ..config()
        },
        &script,
    )
    .unwrap();
    assert!(
        org.logout_url(&id_token, "http://localhost:3000/", "s")
            .unwrap()
            .starts_with("http://localhost:3000/oauth2/v1/logout?")
    );
}

#[test]
fn requests_never_print_their_bodies() {
    let request = HttpRequest {
        method: "POST".into(),
        url: "http://localhost:3000/idp/idx/identify".into(),
        headers: vec![],
        body: r#"{"credentials":{"passcode":"hunter2"}}"#.into(),
        with_credentials: true,
    };
    assert!(!format!("{request:?}").contains("hunter2"));
    let inputs = Inputs::new().with("passcode", "hunter2");
    assert!(!format!("{inputs:?}").contains("hunter2"));
}

#[tokio::test]
async fn an_id_token_with_another_nonce_is_refused() {
    use base64::Engine;
    let b64 = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let forged = format!(
        "{}.{}.sig",
        b64(&json!({"alg": "RS256"})),
        b64(&json!({"nonce": "someone-elses"}))
    );
    let body =
        json!({"token_type": "Bearer", "access_token": "at", "id_token": forged}).to_string();
    let script = Script::default().answer(200, &body);
    let client = Client::new(config(), &script).unwrap();
    let err = exchange(&client, &testdata::idx(SUCCESS))
        .await
        .unwrap_err();
    assert_eq!(err, IdxError::StateMismatch);
}

#[test]
fn host_names_are_ascii_only() {
    // The IDNA backend is the ASCII-only one (see protocol/Cargo.toml): a Unicode host is not
    // an org this client will call.
    let script = Script::default();
    let unicode = ClientConfig {
        issuer: "https://bücher.example/oauth2/default".into(),
        ..config()
    };
    assert!(matches!(
        Client::new(unicode, &script),
        Err(IdxError::BadRequest(_))
    ));
    let punycode = ClientConfig {
        issuer: "https://xn--bcher-kva.example/oauth2/default".into(),
        ..config()
    };
    assert!(Client::new(punycode, &script).is_ok());
}

#[tokio::test]
async fn endpoints_follow_the_issuer_form_and_the_token_endpoint_comes_from_the_issuer() {
    let cases = [
        // The org authorization server: the bare org (or a custom domain).
        (
            "https://example.okta.com",
            "https://example.okta.com/oauth2/v1/",
        ),
        (
            "https://login.example.com/",
            "https://login.example.com/oauth2/v1/",
        ),
        // The org authorization server written as okta-auth-js also takes it:
        // not `/oauth2/oauth2/v1/`.
        (
            "https://example.okta.com/oauth2",
            "https://example.okta.com/oauth2/v1/",
        ),
        (
            "https://example.okta.com/oauth2/",
            "https://example.okta.com/oauth2/v1/",
        ),
        // Custom authorization servers, `default` being one.
        (
            "https://example.okta.com/oauth2/default",
            "https://example.okta.com/oauth2/default/v1/",
        ),
        (
            "https://example.okta.com/oauth2/aus1a2b3c4d5e6f7g8h9/",
            "https://example.okta.com/oauth2/aus1a2b3c4d5e6f7g8h9/v1/",
        ),
    ];
    for (issuer, base) in cases {
        let script = Script::default()
            .fixture("siw-v3/oauth2/default/v1/interact/default.json")
            .fixture("siw-v3/oauth2/default/v1/token/default.json");
        let client = Client::new(
            ClientConfig {
                issuer: issuer.into(),
                ..config()
            },
            &script,
        )
        .unwrap();
        client.interact(&secrets()).await.unwrap();
        assert_eq!(script.sent(0).url, format!("{base}interact"));
        // A success form that names another token endpoint, even on the org, is not followed.
        let mut success = testdata::idx(SUCCESS);
        success.success_with_interaction_code.as_mut().unwrap().href =
            Some("https://evil.example/token".into());
        let _ = exchange(&client, &success).await;
        assert_eq!(script.sent(1).url, format!("{base}token"));
        for i in 0..2 {
            assert!(
                script
                    .sent(i)
                    .headers
                    .iter()
                    .any(|(k, v)| k == "X-Okta-User-Agent-Extended" && v.starts_with("idx-widget/")),
                "{issuer}: request {i} names the client"
            );
        }
    }
}

#[tokio::test]
async fn a_server_error_wrapped_in_ion_is_a_server_error_not_a_state() {
    let poll_state = testdata::idx("siw-v3/idp/idx/challenge/verify-ov-push-manual.json");
    let script = Script::default().answer(
        500,
        &testdata::text("siw-playground/idp/idx/error-internal-server-error.json"),
    );
    let client = Client::new(config(), &script).unwrap();
    let err = client
        .poll(poll_state.primary().unwrap(), &Inputs::new())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, IdxError::Okta { status: 500, summary, .. } if summary == "Internal Server Error"),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_users_language_goes_to_the_org_on_every_call_and_nothing_without_one() {
    for language in [Some("fr"), None] {
        let script = Script::default()
            .fixture("siw-v3/oauth2/default/v1/interact/default.json")
            .fixture("siw-v3/oauth2/default/v1/token/default.json");
        let client = Client::new(
            ClientConfig {
                language: language.map(str::to_owned),
                ..config()
            },
            &script,
        )
        .unwrap();
        client.interact(&secrets()).await.unwrap();
        let _ = exchange(&client, &testdata::idx(SUCCESS)).await;
        for i in 0..2 {
            let sent: Vec<_> = script
                .sent(i)
                .headers
                .iter()
                .filter(|(k, _)| k == "Accept-Language")
                .map(|(_, v)| v.clone())
                .collect();
            assert_eq!(
                sent,
                language.map(str::to_owned).into_iter().collect::<Vec<_>>()
            );
        }
    }
}

/// A server-side web app's page interacts with its back end's challenge and `state`, sends no
/// nonce and no verifier, accepts the back end's own nonce echoed back, and cannot redeem the
/// code: only the back end, which holds the verifier, can.
#[tokio::test]
async fn a_web_app_page_interacts_with_the_back_end_s_challenge_and_cannot_redeem_the_code() {
    use idx_protocol::secret::OAuthState;
    let script = Script::default()
        .fixture("siw-v3/oauth2/default/v1/interact/default.json")
        .fixture("siw-v3/idp/idx/introspect/default.json");
    let client = Client::new(config(), &script).unwrap();
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let secrets = PkceSecrets::from_back_end(
        Some(challenge.to_owned()),
        OAuthState::new("from-the-back-end".to_owned()),
    );
    let handle = client.interact(&secrets).await.unwrap();
    let pairs = form_pairs(&script.sent(0).body);
    assert_eq!(pair(&pairs, "code_challenge"), Some(challenge));
    assert_eq!(pair(&pairs, "state"), Some("from-the-back-end"));
    assert_eq!(pair(&pairs, "nonce"), None);
    assert_eq!(pair(&pairs, "code_verifier"), None);
    client.introspect(&handle, &secrets).await.unwrap();
    let success = testdata::idx(SUCCESS);
    let form = success.success_with_interaction_code.unwrap();
    assert!(matches!(
        client.exchange_code(&form, &secrets).await,
        Err(IdxError::BadRequest(_))
    ));
    assert_eq!(script.count(), 2, "nothing went to the token endpoint");
}

/// A password reset link's `recovery_token` and a new user's `activation_token` go to interact
/// under Okta's names, beside the usual PKCE parameters; a plain interact sends neither.
#[tokio::test]
async fn one_time_tokens_go_to_interact() {
    use idx_protocol::OneTimeTokens;
    use idx_protocol::secret::{ActivationToken, RecoveryToken};
    let script = Script::default()
        .fixture("siw-v3/oauth2/default/v1/interact/default.json")
        .fixture("siw-v3/oauth2/default/v1/interact/default.json")
        .fixture("siw-v3/oauth2/default/v1/interact/default.json");
    let client = Client::new(config(), &script).unwrap();
    let secrets = secrets();
    let tokens = OneTimeTokens {
        recovery_token: Some(RecoveryToken::new("VBQ0gwBXbJmnsCyRlkms")),
        activation_token: Some(ActivationToken::new("o7AFoTGE9xjQiHQK6dAa")),
    };
    assert!(
        !format!("{tokens:?}").contains("VBQ0"),
        "tokens never print"
    );
    client.interact_with(&secrets, &tokens).await.unwrap();
    let pairs = form_pairs(&script.sent(0).body);
    assert_eq!(pair(&pairs, "recovery_token"), Some("VBQ0gwBXbJmnsCyRlkms"));
    assert_eq!(
        pair(&pairs, "activation_token"),
        Some("o7AFoTGE9xjQiHQK6dAa")
    );
    assert_eq!(pair(&pairs, "state"), Some(secrets.state().expose()));
    assert_eq!(pair(&pairs, "code_challenge"), secrets.challenge());

    let recovery_only = OneTimeTokens {
        recovery_token: Some(RecoveryToken::new("r1")),
        activation_token: None,
    };
    client
        .interact_with(&secrets, &recovery_only)
        .await
        .unwrap();
    let pairs = form_pairs(&script.sent(1).body);
    assert_eq!(pair(&pairs, "recovery_token"), Some("r1"));
    assert_eq!(pair(&pairs, "activation_token"), None);

    client.interact(&secrets).await.unwrap();
    let pairs = form_pairs(&script.sent(2).body);
    assert_eq!(pair(&pairs, "recovery_token"), None);
    assert_eq!(pair(&pairs, "activation_token"), None);
}

/// An interaction code that came back on the redirect URI (an identity provider's return) is
/// redeemed as okta-auth-js's `handleInteractionCodeRedirect` does: the interaction code grant
/// with the client, the verifier and the redirect URI, at the issuer's token endpoint.
#[tokio::test]
async fn an_interaction_code_from_the_redirect_uri_is_redeemed_with_the_verifier() {
    use idx_protocol::secret::InteractionCode;
    let script = Script::default().fixture("siw-v3/oauth2/default/v1/token/default.json");
    let client = Client::new(config(), &script).unwrap();
    let secrets = secrets();
    let tokens = client
        .exchange_interaction_code(
            &InteractionCode::new("Txd_5odx08kzZ_oxeEbBk8PNjI5UDnTM2P1rMCmHDyA"),
            &secrets,
        )
        .await
        .unwrap();
    let token = script.sent(0);
    assert_eq!(token.url, "http://localhost:3000/oauth2/default/v1/token");
    assert_eq!(token.method, "POST");
    let pairs = assert_redeems_an_interaction_code(&token, &secrets);
    assert_eq!(
        pair(&pairs, "interaction_code"),
        Some("Txd_5odx08kzZ_oxeEbBk8PNjI5UDnTM2P1rMCmHDyA")
    );
    assert_eq!(pair(&pairs, "client_id"), Some("0oa-spa"));
    assert!(tokens.access_token.expose().starts_with("eyJ"));

    // A web app's page has no verifier: nothing is sent.
    let web =
        PkceSecrets::from_back_end(None, idx_protocol::secret::OAuthState::new("s".to_owned()));
    assert!(matches!(
        client
            .exchange_interaction_code(&InteractionCode::new("c"), &web)
            .await,
        Err(IdxError::BadRequest(_))
    ));
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn an_introspect_answer_sent_by_the_page_is_read_and_checked_as_our_own() {
    let script = Script::default();
    let client = Client::new(config(), &script).unwrap();
    let first = client
        .introspected(
            200,
            &testdata::text("siw-v3/idp/idx/introspect/default.json"),
            &secrets(),
        )
        .unwrap();
    assert!(first.remediation.is_some(), "the first step is there");
    assert_eq!(script.count(), 0, "nothing sent: the page sent it");
    // The loader's answer to someone else's OAuth request is refused, as introspect's own.
    let foreign = testdata::text(
        "siw-v3/idp/idx/authenticator-verification-ov-resend-push-notification.json",
    );
    assert_eq!(
        client.introspected(200, &foreign, &secrets()).unwrap_err(),
        IdxError::StateMismatch
    );
    // An error answer is the error it would have been.
    assert!(matches!(
        client.introspected(429, "{}", &secrets()),
        Err(IdxError::RateLimited { .. })
    ));
}

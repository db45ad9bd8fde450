//! Okta Verify's loopback server, for FastPass: `GET /probe` and `POST /challenge`, each with
//! its own timeout and all under one abort, and Chrome's Local Network Access permission.
//! These are the only requests that leave the org's origin, so each URL is checked again here:
//! a loopback host (or Okta Verify's own `https` loopback name), a port, `/probe` or
//! `/challenge`, nothing else.

use std::cell::RefCell;

use gloo_net::http::{Method, RequestBuilder};
use gloo_timers::callback::Timeout;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestCredentials};

use crate::flow::LoopbackFailure;
use crate::flow::fastpass;

const NO_ANSWER: LoopbackFailure = LoopbackFailure { status: None };

/// The loopback requests of one widget.
#[derive(Default)]
pub struct LoopbackClient {
    out: RefCell<Vec<AbortController>>,
}

impl LoopbackClient {
    /// Aborts every loopback request still out (the step changed, the widget is removed).
    pub fn abort_all(&self) {
        for controller in self.out.borrow_mut().drain(..) {
            controller.abort();
        }
    }

    /// `GET url`: any answer in time is Okta Verify listening.
    pub async fn probe(&self, url: &str, timeout_ms: u64) -> Result<(), LoopbackFailure> {
        self.send(url, "/probe", None, timeout_ms).await
    }

    /// `POST url {"challengeRequest": …}`: a 2xx is Okta Verify taking the challenge.
    pub async fn challenge(
        &self,
        url: &str,
        challenge_request: &str,
        timeout_ms: u64,
    ) -> Result<(), LoopbackFailure> {
        let body = serde_json::json!({ "challengeRequest": challenge_request }).to_string();
        self.send(url, "/challenge", Some(body), timeout_ms).await
    }

    async fn send(
        &self,
        url: &str,
        path: &str,
        body: Option<String>,
        timeout_ms: u64,
    ) -> Result<(), LoopbackFailure> {
        if !is_loopback_url(url, path) {
            return Err(NO_ANSWER);
        }
        let controller = AbortController::new().map_err(|_| NO_ANSWER)?;
        let signal = controller.signal();
        self.out.borrow_mut().push(controller.clone());
        let abort = controller.clone();
        // Dropped when the request ends, which clears it.
        let _timeout = Timeout::new(timeout_ms.min(u64::from(u32::MAX)) as u32, move || {
            abort.abort()
        });
        let builder = RequestBuilder::new(url)
            .method(if body.is_some() {
                Method::POST
            } else {
                Method::GET
            })
            .credentials(RequestCredentials::Omit)
            .abort_signal(Some(&signal));
        let request = match body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body),
            None => builder.build(),
        };
        let response = match request {
            Ok(request) => request.send().await.ok(),
            Err(_) => None,
        };
        self.out.borrow_mut().retain(|c| c != &controller);
        match response {
            Some(response) if response.ok() => Ok(()),
            Some(response) => Err(LoopbackFailure {
                status: Some(response.status()),
            }),
            None => Err(NO_ANSWER),
        }
    }
}

/// Whether `url` is `origin:port` + `path` on a host FastPass may reach.
fn is_loopback_url(url: &str, path: &str) -> bool {
    let Some(parsed) = idx_protocol::Address::parse(url) else {
        return false;
    };
    let origin = format!(
        "{}://{}",
        parsed.scheme(),
        parsed.host_str().unwrap_or_default()
    );
    parsed.port().is_some()
        && parsed.path() == path
        && parsed.query().is_none()
        && parsed.fragment().is_none()
        && fastpass::loopback_origin(&origin).as_deref() == Some(origin.as_str())
}

/// Chrome's Local Network Access permission for this page: the newer `loopback-network`
/// name first, then the older `local-network-access`, as Okta's widget asks; `None` where the
/// browser cannot say.
pub async fn local_network_permission() -> Option<String> {
    for name in ["loopback-network", "local-network-access"] {
        if let Some(state) = query_permission(name).await {
            return Some(state);
        }
    }
    None
}

async fn query_permission(name: &str) -> Option<String> {
    let navigator = web_sys::window()?.navigator();
    let permissions = js_sys::Reflect::get(&navigator, &JsValue::from_str("permissions")).ok()?;
    let query: js_sys::Function = js_sys::Reflect::get(&permissions, &JsValue::from_str("query"))
        .ok()?
        .dyn_into()
        .ok()?;
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"name".into(), &name.into()).ok()?;
    let promise: js_sys::Promise = query
        .call1(&permissions, &descriptor)
        .ok()?
        .dyn_into()
        .ok()?;
    let status = JsFuture::from(promise).await.ok()?;
    js_sys::Reflect::get(&status, &JsValue::from_str("state"))
        .ok()?
        .as_string()
}

#[cfg(test)]
mod tests {
    use super::is_loopback_url;

    #[test]
    fn only_loopback_probe_and_challenge_urls_leave_the_page() {
        for (url, path, ok) in [
            ("http://localhost:6511/probe", "/probe", true),
            ("http://127.0.0.1:6512/challenge", "/challenge", true),
            ("http://[::1]:6513/probe", "/probe", true),
            (
                "https://abc.authenticatorlocaldev.com:6511/probe",
                "/probe",
                true,
            ),
            ("http://localhost/probe", "/probe", false),
            ("http://localhost:6511/challenge", "/probe", false),
            ("http://localhost:6511/probe?x=1", "/probe", false),
            ("http://evil.com:6511/probe", "/probe", false),
            (
                "http://abc.authenticatorlocaldev.com:6511/probe",
                "/probe",
                false,
            ),
            ("https://org.okta.com:443/probe", "/probe", false),
        ] {
            assert_eq!(is_loopback_url(url, path), ok, "{url}");
        }
    }
}

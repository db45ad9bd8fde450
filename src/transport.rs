//! idx-protocol's transport in the browser: `fetch` through gloo-net, with the org's cookies
//! when the protocol asks for them, and one abort signal that cancels every request when the
//! widget is removed. Every URL was checked to be on the org's origin before it gets here, and
//! nothing lets the browser leave it afterwards: a redirect is an error (IDX and OAuth never
//! redirect a `fetch`, and a 307 would re-send the password or the verifier wherever it
//! points), and no `Referer` goes out. The cache mode stays the default: answers to POST are
//! never cached anyway, and Chromium skips its CORS preflight cache for `no-store` requests,
//! which would double every call to the org.

use gloo_net::http::{Method, RequestBuilder};
use idx_protocol::{HttpRequest, HttpResponse, Transport};
use web_sys::{AbortController, ReferrerPolicy, RequestCredentials, RequestRedirect};

/// Sends requests with `fetch`.
#[derive(Clone)]
pub struct BrowserTransport {
    abort: Option<AbortController>,
}

impl BrowserTransport {
    /// A transport whose requests all end when [`BrowserTransport::abort_all`] is called.
    pub fn new() -> Self {
        Self {
            abort: AbortController::new().ok(),
        }
    }

    /// Cancels every request in flight and every later one.
    pub fn abort_all(&self) {
        if let Some(controller) = &self.abort {
            controller.abort();
        }
    }
}

impl Default for BrowserTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl Transport for BrowserTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let method = if request.method.eq_ignore_ascii_case("GET") {
            Method::GET
        } else if request.method.eq_ignore_ascii_case("DELETE") {
            Method::DELETE
        } else {
            Method::POST
        };
        let credentials = if request.with_credentials {
            RequestCredentials::Include
        } else {
            RequestCredentials::Omit
        };
        let signal = self.abort.as_ref().map(AbortController::signal);
        let mut builder = RequestBuilder::new(&request.url)
            .method(method)
            .credentials(credentials)
            .redirect(RequestRedirect::Error)
            .referrer_policy(ReferrerPolicy::NoReferrer)
            .abort_signal(signal.as_ref());
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        // fetch refuses a body on GET.
        let built = if request.body.is_empty() {
            builder.build()
        } else {
            builder.body(request.body)
        };
        let response = built
            .map_err(|e| e.to_string())?
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let headers = response.headers().entries().collect();
        let body = response.text().await.map_err(|e| e.to_string())?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

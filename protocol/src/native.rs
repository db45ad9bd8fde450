//! A native [`Transport`] over reqwest, for tests and tools that talk to idx-sim or an org.

use crate::transport::{HttpRequest, HttpResponse, Transport};

/// Sends requests with reqwest. Cookies are not kept: like a fresh browser profile that blocks
/// third-party cookies, which the protocol must survive anyway.
#[derive(Debug, Clone, Default)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    extra_headers: Vec<(String, String)>,
}

impl ReqwestTransport {
    /// A transport with reqwest's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header to every request (tests use it to act as a given browser, e.g. `Origin`
    /// or `User-Agent`).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.extra_headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

impl Transport for ReqwestTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, String> {
        let method =
            reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|e| e.to_string())?;
        let mut builder = self.client.request(method, &request.url).body(request.body);
        for (name, value) in request.headers.iter().chain(&self.extra_headers) {
            builder = builder.header(name, value);
        }
        let response = builder.send().await.map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect();
        let body = response.text().await.map_err(|e| e.to_string())?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

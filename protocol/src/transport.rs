//! The seam between the client and an HTTP stack: gloo-net in the browser, reqwest natively,
//! a script in tests.

use std::future::Future;

/// An HTTP request the client wants sent.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// `POST` or `GET`.
    pub method: String,
    /// The absolute URL, already checked to be on the org's origin.
    pub url: String,
    /// Request headers.
    pub headers: Vec<(String, String)>,
    /// The body (JSON or form-encoded).
    pub body: String,
    /// Whether the browser should send the org's cookies (`credentials: "include"`): IDX and
    /// interact calls need them; the token call does not.
    pub with_credentials: bool,
}

impl std::fmt::Debug for HttpRequest {
    // Bodies carry state handles, passwords and codes: never print them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

impl HttpRequest {
    /// The value of a request header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// What came back.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// Response headers the transport could read (CORS hides some in browsers).
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

impl std::fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("body", &format_args!("[{} bytes]", self.body.len()))
            .finish()
    }
}

impl HttpResponse {
    /// The value of a response header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Sends one request. A transport reports only failures to get an answer; any HTTP status,
/// including 4xx and 5xx, is an answer.
#[allow(async_fn_in_trait)] // The browser's futures are not Send; callers pick their executor.
pub trait Transport {
    /// Sends the request and reads the whole body.
    fn send(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse, String>>;
}

impl<T: Transport> Transport for &T {
    fn send(&self, request: HttpRequest) -> impl Future<Output = Result<HttpResponse, String>> {
        (**self).send(request)
    }
}

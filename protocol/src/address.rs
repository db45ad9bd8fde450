//! Absolute URLs as the WHATWG URL standard parses them, the one way the protocol and the
//! widget read an address: the `url` crate natively, the browser's own `URL` in the wasm, whose
//! parser every browser already carries (the crate cost the widget's wasm about 35 KB raw).
//!
//! Either parser only normalises; the parts are then read from the serialisation, which the
//! standard makes unambiguous (a `#` or `?` inside a part is always percent-encoded), so that
//! reading is the same code on both sides and tested natively.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// An absolute URL, normalised (lower-case scheme and host, default port dropped, punycode
/// host, `.` and `..` resolved).
#[derive(Clone, PartialEq, Eq)]
pub struct Address {
    href: String,
}

/// The host of an [`Address`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host<'a> {
    /// A domain name (or, for a scheme without origins, any host that is not an IPv6 address).
    Domain(&'a str),
    /// An IPv4 address.
    Ipv4(Ipv4Addr),
    /// An IPv6 address.
    Ipv6(Ipv6Addr),
}

/// The parts of a serialised URL.
struct Parts<'a> {
    scheme: &'a str,
    /// Between `//` and the path, when there is one.
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

/// The schemes whose URLs have an origin of their own (the standard's special schemes but
/// `file`, whose origin a browser leaves opaque).
const TUPLE_ORIGIN: [&str; 5] = ["ftp", "http", "https", "ws", "wss"];

impl Address {
    /// `input` as an absolute URL, or `None` when it is not one.
    pub fn parse(input: &str) -> Option<Self> {
        whatwg(input, None)
            .map(|href| Self { href })
            .filter(Self::conforms)
    }

    /// `input` (a relative reference or an absolute URL) resolved against this address.
    pub fn join(&self, input: &str) -> Option<Self> {
        whatwg(input, Some(&self.href))
            .map(|href| Self { href })
            .filter(Self::conforms)
    }

    /// Whether the parser held to the standard where a browser may not: Chromium escapes a
    /// space in a special scheme's host (`https://a b/` becomes `a%20b`) where the standard
    /// refuses the URL, as it refuses every `%` left in such a host after decoding.
    fn conforms(&self) -> bool {
        !(self.is_special() && self.host_and_port().0.contains('%'))
    }

    /// A scheme the standard parses hosts of as domains or IPv4 addresses.
    fn is_special(&self) -> bool {
        TUPLE_ORIGIN.contains(&self.scheme()) || self.scheme() == "file"
    }

    /// The whole address, serialised.
    pub fn as_str(&self) -> &str {
        &self.href
    }

    fn parts(&self) -> Parts<'_> {
        let (scheme, rest) = self.href.split_once(':').unwrap_or(("", &self.href));
        let (rest, fragment) = match rest.split_once('#') {
            Some((rest, fragment)) => (rest, Some(fragment)),
            None => (rest, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((rest, query)) => (rest, Some(query)),
            None => (rest, None),
        };
        let (authority, path) = match rest.strip_prefix("//") {
            Some(rest) => {
                let at = rest.find('/').unwrap_or(rest.len());
                (Some(&rest[..at]), &rest[at..])
            }
            None => (None, rest),
        };
        Parts {
            scheme,
            authority,
            path,
            query,
            fragment,
        }
    }

    /// The user information and the host with its port, split at the only unencoded `@`.
    fn credentials_and_host(&self) -> (Option<&str>, &str) {
        match self.parts().authority {
            Some(authority) => match authority.rsplit_once('@') {
                Some((credentials, host)) => (Some(credentials), host),
                None => (None, authority),
            },
            None => (None, ""),
        }
    }

    /// The host and the port as written, split at the port's `:` (an IPv6 host keeps its own
    /// colons inside its brackets).
    fn host_and_port(&self) -> (&str, Option<&str>) {
        let (_, host) = self.credentials_and_host();
        let colon = match host.rfind(']') {
            Some(end) => host[end..].find(':').map(|at| end + at),
            None => host.rfind(':'),
        };
        match colon {
            Some(at) => (&host[..at], Some(&host[at + 1..])),
            None => (host, None),
        }
    }

    /// The scheme, lower case, without its `:`.
    pub fn scheme(&self) -> &str {
        self.parts().scheme
    }

    /// The host as serialised (an IPv6 address in brackets); `None` when there is none or it is
    /// empty.
    pub fn host_str(&self) -> Option<&str> {
        Some(self.host_and_port().0).filter(|h| !h.is_empty())
    }

    /// The host, parsed.
    pub fn host(&self) -> Option<Host<'_>> {
        let host = self.host_str()?;
        if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            return v6.parse().ok().map(Host::Ipv6);
        }
        // Only the special schemes read a host as IPv4; elsewhere it stays opaque.
        match host.parse() {
            Ok(v4) if self.is_special() => Some(Host::Ipv4(v4)),
            _ => Some(Host::Domain(host)),
        }
    }

    /// The port, unless it is the scheme's default (which the serialisation leaves out).
    pub fn port(&self) -> Option<u16> {
        self.host_and_port().1.and_then(|p| p.parse().ok())
    }

    /// The path: `/` and more for a URL with a host, the rest after the scheme otherwise.
    pub fn path(&self) -> &str {
        self.parts().path
    }

    /// The query, without its `?`; `Some("")` for a lone `?`.
    pub fn query(&self) -> Option<&str> {
        self.parts().query
    }

    /// The fragment, without its `#`.
    pub fn fragment(&self) -> Option<&str> {
        self.parts().fragment
    }

    /// The user name, percent-encoded; empty when there is none.
    pub fn username(&self) -> &str {
        let (credentials, _) = self.credentials_and_host();
        credentials.map_or("", |c| c.split_once(':').map_or(c, |(user, _)| user))
    }

    /// The password, percent-encoded.
    pub fn password(&self) -> Option<&str> {
        let (credentials, _) = self.credentials_and_host();
        credentials
            .and_then(|c| c.split_once(':'))
            .map(|(_, password)| password)
    }

    /// The origin, `scheme://host[:port]`, for the schemes that have one (`http(s)`, `ws(s)`,
    /// `ftp`); `None` for the others, whose origin is opaque and equal to no other.
    pub fn origin(&self) -> Option<String> {
        let scheme = self.scheme();
        if !TUPLE_ORIGIN.contains(&scheme) {
            return None;
        }
        let (host, port) = self.host_and_port();
        Some(match port {
            Some(port) => format!("{scheme}://{host}:{port}"),
            None => format!("{scheme}://{host}"),
        })
    }

    /// Whether both have the same (non-opaque) origin.
    pub fn same_origin(&self, other: &Self) -> bool {
        self.origin().is_some_and(|o| other.origin() == Some(o))
    }

    /// The address with these pairs added to its query, form-encoded, after the ones it has.
    pub fn with_query_pairs<'p>(self, pairs: impl IntoIterator<Item = (&'p str, &'p str)>) -> Self {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let parts = self.parts();
        let (before, fragment) = self
            .href
            .split_at(self.href.find('#').unwrap_or(self.href.len()));
        let joiner = match parts.query {
            None => "?",
            Some("") => "",
            Some(_) => "&",
        };
        Self {
            href: format!("{before}{joiner}{encoded}{fragment}"),
        }
    }
}

impl From<Address> for String {
    fn from(address: Address) -> Self {
        address.href
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.href)
    }
}

/// A query or fragment may carry a secret (a token, a state): left out, as the model's
/// addresses are.
impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&crate::secret::UrlForDebug(&self.href), f)
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn whatwg(input: &str, base: Option<&str>) -> Option<String> {
    let parsed = match base {
        Some(base) => url::Url::parse(base).ok()?.join(input),
        None => url::Url::parse(input),
    };
    parsed.ok().map(String::from)
}

#[cfg(target_arch = "wasm32")]
fn whatwg(input: &str, base: Option<&str>) -> Option<String> {
    let parsed = match base {
        Some(base) => web_sys::Url::new_with_base(input, base),
        None => web_sys::Url::new(input),
    };
    parsed.ok().map(|u| u.href())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Address {
        Address::parse(s).unwrap_or_else(|| panic!("{s:?} does not parse"))
    }

    #[test]
    fn parts_of_a_full_address() {
        let a = parse("HTTPS://User:P%40ss@Example.COM:8443/a/./b/../c?x=1&y=%23#frag?not");
        assert_eq!(
            a.as_str(),
            "https://User:P%40ss@example.com:8443/a/c?x=1&y=%23#frag?not"
        );
        assert_eq!(a.scheme(), "https");
        assert_eq!(a.username(), "User");
        assert_eq!(a.password(), Some("P%40ss"));
        assert_eq!(a.host_str(), Some("example.com"));
        assert_eq!(a.host(), Some(Host::Domain("example.com")));
        assert_eq!(a.port(), Some(8443));
        assert_eq!(a.path(), "/a/c");
        assert_eq!(a.query(), Some("x=1&y=%23"));
        assert_eq!(a.fragment(), Some("frag?not"));
        assert_eq!(a.origin().as_deref(), Some("https://example.com:8443"));
    }

    #[test]
    fn parts_of_a_bare_origin() {
        let a = parse("https://example.okta.com:443");
        assert_eq!(a.as_str(), "https://example.okta.com/");
        assert_eq!(a.port(), None);
        assert_eq!(a.path(), "/");
        assert_eq!((a.query(), a.fragment()), (None, None));
        assert_eq!((a.username(), a.password()), ("", None));
        assert_eq!(a.origin().as_deref(), Some("https://example.okta.com"));
        assert_eq!(parse("https://x.example/?").query(), Some(""));
    }

    #[test]
    fn ip_hosts() {
        let v4 = parse("http://127.1:8769/probe");
        assert_eq!(v4.host(), Some(Host::Ipv4(Ipv4Addr::new(127, 0, 0, 1))));
        assert_eq!(v4.host_str(), Some("127.0.0.1"));
        assert_eq!(v4.port(), Some(8769));
        let v6 = parse("http://[0:0::1]:8769/probe");
        assert_eq!(v6.host(), Some(Host::Ipv6(Ipv6Addr::LOCALHOST)));
        assert_eq!(v6.host_str(), Some("[::1]"));
        assert_eq!(v6.port(), Some(8769));
        assert_eq!(v6.origin().as_deref(), Some("http://[::1]:8769"));
        let bare_v6 = parse("http://[::1]");
        assert_eq!((bare_v6.host_str(), bare_v6.port()), (Some("[::1]"), None));
        // A scheme without origins keeps a dotted host as a name.
        assert_eq!(
            parse("custom://127.0.0.1/x").host(),
            Some(Host::Domain("127.0.0.1"))
        );
    }

    #[test]
    fn schemes_without_a_host_or_an_origin() {
        let mail = parse("mailto:someone@example.com?subject=hi");
        assert_eq!(mail.scheme(), "mailto");
        assert_eq!((mail.host_str(), mail.host()), (None, None));
        assert_eq!(mail.path(), "someone@example.com");
        assert_eq!(mail.query(), Some("subject=hi"));
        assert_eq!(mail.origin(), None);
        let app = parse("com-okta-authenticator:/deviceChallenge?t=1");
        assert_eq!((app.path(), app.origin()), ("/deviceChallenge", None));
        assert!(!app.same_origin(&app));
        assert_eq!(parse("file:///tmp/x").host(), None);
    }

    #[test]
    fn a_percent_in_a_host_is_decoded_or_refused() {
        assert_eq!(parse("http://a%41.example/").host_str(), Some("aa.example"));
        // Only the special schemes hold their hosts to the domain rules.
        assert_eq!(parse("custom://a%20b/").host_str(), Some("a%20b"));
    }

    #[test]
    fn what_is_not_an_absolute_url() {
        // The list the browser's reading is held to as well (tests/web.rs).
        let inputs: Vec<String> =
            serde_json::from_str(include_str!("../../testdata/not-urls.json")).unwrap();
        for s in inputs {
            assert_eq!(Address::parse(&s), None, "{s:?}");
        }
    }

    #[test]
    fn origins_compare_by_scheme_host_and_port() {
        let org = parse("https://example.okta.com/oauth2/default");
        assert!(org.same_origin(&parse("https://EXAMPLE.okta.com:443/idp/idx/introspect")));
        assert!(!org.same_origin(&parse("http://example.okta.com/")));
        assert!(!org.same_origin(&parse("https://example.okta.com:8443/")));
        assert!(!org.same_origin(&parse("https://example.okta.com.evil.test/")));
        assert!(!org.same_origin(&parse("https://example.okta.com@evil.test/")));
    }

    #[test]
    fn joins_resolve_against_the_base() {
        let base = parse("https://example.okta.com/idp/idx/challenge?x=1");
        assert_eq!(
            base.join("../authenticators/launch").unwrap().as_str(),
            "https://example.okta.com/idp/authenticators/launch"
        );
        let other = base.join("//evil.test/x").unwrap();
        assert_eq!(other.as_str(), "https://evil.test/x");
        assert!(!base.same_origin(&other));
        assert_eq!(
            base.join("http://localhost:1/").unwrap().as_str(),
            "http://localhost:1/"
        );
    }

    #[test]
    fn query_pairs_are_added_after_the_query_and_before_the_fragment() {
        let pairs = [("a", "1 2"), ("b", "&=?#é")];
        assert_eq!(
            parse("https://x.test/p").with_query_pairs(pairs).as_str(),
            "https://x.test/p?a=1+2&b=%26%3D%3F%23%C3%A9"
        );
        assert_eq!(
            parse("https://x.test/p?k=v#f")
                .with_query_pairs(pairs)
                .as_str(),
            "https://x.test/p?k=v&a=1+2&b=%26%3D%3F%23%C3%A9#f"
        );
        assert_eq!(
            parse("https://x.test/p?#f")
                .with_query_pairs([("a", "1")])
                .as_str(),
            "https://x.test/p?a=1#f"
        );
        // The same as the `url` crate's own query writer gives.
        let mut expected = url::Url::parse("https://x.test/p?k=v#f").unwrap();
        expected.query_pairs_mut().extend_pairs(pairs);
        assert_eq!(
            parse("https://x.test/p?k=v#f")
                .with_query_pairs(pairs)
                .as_str(),
            expected.as_str()
        );
    }

    #[test]
    fn debug_leaves_query_and_fragment_out() {
        let a = parse("https://x.test/cb?code=secret#t=secret");
        assert!(!format!("{a:?}").contains("secret"));
        assert_eq!(a.to_string(), a.as_str());
    }
}

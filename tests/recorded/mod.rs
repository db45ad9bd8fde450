//! Okta's recorded states, changed the way more than one test file needs (native step tests
//! and the browser's component tests alike).

use idx_protocol::IdxResponse;

/// The Okta Verify enrollment `state` with its QR code pointing at `href` instead.
pub fn with_qr_href(mut state: IdxResponse, href: &str) -> IdxResponse {
    let current = &mut state.current_authenticator.as_mut().unwrap().value;
    current
        .contextual_data
        .as_mut()
        .unwrap()
        .qrcode
        .as_mut()
        .unwrap()
        .href = href.into();
    state
}

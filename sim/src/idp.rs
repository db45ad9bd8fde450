//! Simulated identity providers: identify's `redirect-idp` remediations, the org's
//! `GET /sso/idps/{id}?stateToken=…`, the provider's own page under `/sim/idp/{id}` ("Sign in
//! to … as …?", plain HTML forms, no script) and the way back to the app's redirect URI with
//! an interaction code, `error=interaction_required` or `error=access_denied`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Value, json};

use crate::App;
use crate::advance::advance;
use crate::config::Idp;
use crate::config::ORG_NAME;
use crate::ion::Ctx;
use crate::outcome::RequestInfo;
use crate::store::{IdpRequest, Inner, View, random_id};

/// One `redirect-idp` per configured identity provider, as Okta lists them on identify.
pub fn redirects(ctx: &Ctx<'_>) -> Vec<Value> {
    ctx.config
        .idps
        .iter()
        .map(|idp| {
            json!({
                "name": "redirect-idp",
                "type": idp.kind,
                "idp": {"id": idp.id, "name": idp.name},
                "href": format!("{}/sso/idps/{}?stateToken={}", ctx.org, idp.id, ctx.tx.state_handle),
                "method": "GET",
            })
        })
        .collect()
}

/// Okta's text when the sign-in must go on in the app's own page.
const INTERACTION_REQUIRED: &str = "Your client is configured to use the interaction code flow and user interaction is required to complete the request.";
/// The text of a sign-in refused at the identity provider.
const ACCESS_DENIED: &str = "The resource owner or authorization server denied the request.";

/// `GET /sso/idps/{id}?stateToken=…`: the org hands the transaction to the identity provider.
pub async fn start(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let Some(idp) = app.store.config.idps.iter().find(|i| i.id == id) else {
        return error_page(
            StatusCode::NOT_FOUND,
            "This identity provider is not configured in this org.",
        );
    };
    let state_token = query.get("stateToken").map(String::as_str).unwrap_or("");
    let started = app.store.with(|inner| {
        let tx = inner.live_transaction(state_token, Instant::now())?;
        if !matches!(tx.view, View::Identify | View::EnrollProfile) {
            return None;
        }
        let interaction_handle = tx.interaction_handle.clone();
        let request = random_id("idpreq", 24);
        inner.idp_requests.insert(
            request.clone(),
            IdpRequest {
                idp: idp.id.clone(),
                interaction_handle,
                created: Instant::now(),
            },
        );
        inner.bound();
        Some(request)
    });
    match started {
        Some(request) => found(&format!("/sim/idp/{}?request={request}", idp.id)),
        None => error_page(
            StatusCode::BAD_REQUEST,
            "This sign-in has expired or is not waiting for an identity provider. Go back to the app and sign in again.",
        ),
    }
}

/// `GET /sim/idp/{id}?request=…`: the identity provider asks whether to sign in.
pub async fn page(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let request = query.get("request").cloned().unwrap_or_default();
    let pending = app.store.with(|inner| {
        let r = inner.idp_requests.get(&request).filter(|r| r.idp == id)?;
        let state_handle = inner.by_interaction.get(&r.interaction_handle)?.clone();
        let tx = inner.transactions.get(&state_handle)?;
        Some(redirect_origin(&tx.oauth.redirect_uri))
    });
    let (Some(idp), Some(origin)) = (app.store.config.idps.iter().find(|i| i.id == id), pending)
    else {
        return error_page(
            StatusCode::NOT_FOUND,
            "This sign-in request has expired or was already used. Go back to the app and sign in again.",
        );
    };
    let body = format!(
        "<h1>{name}</h1>\
         <p>Sign in to {org} as <strong>{user}</strong>?</p>\
         <form method=\"post\" action=\"/sim/idp/{id}\">\
         <input type=\"hidden\" name=\"request\" value=\"{request}\">\
         <button type=\"submit\" name=\"action\" value=\"continue\">Continue</button> \
         <button type=\"submit\" name=\"action\" value=\"cancel\">Cancel</button>\
         </form>",
        name = escape(&idp.name),
        org = escape(ORG_NAME),
        user = escape(&idp.username),
        id = escape(&idp.id),
        request = escape(&request),
    );
    html(StatusCode::OK, &idp.name, &body, origin.as_deref())
}

/// `POST /sim/idp/{id}`: the person's answer; back to the app's redirect URI.
pub async fn answer(
    State(app): State<Arc<App>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let fields: HashMap<String, String> = url::form_urlencoded::parse(&body).into_owned().collect();
    let allow = match fields.get("action").map(String::as_str) {
        Some("continue") => true,
        Some("cancel") => false,
        _ => {
            return error_page(StatusCode::BAD_REQUEST, "Choose Continue or Cancel.");
        }
    };
    let Some(idp) = app.store.config.idps.iter().find(|i| i.id == id) else {
        return error_page(
            StatusCode::NOT_FOUND,
            "This identity provider is not configured in this org.",
        );
    };
    let request = RequestInfo::from_parts(peer, &headers);
    let request_id = fields.get("request").cloned().unwrap_or_default();
    let back = app
        .store
        .with(|inner| finish(&app, inner, idp, &request_id, allow, &request));
    match back {
        Some(url) => found(&url),
        None => error_page(
            StatusCode::NOT_FOUND,
            "This sign-in request has expired or was already used. Go back to the app and sign in again.",
        ),
    }
}

/// Takes the waiting request (once) and moves its transaction on: the address to send the
/// browser back to, or `None` when the request or its transaction is gone.
fn finish(
    app: &App,
    inner: &mut Inner,
    idp: &Idp,
    request_id: &str,
    allow: bool,
    request: &RequestInfo,
) -> Option<String> {
    let pending = inner
        .idp_requests
        .remove(request_id)
        .filter(|r| r.idp == idp.id)?;
    let state_handle = inner
        .by_interaction
        .get(&pending.interaction_handle)?
        .clone();
    let mut tx = inner
        .live_transaction(&state_handle, Instant::now())?
        .clone();
    if !matches!(tx.view, View::Identify | View::EnrollProfile) {
        return None;
    }
    let mut url = url::Url::parse(&tx.oauth.redirect_uri).ok()?;
    {
        let mut query = url.query_pairs_mut();
        if allow {
            tx.user = Some(idp.username.clone());
            // The identity provider's sign-in stands for the second factor unless the org
            // asks for its own.
            tx.mfa_done = !idp.mfa;
            advance(app, inner, &mut tx, request);
            match &tx.view {
                View::Success { code } => query.append_pair("interaction_code", code),
                _ => query
                    .append_pair("error", "interaction_required")
                    .append_pair("error_description", INTERACTION_REQUIRED),
            };
        } else {
            query
                .append_pair("error", "access_denied")
                .append_pair("error_description", ACCESS_DENIED);
        }
        query.append_pair("state", &tx.oauth.state);
    }
    inner.transactions.insert(tx.state_handle.clone(), tx);
    Some(url.into())
}

/// A 302, as Okta redirects.
fn found(location: &str) -> Response {
    (StatusCode::FOUND, [(header::LOCATION, location.to_owned())]).into_response()
}

/// The origin of a redirect URI, which the page's forms may end up at.
fn redirect_origin(redirect_uri: &str) -> Option<String> {
    url::Url::parse(redirect_uri)
        .ok()
        .map(|u| u.origin().ascii_serialization())
        .filter(|o| o != "null")
}

fn error_page(status: StatusCode, text: &str) -> Response {
    html(
        status,
        "Sign-in cannot go on",
        &format!("<h1>Sign-in cannot go on</h1><p>{}</p>", escape(text)),
        None,
    )
}

/// A page with no script, no style and no way to be framed; its forms post only here (and
/// follow the redirect to the app's origin).
fn html(status: StatusCode, title: &str, body: &str, form_origin: Option<&str>) -> Response {
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title></head><body><main>{body}</main></body></html>",
        escape(title)
    );
    let csp = format!(
        "default-src 'none'; form-action 'self'{}; base-uri 'none'; frame-ancestors 'none'",
        form_origin.map(|o| format!(" {o}")).unwrap_or_default()
    );
    let mut response = (status, Html(page)).into_response();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// Text as HTML: what the page prints comes from the configuration and the request.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

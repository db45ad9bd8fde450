//! The org's session in this browser, as Okta's `sid` cookie keeps it: a sign-in that ends in
//! an interaction code starts one; `GET /api/v1/sessions/me` reads it, `DELETE` ends it (what
//! okta-auth-js's `closeSession` calls), and `…/v1/logout` ends it on its way back to the app.
//! A widget that signs out without ending it leaves the next person at the computer the last
//! one's session.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::App;
use crate::http::not_found_text;
use crate::ids::{random_id, rfc3339};

/// The cookie's name, as Okta's.
pub const SESSION_COOKIE: &str = "sid";

/// How long a session lives without use (Okta's default maximum idle time is two hours).
pub const SESSION_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

/// How many sessions the org keeps: any page can start sign-ins in a loop, so past this the
/// oldest is forgotten.
pub const MAX_SESSIONS: usize = 1_000;

/// One live session.
#[derive(Debug, Clone)]
pub struct Live {
    /// Who signed in.
    pub login: String,
    created: Instant,
    created_at: String,
}

/// The org's live sessions by id (the cookie's value).
#[derive(Debug, Default)]
pub struct Sessions {
    by_id: HashMap<String, Live>,
}

impl Sessions {
    /// Starts a session for `login` and gives its id.
    pub fn start(&mut self, login: &str) -> String {
        self.by_id
            .retain(|_, live| live.created.elapsed() < SESSION_LIFETIME);
        while self.by_id.len() >= MAX_SESSIONS {
            let oldest = self
                .by_id
                .iter()
                .min_by_key(|(_, live)| live.created)
                .map(|(id, _)| id.clone());
            match oldest {
                Some(id) => self.by_id.remove(&id),
                None => break,
            };
        }
        let id = random_id("102", 22);
        self.by_id.insert(
            id.clone(),
            Live {
                login: login.to_owned(),
                created: Instant::now(),
                created_at: rfc3339(SystemTime::now()),
            },
        );
        id
    }

    /// The live session with this id.
    pub fn get(&self, id: &str) -> Option<&Live> {
        self.by_id
            .get(id)
            .filter(|live| live.created.elapsed() < SESSION_LIFETIME)
    }

    /// Ends the session with this id; whether there was one.
    pub fn end(&mut self, id: &str) -> bool {
        self.by_id.remove(id).is_some()
    }
}

/// The value of the named cookie in the request, if it is there and of a sane size.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 64)
}

/// The cookie's attributes: sent with the widget's credentialed calls from the app's origin.
/// Over https that is a cross-site request, which only `SameSite=None; Secure` allows; idx-sim
/// on http serves the app and the org on the same host (same site), where `Lax` is enough and
/// a browser would refuse `None` without `Secure`.
fn attributes(org_url: &str) -> &'static str {
    if org_url.starts_with("https://") {
        "Path=/; HttpOnly; SameSite=None; Secure"
    } else {
        "Path=/; HttpOnly; SameSite=Lax"
    }
}

/// The `Set-Cookie` value that gives the browser this session.
pub fn set_cookie(org_url: &str, id: &str) -> String {
    format!("{SESSION_COOKIE}={id}; {}", attributes(org_url))
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(org_url: &str) -> String {
    format!("{SESSION_COOKIE}=; Max-Age=0; {}", attributes(org_url))
}

/// Ends the request's session, if it names one; the header that removes its cookie.
pub fn end_for(app: &App, headers: &HeaderMap) -> Option<(header::HeaderName, String)> {
    let id = cookie(headers, SESSION_COOKIE)?;
    app.store.with(|inner| inner.okta_sessions.end(&id));
    Some((header::SET_COOKIE, clear_cookie(&app.org_url)))
}

fn no_session() -> Response {
    not_found_text("Not found: Resource not found: me (Session)")
}

/// `GET /api/v1/sessions/me`: the session this browser's cookie names, as Okta shapes it.
pub async fn me(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let Some(id) = cookie(&headers, SESSION_COOKIE) else {
        return no_session();
    };
    let live = app
        .store
        .with(|inner| inner.okta_sessions.get(&id).cloned());
    let Some(live) = live else {
        return no_session();
    };
    let user_id = app
        .store
        .with(|inner| inner.users.get(&live.login).map(|u| u.id.clone()))
        .unwrap_or_default();
    Json(json!({
        "id": id,
        "login": live.login,
        "userId": user_id,
        "status": "ACTIVE",
        "createdAt": live.created_at,
        "amr": ["pwd"],
    }))
    .into_response()
}

/// `DELETE /api/v1/sessions/me`: ends it (204), or 404 when there is none.
pub async fn end_me(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let Some(id) = cookie(&headers, SESSION_COOKIE) else {
        return no_session();
    };
    if !app.store.with(|inner| inner.okta_sessions.end(&id)) {
        return no_session();
    }
    (
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, clear_cookie(&app.org_url))],
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_are_bounded_and_end_once() {
        let mut sessions = Sessions::default();
        let first = sessions.start("a@example.com");
        for _ in 0..MAX_SESSIONS {
            sessions.start("b@example.com");
        }
        assert_eq!(sessions.by_id.len(), MAX_SESSIONS);
        assert!(sessions.get(&first).is_none(), "the oldest went first");
        let id = sessions.start("c@example.com");
        assert_eq!(sessions.get(&id).unwrap().login, "c@example.com");
        assert!(sessions.end(&id));
        assert!(!sessions.end(&id));
    }

    #[test]
    fn the_cookie_is_secure_and_cross_site_only_over_https() {
        assert_eq!(
            set_cookie("https://org.example", "x"),
            "sid=x; Path=/; HttpOnly; SameSite=None; Secure"
        );
        assert_eq!(
            set_cookie("http://127.0.0.1:8081", "x"),
            "sid=x; Path=/; HttpOnly; SameSite=Lax"
        );
    }
}

//! The simulated Okta Verify phone, under `/sim/` only: a JSON API for tests and a small page
//! for people. Nothing here is part of the Okta protocol; the widget never calls it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Value, json};

use crate::App;
use crate::qr::ScanError;
use crate::qr::activation_token;
use crate::store::{PushStatus, complete_activation, totp};

fn error(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({"error": text}))).into_response()
}

fn lifetime(app: &App) -> Duration {
    Duration::from_secs(app.store.config.push_lifetime_secs)
}

/// `GET /sim/api/pushes?user=U`: the user's pushes, newest last.
pub async fn pushes(
    State(app): State<Arc<App>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let user = q.get("user").map(|u| u.to_ascii_lowercase());
    let list = app.store.with(|inner| {
        inner.expire_pushes(lifetime(&app));
        let list: Vec<Value> = inner
            .pushes
            .iter()
            .filter(|p| {
                user.as_deref()
                    .is_none_or(|u| p.user.eq_ignore_ascii_case(u))
            })
            .map(|p| serde_json::to_value(p).unwrap_or_default())
            .collect();
        list
    });
    Json(list).into_response()
}

/// `POST /sim/api/pushes/{id}/approve` with `{"number": n}` when number challenge is on.
pub async fn approve(State(app): State<Arc<App>>, Path(id): Path<String>, body: Bytes) -> Response {
    let number = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("number").and_then(Value::as_u64));
    answer(&app, &id, Some(number))
}

/// `POST /sim/api/pushes/{id}/deny`.
pub async fn deny(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    answer(&app, &id, None)
}

/// Approves (`Some(number)`) or denies (`None`) a pending push. A wrong number denies it.
fn answer(app: &App, id: &str, approve: Option<Option<u64>>) -> Response {
    let lifetime = lifetime(app);
    app.store.with(|inner| {
        let Some(push) = inner.push(id, lifetime) else {
            return error(StatusCode::NOT_FOUND, "no such push");
        };
        if push.status == PushStatus::Cancelled {
            return error(
                StatusCode::CONFLICT,
                "the sign-in that sent this push was cancelled",
            );
        }
        if push.status != PushStatus::Pending {
            return error(StatusCode::CONFLICT, "this push is no longer pending");
        }
        push.status = match (approve, push.correct_answer) {
            (None, _) => PushStatus::Denied,
            (Some(_), None) => PushStatus::Approved,
            (Some(Some(n)), Some(correct)) if n == u64::from(correct) => PushStatus::Approved,
            (Some(Some(_)), Some(_)) => PushStatus::Denied,
            (Some(None), Some(_)) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "this push has a number challenge: send {\"number\": n}",
                );
            }
        };
        Json(serde_json::to_value(&*push).unwrap_or_default()).into_response()
    })
}

/// `GET /sim/api/totp?user=U[&authenticator=okta_verify|google_otp]`: the code Okta Verify
/// (or Google Authenticator) shows now.
pub async fn current_totp(
    State(app): State<Arc<App>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let Some(user) = q.get("user") else {
        return error(StatusCode::BAD_REQUEST, "user is required");
    };
    match q.get("authenticator").map(String::as_str) {
        None | Some("okta_verify") => {}
        Some("google_otp") => {
            let secret = app
                .store
                .with(|inner| inner.phone_google.get(&user.to_ascii_lowercase()).cloned());
            let Some(secret) = secret else {
                return error(
                    StatusCode::NOT_FOUND,
                    "the phone has no Google Authenticator account for this user",
                );
            };
            let (code, valid_for_secs) = crate::factors::current_google_code(&secret);
            return Json(json!({"code": code, "valid_for_secs": valid_for_secs})).into_response();
        }
        Some(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                "authenticator is okta_verify or google_otp",
            );
        }
    }
    let secret = app.store.with(|inner| {
        inner
            .user_state(user)
            .filter(|s| s.okta_verify)
            .map(|s| s.totp_secret.clone())
    });
    let Some(totp) = secret.as_deref().and_then(totp) else {
        return error(
            StatusCode::NOT_FOUND,
            "this user has no Okta Verify on the phone",
        );
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs();
    Json(json!({"code": totp.generate(now), "valid_for_secs": totp.step - now % totp.step}))
        .into_response()
}

/// `POST /sim/api/scan` with `{"uri": "…"}`: the phone scanned a QR code (Okta Verify's
/// activation, or Google Authenticator's `otpauth://`). With `{"user": U, "secret": "BASE32"}`
/// instead, the key is typed into Google Authenticator by hand.
pub async fn scan(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let json = serde_json::from_slice::<Value>(&body).unwrap_or_default();
    let text = |name: &str| json.get(name).and_then(Value::as_str).map(str::to_owned);
    if let (Some(user), Some(secret)) = (text("user"), text("secret")) {
        let Some(secret) = crate::forms::decode_base32(&secret) else {
            return error(StatusCode::BAD_REQUEST, "the secret is not base32");
        };
        return add_google_account(&app, &user, secret);
    }
    let Some(uri) = text("uri") else {
        return error(
            StatusCode::BAD_REQUEST,
            "send {\"uri\": \"<the QR code's content>\"} or {\"user\": …, \"secret\": …}",
        );
    };
    enroll_by_uri(&app, &uri)
}

/// Adds an account to the phone's Google Authenticator.
fn add_google_account(app: &App, user: &str, secret: Vec<u8>) -> Response {
    let known = app.store.user(user).map(|u| u.username.clone());
    let Some(username) = known else {
        return error(StatusCode::NOT_FOUND, "no such user in this org");
    };
    app.store.with(|inner| {
        inner
            .phone_google
            .insert(username.to_ascii_lowercase(), secret)
    });
    Json(json!({"user": username, "authenticator": "google_otp", "added": true})).into_response()
}

/// Enrolls the phone with the activation URI a QR code carried, or adds the Google
/// Authenticator account an `otpauth://` URI carries.
fn enroll_by_uri(app: &App, uri: &str) -> Response {
    if let Some((user, secret)) = crate::forms::parse_google_uri(uri) {
        return add_google_account(app, &user, secret);
    }
    let Some(token) = activation_token(uri) else {
        return error(
            StatusCode::BAD_REQUEST,
            "that is not an Okta Verify activation code nor an otpauth:// URI",
        );
    };
    match app.store.with(|inner| complete_activation(inner, &token)) {
        Ok(user) => Json(json!({"user": user, "enrolled": true})).into_response(),
        Err(e) => error(StatusCode::NOT_FOUND, e),
    }
}

/// `POST /sim/api/scan-image` with an image (PNG or JPEG) of the QR code: for a person, who
/// pastes a screenshot into the phone page; the code is read from the pixels, as a camera would.
pub async fn scan_image(State(app): State<Arc<App>>, body: Bytes) -> Response {
    // A few at a time; the permit goes with the decode, so a client that hangs up does not
    // free it while the picture is still being read.
    let Ok(permit) = app.decodes.clone().try_acquire_owned() else {
        return error(
            StatusCode::TOO_MANY_REQUESTS,
            "the phone is reading other pictures; try again in a moment",
        );
    };
    // Decoding is slow CPU work: it must not hold up the org's other requests.
    let decoded = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        crate::qr::decode_image(&body)
    })
    .await;
    match decoded {
        Ok(Ok(uri)) => enroll_by_uri(&app, &uri),
        Ok(Err(ScanError::TooLarge)) => error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "that image is too large to read (at most 4096 × 4096 pixels)",
        ),
        _ => error(
            StatusCode::BAD_REQUEST,
            "no QR code could be read in that image",
        ),
    }
}

/// `GET /sim/api/outbox?to=ADDRESS`: emails and SMS sent, oldest first.
pub async fn outbox(
    State(app): State<Arc<App>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let to = q.get("to").map(|t| t.trim().to_ascii_lowercase());
    let list = app.store.with(|inner| {
        inner
            .outbox
            .iter()
            .filter(|m| to.as_deref().is_none_or(|t| m.to.eq_ignore_ascii_case(t)))
            .map(|m| serde_json::to_value(m).unwrap_or_default())
            .collect::<Vec<_>>()
    });
    Json(list).into_response()
}

/// `GET /sim/activate/{token}`: the setup link from an email or SMS, opened on the phone.
pub async fn activate_link(State(app): State<Arc<App>>, Path(token): Path<String>) -> Response {
    match app.store.with(|inner| complete_activation(inner, &token)) {
        Ok(_) => Html(page(
            "Okta Verify is set up",
            "You can return to the sign-in page.",
        ))
        .into_response(),
        Err(e) => (
            StatusCode::NOT_FOUND,
            Html(page("This link cannot be used", e)),
        )
            .into_response(),
    }
}

/// `GET /sim/email/{token}`: an email's magic link, opened. The sign-in it belongs to completes
/// at its next poll. Answers Okta's `terminal-return-email` document to a client that asks for
/// JSON, a page to a person.
pub async fn email_link(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: axum::http::HeaderMap,
) -> Response {
    let wants_json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("json"));
    let opened = app
        .store
        .with(|inner| crate::factors::open_magic_link(inner, &token));
    match (opened, wants_json) {
        (Ok(user), true) => (
            [(header::CONTENT_TYPE, crate::ion::ION_JSON)],
            crate::factors::return_to_original_tab(&app, &user).to_string(),
        )
            .into_response(),
        (Ok(_), false) => Html(page(
            "Please return to the original tab.",
            "You are verified: the sign-in page goes on by itself.",
        ))
        .into_response(),
        (Err(e), true) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, crate::ion::ION_JSON)],
            crate::ion::messages_only(vec![crate::ion::message("idx.return.link.expired", e)])
                .to_string(),
        )
            .into_response(),
        (Err(e), false) => (
            StatusCode::NOT_FOUND,
            Html(page("This link cannot be used", e)),
        )
            .into_response(),
    }
}

fn page(title: &str, text: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><main><h1>{title}</h1><p>{text}</p></main></body></html>"
    )
}

/// `GET /sim/device`: the phone for people.
pub async fn device_page() -> Html<&'static str> {
    Html(include_str!("device.html"))
}

/// `GET /sim/device.js`: the page's script (a file, so the page works under a strict CSP).
pub async fn device_script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("device.js"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn screenshots_are_decoded_a_few_at_a_time() {
        let app = Arc::new(App::new(
            crate::Config::default(),
            "http://127.0.0.1:9",
            false,
            Vec::new(),
        ));
        let busy = app
            .decodes
            .clone()
            .try_acquire_many_owned(crate::MAX_CONCURRENT_DECODES as u32)
            .unwrap();
        let refused = scan_image(State(app.clone()), Bytes::from_static(b"x")).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        drop(busy);
        let read = scan_image(State(app.clone()), Bytes::from_static(b"x")).await;
        assert_eq!(
            read.status(),
            StatusCode::BAD_REQUEST,
            "decoded, no QR code"
        );
        assert_eq!(
            app.decodes.available_permits(),
            crate::MAX_CONCURRENT_DECODES,
            "every permit comes back"
        );
    }
}

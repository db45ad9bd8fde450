//! Okta Verify's pushes as the org sends them (with the request's context and, when the user
//! has one, a number challenge), and "Send push automatically", remembered per browser.

use std::time::{Instant, SystemTime};

use rand::Rng;
use rand::seq::SliceRandom;

use crate::App;
use crate::outcome::RequestInfo;
use crate::store::{Inner, Push, PushContext, PushStatus, random_id, rfc3339};

/// Sends a push to the user's phone, with the context of the request that caused it.
pub(crate) fn send_push(
    app: &App,
    inner: &mut Inner,
    username: &str,
    request: &RequestInfo,
) -> String {
    let number_challenge = app.store.user(username).is_some_and(|u| u.number_challenge);
    // A new push replaces any the user has not answered.
    for push in inner
        .pushes
        .iter_mut()
        .filter(|p| p.user == username && p.status == PushStatus::Pending)
    {
        push.status = PushStatus::Expired;
    }
    let mut rng = rand::thread_rng();
    let (correct_answer, number_choices) = if number_challenge {
        let correct = rng.gen_range(10..=99u8);
        let mut choices = vec![correct];
        while choices.len() < 3 {
            let n = rng.gen_range(10..=99u8);
            if !choices.contains(&n) {
                choices.push(n);
            }
        }
        choices.shuffle(&mut rng);
        (Some(correct), Some([choices[0], choices[1], choices[2]]))
    } else {
        (None, None)
    };
    let id = random_id("push", 12);
    inner.pushes.push(Push {
        id: id.clone(),
        user: username.to_owned(),
        status: PushStatus::Pending,
        created_at: rfc3339(SystemTime::now()),
        context: PushContext {
            ip: request.peer.ip().to_string(),
            user_agent: request.user_agent.clone(),
            origin: request.origin.clone(),
        },
        number_choices,
        correct_answer,
        created: Instant::now(),
    });
    inner.bound();
    id
}

/// Remembers "Send push automatically" for this user in this browser.
pub(crate) fn remember_auto_push(inner: &mut Inner, device: &str, username: &str, on: bool) {
    let key = (device.to_owned(), username.to_ascii_lowercase());
    if on {
        // The device cookie is the client's to choose: past the cap, one remembered browser
        // (any) is forgotten, as a real org's would be when its cookie is cleared.
        if inner.auto_push.len() >= crate::store::KEEP_AT_MOST && !inner.auto_push.contains(&key) {
            let forget = inner.auto_push.iter().next().cloned();
            if let Some(forget) = forget {
                inner.auto_push.remove(&forget);
            }
        }
        inner.auto_push.insert(key);
    } else {
        inner.auto_push.remove(&key);
    }
}

/// Whether this browser asked to send this user's pushes automatically.
pub(crate) fn auto_push_on(inner: &Inner, request: &RequestInfo, username: &str) -> bool {
    request.device.as_ref().is_some_and(|device| {
        inner
            .auto_push
            .contains(&(device.clone(), username.to_ascii_lowercase()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::KEEP_AT_MOST;

    /// The device cookie is the client's to choose, so "Send push automatically"
    /// cannot be remembered for every value a client makes up.
    #[test]
    fn browsers_remembered_for_automatic_pushes_are_bounded() {
        let mut inner = Inner::default();
        for i in 0..KEEP_AT_MOST + 50 {
            remember_auto_push(&mut inner, &format!("device-{i}"), "Push@example.com", true);
        }
        assert_eq!(inner.auto_push.len(), KEEP_AT_MOST);
        let newest = ("device-newest".to_owned(), "push@example.com".to_owned());
        remember_auto_push(&mut inner, &newest.0, "push@example.com", true);
        assert!(inner.auto_push.contains(&newest), "the newest is kept");
        assert_eq!(inner.auto_push.len(), KEEP_AT_MOST);
        remember_auto_push(&mut inner, &newest.0, "push@example.com", false);
        assert!(!inner.auto_push.contains(&newest));
    }
}

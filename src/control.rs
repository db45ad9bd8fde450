//! What the host can do to a mounted widget.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::Callable;
use leptos::prelude::Callback;

use crate::flow::Action;

/// A remote for one mounted [`SignIn`](crate::SignIn): give it as the `control` prop, keep a
/// clone, and call [`SignInControl::sign_out`] when the user signs out. The JavaScript handle's
/// `signOut()` is the same.
#[derive(Clone, Default)]
pub struct SignInControl {
    dispatch: Rc<Cell<Option<Callback<Action>>>>,
}

impl SignInControl {
    /// A remote not yet attached to a widget.
    pub fn new() -> Self {
        Self::default()
    }

    /// Revokes the tokens at the org (access and refresh, also those kept in `sessionStorage`
    /// before a reload), ends the org's session (`DELETE /api/v1/sessions/me`, or `…/v1/logout`
    /// when `post_logout_redirect_uri` is set and an ID token is held), cancels a transaction
    /// under way, removes whatever the widget stored, and shows "You're signed out" with a
    /// "Sign in" button: nothing new starts until the person asks. Does nothing once the
    /// widget is removed.
    pub fn sign_out(&self) {
        if let Some(dispatch) = self.dispatch.get() {
            dispatch.run(Action::SignOut);
        }
    }

    pub(crate) fn attach(&self, dispatch: Option<Callback<Action>>) {
        self.dispatch.set(dispatch);
    }
}

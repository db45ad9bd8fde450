//! The requests the session's commands send to the org, each a future of the reply the
//! session hears back.

use std::rc::Rc;

use idx_protocol::secret::InteractionHandle;
use idx_protocol::{Client, IdxError, OneTimeTokens, PkceSecrets, TokenResponse};

use crate::flow::{Command, EndSession, Reply};
use crate::transport::BrowserTransport;
use crate::ui::webcrypto::WebCrypto;
use crate::ui::{browser, early};

/// The org's client, or why there is none (an issuer that is not a URL).
pub type OrgClient = Result<Rc<Client<BrowserTransport>>, IdxError>;

/// Signs out at the org: revokes the access and refresh tokens, then ends the org's session
/// (okta-auth-js's order: the tokens go first, since leaving for `…/v1/logout` would cut the
/// revocations short). A failure changes nothing the user can act on, so it is not reported.
pub async fn sign_out(
    client: Rc<Client<BrowserTransport>>,
    tokens: Option<crate::Tokens>,
    end: EndSession,
) {
    if let Some(tokens) = &tokens {
        // The refresh token first: revoking it also ends the access tokens it minted.
        if let Some(refresh) = &tokens.refresh_token {
            let _ = client.revoke(refresh.expose(), "refresh_token").await;
        }
        let _ = client
            .revoke(tokens.access_token.expose(), "access_token")
            .await;
    }
    match end {
        EndSession::Close => {
            let _ = client.close_session().await;
        }
        EndSession::Logout {
            id_token,
            post_logout_redirect_uri,
        } => {
            let state = browser::random_secrets().map(|s| s.state().expose().to_owned());
            let href = state.and_then(|state| {
                client
                    .logout_url(&id_token, &post_logout_redirect_uri, &state)
                    .ok()
            });
            match href {
                Some(href) => browser::navigate(&href),
                // No random source: end the session without leaving the page.
                None => {
                    let _ = client.close_session().await;
                }
            }
        }
    }
}

/// Sends a given-up transaction's `cancel`; its answer is of no use to anyone.
pub async fn cancel(client: Rc<Client<BrowserTransport>>, form: idx_protocol::Form) {
    let _ = client.proceed(&form, &idx_protocol::Inputs::new()).await;
}

/// Sends what `command` asks for and turns the outcome into a reply. Commands that send
/// nothing are never given here.
pub async fn send(client: OrgClient, command: Command) -> Reply {
    let client = match client {
        Ok(client) => client,
        Err(e) => return Reply::failed(&command, e),
    };
    match command {
        Command::Begin { ref tokens, .. } => {
            // A link's one-time tokens must reach interact: the page's early start has none.
            if tokens.is_empty()
                && let Some(reply) = early::take(&client).await
            {
                return reply;
            }
            match browser::random_secrets() {
                Some(secrets) => start(&client, secrets, None, tokens).await,
                None => Reply::failed(&command, IdxError::BadRequest("no random source".into())),
            }
        }
        Command::Adopt {
            secrets,
            handle,
            tokens,
            ..
        } => start(&client, secrets, handle, &tokens).await,
        Command::Resume {
            handle, secrets, ..
        } => Reply::Resumed(client.introspect(&handle, &secrets).await),
        Command::CloseSession { .. } => {
            let _ = client.close_session().await;
            Reply::SessionClosed
        }
        Command::Submit { form, inputs, .. } => {
            Reply::Proceeded(client.proceed(&form, &inputs).await)
        }
        Command::Poll { form, inputs, .. } => Reply::Polled(client.poll(&form, &inputs).await),
        Command::Exchange { form, secrets, .. } => {
            let tokens = client.exchange_code(&form, &secrets).await;
            Reply::Exchanged(verified(&client, tokens, &secrets).await)
        }
        Command::Redeem { code, secrets, .. } => {
            let tokens = client.exchange_interaction_code(&code, &secrets).await;
            Reply::Exchanged(verified(&client, tokens, &secrets).await)
        }
        other => Reply::failed(&other, IdxError::BadRequest("not a request".into())),
    }
}

/// The tokens, once their ID token is proven this sign-in's own: nothing reaches the host
/// before.
async fn verified(
    client: &Client<BrowserTransport>,
    tokens: Result<TokenResponse, IdxError>,
    secrets: &PkceSecrets,
) -> Result<TokenResponse, IdxError> {
    let tokens = tokens?;
    let now = browser::now() / 1000;
    client
        .verify_id_token(&tokens, secrets, &WebCrypto, now)
        .await?;
    Ok(tokens)
}

/// A transaction's first state: interact (unless a server-side app's back end already did and
/// gave its handle), then introspect.
async fn start(
    client: &Client<BrowserTransport>,
    secrets: PkceSecrets,
    handle: Option<InteractionHandle>,
    tokens: &OneTimeTokens,
) -> Reply {
    let handle = match handle {
        Some(handle) => Ok(handle),
        None => client.interact_with(&secrets, tokens).await,
    };
    let (handle, result) = match handle {
        Ok(handle) => {
            let result = client.introspect(&handle, &secrets).await;
            (Some(handle), result)
        }
        Err(e) => (None, Err(e)),
    };
    Reply::Began {
        secrets: Some(secrets),
        handle,
        result,
    }
}

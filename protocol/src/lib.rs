//! idx-protocol: the Okta Identity Engine (IDX) protocol as a browser client speaks it.
//!
//! Pure Rust with no DOM: the serde model of IDX documents ([`model`]), `relatesTo` resolution,
//! request bodies built from forms ([`body`]), PKCE ([`pkce`]), secrets that never print
//! ([`secret`]), the wire vocabulary ([`names`]), ID token checks ([`jwt`]), one error type
//! ([`error`]) and a client ([`client`]) over any [`Transport`]. Addresses ([`address`]) are
//! parsed by the `url` crate natively and by the browser's own `URL` in the wasm.

#![deny(missing_docs)]

pub mod address;
pub mod body;
pub mod client;
pub mod error;
pub mod jwt;
pub mod model;
pub mod names;
#[cfg(feature = "native")]
pub mod native;
pub mod pkce;
pub mod secret;
#[cfg(feature = "testdata")]
#[doc(hidden)]
pub mod testdata;
pub mod transport;
pub mod webauthn;

pub use address::{Address, Host};
pub use body::{BodyError, Inputs, build_body};
pub use client::{Client, ClientConfig, ION_JSON, OneTimeTokens, TokenResponse};
pub use error::IdxError;
pub use model::{
    Authenticator, ContextualData, Field, FieldOption, FieldValue, Form, IdxResponse, Message,
    MessagePlace,
};
pub use pkce::{ENTROPY_BYTES, PkceSecrets};
pub use transport::{HttpRequest, HttpResponse, Transport};

//! What the end-to-end tests share, one file per concern: where things are (paths), idx-sim
//! in-process and the simulated phone's API (sim), a real headless Chromium driven through
//! chromedriver (browser), loopback servers the tests start (server) and Okta's own Sign-In
//! Widget on a team's page (okta_siw). Every name is re-exported here, so tests use
//! `support::Name`.

// Each test binary uses some of these helpers, none uses all.
#![allow(dead_code, unused_imports)]

pub mod browser;
pub mod okta_siw;
pub mod paths;
pub mod server;
pub mod sim;
pub mod slow_static;

pub use browser::*;
pub use okta_siw::*;
pub use paths::*;
pub use server::*;
pub use sim::*;

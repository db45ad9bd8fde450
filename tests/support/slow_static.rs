//! A static server that holds some files back: the page's HTML and CSS come at once, the
//! `.wasm` (and any other file named) only after a delay, as on a slow link where the bundle is
//! the long part.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tower::ServiceExt;

use super::{Browser, Sim};

/// Files whose path contains `part` are answered `delay` late, and not before the gate is open;
/// counts what was sent.
struct Held {
    part: &'static str,
    delay: Duration,
    /// Open (`true`) unless a test closed it with [`SlowStatic::gate`].
    open: tokio::sync::watch::Sender<bool>,
    served: AtomicUsize,
    first_at_ms: AtomicU64,
}

/// Serves a folder on `127.0.0.1:port`, some answers delayed; stops when dropped.
pub struct SlowStatic {
    held: Arc<Vec<Held>>,
    configs: Arc<AtomicUsize>,
    server: tokio::task::JoinHandle<()>,
}

impl SlowStatic {
    /// Serves `dir` with this `config.json`, each file whose path contains one of `holds`'
    /// parts answered that long late (the first part that matches).
    pub async fn start(
        dir: &Path,
        config: String,
        port: u16,
        holds: &[(&'static str, Duration)],
    ) -> SlowStatic {
        let files = tower_http::services::ServeDir::new(dir);
        let held: Arc<Vec<Held>> = Arc::new(
            holds
                .iter()
                .map(|&(part, delay)| Held {
                    part,
                    delay,
                    open: tokio::sync::watch::Sender::new(true),
                    served: AtomicUsize::new(0),
                    first_at_ms: AtomicU64::new(0),
                })
                .collect(),
        );
        let counted = Arc::clone(&held);
        let service = tower::service_fn(move |request: axum::extract::Request| {
            let (files, held) = (files.clone(), Arc::clone(&counted));
            async move {
                let path = request.uri().path().to_owned();
                let hold = held.iter().find(|h| path.contains(h.part));
                if let Some(hold) = hold {
                    tokio::time::sleep(hold.delay).await;
                    // A test that must act before the file arrives, however slow the machine,
                    // keeps it back until it says so.
                    let _ = hold.open.subscribe().wait_for(|open| *open).await;
                }
                let response = files.oneshot(request).await?;
                if let Some(hold) = hold {
                    hold.served.fetch_add(1, Ordering::SeqCst);
                    let now = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_millis() as u64);
                    let _ = hold.first_at_ms.compare_exchange(
                        0,
                        now,
                        Ordering::SeqCst,
                        Ordering::SeqCst,
                    );
                }
                Ok::<_, std::convert::Infallible>(response.map(axum::body::Body::new))
            }
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("the port is free");
        let configs = Arc::new(AtomicUsize::new(0));
        let read = Arc::clone(&configs);
        let server = tokio::spawn(async move {
            let config = move || {
                read.fetch_add(1, Ordering::SeqCst);
                async move { ([(http::header::CONTENT_TYPE, "application/json")], config) }
            };
            let app = axum::Router::new()
                .route("/config.json", axum::routing::get(config))
                .fallback_service(service);
            let _ = axum::serve(listener, app).await;
        });
        SlowStatic {
            held,
            configs,
            server,
        }
    }

    /// Keeps the files held as `part` back, after their delay, until [`Self::release`].
    pub fn gate(&self, part: &str) {
        self.held(part).open.send_replace(false);
    }

    /// Lets the files held as `part` go (once their delay is over).
    pub fn release(&self, part: &str) {
        self.held(part).open.send_replace(true);
    }

    fn held(&self, part: &str) -> &Held {
        self.held
            .iter()
            .find(|h| h.part == part)
            .unwrap_or_else(|| panic!("{part} is not held back"))
    }

    /// When the first `.wasm` answer was sent, in milliseconds since the Unix epoch (0: none yet).
    pub fn wasm_first_served_at_ms(&self) -> u64 {
        self.held(".wasm").first_at_ms.load(Ordering::SeqCst)
    }

    /// How many `.wasm` answers have been sent so far.
    pub fn wasm_served(&self) -> usize {
        self.served(".wasm")
    }

    /// How many answers held back as `part` have been sent so far.
    pub fn served(&self, part: &str) -> usize {
        self.held(part).served.load(Ordering::SeqCst)
    }

    /// How many times `config.json` was asked for.
    pub fn configs_served(&self) -> usize {
        self.configs.load(Ordering::SeqCst)
    }

    /// Whether interact and introspect reached the org before the wasm was served.
    pub fn started_during_download(&self, sim: &Sim) -> bool {
        let wasm_at = u128::from(self.wasm_first_served_at_ms());
        let requests = sim.running.requests();
        let before = |path: &str| {
            requests
                .iter()
                .any(|r| r.method == "POST" && r.path.ends_with(path) && r.at_ms < wasm_at)
        };
        before("/v1/interact") && before("/idp/idx/introspect")
    }
}

/// Types `user` into the page's pre-rendered form and presses Enter while what `held` names is
/// still held back; then the widget asks for the password, the org having had that username
/// exactly once, in one transaction.
pub async fn identify_early(b: &Browser, sim: &Sim, server: &SlowStatic, held: &str, user: &str) {
    b.fill("[data-idx-first-paint] #idx-identifier", user).await;
    b.keys("\u{E007}").await;
    assert_eq!(
        server.served(held),
        0,
        "typed and pressed Enter before {held} was served"
    );
    b.heading("Verify with your password").await;
    assert_eq!(
        sim.posts("/idp/idx/identify"),
        1,
        "the press before {held} reached the org exactly once"
    );
    assert_eq!(sim.posts("/v1/interact"), 1, "one transaction");
}

impl Drop for SlowStatic {
    fn drop(&mut self) {
        self.server.abort();
    }
}

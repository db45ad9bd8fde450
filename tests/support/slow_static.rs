//! A static server that holds the wasm back: the page's HTML, CSS and JS come at once, the
//! `.wasm` only after a delay, as on a slow link where the bundle is the long part.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use tower::ServiceExt;

/// Serves a folder on `127.0.0.1:port`, each `.wasm` answer delayed; stops when dropped.
pub struct SlowStatic {
    served: Arc<AtomicUsize>,
    first_at: Arc<AtomicU64>,
    server: tokio::task::JoinHandle<()>,
}

impl SlowStatic {
    /// Serves `dir` with this `config.json`, holding every `.wasm` back for `hold`.
    pub async fn start(dir: &Path, config: String, port: u16, hold: Duration) -> SlowStatic {
        let files = tower_http::services::ServeDir::new(dir);
        let served = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&served);
        let first_at = Arc::new(AtomicU64::new(0));
        let first = Arc::clone(&first_at);
        let service = tower::service_fn(move |request: axum::extract::Request| {
            let (files, counted) = (files.clone(), Arc::clone(&counted));
            let first_at = Arc::clone(&first);
            async move {
                let wasm = request.uri().path().ends_with(".wasm");
                if wasm {
                    tokio::time::sleep(hold).await;
                }
                let response = files.oneshot(request).await?;
                if wasm {
                    counted.fetch_add(1, Ordering::SeqCst);
                    let now = std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_millis() as u64);
                    let _ = first_at.compare_exchange(0, now, Ordering::SeqCst, Ordering::SeqCst);
                }
                Ok::<_, std::convert::Infallible>(response.map(axum::body::Body::new))
            }
        });
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("the port is free");
        let server = tokio::spawn(async move {
            let config =
                move || async move { ([(http::header::CONTENT_TYPE, "application/json")], config) };
            let app = axum::Router::new()
                .route("/config.json", axum::routing::get(config))
                .fallback_service(service);
            let _ = axum::serve(listener, app).await;
        });
        SlowStatic {
            served,
            first_at,
            server,
        }
    }

    /// When the first `.wasm` answer was sent, in milliseconds since the Unix epoch (0: none yet).
    pub fn wasm_first_served_at_ms(&self) -> u64 {
        self.first_at.load(Ordering::SeqCst)
    }

    /// How many `.wasm` answers have been sent so far.
    pub fn wasm_served(&self) -> usize {
        self.served.load(Ordering::SeqCst)
    }
}

impl Drop for SlowStatic {
    fn drop(&mut self) {
        self.server.abort();
    }
}

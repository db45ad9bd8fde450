//! A plain static file server the tests start themselves (a team's own page).

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A plain static file server (Python's), which sends no security header of its own; it stops
/// when dropped.
pub struct StaticServer(Child);

impl StaticServer {
    /// Serves `dir` on `127.0.0.1:port` and waits until it answers.
    pub async fn start(dir: &Path, port: u16) -> StaticServer {
        let server = StaticServer(
            Command::new("python3")
                .args([
                    "-m",
                    "http.server",
                    &port.to_string(),
                    "--bind",
                    "127.0.0.1",
                ])
                .current_dir(dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("python3 serves the page"),
        );
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

//! The built standalone page as it is deployed: every asset precompressed beside itself, served
//! compressed with the right caching, and within a size budget that fails only on a clear
//! regression (measurements themselves are `bench/bundle-size.sh`'s job).

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};

use support::{Sim, dist_dir};

/// What the page loads: the wasm, its JS, the loader, the snippets, the CSS, the page, and the
/// language tables it fetches only when it speaks one of them.
fn assets(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assets(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| ["wasm", "js", "css", "html", "json"].contains(&e.to_str().unwrap()))
        {
            out.push(path);
        }
    }
}

/// The compressed copy of `asset` with this suffix.
fn beside(asset: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}.{suffix}", asset.display()))
}

/// Total gzip -9 of wasm, JS and CSS today is about 423 KB with every authenticator's steps,
/// the side doors (forgot password, unlock, sign-up, identity providers, consent), Okta FastPass
/// and WebAuthn, CAPTCHA's refusal, sign-out, the pre-rendered first step with its loader
/// (src/early.js), and English; the five other languages (`locales/*.json`, about 5 KB gzip each)
/// are fetched only by a page that speaks one, so they are not in it (bench/bundle-size.sh; 462 KB
/// before Leptos' `erase_components` (.cargo/config.toml), 482 KB before the browser's `URL`
/// replaced the `url` crate in the wasm, 481 KB before sign-out and
/// CAPTCHA with the languages compiled in, 425 KB before FastPass, 379 KB before the side doors,
/// 307 KB before the authenticators); the goal is 200 KB. Where the rest goes, by crate, is in
/// the README (bench/wasm-breakdown.sh): Leptos's DOM code per view shape and signals, serde's
/// deserializer per IDX type, the standard library's formatting, and the flows themselves. The
/// budget, about 1 % above today, catches a regression such as the languages (+13 KB) or `url`
/// (+20 KB) coming back into the wasm.
const GZIP_BUDGET: u64 = 427_000;

#[test]
fn every_asset_is_precompressed_and_the_bundle_keeps_its_budget() {
    let mut all = Vec::new();
    assets(&dist_dir(), &mut all);
    assert!(all.iter().any(|p| p.extension().unwrap() == "wasm"));
    for tag in ["fr", "de", "es", "pt-BR", "ja"] {
        assert!(
            all.contains(&dist_dir().join("locales").join(format!("{tag}.json"))),
            "no locales/{tag}.json beside the page"
        );
    }
    let mut gzip_total = 0;
    for asset in &all {
        let raw = std::fs::metadata(asset).unwrap().len();
        for suffix in ["gz", "br"] {
            let packed = beside(asset, suffix);
            let size = std::fs::metadata(&packed)
                .unwrap_or_else(|_| panic!("no {}", packed.display()))
                .len();
            assert!(size < raw.max(64), "{} is not smaller", packed.display());
        }
        // The page itself and the languages fetched on demand are not part of the download.
        if !["html", "json"].contains(&asset.extension().unwrap().to_str().unwrap()) {
            gzip_total += std::fs::metadata(beside(asset, "gz")).unwrap().len();
        }
    }
    println!("gzip -9 total of wasm, JS and CSS: {gzip_total} bytes");
    assert!(
        gzip_total <= GZIP_BUDGET,
        "the bundle grew to {gzip_total} bytes gzip -9 (budget {GZIP_BUDGET})"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idx_sim_serves_the_compressed_copy_the_browser_accepts_with_caching() {
    let sim = Sim::start().await;
    let wasm = std::fs::read_dir(dist_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .find(|n| n.ends_with(".wasm"))
        .unwrap();
    let client = reqwest::Client::new();
    let get = |path: String, encoding: &'static str| {
        let mut request = client.get(format!("{}/{path}", sim.app()));
        if !encoding.is_empty() {
            request = request.header("Accept-Encoding", encoding);
        }
        request.send()
    };
    let header = |r: &reqwest::Response, name: &str| {
        r.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    for (accept, encoding) in [("br, gzip", Some("br")), ("gzip", Some("gzip")), ("", None)] {
        let r = get(wasm.clone(), accept).await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(
            header(&r, "content-encoding").as_deref(),
            encoding,
            "{accept}"
        );
        assert_eq!(
            header(&r, "cache-control").as_deref(),
            Some("public, max-age=31536000, immutable"),
            "hashed names are kept a year"
        );
    }
    for page in ["", "index.html", "config.json"] {
        let r = get(page.to_owned(), "br, gzip").await.unwrap();
        assert_eq!(r.status(), 200, "{page}");
        assert_eq!(
            header(&r, "cache-control").as_deref(),
            Some("no-cache"),
            "{page} is checked every time"
        );
    }
}

/// Runs the Trunk hook on a page as Trunk stages it, with this `IDX_WIDGET_ORG`.
fn post_build(org: &str) -> (std::process::Output, PathBuf) {
    let staging = std::env::temp_dir().join(format!(
        "idx-post-build-{}-{}",
        std::process::id(),
        org.len()
    ));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging).unwrap();
    std::fs::write(
        staging.join("index.html"),
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\" />\n<title>t</title>\n\
         <script type=\"module\">import init from '/x.js'; await init();</script>\n\
         </head><body></body></html>\n",
    )
    .unwrap();
    let out = std::process::Command::new("python3")
        .arg(support::repo_root().join("scripts/trunk-post-build.py"))
        .env("TRUNK_STAGING_DIR", &staging)
        .env("IDX_WIDGET_ORG", org)
        .output()
        .expect("python3 runs the hook");
    (out, staging)
}

#[test]
fn a_build_for_an_org_may_call_only_it_and_connects_to_it_early() {
    let (out, staging) = post_build("https://example.okta.com");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(staging.join("index.html")).unwrap();
    assert!(
        html.contains("connect-src 'self' https://example.okta.com;"),
        "{html}"
    );
    assert!(
        html.contains(
            r#"<link rel="preconnect" href="https://example.okta.com" crossorigin="use-credentials" />"#
        ),
        "{html}"
    );
    assert!(
        !html.contains("await init()"),
        "the inline script moved to a file"
    );
    assert!(
        !html.contains("127.0.0.1"),
        "a build for an org does not allow this machine"
    );
    // Anything but an https origin (or loopback) is refused: the build fails closed.
    let (refused, _) = post_build("http://evil.example");
    assert!(!refused.status.success());
}

//! The npm package as a JavaScript team gets it: `scripts/build-package.sh` makes the tarball
//! (scripts/test.sh builds it first), `npm install` puts it in a scratch app with nothing
//! else, Node resolves its `exports`, and the custom-element example page, importing the
//! package from `node_modules`, signs in with a push in headless Chromium against idx-sim.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine;
use serde_json::{Value, json};
use sha2::Digest;
use support::slow_static::{SlowStatic, identify_early};
use support::{Browser, Sim, fast_config, repo_root};

fn package_dir() -> PathBuf {
    repo_root().join("target/npm/idx-widget")
}

fn tarball() -> PathBuf {
    let tgz = repo_root().join(format!(
        "target/npm/idx-widget-{}.tgz",
        env!("CARGO_PKG_VERSION")
    ));
    assert!(
        tgz.is_file(),
        "no {} (scripts/build-package.sh makes it)",
        tgz.display()
    );
    tgz
}

fn run(dir: &Path, program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_package_names_its_module_types_and_stylesheet_and_ships_them() {
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(package_dir().join("package.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["name"], "idx-widget");
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(manifest["type"], "module");
    assert_eq!(
        manifest["exports"]["."],
        json!({"types": "./idx_widget.d.ts", "default": "./idx_widget.js"})
    );
    assert_eq!(manifest["exports"]["./style.css"], "./style.css");
    assert_eq!(manifest["exports"]["./early.js"], "./early.js");
    assert_eq!(
        manifest["sideEffects"],
        json!(["./style.css", "./early.js"])
    );
    let listed = run(&repo_root(), "tar", &["tzf", tarball().to_str().unwrap()]);
    for file in manifest["files"].as_array().unwrap() {
        let file = file.as_str().unwrap();
        assert!(
            listed.lines().any(|l| l
                .strip_prefix("package/")
                .is_some_and(|l| l.starts_with(file))),
            "the tarball lacks {file}: {listed}"
        );
    }
    // The types carry the configuration's interface and the element's API.
    let types = std::fs::read_to_string(package_dir().join("idx_widget.d.ts")).unwrap();
    for needle in [
        "export interface WidgetConfig",
        "redirectUri: string",
        "export function render(",
        "signOut(",
    ] {
        assert!(types.contains(needle), "idx_widget.d.ts lacks {needle:?}");
    }
}

/// A scratch app with the tarball installed, and the custom-element example page
/// (examples/js/element.*) importing the package from `node_modules` instead of `pkg/`.
fn scratch_app(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("idx-package-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("package.json"),
        r#"{ "name": "scratch-app", "private": true, "type": "module" }"#,
    )
    .unwrap();
    run(
        &dir,
        "npm",
        &[
            "install",
            "--offline",
            "--no-audit",
            "--no-fund",
            tarball().to_str().unwrap(),
        ],
    );
    let example = repo_root().join("examples/js");
    for (from, to) in [
        ("element.html", "index.html"),
        ("element.js", "element.js"),
        ("app.css", "app.css"),
    ] {
        let text = std::fs::read_to_string(example.join(from)).unwrap();
        let text = text
            .replace("./pkg/", "./node_modules/idx-widget/")
            .replace("\"pkg/", "\"node_modules/idx-widget/");
        assert!(!text.contains("pkg/"), "{from} still names pkg/");
        std::fs::write(dir.join(to), text).unwrap();
    }
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn installed_from_its_tarball_it_signs_in_with_a_push() {
    let app = scratch_app("app");
    // What a bundler does: resolve the bare name and the stylesheet through `exports`.
    let resolved = run(
        &app,
        "node",
        &[
            "--input-type=module",
            "-e",
            "console.log(import.meta.resolve('idx-widget')); \
             console.log(import.meta.resolve('idx-widget/style.css'));",
        ],
    );
    let resolved: Vec<&str> = resolved.lines().collect();
    assert!(
        resolved[0].ends_with("/node_modules/idx-widget/idx_widget.js"),
        "{resolved:?}"
    );
    assert!(
        resolved[1].ends_with("/node_modules/idx-widget/style.css"),
        "{resolved:?}"
    );

    let sim = Sim::start_with(fast_config(), app).await;
    let mut b = Browser::start("package").await;
    b.open_and_ask_for_push(&format!("{}/", sim.app()), "push@example.com")
        .await;
    sim.approve_pending("push@example.com").await;
    b.wait_for_text("#status", "Signed in through <idx-sign-in>.")
        .await;
    assert_eq!(
        b.js("return window.elementTokens.tokenType").await,
        json!("Bearer")
    );
    assert_eq!(b.page_errors().await, json!([]));
    b.shot("package-signed-in").await;
    b.close().await;
}

/// A team's page as npm/README.md shows it: `<idx-sign-in>` with its first step as plain HTML,
/// the package's loader (with its SRI hash) before the module, under the project's strict CSP.
fn first_paint_page(app: &Path, sim: &Sim, origin: &str) {
    let loader = std::fs::read(app.join("node_modules/idx-widget/early.js")).unwrap();
    let integrity = base64::engine::general_purpose::STANDARD.encode(sha2::Sha384::digest(&loader));
    let csp = std::fs::read_to_string(repo_root().join("scripts/csp.txt")).unwrap();
    let csp = csp
        .trim()
        .replace("{connect}", &format!("'self' {}", sim.org("")));
    let page = format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="{csp}">
  <title>Sign in before the wasm</title>
  <link rel="stylesheet" href="node_modules/idx-widget/style.css">
  <script src="node_modules/idx-widget/early.js" defer
          integrity="sha384-{integrity}" crossorigin="anonymous"></script>
  <script type="module" src="first-paint.js"></script>
</head>
<body>
  <idx-sign-in issuer="{issuer}" client-id="{client_id}" redirect-uri="{origin}/login/callback">
    <section class="idx-widget" data-idx-first-paint>
      <h2 class="idx-heading" tabindex="-1">Sign in</h2>
      <form class="idx-form" method="dialog" novalidate>
        <label for="idx-identifier">Username</label>
        <input id="idx-identifier" name="identifier" type="text" autocomplete="username">
        <button type="submit" class="idx-button">Next</button>
      </form>
    </section>
  </idx-sign-in>
</body>
</html>
"#,
        issuer = sim.org("/oauth2/default"),
        client_id = fast_config().client_id,
    );
    std::fs::write(app.join("first-paint.html"), page).unwrap();
    std::fs::write(
        app.join("first-paint.js"),
        "import init from \"./node_modules/idx-widget/idx_widget.js\";\nawait init();\n",
    )
    .unwrap();
}

/// The package's loader on a team's page: the username typed and Enter pressed while the wasm
/// is held back reach the org once, in the transaction the loader started during the download.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn its_loader_starts_the_sign_in_during_the_download() {
    let app = scratch_app("first-paint");
    let (sim, origin, port) = Sim::start_for_own_page(fast_config()).await;
    first_paint_page(&app, &sim, &origin);
    let hold = std::time::Duration::from_secs(2);
    let server = SlowStatic::start(&app, "{}".into(), port, &[(".wasm", hold)]).await;
    let b = Browser::start("package-first-paint").await;
    b.goto(&format!("{origin}/first-paint.html")).await;
    b.catch_page_errors().await;
    identify_early(&b, &sim, &server, ".wasm", "push@example.com").await;
    assert!(
        server.started_during_download(&sim),
        "interact and introspect went out before the wasm was served"
    );
    assert_eq!(b.page_errors().await, json!([]));
    b.close().await;
}

//! The `idx-sim` command.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;
use idx_sim::Config;

/// A local, stateful Okta org simulator with a simulated Okta Verify phone.
#[derive(Parser, Debug)]
#[command(version)]
struct Cli {
    /// The org's configuration (TOML, see sim/README.md); the demo org when omitted.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Where the org listens.
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: SocketAddr,
    /// Also serve this built widget folder (Trunk's dist/) on a second origin.
    #[arg(long)]
    serve_app: Option<PathBuf>,
    /// Where the widget is served.
    #[arg(long, default_value = "127.0.0.1:8080")]
    app_listen: SocketAddr,
    /// Once listening, write `{"contract": …, "org": …, "issuer": …, "app": …}` here, for a
    /// test runner to wait on (a line `idx-sim ready <org-url>` is also printed).
    #[arg(long)]
    ready_file: Option<std::path::PathBuf>,
    /// A host name (besides localhost and IP addresses) requests may name, when the org is
    /// reached by name on a network; repeatable.
    #[arg(long = "allow-host")]
    allow_host: Vec<String>,
    #[command(flatten)]
    faults: idx_sim::faults::FaultArgs,
    /// Start the simulated Okta Verify on this computer (Okta FastPass by loopback) on this
    /// port (Okta Verify uses 6511–6513 or 8769); overrides `[fastpass] loopback_port`.
    #[arg(long)]
    ov_port: Option<u16>,
    /// Offer "Sign in with Okta FastPass" on the first screen (`[fastpass] launch_on_identify`).
    #[arg(long)]
    fastpass_on_identify: bool,
}

#[tokio::main]
async fn main() {
    if let Err(e) = run(Cli::parse()).await {
        eprintln!("idx-sim: {e}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let mut config = match &cli.config {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Config::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        // The demo's magic links open the demo page, as Okta's "Email verify callback URI"
        // set to the app's sign-in page would.
        None if cli.serve_app.is_some() => Config {
            email_verify_uri: Some("/".into()),
            ..Config::default()
        },
        None => Config::default(),
    };
    cli.faults.apply(&mut config.faults)?;
    if let Some(port) = cli.ov_port {
        config.fastpass.loopback_port = Some(port);
    }
    if cli.fastpass_on_identify {
        config.fastpass.launch_on_identify = true;
    }
    let users: Vec<String> = config.users.iter().map(|u| u.username.clone()).collect();
    let servers = config.authorization_servers.clone();
    let options = idx_sim::Options {
        config,
        listen: cli.listen,
        serve_app: cli.serve_app,
        app_listen: cli.app_listen,
        print_log: true,
        allowed_hosts: cli.allow_host.clone(),
        ..Default::default()
    };
    for address in [cli.listen, cli.app_listen] {
        if !address.ip().is_loopback() {
            eprintln!(
                "idx-sim: WARNING: listening on {address}, not loopback: anyone who can reach it can \
                 approve pushes and read codes through the phone API (/sim/api), which has no \
                 authentication. It is a test org; keep it on 127.0.0.1 unless you mean it."
            );
        }
    }
    let running = idx_sim::spawn(options).await.map_err(|e| e.to_string())?;
    println!("idx-sim is running.");
    if let Some(app) = &running.app_url {
        println!("  sign-in page:    {app}/");
    }
    println!("  simulated phone: {}/sim/device", running.org_url);
    if let Some(ov) = &running.ov_desktop_url {
        println!("  Okta Verify on this computer (FastPass by loopback): {ov}");
    }
    println!(
        "  issuers:         {} (org authorization server)",
        running.org_url
    );
    for id in &servers {
        println!("                   {}/oauth2/{id}", running.org_url);
    }
    if cli.config.is_none() {
        println!(
            "  demo users (password {}):",
            idx_sim::config::DEMO_PASSWORD
        );
        println!("    enroll@example.com  must set up Okta Verify (QR code, email or SMS link)");
        println!("    push@example.com    Okta Verify push or code");
        println!("    number@example.com  Okta Verify push with number challenge");
        println!(
            "    mfa@example.com     Okta Verify, email, phone, Google Authenticator, security question"
        );
        println!(
            "    setup@example.com   must enroll email, phone, Google Authenticator and a security question"
        );
        println!("    expired@example.com  password expired: must choose a new one");
        println!("    expiring@example.com password expires in 4 days (\"Remind me later\")");
        println!("    locked@example.com   locked out (too many wrong passwords): unlock by email");
        println!(
            "    fastpass@example.com Okta FastPass (Okta Verify on this computer; answer on the phone page), or push"
        );
        println!(
            "    passkey@example.com  must set up a security key or passkey (open the page at localhost)"
        );
    } else {
        println!("  users: {}", users.join(", "));
    }
    let ready = serde_json::json!({
        "contract": idx_sim::CONTRACT_VERSION,
        "org": running.org_url,
        "issuer": format!("{}/oauth2/default", running.org_url),
        "app": running.app_url,
        "ov_desktop": running.ov_desktop_url,
    });
    if let Some(path) = &cli.ready_file {
        // Written whole, then renamed: a runner polling for the file never reads half of it.
        let partial = path.with_extension("partial");
        std::fs::write(&partial, ready.to_string())
            .and_then(|()| std::fs::rename(&partial, path))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!("Press Ctrl-C to stop. One line per request follows.");
    println!("idx-sim ready {}", running.org_url);
    tokio::signal::ctrl_c().await.map_err(|e| e.to_string())?;
    Ok(())
}

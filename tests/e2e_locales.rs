//! The widget in the user's language: a `language` setting, or the browser's own languages,
//! picks it; the org is asked for its messages in the same language (idx-sim answers in French
//! when asked), and the widget's element says which language it is in.

#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::json;
use support::{Browser, Sim, dist_dir, fast_config};

/// The language the widget's element says it speaks (its `lang`).
async fn widget_language(b: &Browser) -> serde_json::Value {
    b.js("return document.querySelector('.idx-widget').lang")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_language_setting_speaks_french_and_the_org_answers_in_french() {
    let mut extra = serde_json::Map::new();
    extra.insert("language".into(), json!("fr"));
    let sim = Sim::start_with_extra(fast_config(), dist_dir(), extra).await;
    let b = Browser::start("locale-fr").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Se connecter").await;
    assert_eq!(widget_language(&b).await, json!("fr"));
    b.fill("#idx-identifier", "push@example.com").await;
    b.click("button[type=submit]").await;
    b.heading("Vérifiez votre identité avec votre mot de passe")
        .await;
    b.fill("#idx-password", "not the password").await;
    b.click("button[type=submit]").await;
    // The org's own message, in French because the widget asked for French.
    b.wait_for_text(".idx-widget", "Le mot de passe est incorrect")
        .await;
    b.fill("#idx-password", idx_sim::config::DEMO_PASSWORD)
        .await;
    b.click("button[type=submit]").await;
    b.heading("Confirmez votre identité avec une méthode de sécurité")
        .await;
    b.click("button[data-se='okta_verify-totp']").await;
    b.heading("Saisir un code").await;
    let code = sim.totp("push@example.com").await;
    b.fill("#idx-code", &code).await;
    b.click("button[type=submit]").await;
    b.heading("Vous êtes connecté").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browsers_languages_pick_the_first_one_the_widget_speaks() {
    let sim = Sim::start().await;
    // Swedish first, which the widget does not speak; Japanese next.
    let b = Browser::start_in_languages("locale-ja", "sv,ja,en").await;
    assert_eq!(
        b.js("return navigator.languages").await,
        json!(["sv", "ja", "en"])
    );
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("サインイン").await;
    assert_eq!(widget_language(&b).await, json!("ja"));
    let label = b
        .js("return document.querySelector('label[for=idx-identifier]').textContent")
        .await;
    assert_eq!(label, json!("ユーザー名"));
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_elements_lang_attribute_picks_german_with_nothing_but_init_and_the_tag() {
    // A page as a team writes it: the package, `await init()` and the tag with its attributes.
    let dir = std::env::temp_dir().join(format!("idx-element-lang-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let pkg = support::js_example().join("pkg");
    std::os::unix::fs::symlink(&pkg, dir.join("pkg")).unwrap();
    let sim = Sim::start_with(fast_config(), dir.clone()).await;
    let config = sim
        .http
        .get(format!("{}/config.json", sim.app()))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let attr = |key: &str| config[key].as_str().unwrap().to_owned();
    std::fs::write(
        dir.join("index.html"),
        format!(
            r#"<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Anmeldung</title>
  <link rel="stylesheet" href="pkg/style.css">
  <script type="module" src="start.js"></script>
</head>
<body>
  <main>
    <idx-sign-in issuer="{}" client-id="{}" redirect-uri="{}" lang="de"></idx-sign-in>
  </main>
</body>
</html>
"#,
            attr("issuer"),
            attr("clientId"),
            attr("redirectUri")
        ),
    )
    .unwrap();
    // Its own file: the page's CSP allows no inline script.
    std::fs::write(
        dir.join("start.js"),
        "import init from \"./pkg/idx_widget.js\";\nawait init();\n",
    )
    .unwrap();
    let b = Browser::start("locale-element-de").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Anmelden").await;
    assert_eq!(widget_language(&b).await, json!("de"));
    b.fill("#idx-identifier", "push@example.com").await;
    b.click("button[type=submit]").await;
    b.heading("Mit Ihrem Passwort bestätigen").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_language_whose_table_cannot_be_fetched_falls_back_to_english_and_says_so() {
    // The standalone page served without its `locales/` folder: French is asked for, and
    // its table (fetched only by a page that speaks French) is not there.
    let dir = std::env::temp_dir().join(format!("idx-no-locales-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(dist_dir()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() != "locales" {
            std::os::unix::fs::symlink(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    let mut extra = serde_json::Map::new();
    extra.insert("language".into(), json!("fr"));
    let sim = Sim::start_with_extra(fast_config(), dir.clone(), extra).await;
    let b = Browser::start("locale-missing").await;
    b.goto(&format!("{}/", sim.app())).await;
    b.heading("Sign in").await;
    assert_eq!(widget_language(&b).await, json!("en"));
    // English all the way, the org's messages included.
    b.fill("#idx-identifier", "push@example.com").await;
    b.click("button[type=submit]").await;
    b.heading("Verify with your password").await;
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

//! The configuration's checks, on the documented example, the demo and broken files.

use super::okta_verify::default_device_name;
use super::*;

#[test]
fn the_documented_example_parses() {
    let text = include_str!("../../example.toml");
    let config = Config::from_toml(text).unwrap();
    assert_eq!(config.users.len(), 3);
    assert_eq!(config.idps.len(), 2);
    assert_eq!(config.registration.profile.len(), 5);
    assert_eq!(
        config.user("carol@example.com").unwrap().status,
        UserStatus::Provisioned
    );
    assert_eq!(config.poll_refresh_ms, 2000);
    assert_eq!(config.fastpass.devices.len(), 1);
    assert_eq!(config.fastpass.loopback_port, Some(6512));
    let alice = config.user("Alice@Example.com").unwrap();
    assert!(alice.number_challenge);
    assert_eq!(alice.authenticators.len(), 4);
    assert_eq!(alice.webauthn.len(), 1);
    assert_eq!(config.webauthn, WebauthnPolicy::default());
    assert_eq!(
        config
            .user("bob@example.com")
            .unwrap()
            .enroll_required
            .len(),
        2
    );
    assert_eq!(config.password_complexity, PasswordComplexity::default());
    let web = config.web_client("my-web-app").unwrap();
    assert_eq!(web.client_secret, "my-web-app-secret");
    assert_eq!(web.redirect_uris, ["http://localhost:8000/login/callback"]);
    assert_eq!(web.post_logout_redirect_uris, ["http://localhost:8000/"]);
    assert_eq!(config.post_logout_redirect_uris, ["http://localhost:3000/"]);
}

#[test]
fn web_clients_are_checked() {
    let config = Config::default();
    let (id, secret, redirect) = DEMO_WEB_CLIENT;
    let web = config.web_client(id).unwrap();
    assert_eq!(web.client_secret, secret);
    assert!(web.redirect_uris.iter().any(|u| u == redirect));
    assert!(
        !format!("{config:?}").contains(secret),
        "Debug hides the secret"
    );
    let ok = Config::from_toml(
        "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"s\"\nredirect_uris = [\"http://a/cb\"]",
    )
    .unwrap();
    assert_eq!(
        ok.web_clients.len(),
        1,
        "a file's web clients replace the demo's"
    );
    for (toml, says) in [
        (
            "[[web_client]]\nclient_id = \"\"\nclient_secret = \"s\"\nredirect_uris = [\"http://a/cb\"]",
            "client_id",
        ),
        (
            "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"\"\nredirect_uris = [\"http://a/cb\"]",
            "client_secret",
        ),
        (
            "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"s\"\nredirect_uris = []",
            "redirect",
        ),
        (
            "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"s\"\nredirect_uris = [\"/cb\"]",
            "absolute",
        ),
        (
            "[[web_client]]\nclient_id = \"idx-widget-demo\"\nclient_secret = \"s\"\nredirect_uris = [\"http://a/cb\"]",
            "single-page",
        ),
        (
            "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"s\"\nredirect_uris = [\"http://a/cb\"]\n\
             [[web_client]]\nclient_id = \"a\"\nclient_secret = \"t\"\nredirect_uris = [\"http://a/cb\"]",
            "share",
        ),
        (
            "[[web_client]]\nclient_id = \"a\"\nclient_secret = \"s\"\nredirect_uris = [\"http://a/cb\"]\nsecret = 1",
            "secret",
        ),
        (
            "[[web_client]]\nclient_id = \"a\"\nredirect_uris = [\"http://a/cb\"]",
            "client_secret",
        ),
    ] {
        let err = Config::from_toml(toml).unwrap_err();
        assert!(err.contains(says), "{toml}: {err}");
    }
}

#[test]
fn omitted_fields_take_the_demo_values() {
    let config = Config::from_toml("poll_refresh_ms = 1000").unwrap();
    assert_eq!(config.client_id, "idx-widget-demo");
    assert_eq!(config.users.len(), Config::default().users.len());
}

#[test]
fn bad_files_say_what_is_wrong() {
    assert!(
        Config::from_toml("nonsense = 1")
            .unwrap_err()
            .contains("nonsense")
    );
    assert!(
        Config::from_toml("enrollment_channels = [\"fax\"]")
            .unwrap_err()
            .contains("fax")
    );
    assert!(Config::from_toml("[faults]\ndrop_polls = 2.0").is_err());
    assert!(
        Config::from_toml("[faults]\nrate_limit_polls = 1.5")
            .unwrap_err()
            .contains("rate_limit_polls")
    );
}

#[test]
fn registration_idps_consent_and_activation_are_checked() {
    let demo = Config::default();
    assert!(demo.registration.enabled);
    assert_eq!(demo.registration.enroll, ["password", "okta_verify"]);
    assert_eq!(demo.idps.len(), 3);
    assert_eq!(demo.consent_scopes, ["custom.read"]);
    let file = Config::from_toml(&user_toml("")).unwrap();
    assert!(file.idps.is_empty(), "a file's users get no demo IdPs");
    assert!(
        file.fastpass.devices.is_empty(),
        "a file's users get no demo FastPass device"
    );
    let ok = Config::from_toml(&format!(
        "{}\n[[idp]]\nid = \"0oaX\"\ntype = \"OIDC\"\nname = \"X\"\nusername = \"u@example.com\"\nmfa = true",
        user_toml("")
    ))
    .unwrap();
    assert!(ok.idps[0].mfa);
    let idp = |fields: &str| format!("{}\n[[idp]]\n{fields}", user_toml(""));
    for (toml, says) in [
        (
            idp("id = \"a\"\ntype = \"LINKEDIN\"\nname = \"A\"\nusername = \"u@example.com\""),
            "LINKEDIN",
        ),
        (
            idp("id = \"a\"\ntype = \"GOOGLE\"\nname = \"A\"\nusername = \"who@example.com\""),
            "not a configured user",
        ),
        (
            idp("id = \"a b\"\ntype = \"GOOGLE\"\nname = \"A\"\nusername = \"u@example.com\""),
            "id must be",
        ),
        (
            format!(
                "{}\n[[idp]]\nid = \"a\"\ntype = \"GOOGLE\"\nname = \"B\"\nusername = \"u@example.com\"",
                idp("id = \"a\"\ntype = \"GOOGLE\"\nname = \"A\"\nusername = \"u@example.com\"")
            ),
            "share",
        ),
        (format!("idp_only = true\n{}", user_toml("")), "idp_only"),
        ("consent_scopes = [\"openid\"]".into(), "openid"),
        (
            "[registration]\nenabled = true\nprofile = [{ name = \"email\", label = \"Email\" }]".into(),
            "required attribute \"email\"",
        ),
        (
            "[registration]\nprofile = [{ name = \"c\", label = \"C\", type = \"enum\" }]".into(),
            "needs options",
        ),
        (
            "[registration]\nprofile = [{ name = \"c\", label = \"C\", type = \"boolean\", max_length = 3 }]".into(),
            "only text",
        ),
        (
            "[registration]\nenroll = [\"okta_verify\", \"password\"]".into(),
            "password comes first",
        ),
        ("[registration]\nenroll = [\"fax\"]".into(), "fax"),
        (
            "[registration]\nenabled = true\nenroll = [\"okta_verify\"]".into(),
            "start with password",
        ),
        (user_toml("status = \"PROVISIONED\""), "activation_token"),
        (user_toml("activation_token = \"t\""), "PROVISIONED"),
    ] {
        let err = Config::from_toml(&toml).unwrap_err();
        assert!(err.contains(says), "{toml}: {err}");
    }
}

fn user_toml(extra: &str) -> String {
    format!(
        "[[user]]\nusername = \"u@example.com\"\npassword = \"pw\"\nphone = \"+15551234567\"\n{extra}"
    )
}

#[test]
fn authenticator_lists_are_checked() {
    let ok = Config::from_toml(&user_toml(
        "authenticators = [\"okta_email\", \"phone_number\", \"google_otp\", \"security_question\"]\n\
         enroll_required = [\"okta_email\"]\n\
         security_question = { key = \"custom\", question = \"Which street?\", answer = \"Elm Lane\" }",
    ))
    .unwrap();
    assert_eq!(ok.users[0].authenticators.len(), 4);
    let err = Config::from_toml(&user_toml("authenticators = [\"okta_fax\"]")).unwrap_err();
    assert!(
        err.contains("okta_fax") && err.contains("google_otp"),
        "{err}"
    );
    let err = Config::from_toml(&user_toml("enroll_required = [\"okta_verify\"]")).unwrap_err();
    assert!(err.contains("okta_verify"), "{err}");
    for (extra, says) in [
        (
            "authenticators = [\"security_question\"]",
            "security_question",
        ),
        (
            "authenticators = [\"security_question\"]\nsecurity_question = { key = \"nope\", answer = \"long enough\" }",
            "disliked_food",
        ),
        (
            "authenticators = [\"security_question\"]\nsecurity_question = { key = \"custom\", answer = \"long enough\" }",
            "custom",
        ),
        (
            "authenticators = [\"security_question\"]\nsecurity_question = { key = \"disliked_food\", answer = \"no\" }",
            "4 characters",
        ),
        ("authenticators = [\"okta_email\", \"okta_email\"]", "twice"),
        (
            "password_expired = true\npassword_expires_in_days = 3",
            "both",
        ),
    ] {
        let err = Config::from_toml(&user_toml(extra)).unwrap_err();
        assert!(err.contains(says), "{extra}: {err}");
    }
    let err = Config::from_toml(
        "[[user]]\nusername = \"u\"\npassword = \"p\"\nauthenticators = [\"phone_number\"]",
    )
    .unwrap_err();
    assert!(err.contains("phone"), "{err}");
    let err =
        Config::from_toml("[password_complexity]\nexcludeAttributes = [\"email\"]").unwrap_err();
    assert!(err.contains("excludeAttributes"), "{err}");
    let err = Config::from_toml("[password_complexity]\nminLen = 3").unwrap_err();
    assert!(err.contains("minLen"), "{err}");
}

#[test]
fn the_demo_keeps_its_first_users_and_adds_the_others() {
    let config = Config::default();
    let names: Vec<&str> = config.users.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(
        names,
        [
            "enroll@example.com",
            "push@example.com",
            "number@example.com",
            "mfa@example.com",
            "setup@example.com",
            "expired@example.com",
            "expiring@example.com",
            "locked@example.com",
            "provisioned@example.com",
            DEMO_FASTPASS_USER,
            "passkey@example.com",
        ]
    );
    assert!(config.validate().is_ok());
    assert_eq!(config.password_complexity.min_length, 8);
    assert!(config.email_magic_link);
}

#[test]
fn settings_are_checked() {
    let mut config = crate::Config::default();
    assert!(config.fastpass.validate(&config).is_ok());
    type Change = fn(&mut FastPassSettings);
    let cases: [(Change, &str); 6] = [
        (|s| s.domain = "localhost".into(), "fastpass.domain"),
        (
            |s| s.domain = "http://localhost:6511".into(),
            "fastpass.domain",
        ),
        (
            |s| s.https_domain = Some("http://x.example".into()),
            "https_domain",
        ),
        (|s| s.challenge_lifetime_secs = 0, "challenge_lifetime_secs"),
        (
            |s| {
                s.devices = vec![Device {
                    username: "nobody@example.com".into(),
                    name: default_device_name(),
                    key: None,
                    id: None,
                }]
            },
            "not a configured user",
        ),
        (
            |s| {
                s.devices = vec![Device {
                    username: "push@example.com".into(),
                    name: default_device_name(),
                    key: Some("short".into()),
                    id: None,
                }]
            },
            "16 characters",
        ),
    ];
    for (change, says) in cases {
        let mut settings = FastPassSettings::default();
        change(&mut settings);
        config.fastpass = settings;
        let err = config.fastpass.validate(&config).unwrap_err();
        assert!(err.contains(says), "{err}");
    }
}

#[test]
fn okta_ports_unless_configured() {
    let mut s = FastPassSettings::default();
    assert_eq!(s.challenge_ports(), OKTA_PORTS);
    assert!(s.loopback_origins().is_empty(), "no device, no FastPass");
    s.devices = crate::Config::default().fastpass.devices;
    s.https_domain = Some("https://o.example".into());
    s.ports = vec![6512];
    assert_eq!(
        s.loopback_origins(),
        ["https://o.example:6512", "http://localhost:6512"]
    );
    s.ports = vec![8769];
    assert_eq!(s.challenge_ports(), [8769]);
    let device = Device {
        username: "a@example.com".into(),
        name: default_device_name(),
        key: Some("0123456789abcdef-secret".into()),
        id: None,
    };
    assert!(
        !format!("{device:?}").contains("secret"),
        "Debug hides the key"
    );
}

//! Every real IDX fixture parses, and a table states, for each one, the facts a client needs:
//! testdata/idx/FACTS.toml, one row per fixture of INDEX.md (the keys are explained there).

use idx_protocol::model::MessagePlace;
use idx_protocol::{Field, Form, IdxResponse, testdata};
use serde::Deserialize;

/// What kind of body a fixture holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Kind {
    #[default]
    Idx,
    Interact,
    Tokens,
    #[serde(rename = "oauth-error")]
    OAuthError,
    OktaError,
    Discovery,
}

/// The facts a client needs from one fixture: one row of FACTS.toml.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Fact {
    file: String,
    kind: Kind,
    remediations: Vec<String>,
    refresh: Option<u64>,
    qr: bool,
    channel: Option<String>,
    answer: Option<String>,
    resend: Option<String>,
    methods: Vec<String>,
    /// (i18n key, place) where place is `global` or `remediation:field.path`.
    messages: Vec<(String, String)>,
    success: bool,
    /// JSON pointers of what a hand-written mock left as a template placeholder (an
    /// `enrollmentAuthenticator` with no `value`, a list of enrollments holding a string, an
    /// option with no value), which the model reads as absent so the rest of the state still
    /// works; applied in order.
    unreadable: Vec<String>,
}

/// The rows of testdata/idx/FACTS.toml, in file order.
fn facts() -> Vec<Fact> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Table {
        fixture: Vec<Fact>,
    }
    let path = testdata::dir().join("FACTS.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let table: Table = toml::from_str(&text).unwrap_or_else(|e| panic!("FACTS.toml: {e}"));
    table.fixture
}

fn method_options(fields: &[Field], out: &mut Vec<String>) {
    for field in fields {
        if field.name == "methodType" {
            for o in field.options() {
                if let Some(v) = o.plain_str()
                    && !out.iter().any(|m| m == v)
                {
                    out.push(v.to_owned());
                }
            }
        }
        if let Some(sub) = field.sub_fields() {
            method_options(sub, out);
        }
        for o in field.options() {
            if let Some(sub) = o.sub_fields() {
                method_options(sub, out);
            }
        }
    }
}

fn primary_methods(primary: Option<&Form>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(form) = primary {
        method_options(&form.value, &mut out);
    }
    out
}

fn place_text(place: &MessagePlace) -> String {
    match place {
        MessagePlace::Global => "global".to_owned(),
        MessagePlace::Field { remediation, path } => format!("{remediation}:{path}"),
    }
}

fn check_idx(fact: &Fact, state: &IdxResponse) {
    let names: Vec<&str> = state
        .remediations()
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, fact.remediations, "{}: remediations", fact.file);
    assert_eq!(
        state.primary().and_then(|f| f.refresh),
        fact.refresh,
        "{}: refresh",
        fact.file
    );
    let data = state.contextual_data();
    let qr = data
        .and_then(|d| d.qrcode.as_ref())
        .is_some_and(|q| q.href.starts_with("data:image/png;base64,"));
    assert_eq!(qr, fact.qr, "{}: QR code", fact.file);
    assert_eq!(
        data.and_then(|d| d.selected_channel.as_deref()),
        fact.channel.as_deref(),
        "{}: channel",
        fact.file
    );
    assert_eq!(
        state.correct_answer(),
        fact.answer.as_deref(),
        "{}: number",
        fact.file
    );
    let resend = state
        .current()
        .and_then(|a| a.resend.as_ref())
        .and_then(|r| r.href.as_deref());
    assert_eq!(
        resend,
        fact.resend.as_deref(),
        "{}: resend action",
        fact.file
    );
    assert_eq!(
        primary_methods(state.primary()),
        fact.methods,
        "{}: methodType options",
        fact.file
    );
    let messages: Vec<(String, String)> = state
        .all_messages()
        .iter()
        .map(|(place, m)| (m.key().unwrap_or_default().to_owned(), place_text(place)))
        .collect();
    assert_eq!(messages, fact.messages, "{}: messages", fact.file);
    assert_eq!(
        state.success_with_interaction_code.is_some(),
        fact.success,
        "{}: success",
        fact.file
    );
    // A state with nothing to do next is terminal; the client must know that without guessing.
    let terminal = fact.remediations.is_empty() && !fact.success && state.success.is_none();
    assert_eq!(state.is_terminal(), terminal, "{}: terminal", fact.file);
}

/// Removes the member or array element a JSON pointer names.
fn remove_at(json: &mut serde_json::Value, pointer: &str) {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    match json.pointer_mut(parent) {
        Some(serde_json::Value::Object(map)) => {
            map.remove(last);
        }
        Some(serde_json::Value::Array(list)) => {
            list.remove(last.parse::<usize>().unwrap());
        }
        _ => panic!("nothing at {pointer}"),
    }
}

#[test]
fn the_table_covers_every_fixture() {
    let listed: Vec<String> = facts().into_iter().map(|f| f.file).collect();
    let on_disk = testdata::all();
    assert_eq!(on_disk.len(), 187, "expected the 187 fixtures of INDEX.md");
    assert_eq!(listed, on_disk);
}

#[test]
fn every_fixture_parses_and_states_its_facts() {
    for fact in &facts() {
        let text = testdata::text(&fact.file);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        match fact.kind {
            Kind::Idx => {
                let state = IdxResponse::from_json(&text)
                    .unwrap_or_else(|e| panic!("{} does not parse: {e}", fact.file));
                check_idx(fact, &state);
                // Nothing is lost: the typed model serialises back to the same JSON, but for
                // the context objects a mock left as template placeholders, which the model
                // reads as absent so the rest of the state still works.
                let back = serde_json::to_value(&state).unwrap();
                let mut json = normalised(json);
                for pointer in &fact.unreadable {
                    remove_at(&mut json, pointer);
                }
                if let Some(path) = first_difference(&back, &json, "$") {
                    panic!("{}: the model loses or changes {path}", fact.file);
                }
            }
            Kind::Interact => assert!(json["interaction_handle"].is_string(), "{}", fact.file),
            Kind::Tokens => {
                let tokens: idx_protocol::TokenResponse = serde_json::from_value(json).unwrap();
                assert_eq!(tokens.token_type, "Bearer", "{}", fact.file);
                assert!(tokens.id_token.is_some(), "{}", fact.file);
            }
            Kind::OAuthError => assert!(json["error"].is_string(), "{}", fact.file),
            Kind::OktaError => assert!(json["errorCode"].is_string(), "{}", fact.file),
            Kind::Discovery => assert!(json["token_endpoint"].is_string(), "{}", fact.file),
        }
    }
}

/// The fixture as the model reads it: booleans that a mock wrote as strings become booleans,
/// the QR code's misspelt `Type` becomes `type`, and a form's lone `relatesTo` a list.
fn normalised(mut json: serde_json::Value) -> serde_json::Value {
    fn walk(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                if !map.contains_key("type")
                    && let Some(t) = map.remove("Type")
                {
                    map.insert("type".into(), t);
                }
                // A form's `relatesTo` spelt as one pointer (older mocks) is read as a list.
                if map.contains_key("rel")
                    && let Some(serde_json::Value::String(p)) = map.get("relatesTo").cloned()
                {
                    map.insert("relatesTo".into(), serde_json::json!([p]));
                }
                for (k, child) in map.iter_mut() {
                    let is_flag =
                        matches!(k.as_str(), "required" | "mutable" | "visible" | "secret");
                    if let (true, serde_json::Value::String(s)) = (is_flag, &*child)
                        && let Ok(b) = s.parse::<bool>()
                    {
                        *child = serde_json::Value::Bool(b);
                    }
                    walk(child);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut json);
    json
}

/// The JSON path of the first place two values differ.
fn first_difference(a: &serde_json::Value, b: &serde_json::Value, path: &str) -> Option<String> {
    use serde_json::Value::{Array, Object};
    match (a, b) {
        (Object(x), Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                match (x.get(key), y.get(key)) {
                    (Some(l), Some(r)) => {
                        if let Some(p) = first_difference(l, r, &format!("{path}.{key}")) {
                            return Some(p);
                        }
                    }
                    _ => return Some(format!("{path}.{key}")),
                }
            }
            None
        }
        (Array(x), Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (l, r))| first_difference(l, r, &format!("{path}[{i}]"))),
        _ => (a != b).then(|| path.to_owned()),
    }
}

/// `Debug` of a whole state, a success form or a poll form shows no credential: the state
/// handle, the interaction code and a pre-filled passcode all print as `[redacted]`.
#[test]
fn debug_output_never_shows_a_credential() {
    for rel in [
        "siw-v3/idp/idx/challenge/verify-ov-push-manual.json",
        "siw-playground/idp/idx/success-with-interaction-code.json",
        "siw-v3/idp/idx/introspect/default.json",
        "siw-playground/idp/idx/success.json",
        "siw-playground/idp/idx/success-redirect-remediation.json",
        "siw-v3/idp/idx/credential/enroll/enroll-okta-verify-mfa.json",
    ] {
        let text = testdata::text(rel);
        let state = IdxResponse::from_json(&text).unwrap();
        let printed = format!("{state:?}");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let mut secrets = Vec::new();
        collect_credentials(&json, &mut secrets);
        assert!(!secrets.is_empty(), "{rel} has credentials to hide");
        for secret in secrets {
            assert!(!printed.contains(&secret), "{rel}: {secret} printed");
        }
        assert!(printed.contains("[redacted]"));
    }
}

/// The values of `stateHandle` and `interaction_code` anywhere in a document, the `stateToken`
/// of an Okta-hosted success's address and a QR code's image (it encodes an activation link).
fn collect_credentials(json: &serde_json::Value, out: &mut Vec<String>) {
    match json {
        serde_json::Value::String(v) if v.starts_with("data:image/png") => out.push(v.clone()),
        serde_json::Value::String(v) if v.contains("stateToken=") => {
            out.extend(v.split("stateToken=").nth(1).map(str::to_owned));
        }
        serde_json::Value::Object(map) => {
            if let (Some(name), Some(serde_json::Value::String(v))) =
                (map.get("name").and_then(|n| n.as_str()), map.get("value"))
                && matches!(name, "stateHandle" | "interaction_code")
            {
                out.push(v.clone());
            }
            if let Some(serde_json::Value::String(v)) = map.get("stateHandle") {
                out.push(v.clone());
            }
            map.values().for_each(|v| collect_credentials(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_credentials(v, out)),
        _ => {}
    }
}

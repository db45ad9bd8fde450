//! The shape comparison: whether our document has, at every level, the member names of one of
//! Okta's recorded states (values aside).

use serde_json::Value;

pub use idx_protocol::testdata::json as fixture;

/// What identifies an element of an array, so elements are compared with their counterpart.
fn identity(v: &Value) -> Option<String> {
    let o = v.as_object()?;
    for key in ["name", "key", "type"] {
        if let Some(Value::String(s)) = o.get(key) {
            return Some(format!("{key}={s}"));
        }
    }
    if let Some(k) = v.pointer("/i18n/key").and_then(Value::as_str) {
        return Some(format!("i18n={k}"));
    }
    // Authenticator options carry no stable identity (labels vary, some mocks leave them
    // empty): they are compared with our first option instead.
    match o.get("value") {
        Some(Value::String(s)) => Some(format!("value={s}")),
        _ => None,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Members that only Okta's older hand-written mocks carry (`step` appears only in older
/// mocks; `authenticatorId` and a password `profile.name` appear in no recorded
/// response). They are not asked of idx-sim.
const LEGACY_ONLY: &[&str] = &["step", "authenticatorId"];

/// Every member path of `real` missing from `ours` (or of another JSON type there).
pub fn missing(real: &Value, ours: &Value, path: &str, out: &mut Vec<String>) {
    match (real, ours) {
        (Value::Object(r), Value::Object(o)) => {
            for (key, rv) in r {
                match o.get(key) {
                    Some(ov) => missing(rv, ov, &format!("{path}.{key}"), out),
                    None if LEGACY_ONLY.contains(&key.as_str()) => {}
                    None => out.push(format!("{path}.{key}")),
                }
            }
        }
        (Value::Array(r), Value::Array(o)) => {
            let mut matched = 0;
            for (i, rv) in r.iter().enumerate() {
                let label = rv
                    .get("label")
                    .and_then(Value::as_str)
                    .filter(|l| !l.is_empty());
                let counterpart = match (identity(rv), label) {
                    (Some(id), _) => o.iter().find(|ov| identity(ov).as_ref() == Some(&id)),
                    (None, Some(label)) => o
                        .iter()
                        .find(|ov| ov.get("label").and_then(Value::as_str) == Some(label)),
                    (None, None) if i == 0 => o.first(),
                    (None, None) => None,
                };
                if let Some(ov) = counterpart {
                    matched += 1;
                    missing(
                        rv,
                        ov,
                        &format!("{path}[{}]", identity(rv).unwrap_or_default()),
                        out,
                    );
                }
            }
            if matched == 0 && !r.is_empty() && r.iter().any(Value::is_object) {
                out.push(format!("{path}[] (no element in common)"));
            }
        }
        (r, o) if kind(r) != kind(o) && !(r.is_null() || o.is_null()) => {
            out.push(format!("{path} ({} in Okta, {} here)", kind(r), kind(o)));
        }
        _ => {}
    }
}

pub fn assert_shape(what: &str, ours: &Value, fixture_path: &str) {
    let mut out = Vec::new();
    missing(&fixture(fixture_path), ours, "$", &mut out);
    assert!(
        out.is_empty(),
        "{what} lacks what {fixture_path} has:\n  {}",
        out.join("\n  ")
    );
}

/// One of Okta's recorded states in `testdata/idx/siw-playground/idp/idx`, by file name.
pub fn okta_state(name: &str) -> Value {
    fixture(&format!("{}{name}", idx_protocol::testdata::PLAYGROUND))
}

/// Some parts of a recorded state (`real`, named `name`): a remediation by name
/// (`remediation:NAME`) or a top-level member. For Okta's hand-written mocks whose other parts
/// list authenticators idx-sim does not have (WebAuthn, RSA, …) under other labels.
pub fn assert_parts(what: &str, ours: &Value, real: &Value, name: &str, parts: &[&str]) {
    let pick = |doc: &Value, part: &str| -> Value {
        match part.strip_prefix("remediation:") {
            Some(form) => doc["remediation"]["value"]
                .as_array()
                .and_then(|list| list.iter().find(|f| f["name"] == form))
                .cloned()
                .unwrap_or(Value::Null),
            None => doc[part].clone(),
        }
    };
    let mut out = Vec::new();
    for part in parts {
        let (r, o) = (pick(real, part), pick(ours, part));
        assert!(!r.is_null(), "{name} has no {part}");
        assert!(!o.is_null(), "{what} has no {part}");
        missing(&r, &o, &format!("$.{part}"), &mut out);
    }
    assert!(
        out.is_empty(),
        "{what} lacks what {name} has:\n  {}",
        out.join("\n  ")
    );
}

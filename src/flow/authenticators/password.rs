//! The password: asked on its own, and a new one (enrollment, reset, expired, expiring soon)
//! with the org's requirements from `settings.complexity`, each checked as the person types.

use idx_protocol::model::Authenticator;
use idx_protocol::names::{field, remediation};
use idx_protocol::{Form, IdxResponse};
use serde_json::Value;

use crate::flow::step::{PasswordReason, Rule, StepKind};

/// The rules in `settings` (`complexity` and `age`), in the order Okta's widget lists them.
pub fn rules(settings: Option<&Value>) -> Vec<Rule> {
    let Some(settings) = settings else {
        return Vec::new();
    };
    let number = |v: Option<&Value>| {
        v.and_then(Value::as_u64)
            .filter(|n| *n > 0)
            .map(|n| n.min(u64::from(u32::MAX)) as u32)
    };
    let complexity = settings.get("complexity");
    let at = |name: &str| complexity.and_then(|c| c.get(name));
    let flag = |name: &str| at(name).and_then(Value::as_bool).unwrap_or(false);
    let excluded = |name: &str| {
        at("excludeAttributes")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|v| v.as_str() == Some(name)))
    };
    let mut out = Vec::new();
    if let Some(n) = number(at("minLength")) {
        out.push(Rule::MinLength(n));
    }
    if number(at("minLowerCase")).is_some() {
        out.push(Rule::Lowercase);
    }
    if number(at("minUpperCase")).is_some() {
        out.push(Rule::Uppercase);
    }
    if number(at("minNumber")).is_some() {
        out.push(Rule::Number);
    }
    if number(at("minSymbol")).is_some() {
        out.push(Rule::Symbol);
    }
    if flag("excludeUsername") {
        out.push(Rule::NoUsername);
    }
    if flag("excludeFirstName") || excluded("firstName") {
        out.push(Rule::NoFirstName);
    }
    if flag("excludeLastName") || excluded("lastName") {
        out.push(Rule::NoLastName);
    }
    if let Some(n) = number(at("maxConsecutiveRepeatingCharacters")) {
        out.push(Rule::MaxRepeat(n));
    }
    let age = settings.get("age");
    if let Some(n) = number(age.and_then(|a| a.get("historyCount"))) {
        out.push(Rule::History(n));
    }
    if let Some(n) = number(age.and_then(|a| a.get("minAgeMinutes"))) {
        out.push(Rule::MinAgeMinutes(n));
    }
    out
}

/// The password step a form means.
pub fn step(state: &IdxResponse, form: &Form, password: &Authenticator) -> Option<StepKind> {
    form.field_at(field::CREDENTIALS_PASSCODE)?;
    let settings = password.extra.get("settings");
    let reason = match form.name.as_str() {
        remediation::CHALLENGE_AUTHENTICATOR => return Some(StepKind::Password),
        remediation::ENROLL_AUTHENTICATOR => PasswordReason::Enroll,
        remediation::RESET_AUTHENTICATOR => PasswordReason::Reset,
        remediation::REENROLL_AUTHENTICATOR => PasswordReason::Expired,
        remediation::REENROLL_AUTHENTICATOR_WARNING => PasswordReason::Expiring(
            settings
                .and_then(|s| s.get("daysToExpiry"))
                .and_then(Value::as_u64)
                .map(|d| d.min(u64::from(u32::MAX)) as u32),
        ),
        _ => return None,
    };
    Some(StepKind::NewPassword {
        reason,
        rules: rules(settings),
        revoke_sessions: form
            .field(field::CREDENTIALS)
            .and_then(|c| c.sub_fields())
            .is_some_and(|s| s.iter().any(|f| f.name == field::REVOKE_SESSIONS)),
        username: state.user.as_ref().and_then(|u| u.value.identifier.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn okta_policy_becomes_rules_in_order() {
        let settings = json!({
            "complexity": {"minLength": 8, "minLowerCase": 1, "minUpperCase": 1, "minNumber": 1,
                "minSymbol": 0, "excludeUsername": true, "excludeAttributes": ["firstName"],
                "maxConsecutiveRepeatingCharacters": 3},
            "age": {"minAgeMinutes": 0, "historyCount": 4}
        });
        assert_eq!(
            rules(Some(&settings)),
            [
                Rule::MinLength(8),
                Rule::Lowercase,
                Rule::Uppercase,
                Rule::Number,
                Rule::NoUsername,
                Rule::NoFirstName,
                Rule::MaxRepeat(3),
                Rule::History(4),
            ]
        );
        assert!(rules(None).is_empty());
    }

    #[test]
    fn each_rule_is_checked_as_typed() {
        let user = Some("ada.lovelace@example.com");
        assert_eq!(Rule::MinLength(8).met("Abc1234", user), Some(false));
        assert_eq!(Rule::MinLength(8).met("Abc12345", user), Some(true));
        assert_eq!(Rule::Lowercase.met("ABC", user), Some(false));
        assert_eq!(Rule::Uppercase.met("abC", user), Some(true));
        assert_eq!(Rule::Number.met("abc", user), Some(false));
        assert_eq!(Rule::Symbol.met("abc!", user), Some(true));
        assert_eq!(Rule::NoUsername.met("xLovelace9!", user), Some(false));
        assert_eq!(Rule::NoUsername.met("Analytical9!", user), Some(true));
        assert_eq!(Rule::NoUsername.met("x", None), None);
        assert_eq!(Rule::MaxRepeat(3).met("aaab", user), Some(true));
        assert_eq!(Rule::MaxRepeat(3).met("aaaab", user), Some(false));
        assert_eq!(Rule::History(4).met("anything", user), None);
    }
}

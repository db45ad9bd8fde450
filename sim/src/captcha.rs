//! CAPTCHA on the first screen (`[captcha]`): the identify form carries Okta's `captchaVerify`
//! (`captchaId`, and a hidden `captchaToken` only the provider's script can fill) and the state
//! names the provider in `captcha`, as Okta's recorded states do. Okta checks the token with
//! the provider; idx-sim accepts the one `token` it is told, so a test's stand-in provider can
//! pass it.

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::ion::Feedback;
use crate::ion::message;

/// The org's CAPTCHA.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `HCAPTCHA` or `RECAPTCHA_V2`, as Okta names them.
    #[serde(rename = "type", default = "hcaptcha")]
    pub kind: String,
    /// The provider's site key for this org.
    #[serde(default = "test_site_key")]
    pub site_key: String,
    /// The CAPTCHA's id at the org (`captchaId`).
    #[serde(default = "default_id")]
    pub id: String,
    /// The one token the org accepts.
    #[serde(default = "default_token")]
    pub token: String,
}

fn hcaptcha() -> String {
    "HCAPTCHA".into()
}

/// hCaptcha's published test site key.
fn test_site_key() -> String {
    "10000000-ffff-ffff-ffff-000000000001".into()
}

fn default_id() -> String {
    "capSim0000000000001".into()
}

fn default_token() -> String {
    "sim-captcha-token".into()
}

impl Settings {
    /// The provider's name, as Okta gives it beside the type.
    fn name(&self) -> &'static str {
        if self.kind == "RECAPTCHA_V2" {
            "reCaptcha"
        } else {
            "hCaptcha"
        }
    }

    /// The identify form's `captchaVerify` field.
    pub fn field(&self) -> Value {
        json!({
            "name": "captchaVerify",
            "form": {"value": [
                {"name": "captchaId", "required": true, "value": self.id, "visible": false, "mutable": false},
                {"name": "captchaToken", "required": true, "visible": false, "hint": "captcha"},
            ]},
            "relatesTo": "$.captcha",
        })
    }

    /// The state's `captcha` member.
    pub fn member(&self) -> Value {
        json!({"type": "object", "value": {
            "id": self.id, "name": self.name(), "siteKey": self.site_key, "type": self.kind,
        }})
    }

    /// Whether the identify request carries this org's CAPTCHA and the accepted token.
    pub fn check(&self, body: &Map<String, Value>) -> Result<(), Feedback> {
        let verify = body.get("captchaVerify");
        let field = |name: &str| verify.and_then(|v| v.get(name)).and_then(Value::as_str);
        if field("captchaId") == Some(self.id.as_str())
            && field("captchaToken") == Some(self.token.as_str())
        {
            Ok(())
        } else {
            Err(Feedback::global(message(
                "E0000001",
                "Api validation failed: captchaToken. The CAPTCHA could not be verified.",
            )))
        }
    }
}

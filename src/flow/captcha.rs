//! CAPTCHA (Okta's `captchaVerify`): an org can put hCaptcha or reCAPTCHA v2 in front of
//! sign-in, sign-up or recovery. Its form then needs a token only the provider's own script
//! gives, so this page cannot send it; the step says so, names the provider, and offers the
//! org's other ways instead of a form the org would refuse.

use idx_protocol::{Form, IdxResponse};

use super::step::StepKind;

/// The form field that carries the provider's token (`captchaVerify.captchaToken`).
pub const FIELD: &str = "captchaVerify";

/// The CAPTCHA step when this form asks for one.
pub fn step(state: &IdxResponse, form: &Form) -> Option<StepKind> {
    form.field(FIELD)?;
    Some(StepKind::Captcha {
        provider: provider(state),
    })
}

/// The provider, as people know it: from the state's `captcha` (its `type`, else its `name`).
fn provider(state: &IdxResponse) -> Option<String> {
    let captcha = state.extra.get("captcha")?.get("value")?;
    let name = match captcha.get("type").and_then(|t| t.as_str()) {
        Some("HCAPTCHA") => "hCaptcha",
        Some("RECAPTCHA_V2") => "reCAPTCHA",
        _ => captcha.get("name")?.as_str()?,
    };
    Some(name.to_owned())
}

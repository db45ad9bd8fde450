//! Code apps and tokens (Google Authenticator, custom OTP, RSA SecurID, on-prem MFA, Symantec
//! VIP, YubiKey): one code step labelled with the server's name for the authenticator, and
//! Google Authenticator's enrollment with its QR code and shared secret.

use idx_protocol::Form;
use idx_protocol::model::Authenticator;
use idx_protocol::names::{field, remediation};

use crate::flow::authenticators::extra_str;
use crate::flow::step::{CodeSource, Purpose, StepKind, safe_png_data_uri};

/// The code-app step a form means: only forms whose one input is the code; the rest (an RSA
/// PIN change, Symantec's two codes) fall to the generic form.
pub fn step(form: &Form, app: &Authenticator) -> Option<StepKind> {
    let name = app.display_name.clone().unwrap_or_default();
    let credentials = form.field(field::CREDENTIALS)?.sub_fields()?;
    let only_code = credentials
        .iter()
        .filter(|f| f.is_mutable() && f.is_visible())
        .all(|f| f.name == field::PASSCODE);
    if !only_code || form.field_at(field::CREDENTIALS_PASSCODE).is_none() {
        return None;
    }
    match form.name.as_str() {
        remediation::CHALLENGE_AUTHENTICATOR => Some(StepKind::Passcode {
            source: CodeSource::App,
            purpose: Purpose::Verify,
            authenticator: name,
            sent_to: None,
            can_resend: false,
        }),
        remediation::ENROLL_AUTHENTICATOR => {
            let qr = app.contextual_data.as_ref().and_then(|d| d.qrcode.as_ref());
            let secret = extra_str(app, &["sharedSecret"]).map(str::to_owned);
            if qr.is_none() && secret.is_none() {
                return Some(StepKind::Passcode {
                    source: CodeSource::App,
                    purpose: Purpose::Enroll,
                    authenticator: name,
                    sent_to: None,
                    can_resend: false,
                });
            }
            Some(StepKind::EnrollApp {
                authenticator: name,
                qr_src: qr.and_then(|q| safe_png_data_uri(&q.href)),
                secret,
            })
        }
        _ => None,
    }
}

//! Code apps and tokens: one code step named after the authenticator, and Google
//! Authenticator's enrollment (QR code, setup key, then the code).

use leptos::prelude::*;

use crate::flow::Purpose;
use crate::strings::Text;
use crate::ui::common::ui;
use crate::ui::views::secret::PasscodeForm;

#[component]
pub fn OtpCode(authenticator: String, purpose: Purpose) -> impl IntoView {
    let ui = ui();
    let title = match purpose {
        Purpose::Enroll => Text::OtpEnrollTitle,
        Purpose::Verify | Purpose::Recover => Text::OtpTitle,
    };
    view! {
        <PasscodeForm title=ui.fill(title, "authenticator", &authenticator)
            text=ui.fill(Text::OtpText, "authenticator", &authenticator) resend=None numeric=false/>
    }
}

#[component]
pub fn EnrollApp(
    authenticator: String,
    qr_src: Option<String>,
    secret: Option<String>,
) -> impl IntoView {
    let ui = ui();
    let alt = ui.fill(Text::OtpQrAlt, "authenticator", &authenticator);
    view! {
        <PasscodeForm title=ui.fill(Text::OtpEnrollTitle, "authenticator", &authenticator)
            text=ui.fill(Text::OtpEnrollScan, "authenticator", &authenticator) resend=None>
            {qr_src.map(|src| view! { <img class="idx-qr" src=src alt=alt.clone() width="200" height="200"/> })}
            {secret.clone().map(|secret| view! {
                <p>{ui.t(Text::OtpSecret)}" "<code class="idx-secret">{secret}</code></p>
            })}
        </PasscodeForm>
    }
}

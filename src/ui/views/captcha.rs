//! A step the org guards with a CAPTCHA this page cannot show (`flow::captcha`): why there is
//! no form, and the org's other ways (identity providers, sign-up, recovery, back to sign in).

use leptos::prelude::*;

use crate::strings::Text;
use crate::ui::common::{Heading, Links, Messages, ui};
use crate::ui::views::idp::IdpButtons;

#[component]
pub fn Captcha(provider: Option<String>) -> impl IntoView {
    let ui = ui();
    let provider = provider.unwrap_or_else(|| "CAPTCHA".to_owned());
    view! {
        <Heading text=ui.t(Text::CaptchaTitle)/>
        <Messages/>
        <p class="idx-callout" data-se="captcha-unsupported">
            {ui.fill(Text::CaptchaUnsupported, "provider", &provider)}
        </p>
        <IdpButtons/>
        <Links/>
    }
}

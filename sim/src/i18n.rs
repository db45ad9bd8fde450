//! idx-sim's messages in French besides English, chosen by the request's `Accept-Language` as
//! Okta chooses the language of its own messages; the i18n keys stay as they are.

use axum::http::{HeaderMap, header};
use serde_json::Value;

/// English text → French text, for every fixed message idx-sim sends.
const FRENCH: &[(&str, &str)] = &[
    ("Invalid code. Try again.", "Code non valide. Réessayez."),
    (
        "You have chosen to reject this login.",
        "Vous avez choisi de refuser cette connexion.",
    ),
    ("Password is incorrect", "Le mot de passe est incorrect"),
    (
        "This field cannot be left blank",
        "Ce champ est obligatoire",
    ),
    (
        "This action is not available at this step.",
        "Cette action n'est pas disponible à cette étape.",
    ),
    (
        "Password recovery is not available in idx-sim.",
        "La récupération du mot de passe n'est pas disponible dans idx-sim.",
    ),
    (
        "Enter a phone number in international format, such as +15551234567.",
        "Saisissez un numéro de téléphone au format international, par exemple +15551234567.",
    ),
    (
        "Enter a valid email address.",
        "Saisissez une adresse e-mail valide.",
    ),
    ("The session has expired.", "La session a expiré."),
    ("Invalid Phone Number.", "Numéro de téléphone non valide."),
    (
        "You have reached the limit of sms requests, please try again later.",
        "Vous avez atteint la limite de demandes de SMS. Réessayez plus tard.",
    ),
    (
        "You have reached the limit of call requests, please try again later.",
        "Vous avez atteint la limite de demandes d'appel. Réessayez plus tard.",
    ),
    (
        "Your code doesn't match our records. Please try again.",
        "Votre code ne correspond pas à nos enregistrements. Réessayez.",
    ),
    (
        "Each code can only be used once. Please wait for a new code and try again.",
        "Chaque code ne peut servir qu'une fois. Attendez un nouveau code et réessayez.",
    ),
    (
        "Your answer doesn't match our records. Please try again.",
        "Votre réponse ne correspond pas à nos enregistrements. Réessayez.",
    ),
    (
        "The security question answer must be at least 4 characters in length",
        "La réponse à la question de sécurité doit comporter au moins 4 caractères",
    ),
    (
        "The answer must not contain words from the question.",
        "La réponse ne doit pas contenir de mots de la question.",
    ),
    (
        "This password was found in a list of commonly used passwords. Please try another password.",
        "Ce mot de passe figure dans une liste de mots de passe courants. Choisissez-en un autre.",
    ),
    (
        "Please return to the original tab.",
        "Revenez à l'onglet d'origine.",
    ),
];

/// The one message with a value in it: the username nobody has.
const UNKNOWN_USER: (&str, &str) = (
    "There is no account with the Username ",
    "Il n'existe aucun compte avec le nom d'utilisateur ",
);

/// Whether the client asks for French before English: the `Accept-Language` ranges by their
/// weight (`q`, 1 when absent), the first whose language idx-sim speaks.
pub fn wants_french(headers: &HeaderMap) -> bool {
    let Some(accept) = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut ranges: Vec<(f32, String)> = accept
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let tag = parts.next()?.trim().to_ascii_lowercase();
            let weight = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            let primary = tag.split('-').next()?.to_owned();
            (weight > 0.0).then_some((weight, primary))
        })
        .collect();
    // A stable sort keeps the header's order among equal weights.
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranges
        .iter()
        .find(|(_, language)| language == "en" || language == "fr")
        .is_some_and(|(_, language)| language == "fr")
}

/// Puts every message of an IDX body that idx-sim knows into French (the fixed ones, and the
/// unknown username's with its value kept).
pub fn to_french(body: &mut Value) {
    match body {
        Value::Object(map) => {
            if map.contains_key("i18n")
                && let Some(Value::String(text)) = map.get_mut("message")
            {
                if let Some((_, french)) = FRENCH.iter().find(|(english, _)| english == text) {
                    *text = (*french).to_owned();
                } else if let Some(username) = text
                    .strip_prefix(UNKNOWN_USER.0)
                    .and_then(|rest| rest.strip_suffix('.'))
                {
                    *text = format!("{}{username}.", UNKNOWN_USER.1);
                }
            }
            map.values_mut().for_each(to_french);
        }
        Value::Array(items) => items.iter_mut().for_each(to_french),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn asks(accept: &str) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_LANGUAGE,
            HeaderValue::from_str(accept).unwrap(),
        );
        wants_french(&headers)
    }

    #[test]
    fn french_when_it_comes_before_english() {
        assert!(asks("fr"));
        assert!(asks("fr-CA,fr;q=0.9,en;q=0.8"));
        assert!(asks("de, fr;q=0.9, en;q=0.5"));
        assert!(asks("en;q=0.5, fr"));
        assert!(!asks("en-US,en;q=0.9,fr;q=0.8"));
        assert!(!asks("de"));
        assert!(!asks("fr;q=0, en"));
        assert!(!asks("garbage;;;q=x"));
        assert!(!wants_french(&HeaderMap::new()));
    }

    #[test]
    fn known_messages_are_translated_wherever_they_sit() {
        let mut body = serde_json::json!({
            "messages": {"value": [
                {"message": "The session has expired.", "i18n": {"key": "idx.session.expired"}},
                {"message": "Something idx-sim does not know", "i18n": {"key": "x"}},
                {"message": "There is no account with the Username a@b.c.", "i18n": {"key": "idx.unknown.user"}}
            ]},
            "remediation": {"value": [{"value": [{"messages": {"value": [
                {"message": "Invalid code. Try again.", "i18n": {"key": "api.authn.error.PASSCODE_INVALID"}}
            ]}}]}]}
        });
        to_french(&mut body);
        assert_eq!(
            body["messages"]["value"][0]["message"],
            "La session a expiré."
        );
        assert_eq!(
            body["messages"]["value"][1]["message"],
            "Something idx-sim does not know"
        );
        assert_eq!(
            body["messages"]["value"][2]["message"],
            "Il n'existe aucun compte avec le nom d'utilisateur a@b.c."
        );
        assert_eq!(
            body["remediation"]["value"][0]["value"][0]["messages"]["value"][0]["message"],
            "Code non valide. Réessayez."
        );
    }
}

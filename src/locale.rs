//! The languages the widget speaks besides English, and which one a page gets. Each is a JSON
//! table (`src/locales/{tag}.json`) from the keys of [`Text`](crate::strings::Text) to the
//! team's own wording. Natively they are compiled in; in the browser only English is, and the
//! one table a page needs is fetched from beside the widget's own files (`ui::locales`) and
//! [`provide`]d before the widget starts: five languages would be a fifth of the download for
//! everyone, and a page speaks one.

use std::collections::HashMap;

/// English, the language of the strings in `strings.rs`.
pub const ENGLISH: &str = "en";

/// Every other language, by its BCP 47 tag.
pub const TAGS: &[&str] = &["fr", "de", "es", "pt-BR", "ja"];

/// Every other language: its BCP 47 tag and its table.
#[cfg(not(target_arch = "wasm32"))]
pub const LOCALES: &[(&str, &str)] = &[
    ("fr", include_str!("locales/fr.json")),
    ("de", include_str!("locales/de.json")),
    ("es", include_str!("locales/es.json")),
    ("pt-BR", include_str!("locales/pt-BR.json")),
    ("ja", include_str!("locales/ja.json")),
];

/// The language to speak, from the user's preferences in order (a `language` setting, or the
/// browser's `navigator.languages`): the first that matches a supported tag exactly (ignoring
/// case), else by its primary language (`fr-CA` → `fr`, `pt-PT` → `pt-BR`, `en-GB` → `en`);
/// English when none does.
pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> &'static str {
    let supported = || std::iter::once(ENGLISH).chain(TAGS.iter().copied());
    let primary = |tag: &str| {
        tag.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    for wanted in preferred {
        let wanted = wanted.trim();
        if let Some(tag) = supported().find(|t| t.eq_ignore_ascii_case(wanted)) {
            return tag;
        }
        if let Some(tag) = supported().find(|t| primary(t) == primary(wanted)) {
            return tag;
        }
    }
    ENGLISH
}

/// The widget's own spelling of `tag` when it speaks that very language; `None` for any
/// other. It matches and does not negotiate: [`negotiate`] chose the tag once already
/// (`Config::with_language`), and a second, different choice must not be possible.
pub fn spoken(tag: &str) -> Option<&'static str> {
    std::iter::once(ENGLISH)
        .chain(TAGS.iter().copied())
        .find(|t| *t == tag)
}

/// The table of a supported language other than English.
#[cfg(not(target_arch = "wasm32"))]
pub fn table(tag: &str) -> HashMap<String, String> {
    LOCALES
        .iter()
        .find(|(t, _)| *t == tag)
        .and_then(|(_, json)| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

/// The table of a supported language other than English, once [`provide`]d.
#[cfg(target_arch = "wasm32")]
pub fn table(tag: &str) -> HashMap<String, String> {
    FETCHED.with_borrow(|fetched| fetched.get(tag).cloned().unwrap_or_default())
}

#[cfg(target_arch = "wasm32")]
thread_local! {
    static FETCHED: std::cell::RefCell<HashMap<String, HashMap<String, String>>> =
        std::cell::RefCell::default();
}

/// Whether the widget can speak `tag` without fetching anything first.
pub fn ready(tag: &str) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        tag == ENGLISH || FETCHED.with_borrow(|fetched| fetched.contains_key(tag))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = tag;
        true
    }
}

/// Keeps a fetched table for the page's lifetime (a second widget needs no second fetch).
/// Natively every table is compiled in, and this is never needed.
pub fn provide(tag: &str, table: HashMap<String, String>) {
    #[cfg(target_arch = "wasm32")]
    FETCHED.with_borrow_mut(|fetched| fetched.insert(tag.to_owned(), table));
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (tag, table);
}

// Natively, where the tables are compiled in.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::strings::Text;

    /// Every place a person reads the list of languages names exactly these, in this order
    /// (the list is written out in docs and types that cannot import it).
    #[test]
    fn every_written_list_of_languages_is_this_one() {
        let ours: Vec<&str> = std::iter::once(ENGLISH)
            .chain(TAGS.iter().copied())
            .collect();
        for (file, text, quote, first) in [
            ("src/config.rs", include_str!("config.rs"), '`', ENGLISH),
            ("src/js.rs", include_str!("js.rs"), '"', ENGLISH),
            ("README.md", include_str!("../README.md"), '`', ENGLISH),
            (
                "npm/README.md",
                include_str!("../npm/README.md"),
                '`',
                ENGLISH,
            ),
            (
                "tests/bundle.rs",
                include_str!("../tests/bundle.rs"),
                '"',
                TAGS[0],
            ),
        ] {
            let opening = format!("{quote}{first}{quote}, {quote}");
            let lists: Vec<Vec<&str>> = text
                .match_indices(&opening)
                .map(|(at, _)| {
                    let rest = &text[at..];
                    let end = rest
                        .find([';', '(', ')', ']', '|', '\n'])
                        .unwrap_or(rest.len());
                    rest[..end].split(quote).skip(1).step_by(2).collect()
                })
                .collect();
            assert!(!lists.is_empty(), "{file} lists no languages");
            for list in lists {
                let expected = if first == ENGLISH {
                    &ours[..]
                } else {
                    &ours[1..]
                };
                assert_eq!(list, expected, "{file}'s list of languages");
            }
        }
    }

    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_locale_has_every_key_and_nothing_else_with_the_same_placeholders() {
        let keys: BTreeSet<&str> = Text::ALL.iter().map(|t| t.key()).collect();
        // The browser fetches by TAGS what the native build compiles in by LOCALES.
        assert_eq!(TAGS, LOCALES.iter().map(|(t, _)| *t).collect::<Vec<_>>());
        for (tag, json) in LOCALES {
            let table: HashMap<String, String> = serde_json::from_str(json)
                .unwrap_or_else(|e| panic!("locales/{tag}.json is not a table: {e}"));
            let theirs: BTreeSet<&str> = table.keys().map(String::as_str).collect();
            let missing: Vec<_> = keys.difference(&theirs).collect();
            let unknown: Vec<_> = theirs.difference(&keys).collect();
            assert!(missing.is_empty(), "locales/{tag}.json misses {missing:?}");
            assert!(
                unknown.is_empty(),
                "locales/{tag}.json has unknown keys {unknown:?}"
            );
            for text in Text::ALL {
                let translated = &table[text.key()];
                assert!(
                    !translated.trim().is_empty(),
                    "{tag}: {} is empty",
                    text.key()
                );
                assert_eq!(
                    placeholders(translated),
                    placeholders(text.english()),
                    "{tag}: {} must keep the placeholders of {:?}",
                    text.key(),
                    text.english()
                );
            }
            // Translated, not copied: most texts differ from English.
            let same = Text::ALL
                .iter()
                .filter(|t| table[t.key()] == t.english())
                .count();
            assert!(
                same * 10 < Text::ALL.len(),
                "{tag}: {same} texts are still English"
            );
        }
    }

    #[test]
    fn the_first_preference_that_matches_wins_by_tag_then_by_primary_language() {
        assert_eq!(negotiate(["fr"]), "fr");
        assert_eq!(negotiate(["FR-ca", "de"]), "fr");
        assert_eq!(negotiate(["pt"]), "pt-BR");
        assert_eq!(negotiate(["pt-PT"]), "pt-BR");
        assert_eq!(negotiate(["pt-br"]), "pt-BR");
        assert_eq!(negotiate(["ja-JP"]), "ja");
        assert_eq!(negotiate(["sv", "es-MX", "fr"]), "es");
        assert_eq!(negotiate(["en-GB", "fr"]), "en");
        assert_eq!(negotiate(["sv", "fi"]), "en");
        assert_eq!(negotiate([]), "en");
    }

    #[test]
    fn a_settled_tag_is_matched_not_negotiated_again() {
        assert_eq!(spoken("pt-BR"), Some("pt-BR"));
        assert_eq!(spoken("en"), Some("en"));
        assert_eq!(spoken("fr-CA"), None);
        assert_eq!(spoken("pt"), None);
    }

    #[test]
    fn a_table_is_read_for_a_supported_language_only() {
        assert_eq!(table("fr")["signin.title"], "Se connecter");
        assert_eq!(table("ja")["signin.next"], "次へ");
        assert!(table("en").is_empty());
        assert!(table("xx").is_empty());
    }
}

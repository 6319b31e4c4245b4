//! The interface language: English or Brazilian Portuguese.
//!
//! The choice defaults to the browser's language (`navigator.languages`), is
//! switched with the header's `language-select`, and is remembered in
//! `localStorage`. [`t`] gives a message's text in the current language; the
//! shell re-renders the open section when the language changes, so pages call
//! [`t`] while they render and need no signal of their own. Numbers and dates
//! shown to people follow the language too ([`crate::components::number::human`],
//! [`format_timestamp`]); `data-*` attributes never do.

#[cfg(target_arch = "wasm32")]
mod browser;
mod messages;

#[cfg(target_arch = "wasm32")]
pub use browser::{use_i18n, I18n};
pub use messages::Msg;

use std::cell::Cell;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    PtBr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::PtBr];

    /// BCP 47 tag (also the `<html lang>` value and the stored choice).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::PtBr => "pt-BR",
        }
    }

    /// The language's own name.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::PtBr => "Português (Brasil)",
        }
    }

    /// The language a BCP 47 tag asks for, if we have it (`pt`, `pt-PT` and
    /// `pt-BR` all give Portuguese).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "pt" => Some(Lang::PtBr),
            _ => None,
        }
    }

    /// The decimal separator shown to people.
    pub fn decimal_separator(self) -> char {
        match self {
            Lang::En => '.',
            Lang::PtBr => ',',
        }
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The current language (not tracked: the shell re-renders on a change).
pub fn current() -> Lang {
    CURRENT.with(Cell::get)
}

/// Makes `lang` the current language of [`t`] and the formatters.
fn set_current(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

/// `msg` in the current language.
pub fn t(msg: Msg) -> &'static str {
    msg.text(current())
}

/// An ISO 8601 UTC timestamp (`2026-11-23T18:47:04.739Z`) as people read it in
/// the current language, in UTC: `2026-11-23 18:47` or `23/11/2026 18:47`.
/// Text that is not such a timestamp is returned unchanged.
pub fn format_timestamp(iso: &str) -> String {
    format_timestamp_in(iso, current())
}

fn format_timestamp_in(iso: &str, lang: Lang) -> String {
    let parts = (
        iso.get(0..4),
        iso.get(5..7),
        iso.get(8..10),
        iso.get(11..16),
    );
    let (Some(y), Some(m), Some(d), Some(hm)) = parts else {
        return iso.to_string();
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y) && digits(m) && digits(d)) || iso.get(4..5) != Some("-") {
        return iso.to_string();
    }
    match lang {
        Lang::En => format!("{y}-{m}-{d} {hm}"),
        Lang::PtBr => format!("{d}/{m}/{y} {hm}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_map_to_our_languages() {
        assert_eq!(Lang::from_tag("pt-BR"), Some(Lang::PtBr));
        assert_eq!(Lang::from_tag("pt"), Some(Lang::PtBr));
        assert_eq!(Lang::from_tag("PT_pt"), Some(Lang::PtBr));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de-DE"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn timestamps_read_as_each_language_writes_dates() {
        let iso = "2026-11-23T18:47:04.739Z";
        assert_eq!(format_timestamp_in(iso, Lang::En), "2026-11-23 18:47");
        assert_eq!(format_timestamp_in(iso, Lang::PtBr), "23/11/2026 18:47");
        assert_eq!(format_timestamp_in("yesterday", Lang::PtBr), "yesterday");
        assert_eq!(format_timestamp_in("", Lang::En), "");
    }
}

//! The browser side of the language choice: the signal the shell provides,
//! the remembered choice (`localStorage`) and the browser's languages.

use super::{set_current, Lang};
use leptos::prelude::*;

/// `localStorage` key of the user's choice.
const STORAGE_KEY: &str = "ml-studio-language";

/// The language signal, provided as context by the shell.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// Starts from the remembered choice, else the browser's languages, else English.
    pub fn new() -> I18n {
        let lang = remembered().or_else(browser_language).unwrap_or(Lang::En);
        apply(lang);
        I18n {
            lang: RwSignal::new(lang),
        }
    }

    /// Switches the language and remembers the choice.
    pub fn set(&self, lang: Lang) {
        apply(lang);
        if let Some(storage) = crate::state::local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
        self.lang.set(lang);
    }
}

impl Default for I18n {
    fn default() -> Self {
        I18n::new()
    }
}

/// The language context.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| {
        let i18n = I18n::new();
        provide_context(i18n);
        i18n
    })
}

/// Makes `lang` current and sets `<html lang>` for screen readers.
fn apply(lang: Lang) {
    set_current(lang);
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.code());
    }
}

fn remembered() -> Option<Lang> {
    let code = crate::state::local_storage()?
        .get_item(STORAGE_KEY)
        .ok()
        .flatten()?;
    Lang::ALL.into_iter().find(|l| l.code() == code)
}

fn browser_language() -> Option<Lang> {
    let navigator = web_sys::window()?.navigator();
    navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .chain(navigator.language())
        .find_map(|tag| Lang::from_tag(&tag))
}

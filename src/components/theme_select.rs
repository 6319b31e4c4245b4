//! The header's theme switch (`theme-select`): follow the system (the default),
//! light or dark. The choice is remembered in `localStorage` and applied as
//! `<html data-theme>`; with no attribute the stylesheet follows
//! `prefers-color-scheme`. Charts follow through the page's `color-scheme`.

use crate::i18n::{current, use_i18n, Lang};
use leptos::prelude::*;

/// `localStorage` key of the user's choice (absent: follow the system).
const STORAGE_KEY: &str = "ml-studio-theme";

/// A theme choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    fn code(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn from_code(code: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.code() == code)
    }

    /// The option's text in the current language.
    fn name(self) -> &'static str {
        match (self, current()) {
            (Theme::System, Lang::En) => "System theme",
            (Theme::Light, Lang::En) => "Light theme",
            (Theme::Dark, Lang::En) => "Dark theme",
            (Theme::System, Lang::PtBr) => "Tema do sistema",
            (Theme::Light, Lang::PtBr) => "Tema claro",
            (Theme::Dark, Lang::PtBr) => "Tema escuro",
        }
    }
}

fn remembered() -> Theme {
    crate::state::local_storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| Theme::from_code(&code))
        .unwrap_or(Theme::System)
}

/// Sets or removes `<html data-theme>` and remembers the choice.
fn apply(theme: Theme, remember: bool) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            Theme::Light | Theme::Dark => root.set_attribute("data-theme", theme.code()),
        };
    }
    if let (true, Some(storage)) = (remember, crate::state::local_storage()) {
        let _ = match theme {
            Theme::System => storage.remove_item(STORAGE_KEY),
            Theme::Light | Theme::Dark => storage.set_item(STORAGE_KEY, theme.code()),
        };
    }
}

#[component]
pub fn ThemeSelect() -> impl IntoView {
    let i18n = use_i18n();
    let theme = RwSignal::new(remembered());
    apply(theme.get_untracked(), false);
    let options = move || {
        i18n.lang.track();
        Theme::ALL
            .into_iter()
            .map(|t| {
                view! { <option value=t.code() selected=move || theme.get() == t>{t.name()}</option> }
            })
            .collect_view()
    };
    let label = move || {
        i18n.lang.track();
        match current() {
            Lang::En => "Theme",
            Lang::PtBr => "Tema",
        }
    };
    view! {
        <label class="theme">
            <span class="visually-hidden">{label}</span>
            <select data-testid="theme-select" prop:value=move || theme.get().code()
                on:change=move |ev| {
                    if let Some(t) = Theme::from_code(&event_target_value(&ev)) {
                        apply(t, true);
                        theme.set(t);
                    }
                }>
                {options}
            </select>
        </label>
    }
}

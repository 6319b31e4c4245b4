//! The header's language switch (`language-select`): English or Brazilian
//! Portuguese, remembered for the next visit.

use crate::i18n::{t, use_i18n, Lang, Msg};
use leptos::prelude::*;

#[component]
pub fn LanguageSelect() -> impl IntoView {
    let i18n = use_i18n();
    let options = Lang::ALL
        .into_iter()
        .map(|lang| {
            view! {
                <option value=lang.code() lang=lang.code() selected=move || i18n.lang.get() == lang>
                    {lang.name()}
                </option>
            }
        })
        .collect_view();
    view! {
        <label class="language">
            <span class="visually-hidden">{move || { i18n.lang.track(); t(Msg::LanguageLabel) }}</span>
            <select data-testid="language-select"
                on:change=move |ev| {
                    let code = event_target_value(&ev);
                    if let Some(lang) = Lang::ALL.into_iter().find(|l| l.code() == code) {
                        i18n.set(lang);
                    }
                }>
                {options}
            </select>
        </label>
    }
}

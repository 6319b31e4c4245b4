//! Privacy section: what ML Studio stores where and for how long, whether the
//! browser keeps it persistently, how much space it uses, and the
//! `delete-all-data` button.

use crate::components::number::human;
use crate::i18n::{t, Msg};
use crate::state::{use_app, Confirm, ConfirmAction};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// What the browser says about this site's storage.
#[derive(Clone, Copy, PartialEq)]
struct StorageFacts {
    persisted: Option<bool>,
    usage_bytes: Option<f64>,
    quota_bytes: Option<f64>,
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let state = use_app();
    let facts = RwSignal::new(None::<StorageFacts>);
    spawn_local(async move { facts.set(Some(storage_facts().await)) });
    let rows = [
        (
            Msg::PrivacyFilesWhat,
            Msg::PrivacyFilesWhere,
            Msg::PrivacyFilesLong,
        ),
        (
            Msg::PrivacyModelsWhat,
            Msg::PrivacyModelsWhere,
            Msg::PrivacyModelsLong,
        ),
        (
            Msg::PrivacyAuditWhat,
            Msg::PrivacyAuditWhere,
            Msg::PrivacyAuditLong,
        ),
        (
            Msg::PrivacySettingsWhat,
            Msg::PrivacySettingsWhere,
            Msg::PrivacySettingsLong,
        ),
        (
            Msg::PrivacyAppWhat,
            Msg::PrivacyAppWhere,
            Msg::PrivacyAppLong,
        ),
    ]
    .into_iter()
    .map(|(what, place, long)| {
        view! { <tr><th scope="row">{t(what)}</th><td>{t(place)}</td><td>{t(long)}</td></tr> }
    })
    .collect_view();
    let ask_delete = move |_| {
        state.confirm.set(Some(Confirm {
            question: t(Msg::DeleteAllQuestion).into(),
            action: ConfirmAction::DeleteAll,
        }))
    };
    view! {
        <section class="page privacy" aria-labelledby="privacy-title">
            <h1 id="privacy-title">{t(Msg::PrivacyTitle)}</h1>
            <p class="lead">{t(Msg::PrivacyIntro)}</p>
            <h2>{t(Msg::PrivacyWhatWhere)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label=t(Msg::PrivacyWhatWhere)>
                <table class="grid">
                    <thead><tr>
                        <th scope="col">{t(Msg::PrivacyColWhat)}</th>
                        <th scope="col">{t(Msg::PrivacyColWhere)}</th>
                        <th scope="col">{t(Msg::PrivacyColHowLong)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <h2>{t(Msg::PrivacyNetworkTitle)}</h2>
            <p>{t(Msg::PrivacyNetwork)}</p>
            <h2>{t(Msg::PrivacyStorageTitle)}</h2>
            {move || facts.get().map(|f| {
                let persisted = t(match f.persisted {
                    Some(true) => Msg::PrivacyPersisted,
                    Some(false) => Msg::PrivacyNotPersisted,
                    None => Msg::PrivacyPersistUnknown,
                });
                let usage = f.usage_bytes.map(|used| {
                    let quota = f
                        .quota_bytes
                        .map(|q| format!(" / {} MB", human((q / 1e6).round())))
                        .unwrap_or_default();
                    format!("{}: {} MB{quota}", t(Msg::PrivacyUsage), human((used / 1e5).round() / 10.0))
                });
                view! {
                    <p data-testid="storage-persisted" data-persisted=f.persisted.map(|p| p.to_string())>{persisted}</p>
                    {usage.map(|u| view! { <p>{u}</p> })}
                }
            })}
            <h2>{t(Msg::PrivacyDeleteTitle)}</h2>
            <p>{t(Msg::PrivacyDeleteText)}</p>
            <button data-testid="delete-all-data" class="danger" on:click=ask_delete>{t(Msg::DeleteAll)}</button>
        </section>
    }
}

/// Asks `navigator.storage` whether storage persists and how much is used.
async fn storage_facts() -> StorageFacts {
    let mut facts = StorageFacts {
        persisted: None,
        usage_bytes: None,
        quota_bytes: None,
    };
    let Some(storage) = web_sys::window().map(|w| w.navigator().storage()) else {
        return facts;
    };
    if let Ok(promise) = storage.persisted() {
        facts.persisted = JsFuture::from(promise).await.ok().and_then(|v| v.as_bool());
    }
    if let Ok(promise) = storage.estimate() {
        if let Ok(value) = JsFuture::from(promise).await {
            let estimate: web_sys::StorageEstimate = value.unchecked_into();
            facts.usage_bytes = estimate.get_usage();
            facts.quota_bytes = estimate.get_quota();
        }
    }
    facts
}

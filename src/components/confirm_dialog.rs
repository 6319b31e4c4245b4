//! The confirmation dialog used before destructive actions (`confirm-yes`).

use crate::i18n::{t, Msg};
use crate::state::{registry, use_app, ConfirmAction};
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog() -> impl IntoView {
    let state = use_app();
    move || {
        state.confirm.get().map(|c| {
            let yes = {
                let action = c.action.clone();
                move |_| {
                    state.confirm.set(None);
                    match action.clone() {
                        ConfirmAction::DeleteModel(id) => registry::delete(state, id),
                        ConfirmAction::DeleteAll => registry::delete_all(state),
                        ConfirmAction::ClearAudit => crate::state::audit::clear(state),
                    }
                }
            };
            view! {
                <div class="modal-backdrop">
                    <div class="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-question">
                        <p id="confirm-question">{c.question.clone()}</p>
                        <div class="row">
                            <button data-testid="confirm-yes" class="danger" on:click=yes>{t(Msg::ConfirmYes)}</button>
                            <button on:click=move |_| state.confirm.set(None)>{t(Msg::ConfirmNo)}</button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

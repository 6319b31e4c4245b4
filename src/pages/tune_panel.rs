//! Hyper-parameter search: strategy and budget, the live table of trials,
//! and "apply the best" in one click.

use super::train_spec::parse_form;
use crate::components::number::{attr, human};
use crate::state::{tuning, use_app};
use leptos::prelude::*;
use studio_core::tune::{Strategy, TrialState};

#[component]
pub fn TunePanel() -> impl IntoView {
    let state = use_app();
    let strategy = RwSignal::new("tpe".to_string());
    let trials = RwSignal::new("20".to_string());
    let seconds = RwSignal::new(String::new());
    let on_tune = move |_| {
        let result = (|| -> Result<(), String> {
            let spec = parse_form(state)?;
            let n: usize = trials
                .get_untracked()
                .trim()
                .parse()
                .ok()
                .filter(|n| (2..=500).contains(n))
                .ok_or("trials must be a whole number from 2 to 500")?;
            let budget = seconds.get_untracked();
            let max_seconds = if budget.trim().is_empty() {
                None
            } else {
                Some(
                    budget
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|s| s.is_finite() && *s > 0.0)
                        .ok_or("the time budget must be a positive number of seconds (or empty)")?,
                )
            };
            let chosen = match strategy.get_untracked().as_str() {
                "grid" => Strategy::Grid {
                    points: 5,
                    max_trials: n,
                },
                "random" => Strategy::Random { trials: n },
                "halving" => Strategy::Halving {
                    trials: n,
                    factor: 3,
                },
                _ => Strategy::Tpe {
                    trials: n,
                    startup: (n / 3).clamp(1, 10),
                },
            };
            tuning::start(state, spec, chosen, max_seconds)
        })();
        if let Err(e) = result {
            state.error(e);
        }
    };
    let apply_best = move |_| {
        if let Some(best) = state.tuning.with_untracked(|t| {
            t.as_ref().and_then(|t| {
                t.best
                    .and_then(|b| t.trials.iter().find(|r| r.id == b).cloned())
            })
        }) {
            state.form.params.set(best.params);
        }
    };
    view! {
        <div class="card">
            <h2>"Tune the hyper-parameters"</h2>
            <p class="hint">"Tries settings of the chosen model on the same folds and keeps the best; the ranges come from each setting's usual values."</p>
            <div class="row">
                <label for="tune-strategy">"Search"</label>
                <select id="tune-strategy" data-testid="tune-strategy" prop:value=move || strategy.get()
                    on:change=move |ev| strategy.set(event_target_value(&ev))>
                    <option value="tpe">"Bayesian (TPE)"</option>
                    <option value="random">"random"</option>
                    <option value="grid">"grid"</option>
                    <option value="halving">"successive halving"</option>
                </select>
                <label for="tune-trials">"Trials"</label>
                <input id="tune-trials" type="number" min="2" max="500" data-testid="tune-trials"
                    prop:value=move || trials.get() on:input=move |ev| trials.set(event_target_value(&ev))/>
                <label for="tune-seconds">"Time budget (s)"</label>
                <input id="tune-seconds" type="text" inputmode="decimal" placeholder="none" data-testid="tune-seconds"
                    prop:value=move || seconds.get() on:input=move |ev| seconds.set(event_target_value(&ev))/>
                <button data-testid="tune-button" on:click=on_tune
                    disabled=move || !state.worker_ready.get() || state.busy()>"Tune"</button>
            </div>
            {move || state.tuning.get().map(|view| {
                let best = view.best;
                let rows = view.trials.iter().map(|t| {
                    let state_word = match t.state {
                        TrialState::Running => "running",
                        TrialState::Done => "done",
                        TrialState::Failed => "failed",
                    };
                    let is_best = Some(t.id) == best;
                    view! {
                        <tr data-testid="trial-row" data-trial=t.id.to_string() data-state=state_word
                            data-score=t.score.and_then(attr) data-best=is_best.to_string() class:best=is_best>
                            <td>{t.id + 1}</td>
                            <td>{t.settings.clone()}</td>
                            <td>{if t.rows_fraction < 1.0 { format!("{:.0}%", t.rows_fraction * 100.0) } else { "100%".into() }}</td>
                            <td>{t.score.map(human).unwrap_or_else(|| state_word.to_string())}</td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    <table class="grid trials">
                        <caption>{format!("{} trials of {} ({}; higher is better){}", view.trials.len(), view.model, view.metric, if view.done { ", finished" } else { "" })}</caption>
                        <thead><tr><th scope="col">"#"</th><th scope="col">"Settings"</th><th scope="col">"Rows"</th><th scope="col">"Score"</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                    <button data-testid="tune-apply-best" disabled=best.is_none() on:click=apply_best>
                        "Use the best settings"
                    </button>
                }
            })}
        </div>
    }
}

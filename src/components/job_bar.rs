//! The job bar: status, progress and the cancel button of the running job.

use crate::state::{use_app, worker_client, JobState};
use leptos::prelude::*;

#[component]
pub fn JobBar() -> impl IntoView {
    let state = use_app();
    let job_state = move || {
        state
            .job
            .with(|j| j.as_ref().map_or(JobState::Idle, |j| j.state))
    };
    let percent = move || {
        state
            .job
            .with(|j| j.as_ref().map_or(0.0, |j| (j.fraction * 100.0).round()))
    };
    let label = move || {
        state.job.with(|j| match j {
            Some(j) if j.state == JobState::Running => format!("{}: {}", j.label, j.stage),
            Some(j) => format!("{}: {}", j.label, j.state.as_str()),
            None => "No job has run yet".to_string(),
        })
    };
    view! {
        <section class="jobbar" aria-label="Background job">
            <span data-testid="job-status" data-state=move || job_state().as_str() class=move || format!("status {}", job_state().as_str())>
                {label}
            </span>
            <Show when=move || job_state() == JobState::Running>
                <div data-testid="progress" role="progressbar" aria-label="Job progress"
                    aria-valuemin="0" aria-valuemax="100" aria-valuenow=move || percent().to_string() class="progress">
                    <div class="progress-fill" style=move || format!("width: {}%", percent())></div>
                </div>
                <span class="percent">{move || format!("{}%", percent())}</span>
            </Show>
            <button data-testid="cancel-button" disabled=move || job_state() != JobState::Running
                on:click=move |_| worker_client::cancel(state)>"Cancel"</button>
        </section>
    }
}

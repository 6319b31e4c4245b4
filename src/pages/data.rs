//! Data section: load a CSV or a sample; summary, reading problems, first rows.

use super::file_input::selected_file;
use crate::components::data_grid::DataGrid;
use crate::state::{use_app, worker_client};
use leptos::prelude::*;
use studio_core::data::{parse_missing_tokens, Encoding, ReadOptions, DEFAULT_MISSING_TOKENS};
use studio_core::samples::SAMPLES;
use studio_protocol::session::MAX_CSV_BYTES;

/// Reader options from the override selects (`auto` = detect).
fn read_options(
    delimiter: RwSignal<String>,
    decimal: RwSignal<String>,
    encoding: RwSignal<String>,
    missing: RwSignal<String>,
) -> ReadOptions {
    let pick = |v: String| match v.as_str() {
        "auto" => None,
        "tab" => Some('\t'),
        other => other.chars().next(),
    };
    ReadOptions {
        delimiter: pick(delimiter.get_untracked()),
        decimal: pick(decimal.get_untracked()),
        encoding: encoding.with_untracked(|e| Encoding::ALL.into_iter().find(|x| x.label() == e)),
        missing_tokens: parse_missing_tokens(&missing.get_untracked()),
    }
}

/// The default missing-value tokens as the user edits them (`""` = empty cell).
fn default_missing_text() -> String {
    DEFAULT_MISSING_TOKENS
        .iter()
        .map(|t| {
            if t.is_empty() {
                "\"\"".to_string()
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
pub fn DataPage() -> impl IntoView {
    let state = use_app();
    let delimiter = RwSignal::new(String::from("auto"));
    let decimal = RwSignal::new(String::from("auto"));
    let encoding = RwSignal::new(String::from("auto"));
    let missing = RwSignal::new(default_missing_text());
    let sample = RwSignal::new(
        SAMPLES
            .first()
            .map(|s| s.id.to_string())
            .unwrap_or_default(),
    );
    let on_file = move |ev: leptos::ev::Event| {
        let Some(file) = selected_file(&ev) else {
            return;
        };
        let size = file.size();
        if size > MAX_CSV_BYTES as f64 {
            state.error(format!(
                "'{}' is {:.0} MB; the limit is {} MB. Nothing was loaded.",
                file.name(),
                size / 1_048_576.0,
                MAX_CSV_BYTES / 1_048_576
            ));
            return;
        }
        worker_client::load_file(
            state,
            file,
            read_options(delimiter, decimal, encoding, missing),
        );
    };
    let options = SAMPLES
        .iter()
        .map(|s| view! { <option value=s.id>{format!("{} — predict {}", s.title, s.target)}</option> })
        .collect_view();
    view! {
        <section class="page" aria-labelledby="data-title">
            <h1 id="data-title">"Data"</h1>
            <div class="cards">
                <div class="card">
                    <h2>"Your file"</h2>
                    <label for="data-file">"CSV or TSV file (delimiter, decimal comma and encoding are detected)"</label>
                    <input id="data-file" type="file" data-testid="data-file-input" accept=".csv,.tsv,.txt,text/csv" on:change=on_file/>
                    <p class="hint">"The file is read here, in your browser. Nothing is uploaded."</p>
                    <div class="row">
                        <span class="pair"><label for="delimiter" class="inline">"Delimiter"</label>
                        <select id="delimiter" data-testid="delimiter-select" prop:value=move || delimiter.get()
                            on:change=move |ev| delimiter.set(event_target_value(&ev))>
                            <option value="auto">"detect"</option>
                            <option value=",">"comma ,"</option>
                            <option value=";">"semicolon ;"</option>
                            <option value="tab">"tab"</option>
                            <option value="|">"pipe |"</option>
                        </select></span>
                        <span class="pair"><label for="decimal" class="inline">"Decimal"</label>
                        <select id="decimal" data-testid="decimal-select" prop:value=move || decimal.get()
                            on:change=move |ev| decimal.set(event_target_value(&ev))>
                            <option value="auto">"detect"</option>
                            <option value=".">"point ."</option>
                            <option value=",">"comma ,"</option>
                        </select></span>
                        <span class="pair"><label for="encoding" class="inline">"Encoding"</label>
                        <select id="encoding" data-testid="encoding-select" prop:value=move || encoding.get()
                            on:change=move |ev| encoding.set(event_target_value(&ev))>
                            <option value="auto">"detect"</option>
                            {Encoding::ALL.into_iter().map(|e| view! { <option value=e.label()>{e.label()}</option> }).collect_view()}
                        </select></span>
                        <span class="pair">
                            <label for="missing" class="inline">"Missing values"</label>
                            <input id="missing" type="text" data-testid="missing-tokens-input" size="28"
                                title="Comma-separated; \"\" stands for an empty cell"
                                prop:value=move || missing.get() on:input=move |ev| missing.set(event_target_value(&ev))/>
                        </span>
                        <button data-testid="reread-button" on:click=move |_| {
                            if !worker_client::reread_file(state, read_options(delimiter, decimal, encoding, missing)) {
                                state.warning("choose a file first: the settings apply to files, not to samples");
                            }
                        }>"Read again"</button>
                    </div>
                </div>
                <div class="card">
                    <h2>"Or a sample"</h2>
                    <label for="sample">"Built-in dataset"</label>
                    <div class="row">
                        <select id="sample" data-testid="sample-select" prop:value=move || sample.get()
                            on:change=move |ev| sample.set(event_target_value(&ev))>{options}</select>
                        <button data-testid="sample-load" class="primary" on:click=move |_| worker_client::load_sample(state, &sample.get_untracked())>
                            "Load sample"
                        </button>
                    </div>
                </div>
            </div>
            {move || state.dataset.get().map(|d| {
                let delimiter = d.delimiter.to_string();
                let delimiter_name = match d.delimiter { '\t' => "tab".to_string(), c => format!("'{c}'") };
                let warnings = d.warnings.iter().take(100).map(|w| view! {
                    <li data-testid="parse-warning" data-line=w.line.to_string()>{format!("line {}: {}", w.line, w.message)}</li>
                }).collect_view();
                let more = d.warnings.len().saturating_sub(100);
                let names: Vec<String> = d.profile.columns.iter().map(|c| c.name.clone()).collect();
                view! {
                    <div class="card">
                        <h2>"Loaded"</h2>
                        <p data-testid="dataset-summary" data-rows=d.rows.to_string() data-cols=d.cols.to_string()
                            data-name=d.name.clone() data-delimiter=delimiter data-decimal=d.decimal.to_string()
                            data-encoding=d.encoding.label() data-seconds=crate::components::number::attr(d.seconds)>
                            <strong>{d.name.clone()}</strong>
                            {format!(": {} rows × {} columns, delimiter {}, decimal '{}', {}", d.rows, d.cols, delimiter_name, d.decimal, d.encoding.label())}
                        </p>
                        <Show when={let n = d.warnings.len(); move || n > 0}>
                            <h3>"Reading problems"</h3>
                        </Show>
                        <ul class="warnings">{warnings}</ul>
                        {(more > 0).then(|| view! { <p>{format!("… and {more} more")}</p> })}
                        <h3>{format!("All {} rows", d.rows)}</h3>
                        <DataGrid columns=names n_rows=d.rows/>
                        <p class="row">
                            <a href="#/explore" class="button">"Explore the columns →"</a>
                            <a href="#/train" class="button primary">"Train a model →"</a>
                        </p>
                    </div>
                }
            })}
        </section>
    }
}

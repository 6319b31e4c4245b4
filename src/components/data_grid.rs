//! A virtualised table of the loaded data: only the rows and columns in view
//! are rendered, rows fetched from the worker in blocks, so a million rows or
//! ten thousand columns scroll smoothly.
//!
//! A spacer as tall as all rows gives the scroll bar its range (capped, with
//! the scroll position scaled, beyond what browsers allow for an element); the
//! visible table is drawn at the current scroll offset.

use crate::state::use_app;
use crate::state::worker_client::{request_row_block, ROW_BLOCK};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const ROW_PX: f64 = 28.0;
const VIEW_PX: f64 = 420.0;
const MAX_SPACER_PX: f64 = 15_000_000.0;
const COLUMN_PX: usize = 140;
/// Viewport width assumed until the first scroll reports the real one.
const DEFAULT_VIEW_WIDTH_PX: usize = 1400;

#[component]
pub fn DataGrid(columns: Vec<String>, n_rows: usize) -> impl IntoView {
    let state = use_app();
    let scroll = RwSignal::new(0.0_f64);
    let scroll_left = RwSignal::new(0_usize);
    let view_width = RwSignal::new(DEFAULT_VIEW_WIDTH_PX);
    let total = n_rows as f64 * ROW_PX;
    let spacer = total.min(MAX_SPACER_PX);
    // Rows drawn (one more than fit below the header, for the partial one)
    // and rows that fit whole below the header.
    let visible = (VIEW_PX / ROW_PX).ceil() as usize;
    let body_rows = ((VIEW_PX - ROW_PX) / ROW_PX).floor() as usize;
    let max_first = n_rows.saturating_sub(body_rows);
    // The scroll range (spacer + header row - viewport) maps linearly onto
    // the first rows 0..=max_first, so the last row is always reachable even
    // when the spacer is capped below the full height.
    let max_scroll = (spacer + ROW_PX - VIEW_PX).max(1.0);
    let first = move || {
        let s = scroll.get();
        if s >= max_scroll - 1.0 {
            return max_first;
        }
        (((s / max_scroll) * max_first as f64).floor().max(0.0) as usize).min(max_first)
    };
    Effect::new(move |_| {
        let f = first();
        let last = (f + visible).min(n_rows.saturating_sub(1));
        for block in f / ROW_BLOCK..=last / ROW_BLOCK {
            if n_rows > 0 && !state.row_blocks.with(|b| b.contains_key(&block)) {
                request_row_block(block);
            }
        }
    });
    let n_cols = columns.len();
    let width = (n_cols + 1) * COLUMN_PX;
    // Columns drawn: those in view plus one each side. The table sits at the
    // first drawn column's offset, its row-number column over the column just
    // left of the view, so each drawn column is at its place in the full width.
    let col_range = move || {
        let c0 = (scroll_left.get() / COLUMN_PX).min(n_cols);
        let c1 = (c0 + view_width.get() / COLUMN_PX + 2).min(n_cols);
        (c0, c1)
    };
    let header = move || {
        let (c0, c1) = col_range();
        columns[c0..c1]
            .iter()
            .map(|c| view! { <th scope="col" title=c.clone()>{c.clone()}</th> })
            .collect_view()
    };
    let body = move || {
        let f = first();
        let end = (f + visible).min(n_rows);
        let (c0, c1) = col_range();
        state.row_blocks.with(|blocks| {
            (f..end)
                .map(|r| {
                    let row = blocks.get(&(r / ROW_BLOCK)).and_then(|b| b.get(r % ROW_BLOCK));
                    let cells = (c0..c1)
                        .map(|j| match row.map(|cells| cells.get(j).cloned().flatten()) {
                            Some(Some(text)) => { let tip = text.clone(); view! { <td title=tip>{text}</td> }.into_any() }
                            Some(None) => view! { <td class="missing">"—"</td> }.into_any(),
                            None => view! { <td class="loading">"…"</td> }.into_any(),
                        })
                        .collect_view();
                    view! { <tr data-row=(r + 1).to_string()><th scope="row">{r + 1}</th>{cells}</tr> }
                })
                .collect_view()
        })
    };
    view! {
        <div class="grid-viewport" data-testid="data-grid" data-rows=n_rows.to_string()
            data-first-row=move || (first() + 1).to_string()
            tabindex="0" role="region" aria-label="All rows of the data (scroll to see more)"
            style=format!("height: {VIEW_PX}px")
            on:scroll=move |ev| {
                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    scroll.set(f64::from(el.scroll_top()));
                    let left = usize::try_from(el.scroll_left()).unwrap_or(0);
                    if left / COLUMN_PX != scroll_left.get_untracked() / COLUMN_PX {
                        scroll_left.set(left);
                    }
                    let w = usize::try_from(el.client_width()).unwrap_or(DEFAULT_VIEW_WIDTH_PX);
                    if w != view_width.get_untracked() {
                        view_width.set(w.max(COLUMN_PX));
                    }
                }
            }>
            <div class="grid-spacer" style=format!("height: {}px; width: {width}px", spacer + ROW_PX)>
                <table class="grid virtual" style=move || {
                    let (c0, c1) = col_range();
                    format!("top: {}px; left: {}px; width: {}px", scroll.get(), c0 * COLUMN_PX, (c1 - c0 + 1) * COLUMN_PX)
                }>
                    <thead><tr><th scope="col">"#"</th>{header}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </div>
    }
}

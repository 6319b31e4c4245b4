//! Charts for the Explore section, computed in the worker from the loaded table.

use crate::messages::{ColumnCharts, Correlations};
use studio_charts::{
    bar_chart_svg, box_plot_svg_sorted, heatmap_svg, histogram_bins_sorted, histogram_svg,
    histogram_svg_sorted, ChartSize, SortedFinite,
};
use studio_core::profile::correlation::{
    categorical_associations, numeric_correlations, CorrelationMatrix,
};
use studio_core::profile::sorted::{finite_part, sorted_finite};
use studio_core::profile::{ColumnKind, ColumnProfile, DatasetProfile};
use studio_core::table::{Column, ColumnData, Table};

/// Most categories drawn in a bar chart.
const BAR_CATEGORIES: usize = 12;

/// One distribution chart (and a box plot for numbers) per column.
pub fn column_charts(table: &Table, profile: &DatasetProfile) -> Vec<ColumnCharts> {
    table
        .columns
        .iter()
        .zip(&profile.columns)
        .map(|(column, p)| {
            let sorted = match &column.data {
                ColumnData::Numeric(values) if p.kind != ColumnKind::Identifier => {
                    Some(sorted_finite(values))
                }
                _ => None,
            };
            column_chart(column, p, sorted.as_deref())
        })
        .collect()
}

/// The charts of one column given its profile and, for a numeric column, its
/// values sorted in `f64::total_cmp` order (all of them but `NaN`; the
/// profile's sort, see `profile_table_with`). Without `sorted` a numeric
/// column is sorted here.
pub fn column_chart(column: &Column, p: &ColumnProfile, sorted: Option<&[f64]>) -> ColumnCharts {
    match &column.data {
        ColumnData::Numeric(values) if p.kind != ColumnKind::Identifier => {
            let own;
            let finite = match sorted {
                Some(s) => finite_part(s),
                None => {
                    own = sorted_finite(values);
                    own.as_slice()
                }
            };
            // One sort serves the histogram, its description and the box plot.
            let data = SortedFinite::from_sorted(finite, values.len().saturating_sub(finite.len()));
            ColumnCharts {
                column: column.name.clone(),
                distribution: histogram_svg_sorted(&column.name, &data, ChartSize::default()),
                boxplot: Some(box_plot_svg_sorted(
                    &column.name,
                    &data,
                    ChartSize {
                        width: 560,
                        height: 160,
                    },
                )),
                description: histogram_description(&column.name, &data),
            }
        }
        _ => {
            let top: Vec<(String, usize)> = p.top.iter().take(BAR_CATEGORIES).cloned().collect();
            let description = match top.first() {
                Some((v, n)) => format!(
                    "Most frequent values of {}: {} ({} rows){}",
                    column.name,
                    v,
                    n,
                    if p.unique > top.len() {
                        format!("; {} distinct values in all", p.unique)
                    } else {
                        String::new()
                    }
                ),
                None => format!("{} has no values", column.name),
            };
            ColumnCharts {
                column: column.name.clone(),
                distribution: bar_chart_svg(&column.name, &top, ChartSize::default()),
                boxplot: None,
                description,
            }
        }
    }
}

fn histogram_description(name: &str, data: &SortedFinite<'_>) -> String {
    let bins = histogram_bins_sorted(data);
    match bins.iter().max_by_key(|b| b.2) {
        Some((lo, hi, n)) => format!(
            "Histogram of {name}: {} bins; the tallest, {lo:.4}–{hi:.4}, holds {n} rows",
            bins.len()
        ),
        None => format!("{name} has no numeric values"),
    }
}

/// Pearson and Spearman over the numeric columns and Cramér's V over the
/// categorical ones, when either side has at least two columns.
pub fn correlations(table: &Table) -> Option<Correlations> {
    correlations_with(table, numeric_correlations(table, "pearson"))
}

/// [`correlations`] given the table's Pearson matrix (the session keeps the
/// one its alerts used).
pub fn correlations_with(table: &Table, pearson: CorrelationMatrix) -> Option<Correlations> {
    let cramers = categorical_associations(table);
    if pearson.columns.len() < 2 && cramers.columns.len() < 2 {
        return None;
    }
    let spearman = numeric_correlations(table, "spearman");
    let size = ChartSize {
        width: 640,
        height: 520,
    };
    let svg = |title: &str, m: &CorrelationMatrix| {
        // An undefined coefficient stays undefined (NaN): the heat map draws
        // it as a hatched "n/a" cell, not as a correlation of 0.
        let grid: Vec<Vec<f64>> = m
            .values
            .iter()
            .map(|row| row.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
            .collect();
        heatmap_svg(title, &m.columns, &grid, size)
    };
    let (cramers_v_svg, cramers_v) = if cramers.columns.len() >= 2 {
        (
            Some(svg("Cramér's V (categorical)", &cramers)),
            Some(cramers),
        )
    } else {
        (None, None)
    };
    Some(Correlations {
        cramers_v,
        cramers_v_svg,
        pearson_svg: svg("Pearson correlation", &pearson),
        spearman_svg: svg("Spearman correlation", &spearman),
        pearson,
        spearman,
    })
}

/// Class balance (bar chart) or distribution (histogram) of a target column.
pub fn target_chart(column: &studio_core::table::Column, n_rows: usize) -> String {
    let title = format!("Target: {}", column.name);
    let task = studio_core::train::infer_task(column);
    match (&column.data, task) {
        (ColumnData::Numeric(values), studio_core::models::Task::Regression) => {
            histogram_svg(&title, values, ChartSize::default())
        }
        _ => {
            let p = studio_core::profile::profile_column(column, n_rows);
            let top: Vec<(String, usize)> = p.top.iter().take(BAR_CATEGORIES).cloned().collect();
            bar_chart_svg(&title, &top, ChartSize::default())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use studio_core::profile::profile_table_with;
    use studio_core::table::Column;

    fn numeric(name: &str, values: Vec<f64>) -> Column {
        Column {
            name: name.into(),
            data: ColumnData::Numeric(values),
        }
    }

    #[test]
    fn undefined_correlations_are_drawn_as_not_defined() {
        let table = Table {
            n_rows: 6,
            columns: vec![
                numeric("a", vec![1.0, 2.0, 3.0, 4.0, 5.0, 7.0]),
                numeric("b", vec![2.0, 1.0, 4.0, 3.0, 6.0, 5.0]),
                numeric("flat", vec![3.0; 6]),
            ],
        };
        let c = correlations(&table).expect("three numeric columns");
        assert_eq!(c.pearson.values[0][2], None);
        for svg in [&c.pearson_svg, &c.spearman_svg] {
            assert!(svg.contains("a × flat: not defined"), "{svg}");
            assert!(svg.contains("class=\"cell na\""));
            assert!(svg.contains(">\nn/a\n</text>"), "{svg}");
            // A defined pair is still a number.
            assert!(svg.contains("a × b: 0."));
        }
    }

    #[test]
    fn charts_from_the_profile_sort_equal_charts_sorting_alone() {
        let mut rng_state = 7u64;
        let mut next = || {
            rng_state = rng_state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (rng_state >> 11) as f64 / (1u64 << 53) as f64
        };
        let values: Vec<f64> = (0..5000)
            .map(|i| match i % 50 {
                0 => f64::NAN,
                _ => (next() * 6.0).exp().round(),
            })
            .collect();
        let table = Table {
            n_rows: values.len(),
            columns: vec![
                numeric("x", values),
                Column::from_strings("c", &vec![Some("u"); 5000]),
            ],
        };
        let mut shared = Vec::new();
        let profile = profile_table_with(&table, |i, p, sorted| {
            shared.push(column_chart(&table.columns[i], p, sorted));
        });
        assert_eq!(shared, column_charts(&table, &profile));
    }
}

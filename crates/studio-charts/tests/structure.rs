//! Snapshot-style tests: for fixed small inputs, the structural facts of each
//! chart (bars drawn, titles, viewBox, description) rather than whole files.

mod common;

use studio_charts::{
    bar_chart_svg, box_plot_svg, heatmap_svg, histogram_bins, histogram_svg, ChartSize,
};

fn size() -> ChartSize {
    ChartSize::default()
}

#[test]
fn default_size_is_560_by_320() {
    assert_eq!(
        ChartSize::default(),
        ChartSize {
            width: 560,
            height: 320
        }
    );
    let svg = histogram_svg("x", &[1.0, 2.0], size());
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"560\" height=\"320\" viewBox=\"0 0 560 320\" role=\"img\">"));
    assert!(svg.ends_with("</svg>\n"));
}

#[test]
fn histogram_draws_one_rect_per_non_empty_bin() {
    let values = [1.0, 1.5, 2.0, 2.2, 2.4, 3.0, 7.0, 8.0, 9.5, 10.0, f64::NAN];
    let bins = histogram_bins(&values);
    let non_empty = bins.iter().filter(|b| b.2 > 0).count();
    assert!(non_empty < bins.len(), "the fixture has an empty bin");
    let svg = histogram_svg("area", &values, size());
    assert_eq!(common::count_in(&svg, "bars", "rect"), non_empty);
    assert_eq!(common::count_in(&svg, "bar", "title"), non_empty);
    assert_eq!(common::title(&svg), "area");
    assert!(common::drawn_text(&svg).contains("area"));
    let desc = common::desc(&svg);
    assert!(
        desc.starts_with(
            "Histogram of area: 10 values in 5 bins from 1 to 10; tallest bin 1–2.8 with 5 rows."
        ),
        "{desc}"
    );
    assert!(desc.contains("1 non-finite value ignored"), "{desc}");
}

#[test]
fn histogram_of_one_value_has_one_bar() {
    let svg = histogram_svg("const", &[4.0, 4.0, 4.0], size());
    assert_eq!(common::count_in(&svg, "bars", "rect"), 1);
    assert!(common::desc(&svg).contains("3 values, all equal to 4"));
}

#[test]
fn empty_histogram_says_no_values() {
    let svg = histogram_svg("empty", &[], size());
    assert_eq!(common::count_in(&svg, "bars", "rect"), 0);
    assert!(common::drawn_text(&svg).contains("no values"));
    assert_eq!(common::desc(&svg), "Histogram of empty: no values.");
    let svg = histogram_svg("nan", &[f64::NAN, f64::INFINITY], size());
    assert!(common::drawn_text(&svg).contains("no values"));
    assert!(common::desc(&svg).contains("2 non-finite values ignored"));
}

#[test]
fn bar_chart_structure() {
    let cats = vec![
        ("Adelie".to_string(), 152),
        ("Gentoo".to_string(), 124),
        ("Chinstrap".to_string(), 68),
        (
            "a category name far too long to fit in the label column at all".to_string(),
            5,
        ),
    ];
    let svg = bar_chart_svg("species", &cats, size());
    assert_eq!(common::count_in(&svg, "bars", "rect"), 4);
    let text = common::drawn_text(&svg);
    for label in ["Adelie", "Gentoo", "Chinstrap", "152", "68"] {
        assert!(text.contains(label), "{label} missing in {text}");
    }
    assert!(text.contains('…'), "long label shortened");
    assert!(!text.contains("at all"));
    // The full name stays available as the bar's hover title.
    let doc = common::check(&svg);
    let tips: Vec<&str> = common::groups(&doc, "bar")
        .filter_map(|g| g.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(tips[0], "Adelie: 152 rows");
    assert!(tips[3].contains("at all"));
    let desc = common::desc(&svg);
    assert!(desc.starts_with("Bar chart of species: 4 categories, 349 rows in total; Adelie (152), Gentoo (124), Chinstrap (68)"), "{desc}");
}

#[test]
fn bar_chart_bars_are_ordered_and_proportional() {
    let cats = vec![("a".to_string(), 100), ("b".to_string(), 50)];
    let svg = bar_chart_svg("t", &cats, size());
    let doc = common::check(&svg);
    let widths: Vec<f64> = common::groups(&doc, "bar")
        .filter_map(|g| g.children().find(|c| c.has_tag_name("rect")))
        .filter_map(|r| r.attribute("width")?.parse().ok())
        .collect();
    assert_eq!(widths.len(), 2);
    assert!((widths[0] / widths[1] - 2.0).abs() < 0.05, "{widths:?}");
}

#[test]
fn box_plot_structure() {
    let mut values: Vec<f64> = (1..=20).map(f64::from).collect();
    values.extend([60.0, 70.0, -40.0]);
    let svg = box_plot_svg("score", &values, size());
    assert_eq!(common::count_in(&svg, "outliers", "circle"), 3);
    assert_eq!(common::count_in(&svg, "box", "rect"), 2); // fill and outline
    let desc = common::desc(&svg);
    assert!(desc.starts_with("Box plot of score: 23 values; min −40, Q1 5.5, median 11, Q3 16.5, max 70; whiskers (1.5 IQR) from 1 to 20; 3 outliers (1 below, 2 above)."), "{desc}");
}

#[test]
fn box_plot_caps_drawn_outliers_at_150() {
    let mut values: Vec<f64> = (0..5000).map(|i| f64::from(i % 100)).collect();
    values.extend((0..1000).map(|i| 1e6 + f64::from(i)));
    let svg = box_plot_svg("many", &values, size());
    assert_eq!(common::count_in(&svg, "outliers", "circle"), 150);
    let desc = common::desc(&svg);
    assert!(
        desc.contains("1,000 outliers (0 below, 1,000 above)"),
        "{desc}"
    );
    assert!(desc.contains("150 of the outliers are drawn"), "{desc}");
}

#[test]
fn heatmap_structure() {
    let labels: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let m = vec![
        vec![1.0, 0.83, -0.41],
        vec![0.83, 1.0, f64::NAN],
        vec![-0.41, f64::NAN, 1.0],
    ];
    let svg = heatmap_svg("Correlations", &labels, &m, size());
    assert_eq!(common::count_in(&svg, "cells", "rect"), 9);
    let doc = common::check(&svg);
    // Undefined cells are told apart (hatched, "n/a"), never drawn as 0.
    assert_eq!(common::groups(&doc, "cell na").count(), 2);
    assert!(common::count_in(&svg, "cell na", "line") >= 2);
    assert!(common::drawn_text(&svg).contains("n/a"));
    assert_eq!(common::groups(&doc, "legend-na").count(), 1);
    let tips: Vec<&str> = common::groups(&doc, "cell")
        .chain(common::groups(&doc, "cell na"))
        .filter_map(|g| g.children().find(|c| c.has_tag_name("title")))
        .filter_map(|t| t.text())
        .collect();
    assert_eq!(tips.len(), 9);
    assert!(tips.contains(&"a × b: 0.83"));
    assert!(tips.contains(&"b × c: not defined"));
    let text = common::drawn_text(&svg);
    assert!(text.contains("0.83") && text.contains("−0.41") && text.contains("1.00"));
    let desc = common::desc(&svg);
    assert_eq!(desc, "Correlation heatmap of Correlations: 3 columns (a, b, c); strongest positive pair a × b (0.83); strongest negative pair a × c (−0.41).");
}

#[test]
fn heatmap_prints_values_only_up_to_12_columns() {
    for (n, printed) in [(12usize, true), (13, false)] {
        let labels: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
        let m: Vec<Vec<f64>> = (0..n)
            .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.25 }).collect())
            .collect();
        let svg = heatmap_svg("c", &labels, &m, size());
        assert_eq!(common::count_in(&svg, "cells", "rect"), n * n);
        // Every cell is defined: no "n/a" legend entry.
        assert!(!svg.contains("legend-na"));
        assert_eq!(
            common::count_in(&svg, "cells", "text") > 0,
            printed,
            "n = {n}"
        );
    }
}

#[test]
fn custom_size_sets_the_viewbox() {
    let svg = bar_chart_svg(
        "t",
        &[("x".to_string(), 1)],
        ChartSize {
            width: 800,
            height: 480,
        },
    );
    let doc = common::check(&svg);
    assert_eq!(doc.root_element().attribute("viewBox"), Some("0 0 800 480"));
}

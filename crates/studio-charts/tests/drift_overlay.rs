//! The drift overlay chart: an accessible document (title, desc, well-formed
//! XML inside its canvas), hostile column and bin names escaped, no NaN or
//! infinity anywhere in the SVG, many bins reduced to the most changed ones,
//! and the table behind it.

mod common;

use studio_charts::drift_overlay::{drift_overlay_svg, drift_overlay_table};
use studio_charts::ChartSize;

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn numeric_bins() -> (Vec<String>, Vec<f64>, Vec<f64>) {
    (
        strings(&["≤ 35", "35 – 40", "40 – 45", "45 – 50", "> 50"]),
        vec![0.2, 0.3, 0.25, 0.15, 0.1],
        vec![0.05, 0.15, 0.3, 0.3, 0.2],
    )
}

/// The `<title>` of every `<g class="bin">`, in order.
fn bin_tips(svg: &str) -> Vec<String> {
    let doc = common::check(svg);
    let out = common::groups(&doc, "bin")
        .filter_map(|g| g.children().find(|n| n.has_tag_name("title")))
        .map(|t| t.text().unwrap_or("").to_string())
        .collect();
    out
}

/// Every shape lies inside the canvas and nothing but the expected elements appears.
fn check_layout(svg: &str) {
    let doc = common::check(svg);
    let root = doc.root_element();
    let w: f64 = root.attribute("width").unwrap().parse().unwrap();
    let h: f64 = root.attribute("height").unwrap().parse().unwrap();
    let allowed = [
        "svg", "title", "desc", "style", "g", "rect", "line", "circle", "text",
    ];
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(allowed.contains(&name), "unexpected <{name}>");
        let num = |a: &str| node.attribute(a).and_then(|v| v.parse::<f64>().ok());
        let inside_x = |v: f64| (-1.0..=w + 1.0).contains(&v);
        let inside_y = |v: f64| (-1.0..=h + 1.0).contains(&v);
        match name {
            "rect" => {
                let (x, y) = (num("x").unwrap(), num("y").unwrap());
                let (rw, rh) = (num("width").unwrap(), num("height").unwrap());
                assert!(rw >= 0.0 && rh >= 0.0, "negative rect");
                assert!(inside_x(x) && inside_x(x + rw) && inside_y(y) && inside_y(y + rh));
            }
            "line" => {
                for (a, b) in [("x1", "y1"), ("x2", "y2")] {
                    assert!(inside_x(num(a).unwrap()) && inside_y(num(b).unwrap()));
                }
            }
            "text" => {
                assert!(inside_x(num("x").unwrap()) && inside_y(num("y").unwrap()));
                assert!(num("font-size").unwrap() >= 8.0, "tiny text");
            }
            _ => {}
        }
    }
}

fn assert_no_nan(svg: &str) {
    let lower = svg.to_lowercase();
    for bad in ["nan", "inf"] {
        assert!(!lower.contains(bad), "{bad} in:\n{svg}");
    }
}

#[test]
fn has_title_desc_and_both_series() {
    let (labels, training, new) = numeric_bins();
    let svg = drift_overlay_svg(
        "bill_length_mm",
        &labels,
        &training,
        &new,
        "Drifted (major): PSI 0.412",
        ChartSize::default(),
    );
    check_layout(&svg);
    assert_eq!(common::title(&svg), "bill_length_mm: training vs new data");
    let desc = common::desc(&svg);
    assert!(desc.contains("5 bins"), "{desc}");
    assert!(
        desc.contains("Largest changes first: ≤ 35 20.0% → 5.0%"),
        "{desc}"
    );
    assert!(desc.ends_with("Drifted (major): PSI 0.412."), "{desc}");
    let text = common::drawn_text(&svg);
    assert!(
        text.contains("Training") && text.contains("New data"),
        "{text}"
    );
    assert!(text.contains("20%") || text.contains("30%"), "{text}");
    // Two bars per bin: training (blue) then new (vermillion).
    assert_eq!(common::count_in(&svg, "bin", "rect"), 10);
    assert!(svg.contains("#0072B2") && svg.contains("#D55E00"));
    assert_eq!(
        bin_tips(&svg)[1],
        "35 – 40: training 30.0%, new 15.0%".to_string()
    );
    assert_no_nan(&svg);
}

#[test]
fn hostile_names_are_escaped() {
    let hostile = [
        "</svg><script>alert(1)</script>",
        "\"><script>alert(1)</script>",
        "' onload='alert(1)",
        "<![CDATA[<script>]]>",
        "<!-- --><script>",
        "&lt;script&gt; & &amp;",
        "a\u{0}b\u{7}c\u{1b}[31m\u{FFFF}",
        "<foreignObject><iframe src=javascript:alert(1)>",
    ];
    for text in hostile {
        let labels = vec![text.to_string(), format!("{text}2"), "ok".to_string()];
        for svg in [
            drift_overlay_svg(
                text,
                &labels,
                &[0.5, 0.3, 0.2],
                &[0.2, 0.3, 0.5],
                text,
                ChartSize::default(),
            ),
            drift_overlay_svg(text, &[], &[], &[], text, ChartSize::default()),
        ] {
            let lower = svg.to_lowercase();
            for bad in ["<script", "<iframe", "<foreignobject", "<![cdata[", "<!--"] {
                assert!(!lower.contains(bad), "raw {bad} in:\n{svg}");
            }
            assert!(!svg.contains("' onload"), "raw quote in:\n{svg}");
            check_layout(&svg);
        }
        let table = drift_overlay_table(&labels, &[0.5, 0.3, 0.2], &[0.2, 0.3, 0.5]);
        assert!(table.rows.iter().flatten().all(|c| !c.contains('\u{0}')));
    }
}

#[test]
fn non_finite_and_ragged_input_never_reaches_the_svg() {
    let labels = strings(&["a", "b", "c", "d"]);
    let svg = drift_overlay_svg(
        "x",
        &labels,
        &[f64::NAN, 0.5, f64::INFINITY],
        &[0.1, f64::NEG_INFINITY, 0.4, -3.0],
        "",
        ChartSize::default(),
    );
    check_layout(&svg);
    assert_no_nan(&svg);
    let desc = common::desc(&svg);
    assert!(desc.contains("4 shares not available"), "{desc}");
    let table = drift_overlay_table(&labels, &[f64::NAN, 0.5], &[0.1, 0.2]);
    assert_eq!(table.rows[0], strings(&["a", "–", "10.0%", "–"]));
    assert_eq!(table.rows[1], strings(&["b", "50.0%", "20.0%", "−30.0 pp"]));
    assert_eq!(table.rows[3], strings(&["d", "–", "–", "–"]));
    let empty = drift_overlay_svg("x", &[], &[], &[], "", ChartSize::default());
    check_layout(&empty);
    assert!(common::desc(&empty).contains("no data"));
}

#[test]
fn many_bins_show_the_most_changed() {
    // 52 buckets like a categorical column with 50 categories, other and new.
    let labels: Vec<String> = (0..52).map(|i| format!("category {i}")).collect();
    let training: Vec<f64> = (0..52)
        .map(|i| if i == 51 { 0.0 } else { 1.0 / 51.0 })
        .collect();
    let mut new = training.clone();
    new[7] += 0.1;
    new[51] = 0.05;
    new[3] = 0.0;
    for size in [
        ChartSize::default(),
        ChartSize {
            width: 200,
            height: 140,
        },
        ChartSize {
            width: 1200,
            height: 2000,
        },
    ] {
        let svg = drift_overlay_svg("city", &labels, &training, &new, "", size);
        check_layout(&svg);
        assert_no_nan(&svg);
        let tips = bin_tips(&svg);
        assert!(!tips.is_empty());
        if tips.len() < 52 {
            if size.width >= 400 {
                assert!(common::drawn_text(&svg).contains("with smaller changes"));
            }
            // The three changed bins come first, in their own order.
            let drawn = |n: &str| tips.iter().any(|t| t.starts_with(&format!("{n}:")));
            assert!(drawn("category 7"), "{tips:?}");
            if tips.len() >= 3 {
                assert!(drawn("category 3") && drawn("category 51"), "{tips:?}");
            }
            let order: Vec<&String> = tips.iter().collect();
            assert!(order.windows(2).all(|w| {
                let n = |t: &str| t[9..t.find(':').unwrap()].parse::<usize>().unwrap();
                n(w[0]) < n(w[1])
            }));
        }
    }
}

#[test]
fn deterministic_and_table_matches() {
    let (labels, training, new) = numeric_bins();
    let a = drift_overlay_svg("x", &labels, &training, &new, "s", ChartSize::default());
    let b = drift_overlay_svg("x", &labels, &training, &new, "s", ChartSize::default());
    assert_eq!(a, b);
    let table = drift_overlay_table(&labels, &training, &new);
    assert_eq!(
        table.header,
        strings(&["Bin", "Training", "New data", "Change"])
    );
    assert_eq!(table.rows.len(), 5);
    assert_eq!(
        table.rows[0],
        strings(&["≤ 35", "20.0%", "5.0%", "−15.0 pp"])
    );
    assert_eq!(table.rows[3][3], "+15.0 pp");
}

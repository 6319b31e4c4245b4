//! The evaluation charts (ROC, precision–recall, calibration, confusion matrix,
//! scatter and residuals, learning/validation curves, importance, waterfall,
//! generic lines): snapshot-style facts for fixed inputs, hostile labels,
//! non-finite and empty inputs, layout inside the canvas, determinism, and the
//! tables behind the charts.

mod common;

use studio_charts::{
    calibration_chart, calibration_table, confusion_chart, confusion_table, importance_chart,
    importance_table, learning_curve_chart, line_chart, line_table, precision_recall_chart,
    precision_recall_table, predicted_vs_actual_chart, residual_histogram_chart,
    residual_histogram_table, residuals_vs_predicted_chart, roc_chart, roc_table, scatter_chart,
    scatter_table, score_curve_table, validation_curve_chart, waterfall_chart, waterfall_table,
    ChartSize, ChartTable, Curve, LineOptions, Reference, ScatterOptions, ScoreCurveOptions,
    ScoreCurves, EVAL_CHART_SIZE, SCATTER_MAX_POINTS,
};

fn size() -> ChartSize {
    EVAL_CHART_SIZE
}

fn curve(label: &str, x: &[f64], y: &[f64], score: Option<f64>) -> Curve {
    Curve {
        label: label.to_string(),
        x: x.to_vec(),
        y: y.to_vec(),
        score,
    }
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// The `<title>` texts of the `<g class="{class}">` groups, in order.
fn tips(svg: &str, class: &str) -> Vec<String> {
    let doc = common::check(svg);
    let out = common::groups(&doc, class)
        .filter_map(|g| g.children().find(|n| n.has_tag_name("title")))
        .map(|t| t.text().unwrap_or("").to_string())
        .collect();
    out
}

/// Every shape and text anchor lies inside the canvas, every text is at least
/// 8 px, and nothing but the expected elements appears.
fn check_layout(svg: &str) {
    let doc = common::check(svg);
    let root = doc.root_element();
    let w: f64 = root
        .attribute("width")
        .and_then(|v| v.parse().ok())
        .unwrap();
    let h: f64 = root
        .attribute("height")
        .and_then(|v| v.parse().ok())
        .unwrap();
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
                assert!(rw >= 0.0 && rh >= 0.0, "negative rect in {svg}");
                assert!(inside_x(x) && inside_x(x + rw) && inside_y(y) && inside_y(y + rh));
            }
            "line" => {
                for (a, b) in [("x1", "y1"), ("x2", "y2")] {
                    assert!(inside_x(num(a).unwrap()) && inside_y(num(b).unwrap()));
                }
            }
            "circle" => assert!(inside_x(num("cx").unwrap()) && inside_y(num("cy").unwrap())),
            "text" => {
                assert!(inside_x(num("x").unwrap()) && inside_y(num("y").unwrap()));
                assert!(num("font-size").unwrap() >= 8.0, "tiny text");
            }
            _ => {}
        }
    }
}

/// Every chart for one set of labels and a title, with ordinary data.
fn all_charts(label: &str, title: &str, size: ChartSize) -> Vec<String> {
    let curves = vec![
        curve(
            label,
            &[0.0, 0.1, 0.4, 1.0],
            &[0.0, 0.6, 0.9, 1.0],
            Some(0.87),
        ),
        curve(&format!("{label}2"), &[0.0, 1.0], &[0.0, 1.0], None),
    ];
    let labels = vec![label.to_string(), "b".to_string(), format!("{label}3")];
    let counts = vec![vec![5, 1, 0], vec![2, 7, 1], vec![0, 0, 9]];
    let x: Vec<f64> = (0..40).map(f64::from).collect();
    let y: Vec<f64> = x.iter().map(|v| v * 1.1 - 3.0).collect();
    let scatter = ScatterOptions {
        x_label: label.to_string(),
        y_label: label.to_string(),
        reference: Reference::Diagonal,
    };
    let scores = ScoreCurves {
        x: &[10.0, 20.0, 40.0],
        train_mean: &[0.99, 0.95, 0.93],
        train_std: &[0.01, 0.01, 0.01],
        val_mean: &[0.7, 0.8, 0.85],
        val_std: &[0.05, 0.03, 0.02],
    };
    let score_options = ScoreCurveOptions {
        x_label: label.to_string(),
        y_label: label.to_string(),
        log_x: true,
    };
    let line_options = LineOptions {
        x_label: label.to_string(),
        y_label: label.to_string(),
        reference: Reference::Zero,
        unit_axes: false,
        log_x: false,
    };
    let names = vec![label.to_string(), "f2".to_string(), "f3".to_string()];
    let contributions = vec![(label.to_string(), 0.3), ("f2".to_string(), -0.1)];
    vec![
        roc_chart(&curves, title, size),
        precision_recall_chart(&curves, Some(0.3), title, size),
        calibration_chart(&curves, title, size),
        confusion_chart(&labels, &counts, false, title, size),
        confusion_chart(&labels, &counts, true, title, size),
        scatter_chart(&x, &y, &scatter, title, size),
        predicted_vs_actual_chart(&x, &y, label, title, size),
        residuals_vs_predicted_chart(&x, &y, label, title, size),
        residual_histogram_chart(&y, title, size),
        learning_curve_chart(&scores, &score_options, title, size),
        validation_curve_chart(&scores, &score_options, title, size),
        importance_chart(
            &names,
            &[0.2, 0.5, -0.1],
            Some(&[0.01, 0.02, 0.03]),
            2,
            title,
            size,
        ),
        waterfall_chart(0.5, &contributions, 0.7, title, size),
        line_chart(&curves, &line_options, title, size),
    ]
}

#[test]
fn every_chart_is_an_accessible_document_inside_its_canvas() {
    for s in [
        size(),
        ChartSize::default(),
        ChartSize {
            width: 200,
            height: 140,
        },
        ChartSize {
            width: 1200,
            height: 900,
        },
    ] {
        for svg in all_charts("Adelie", "Test set", s) {
            check_layout(&svg);
            assert_eq!(common::title(&svg), "Test set");
            assert!(common::desc(&svg).len() > 40, "{}", common::desc(&svg));
        }
    }
}

#[test]
fn charts_are_deterministic() {
    assert_eq!(all_charts("a", "t", size()), all_charts("a", "t", size()));
}

const HOSTILE: &[&str] = &[
    "</svg><script>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "' onload='alert(1)",
    "<![CDATA[<script>]]>",
    "<!-- --><script>",
    "&lt;script&gt; & &amp; &#x3C;",
    "a\u{0}b\u{7}c\u{1b}[31m\u{FFFF}",
    "<foreignObject><iframe src=javascript:alert(1)>",
];

#[test]
fn hostile_labels_are_escaped_everywhere() {
    for text in HOSTILE {
        for svg in all_charts(text, text, size()) {
            let lower = svg.to_lowercase();
            for bad in ["<script", "<iframe", "<foreignobject", "<![cdata[", "<!--"] {
                assert!(!lower.contains(bad), "raw {bad} in:\n{svg}");
            }
            assert!(!svg.contains("' onload"), "raw quote in:\n{svg}");
            assert!(!svg.contains('\u{0}') && !svg.contains('\u{1b}'));
            check_layout(&svg);
            assert_eq!(svg.matches("</svg>").count(), 1);
        }
    }
    let t = "</svg><script>alert(1)</script>";
    let svg = roc_chart(&[curve(t, &[0.0, 1.0], &[0.0, 1.0], Some(0.5))], t, size());
    assert_eq!(common::title(&svg), t);
    assert_eq!(tips(&svg, "curve"), vec![format!("{t} (AUC 0.500)")]);
    assert!(common::drawn_text(&svg).contains("</svg><script>alert(1)"));
    assert!(common::desc(&svg).starts_with(&format!("ROC curve ({t}):")));
}

/// Inputs with nothing finite to draw.
fn empty_inputs() -> Vec<(&'static str, String)> {
    let nan = f64::NAN;
    let inf = f64::INFINITY;
    let bad_curves = vec![curve("x", &[nan, inf], &[0.5, nan], Some(nan))];
    let no_scores = ScoreCurves {
        x: &[nan, inf],
        train_mean: &[0.5, 0.5],
        train_std: &[],
        val_mean: &[nan],
        val_std: &[],
    };
    let s = size();
    vec![
        ("roc", roc_chart(&[], "", s)),
        ("roc nan", roc_chart(&bad_curves, "", s)),
        ("pr", precision_recall_chart(&bad_curves, Some(nan), "", s)),
        ("calibration", calibration_chart(&bad_curves, "", s)),
        (
            "lines",
            line_chart(&bad_curves, &LineOptions::default(), "", s),
        ),
        ("confusion", confusion_chart(&[], &[], true, "", s)),
        (
            "confusion ragged",
            confusion_chart(&strings(&["a", "b"]), &[vec![], vec![1]], false, "", s),
        ),
        (
            "scatter",
            scatter_chart(&[nan, inf], &[1.0, 2.0], &ScatterOptions::default(), "", s),
        ),
        (
            "scatter empty",
            scatter_chart(&[], &[], &ScatterOptions::default(), "", s),
        ),
        ("pred", predicted_vs_actual_chart(&[nan], &[nan], "", "", s)),
        (
            "residuals",
            residuals_vs_predicted_chart(&[f64::MAX], &[-f64::MAX], "", "", s),
        ),
        (
            "residual hist",
            residual_histogram_chart(&[nan, -inf], "", s),
        ),
        (
            "learning",
            learning_curve_chart(&no_scores, &ScoreCurveOptions::default(), "", s),
        ),
        (
            "validation log",
            validation_curve_chart(
                &ScoreCurves {
                    x: &[0.0, -1.0],
                    train_mean: &[0.5, 0.5],
                    ..ScoreCurves::default()
                },
                &ScoreCurveOptions {
                    log_x: true,
                    ..ScoreCurveOptions::default()
                },
                "",
                s,
            ),
        ),
        (
            "importance",
            importance_chart(&strings(&["a"]), &[nan], None, 10, "", s),
        ),
        (
            "importance empty",
            importance_chart(&[], &[], None, 0, "", s),
        ),
        (
            "waterfall",
            waterfall_chart(nan, &[("a".to_string(), 1.0)], 1.0, "", s),
        ),
    ]
}

#[test]
fn nothing_finite_gives_a_no_data_chart() {
    for (name, svg) in empty_inputs() {
        check_layout(&svg);
        assert!(
            common::drawn_text(&svg).contains("no data"),
            "{name}: {}",
            common::drawn_text(&svg)
        );
        assert!(
            common::desc(&svg).contains("no data"),
            "{name}: {}",
            common::desc(&svg)
        );
    }
    let d = common::desc(&residual_histogram_chart(
        &[f64::NAN, f64::INFINITY],
        "",
        size(),
    ));
    assert_eq!(
        d,
        "Residual histogram: no data. 2 non-finite values ignored."
    );
}

/// xorshift64 for the randomized sweep.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn weird(&mut self) -> f64 {
        match self.below(10) {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => -f64::MAX,
            3 => f64::MAX,
            4 => -0.0,
            5 => 5e-324,
            6 => f64::from_bits(self.next()),
            _ => (self.next() % 2001) as f64 / 1000.0 - 1.0,
        }
    }

    fn values(&mut self) -> Vec<f64> {
        let n = [0, 1, 2, 7, 60, 6000][self.below(6)];
        (0..n).map(|_| self.weird()).collect()
    }
}

#[test]
fn randomized_weird_inputs_never_panic() {
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    for _ in 0..60 {
        let (a, b, c, d, e) = (
            rng.values(),
            rng.values(),
            rng.values(),
            rng.values(),
            rng.values(),
        );
        let curves = vec![
            curve("a", &a, &b, Some(rng.weird())),
            curve("", &c, &d, None),
        ];
        let s = ChartSize {
            width: [0, 200, 600, 5000][rng.below(4)],
            height: [0, 140, 420, 5000][rng.below(4)],
        };
        let k = rng.below(6);
        let labels: Vec<String> = (0..k).map(|i| format!("c{i}")).collect();
        let counts: Vec<Vec<u64>> = (0..rng.below(7))
            .map(|_| {
                (0..rng.below(7))
                    .map(|_| [0, 1, u64::MAX][rng.below(3)])
                    .collect()
            })
            .collect();
        let names: Vec<String> = (0..a.len()).map(|i| format!("f{i}")).collect();
        let contributions: Vec<(String, f64)> = b
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("f{i}"), *v))
            .collect();
        let scores = ScoreCurves {
            x: &a,
            train_mean: &b,
            train_std: &c,
            val_mean: &d,
            val_std: &e,
        };
        let log = ScoreCurveOptions {
            log_x: rng.below(2) == 0,
            ..ScoreCurveOptions::default()
        };
        let line = LineOptions {
            log_x: rng.below(2) == 0,
            unit_axes: rng.below(2) == 0,
            reference: [Reference::None, Reference::Diagonal, Reference::Zero][rng.below(3)],
            ..LineOptions::default()
        };
        let scatter = ScatterOptions {
            reference: line.reference,
            ..ScatterOptions::default()
        };
        let charts = [
            roc_chart(&curves, "r", s),
            precision_recall_chart(&curves, Some(rng.weird()), "p", s),
            calibration_chart(&curves, "c", s),
            line_chart(&curves, &line, "l", s),
            confusion_chart(&labels, &counts, rng.below(2) == 0, "m", s),
            scatter_chart(&a, &b, &scatter, "s", s),
            residual_histogram_chart(&c, "h", s),
            learning_curve_chart(&scores, &log, "lc", s),
            importance_chart(&names, &b, Some(&c), rng.below(30), "i", s),
            waterfall_chart(rng.weird(), &contributions, rng.weird(), "w", s),
        ];
        for svg in &charts {
            common::check(svg);
        }
        // The tables never panic either and keep their shape.
        for t in [
            roc_table(&curves),
            confusion_table(&labels, &counts),
            scatter_table(&a, &b, &scatter),
            score_curve_table(&scores, &log),
            importance_table(&names, &b, Some(&c)),
            waterfall_table(rng.weird(), &contributions, rng.weird()),
            residual_histogram_table(&c),
        ] {
            assert!(t.rows.iter().all(|r| r.len() == t.header.len()));
        }
    }
}

#[test]
fn roc_chart_facts() {
    let curves = vec![
        curve(
            "forest",
            &[0.0, 0.0, 0.2, 1.0],
            &[0.0, 0.7, 0.95, 1.0],
            Some(0.955),
        ),
        curve("logistic", &[0.0, 0.5, 1.0], &[0.0, 0.8, 1.0], Some(0.8)),
    ];
    let svg = roc_chart(&curves, "", size());
    assert_eq!(common::title(&svg), "ROC curve");
    assert_eq!(
        common::desc(&svg),
        "ROC curve: true positive rate against false positive rate, 2 curves. forest: AUC \
         0.955. logistic: AUC 0.800. Highest AUC: forest (0.955). The dashed diagonal is a model \
         that guesses at random (AUC 0.5); the closer a curve runs to the top-left corner, the \
         better the model ranks positives above negatives."
    );
    assert_eq!(
        tips(&svg, "curve"),
        vec!["forest (AUC 0.955)", "logistic (AUC 0.800)"]
    );
    assert_eq!(tips(&svg, "point").len(), 7);
    assert_eq!(tips(&svg, "reference"), vec!["chance (AUC 0.5)"]);
    let text = common::drawn_text(&svg);
    for label in [
        "False positive rate",
        "True positive rate",
        "forest (AUC 0.955)",
        "chance (AUC 0.5)",
        "0.2",
        "1.0",
    ] {
        assert!(text.contains(label), "{label} missing from {text}");
    }
    // The two curves get different Okabe-Ito colours.
    assert!(svg.contains("stroke=\"#0072B2\"") && svg.contains("stroke=\"#D55E00\""));
}

#[test]
fn long_curves_are_simplified_but_keep_their_shape() {
    let n = 20_000;
    let x: Vec<f64> = (0..=n).map(|i| f64::from(i) / f64::from(n)).collect();
    let y: Vec<f64> = x.iter().map(|v| v.sqrt()).collect();
    let svg = roc_chart(&[curve("big", &x, &y, Some(0.667))], "", size());
    let segments = common::count_in(&svg, "curve", "line");
    assert!(segments > 20 && segments < 1_200, "{segments} segments");
    assert_eq!(common::count_in(&svg, "curve", "circle"), 0);
    assert!(svg.len() < 150_000, "{} bytes", svg.len());
}

#[test]
fn eight_curves_are_capped_at_seven() {
    let curves: Vec<Curve> = (0..8)
        .map(|i| curve(&format!("class {i}"), &[0.0, 1.0], &[0.0, 1.0], Some(0.5)))
        .collect();
    let svg = roc_chart(&curves, "", size());
    assert_eq!(tips(&svg, "curve").len(), 7);
    assert!(common::desc(&svg).contains("The chart shows the first 7 of 8 curves."));
}

#[test]
fn precision_recall_is_drawn_as_steps_with_a_chance_line() {
    let c = curve("m", &[1.0, 0.5, 0.0], &[0.5, 1.0, 1.0], Some(0.75));
    let svg = precision_recall_chart(std::slice::from_ref(&c), Some(0.5), "", size());
    let d = common::desc(&svg);
    assert!(d.starts_with("Precision–recall curve: precision against recall, 1 curve. m: average precision 0.750."), "{d}");
    assert!(d.contains("The dashed line at precision 0.500 is a model that guesses at random"));
    // steps-post: (1, .5) → (.5, .5) → (.5, 1) → (0, 1): three segments, two turns.
    assert_eq!(common::count_in(&svg, "curve", "line"), 3);
    assert_eq!(tips(&svg, "reference"), vec!["chance (0.500)"]);
    let no_level = precision_recall_chart(&[c], None, "", size());
    assert!(tips(&no_level, "reference").is_empty());
    let t = precision_recall_table(&[curve("m", &[1.0, 0.0], &[0.5, 1.0], Some(0.75))]);
    assert_eq!(t.header, vec!["Curve", "Recall", "Precision"]);
    assert_eq!(t.rows, vec![vec!["m", "1", "0.5"], vec!["m", "0", "1"]]);
    assert!(
        t.caption.ends_with("average precision: m 0.750."),
        "{}",
        t.caption
    );
}

#[test]
fn calibration_chart_facts() {
    let c = curve("forest", &[0.1, 0.5, 0.9], &[0.05, 0.4, 0.95], Some(0.081));
    let svg = calibration_chart(std::slice::from_ref(&c), "Calibration", size());
    let d = common::desc(&svg);
    assert!(d.contains("forest: 3 bins, Brier score 0.081; largest gap 0.100 at mean predicted probability 0.500 (observed 0.400, lower than predicted)."), "{d}");
    assert_eq!(tips(&svg, "point").len(), 3);
    assert_eq!(tips(&svg, "reference"), vec!["perfectly calibrated"]);
    let t = calibration_table(&[c]);
    assert_eq!(
        t.header,
        vec![
            "Model",
            "Mean predicted probability",
            "Fraction of positives"
        ]
    );
    assert_eq!(t.rows.len(), 3);
}

#[test]
fn confusion_matrix_facts() {
    let labels = strings(&["cat", "dog", "fox"]);
    let counts = vec![vec![8, 2, 0], vec![1, 9, 0], vec![0, 5, 5]];
    let svg = confusion_chart(&labels, &counts, false, "", size());
    assert_eq!(
        common::desc(&svg),
        "Confusion matrix: 3 classes (cat, dog, fox), 30 samples; rows are the true class, \
         columns the predicted class. 22 correct (73.3% accuracy). Recall per class: cat 80.0% \
         (8 of 10), dog 90.0% (9 of 10), fox 50.0% (5 of 10). Most common mistake: 5 samples of \
         fox predicted as dog."
    );
    let cells = tips(&svg, "cell");
    assert_eq!(cells.len(), 6);
    assert_eq!(tips(&svg, "cell correct").len(), 3);
    assert_eq!(cells[0], "true cat, predicted dog: 2 (20.0% of true cat)");
    let text = common::drawn_text(&svg);
    for s in [
        "8\n80.0%",
        "5\n50.0%",
        "Predicted class",
        "True class",
        "fox",
    ] {
        assert!(text.contains(s), "{s:?} missing from {text}");
    }
    // Normalised: the share comes first and sets the colour.
    let svg = confusion_chart(&labels, &counts, true, "", size());
    assert!(common::drawn_text(&svg).contains("80.0%\n8"));
    assert!(common::drawn_text(&svg).contains("100%"));
    // 100% of a row is the darkest blue; an empty row is grey.
    let svg = confusion_chart(&labels[..2], &[vec![4, 0], vec![0, 0]], true, "", size());
    assert!(svg.contains("fill=\"#08306B\""), "{svg}");
    assert!(svg.contains("fill=\"#BDBDBD\""));
    assert!(common::desc(&svg).contains("No mistakes."));

    let t = confusion_table(&labels, &counts);
    assert_eq!(
        t.header,
        vec!["True \\ predicted", "cat", "dog", "fox", "Total", "Recall"]
    );
    assert_eq!(
        t.rows[2],
        vec!["fox", "0 (0.0%)", "5 (50.0%)", "5 (50.0%)", "10", "50.0%"]
    );
    assert_eq!(t.to_rows().len(), 4);
}

#[test]
fn many_classes_are_cut_to_what_fits() {
    let n = 200;
    let labels: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    let counts: Vec<Vec<u64>> = (0..n)
        .map(|i| (0..n).map(|j| u64::from(i == j)).collect())
        .collect();
    let svg = confusion_chart(&labels, &counts, true, "", size());
    check_layout(&svg);
    let shown = tips(&svg, "cell correct").len();
    assert!(shown > 10 && shown < n, "{shown}");
    assert!(common::desc(&svg).ends_with(&format!("The chart shows the first {shown} classes.")));
    assert!(common::desc(&svg).contains("and 188 more"));
    assert_eq!(confusion_table(&labels, &counts).rows.len(), n);
}

#[test]
fn scatter_down_samples_deterministically_and_says_so() {
    let n = 20_000;
    let x: Vec<f64> = (0..n).map(f64::from).collect();
    let y: Vec<f64> = x.iter().map(|v| v * 0.5).collect();
    let svg = scatter_chart(&x, &y, &ScatterOptions::default(), "", size());
    assert_eq!(
        common::count_in(&svg, "points", "circle"),
        SCATTER_MAX_POINTS
    );
    assert!(
        common::desc(&svg).contains("The chart draws 5,000 evenly spread points of the 20,000.")
    );
    assert!(common::desc(&svg).contains("Pearson correlation 1.000."));
    assert!(
        tips(&svg, "point").is_empty(),
        "no per-point titles at this size"
    );
    assert_eq!(
        svg,
        scatter_chart(&x, &y, &ScatterOptions::default(), "", size())
    );
    let small = scatter_chart(&x[..10], &y[..10], &ScatterOptions::default(), "", size());
    assert_eq!(tips(&small, "point")[3], "x 3, y 1.5");
    assert!(!common::desc(&small).contains("evenly spread"));
}

#[test]
fn regression_charts_have_their_reference_lines() {
    let actual = [1.0, 2.0, 3.0, 4.0];
    let predicted = [1.5, 2.0, 2.5, 4.5];
    let svg = predicted_vs_actual_chart(&actual, &predicted, "price", "", size());
    assert_eq!(common::title(&svg), "Predicted vs actual");
    assert_eq!(tips(&svg, "reference"), vec!["y = x (perfect prediction)"]);
    let d = common::desc(&svg);
    assert!(
        d.starts_with(
            "Scatter chart (Predicted vs actual): Predicted price against Actual price, 4 points"
        ),
        "{d}"
    );
    assert!(
        d.contains("Mean absolute distance from y = x: 0.375"),
        "{d}"
    );
    let svg = residuals_vs_predicted_chart(&actual, &predicted, "price", "", size());
    assert_eq!(tips(&svg, "reference"), vec!["y = 0 (no error)"]);
    assert_eq!(
        tips(&svg, "point")[0],
        "Predicted price 1.5, Residual (actual − predicted) −0.5"
    );
    assert!(common::desc(&svg).contains("25.0% above zero"));

    let res = [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 3.0, f64::NAN];
    let svg = residual_histogram_chart(&res, "", size());
    let d = common::desc(&svg);
    assert!(
        d.starts_with("Residual histogram: 8 residuals from −2 to 3 in 5 bins; mean 0.3125"),
        "{d}"
    );
    assert!(d.contains("50.0% positive (the model predicted too low), 37.5% negative (too high). 1 non-finite value ignored."), "{d}");
    assert_eq!(tips(&svg, "bar").len(), 5);
    assert_eq!(tips(&svg, "reference"), vec!["zero error"]);
    let t = residual_histogram_table(&res);
    assert_eq!(t.rows.len(), 5);
    assert_eq!(
        t.rows
            .iter()
            .map(|r| r[2].parse::<usize>().unwrap())
            .sum::<usize>(),
        8
    );
}

#[test]
fn learning_and_validation_curves() {
    let scores = ScoreCurves {
        x: &[100.0, 1000.0, 500.0],
        train_mean: &[1.0, 0.95, 0.97],
        train_std: &[0.0, 0.01, 0.01],
        val_mean: &[0.7, 0.88, 0.85],
        val_std: &[0.05, 0.02, 0.03],
    };
    let options = ScoreCurveOptions {
        x_label: "Training examples".to_string(),
        y_label: "accuracy".to_string(),
        log_x: false,
    };
    let svg = learning_curve_chart(&scores, &options, "", size());
    let d = common::desc(&svg);
    assert!(d.starts_with("Learning curve: mean training and validation accuracy against Training examples at 3 points"), "{d}");
    assert!(
        d.contains("At Training examples 1000: training 0.950, validation 0.880 (gap 0.070)."),
        "{d}"
    );
    assert_eq!(
        tips(&svg, "curve"),
        vec!["Training score", "Validation score"]
    );
    assert_eq!(
        tips(&svg, "point")[..3],
        [
            "Training examples 100: Training score 1.000 ± 0.000",
            "Training examples 500: Training score 0.970 ± 0.010",
            "Training examples 1000: Training score 0.950 ± 0.010"
        ]
    );
    assert!(
        common::count_in(&svg, "bands", "rect") > 10,
        "bands are drawn"
    );

    let svg = validation_curve_chart(
        &ScoreCurves {
            x: &[0.001, 0.1, 10.0],
            ..scores
        },
        &ScoreCurveOptions {
            x_label: "alpha".to_string(),
            log_x: true,
            ..options.clone()
        },
        "",
        size(),
    );
    let d = common::desc(&svg);
    assert!(
        d.starts_with(
            "Validation curve: mean training and validation accuracy against alpha (log scale)"
        ),
        "{d}"
    );
    assert!(
        d.contains("Highest validation accuracy: 0.880 at alpha 0.1."),
        "{d}"
    );
    let text = common::drawn_text(&svg);
    for tick in ["0.001", "0.01", "0.1", "1", "10"] {
        assert!(
            text.lines().any(|l| l == tick),
            "log tick {tick} missing: {text}"
        );
    }

    let t = score_curve_table(&scores, &options);
    assert_eq!(
        t.header,
        vec![
            "Training examples",
            "Training accuracy",
            "Validation accuracy"
        ]
    );
    assert_eq!(t.rows[1], vec!["500", "0.970 ± 0.010", "0.850 ± 0.030"]);
}

#[test]
fn importance_chart_facts() {
    let names: Vec<String> = (0..30).map(|i| format!("f{i}")).collect();
    let values: Vec<f64> = (0..30).map(|i| f64::from(i) / 100.0 - 0.02).collect();
    let errors: Vec<f64> = vec![0.005; 30];
    let svg = importance_chart(
        &names,
        &values,
        Some(&errors),
        8,
        "Permutation importance",
        size(),
    );
    let bars = tips(&svg, "bar");
    assert_eq!(bars.len(), 8);
    assert_eq!(bars[0], "f29: 0.270 ± 0.005");
    assert!(common::drawn_text(&svg).contains("and 22 more features"));
    let d = common::desc(&svg);
    assert!(d.starts_with("Feature importance (Permutation importance): 30 features, sorted from most to least important; the chart shows the top 8, with error bars"), "{d}");
    assert!(
        d.contains(", and 22 more. 2 features have an importance below zero."),
        "{d}"
    );
    // Error bars: one line and two caps per bar.
    assert_eq!(common::count_in(&svg, "bar", "line"), 24);
    // The negative bars are vermillion, the others blue.
    let all = importance_chart(
        &names,
        &values,
        None,
        30,
        "",
        ChartSize {
            width: 600,
            height: 800,
        },
    );
    assert_eq!(tips(&all, "bar").len(), 30);
    assert_eq!(all.matches("fill=\"#D55E00\"").count(), 2);
    let t = importance_table(&names, &values, Some(&errors));
    assert_eq!(
        t.header,
        vec!["Rank", "Feature", "Importance", "Standard deviation"]
    );
    assert_eq!(t.rows[0], vec!["1", "f29", "0.270", "0.005"]);
    assert_eq!(t.rows.len(), 30);
}

#[test]
fn waterfall_facts() {
    let contributions = vec![
        ("size".to_string(), 30_000.0),
        ("age".to_string(), -12_000.0),
        ("garage".to_string(), 2_500.0),
    ];
    let svg = waterfall_chart(
        180_000.0,
        &contributions,
        200_500.0,
        "Why this price?",
        size(),
    );
    assert_eq!(
        common::desc(&svg),
        "Waterfall (Why this price?): the prediction 200500 starts from the base value 180000 \
         and adds 3 feature contributions (together +20500). Largest: size +30000, age −12000, \
         garage +2500."
    );
    assert_eq!(tips(&svg, "base"), vec!["base value: 180000"]);
    assert_eq!(tips(&svg, "prediction"), vec!["prediction: 200500"]);
    assert_eq!(
        tips(&svg, "contribution"),
        vec![
            "size: +30000 (from 180000 to 210000)",
            "age: −12000 (from 210000 to 198000)",
            "garage: +2500 (from 198000 to 200500)"
        ]
    );
    // Raising bars vermillion, lowering bars blue.
    assert_eq!(svg.matches("fill=\"#D55E00\"").count(), 2);
    let t = waterfall_table(180_000.0, &contributions, 200_500.0);
    assert_eq!(t.rows.first().unwrap(), &vec!["Base value", "–", "180000"]);
    assert_eq!(t.rows[2], vec!["age", "−12000", "198000"]);
    assert_eq!(t.rows.last().unwrap(), &vec!["Prediction", "–", "200500"]);

    // Many features: the smallest are summed into one row.
    let many: Vec<(String, f64)> = (0..40)
        .map(|i| (format!("f{i}"), f64::from(i % 7) - 3.0))
        .collect();
    let svg = waterfall_chart(0.0, &many, 1.0, "", size());
    let rows = tips(&svg, "contribution");
    assert!(rows.len() <= 14, "{}", rows.len());
    assert!(
        rows.iter().any(|r| r.contains("other features")),
        "{rows:?}"
    );
    assert!(common::desc(&svg).contains("The chart sums the smallest"));
    assert!(
        rows.iter().any(|r| r.starts_with("unexplained")),
        "{rows:?}"
    );
}

#[test]
fn generic_line_chart_and_table() {
    let c = curve(
        "loss",
        &[1.0, 2.0, 3.0, f64::NAN],
        &[1.0, 0.5, 0.25, 0.1],
        None,
    );
    let options = LineOptions {
        x_label: "epoch".to_string(),
        y_label: "loss".to_string(),
        reference: Reference::Zero,
        unit_axes: false,
        log_x: false,
    };
    let svg = line_chart(std::slice::from_ref(&c), &options, "Training", size());
    assert_eq!(
        common::desc(&svg),
        "Line chart (Training): loss against epoch, 1 series. loss: 3 points, epoch from 1 to 3, \
         loss from 0.25 to 1 (highest at epoch = 1). 1 value pair skipped (not finite, off a log \
         axis, or unmatched)."
    );
    assert_eq!(tips(&svg, "reference"), vec!["y = 0"]);
    let t: ChartTable = line_table(&[c], &options);
    assert_eq!(t.header, vec!["Series", "epoch", "loss"]);
    assert_eq!(
        t.rows,
        vec![
            vec!["loss", "1", "1"],
            vec!["loss", "2", "0.5"],
            vec!["loss", "3", "0.25"]
        ]
    );
    let roc = roc_table(&[curve("a", &[0.0, 1.0], &[0.0, 1.0], Some(0.5))]);
    assert_eq!(
        roc.to_rows()[0],
        vec!["Curve", "False positive rate", "True positive rate"]
    );
    assert!(roc.caption.ends_with("AUC: a 0.500."), "{}", roc.caption);
}

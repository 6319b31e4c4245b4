//! No panic for any input: extreme values, empty and degenerate data, huge
//! category lists, ragged matrices, odd sizes, and a seeded randomized sweep.
//! Every output must still be a well-formed accessible SVG document.

mod common;

use studio_charts::{
    bar_chart_svg, box_plot_svg, heatmap_svg, histogram_bins, histogram_svg, ChartSize,
};

/// xorshift64: a tiny deterministic generator for the randomized test.
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

    /// A "weird" float: specials, extremes, tiny, ordinary, or arbitrary bits.
    fn weird(&mut self) -> f64 {
        match self.below(12) {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => f64::NEG_INFINITY,
            3 => f64::MAX,
            4 => -f64::MAX,
            5 => -0.0,
            6 => 5e-324,
            7 => 1e308,
            8 => f64::from_bits(self.next()),
            9 => self.below(5) as f64,
            _ => (self.next() % 2_000_001) as f64 / 1000.0 - 1000.0,
        }
    }

    fn values(&mut self) -> Vec<f64> {
        let n = match self.below(4) {
            0 => self.below(3),
            1 => self.below(20),
            2 => self.below(300),
            _ => self.below(3000),
        };
        let constant = self.below(5) == 0;
        let c = self.weird();
        (0..n)
            .map(|_| if constant { c } else { self.weird() })
            .collect()
    }

    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "a", "Zürich", "中文", "😀", "<", ">", "&", "\"", "'", "</svg>", "<script>", "\u{0}",
            "\n", "\u{FFFF}", " ", "…", "\u{202E}", "x",
        ];
        let len = match self.below(3) {
            0 => 0,
            1 => self.below(6),
            _ => self.below(60),
        };
        (0..len).map(|_| PIECES[self.below(PIECES.len())]).collect()
    }

    fn size(&mut self) -> ChartSize {
        match self.below(4) {
            0 => ChartSize::default(),
            1 => ChartSize {
                width: 0,
                height: 0,
            },
            2 => ChartSize {
                width: u32::MAX,
                height: 1,
            },
            _ => ChartSize {
                width: self.below(1500) as u32,
                height: self.below(1000) as u32,
            },
        }
    }
}

#[test]
fn randomized_inputs_never_panic() {
    let mut rng = XorShift(0x2545_F491_4F6C_DD1D);
    for _ in 0..300 {
        let title = rng.text();
        let size = rng.size();
        let values = rng.values();

        let bins = histogram_bins(&values);
        let finite = values.iter().filter(|v| v.is_finite()).count();
        assert_eq!(bins.iter().map(|b| b.2).sum::<usize>(), finite);
        assert!(bins.len() <= 50);
        assert!(bins
            .iter()
            .all(|b| b.0.is_finite() && b.1.is_finite() && b.0 <= b.1));

        common::check(&histogram_svg(&title, &values, size));
        common::check(&box_plot_svg(&title, &values, size));

        let cats: Vec<(String, usize)> = (0..rng.below(40))
            .map(|_| {
                let count = if rng.below(4) == 0 {
                    usize::MAX - rng.below(3)
                } else {
                    rng.below(1000)
                };
                (rng.text(), count)
            })
            .collect();
        common::check(&bar_chart_svg(&title, &cats, size));

        let n = rng.below(16);
        let labels: Vec<String> = (0..rng.below(18)).map(|_| rng.text()).collect();
        let matrix: Vec<Vec<f64>> = (0..n)
            .map(|_| {
                let len = if rng.below(3) == 0 { rng.below(18) } else { n };
                (0..len).map(|_| rng.weird()).collect()
            })
            .collect();
        common::check(&heatmap_svg(&title, &labels, &matrix, size));
    }
}

#[test]
fn extreme_numbers() {
    let size = ChartSize::default();
    let cases: Vec<Vec<f64>> = vec![
        vec![],
        vec![f64::NAN],
        vec![1e308],
        vec![-0.0],
        vec![-0.0, 0.0],
        vec![1e308, -1e308],
        vec![f64::MAX, -f64::MAX, 0.0],
        vec![f64::MAX; 10],
        vec![5e-324, 0.0, -5e-324],
        vec![1e-300, 2e-300, 3e-300],
        vec![1.0, 1.0 + f64::EPSILON],
        vec![f64::INFINITY, f64::NEG_INFINITY, 3.0],
        vec![7.0; 1000],
    ];
    for values in cases {
        for svg in [
            histogram_svg("x", &values, size),
            box_plot_svg("x", &values, size),
        ] {
            common::check(&svg);
            assert!(!svg.contains("NaN"), "NaN leaked into:\n{svg}");
            assert!(!svg.contains("inf"), "inf leaked into:\n{svg}");
        }
    }
}

#[test]
fn ten_thousand_categories() {
    let cats: Vec<(String, usize)> = (0..10_000)
        .map(|i| (format!("category {i}"), 10_000 - i))
        .collect();
    let svg = bar_chart_svg("many", &cats, ChartSize::default());
    let drawn = common::count_in(&svg, "bars", "rect");
    assert!((5..=30).contains(&drawn), "{drawn} bars drawn");
    let desc = common::desc(&svg);
    assert!(desc.contains("10,000 categories"), "{desc}");
    assert!(desc.contains(&format!("The chart shows the first {drawn} categories")));
    assert!(svg.len() < 100_000);
}

#[test]
fn ragged_and_degenerate_heatmaps() {
    let size = ChartSize::default();
    let l = |n: usize| -> Vec<String> { (0..n).map(|i| format!("c{i}")).collect() };
    // Ragged: the leading 2x2 square is drawn.
    let m = vec![vec![1.0, 0.5, 0.2], vec![0.5, 1.0], vec![0.2]];
    let svg = heatmap_svg("r", &l(3), &m, size);
    assert_eq!(common::count_in(&svg, "cells", "rect"), 4);
    // Nothing square: "no data".
    for (labels, m) in [
        (l(3), vec![]),
        (l(0), vec![vec![1.0]]),
        (l(2), vec![vec![], vec![1.0, 2.0]]),
    ] {
        let svg = heatmap_svg("r", &labels, &m, size);
        assert_eq!(common::count_in(&svg, "cells", "rect"), 0);
        assert!(common::drawn_text(&svg).contains("no data"));
    }
    // Out-of-range and non-finite values, and more rows than labels.
    let m = vec![
        vec![f64::NAN, 7.0, -f64::MAX],
        vec![f64::INFINITY, -0.0, 1e308],
        vec![0.0; 3],
    ];
    let svg = heatmap_svg("odd", &l(2), &m, size);
    assert_eq!(common::count_in(&svg, "cells", "rect"), 4);
}

#[test]
fn big_heatmap_is_cut_to_what_fits() {
    let n = 300;
    let labels: Vec<String> = (0..n).map(|i| format!("column {i}")).collect();
    let m: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| ((i * j) % 7) as f64 / 7.0).collect())
        .collect();
    let svg = heatmap_svg("wide", &labels, &m, ChartSize::default());
    let cells = common::count_in(&svg, "cells", "rect");
    let k = (cells as f64).sqrt() as usize;
    assert_eq!(k * k, cells);
    assert!(k > 10 && k < n, "{k}");
    assert!(common::desc(&svg).contains(&format!("The chart shows the first {k} columns")));
}

#[test]
fn long_titles_and_labels_are_fitted() {
    let long = "x".repeat(100_000);
    let svg = histogram_svg(&long, &[1.0, 2.0], ChartSize::default());
    common::check(&svg);
    // The full title stays in <title>, the drawn one is shortened.
    assert!(common::drawn_text(&svg)
        .lines()
        .all(|l| l.chars().count() < 200));
    let svg = bar_chart_svg("t", &[(long.clone(), 1)], ChartSize::default());
    assert!(common::drawn_text(&svg)
        .lines()
        .all(|l| l.chars().count() < 200));
}

//! Timing of the explanation tools on 20,000 × 20 synthetic regression data.
//!
//! ```text
//! cargo run --release -p studio-core --example bench_explain [-- --write-csv /tmp/explain_bench.csv]
//! ```
//!
//! With `--write-csv` the data is also written out, so scikit-learn / shap
//! can be timed on the same rows:
//!
//! ```python
//! import time, numpy as np, pandas as pd, shap
//! from sklearn.ensemble import RandomForestRegressor
//! from sklearn.neighbors import KNeighborsRegressor
//! from sklearn.inspection import permutation_importance, partial_dependence
//! df = pd.read_csv("/tmp/explain_bench.csv"); X = df.drop(columns="y").to_numpy(); y = df["y"].to_numpy()
//! rf = RandomForestRegressor(100, max_depth=20, random_state=0, n_jobs=1).fit(X, y)
//! ex = shap.TreeExplainer(rf); t = time.perf_counter(); ex.shap_values(X[:100]); print((time.perf_counter() - t) / 100)
//! t = time.perf_counter(); permutation_importance(rf, X, y, n_repeats=5, random_state=0, n_jobs=1); print(time.perf_counter() - t)
//! t = time.perf_counter(); partial_dependence(rf, X[:1000], [0], method="brute", grid_resolution=20); print(time.perf_counter() - t)
//! knn = KNeighborsRegressor().fit(X, y)
//! pe = shap.PermutationExplainer(knn.predict, shap.maskers.Independent(X[:50], max_samples=50))
//! t = time.perf_counter(); pe(X[:1], max_evals=4000); print(time.perf_counter() - t)
//! ```

use std::time::Instant;

use studio_core::explain::{
    model_predictor, partial_dependence, permutation_importance, EvalTarget, ExplainParams,
    Explainer, ModelView, PdpParams, PermutationParams,
};
use studio_core::matrix::Matrix;
use studio_core::metrics::Metric;
use studio_core::models::{FittedModel, ModelParams, RandomForestParams, Task, TrainTarget};
use studio_core::pipeline::fit_preprocessor;
use studio_core::rng::SeededRng;
use studio_core::table::{Column, ColumnData, Table};

const N_ROWS: usize = 20_000;
const N_COLS: usize = 20;

fn data() -> (Table, Vec<f64>) {
    let mut rng = SeededRng::new(11);
    let mut cols: Vec<Vec<f64>> = (0..N_COLS).map(|_| Vec::with_capacity(N_ROWS)).collect();
    let mut y = Vec::with_capacity(N_ROWS);
    for _ in 0..N_ROWS {
        let x: Vec<f64> = (0..N_COLS).map(|_| rng.normal()).collect();
        let linear: f64 = x[4..10].iter().sum::<f64>() * 0.5;
        y.push(3.0 * x[0].sin() + 2.0 * x[1] * x[2] + x[3] * x[3] + linear + 0.3 * rng.normal());
        for (c, v) in cols.iter_mut().zip(x) {
            c.push(v);
        }
    }
    let mut columns: Vec<Column> = cols
        .into_iter()
        .enumerate()
        .map(|(j, v)| Column {
            name: format!("f{j}"),
            data: ColumnData::Numeric(v),
        })
        .collect();
    columns.push(Column {
        name: "y".into(),
        data: ColumnData::Numeric(y.clone()),
    });
    (
        Table {
            columns,
            n_rows: N_ROWS,
        },
        y,
    )
}

fn write_csv(table: &Table, path: &str) {
    let mut out = table.names().join(",");
    out.push('\n');
    for r in 0..table.n_rows {
        let row: Vec<String> = table
            .columns
            .iter()
            .map(|c| c.cell_text(r).unwrap_or_default())
            .collect();
        out.push_str(&row.join(","));
        out.push('\n');
    }
    std::fs::write(path, out).expect("write csv");
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

/// CPU time of this process in ms (Linux `/proc/self/stat`, 100 Hz ticks;
/// 0 elsewhere): on a loaded machine it is the fairer number.
fn cpu_ms() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15; after the ')' they are 12 and 13 (0-based 11, 12).
    (ticks(11) + ticks(12)) * 10.0
}

/// Wall and CPU milliseconds since `(t, cpu)`.
fn times(start: (Instant, f64)) -> String {
    format!(
        "{:.0} ms wall, {:.0} ms CPU",
        ms(start.0),
        cpu_ms() - start.1
    )
}

fn start() -> (Instant, f64) {
    (Instant::now(), cpu_ms())
}

fn wants(args: &[String], stage: &str) -> bool {
    !args.iter().any(|a| a.starts_with("--only"))
        || args.iter().any(|a| a == &format!("--only-{stage}"))
}

fn main() {
    let (table, y) = data();
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--write-csv") {
        write_csv(
            &table,
            args.get(i + 1)
                .map_or("/tmp/explain_bench.csv", String::as_str),
        );
    }
    let features: Vec<String> = (0..N_COLS).map(|j| format!("f{j}")).collect();
    let all: Vec<usize> = (0..N_ROWS).collect();
    let pipeline = fit_preprocessor(&table, &features, &all).expect("pipeline");
    let x = pipeline.transform_table(&table, &all).expect("x");
    let fit = |json: &str| {
        let params: ModelParams = serde_json::from_str(json).expect("params");
        FittedModel::fit(
            &params,
            Task::Regression,
            &x,
            TrainTarget::Values(&y),
            0,
            &mut |_| true,
        )
        .expect("fit")
    };

    let params = ModelParams::RandomForest(RandomForestParams {
        n_trees: 100,
        max_depth: Some(20),
        ..RandomForestParams::for_task(Task::Regression)
    });
    let t = start();
    let forest = FittedModel::fit(
        &params,
        Task::Regression,
        &x,
        TrainTarget::Values(&y),
        0,
        &mut |_| true,
    )
    .expect("fit");
    println!("forest fit (100 trees, depth 20): {}", times(t));
    if let FittedModel::ForestRegressor(f) = &forest {
        let nodes: usize = f.trees.iter().map(|t| t.n_nodes()).sum();
        println!(
            "  {} nodes in all, {:.0} per tree",
            nodes,
            nodes as f64 / 100.0
        );
    }
    let view = ModelView {
        model: &forest,
        pipeline: &pipeline,
        target: "y",
        class_labels: &[],
    };

    if wants(&args, "treeshap") {
        for bg_rows in [1000, N_ROWS] {
            let background = x.select_rows(&all[..bg_rows]);
            let t = start();
            let explainer =
                Explainer::new(view, background, ExplainParams::default()).expect("explainer");
            let setup = times(t);
            let n = 100;
            let t = start();
            for r in 0..n {
                let e = explainer.explain_inputs(x.row(r)).expect("explain");
                assert!(e.adds_up(1e-9));
            }
            println!(
                "TreeSHAP, background {bg_rows} rows: setup (covers) {setup}; {n} rows {}",
                times(t)
            );
        }
        // Algorithm 2 on the same trees and covers, for comparison.
        if let FittedModel::ForestRegressor(f) = &forest {
            let covers: Vec<Vec<f64>> = f.trees.iter().map(|t| training_cover(t, &x)).collect();
            let t = start();
            let mut shap = studio_core::explain::tree_shap::TreeShap::new();
            for r in 0..10 {
                let mut phi = vec![0.0; N_COLS];
                for (tree, cover) in f.trees.iter().zip(&covers) {
                    let view = AlgorithmTwoView { tree, cover };
                    shap.add(&view, x.row(r), 0.01, &mut phi).expect("shap");
                }
            }
            println!("TreeSHAP Algorithm 2 (same covers), 10 rows: {}", times(t));
        }
    }

    if wants(&args, "perm") {
        let predict = model_predictor(&forest);
        let groups = studio_core::explain::InputGroups::from_pipeline(&pipeline);
        let t = start();
        let imp = permutation_importance(
            &predict,
            &x,
            &groups,
            EvalTarget::Values(&y),
            Metric::R2,
            &PermutationParams::default(),
        )
        .expect("importance");
        println!(
            "permutation importance (20 columns x 5 repeats, 20,000 rows): {}; top {} {:.3}",
            times(t),
            imp.ranked()[0].name,
            imp.ranked()[0].mean
        );
    }

    if wants(&args, "pdp") {
        for rows in [1000, N_ROWS] {
            let t = start();
            let pd = partial_dependence(view, &table, &all[..rows], "f0", &PdpParams::default())
                .expect("pdp");
            println!(
                "partial dependence ({} points, {rows} rows): {}",
                pd.grid.len(),
                times(t)
            );
        }
    }

    if wants(&args, "knn") {
        let knn = fit(r#"{"kind":"knn"}"#);
        let knn_view = ModelView {
            model: &knn,
            ..view
        };
        let explainer = Explainer::new(
            knn_view,
            x.select_rows(&all[..50]),
            ExplainParams::default(),
        )
        .expect("explainer");
        let t = start();
        let e = explainer.explain_inputs(x.row(0)).expect("explain");
        println!(
            "sampling Shapley, k-NN, 50 background rows x 2 pairs ({} model rows), one row: {}",
            50 * 4 * (N_COLS - 1) + 51,
            times(t)
        );
        assert!(e.adds_up(1e-9));
    }

    if wants(&args, "linear") {
        let linear = fit(r#"{"kind":"linear_regression"}"#);
        let explainer = Explainer::new(
            ModelView {
                model: &linear,
                ..view
            },
            Matrix::zeros(0, N_COLS),
            ExplainParams::default(),
        )
        .expect("explainer");
        let t = start();
        for r in 0..1000 {
            explainer.explain_inputs(x.row(r)).expect("explain");
        }
        println!("linear, 1000 rows: {}", times(t));
    }
}

/// Rows of `x` reaching each node of `tree`.
fn training_cover(tree: &studio_core::models::Tree, x: &Matrix) -> Vec<f64> {
    let mut cover = vec![0.0; tree.n_nodes()];
    for r in 0..x.n_rows {
        let mut node = 0;
        loop {
            cover[node] += 1.0;
            let l = tree.left[node] as usize;
            if l == 0 {
                break;
            }
            let f = tree.feature[node] as usize;
            node = if x.get(r, f) <= tree.threshold[node] {
                l
            } else {
                tree.right[node] as usize
            };
        }
    }
    cover
}

/// One of our trees with given covers, for the Algorithm 2 timing.
struct AlgorithmTwoView<'a> {
    tree: &'a studio_core::models::Tree,
    cover: &'a [f64],
}

impl studio_core::explain::tree_shap::ShapTree for AlgorithmTwoView<'_> {
    fn n_nodes(&self) -> usize {
        self.tree.n_nodes()
    }
    fn children(&self, node: usize) -> Option<(usize, usize)> {
        let l = self.tree.left[node] as usize;
        (l != 0).then(|| (l, self.tree.right[node] as usize))
    }
    fn split(&self, node: usize) -> (usize, f64) {
        (self.tree.feature[node] as usize, self.tree.threshold[node])
    }
    fn leaf_value(&self, node: usize) -> f64 {
        self.tree.value[self.tree.right[node] as usize]
    }
    fn cover(&self, node: usize) -> f64 {
        self.cover[node]
    }
}

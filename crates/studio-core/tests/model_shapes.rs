//! Every model family, on awkward but valid shapes of data, either fits and
//! predicts valid outputs or returns an error: it never panics. And the same
//! seed gives the same model twice.

use studio_core::matrix::Matrix;
use studio_core::models::{FittedModel, ModelKind, ModelParams, Task, TrainTarget};

struct Case {
    name: &'static str,
    x: Matrix,
    classes: Vec<usize>,
    values: Vec<f64>,
}

fn matrix(n_rows: usize, n_cols: usize, f: impl Fn(usize, usize) -> f64) -> Matrix {
    let mut data = Vec::with_capacity(n_rows * n_cols);
    for r in 0..n_rows {
        for c in 0..n_cols {
            data.push(f(r, c));
        }
    }
    Matrix {
        n_rows,
        n_cols,
        data,
    }
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "one row per class",
            x: matrix(2, 3, |r, c| (r * 3 + c) as f64),
            classes: vec![0, 1],
            values: vec![1.0, 2.0],
        },
        Case {
            name: "constant features",
            x: matrix(30, 4, |_, _| 7.0),
            classes: (0..30).map(|r| r % 3).collect(),
            values: (0..30).map(|r| r as f64).collect(),
        },
        Case {
            name: "one feature",
            x: matrix(40, 1, |r, _| (r % 10) as f64),
            classes: (0..40).map(|r| usize::from(r % 10 > 4)).collect(),
            values: (0..40).map(|r| (r % 10) as f64 * 2.0).collect(),
        },
        Case {
            name: "500 features",
            x: matrix(60, 500, |r, c| (((r * 31 + c * 17) % 97) as f64) / 97.0),
            classes: (0..60).map(|r| r % 2).collect(),
            values: (0..60).map(|r| r as f64 / 3.0).collect(),
        },
        Case {
            name: "huge and tiny scales",
            x: matrix(25, 2, |r, c| {
                if c == 0 {
                    r as f64 * 1e12
                } else {
                    r as f64 * 1e-12
                }
            }),
            classes: (0..25).map(|r| usize::from(r >= 12)).collect(),
            values: (0..25).map(|r| r as f64 * 1e6).collect(),
        },
    ]
}

fn check_outputs(kind: ModelKind, task: Task, case: &Case, n_classes: usize, model: &FittedModel) {
    match task {
        Task::Classification => {
            let p = model.predict_proba(&case.x).expect("predict_proba");
            assert_eq!(
                (p.n_rows, p.n_cols),
                (case.x.n_rows, n_classes),
                "{}",
                kind.id()
            );
            for r in 0..p.n_rows {
                let row = p.row(r);
                let sum: f64 = row.iter().sum();
                assert!(
                    row.iter().all(|v| v.is_finite() && *v >= 0.0) && (sum - 1.0).abs() < 1e-6,
                    "{} on {}: row {r} = {row:?}",
                    kind.id(),
                    case.name
                );
            }
        }
        Task::Regression => {
            let v = model.predict_values(&case.x).expect("predict_values");
            assert_eq!(v.len(), case.x.n_rows);
            assert!(
                v.iter().all(|x| x.is_finite()),
                "{} on {}: {v:?}",
                kind.id(),
                case.name
            );
        }
    }
    model.validate().expect("a fitted model validates");
}

#[test]
fn every_family_fits_or_refuses_awkward_shapes_without_panicking() {
    for case in cases() {
        for task in [Task::Classification, Task::Regression] {
            for kind in ModelKind::for_task(task) {
                let params = ModelParams::default_for(kind, task);
                let n_classes = case.classes.iter().max().map_or(2, |m| m + 1).max(2);
                let target = match task {
                    Task::Classification => TrainTarget::Classes {
                        y: &case.classes,
                        n_classes,
                    },
                    Task::Regression => TrainTarget::Values(&case.values),
                };
                match FittedModel::fit(&params, task, &case.x, target, 7, &mut |_| true) {
                    Ok(model) => check_outputs(kind, task, &case, n_classes, &model),
                    // A refusal must explain itself.
                    Err(e) => assert!(!e.to_string().is_empty()),
                }
            }
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_model() {
    let case = &cases()[2];
    for task in [Task::Classification, Task::Regression] {
        for kind in ModelKind::for_task(task) {
            let params = ModelParams::default_for(kind, task);
            let target = match task {
                Task::Classification => TrainTarget::Classes {
                    y: &case.classes,
                    n_classes: 2,
                },
                Task::Regression => TrainTarget::Values(&case.values),
            };
            let a = FittedModel::fit(&params, task, &case.x, target, 11, &mut |_| true);
            let b = FittedModel::fit(&params, task, &case.x, target, 11, &mut |_| true);
            match (a, b) {
                (Ok(a), Ok(b)) => assert_eq!(
                    serde_json::to_string(&a).expect("json"),
                    serde_json::to_string(&b).expect("json"),
                    "{}",
                    kind.id()
                ),
                (Err(a), Err(b)) => assert_eq!(a, b),
                (a, b) => panic!("{}: {a:?} vs {b:?}", kind.id()),
            }
        }
    }
}

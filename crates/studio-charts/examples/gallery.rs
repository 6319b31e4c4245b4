//! Writes example charts to a directory (default `/tmp/charts-out`) for viewing:
//! `cargo run -p studio-charts --example gallery -- /tmp/charts-out`.

use studio_charts::{bar_chart_svg, box_plot_svg, heatmap_svg, histogram_svg, ChartSize};

/// A small deterministic generator (xorshift64*) for sample data.
struct Rng(u64);

impl Rng {
    fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Roughly normal: the sum of 12 uniforms minus 6.
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.next_f64()).sum::<f64>() - 6.0
    }
}

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/charts-out".to_string());
    std::fs::create_dir_all(&dir)?;
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let size = ChartSize::default();

    // Right-skewed "area" values, like house sizes.
    let area: Vec<f64> = (0..1200)
        .map(|_| (4.6 + 0.45 * rng.normal()).exp().round())
        .collect();
    std::fs::write(
        format!("{dir}/histogram.svg"),
        histogram_svg("area", &area, size),
    )?;
    std::fs::write(
        format!("{dir}/boxplot.svg"),
        box_plot_svg("area", &area, size),
    )?;

    let cats: Vec<(String, usize)> = [
        ("Adelie", 152),
        ("Gentoo", 124),
        ("Chinstrap", 68),
        ("A rather long category name that needs shortening", 41),
        ("<script>alert(1)</script>", 12),
        ("(missing)", 3),
    ]
    .iter()
    .map(|(n, c)| (n.to_string(), *c))
    .collect();
    std::fs::write(
        format!("{dir}/bars.svg"),
        bar_chart_svg("species", &cats, size),
    )?;

    let labels: Vec<String> = [
        "bill_length_mm",
        "bill_depth_mm",
        "flipper_length_mm",
        "body_mass_g",
        "year",
        "island_code",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let base: Vec<Vec<f64>> = (0..300)
        .map(|_| {
            let z = rng.normal();
            let w = rng.normal();
            vec![
                z + 0.8 * rng.normal(),
                -0.5 * z + w,
                z + 0.3 * rng.normal(),
                0.9 * z + 0.4 * rng.normal(),
                rng.normal(),
                w + 0.9 * rng.normal(),
            ]
        })
        .collect();
    let k = labels.len();
    let corr: Vec<Vec<f64>> = (0..k)
        .map(|i| (0..k).map(|j| pearson(&base, i, j)).collect())
        .collect();
    std::fs::write(
        format!("{dir}/heatmap.svg"),
        heatmap_svg("Correlations", &labels, &corr, size),
    )?;
    println!("wrote 4 charts to {dir}");

    // Edge cases, for eyeballing how degenerate input looks.
    let edge = format!("{dir}/edge");
    std::fs::create_dir_all(&edge)?;
    let many: Vec<(String, usize)> = (0..10_000)
        .map(|i| (format!("category number {i}"), 10_000 - i))
        .collect();
    let big = 40;
    let big_labels: Vec<String> = (0..big).map(|i| format!("feature_{i}")).collect();
    let big_corr: Vec<Vec<f64>> = (0..big)
        .map(|i| {
            (0..big)
                .map(|j| {
                    if i == j {
                        1.0
                    } else {
                        (((i * 7 + j * 13) % 21) as f64 - 10.0) / 10.0
                    }
                })
                .collect()
        })
        .collect();
    let files = [
        ("empty", histogram_svg("empty column", &[f64::NAN], size)),
        ("single", histogram_svg("constant", &[42.0; 17], size)),
        (
            "extreme",
            histogram_svg("extreme", &[-1e308, 0.0, 1e308, 5.0], size),
        ),
        ("box-single", box_plot_svg("one value", &[3.5], size)),
        ("many-bars", bar_chart_svg("10,000 categories", &many, size)),
        (
            "big-heatmap",
            heatmap_svg("40 columns", &big_labels, &big_corr, size),
        ),
    ];
    for (name, svg) in files {
        std::fs::write(format!("{edge}/{name}.svg"), svg)?;
    }
    println!("wrote edge cases to {edge}");
    Ok(())
}

fn pearson(rows: &[Vec<f64>], a: usize, b: usize) -> f64 {
    let n = rows.len() as f64;
    let ma = rows.iter().map(|r| r[a]).sum::<f64>() / n;
    let mb = rows.iter().map(|r| r[b]).sum::<f64>() / n;
    let cov: f64 = rows.iter().map(|r| (r[a] - ma) * (r[b] - mb)).sum();
    let va: f64 = rows.iter().map(|r| (r[a] - ma).powi(2)).sum();
    let vb: f64 = rows.iter().map(|r| (r[b] - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

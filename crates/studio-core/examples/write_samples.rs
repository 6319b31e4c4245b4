//! Writes the built-in generated samples to `crates/studio-core/data/` so that
//! offline reference scripts (pandas, scikit-learn) read exactly what the app
//! generates. Run with `cargo run -p studio-core --example write_samples`.

fn main() -> std::io::Result<()> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    if let Some(csv) = studio_core::samples::sample_csv("house-prices") {
        let path = dir.join("house-prices.csv");
        std::fs::write(&path, csv)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

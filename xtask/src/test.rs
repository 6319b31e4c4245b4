//! `cargo xtask test`: every check CI runs, ending in one `N passed, N failed` line.

use crate::install::run_install;
use crate::util::{root, sh, Result};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
}

impl Tally {
    /// Reads cargo test's `test result:` and node's `# pass`/`# fail` lines.
    fn read_line(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result:") {
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                let n = words
                    .iter()
                    .find_map(|w| w.parse::<usize>().ok())
                    .unwrap_or(0);
                if part.contains(" passed") {
                    self.passed += n;
                } else if part.contains(" failed") {
                    self.failed += n;
                }
            }
        } else if let Some(n) = line.strip_prefix("# pass ") {
            self.passed += n.trim().parse::<usize>().unwrap_or(0);
        } else if let Some(n) = line.strip_prefix("# fail ") {
            self.failed += n.trim().parse::<usize>().unwrap_or(0);
        }
    }
}

/// `cargo xtask e2e [test files...]`: build both bundles and run the end-to-end
/// tests (all of `tests/e2e/`, or only the files named).
pub fn run_e2e(args: &[String]) -> Result<()> {
    run_install(true)?;
    let root = root();
    crate::build::build("/", &root.join("dist"))?;
    crate::build::build("/studio/", &root.join("dist-studio"))?;
    let mut tally = Tally::default();
    let r = end_to_end_files(&root, &mut tally, args);
    println!("{} passed, {} failed", tally.passed, tally.failed);
    r
}

pub fn run(_args: &[String]) -> Result<()> {
    let started = std::time::Instant::now();
    run_install(true)?;
    let root = root();
    let mut tally = Tally::default();
    let mut problems: Vec<String> = Vec::new();
    let mut step = |name: &str, r: Result<()>| {
        if let Err(e) = r {
            eprintln!("xtask test: {name} FAILED: {e}");
            problems.push(name.to_string());
        }
    };
    step(
        "fmt",
        sh(Command::new("cargo")
            .args(["fmt", "--all", "--check"])
            .current_dir(&root)),
    );
    step(
        "clippy (native)",
        sh(Command::new("cargo")
            .args([
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ])
            .current_dir(&root)),
    );
    step(
        "clippy (wasm32)",
        sh(Command::new("cargo")
            .args([
                "clippy",
                "--package",
                "ml-studio",
                "--target",
                "wasm32-unknown-unknown",
                "--bins",
                "--",
                "-D",
                "warnings",
            ])
            .env("RUST_BACKTRACE", "0")
            .current_dir(&root)),
    );
    step(
        "native tests",
        counted(
            Command::new("cargo")
                .args(["test", "--workspace"])
                .env("RUST_BACKTRACE", "0")
                .current_dir(&root),
            &mut tally,
        ),
    );
    step("onnx export check", crate::onnx_check::run(&root));
    let e2e = crate::build::build("/", &root.join("dist"))
        .and_then(|()| crate::build::build("/studio/", &root.join("dist-studio")));
    match e2e {
        Ok(()) => {
            let r = end_to_end(&root, &mut tally);
            step("end-to-end tests", r);
        }
        Err(e) => step("build", Err(e)),
    }
    eprintln!(
        "xtask test: finished in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    if !problems.is_empty() {
        eprintln!("xtask test: failed steps: {}", problems.join(", "));
    }
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if problems.is_empty() && tally.failed == 0 {
        Ok(())
    } else {
        Err("some checks failed".into())
    }
}

/// Runs a command, echoing and tallying its output lines.
fn counted(cmd: &mut Command, tally: &mut Tally) -> Result<()> {
    eprintln!("$ {}", crate::util::describe(cmd));
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("could not start: {e}"))?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out)
            .lines()
            .map_while(std::result::Result::ok)
        {
            println!("{line}");
            tally.read_line(&line);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("exit status {status}"))
    }
}

fn end_to_end(root: &std::path::Path, tally: &mut Tally) -> Result<()> {
    end_to_end_files(root, tally, &[])
}

fn end_to_end_files(root: &std::path::Path, tally: &mut Tally, files: &[String]) -> Result<()> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let mounts = vec![
        ("/".to_string(), root.join("dist")),
        ("/studio/".to_string(), root.join("dist-studio")),
    ];
    std::thread::spawn(move || crate::serve::serve_forever(listener, mounts));
    counted(
        Command::new("node")
            .args(["--test", "--test-concurrency=1", "--test-reporter=tap"])
            .args(if files.is_empty() {
                vec!["tests/e2e/".to_string()]
            } else {
                files.to_vec()
            })
            .env("BASE_URL", format!("http://127.0.0.1:{port}/"))
            .env("SUBPATH_URL", format!("http://127.0.0.1:{port}/studio/"))
            .current_dir(root),
        tally,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_cargo_and_node_lines() {
        let mut t = Tally::default();
        t.read_line("test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
        t.read_line("test result: FAILED. 3 passed; 2 failed; 0 ignored");
        t.read_line("# pass 4");
        t.read_line("# fail 1");
        t.read_line("something else 9 passed");
        assert_eq!((t.passed, t.failed), (19, 3));
    }
}

//! A tiny static file server for the built bundle (loopback only).
//!
//! Serves each mount (`url prefix -> directory`), with the right MIME type for
//! `.wasm`, `index.html` for directory paths, and 404 for anything else.

use crate::util::{flag_value, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

pub fn run(args: &[String]) -> Result<()> {
    let port: u16 = flag_value(args, "--port")
        .map(|p| p.parse().map_err(|_| format!("bad port '{p}'")))
        .transpose()?
        .unwrap_or(8080);
    let public_url = flag_value(args, "--public-url").unwrap_or_else(|| "/".into());
    let mut build_args = vec!["--public-url".to_string(), public_url.clone()];
    if let Some(d) = flag_value(args, "--dist") {
        build_args.extend(["--dist".to_string(), d]);
    }
    let dist = crate::build::run(&build_args)?;
    let listener =
        TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("port {port}: {e}"))?;
    let prefix = if public_url.ends_with('/') {
        public_url
    } else {
        format!("{public_url}/")
    };
    println!("ML Studio: http://127.0.0.1:{port}{prefix}  (samples are in the Data section; Ctrl-C stops)");
    serve_forever(listener, vec![(prefix, dist)]);
    Ok(())
}

/// Accepts connections forever, one thread each.
pub fn serve_forever(listener: TcpListener, mounts: Vec<(String, PathBuf)>) {
    let mounts = Arc::new(mounts);
    for stream in listener.incoming().flatten() {
        let mounts = Arc::clone(&mounts);
        std::thread::spawn(move || {
            let _ = handle(stream, &mounts);
        });
    }
}

fn handle(mut stream: TcpStream, mounts: &[(String, PathBuf)]) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let found = if method == "GET" || method == "HEAD" {
        resolve(mounts, path)
    } else {
        None
    };
    match found.and_then(|p| std::fs::read(&p).ok().map(|b| (p, b))) {
        Some((file, body)) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
                mime(&file),
                body.len()
            );
            stream.write_all(head.as_bytes())?;
            if method == "GET" {
                stream.write_all(&body)?;
            }
        }
        None => {
            let body = b"not found";
            let head = format!(
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream.write_all(head.as_bytes())?;
            stream.write_all(body)?;
        }
    }
    stream.flush()
}

fn resolve(mounts: &[(String, PathBuf)], path: &str) -> Option<PathBuf> {
    // Longest prefix first, so /studio/ wins over /.
    let mut sorted: Vec<&(String, PathBuf)> = mounts.iter().collect();
    sorted.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    for (prefix, dir) in sorted {
        if let Some(rest) = path.strip_prefix(prefix.as_str()) {
            let rel = Path::new(rest);
            if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
                return None;
            }
            let mut file = dir.join(rel);
            if rest.is_empty() || rest.ends_with('/') {
                file = file.join("index.html");
            }
            return file.is_file().then_some(file);
        }
    }
    None
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "csv" => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_mounts_and_refuses_traversal() {
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("index.html"), "x").unwrap();
        std::fs::write(dir.join("a.wasm"), "x").unwrap();
        let mounts = vec![("/studio/".to_string(), dir.clone())];
        assert_eq!(resolve(&mounts, "/studio/"), Some(dir.join("index.html")));
        assert_eq!(resolve(&mounts, "/studio/a.wasm"), Some(dir.join("a.wasm")));
        assert_eq!(resolve(&mounts, "/studio/../etc/passwd"), None);
        assert_eq!(resolve(&mounts, "/a.wasm"), None);
        assert_eq!(mime(Path::new("a.wasm")), "application/wasm");
        std::fs::remove_dir_all(dir).unwrap();
    }
}

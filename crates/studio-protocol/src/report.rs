//! The profile as one self-contained HTML file (styles and charts inline, no
//! script, a strict Content-Security-Policy), for sharing outside the app.

use crate::messages::{Correlations, DatasetInfo};

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn num(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => {
            let s = format!("{v:.4}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        }
        _ => "—".into(),
    }
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1c2530;max-width:1200px}\
table{border-collapse:collapse;font-size:.9rem;margin:1rem 0}th,td{border-bottom:1px solid #d8dee6;\
padding:.3rem .6rem;text-align:left}thead th{background:#eef2f6}.charts{display:flex;flex-wrap:wrap;gap:1rem}\
figure{margin:0;border:1px solid #d8dee6;border-radius:8px;padding:.5rem}figcaption{color:#5b6775;font-size:.85rem}\
.warn{color:#8a5a00}";

/// A standalone HTML report of the loaded dataset's profile; `generated` is an ISO time.
/// `correlations` are included when they have been computed.
pub fn profile_report_html(
    info: &DatasetInfo,
    correlations: Option<&Correlations>,
    generated: &str,
) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
    h.push_str(&format!(
        "<title>Profile of {}</title><style>{STYLE}</style></head><body>",
        html_escape(&info.name)
    ));
    h.push_str(&format!(
        "<h1>Profile of {}</h1><p>{} rows × {} columns · delimiter {} · decimal {} · fingerprint {} · generated {} by ML Studio</p>",
        html_escape(&info.name),
        info.rows,
        info.cols,
        html_escape(&format!("{:?}", info.delimiter)),
        html_escape(&info.decimal.to_string()),
        html_escape(&info.fingerprint),
        html_escape(generated)
    ));
    if !info.warnings.is_empty() {
        h.push_str("<h2>Reading problems</h2><ul class=\"warn\">");
        for w in &info.warnings {
            h.push_str(&format!(
                "<li>line {}: {}</li>",
                w.line,
                html_escape(&w.message)
            ));
        }
        h.push_str("</ul>");
    }
    h.push_str("<h2>Columns</h2><table><thead><tr><th>Column</th><th>Kind</th><th>Missing</th><th>Unique</th>\
<th>Mean</th><th>Std</th><th>Min</th><th>Q1</th><th>Median</th><th>Q3</th><th>Max</th><th>Skewness</th>\
<th>Kurtosis</th><th>Zeros</th><th>Negatives</th><th>Outliers</th><th>Most frequent</th></tr></thead><tbody>");
    for c in &info.profile.columns {
        let n = c.numeric.as_ref();
        let top: Vec<String> = c
            .top
            .iter()
            .take(5)
            .map(|(v, k)| format!("{v} ({k})"))
            .collect();
        h.push_str(&format!(
            "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&c.name),
            c.kind.as_str(),
            c.missing,
            c.unique,
            num(n.map(|s| s.mean)),
            num(n.and_then(|s| s.std)),
            num(n.map(|s| s.min)),
            num(n.map(|s| s.q1)),
            num(n.map(|s| s.median)),
            num(n.map(|s| s.q3)),
            num(n.map(|s| s.max)),
            num(n.and_then(|s| s.skewness)),
            num(n.and_then(|s| s.kurtosis)),
            n.map_or("—".into(), |s| s.zeros.to_string()),
            n.map_or("—".into(), |s| s.negatives.to_string()),
            n.map_or("—".into(), |s| s.outliers.to_string()),
            html_escape(&top.join(", ")),
        ));
    }
    h.push_str("</tbody></table>");
    if let Some(corr) = correlations {
        h.push_str("<h2>Correlations</h2><div class=\"charts\">");
        let mut figures = vec![
            (&corr.pearson_svg, &corr.pearson),
            (&corr.spearman_svg, &corr.spearman),
        ];
        if let (Some(svg), Some(m)) = (&corr.cramers_v_svg, &corr.cramers_v) {
            figures.push((svg, m));
        }
        for (svg, m) in figures.into_iter().filter(|(_, m)| m.columns.len() >= 2) {
            h.push_str(&format!(
                "<figure>{svg}<figcaption>{}</figcaption></figure>",
                html_escape(&m.method)
            ));
        }
        h.push_str("</div>");
    }
    h.push_str("<h2>Distributions</h2><div class=\"charts\">");
    for c in &info.charts {
        h.push_str("<figure>");
        h.push_str(&c.distribution);
        if let Some(b) = &c.boxplot {
            h.push_str(b);
        }
        h.push_str(&format!(
            "<figcaption>{}</figcaption></figure>",
            html_escape(&c.description)
        ));
    }
    h.push_str("</div></body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Clock, Session};
    use crate::{Request, Response};

    struct C;
    impl Clock for C {
        fn now_ms(&self) -> f64 {
            0.0
        }
        fn now_iso(&self) -> String {
            "2026-01-01T00:00:00Z".into()
        }
    }

    fn load(csv: &str) -> (DatasetInfo, Option<Correlations>) {
        let mut s = Session::new("t");
        let r = s.handle(
            Request::LoadCsv {
                job: 1,
                name: "<b>x</b>.csv".into(),
                options: Default::default(),
            },
            Some(csv.as_bytes()),
            &C,
            &mut |_| true,
        );
        let info = match r {
            Response::Loaded { info, .. } => *info,
            other => panic!("unexpected {other:?}"),
        };
        match s.handle(Request::Correlations { job: 2 }, None, &C, &mut |_| true) {
            Response::Correlations { correlations, .. } => (info, correlations.map(|c| *c)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn report_is_self_contained_and_escapes_user_text() {
        let (info, corr) = load("\"<script>alert(1)</script>\",b,c\n1,x,3\n2,y,1\n3,x,2\n");
        let html = profile_report_html(&info, corr.as_ref(), "2026-01-01T00:00:00Z");
        assert!(!html.contains("<script"), "raw script in report");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("Profile of &lt;b&gt;x&lt;/b&gt;.csv"));
        assert!(html.contains("default-src 'none'"));
        // Only XML namespace names (identifiers, never fetched) may look like URLs.
        let stripped = html
            .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
            .replace("xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
        assert!(
            !stripped.contains("http://") && !stripped.contains("https://"),
            "no external reference"
        );
        assert_eq!(html.matches("<figure>").count(), 3 + 2);
    }

    #[test]
    fn escape_covers_every_special_character() {
        assert_eq!(html_escape("a&<>\"'b"), "a&amp;&lt;&gt;&quot;&#39;b");
    }
}

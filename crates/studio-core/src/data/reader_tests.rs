//! End-to-end tests of [`read_records`] and [`read_csv`].

use super::*;
use crate::table::{Column, ColumnData};

fn opts() -> ReadOptions {
    ReadOptions::default()
}

fn read(text: &str) -> ReadResult {
    match read_csv(text.as_bytes(), &opts()) {
        Ok(r) => r,
        Err(e) => panic!("read failed: {e}"),
    }
}

fn nums(c: &Column) -> &[f64] {
    match &c.data {
        ColumnData::Numeric(v) => v,
        ColumnData::Text { .. } => panic!("column {} is text", c.name),
    }
}

fn texts(c: &Column) -> Vec<Option<String>> {
    assert!(
        matches!(c.data, ColumnData::Text { .. }),
        "{} not text",
        c.name
    );
    (0..c.len()).map(|i| c.cell_text(i)).collect()
}

#[test]
fn delimiters_detected_end_to_end() {
    for d in [',', ';', '\t', '|'] {
        let text = format!("a{d}b{d}c\n1{d}2{d}x\n3{d}4{d}y\n");
        let r = read(&text);
        assert_eq!(r.delimiter, d);
        assert_eq!(r.table.names(), vec!["a", "b", "c"]);
        assert_eq!(nums(&r.table.columns[1]), &[2.0, 4.0]);
    }
}

#[test]
fn explicit_delimiter_is_honoured() {
    let mut o = opts();
    o.delimiter = Some(';');
    let r = read_csv(b"a,b;c\n1,2;3\n", &o).unwrap();
    assert_eq!(r.table.names(), vec!["a,b", "c"]);
    o.delimiter = Some('"');
    assert_eq!(read_csv(b"a", &o), Err(ReadError::InvalidDelimiter('"')));
}

#[test]
fn decimal_comma_detected() {
    let r = read("a;b\n1,5;2\n3,25;x");
    assert_eq!(r.delimiter, ';');
    assert_eq!(r.decimal, ',');
    assert_eq!(nums(&r.table.columns[0]), &[1.5, 3.25]);
    assert_eq!(
        texts(&r.table.columns[1]),
        vec![Some("2".into()), Some("x".into())]
    );
    let r = read("v;w\n1.234,5;-3,25\n");
    assert_eq!(nums(&r.table.columns[0]), &[1234.5]);
    assert_eq!(nums(&r.table.columns[1]), &[-3.25]);
}

#[test]
fn explicit_decimal_is_honoured() {
    let mut o = opts();
    o.decimal = Some('.');
    let r = read_csv(b"a;b\n1,5;2\n", &o).unwrap();
    assert_eq!(r.decimal, '.');
    assert!(matches!(r.table.columns[0].data, ColumnData::Text { .. }));
}

#[test]
fn bom_crlf_and_lone_cr() {
    for text in [
        "\u{feff}x,y\r\n1,a\r\n2,b\r\n",
        "x,y\r1,a\r2,b\r",
        "x,y\n1,a\n2,b",
    ] {
        let r = read(text);
        assert_eq!(r.table.names(), vec!["x", "y"], "{text:?}");
        assert_eq!(nums(&r.table.columns[0]), &[1.0, 2.0]);
        assert_eq!(
            texts(&r.table.columns[1]),
            vec![Some("a".into()), Some("b".into())]
        );
        assert!(r.warnings.is_empty());
    }
}

#[test]
fn quoted_fields() {
    let r = read("name,note,n\n\"Silva, Ana\",\"linha 1\nlinha 2\",1\n\"O\"\"Brien\",\"\",2\n");
    assert_eq!(r.table.n_rows, 2);
    assert_eq!(
        texts(&r.table.columns[0]),
        vec![Some("Silva, Ana".into()), Some("O\"Brien".into())]
    );
    assert_eq!(
        texts(&r.table.columns[1]),
        vec![Some("linha 1\nlinha 2".into()), None]
    );
    assert_eq!(nums(&r.table.columns[2]), &[1.0, 2.0]);
}

#[test]
fn ragged_rows_warn_with_physical_start_lines() {
    let text = "a,b,c\n\"multi\nline\",2,3\n1,2\n\n4,5,6,7\n8,9,10\n";
    let raw = read_records(text.as_bytes(), &opts()).unwrap();
    assert_eq!(raw.row_lines, vec![2, 4, 6, 7]);
    let lines: Vec<usize> = raw.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![4, 6]);
    assert!(raw.warnings[0].message.contains("line 4"));
    assert_eq!(raw.rows[1], vec!["1", "2", ""]);
    assert_eq!(raw.rows[2], vec!["4", "5", "6"]);
    let r = read(text);
    assert_eq!(r.table.n_rows, 4);
    let c = nums(&r.table.columns[2]);
    assert!(c[1].is_nan());
    assert_eq!(c[3], 10.0);
}

#[test]
fn padded_cells_missing_even_without_empty_token() {
    let mut o = opts();
    o.missing_tokens = vec!["NA".into()];
    let r = read_csv(b"a,b\n1\n2,x\n", &o).unwrap();
    assert_eq!(texts(&r.table.columns[1]), vec![None, Some("x".into())]);
}

#[test]
fn duplicate_and_empty_headers() {
    let r = read("a,,a,b\n1,2,3,4\n");
    assert_eq!(r.table.names(), vec!["a", "column_2", "a_2", "b"]);
    assert_eq!(r.warnings.len(), 2);
    assert!(r.warnings.iter().all(|w| w.line == 1));
}

#[test]
fn latin1_bytes() {
    let r = read_csv(b"nome\nS\xe3o Paulo\n", &opts()).unwrap();
    assert_eq!(texts(&r.table.columns[0]), vec![Some("São Paulo".into())]);
}

#[test]
fn infinities_become_missing_with_warning() {
    let r = read("x,y\n1,a\ninf,b\n1e309,c\n-Infinity,d\n2,e\n");
    let x = nums(&r.table.columns[0]);
    assert_eq!(x.len(), 5);
    assert!(x.iter().all(|v| !v.is_infinite()));
    assert_eq!(x.iter().filter(|v| v.is_nan()).count(), 3);
    let lines: Vec<usize> = r.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![3, 4, 5]);
    assert!(r.warnings[0].message.contains("\"x\""));
}

#[test]
fn missing_tokens_in_numeric_and_text() {
    let r = read("n,t\n1,NA\nNA,b\n ?, null \n4,-\n");
    let n = nums(&r.table.columns[0]);
    assert!(n[1].is_nan() && n[2].is_nan());
    assert_eq!(
        texts(&r.table.columns[1]),
        vec![None, Some("b".into()), None, None]
    );
}

#[test]
fn empty_inputs() {
    assert_eq!(read_csv(b"", &opts()), Err(ReadError::Empty));
    assert_eq!(read_csv(b" \r\n\t\n ", &opts()), Err(ReadError::Empty));
    assert_eq!(read_csv(b"\xEF\xBB\xBF", &opts()), Err(ReadError::Empty));
    let r = read("a,b,c\n");
    assert_eq!(r.table.n_rows, 0);
    assert_eq!(r.table.columns.len(), 3);
    assert!(r.table.columns.iter().all(|c| c.is_empty()));
}

#[test]
fn error_messages_are_user_facing() {
    assert_eq!(ReadError::Empty.to_string(), "the file is empty");
    let e = ReadError::TooLarge { size: 10, limit: 5 };
    assert!(e.to_string().contains("too large"));
}

#[test]
fn twenty_thousand_rows_are_all_read() {
    let mut text = String::from("a,b,c,d,e,f,g,h,i,j\n");
    for i in 0..20_000 {
        text.push_str(&format!(
            "{i},{}.5,x{},4,5,6,7,8,9,{}\n",
            i % 7,
            i % 3,
            i * 2
        ));
    }
    // Speed is measured by `cargo xtask bench`, not asserted here.
    let r = read(&text);
    assert_eq!(r.table.n_rows, 20_000);
    assert_eq!(nums(&r.table.columns[9])[19_999], 39_998.0);
    assert!(
        matches!(r.table.columns[2].data, ColumnData::Text { ref levels, .. } if levels.len() == 3)
    );
}

#[test]
fn encoding_detected_and_reported() {
    let r = read("a\nS\u{e3}o\n");
    assert_eq!(r.encoding, Encoding::Utf8);
    let r = read_csv(b"a\nS\xe3o\n", &opts()).unwrap();
    assert_eq!(r.encoding, Encoding::Windows1252);
    assert!(r.warnings.is_empty());
    let raw = read_records(b"\xFF\xFEa\0\n\0b\0", &opts()).unwrap();
    assert_eq!(raw.encoding, Encoding::Utf16Le);
    assert_eq!(raw.rows, vec![vec!["b".to_string()]]);
}

#[test]
fn forced_encodings_end_to_end() {
    let latin1 = b"nome,n\nS\xe3o Paulo,1\n\xc1gua,\xff\n";
    let utf8 = ReadOptions {
        encoding: Some(Encoding::Utf8),
        ..opts()
    };
    let r = read_csv(latin1, &utf8).unwrap();
    assert_eq!(r.encoding, Encoding::Utf8);
    assert_eq!(
        r.table.columns[0].cell_text(0).as_deref(),
        Some("S\u{FFFD}o Paulo")
    );
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].line, 2);
    assert!(
        r.warnings[0].message.contains("3 bytes"),
        "{:?}",
        r.warnings
    );
    let raw = read_records(latin1, &utf8).unwrap();
    assert_eq!((raw.encoding, raw.warnings.len()), (Encoding::Utf8, 1));

    let cp1252 = ReadOptions {
        encoding: Some(Encoding::Windows1252),
        ..opts()
    };
    let r = read_csv("nome\nS\u{e3}o\n".as_bytes(), &cp1252).unwrap();
    assert_eq!(r.encoding, Encoding::Windows1252);
    assert_eq!(r.table.columns[0].cell_text(0).as_deref(), Some("SÃ£o"));
    assert!(r.warnings.is_empty());
}

#[test]
fn options_json_defaults_and_encoding_names() {
    let o: ReadOptions = serde_json::from_str(r#"{"delimiter": ";"}"#).unwrap();
    assert_eq!(o.encoding, None);
    assert_eq!(o.missing_tokens, opts().missing_tokens);
    let o: ReadOptions = serde_json::from_str(r#"{"encoding": "windows1252"}"#).unwrap();
    assert_eq!(o.encoding, Some(Encoding::Windows1252));
}

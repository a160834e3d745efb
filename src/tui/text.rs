//! Data text on its way to the terminal: sanitised (no escapes, bidi tricks or
//! invisible characters), measured and cut in terminal cells by the export module's
//! one width helper, and split into highlighted spans. Every string from the data
//! that the workbench draws passes through here.

use std::borrow::Cow;

use casebench::export::{display_width, fit, format_yuan, sanitize};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use super::search::{HitField, Mark};

/// Data text made safe to draw.
pub fn clean(s: &str) -> Cow<'_, str> {
    sanitize(s)
}

/// Data text, sanitised and fit to exactly `width` cells (cut with `~`, padded).
pub fn cell(s: &str, width: usize) -> String {
    fit(&sanitize(s), width)
}

/// Like [`cell`], right-aligned (numbers).
pub fn cell_right(s: &str, width: usize) -> String {
    let s = sanitize(s);
    let w = display_width(&s);
    if w >= width {
        return fit(&s, width);
    }
    let mut out = " ".repeat(width - w);
    out.push_str(&s);
    out
}

/// Fen as yuan with thousands separators: `1200050` → `12,000.50`.
pub fn yuan(fen: i64) -> String {
    let plain = format_yuan(fen);
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", plain.as_str()),
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, "00"));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{frac}")
}

/// An amount that parsed, else the text as written.
pub fn amount(fen: Option<i64>, raw: &str) -> String {
    match fen {
        Some(f) => yuan(f),
        None => raw.to_string(),
    }
}

pub use casebench::text::{count, plural};

/// Sanitised text wrapped to `width` cells per line (by character: Chinese has no
/// spaces to break at; nothing is dropped, so the lines join back to the text).
/// Never returns an empty list.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let s = sanitize(s);
    let width = width.max(2);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = casebench::text::char_width(c);
        if used + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        line.push(c);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Which characters of `text` (as shown, sanitised) the marks cover.
pub fn marked(text: &str, field: HitField, marks: &[Mark]) -> Vec<bool> {
    let chars: Vec<char> = text.chars().collect();
    let mut on = vec![false; chars.len()];
    let lower: Vec<char> = chars.iter().map(|c| fold_char(*c)).collect();
    for mark in marks {
        match mark {
            Mark::Text(needle) => {
                let needle: Vec<char> = needle.chars().map(fold_char).collect();
                if needle.is_empty() || needle.len() > lower.len() {
                    continue;
                }
                for start in 0..=lower.len() - needle.len() {
                    if lower[start..start + needle.len()] == needle[..] {
                        on[start..start + needle.len()]
                            .iter_mut()
                            .for_each(|b| *b = true);
                    }
                }
            }
            Mark::At {
                field: f,
                value,
                positions,
            } if *f == field => {
                // Positions index the identifier value, which sits somewhere in the
                // joined cell; or the whole field's text.
                let base = match value {
                    Some(v) => match text.find(v.as_str()) {
                        Some(byte) => text[..byte].chars().count(),
                        None => continue,
                    },
                    None => 0,
                };
                for &p in positions {
                    if let Some(b) = on.get_mut(base + p as usize) {
                        *b = true;
                    }
                }
            }
            Mark::At { .. } => {}
        }
    }
    on
}

fn fold_char(c: char) -> char {
    c.to_lowercase().next().unwrap_or(c)
}

/// `text` (data, unsanitised) fit to `width` cells as spans, the marked characters in
/// `hl` style.
pub fn highlighted(
    text: &str,
    width: usize,
    field: HitField,
    marks: &[Mark],
    base: Style,
) -> Vec<Span<'static>> {
    let clean = sanitize(text);
    let shown = fit(&clean, width);
    if marks.is_empty() {
        return vec![Span::styled(shown, base)];
    }
    let on = marked(&clean, field, marks);
    // Characters cut off by `fit` (and its `~`) are not highlighted.
    let kept = shown
        .chars()
        .zip(clean.chars())
        .take_while(|(a, b)| a == b)
        .count();
    let on: Vec<bool> = on.into_iter().take(kept).collect();
    spans_marked(&shown, &on, base)
}

/// `shown` as spans, its characters marked in `on` highlighted.
pub fn spans_marked(shown: &str, on: &[bool], base: Style) -> Vec<Span<'static>> {
    let hl = base
        .add_modifier(Modifier::BOLD)
        .fg(ratatui::style::Color::Yellow);
    let mut spans = Vec::new();
    let mut run = String::new();
    let mut run_on = false;
    for (i, c) in shown.chars().enumerate() {
        let this = on.get(i).copied().unwrap_or(false);
        if this != run_on && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_on { hl } else { base },
            ));
        }
        run_on = this;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_on { hl } else { base }));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_groups_thousands() {
        assert_eq!(yuan(1_200_050), "12,000.50");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(-123_456_789), "-1,234,567.89");
        assert_eq!(count(1_000_000i64), "1,000,000");
        assert_eq!(count(999i64), "999");
    }

    #[test]
    fn wrap_keeps_wide_characters_whole() {
        let lines = wrap("京东金条白条", 5);
        assert_eq!(lines, vec!["京东", "金条", "白条"]);
        for l in wrap("abc 京东 \u{1b}[31mred", 4) {
            assert!(display_width(&l) <= 4, "{l:?}");
            assert!(!l.contains('\u{1b}'));
        }
        assert_eq!(wrap("", 10), vec![String::new()]);
    }

    #[test]
    fn marks_find_text_case_insensitively() {
        let on = marked("JD 金条 jd", HitField::Script, &[Mark::Text("jd".into())]);
        assert_eq!(on, [true, true, false, false, false, false, true, true]);
        let at = Mark::At {
            field: HitField::Caller,
            value: Some("+8613800001111".into()),
            positions: vec![0, 1],
        };
        let on = marked("+8613900002222; +8613800001111", HitField::Caller, &[at]);
        assert!(on[16] && on[17] && !on[0]);
    }

    #[test]
    fn highlighted_cells_keep_their_width() {
        let spans = highlighted(
            "京东金条客服\u{202e}",
            7,
            HitField::Script,
            &[Mark::Text("金条".into())],
            Style::default(),
        );
        let text: String = spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(display_width(&text), 7);
        assert_eq!(spans.len(), 3);
    }
}

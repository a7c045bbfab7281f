//! Reads a browsing log through a column mapping: sessions of timed product views, and what
//! the log (or a separate catalog file) says about each item's category and brand.

use serde_json::Value;
use std::collections::HashMap;

/// One day in milliseconds.
pub const DAY: i64 = 86_400_000;

/// Which column holds what. `date` + `time` means "a calendar date plus milliseconds within
/// the session" (the Diginetica layout); `time` alone is an absolute instant.
#[derive(Clone, Debug, PartialEq)]
pub struct Columns {
    /// Session id column.
    pub session: String,
    /// Item id column.
    pub item: String,
    /// Time column: an offset in ms when `date` is given, else epoch seconds/ms or ISO 8601.
    pub time: String,
    /// Optional calendar date column (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Optional category column (a path such as `Shoes/Running` or a plain id).
    pub category: Option<String>,
    /// Optional brand column.
    pub brand: Option<String>,
    /// Field separator; guessed from the header line when not given.
    pub delimiter: Option<char>,
}

/// The keys a column mapping may have.
pub const MAPPING_KEYS: [&str; 7] = [
    "session",
    "item",
    "time",
    "date",
    "category",
    "brand",
    "delimiter",
];

impl Columns {
    /// The layout of the Diginetica CIKM Cup 2016 `train-item-views.csv`.
    pub fn diginetica() -> Columns {
        Columns {
            session: "session_id".into(),
            item: "item_id".into(),
            time: "timeframe".into(),
            date: Some("eventdate".into()),
            category: None,
            brand: None,
            delimiter: Some(';'),
        }
    }

    /// Reads a mapping such as `{"session": "visit", "item": "sku", "time": "ts",
    /// "category": "cat"}`; keys left out keep the Diginetica names (optional ones: none).
    pub fn from_json(v: &Value) -> Result<Columns, String> {
        let Value::Object(m) = v else {
            return Err("the column mapping must be a JSON object of role to column name".into());
        };
        if let Some(k) = m.keys().find(|k| !MAPPING_KEYS.contains(&k.as_str())) {
            return Err(format!(
                "the column mapping has an unknown key \"{k}\"; keys are {}",
                MAPPING_KEYS.join(", ")
            ));
        }
        let text = |k: &str| -> Result<Option<String>, String> {
            match m.get(k) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if !s.is_empty() => Ok(Some(s.clone())),
                Some(other) => Err(format!(
                    "the column mapping's \"{k}\" must be a column name, got {other}"
                )),
            }
        };
        let d = Columns::diginetica();
        let delimiter = match text("delimiter")? {
            None => None,
            Some(s) if s == "\\t" || s == "tab" => Some('\t'),
            Some(s) if s.chars().count() == 1 => s.chars().next(),
            Some(s) => return Err(format!("the delimiter must be one character, got \"{s}\"")),
        };
        let explicit_time = m.contains_key("time");
        Ok(Columns {
            session: text("session")?.unwrap_or(d.session),
            item: text("item")?.unwrap_or(d.item),
            time: text("time")?.unwrap_or(d.time),
            // A mapping that names its own time column has no date column unless it says so.
            date: if explicit_time { text("date")? } else { d.date },
            category: text("category")?,
            brand: text("brand")?,
            delimiter,
        })
    }
}

/// One product view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    /// Item id.
    pub item: String,
    /// When, in ms since the Unix epoch.
    pub time: i64,
}

/// One shopper session, views in time order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    /// The log's session id.
    pub id: String,
    /// Views sorted by time (ties keep the log's order).
    pub views: Vec<View>,
}

impl Session {
    /// The UTC day (days since the epoch) the session started on.
    pub fn day(&self) -> i64 {
        self.views.first().map_or(0, |v| v.time.div_euclid(DAY))
    }
}

/// What the catalog says about an item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Category path or id.
    pub category: Option<String>,
    /// Brand.
    pub brand: Option<String>,
}

/// A whole log.
#[derive(Debug, Default)]
pub struct Log {
    /// Sessions, in session id order.
    pub sessions: Vec<Session>,
    /// Item facts by item id (only items with a category or brand).
    pub catalog: HashMap<String, Facts>,
    /// Data rows read.
    pub rows: usize,
    /// Rows skipped because a needed field was empty or unreadable.
    pub skipped: usize,
}

/// Splits one line into fields; double-quoted fields may hold the separator.
pub fn fields(line: &str, sep: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.iter().map(|f| f.trim().to_string()).collect()
}

fn guess_separator(header: &str) -> char {
    [';', '\t', ',', '|']
        .into_iter()
        .max_by_key(|c| header.matches(*c).count())
        .unwrap_or(',')
}

/// Days since the epoch of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `YYYY-MM-DD` for a day number (inverse of [`days_from_civil`]).
pub fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The ms since the epoch of a date (`2016-05-09`) or ISO date-time (`2016-05-09T10:30:00Z`,
/// `2016-05-09 10:30:00.250`; read as UTC).
pub fn parse_date(s: &str) -> Option<i64> {
    let num = |t: &str| t.parse::<i64>().ok();
    let (date, rest) = s.split_at(s.len().min(10));
    let mut parts = date.split('-');
    let (y, m, d) = (
        num(parts.next()?)?,
        num(parts.next()?)?,
        num(parts.next()?)?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let mut ms = days_from_civil(y, m, d) * DAY;
    let rest = rest.trim_start_matches(['T', ' ']).trim_end_matches('Z');
    if !rest.is_empty() {
        let mut hms = rest.split(':');
        let h = num(hms.next()?)?;
        let min = num(hms.next().unwrap_or("0"))?;
        let sec: f64 = hms.next().unwrap_or("0").parse().ok()?;
        ms += h * 3_600_000 + min * 60_000 + (sec * 1000.0).round() as i64;
    }
    Some(ms)
}

/// An absolute instant: epoch milliseconds, epoch seconds (below 10^11), or ISO 8601.
pub fn parse_instant(s: &str) -> Option<i64> {
    match s.parse::<f64>() {
        Ok(n) if n.is_finite() && n.abs() < 1e11 => Some((n * 1000.0).round() as i64),
        Ok(n) if n.is_finite() => Some(n.round() as i64),
        _ => parse_date(s),
    }
}

fn column(header: &[String], name: &str, what: &str) -> Result<usize, String> {
    header.iter().position(|h| h == name).ok_or_else(|| {
        format!(
            "the {what} column \"{name}\" is not in the header ({}); map it with --columns",
            header.join(", ")
        )
    })
}

fn optional(header: &[String], name: &Option<String>, what: &str) -> Result<Option<usize>, String> {
    name.as_ref().map(|n| column(header, n, what)).transpose()
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .filter(|l| !l.trim().is_empty())
}

/// Reads a log: sessions sorted by id (numerically when ids are numbers), views by time.
pub fn read_log(text: &str, cols: &Columns) -> Result<Log, String> {
    read_views(text, cols, false)
}

/// Reads a log plus a catalog file of item facts. The catalog's item column is the mapping's
/// item column or else its first one; category and brand columns may be in either file.
pub fn read_with_catalog(text: &str, catalog: &str, cols: &Columns) -> Result<Log, String> {
    let mut log = read_views(text, cols, true)?;
    read_catalog(catalog, cols, &mut log).map_err(|e| format!("catalog: {e}"))?;
    Ok(log)
}

fn read_views(text: &str, cols: &Columns, facets_elsewhere: bool) -> Result<Log, String> {
    let mut it = lines(text);
    let head = it.next().ok_or("the log is empty")?;
    let sep = cols.delimiter.unwrap_or_else(|| guess_separator(head));
    let header = fields(head, sep);
    let s_col = column(&header, &cols.session, "session")?;
    let i_col = column(&header, &cols.item, "item")?;
    let t_col = column(&header, &cols.time, "time")?;
    let d_col = optional(&header, &cols.date, "date")?;
    let facet = |name: &Option<String>, what| match name {
        Some(n) if facets_elsewhere => Ok(header.iter().position(|h| h == n)),
        _ => optional(&header, name, what),
    };
    let c_col = facet(&cols.category, "category")?;
    let b_col = facet(&cols.brand, "brand")?;
    let mut log = Log::default();
    let mut by_session: HashMap<String, Vec<(i64, usize, String)>> = HashMap::new();
    for (row, line) in it.enumerate() {
        log.rows += 1;
        let f = fields(line, sep);
        let get = |i: usize| f.get(i).map(String::as_str).unwrap_or("");
        let (session, item) = (get(s_col), get(i_col));
        let time = match d_col {
            Some(d) => parse_date(get(d))
                .zip(get(t_col).parse::<f64>().ok())
                .map(|(day, offset)| day + offset.round() as i64),
            None => parse_instant(get(t_col)),
        };
        let (Some(time), false, false) = (time, session.is_empty(), item.is_empty()) else {
            log.skipped += 1;
            continue;
        };
        let facts = Facts {
            category: c_col.map(|c| get(c).to_string()).filter(|s| !s.is_empty()),
            brand: b_col.map(|b| get(b).to_string()).filter(|s| !s.is_empty()),
        };
        remember(&mut log.catalog, item, facts);
        by_session
            .entry(session.to_string())
            .or_default()
            .push((time, row, item.to_string()));
    }
    let mut sessions: Vec<Session> = by_session
        .into_iter()
        .map(|(id, mut rows)| {
            rows.sort_by_key(|r| (r.0, r.1));
            Session {
                id,
                views: rows
                    .into_iter()
                    .map(|(time, _, item)| View { item, time })
                    .collect(),
            }
        })
        .collect();
    sessions.sort_by(|a, b| match (a.id.parse::<u64>(), b.id.parse::<u64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.id.cmp(&b.id),
    });
    log.sessions = sessions;
    Ok(log)
}

fn remember(catalog: &mut HashMap<String, Facts>, item: &str, facts: Facts) {
    if facts.category.is_none() && facts.brand.is_none() {
        return;
    }
    let known = catalog.entry(item.to_string()).or_default();
    if known.category.is_none() {
        known.category = facts.category;
    }
    if known.brand.is_none() {
        known.brand = facts.brand;
    }
}

/// Adds a catalog file's facts; returns how many items it lists.
fn read_catalog(text: &str, cols: &Columns, log: &mut Log) -> Result<usize, String> {
    let mut it = lines(text);
    let head = it.next().ok_or("the file is empty")?;
    let sep = guess_separator(head);
    let header = fields(head, sep);
    let find = |name: &Option<String>| {
        name.as_ref()
            .and_then(|n| header.iter().position(|h| h == n))
    };
    let i_col = header.iter().position(|h| *h == cols.item).unwrap_or(0);
    let (c_col, b_col) = (find(&cols.category), find(&cols.brand));
    if c_col.is_none() && b_col.is_none() {
        return Err(format!(
            "none of its columns ({}) is the mapping's category or brand column ({}); name them \
with --columns, e.g. '{{\"category\": \"categoryId\"}}'",
            header.join(", "),
            [&cols.category, &cols.brand]
                .iter()
                .filter_map(|c| c.as_deref())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut n = 0;
    for line in it {
        let f = fields(line, sep);
        let get = |i: usize| f.get(i).cloned().filter(|s| !s.is_empty());
        let Some(item) = get(i_col) else { continue };
        n += 1;
        let facts = Facts {
            category: c_col.and_then(get),
            brand: b_col.and_then(get),
        };
        remember(&mut log.catalog, &item, facts);
    }
    Ok(n)
}

//! Export of the records an admin's browse filter selects (PRODUCT.md §5), as CSV (UTF-8
//! with a byte-order mark, so Excel reads Thai) or JSON, streamed in keyset batches so
//! memory stays flat however many rows there are.

use app::admin::Filter;
use app::admin::server::{Names, record_query};
use app::error::AppError;
use app::server::AppState;
use app::server::entities::interaction;
use app::server::repo::{RecordQuery, Window, cursor_of};
use axum::body::{Body, Bytes};
use axum::extract::{Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono_tz::Tz;

/// Rows read per database round trip.
const BATCH: u64 = 1000;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

const COLUMNS: [&str; 17] = [
    "id",
    "time",
    "type",
    "persona",
    "hook",
    "outcome",
    "quantity",
    "unit_price",
    "total",
    "lead",
    "objection",
    "notes",
    "seller_id",
    "seller",
    "device",
    "event_id",
    "event",
];

pub async fn csv(state: State<AppState>, query: Query<Vec<(String, String)>>, request: Request) -> Response {
    export(state, query, request, Format::Csv).await
}

pub async fn json(state: State<AppState>, query: Query<Vec<(String, String)>>, request: Request) -> Response {
    export(state, query, request, Format::Json).await
}

fn refuse(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = format!(
        "{}\n{}\n",
        error.message(domain::Lang::Th),
        error.message(domain::Lang::En)
    );
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

async fn export(
    State(state): State<AppState>,
    Query(params): Query<Vec<(String, String)>>,
    request: Request,
    format: Format,
) -> Response {
    if let Err(error) = app::server::caller(request.extensions()).and_then(app::server::admin) {
        return refuse(&error);
    }
    let filter = Filter::from_lookup(|name| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()));
    let tz = state.config.timezone;
    let now = chrono::Utc::now();
    let query = match record_query(&filter, &tz, now) {
        Ok(query) => query,
        Err(error) => return refuse(&error),
    };
    let names = match Names::load(&state).await {
        Ok(names) => names,
        Err(error) => return refuse(&error),
    };
    let today = domain::period::local_date(now, &tz);
    let (content_type, ext) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
        Format::Json => ("application/json", "json"),
    };
    let disposition = format!("attachment; filename=\"lumicello-records-{today}.{ext}\"");
    let rows = stream(state, query, names, tz, format);
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Body::from_stream(rows),
    )
        .into_response()
}

/// The file, piece by piece: the head, then one piece per batch of rows, then the tail.
fn stream(
    state: AppState,
    query: RecordQuery,
    names: Names,
    tz: Tz,
    format: Format,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> {
    struct Progress {
        next: Option<Window>,
        first_row: bool,
    }
    let head = match format {
        Format::Csv => format!("\u{FEFF}{}\r\n", COLUMNS.join(",")),
        Format::Json => "[".to_string(),
    };
    let start = Progress {
        next: Some(Window::First),
        first_row: true,
    };
    let names = std::sync::Arc::new(names);
    let rows = futures::stream::unfold(start, move |mut progress| {
        let (state, query, names) = (state.clone(), query.clone(), names.clone());
        async move {
            let window = progress.next?;
            let batch = match state.repo.records(&query, window, BATCH).await {
                Ok(batch) => batch,
                Err(e) => {
                    // The client sees a cut-off download, never a silently short one.
                    tracing::error!(error = %e, "export stopped: database error");
                    return Some((
                        Err(std::io::Error::other("database error")),
                        Progress { next: None, ..progress },
                    ));
                }
            };
            if batch.is_empty() {
                return None;
            }
            let mut piece = String::with_capacity(batch.len() * 200);
            for row in &batch {
                match format {
                    Format::Csv => csv_line(&mut piece, row, &names, &tz),
                    Format::Json => {
                        if !progress.first_row {
                            piece.push(',');
                        }
                        piece.push('\n');
                        piece.push_str(&json_object(row, &names, &tz).to_string());
                    }
                }
                progress.first_row = false;
            }
            let more = batch.len() as u64 == BATCH;
            progress.next = batch.last().filter(|_| more).map(|r| Window::After(cursor_of(r)));
            Some((Ok(Bytes::from(piece)), progress))
        }
    });
    let tail = match format {
        Format::Csv => "",
        Format::Json => "\n]\n",
    };
    use futures::StreamExt;
    futures::stream::once(async move { Ok(Bytes::from(head)) })
        .chain(rows)
        .chain(futures::stream::once(async move { Ok(Bytes::from(tail)) }))
}

/// One value per column, as stored (the time in the booth's zone, with its offset).
fn values(row: &interaction::Model, names: &Names, tz: &Tz) -> [(Option<String>, bool); 17] {
    let text = |v: &Option<String>| (v.clone(), true);
    let number = |v: Option<i64>| (v.map(|n| n.to_string()), false);
    [
        (Some(row.id.to_string()), false),
        (
            Some(
                row.timestamp
                    .with_timezone(tz)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            ),
            false,
        ),
        (
            Some(domain::InteractionType::from_engaged(row.engaged).as_str().to_string()),
            false,
        ),
        text(&row.persona),
        text(&row.hook),
        text(&row.sale_type),
        number(row.quantity.map(i64::from)),
        number(row.unit_price.map(i64::from)),
        number(row.total_amount.map(i64::from)),
        text(&row.lead_type),
        text(&row.objection),
        text(&row.notes),
        text(&row.seller_id),
        text(&names.seller(&row.seller_id)),
        text(&row.staff_device.as_deref().map(|d| names.device_name(d))),
        text(&row.event_id),
        text(&names.event(&row.event_id)),
    ]
}

fn csv_line(out: &mut String, row: &interaction::Model, names: &Names, tz: &Tz) {
    let cells: Vec<String> = values(row, names, tz)
        .into_iter()
        .map(|(value, text)| value.map(|v| csv_field(&v, text)).unwrap_or_default())
        .collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}

fn json_object(row: &interaction::Model, names: &Names, tz: &Tz) -> serde_json::Value {
    let object: serde_json::Map<String, serde_json::Value> = COLUMNS
        .iter()
        .zip(values(row, names, tz))
        .map(|(name, (value, text))| {
            let value = match value {
                None => serde_json::Value::Null,
                Some(v) if !text => v
                    .parse::<i64>()
                    .map(serde_json::Value::from)
                    .unwrap_or(serde_json::Value::String(v)),
                Some(v) => serde_json::Value::String(v),
            };
            (name.to_string(), value)
        })
        .collect();
    serde_json::Value::Object(object)
}

/// One CSV cell (RFC 4180): quoted when it holds a comma, a quote, a line break or
/// outer spaces, quotes doubled. Free text that a spreadsheet would run as a formula
/// (starting with = + - @ or a tab) is prefixed with ' so it is shown, not executed.
pub fn csv_field(value: &str, free_text: bool) -> String {
    let guarded = if free_text && value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    let needs_quotes = guarded.contains([',', '"', '\n', '\r']) || guarded.starts_with(' ') || guarded.ends_with(' ');
    if needs_quotes {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn cells_are_quoted_like_rfc_4180_and_formulas_are_defused() {
        assert_eq!(csv_field("plain", true), "plain");
        assert_eq!(csv_field("a, b", true), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\"", true), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines", true), "\"two\nlines\"");
        assert_eq!(csv_field("ลูกค้าถามเรื่อง, ราคา", true), "\"ลูกค้าถามเรื่อง, ราคา\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")", true), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("-5", false), "-5", "numbers are not free text");
        assert_eq!(csv_field(" padded ", true), "\" padded \"");
    }
}

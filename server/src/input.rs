//! Every request's input, before anything reads it. The body is read whole within a size
//! limit (413, however it arrives: with a Content-Length or chunked) and a time limit (408,
//! so a client sending a byte a second does not hold the server); the path, the query
//! string and every field of a form or a JSON body must be text the domain's one rule
//! accepts (`domain::text`: valid UTF-8, no control characters but line breaks and tabs),
//! else 422 and nothing runs. What passes needs no repairing further in.

use app::error::AppError;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use domain::Lang;
use domain::text::Unreadable;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use std::time::Duration;

/// Largest request body accepted: forms here are tiny.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The whole body must arrive within this.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

pub async fn guard(request: Request, next: Next) -> Response {
    let html = wants_html(request.headers(), request.uri());
    if let Err(unreadable) = check_uri(request.uri()) {
        return refuse(AppError::Invalid(unreadable.into()), html);
    }
    let headers = request.headers();
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return refuse(AppError::TooLarge, html);
    }
    if declared.unwrap_or(0) == 0 && !headers.contains_key(header::TRANSFER_ENCODING) {
        return next.run(request).await;
    }
    let kind = body_kind(headers);
    let (parts, body) = request.into_parts();
    let bytes = match tokio::time::timeout(BODY_READ_TIMEOUT, Limited::new(body, MAX_BODY_BYTES).collect()).await {
        Err(_) => return refuse(AppError::TooSlow, html),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => return refuse(AppError::TooLarge, html),
        // The client went away or sent a broken chunk.
        Ok(Err(_)) => return refuse(AppError::BadRequest("unreadable body".into()), html),
        Ok(Ok(collected)) => collected.to_bytes(),
    };
    if let Err(unreadable) = check_body(kind, &bytes) {
        return refuse(AppError::Invalid(unreadable.into()), html);
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum BodyKind {
    Form,
    Json,
    Other,
}

fn body_kind(headers: &HeaderMap) -> BodyKind {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if kind.starts_with("application/x-www-form-urlencoded") {
        BodyKind::Form
    } else if kind.starts_with("application/json") {
        BodyKind::Json
    } else {
        BodyKind::Other
    }
}

fn check_uri(uri: &Uri) -> Result<(), Unreadable> {
    domain::text::decode(&percent_decode(uri.path().as_bytes(), false))?;
    check_form(uri.query().unwrap_or("").as_bytes())
}

fn check_body(kind: BodyKind, bytes: &Bytes) -> Result<(), Unreadable> {
    match kind {
        BodyKind::Form => check_form(bytes),
        // Not JSON at all is the handler's to refuse; JSON may still carry "\u0000".
        BodyKind::Json => match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(value) => check_json(&value),
            Err(_) => domain::text::decode(bytes).map(|_| ()),
        },
        BodyKind::Other => Ok(()),
    }
}

/// Every name and value of `a=1&b=2`, decoded to bytes, must be storable text.
fn check_form(encoded: &[u8]) -> Result<(), Unreadable> {
    encoded
        .split(|b| *b == b'&')
        .flat_map(|pair| pair.splitn(2, |b| *b == b'='))
        .try_for_each(|part| domain::text::decode(&percent_decode(part, true)).map(|_| ()))
}

fn check_json(value: &serde_json::Value) -> Result<(), Unreadable> {
    use serde_json::Value;
    match value {
        Value::String(s) => domain::text::check(s).map(|_| ()),
        Value::Array(items) => items.iter().try_for_each(check_json),
        Value::Object(fields) => fields.iter().try_for_each(|(name, v)| {
            domain::text::check(name)?;
            check_json(v)
        }),
        _ => Ok(()),
    }
}

/// `%XX` to its byte (and `+` to a space in forms); a `%` not followed by two hex digits
/// stays as it is, as browsers read it.
fn percent_decode(input: &[u8], plus_is_space: bool) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let byte = input[i];
        if byte == b'%'
            && i + 2 < input.len()
            && let (Some(hi), Some(lo)) = (hex(input[i + 1]), hex(input[i + 2]))
        {
            out.push(hi * 16 + lo);
            i += 3;
            continue;
        }
        out.push(if byte == b'+' && plus_is_space { b' ' } else { byte });
        i += 1;
    }
    out
}

fn wants_html(headers: &HeaderMap, uri: &Uri) -> bool {
    let accepts_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    accepts_html || !uri.path().starts_with("/api/")
}

/// The refusal: the error as server functions send theirs (JSON, so the app shows its
/// message), or a short page in both languages for a browser's own request.
fn refuse(error: AppError, html: bool) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    tracing::warn!(status = status.as_u16(), %error, "request refused at the door");
    if html {
        let page = format!(
            "<!DOCTYPE html><html lang=\"th\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Lumicello</title></head>\
             <body style=\"font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem\">\
             <h1 lang=\"th\">{}</h1><h2 lang=\"en\">{}</h2><p><a href=\"javascript:history.back()\">ย้อนกลับ · Go back</a></p></body></html>",
            html_escape(&error.message(Lang::Th)),
            html_escape(&error.message(Lang::En)),
        );
        (status, Html(page)).into_response()
    } else {
        let body = serde_json::to_string(&error).unwrap_or_else(|_| "\"Internal\"".into());
        (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_decode_to_bytes_before_the_text_rule() {
        assert_eq!(check_form(b"name=Nok&notes=%E0%B8%81+x%0Ay"), Ok(()));
        assert_eq!(check_form(b"name=Nok%00Evil"), Err(Unreadable));
        assert_eq!(check_form(b"name=%C3%28"), Err(Unreadable));
        assert_eq!(check_form(b"%FF%FE=x"), Err(Unreadable), "names too");
        assert_eq!(check_form(b"a=100%&b=%zz"), Ok(()), "a lone % is a percent sign");
        assert_eq!(percent_decode(b"a+b%2Bc%", true), b"a b+c%");
        assert_eq!(percent_decode(b"a+b", false), b"a+b");
    }

    #[test]
    fn json_strings_and_names_follow_the_same_rule() {
        let ok: serde_json::Value = serde_json::json!({"notes": "line\nline", "list": ["ก"]});
        assert_eq!(check_json(&ok), Ok(()));
        let nul: serde_json::Value = serde_json::from_str(r#"{"name": "Nok\u0000"}"#).unwrap();
        assert_eq!(check_json(&nul), Err(Unreadable));
    }
}

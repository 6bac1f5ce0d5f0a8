//! Widgets shared by several screens.

use crate::error::AppError;
use crate::identity::IdentityPage;
use crate::text;
use domain::Lang;
use leptos::either::Either;
use leptos::prelude::*;
use std::time::Duration;

/// A `<textarea>` holding user text. Leptos's renderer writes the children of a textarea
/// (like those of `script`, `style` and `noscript`) without escaping them, so text placed
/// there as a child would end the element at `</textarea>` and run whatever follows. The
/// text goes in through `inner_html` instead, escaped here; the browser decodes it back
/// to exactly the text, in the textarea's own parsing context, both in the server's page
/// and when the page is drawn in the browser. Other attributes come from the caller
/// (`attr:rows`, `attr:maxlength`, …). (The parser drops one newline right after the tag:
/// callers give trimmed text.)
#[component]
pub fn TextArea(name: &'static str, text: String) -> impl IntoView {
    view! { <textarea name=name inner_html=escape_text(&text)></textarea> }
}

/// Text as HTML: `&`, `<` and `>` as entities.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// A short confirmation over the screen. It shows each time `trigger` changes to a
/// non-zero value and hides itself after `millis` (unless triggered again meanwhile).
#[component]
pub fn Overlay(trigger: ReadSignal<u32>, millis: u64, children: ChildrenFn) -> impl IntoView {
    let (visible, set_visible) = signal(false);
    Effect::new(move |_| {
        let shown = trigger.get();
        if shown == 0 {
            return;
        }
        set_visible.set(true);
        // The page may have moved on before the timer fires: `try_` does nothing then.
        set_timeout(
            move || {
                if trigger.try_get_untracked() == Some(shown) {
                    let _ = set_visible.try_set(false);
                }
            },
            Duration::from_millis(millis),
        );
    });
    view! {
        <Show when=move || visible.get()>
            <div class="overlay" role="status" aria-live="polite" data-testid="overlay">{children()}</div>
        </Show>
    }
}

/// A message that shows at once (server-rendered too) and hides itself after `millis`
/// once the page is interactive.
/// `overlay` covers the screen (a confirmation) instead of showing a banner.
#[component]
pub fn Flash(millis: u64, #[prop(optional)] overlay: bool, children: Children) -> impl IntoView {
    let visible = RwSignal::new(true);
    Effect::new(move |_| {
        set_timeout(
            move || {
                let _ = visible.try_set(false);
            },
            Duration::from_millis(millis),
        )
    });
    view! {
        <div
            class=if overlay { "overlay" } else { "flash" }
            role="status"
            aria-live="polite"
            data-testid="flash"
            class:hidden=move || !visible.get()
        >
            {children()}
        </div>
    }
}

/// The last error of an action, in the page's language. The data of the form stays
/// where it was, so the same button is the retry.
#[component]
pub fn ErrorBanner<S>(action: ServerAction<S>, lang: Lang) -> impl IntoView
where
    S: server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    move || {
        action.value().get().and_then(Result::err).map(|e| {
            let retry = if e.is_retryable() { format!(" {}", text::TRY_AGAIN.get(lang)) } else { String::new() };
            view! { <p class="error-banner" role="alert" data-testid="error">{format!("{}{retry}", e.message(lang))}</p> }
        })
    }
}

/// A page body from its data: `render` once the resource has loaded (the previous body
/// stays while it reloads), or the [`ProblemPage`] when loading failed.
#[component]
pub fn Loaded<T, F, V>(data: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <p class="loading">{text::LOADING.en}</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(loaded) => Either::Left(render(loaded)),
                        Err(error) => Either::Right(view! { <ProblemPage error/> }),
                    }
                })
            }}
        </Transition>
    }
}

/// The page being shown, path and query: where "Try again" goes.
pub fn current_url() -> String {
    let location = leptos_router::hooks::use_location();
    let (path, query) = (location.pathname.get_untracked(), location.search.get_untracked());
    if query.is_empty() {
        path
    } else {
        format!("{path}?{query}")
    }
}

/// What a page shows when its data could not be loaded: the identity page, or the error
/// in both languages with a way to try again. On the server it also sets the status.
#[component]
pub fn ProblemPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response
            .set_status(http::StatusCode::from_u16(error.status()).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR));
    }
    match error {
        AppError::Identity(problem) => Either::Left(view! { <IdentityPage problem again=current_url()/> }),
        other => Either::Right(view! {
            <main class="problem-page">
                <div class="identity-card" role="alert">
                    <h1 lang="th">{other.message(Lang::Th)}</h1>
                    <h2 lang="en">{other.message(Lang::En)}</h2>
                    <a class="button button-primary" href=current_url() data-testid="try-again">
                        {format!("{} · {}", text::TRY_AGAIN.th, text::TRY_AGAIN.en)}
                    </a>
                </div>
            </main>
        }),
    }
}

/// How many hours before and after a milestone to measure (a plain GET form; `keep`
/// holds the page's other choices).
#[component]
pub fn WindowForm(chosen: i64, lang: Lang, #[prop(optional)] keep: Vec<(&'static str, String)>) -> impl IntoView {
    use domain::insight::{WINDOW_MAX_HOURS, WINDOW_MIN_HOURS};
    view! {
        <form method="get" class="period-form window-form">
            {keep.into_iter().filter(|(_, v)| !v.is_empty())
                .map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
            <label>{text::WINDOW.get(lang)}
                <select name="window" data-testid="window">
                    {(WINDOW_MIN_HOURS..=WINDOW_MAX_HOURS).map(|h| view! {
                        <option value=h.to_string() selected=h == chosen>{format!("{h} h")}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit" class="button">{text::SHOW.get(lang)}</button>
        </form>
    }
}

/// What the hours around a milestone show: the sentence, and each figure before → after
/// with the difference and its 95 % interval when there are enough records to say.
#[component]
pub fn EffectView(effect: domain::insight::Effect, lang: Lang) -> impl IntoView {
    use domain::insight::{Difference, signed_points};
    let t = move |x: domain::Text| x.get(lang);
    let (b, a) = (effect.before, effect.after);
    let rate = |v: Option<f64>| v.map_or("–".into(), |v| format!("{v:.1}"));
    let signed = |v: f64| {
        if v >= 0.0 {
            format!("+{v:.1}")
        } else {
            format!("−{:.1}", -v)
        }
    };
    // (the difference, its interval)
    let per_hour = |d: Difference| {
        (
            signed(d.estimate),
            format!("95% CI {} … {}", signed(d.low), signed(d.high)),
        )
    };
    let points = |d: Difference| {
        (
            signed_points(d.estimate),
            format!("95% CI {} … {}", signed_points(d.low), signed_points(d.high)),
        )
    };
    let pct = |s: domain::analytics::Share| s.percent().map_or("–".into(), |p| format!("{p:.0}%"));
    let rows = effect.enough().then(|| {
        [
            (text::VISITORS_PER_HOUR_SHORT, rate(b.per_hour()), rate(a.per_hour()), effect.visitors_per_hour().map(per_hour)),
            (text::CONVERSATION_RATE, pct(b.conversation_rate()), pct(a.conversation_rate()), effect.conversation_rate().map(points)),
            (text::TALK_TO_SALE, pct(b.conversion()), pct(a.conversion()), effect.conversion().map(points)),
        ]
        .into_iter()
        .map(|(label, before, after, change)| {
            view! {
                <tr><th scope="row">{t(label)}</th><td>{before}</td><td>{after}</td><td>{match change {
                    Some((difference, interval)) => view! { {difference}<br/><small class="interval">{interval}</small> }.into_any(),
                    None => "–".into_any(),
                }}</td></tr>
            }
        })
        .collect_view()
    });
    view! {
        <p class="sentence" data-testid="effect-sentence">{effect.sentence(lang)}</p>
        {rows.map(|rows| view! {
            <div class="table-scroll">
                <table class="effect-table">
                    <thead><tr>
                        <th scope="col"></th>
                        <th scope="col">{format!("{} {} h", t(text::BEFORE), effect.window_hours)}</th>
                        <th scope="col">{format!("{} {} h", t(text::AFTER), effect.window_hours)}</th>
                        <th scope="col">{t(text::CHANGE_95)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::escape_text;

    #[test]
    fn text_for_html_keeps_every_character_and_closes_nothing() {
        assert_eq!(
            escape_text("</textarea><script>alert(1)</script> & ภาษาไทย \"q\""),
            "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; ภาษาไทย \"q\""
        );
    }

    /// Raw-text elements (`textarea`, `script`, `style`, `noscript`) are written by Leptos
    /// without escaping their children: none may be written in a view with user text.
    /// Each one in the app is listed here; a new one must go through [`super::TextArea`]
    /// (or hold only fixed text) and be added with a reason.
    #[test]
    fn raw_text_elements_appear_only_where_they_hold_no_user_text() {
        let allowed: &[(&str, &str, &str)] = &[
            (
                "components/mod.rs",
                "<textarea",
                "TextArea itself: escaped, through inner_html",
            ),
            ("lib.rs", "<script", "the shell's fixed service-worker registration"),
            (
                "logging/done.rs",
                "<noscript",
                "a meta refresh: only an attribute, which is escaped",
            ),
        ];
        let mut found = Vec::new();
        for (file, source) in crate::source_tree::files() {
            for line in source.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for tag in ["<textarea", "<script", "<style", "<noscript"] {
                    // A tag, not text inside a string literal.
                    let tags = line
                        .match_indices(tag)
                        .filter(|(at, _)| line[..*at].matches('"').count() % 2 == 0)
                        .count();
                    found.extend(std::iter::repeat_n((file.clone(), tag), tags));
                }
            }
        }
        found.sort();
        let mut expected: Vec<(String, &str)> = allowed.iter().map(|(f, t, _)| (f.to_string(), *t)).collect();
        expected.sort();
        assert_eq!(
            found, expected,
            "a raw-text element outside the reviewed list: use components::TextArea"
        );
    }
}

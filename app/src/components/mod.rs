//! Widgets shared by several screens.

use crate::error::AppError;
use crate::identity::IdentityPage;
use crate::text;
use domain::Lang;
use leptos::either::Either;
use leptos::prelude::*;
use std::time::Duration;

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
        set_timeout(
            move || {
                if trigger.get_untracked() == shown {
                    set_visible.set(false);
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
        AppError::Identity(problem) => Either::Left(view! { <IdentityPage problem/> }),
        other => Either::Right(view! {
            <main class="problem-page">
                <div class="identity-card" role="alert">
                    <h1 lang="th">{other.message(Lang::Th)}</h1>
                    <h2 lang="en">{other.message(Lang::En)}</h2>
                    <a class="button button-primary" href="/">
                        {format!("{} · {}", text::TRY_AGAIN.th, text::TRY_AGAIN.en)}
                    </a>
                </div>
            </main>
        }),
    }
}

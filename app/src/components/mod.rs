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

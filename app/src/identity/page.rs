use super::IdentityProblem;
use leptos::prelude::*;

/// Shown instead of any page when identity fails: plain words in Thai and English, a way
/// to try again (`again`: the very page the person was on), and nothing about the
/// caller's address.
#[component]
pub fn IdentityPage(problem: IdentityProblem, again: String) -> impl IntoView {
    let (title, advice) = (problem.title(), problem.advice());
    view! {
        <main class="identity-page" data-identity-problem=format!("{problem:?}")>
            <div class="identity-card" role="alert">
                <p class="identity-icon" aria-hidden="true">"🔒"</p>
                <h1 lang="th">{title.th}</h1>
                <p lang="th">{advice.th}</p>
                <h2 lang="en">{title.en}</h2>
                <p lang="en">{advice.en}</p>
                <a class="button button-primary" href=again data-testid="try-again">"ลองอีกครั้ง · Try again"</a>
            </div>
        </main>
    }
}

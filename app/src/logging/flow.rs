//! The deep log (PRODUCT.md §4): Who → Hook → Result → (Single | No sale) → Lead. Every
//! step is a URL whose query carries what was picked, so a step survives a reload, works
//! without JavaScript, and Back follows the branch that was taken.

use super::api::{ConversationForm, PageInfo};
use super::outbox::{Entry, TapState, new_key, now, use_outbox};
use crate::components::Loaded;
use crate::text;
use domain::money::SINGLE_BOX_PRICES;
use domain::rules::MAX_QUANTITY;
use domain::{Baht, Hook, Lang, LeadType, Objection, Persona, SaleType, Text, format_baht};
use leptos::either::{Either, EitherOf6};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::params::ParamsMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Who,
    Hook,
    Result,
    Single,
    Objection,
    Lead,
}

impl Step {
    fn path(self) -> &'static str {
        match self {
            Step::Who => "who",
            Step::Hook => "hook",
            Step::Result => "result",
            Step::Single => "single",
            Step::Objection => "objection",
            Step::Lead => "lead",
        }
    }

    fn parse(path: &str) -> Step {
        [Step::Hook, Step::Result, Step::Single, Step::Objection, Step::Lead]
            .into_iter()
            .find(|s| s.path() == path)
            .unwrap_or(Step::Who)
    }

    /// Which progress dot (Who / Hook / Result / Lead) the step lights.
    fn dot(self) -> usize {
        match self {
            Step::Who => 0,
            Step::Hook => 1,
            Step::Result | Step::Single | Step::Objection => 2,
            Step::Lead => 3,
        }
    }
}

/// What has been picked so far, read from (and written to) the query string.
#[derive(Clone, Debug, Default, PartialEq)]
struct Picks {
    key: Option<String>,
    persona: Option<Persona>,
    hook: Option<Hook>,
    sale: Option<SaleType>,
    qty: Option<i32>,
    price: Option<Baht>,
    objection: Option<Objection>,
    at: Option<String>,
}

impl Picks {
    fn read(q: &ParamsMap) -> Picks {
        let text = |name: &str| q.get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        Picks {
            key: text("key").filter(|k| k.len() <= 64),
            persona: text("persona").and_then(|v| Persona::parse_current(&v)),
            hook: text("hook").and_then(|v| Hook::parse_current(&v)),
            sale: text("sale").and_then(|v| SaleType::parse_current(&v)),
            qty: text("qty")
                .and_then(|v| v.parse().ok())
                .filter(|q| (1..=MAX_QUANTITY).contains(q)),
            price: text("price")
                .and_then(|v| v.parse().ok())
                .filter(|p| SINGLE_BOX_PRICES.iter().any(|(sp, _)| sp == p)),
            objection: text("objection").and_then(|v| Objection::parse_current(&v)),
            at: text("at").filter(|a| a.len() <= 20 && a.bytes().all(|b| b.is_ascii_digit() || b"-:T".contains(&b))),
        }
    }

    /// The form fields (and query pairs) these picks stand for.
    fn fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = Vec::new();
        let mut add = |name, value: Option<String>| {
            if let Some(v) = value {
                fields.push((name, v));
            }
        };
        add("key", self.key.clone());
        add("persona", self.persona.map(|v| v.as_str().into()));
        add("hook", self.hook.map(|v| v.as_str().into()));
        add("sale", self.sale.map(|v| v.as_str().into()));
        add("qty", self.qty.map(|v| v.to_string()));
        add("price", self.price.map(|v| v.to_string()));
        add("objection", self.objection.map(|v| v.as_str().into()));
        add("at", self.at.clone());
        fields
    }

    fn url(&self, step: Step) -> String {
        let query = self
            .fields()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&");
        format!("/log/{}?{query}", step.path())
    }

    /// The record these picks and `lead` make, as the server is sent it.
    fn form(&self, lead: LeadType, key: String, tapped_at: Option<String>) -> ConversationForm {
        let text = |v: Option<&'static str>| v.map(str::to_string);
        ConversationForm {
            key,
            persona: text(self.persona.map(Persona::as_str)),
            hook: text(self.hook.map(Hook::as_str)),
            sale: text(self.sale.map(SaleType::as_str)),
            qty: self.qty.map(|q| q.to_string()),
            price: self.price.map(|p| p.to_string()),
            objection: text(self.objection.map(Objection::as_str)),
            lead: Some(lead.as_str().to_string()),
            at: self.at.clone(),
            tapped_at,
        }
    }

    /// What these picks and `lead` record, in words ("Parent → Physical Kits · …"), read
    /// and checked as the server will.
    fn summary(&self, lead: LeadType, lang: Lang) -> String {
        self.form(lead, String::new(), None)
            .draft()
            .ok()
            .and_then(|draft| domain::check_interaction(&draft).ok())
            .map(|record| domain::describe(&record, lang))
            .unwrap_or_default()
    }

    fn with(&self, change: impl FnOnce(&mut Picks)) -> Picks {
        let mut next = self.clone();
        change(&mut next);
        next
    }

    /// The step these picks allow: a URL cannot skip ahead of what was picked.
    fn allowed(&self, wanted: Step) -> Step {
        let reachable = match (self.persona, self.hook, self.sale) {
            (None, _, _) => Step::Who,
            (Some(_), None, _) => Step::Hook,
            (Some(_), Some(_), None) => Step::Result,
            (Some(_), Some(_), Some(SaleType::Single)) if self.qty.is_none() || self.price.is_none() => Step::Single,
            (Some(_), Some(_), Some(SaleType::None)) if self.objection.is_none() => Step::Objection,
            _ => Step::Lead,
        };
        let on_branch = match wanted {
            Step::Single => self.sale == Some(SaleType::Single),
            Step::Objection => self.sale == Some(SaleType::None),
            _ => true,
        };
        if on_branch && wanted.dot() <= reachable.dot() && (wanted != Step::Lead || reachable == Step::Lead) {
            wanted
        } else {
            reachable
        }
    }

    /// Where ← goes from `step`: one step back on the branch taken.
    fn back(&self, step: Step) -> String {
        match step {
            Step::Who => "/".to_string(),
            Step::Hook => self.with(|p| p.persona = None).url(Step::Who),
            Step::Result => self.with(|p| p.hook = None).url(Step::Hook),
            Step::Single | Step::Objection => self.with(|p| p.sale = None).url(Step::Result),
            Step::Lead => match self.sale {
                // Quantity and price stay filled in when going back to change them.
                Some(SaleType::Single) => self.url(Step::Single),
                Some(SaleType::None) => self.with(|p| p.objection = None).url(Step::Objection),
                _ => self.with(|p| p.sale = None).url(Step::Result),
            },
        }
    }
}

#[component]
pub fn LogPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let context = Resource::new(|| (), |_| super::api::page_info());
    crate::offline::remember("page", context);

    view! {
        <Loaded data=context render=move |ctx: PageInfo| {
            let lang = ctx.lang;
            if !ctx.has_seller {
                return Either::Right(view! { <ChooseSellerFirst lang/> });
            }
            let mut picks = query.with(Picks::read);
            picks.key = picks.key.or_else(|| Some(ctx.fresh_keys[0].to_string()));
            let step = picks.allowed(Step::parse(&params.with(|p| p.get("step").unwrap_or_default())));
            Either::Left(view! { <LogStep step picks lang/> })
        }/>
    }
}

#[component]
fn ChooseSellerFirst(lang: Lang) -> impl IntoView {
    view! {
        <main class="page" lang=lang.code()>
            <p class="notice">{text::CHOOSE_SELLER_FIRST.get(lang)}</p>
            <a class="button button-primary" href="/seller">{text::WHO_IS_SELLING.get(lang)}</a>
        </main>
    }
}

#[component]
fn LogStep(step: Step, picks: Picks, lang: Lang) -> impl IntoView {
    let t = move |x: Text| x.get(lang);
    let (question, close) = match step {
        Step::Who => (text::WHO_QUESTION, true),
        Step::Hook => (text::HOOK_QUESTION, false),
        Step::Result => (text::RESULT_QUESTION, false),
        Step::Single => (text::SINGLE_QUESTION, false),
        Step::Objection => (text::OBJECTION_QUESTION, false),
        Step::Lead => (text::LEAD_QUESTION, false),
    };
    let back = picks.back(step);
    let body = match step {
        Step::Who => EitherOf6::A(tiles(
            links(
                Persona::CURRENT,
                |p| picks.with(|x| x.persona = Some(p)).url(Step::Hook),
                |p| (p.emoji(), p.label()),
            ),
            "grid-2x2",
            lang,
        )),
        Step::Hook => EitherOf6::B(tiles(
            links(
                Hook::CURRENT,
                |h| picks.with(|x| x.hook = Some(h)).url(Step::Result),
                |h| (h.emoji(), h.label()),
            ),
            "grid-1",
            lang,
        )),
        Step::Result => EitherOf6::C(tiles(
            links(
                SaleType::CURRENT,
                |s| {
                    let next = picks.with(|x| x.sale = Some(s));
                    match s {
                        SaleType::Single => next.url(Step::Single),
                        SaleType::None => next.url(Step::Objection),
                        _ => next.url(Step::Lead),
                    }
                },
                |s| (s.emoji(), s.label()),
            ),
            "grid-2x2",
            lang,
        )),
        Step::Single => EitherOf6::D(view! { <SingleStep picks=picks.clone() lang/> }),
        Step::Objection => EitherOf6::E(tiles(
            links(
                Objection::CURRENT,
                |o| picks.with(|x| x.objection = Some(o)).url(Step::Lead),
                |o| (o.emoji(), o.label()),
            ),
            "grid-1",
            lang,
        )),
        Step::Lead => EitherOf6::F(view! { <LeadStep picks=picks.clone() lang/> }),
    };
    view! {
        <main class="page log-page" lang=lang.code() data-step=step.path()>
            <header class="page-header">
                <a class="back" href=back data-testid="back" aria-label=t(if close { text::CLOSE } else { text::BACK })>
                    {if close { "✕" } else { "←" }}
                </a>
                <ol class="progress" aria-label="progress">
                    {[text::STEP_WHO, text::STEP_HOOK, text::STEP_RESULT, text::STEP_LEAD]
                        .into_iter()
                        .enumerate()
                        .map(|(i, label)| {
                            let state = if i < step.dot() { "done" } else if i == step.dot() { "current" } else { "todo" };
                            view! { <li class=format!("dot {state}")>{label.get(lang)}</li> }
                        })
                        .collect_view()}
                </ol>
            </header>
            <h1 class="question">{t(question)}</h1>
            {picks.at.clone().map(|at| view! { <p class="backdated">{format!("🕒 {} {}", t(text::LOGGING_FOR), at.replace('T', " "))}</p> })}
            {body}
        </main>
    }
}

/// (link, emoji, label) for each option of a step.
fn links<T: Copy>(
    options: &[T],
    href: impl Fn(T) -> String,
    look: impl Fn(T) -> (&'static str, Text),
) -> Vec<(String, &'static str, Text)> {
    options
        .iter()
        .map(|&o| {
            let (emoji, label) = look(o);
            (href(o), emoji, label)
        })
        .collect()
}

/// Big tiles, each a link to the next step.
fn tiles(links: Vec<(String, &'static str, Text)>, layout: &'static str, lang: Lang) -> impl IntoView {
    view! {
        <nav class=format!("tiles {layout}")>
            {links.into_iter().map(|(href, emoji, label)| view! {
                <a class="tile" href=href>
                    <span class="tile-emoji" aria-hidden="true">{emoji}</span>
                    <span class="tile-label">{label.get(lang)}</span>
                </a>
            }).collect_view()}
        </nav>
    }
}

/// Quantity stepper and price tiles with a live total. A plain GET form to the Lead step,
/// so it works before hydration too.
#[component]
fn SingleStep(picks: Picks, lang: Lang) -> impl IntoView {
    let t = move |x: Text| x.get(lang);
    let qty = RwSignal::new(picks.qty.unwrap_or(1));
    let price = RwSignal::new(picks.price);
    // Until hydration the browser's `required` guards the price; after it, the button.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let carried = picks.with(|p| {
        p.qty = None;
        p.price = None;
    });
    view! {
        <Form method="GET" action="/log/lead" attr:class="single-form">
            {carried.fields().into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
            <div class="stepper" role="group" aria-label=t(text::QUANTITY)>
                <button type="button" class="step-button" aria-label="−" on:click=move |_| qty.update(|q| *q = (*q - 1).max(1))>"−"</button>
                <input
                    type="number" name="qty" min="1" max=MAX_QUANTITY.to_string() required inputmode="numeric"
                    data-testid="qty"
                    prop:value=move || qty.get().to_string()
                    on:input=move |ev| {
                        if let Ok(q) = event_target_value(&ev).parse::<i32>() {
                            qty.set(q.clamp(1, MAX_QUANTITY));
                        }
                    }
                />
                <button type="button" class="step-button" aria-label="+" data-testid="qty-plus" on:click=move |_| qty.update(|q| *q = (*q + 1).min(MAX_QUANTITY))>"+"</button>
            </div>
            <div class="price-tiles">
                {SINGLE_BOX_PRICES.iter().map(|&(amount, name)| view! {
                    <label class="price-tile">
                        <input type="radio" name="price" value=amount.to_string() required
                            checked=picks.price == Some(amount)
                            on:change=move |_| price.set(Some(amount))/>
                        <span class="price-amount">{format_baht(amount)}</span>
                        <span class="price-name">{name.get(lang)}</span>
                    </label>
                }).collect_view()}
            </div>
            <p class="live-total" data-testid="total">
                {move || match price.get() {
                    Some(p) => format!("{} {}", t(text::TOTAL), format_baht(Baht::from(qty.get()) * p)),
                    None => String::new(),
                }}
            </p>
            <button type="submit" class="button button-primary big-continue" data-testid="continue"
                disabled=move || hydrated.get() && price.get().is_none()>
                {t(text::CONTINUE)}
            </button>
        </Form>
    }
}

/// The last step: each lead channel is a submit button of one form, so a tap submits (a
/// plain post before hydration). After it, the tap is kept on the phone and sent from
/// there; the confirmation says what was recorded, then Home offers Undo.
#[component]
fn LeadStep(picks: Picks, lang: Lang) -> impl IntoView {
    let outbox = use_outbox();
    let navigate = use_navigate();
    // What was recorded, in words, and its key, once a lead is tapped (a second tap does
    // nothing).
    let saved = RwSignal::new(None::<(String, String)>);
    let fields = picks.fields();
    let at = picks.at.clone();
    let tap = move |lead: LeadType| {
        if saved.get_untracked().is_some() {
            return;
        }
        let key = new_key();
        saved.set(Some((picks.summary(lead, lang), key.clone())));
        outbox.record(Entry::Conversation(picks.form(lead, key.clone(), Some(now()))));
        let navigate = navigate.clone();
        let home = format!("/?saved={key}");
        set_timeout(
            move || navigate(&home, Default::default()),
            std::time::Duration::from_millis(1500),
        );
    };
    view! {
        <form method="post" action="/api/record_conversation" class="lead-form">
            {fields.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value/> }).collect_view()}
            <div class="tiles grid-2x2">
                {LeadType::CURRENT.iter().map(|&lead| {
                    let tap = tap.clone();
                    view! {
                        <button type="submit" name="lead" value=lead.as_str() class="tile" data-lead=lead.as_str()
                            disabled=move || saved.get().is_some()
                            on:click=move |ev| {
                                ev.prevent_default();
                                tap(lead);
                            }>
                            <span class="tile-emoji" aria-hidden="true">{lead.emoji()}</span>
                            <span class="tile-label">{lead.label().get(lang)}</span>
                        </button>
                    }
                }).collect_view()}
            </div>
        </form>
        {move || saved.get().map(|(summary, key)| view! {
            <div class="overlay done-overlay" role="status" data-testid="confirmation">
                <p class="done-check" aria-hidden="true">"✓"</p>
                // Where the record is, honestly: on the server, or kept on the phone.
                <h1 data-testid="tap-state">{move || match outbox.state_of(&key) {
                    TapState::Sent | TapState::Sending => text::SAVED.get(lang),
                    TapState::Kept => text::KEPT_ON_PHONE.get(lang),
                }}</h1>
                <p class="done-summary" data-testid="summary">{summary}</p>
                {at.clone().map(|at| view! { <p class="done-time">{format!("🕒 {}", at.replace('T', " "))}</p> })}
            </div>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picks(query: &str) -> Picks {
        let mut map = ParamsMap::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap();
            map.insert(k.to_string(), v.to_string());
        }
        Picks::read(&map)
    }

    #[test]
    fn steps_cannot_be_skipped_and_branches_are_kept() {
        assert_eq!(picks("").allowed(Step::Lead), Step::Who);
        assert_eq!(picks("persona=parent").allowed(Step::Result), Step::Hook);
        assert_eq!(
            picks("persona=parent&hook=signage&sale=single").allowed(Step::Lead),
            Step::Single
        );
        assert_eq!(
            picks("persona=parent&hook=signage&sale=none").allowed(Step::Single),
            Step::Objection
        );
        assert_eq!(
            picks("persona=parent&hook=signage&sale=bundle_3").allowed(Step::Lead),
            Step::Lead
        );
        assert_eq!(
            picks("persona=parent&hook=signage&sale=bundle_3").allowed(Step::Who),
            Step::Who
        );
        assert_eq!(
            picks("persona=robot").allowed(Step::Hook),
            Step::Who,
            "unknown values are dropped"
        );
    }

    #[test]
    fn back_follows_the_branch_taken() {
        let single = picks("key=k&persona=parent&hook=signage&sale=single&qty=2&price=990");
        assert_eq!(
            single.back(Step::Lead),
            "/log/single?key=k&persona=parent&hook=signage&sale=single&qty=2&price=990"
        );
        let none = picks("key=k&persona=parent&hook=signage&sale=none&objection=has_toys");
        assert_eq!(
            none.back(Step::Lead),
            "/log/objection?key=k&persona=parent&hook=signage&sale=none"
        );
        let bundle = picks("key=k&persona=parent&hook=signage&sale=bundle_3&at=2025-12-19T23:30");
        assert_eq!(
            bundle.back(Step::Lead),
            "/log/result?key=k&persona=parent&hook=signage&at=2025-12-19T23:30"
        );
        assert_eq!(bundle.back(Step::Who), "/");
    }
}

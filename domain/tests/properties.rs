//! Property tests of the record rules (PRODUCT.md §3): whatever a client sends, checking
//! never panics, and whatever it accepts keeps every rule. `PROPTEST_CASES` sets how
//! many drafts (256 by default; `make fuzz` runs many more).

use domain::analytics::{Fact, facet_slots};
use domain::money::SINGLE_BOX_PRICES;
use domain::rules::{MAX_NOTES_CHARS, MAX_QUANTITY};
use domain::*;
use proptest::prelude::*;

/// A field's value: absent, one the column knows (current or legacy), or anything.
fn value<E: Stored>() -> impl Strategy<Value = Option<String>> {
    let known: Vec<String> = E::STORED.iter().map(|v| v.as_str().to_string()).collect();
    prop_oneof![
        1 => Just(None),
        6 => proptest::sample::select(known).prop_map(Some),
        1 => "\\PC{0,12}".prop_map(Some),
    ]
}

fn current_value<E: Stored>() -> impl Strategy<Value = String> {
    let values: Vec<String> = E::CURRENT.iter().map(|v| v.as_str().to_string()).collect();
    proptest::sample::select(values)
}

fn notes() -> impl Strategy<Value = Option<String>> {
    prop::option::of("\\PC{0,40}|\\PC{1990,2010}")
}

/// A draft as the app's own screens build it: a walk-by, or a conversation with exactly
/// the fields its outcome uses.
fn coherent() -> impl Strategy<Value = Draft> {
    let prices: Vec<i64> = SINGLE_BOX_PRICES.iter().map(|(p, _)| *p).collect();
    (
        any::<bool>(),
        (
            current_value::<Persona>(),
            current_value::<Hook>(),
            current_value::<SaleType>(),
        ),
        (1..=MAX_QUANTITY, proptest::sample::select(prices)),
        (current_value::<LeadType>(), current_value::<Objection>()),
        notes(),
    )
        .prop_map(
            |(engaged, (persona, hook, sale), (qty, price), (lead, objection), notes)| {
                if !engaged {
                    return Draft {
                        notes,
                        ..Draft::default()
                    };
                }
                let single = sale == SaleType::Single.as_str();
                let none = sale == SaleType::None.as_str();
                Draft {
                    engaged,
                    persona: Some(persona),
                    hook: Some(hook),
                    quantity: single.then_some(qty),
                    unit_price: single.then_some(price),
                    objection: none.then_some(objection),
                    sale_type: Some(sale),
                    lead_type: Some(lead),
                    notes,
                }
            },
        )
}

/// Anything at all in every field.
fn noise() -> impl Strategy<Value = Draft> {
    let prices = prop_oneof![3 => Just(990i64), 3 => Just(1290), 1 => any::<i64>()];
    (
        any::<bool>(),
        (value::<Persona>(), value::<Hook>(), value::<SaleType>()),
        (
            prop::option::of(prop_oneof![6 => -3i32..60, 1 => any::<i32>()]),
            prop::option::of(prices),
        ),
        (value::<LeadType>(), value::<Objection>()),
        notes(),
    )
        .prop_map(
            |(engaged, (persona, hook, sale_type), (quantity, unit_price), (lead_type, objection), notes)| Draft {
                engaged,
                persona,
                hook,
                sale_type,
                quantity,
                unit_price,
                lead_type,
                objection,
                notes,
            },
        )
}

/// A coherent draft with one field replaced by anything.
fn broken() -> impl Strategy<Value = Draft> {
    (coherent(), noise(), 0usize..9).prop_map(|(mut d, n, field)| {
        match field {
            0 => d.engaged = n.engaged,
            1 => d.persona = n.persona,
            2 => d.hook = n.hook,
            3 => d.sale_type = n.sale_type,
            4 => d.quantity = n.quantity,
            5 => d.unit_price = n.unit_price,
            6 => d.lead_type = n.lead_type,
            7 => d.objection = n.objection,
            _ => d.notes = n.notes,
        }
        d
    })
}

fn draft() -> impl Strategy<Value = Draft> {
    prop_oneof![3 => coherent(), 3 => broken(), 1 => noise()]
}

/// Every §3 rule, as stored.
fn keeps_the_rules(r: &Interaction) -> Result<(), TestCaseError> {
    prop_assert_eq!(r.interaction_type() == InteractionType::Conversation, r.engaged);
    if let Some(notes) = &r.notes {
        prop_assert!(!notes.trim().is_empty() && notes.chars().count() <= MAX_NOTES_CHARS);
    }
    if !r.engaged {
        prop_assert_eq!(
            (
                r.persona,
                r.hook,
                r.sale_type,
                r.quantity,
                r.unit_price,
                r.total_amount,
                r.lead_type,
                r.objection
            ),
            (None, None, None, None, None, None, None, None)
        );
        return Ok(());
    }
    let sale = r.sale_type.expect("a conversation has an outcome");
    prop_assert!(r.persona.is_some() && r.hook.is_some() && r.lead_type.is_some());
    match sale {
        SaleType::Single => {
            let (q, p) = (r.quantity.unwrap(), r.unit_price.unwrap());
            prop_assert!((1..=MAX_QUANTITY).contains(&q));
            prop_assert!(SINGLE_BOX_PRICES.iter().any(|(sp, _)| *sp == p));
            prop_assert_eq!(r.total_amount, Some(i64::from(q) * p));
        }
        other => {
            prop_assert_eq!((r.quantity, r.unit_price), (None, None));
            prop_assert_eq!(r.total_amount, money::fixed_price(other));
        }
    }
    prop_assert_eq!(r.objection.is_some(), sale == SaleType::None);
    Ok(())
}

fn current(r: &Interaction) -> bool {
    r.persona.is_none_or(Persona::is_current)
        && r.hook.is_none_or(Hook::is_current)
        && r.sale_type.is_none_or(SaleType::is_current)
        && r.lead_type.is_none_or(LeadType::is_current)
        && r.objection.is_none_or(Objection::is_current)
}

/// The drafts above must reach the rules' every branch, accepted ones included, or the
/// properties below would hold vacuously.
#[test]
fn the_generated_drafts_are_often_valid_and_often_not() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let results: Vec<Result<Interaction, RuleViolation>> = (0..2000)
        .map(|_| check_interaction(&draft().new_tree(&mut runner).unwrap().current()))
        .collect();
    let accepted: Vec<&Interaction> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    let conversations = accepted.iter().filter(|r| r.engaged).count();
    let singles = accepted
        .iter()
        .filter(|r| r.sale_type == Some(SaleType::Single))
        .count();
    assert!(
        conversations > 20 && singles > 5,
        "{conversations} conversations, {singles} singles"
    );
    assert!(results.iter().filter(|r| r.is_err()).count() > 500);
}

proptest! {
    #[test]
    fn whatever_is_accepted_keeps_every_rule_with_current_values(d in draft()) {
        if let Ok(record) = check_interaction(&d) {
            keeps_the_rules(&record)?;
            prop_assert!(current(&record), "a new record takes current values only");
        }
    }

    #[test]
    fn an_edit_keeps_the_rules_and_introduces_no_legacy_value(d in draft(), before in draft()) {
        let Ok(stored) = check_interaction(&Draft { objection: Some("no_time".into()), ..before.clone() })
            .or_else(|_| check_interaction(&before)) else { return Ok(()) };
        if let Ok(edited) = domain::rules::check_edit(&d.applicable(), &stored) {
            keeps_the_rules(&edited)?;
            // A legacy value only ever stays where it was.
            prop_assert!(edited.objection.is_none_or(|o| o.is_current() || Some(o) == stored.objection));
        }
    }

    #[test]
    fn clearing_what_does_not_apply_is_done_once(d in draft()) {
        prop_assert_eq!(d.clone().applicable().applicable(), d.applicable());
    }

    #[test]
    fn a_fact_packed_into_a_facet_code_comes_back_the_same(
        engaged in any::<bool>(),
        picks in proptest::collection::vec(0usize..16, 6),
        seller in prop::option::of("[a-z]{1,8}"),
        records in 1i64..1000,
    ) {
        // Pack by hand, as the database's generated column does.
        let slots = facet_slots();
        let mut code = i64::from(engaged);
        let mut expected: Vec<Option<String>> = Vec::new();
        for (slot, pick) in slots.iter().zip(&picks) {
            match slot.values.get(*pick) {
                Some((literal, n)) => {
                    code += i64::from(*n) << slot.shift;
                    expected.push(Some(literal.trim_matches('\'').to_string()));
                }
                None => expected.push(None),
            }
        }
        let fact = Fact::from_code(code, seller.clone(), records, 0, 0).expect("every packed code decodes");
        prop_assert_eq!(fact.engaged, engaged);
        let got = [fact.persona, fact.hook, fact.sale_type, fact.unit_price.map(|p| p.to_string()), fact.objection, fact.lead_type];
        prop_assert_eq!(got.to_vec(), expected);
        prop_assert_eq!((fact.seller_id, fact.records), (seller, records));
    }
}

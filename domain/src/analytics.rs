//! The numbers of PRODUCT.md §6, computed from grouped facts: the database groups a
//! period's live records by every facet (one `GROUP BY` query) and everything here —
//! stats, journey, seller performance, the hypothesis report — is derived from those
//! few hundred rows, with no further query.

use crate::{LeadType, Objection, Persona, SaleType, Stored};
use serde::{Deserialize, Serialize};

/// Live records sharing every facet. Facets are kept as stored (legacy and unknown
/// values included) so nothing is dropped from the totals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub engaged: bool,
    pub persona: Option<String>,
    pub hook: Option<String>,
    pub sale_type: Option<String>,
    pub unit_price: Option<i64>,
    pub objection: Option<String>,
    pub lead_type: Option<String>,
    pub seller_id: Option<String>,
    pub records: i64,
    /// Σ quantity (single-box sales only carry one).
    pub quantity: i64,
    pub revenue: i64,
}

impl Fact {
    fn sale(&self) -> Option<SaleType> {
        self.sale_type.as_deref().and_then(SaleType::parse)
    }

    /// A sale of any kind (an engaged record whose outcome is not "no sale").
    pub fn is_sale(&self) -> bool {
        self.engaged && self.sale().is_some_and(SaleType::is_sale)
    }

    pub fn is_no_sale(&self) -> bool {
        self.engaged && self.sale() == Some(SaleType::None)
    }

    /// Boxes moved: single = quantity, bundle = 3, full year = 12.
    pub fn boxes(&self) -> i64 {
        match self.sale().filter(|_| self.engaged) {
            Some(SaleType::Single) => self.quantity,
            Some(sale) => crate::rules::boxes(sale, None) * self.records,
            None => 0,
        }
    }
}

/// The facets of a record packed in one integer, which the database keeps beside each
/// record (the generated column `facet_code`, built from [`facet_slots`]) so that the
/// grouped query hashes one number instead of eight strings. Engaged is bit 0; every
/// other facet takes 4 bits: 0 for none, else the value's [`Stored::code`] (prices: 1 +
/// their place in `SINGLE_BOX_PRICES`). A value no version defines makes the whole code
/// NULL; such rows are grouped by their raw columns instead, so nothing is dropped.
pub struct FacetSlot {
    pub column: &'static str,
    pub shift: u32,
    /// (SQL literal of the stored value, its code).
    pub values: Vec<(String, u8)>,
}

const FACET_BITS: u32 = 4;

fn slot<E: Stored>(shift: u32) -> FacetSlot {
    FacetSlot {
        column: E::FIELD,
        shift,
        values: E::STORED
            .iter()
            .map(|v| (format!("'{}'", v.as_str()), v.code()))
            .collect(),
    }
}

/// The facets after `engaged`, in bit order.
pub fn facet_slots() -> [FacetSlot; 6] {
    let prices = crate::money::SINGLE_BOX_PRICES
        .iter()
        .enumerate()
        .map(|(i, (price, _))| (price.to_string(), u8::try_from(i + 1).expect("few prices")))
        .collect();
    [
        slot::<Persona>(1),
        slot::<crate::Hook>(1 + FACET_BITS),
        slot::<SaleType>(1 + 2 * FACET_BITS),
        FacetSlot {
            column: "unit_price",
            shift: 1 + 3 * FACET_BITS,
            values: prices,
        },
        slot::<Objection>(1 + 4 * FACET_BITS),
        slot::<LeadType>(1 + 5 * FACET_BITS),
    ]
}

impl Fact {
    /// The group of records behind one facet code, or `None` for a code no slot value
    /// produces (the database and this build would disagree: never guess).
    pub fn from_code(code: i64, seller_id: Option<String>, records: i64, quantity: i64, revenue: i64) -> Option<Fact> {
        let [persona, hook, sale, price, objection, lead] = facet_slots().map(|slot| {
            let n = u8::try_from((code >> slot.shift) & ((1 << FACET_BITS) - 1)).expect("4 bits");
            match n {
                0 => Some(None),
                n => slot
                    .values
                    .into_iter()
                    .find(|(_, c)| *c == n)
                    .map(|(literal, _)| Some(literal.trim_matches('\'').to_string())),
            }
        });
        let fact = Fact {
            engaged: code & 1 == 1,
            persona: persona?,
            hook: hook?,
            sale_type: sale?,
            unit_price: price?.map(|p| p.parse().expect("a price literal is a number")),
            objection: objection?,
            lead_type: lead?,
            seller_id,
            records,
            quantity,
            revenue,
        };
        (code >> (1 + 6 * FACET_BITS) == 0).then_some(fact)
    }
}

/// A count next to its share of a whole (0–100, `None` when the whole is empty).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Share {
    pub count: i64,
    pub of: i64,
}

impl Share {
    pub fn percent(self) -> Option<f64> {
        (self.of > 0).then(|| 100.0 * self.count as f64 / self.of as f64)
    }

    /// Wilson score interval at 95 %, in percent.
    pub fn wilson95(self) -> Option<(f64, f64)> {
        crate::insight::wilson(self.count, self.of).map(|(low, high)| (100.0 * low, 100.0 * high))
    }
}

/// Values of one facet with their counts, largest first (ties in stored-value order).
pub type Breakdown = Vec<(String, i64)>;

fn breakdown<'a>(
    facts: impl Iterator<Item = &'a Fact>,
    key: impl Fn(&Fact) -> Option<&str>,
    weight: impl Fn(&Fact) -> i64,
) -> Breakdown {
    let mut totals: Vec<(String, i64)> = Vec::new();
    for fact in facts {
        let name = key(fact).unwrap_or("").to_string();
        match totals.iter_mut().find(|(k, _)| *k == name) {
            Some((_, n)) => *n += weight(fact),
            None => totals.push((name, weight(fact))),
        }
    }
    totals.retain(|(_, n)| *n > 0);
    totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    totals
}

/// Why the no-sales did not buy (stored objection values, legacy ones included).
fn no_sale_reasons(facts: &[Fact]) -> Breakdown {
    breakdown(
        facts.iter().filter(|f| f.is_no_sale()),
        |f| f.objection.as_deref(),
        |f| f.records,
    )
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub visitors: i64,
    pub conversations: i64,
    pub walk_bys: i64,
    pub sales: i64,
    pub revenue: i64,
    pub boxes: i64,
    /// Engaged records with no outcome recorded (only legacy data has them).
    pub engaged_without_outcome: i64,
    /// Single boxes sold at each price: (price, boxes).
    pub single_boxes_by_price: Vec<(i64, i64)>,
    /// Sales and revenue per outcome.
    pub product_mix: Vec<(SaleType, i64, i64)>,
    pub buyer_personas: Breakdown,
    pub conversation_hooks: Breakdown,
    pub no_sale_reasons: Breakdown,
    pub leads: Breakdown,
}

impl Stats {
    pub fn from_facts(facts: &[Fact]) -> Stats {
        let sum =
            |f: &dyn Fn(&Fact) -> bool, w: &dyn Fn(&Fact) -> i64| facts.iter().filter(|x| f(x)).map(w).sum::<i64>();
        let mut prices: Vec<(i64, i64)> = crate::money::SINGLE_BOX_PRICES.iter().map(|(p, _)| (*p, 0)).collect();
        for fact in facts
            .iter()
            .filter(|f| f.is_sale() && f.sale() == Some(SaleType::Single))
        {
            let price = fact.unit_price.unwrap_or(0);
            match prices.iter_mut().find(|(p, _)| *p == price) {
                Some((_, boxes)) => *boxes += fact.quantity,
                None => prices.push((price, fact.quantity)),
            }
        }
        Stats {
            visitors: sum(&|_| true, &|f| f.records),
            conversations: sum(&|f| f.engaged, &|f| f.records),
            walk_bys: sum(&|f| !f.engaged, &|f| f.records),
            sales: sum(&|f| f.is_sale(), &|f| f.records),
            revenue: sum(&|f| f.is_sale(), &|f| f.revenue),
            boxes: facts.iter().map(Fact::boxes).sum(),
            engaged_without_outcome: sum(&|f| f.engaged && f.sale().is_none(), &|f| f.records),
            single_boxes_by_price: prices,
            product_mix: SaleType::CURRENT
                .iter()
                .filter(|s| s.is_sale())
                .map(|s| {
                    let of = |f: &Fact| f.is_sale() && f.sale() == Some(*s);
                    (*s, sum(&of, &|f| f.records), sum(&of, &|f| f.revenue))
                })
                .collect(),
            buyer_personas: breakdown(
                facts.iter().filter(|f| f.is_sale()),
                |f| f.persona.as_deref(),
                |f| f.records,
            ),
            conversation_hooks: breakdown(facts.iter().filter(|f| f.engaged), |f| f.hook.as_deref(), |f| f.records),
            no_sale_reasons: no_sale_reasons(facts),
            // Every conversation, those that left no contact included, as the journey's
            // lead column counts them: one lead, one percentage, wherever it shows.
            leads: breakdown(
                facts.iter().filter(|f| f.engaged),
                |f| Some(f.lead_type.as_deref().unwrap_or(LeadType::None.as_str())),
                |f| f.records,
            ),
        }
    }
}

/// The four questions of PRODUCT.md §6, each a share with its sample.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Hypotheses {
    /// 1. Single-box buyers (sales) who paid the ฿1,290 sticker price.
    pub sticker_price: Share,
    /// 2. Of each persona's buyers, those who chose the 3-box bundle.
    pub bundle_gift_buyers: Share,
    pub bundle_parents: Share,
    /// 3. Conversations that started at the Big Garden screen, and sales per
    ///    conversation there and at the other hooks.
    pub big_garden_share: Share,
    pub big_garden_conversion: Share,
    pub other_hooks_conversion: Share,
    /// 4. No-sales that cited price.
    pub price_objections: Share,
}

/// Below this sample a share is shown with a warning that it cannot support a conclusion.
pub const MIN_SAMPLE: i64 = 30;

fn whole_percent(share: Share) -> String {
    share
        .percent()
        .map(|p| format!("{p:.0}%"))
        .unwrap_or_else(|| "–".into())
}

impl Hypotheses {
    pub fn from_facts(facts: &[Fact]) -> Hypotheses {
        let count = |f: &dyn Fn(&Fact) -> bool| facts.iter().filter(|x| f(x)).map(|x| x.records).sum::<i64>();
        let share = |part: &dyn Fn(&Fact) -> bool, whole: &dyn Fn(&Fact) -> bool| Share {
            count: count(&|f| whole(f) && part(f)),
            of: count(whole),
        };
        let single = |f: &Fact| f.is_sale() && f.sale() == Some(SaleType::Single);
        let persona = |f: &Fact, p: Persona| f.persona.as_deref() == Some(p.as_str());
        let bundle = |f: &Fact| f.sale() == Some(SaleType::Bundle3);
        let big_garden = |f: &Fact| f.hook.as_deref() == Some(crate::Hook::BigGarden.as_str());
        Hypotheses {
            sticker_price: share(&|f| f.unit_price == Some(1290), &single),
            bundle_gift_buyers: share(&bundle, &|f| f.is_sale() && persona(f, Persona::GiftBuyer)),
            bundle_parents: share(&bundle, &|f| f.is_sale() && persona(f, Persona::Parent)),
            big_garden_share: share(&big_garden, &|f| f.engaged),
            big_garden_conversion: share(&Fact::is_sale, &|f| f.engaged && big_garden(f)),
            other_hooks_conversion: share(&Fact::is_sale, &|f| f.engaged && !big_garden(f)),
            price_objections: share(
                &|f| f.objection.as_deref() == Some(Objection::TooExpensive.as_str()),
                &Fact::is_no_sale,
            ),
        }
    }
}

impl Hypotheses {
    /// Each question answered in one plain sentence, in `lang`.
    pub fn sentences(&self, lang: crate::Lang) -> [String; 4] {
        let th = lang == crate::Lang::Th;
        let p = whole_percent;
        let none = if th {
            "ยังไม่มีข้อมูล"
        } else {
            "No data yet."
        };
        let (s, g, pa) = (self.sticker_price, self.bundle_gift_buyers, self.bundle_parents);
        let first = match (s.of, th) {
            (0, _) => none.to_string(),
            (_, false) => format!(
                "{} of single-box buyers paid the ฿1,290 sticker price ({} of {}).",
                p(s),
                s.count,
                s.of
            ),
            (_, true) => format!("ผู้ซื้อกล่องเดี่ยว {} จ่ายราคาป้าย ฿1,290 ({} จาก {})", p(s), s.count, s.of),
        };
        let second = match (g.of.min(pa.of), th) {
            (0, _) => none.to_string(),
            (_, false) => {
                let compare = match g.percent().partial_cmp(&pa.percent()) {
                    Some(std::cmp::Ordering::Greater) => "more often than",
                    Some(std::cmp::Ordering::Less) => "less often than",
                    _ => "as often as",
                };
                format!(
                    "Gift buyers chose the bundle {} of the time ({}/{}), {compare} parents ({}, {}/{}).",
                    p(g),
                    g.count,
                    g.of,
                    p(pa),
                    pa.count,
                    pa.of
                )
            }
            (_, true) => format!(
                "ผู้ซื้อเป็นของขวัญเลือกชุด 3 กล่อง {} ({}/{}) พ่อแม่ {} ({}/{})",
                p(g),
                g.count,
                g.of,
                p(pa),
                pa.count,
                pa.of
            ),
        };
        let (b, bc, oc) = (
            self.big_garden_share,
            self.big_garden_conversion,
            self.other_hooks_conversion,
        );
        let third = match (b.of, th) {
            (0, _) => none.to_string(),
            (_, false) => format!(
                "{} of conversations started at the Big Garden screen; {} of those bought, against {} at the other hooks.",
                p(b),
                p(bc),
                p(oc)
            ),
            (_, true) => format!(
                "การพูดคุย {} เริ่มจากจอ Big Garden ในจำนวนนี้ซื้อ {} เทียบกับ {} จากสิ่งดึงดูดอื่น",
                p(b),
                p(bc),
                p(oc)
            ),
        };
        let o = self.price_objections;
        let fourth = match (o.of, th) {
            (0, _) => none.to_string(),
            (_, false) => format!("{} of no-sales cited price ({} of {}).", p(o), o.count, o.of),
            (_, true) => format!("ที่ไม่ซื้อ {} ให้เหตุผลว่าแพงไป ({} จาก {})", p(o), o.count, o.of),
        };
        [first, second, third, fourth]
    }
}

/// The customer journey (the Sankey): every stage's nodes add up to the stage before.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Journey {
    pub paused: i64,
    pub left: i64,
    pub engaged: i64,
    /// Outcome of the engaged: (outcome, records, revenue); `None` = engaged, no outcome.
    pub outcomes: Vec<(Option<SaleType>, i64, i64)>,
    /// (outcome, lead channel, records) for every engaged record; a record without a
    /// lead channel counts as "none".
    pub leads: Vec<(Option<SaleType>, String, i64)>,
    /// Why the no-sales did not buy.
    pub reasons: Breakdown,
}

/// A node of a journey diagram.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Paused,
    Left,
    Engaged,
    /// `None`: engaged, but no outcome was recorded (older data).
    Outcome(Option<SaleType>),
    /// A lead channel as stored.
    Lead(String),
    /// A reason for no sale as stored ("" when none was recorded).
    Reason(String),
}

/// A band of a diagram: `records` flowing from node `from` of column `column` to node
/// `to` of the next column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub column: usize,
    pub from: usize,
    pub to: usize,
    pub records: i64,
}

/// A Sankey diagram as data: columns of (node, records) and the bands between
/// neighbouring columns. Every node's inflow equals its records; so does its outflow,
/// unless it ends there (those who left without engaging).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Flow {
    pub columns: Vec<Vec<(Step, i64)>>,
    pub links: Vec<Link>,
}

impl Flow {
    fn push_column(&mut self, nodes: Vec<(Step, i64)>) {
        self.columns.push(nodes.into_iter().filter(|(_, n)| *n > 0).collect());
    }

    fn index(&self, column: usize, step: &Step) -> Option<usize> {
        self.columns.get(column)?.iter().position(|(s, _)| s == step)
    }

    fn link(&mut self, column: usize, from: &Step, to: &Step, records: i64) {
        if let (Some(from), Some(to), true) = (self.index(column, from), self.index(column + 1, to), records > 0) {
            self.links.push(Link {
                column,
                from,
                to,
                records,
            });
        }
    }

    /// The columns in `range` with the bands between them: a long diagram drawn in parts
    /// (on a phone, four columns of labels do not fit side by side).
    pub fn window(&self, range: std::ops::Range<usize>) -> Flow {
        let range = range.start.min(self.columns.len())..range.end.min(self.columns.len());
        Flow {
            columns: self.columns[range.clone()].to_vec(),
            links: self
                .links
                .iter()
                .filter(|l| l.column >= range.start && l.column + 1 < range.end)
                .map(|l| Link {
                    column: l.column - range.start,
                    ..*l
                })
                .collect(),
        }
    }

    /// Empty trailing columns go: a diagram ends where its records do.
    fn trimmed(mut self) -> Flow {
        while self.columns.last().is_some_and(Vec::is_empty) {
            self.columns.pop();
        }
        self
    }
}

impl Journey {
    pub fn from_facts(facts: &[Fact]) -> Journey {
        let engaged: Vec<&Fact> = facts.iter().filter(|f| f.engaged).collect();
        let mut outcomes: Vec<(Option<SaleType>, i64, i64)> =
            SaleType::CURRENT.iter().map(|s| (Some(*s), 0, 0)).collect();
        outcomes.push((None, 0, 0));
        let mut leads: Vec<(Option<SaleType>, String, i64)> = Vec::new();
        for fact in &engaged {
            let outcome = fact.sale();
            if let Some(slot) = outcomes.iter_mut().find(|(o, _, _)| *o == outcome) {
                slot.1 += fact.records;
                slot.2 += if fact.is_sale() { fact.revenue } else { 0 };
            }
            let lead = fact
                .lead_type
                .clone()
                .unwrap_or_else(|| LeadType::None.as_str().to_string());
            match leads.iter_mut().find(|(o, l, _)| *o == outcome && *l == lead) {
                Some(slot) => slot.2 += fact.records,
                None => leads.push((outcome, lead, fact.records)),
            }
        }
        // "Engaged, no outcome" is shown only when such records exist.
        outcomes.retain(|(o, n, _)| o.is_some() || *n > 0);
        let total = |f: &dyn Fn(&&Fact) -> bool| facts.iter().filter(|x| f(x)).map(|x| x.records).sum::<i64>();
        Journey {
            paused: total(&|_| true),
            left: total(&|f| !f.engaged),
            engaged: total(&|f| f.engaged),
            outcomes,
            leads,
            reasons: no_sale_reasons(facts),
        }
    }

    /// All paused → Left | Engaged → each outcome → each lead channel.
    pub fn flow(&self) -> Flow {
        let mut flow = Flow::default();
        flow.push_column(vec![(Step::Paused, self.paused)]);
        flow.push_column(vec![(Step::Left, self.left), (Step::Engaged, self.engaged)]);
        flow.link(0, &Step::Paused, &Step::Left, self.left);
        flow.link(0, &Step::Paused, &Step::Engaged, self.engaged);
        flow.push_column(self.outcomes.iter().map(|(o, n, _)| (Step::Outcome(*o), *n)).collect());
        for (outcome, n, _) in &self.outcomes {
            flow.link(1, &Step::Engaged, &Step::Outcome(*outcome), *n);
        }
        // Channels in their display order; values no version defines go last.
        let rank = |lead: &str| {
            LeadType::parse(lead)
                .and_then(|l| LeadType::STORED.iter().position(|x| *x == l))
                .unwrap_or(usize::MAX)
        };
        let mut channels: Vec<(String, i64)> = Vec::new();
        for (_, lead, n) in &self.leads {
            match channels.iter_mut().find(|(l, _)| l == lead) {
                Some(slot) => slot.1 += n,
                None => channels.push((lead.clone(), *n)),
            }
        }
        channels.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)).then_with(|| a.0.cmp(&b.0)));
        flow.push_column(channels.into_iter().map(|(l, n)| (Step::Lead(l), n)).collect());
        for (outcome, lead, n) in &self.leads {
            flow.link(2, &Step::Outcome(*outcome), &Step::Lead(lead.clone()), *n);
        }
        flow.trimmed()
    }

    /// No sale → each reason given.
    pub fn reasons_flow(&self) -> Flow {
        let no_sale = Step::Outcome(Some(SaleType::None));
        let mut flow = Flow::default();
        flow.push_column(vec![(no_sale.clone(), self.reasons.iter().map(|(_, n)| n).sum())]);
        flow.push_column(
            self.reasons
                .iter()
                .map(|(r, n)| (Step::Reason(r.clone()), *n))
                .collect(),
        );
        for (reason, n) in &self.reasons {
            flow.link(0, &no_sale, &Step::Reason(reason.clone()), *n);
        }
        flow.trimmed()
    }

    pub fn sales(&self) -> i64 {
        self.outcomes
            .iter()
            .filter(|(o, _, _)| o.is_some_and(SaleType::is_sale))
            .map(|(_, n, _)| n)
            .sum()
    }

    /// Pause → Talk, Talk → Sale, and Pause → Sale.
    pub fn funnel(&self) -> [Share; 3] {
        let sales = self.sales();
        [
            Share {
                count: self.engaged,
                of: self.paused,
            },
            Share {
                count: sales,
                of: self.engaged,
            },
            Share {
                count: sales,
                of: self.paused,
            },
        ]
    }
}

/// One seller's card, next to which the booth's own figures are shown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SellerPerformance {
    /// `None` for records without a seller (older data).
    pub seller_id: Option<String>,
    pub engaged: i64,
    pub sales: i64,
    pub revenue: i64,
    /// The hook with the most sales (ties: the most conversations).
    pub best_hook: Option<String>,
    /// The persona with the most purchases.
    pub top_persona: Option<String>,
}

impl SellerPerformance {
    pub fn conversion(&self) -> Share {
        Share {
            count: self.sales,
            of: self.engaged,
        }
    }

    /// Average revenue per sale, whole baht.
    pub fn average_sale(&self) -> Option<i64> {
        (self.sales > 0).then(|| self.revenue / self.sales)
    }

    /// Every seller with records in the facts, by revenue, plus the whole booth.
    pub fn from_facts(facts: &[Fact]) -> (Vec<SellerPerformance>, SellerPerformance) {
        let mut ids: Vec<Option<String>> = Vec::new();
        for fact in facts {
            if !ids.contains(&fact.seller_id) {
                ids.push(fact.seller_id.clone());
            }
        }
        let card = |seller_id: Option<String>, of: &dyn Fn(&Fact) -> bool| {
            let mine: Vec<&Fact> = facts.iter().filter(|f| of(f)).collect();
            let engaged = mine.iter().filter(|f| f.engaged).map(|f| f.records).sum();
            let sales = mine.iter().filter(|f| f.is_sale()).map(|f| f.records).sum();
            let revenue = mine.iter().filter(|f| f.is_sale()).map(|f| f.revenue).sum();
            let mut hooks = breakdown(
                mine.iter().copied().filter(|f| f.engaged),
                |f| f.hook.as_deref(),
                |f| f.records,
            );
            let hook_sales = breakdown(
                mine.iter().copied().filter(|f| f.is_sale()),
                |f| f.hook.as_deref(),
                |f| f.records,
            );
            let sold = |h: &str| hook_sales.iter().find(|(k, _)| k == h).map(|(_, n)| *n).unwrap_or(0);
            hooks.sort_by(|a, b| {
                sold(&b.0)
                    .cmp(&sold(&a.0))
                    .then(b.1.cmp(&a.1))
                    .then_with(|| a.0.cmp(&b.0))
            });
            let personas = breakdown(
                mine.iter().copied().filter(|f| f.is_sale()),
                |f| f.persona.as_deref(),
                |f| f.records,
            );
            SellerPerformance {
                seller_id,
                engaged,
                sales,
                revenue,
                best_hook: hooks.into_iter().map(|(h, _)| h).find(|h| !h.is_empty()),
                top_persona: personas.into_iter().map(|(p, _)| p).find(|p| !p.is_empty()),
            }
        };
        let mut sellers: Vec<SellerPerformance> = ids
            .into_iter()
            .map(|id| card(id.clone(), &|f| f.seller_id == id))
            .collect();
        sellers.sort_by(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.seller_id.cmp(&b.seller_id)));
        (sellers, card(None, &|_| true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // One positional argument per column keeps the sample below readable as a table.
    #[allow(clippy::too_many_arguments)]
    fn fact(
        engaged: bool,
        persona: &str,
        hook: &str,
        sale: &str,
        price: Option<i64>,
        objection: &str,
        lead: &str,
        records: i64,
        quantity: i64,
        revenue: i64,
    ) -> Fact {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Fact {
            engaged,
            persona: some(persona),
            hook: some(hook),
            sale_type: some(sale),
            unit_price: price,
            objection: some(objection),
            lead_type: some(lead),
            seller_id: Some("nok".into()),
            records,
            quantity,
            revenue,
        }
    }

    /// 10 walk-bys; conversations: 3 parents single 2×990 (LINE), 1 gift buyer single
    /// 1×1290, 2 gift buyers bundle (Big Garden), 1 parent full year (Big Garden),
    /// 4 no-sales (3 too expensive, 1 legacy no_time), 1 engaged with no outcome.
    fn sample() -> Vec<Fact> {
        vec![
            fact(false, "", "", "", None, "", "", 10, 0, 0),
            fact(
                true,
                "parent",
                "physical_kits",
                "single",
                Some(990),
                "",
                "line",
                3,
                6,
                5940,
            ),
            fact(
                true,
                "gift_buyer",
                "signage",
                "single",
                Some(1290),
                "",
                "none",
                1,
                1,
                1290,
            ),
            fact(
                true,
                "gift_buyer",
                "big_garden",
                "bundle_3",
                None,
                "",
                "email",
                2,
                0,
                5380,
            ),
            fact(true, "parent", "big_garden", "full_year", None, "", "none", 1, 0, 4990),
            fact(true, "expat", "signage", "none", None, "too_expensive", "none", 3, 0, 0),
            fact(true, "parent", "big_garden", "none", None, "no_time", "none", 1, 0, 0),
            fact(true, "parent", "physical_kits", "", None, "", "", 1, 0, 0),
        ]
    }

    #[test]
    fn stats_by_hand() {
        let s = Stats::from_facts(&sample());
        assert_eq!((s.visitors, s.conversations, s.walk_bys), (22, 12, 10));
        assert_eq!((s.sales, s.revenue), (7, 5940 + 1290 + 5380 + 4990));
        assert_eq!(s.boxes, 6 + 1 + 2 * 3 + 12);
        assert_eq!(s.engaged_without_outcome, 1);
        assert_eq!(s.single_boxes_by_price, vec![(990, 6), (1290, 1)]);
        assert_eq!(
            s.product_mix,
            vec![
                (SaleType::Single, 4, 7230),
                (SaleType::Bundle3, 2, 5380),
                (SaleType::FullYear, 1, 4990)
            ]
        );
        assert_eq!(
            s.buyer_personas,
            vec![("parent".to_string(), 4), ("gift_buyer".to_string(), 3)]
        );
        assert_eq!(
            s.conversation_hooks,
            vec![
                ("big_garden".to_string(), 4),
                ("physical_kits".to_string(), 4),
                ("signage".to_string(), 4)
            ]
        );
        assert_eq!(
            s.no_sale_reasons,
            vec![("too_expensive".to_string(), 3), ("no_time".to_string(), 1)]
        );
        assert_eq!(
            s.leads,
            vec![
                ("none".to_string(), 7),
                ("line".to_string(), 3),
                ("email".to_string(), 2)
            ],
            "the same shares as the journey's lead column"
        );
    }

    #[test]
    fn hypotheses_by_hand() {
        let h = Hypotheses::from_facts(&sample());
        assert_eq!(h.sticker_price, Share { count: 1, of: 4 });
        assert_eq!(h.bundle_gift_buyers, Share { count: 2, of: 3 });
        assert_eq!(h.bundle_parents, Share { count: 0, of: 4 });
        assert_eq!(h.big_garden_share, Share { count: 4, of: 12 });
        assert_eq!(h.big_garden_conversion, Share { count: 3, of: 4 });
        assert_eq!(h.other_hooks_conversion, Share { count: 4, of: 8 });
        assert_eq!(h.price_objections, Share { count: 3, of: 4 });
        assert_eq!(Share { count: 1, of: 4 }.percent(), Some(25.0));
        assert_eq!(Share { count: 0, of: 0 }.percent(), None);
    }

    #[test]
    fn each_hypothesis_is_one_plain_sentence() {
        let [one, two, three, four] = Hypotheses::from_facts(&sample()).sentences(crate::Lang::En);
        assert_eq!(one, "25% of single-box buyers paid the ฿1,290 sticker price (1 of 4).");
        assert_eq!(
            two,
            "Gift buyers chose the bundle 67% of the time (2/3), more often than parents (0%, 0/4)."
        );
        assert_eq!(
            three,
            "33% of conversations started at the Big Garden screen; 75% of those bought, against 50% at the other hooks."
        );
        assert_eq!(four, "75% of no-sales cited price (3 of 4).");
        assert_eq!(Hypotheses::default().sentences(crate::Lang::Th)[0], "ยังไม่มีข้อมูล");
    }

    #[test]
    fn wilson_interval_matches_the_textbook() {
        // 8 of 10: 95 % Wilson interval ≈ [49.0 %, 94.3 %].
        let (low, high) = Share { count: 8, of: 10 }.wilson95().unwrap();
        assert!(
            (low - 49.02).abs() < 0.05 && (high - 94.33).abs() < 0.05,
            "{low} {high}"
        );
        let (low, high) = Share { count: 0, of: 5 }.wilson95().unwrap();
        assert!(low == 0.0 && (high - 43.45).abs() < 0.05, "{low} {high}");
        assert_eq!(Share::default().wilson95(), None);
    }

    #[test]
    fn the_journey_adds_up_and_shows_engaged_without_outcome() {
        let j = Journey::from_facts(&sample());
        assert_eq!((j.paused, j.left, j.engaged), (22, 10, 12));
        assert_eq!(j.left + j.engaged, j.paused);
        assert_eq!(
            j.outcomes,
            vec![
                (Some(SaleType::None), 4, 0),
                (Some(SaleType::Single), 4, 7230),
                (Some(SaleType::Bundle3), 2, 5380),
                (Some(SaleType::FullYear), 1, 4990),
                (None, 1, 0),
            ]
        );
        assert_eq!(
            j.outcomes.iter().map(|(_, n, _)| n).sum::<i64>(),
            j.engaged,
            "nodes add up"
        );
        assert_eq!(j.leads.iter().map(|(_, _, n)| n).sum::<i64>(), j.engaged);
        assert_eq!(
            j.funnel(),
            [
                Share { count: 12, of: 22 },
                Share { count: 7, of: 12 },
                Share { count: 7, of: 22 }
            ]
        );
        let empty = Journey::from_facts(&[]);
        assert_eq!(
            (empty.paused, empty.outcomes.len()),
            (0, 4),
            "no 'no outcome' node when there are none"
        );
    }

    #[test]
    fn facet_codes_decode_to_the_stored_values() {
        // engaged + parent (1) + Big Garden (2) + single (2) at ฿1,290 (2) + LINE (1), by hand.
        let code = 1 + (1 << 1) + (2 << 5) + (2 << 9) + (2 << 13) + (1 << 21);
        assert_eq!(code, 2_114_627);
        assert_eq!(
            Fact::from_code(code, Some("nok".into()), 3, 6, 7740),
            Some(Fact {
                engaged: true,
                persona: Some("parent".into()),
                hook: Some("big_garden".into()),
                sale_type: Some("single".into()),
                unit_price: Some(1290),
                objection: None,
                lead_type: Some("line".into()),
                seller_id: Some("nok".into()),
                records: 3,
                quantity: 6,
                revenue: 7740,
            })
        );
        let walk_by = Fact::from_code(0, None, 1, 0, 0).unwrap();
        assert_eq!(
            (walk_by.engaged, walk_by.persona, walk_by.lead_type),
            (false, None, None)
        );
        let legacy = Fact::from_code((1 << 9) + (7 << 17) + 1, None, 1, 0, 0).unwrap();
        assert_eq!(
            legacy.objection.as_deref(),
            Some("no_time"),
            "legacy values have codes too"
        );
        assert_eq!(Fact::from_code(15 << 1, None, 1, 0, 0), None, "a code no value has");
        assert_eq!(
            Fact::from_code(1 << 25, None, 1, 0, 0),
            None,
            "bits past the last facet"
        );
        for slot in facet_slots() {
            assert!(
                slot.values.iter().all(|(_, c)| (1..16).contains(c)),
                "{} fits 4 bits",
                slot.column
            );
        }
    }

    /// Every node's inflow is its value, and so is its outflow unless it ends there.
    fn assert_adds_up(flow: &Flow) {
        for (c, column) in flow.columns.iter().enumerate() {
            for (i, (step, n)) in column.iter().enumerate() {
                let inflow: i64 = flow
                    .links
                    .iter()
                    .filter(|l| c > 0 && l.column + 1 == c && l.to == i)
                    .map(|l| l.records)
                    .sum();
                let outflow: i64 = flow
                    .links
                    .iter()
                    .filter(|l| l.column == c && l.from == i)
                    .map(|l| l.records)
                    .sum();
                if c > 0 {
                    assert_eq!(inflow, *n, "{step:?} inflow");
                }
                assert!(
                    outflow == *n || (outflow == 0 && *step == Step::Left) || c + 1 == flow.columns.len(),
                    "{step:?} outflow {outflow} of {n}"
                );
            }
        }
    }

    #[test]
    fn the_journey_diagram_goes_on_to_lead_channels_and_reasons_by_hand() {
        let j = Journey::from_facts(&sample());
        let flow = j.flow();
        let none = LeadType::None.as_str().to_string();
        assert_eq!(
            flow.columns,
            vec![
                vec![(Step::Paused, 22)],
                vec![(Step::Left, 10), (Step::Engaged, 12)],
                vec![
                    (Step::Outcome(Some(SaleType::None)), 4),
                    (Step::Outcome(Some(SaleType::Single)), 4),
                    (Step::Outcome(Some(SaleType::Bundle3)), 2),
                    (Step::Outcome(Some(SaleType::FullYear)), 1),
                    (Step::Outcome(None), 1),
                ],
                // 3 LINE (singles), 2 email (bundles), and 1 single + 1 full year + 4
                // no-sales + 1 without outcome left no contact.
                vec![
                    (Step::Lead("line".into()), 3),
                    (Step::Lead("email".into()), 2),
                    (Step::Lead(none.clone()), 7)
                ],
            ]
        );
        let single_to_line = Link {
            column: 2,
            from: 1,
            to: 0,
            records: 3,
        };
        assert!(flow.links.contains(&single_to_line), "{:?}", flow.links);
        assert_adds_up(&flow);

        // Drawn in two parts on a phone: the path to an outcome, then outcome → lead.
        let (path, leads) = (flow.window(0..3), flow.window(2..4));
        assert_eq!(path.columns, flow.columns[..3]);
        assert_eq!(leads.columns, flow.columns[2..]);
        assert!(leads.links.contains(&Link {
            column: 0,
            ..single_to_line
        }));
        assert_eq!(path.links.len() + leads.links.len(), flow.links.len());
        assert_adds_up(&path);
        assert_adds_up(&leads);
        assert_eq!(
            flow.window(3..9).columns,
            flow.columns[3..],
            "a window past the end stops there"
        );

        let reasons = j.reasons_flow();
        assert_eq!(
            reasons.columns,
            vec![
                vec![(Step::Outcome(Some(SaleType::None)), 4)],
                vec![
                    (Step::Reason("too_expensive".into()), 3),
                    (Step::Reason("no_time".into()), 1)
                ],
            ]
        );
        assert_adds_up(&reasons);

        let walk_bys_only = Journey::from_facts(&sample()[..1]).flow();
        assert_eq!(
            walk_bys_only.columns,
            vec![vec![(Step::Paused, 10)], vec![(Step::Left, 10)]],
            "the diagram ends where the records do"
        );
        assert_eq!(Journey::from_facts(&[]).reasons_flow(), Flow::default());
    }

    #[test]
    fn seller_cards_by_hand() {
        let mut facts = sample();
        facts.push(Fact {
            seller_id: Some("pim".into()),
            ..fact(true, "expat", "signage", "bundle_3", None, "", "none", 1, 0, 2690)
        });
        let (sellers, booth) = SellerPerformance::from_facts(&facts);
        let nok = &sellers[0];
        assert_eq!(nok.seller_id.as_deref(), Some("nok"));
        assert_eq!((nok.engaged, nok.sales, nok.revenue), (12, 7, 17600));
        assert_eq!(
            nok.best_hook.as_deref(),
            Some("big_garden"),
            "3 sales and 4 talks at both: the stored-value order decides"
        );
        assert_eq!(nok.top_persona.as_deref(), Some("parent"));
        assert_eq!(nok.average_sale(), Some(17600 / 7));
        let pim = &sellers[1];
        assert_eq!(
            (pim.engaged, pim.sales, pim.conversion().percent()),
            (1, 1, Some(100.0))
        );
        assert_eq!((booth.engaged, booth.sales, booth.revenue), (13, 8, 20290));
    }
}

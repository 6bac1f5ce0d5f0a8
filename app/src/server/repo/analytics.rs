//! The analytics' aggregates: a period's records grouped by every facet (one query),
//! and Home's counts of several periods at once (one query).

use super::{Period, Repository};
use crate::server::entities::interaction;
use crate::wire::{Counts, Figures};
use domain::SaleType;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, QueryTrait};

impl Repository {
    /// A period's live records (of one event, or of all) grouped by every facet (PRODUCT.md §6 derives from these):
    /// a few hundred groups at most whatever the table's size. The database groups by
    /// the packed `facet_code` (one integer, not eight strings). Records it could not
    /// code hold a value no version defines (legacy data only); they form a NULL group,
    /// and only then are they grouped again by their raw columns, over a partial index.
    pub async fn facts(
        &self,
        period: Period,
        seller_id: Option<&str>,
        event_id: Option<&str>,
    ) -> Result<Vec<domain::analytics::Fact>, DbErr> {
        use domain::analytics::Fact;
        use interaction::Column as C;
        use sea_orm::sea_query::{ExprTrait, Func, SimpleExpr};
        let sum = |column: C| {
            let sum_or_zero: [SimpleExpr; 2] = [Func::sum(Expr::col(column)).into(), Expr::val(0)];
            SimpleExpr::from(Func::cast_as(Func::coalesce(sum_or_zero), "BIGINT"))
        };
        let code = || Expr::cust("facet_code");
        let live = || {
            let mut query = interaction::Entity::find().select_only().filter(C::DeletedAt.is_null());
            if let Some((from, to)) = period {
                query = query.filter(C::Timestamp.gte(from)).filter(C::Timestamp.lt(to));
            }
            if let Some(seller) = seller_id {
                query = query.filter(C::SellerId.eq(seller));
            }
            if let Some(event) = event_id {
                query = query.filter(C::EventId.eq(event));
            }
            query
        };
        // What every group counts, after its facet columns.
        let totals = |query: sea_orm::Select<interaction::Entity>| {
            query
                .column_as(Expr::cust("COUNT(*)"), "records")
                .column_as(sum(C::Quantity), "quantity")
                .column_as(sum(C::TotalAmount), "revenue")
        };
        // (facet code, seller, records, Σ quantity, Σ revenue)
        type Coded = (Option<i32>, Option<String>, i64, i64, i64);
        let coded: Vec<Coded> = totals(
            live()
                .column_as(code(), "code")
                .column(C::SellerId)
                .group_by(code())
                .group_by(C::SellerId),
        )
        .into_tuple()
        .all(&self.db)
        .await?;
        let mut uncoded_groups = false;
        let mut facts = Vec::with_capacity(coded.len());
        for (code, seller_id, records, quantity, revenue) in coded {
            match code {
                Some(code) => facts.push(
                    Fact::from_code(i64::from(code), seller_id, records, quantity, revenue)
                        .ok_or_else(|| DbErr::Custom(format!("facet_code {code} is not one this build knows")))?,
                ),
                None => uncoded_groups = true,
            }
        }
        if !uncoded_groups {
            return Ok(facts);
        }

        let facets = [
            C::Engaged,
            C::Persona,
            C::Hook,
            C::SaleType,
            C::UnitPrice,
            C::Objection,
            C::LeadType,
            C::SellerId,
        ];
        let mut uncoded = live().filter(code().is_null());
        for facet in facets {
            uncoded = uncoded.column(facet).group_by(facet);
        }
        type Row = (
            bool,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<i32>,
            Option<String>,
            Option<String>,
            Option<String>,
            i64,
            i64,
            i64,
        );
        let rows: Vec<Row> = totals(uncoded).into_tuple().all(&self.db).await?;
        facts.extend(rows.into_iter().map(
            |(
                engaged,
                persona,
                hook,
                sale_type,
                unit_price,
                objection,
                lead_type,
                seller_id,
                records,
                quantity,
                revenue,
            )| {
                Fact {
                    engaged,
                    persona,
                    hook,
                    sale_type,
                    unit_price: unit_price.map(i64::from),
                    objection,
                    lead_type,
                    seller_id,
                    records,
                    quantity,
                    revenue,
                }
            },
        ));
        Ok(facts)
    }

    /// The counts of several periods (`None` = all time), each of one event or of all
    /// (`None`), for the booth and for one seller, in one aggregate query.
    pub async fn figures<const N: usize>(
        &self,
        periods: [(Period, Option<&str>); N],
        seller_id: Option<&str>,
    ) -> Result<[Figures; N], DbErr> {
        use interaction::Column;
        use sea_orm::sea_query::Condition;
        let metrics = counted();
        let scopes: Vec<(&str, Option<&str>)> = match seller_id {
            Some(id) => vec![("booth", None), ("seller", Some(id))],
            None => vec![("booth", None)],
        };
        let mut query = interaction::Entity::find()
            .select_only()
            .filter(Column::DeletedAt.is_null());
        for (p, (period, event)) in periods.iter().enumerate() {
            for (scope, seller) in &scopes {
                for (metric, rows, value) in &metrics {
                    let mut when = Condition::all().add(rows.clone());
                    if let Some((from, to)) = period {
                        when = when.add(Column::Timestamp.gte(*from)).add(Column::Timestamp.lt(*to));
                    }
                    if let Some(seller) = seller {
                        when = when.add(Column::SellerId.eq(*seller));
                    }
                    if let Some(event) = event {
                        when = when.add(Column::EventId.eq(*event));
                    }
                    query = query.column_as(sum_where(when, value.clone()), format!("p{p}_{scope}_{metric}"));
                }
            }
        }
        let statement = query.build(self.db.get_database_backend());
        let row = self.db.query_one_raw(statement).await?;
        let number = |name: String| -> Result<i64, DbErr> {
            Ok(match &row {
                Some(row) => row.try_get::<Option<i64>>("", &name)?.unwrap_or(0),
                None => 0,
            })
        };
        let read = |p: usize, scope: &str| -> Result<Counts, DbErr> {
            Ok(Counts {
                visitors: number(format!("p{p}_{scope}_visitors"))?,
                conversations: number(format!("p{p}_{scope}_conversations"))?,
                sales: number(format!("p{p}_{scope}_sales"))?,
                revenue: number(format!("p{p}_{scope}_revenue"))?,
            })
        };
        let mut figures = [Figures::default(); N];
        for (p, slot) in figures.iter_mut().enumerate() {
            *slot = Figures {
                booth: read(p, "booth")?,
                seller: seller_id.map(|_| read(p, "seller")).transpose()?,
            };
        }
        Ok(figures)
    }
}

impl Repository {
    /// Live records of `span` (of one event or all, one seller or all) by 15-minute UTC bucket and seller,
    /// for heat maps: a few thousand rows for a month, whatever the records.
    pub async fn buckets(
        &self,
        span: domain::period::Span,
        event_id: Option<&str>,
        seller_id: Option<&str>,
    ) -> Result<Vec<domain::insight::Bucket>, DbErr> {
        use interaction::Column as C;
        // Seconds since the epoch, divided into buckets.
        let seconds = 60 * domain::insight::BUCKET_MINUTES;
        let bucket = || {
            Expr::cust(match self.db.get_database_backend() {
                sea_orm::DatabaseBackend::Postgres => {
                    format!("CAST(FLOOR(EXTRACT(EPOCH FROM \"timestamp\") / {seconds}) AS BIGINT)")
                }
                _ => format!("CAST(strftime('%s', \"timestamp\") AS INTEGER) / {seconds}"),
            })
        };
        let (from, to) = span;
        let mut query = interaction::Entity::find()
            .select_only()
            .column_as(bucket(), "bucket")
            .column(C::SellerId)
            .filter(C::DeletedAt.is_null())
            .filter(C::Timestamp.gte(from))
            .filter(C::Timestamp.lt(to))
            .group_by(bucket())
            .group_by(C::SellerId);
        if let Some(event) = event_id {
            query = query.filter(C::EventId.eq(event));
        }
        if let Some(seller) = seller_id {
            query = query.filter(C::SellerId.eq(seller));
        }
        // Visitors, conversations and sales, in `Counts`' order.
        for (metric, rows, value) in counted().into_iter().take(3) {
            query = query.column_as(sum_where(rows, value), metric);
        }
        let rows: Vec<(i64, Option<String>, i64, i64, i64)> = query.into_tuple().all(&self.db).await?;
        rows.into_iter()
            .map(|(bucket, seller_id, visitors, conversations, sales)| {
                let start = chrono::DateTime::from_timestamp(bucket * seconds, 0)
                    .ok_or_else(|| DbErr::Custom(format!("bucket {bucket} is no time")))?;
                Ok(domain::insight::Bucket {
                    start,
                    seller_id,
                    visitors,
                    conversations,
                    sales,
                })
            })
            .collect()
    }
}

impl Repository {
    /// Visitors, conversations and sales of each window (an event's stretches of time),
    /// in one round trip: a branch per window, each reading its own index range.
    pub async fn window_counts(&self, windows: &[(String, Vec<domain::period::Span>)]) -> Result<Vec<[i64; 3]>, DbErr> {
        use interaction::Column as C;
        use sea_orm::sea_query::{Condition, Query, UnionType};
        let mut union: Option<sea_orm::sea_query::SelectStatement> = None;
        for (i, (event, spans)) in windows.iter().enumerate().filter(|(_, (_, spans))| !spans.is_empty()) {
            let mut any = Condition::any();
            for (from, to) in spans {
                any = any.add(Condition::all().add(C::Timestamp.gte(*from)).add(C::Timestamp.lt(*to)));
            }
            let mut branch = Query::select();
            branch
                .expr_as(Expr::val(i as i64), "w")
                .from(interaction::Entity)
                .cond_where(
                    Condition::all()
                        .add(C::DeletedAt.is_null())
                        .add(C::EventId.eq(event.as_str()))
                        .add(any),
                );
            for (metric, rows, value) in counted().into_iter().take(3) {
                branch.expr_as(sum_where(rows, value), metric);
            }
            union = Some(match union {
                None => branch,
                Some(mut all) => {
                    all.union(UnionType::All, branch);
                    all
                }
            });
        }
        let mut counts = vec![[0; 3]; windows.len()];
        let Some(union) = union else { return Ok(counts) };
        for row in self.db.query_all(&union).await? {
            let w: i64 = row.try_get("", "w")?;
            let slot = counts
                .get_mut(usize::try_from(w).unwrap_or(usize::MAX))
                .ok_or_else(|| DbErr::Custom(format!("window {w} was not asked for")))?;
            *slot = [
                row.try_get("", "visitors")?,
                row.try_get("", "conversations")?,
                row.try_get("", "sales")?,
            ];
        }
        Ok(counts)
    }
}

/// What `Counts` counts, in its order, for every query that counts live records:
/// (metric, which rows count, what each adds).
pub(super) fn counted() -> [(
    &'static str,
    sea_orm::sea_query::Condition,
    sea_orm::sea_query::SimpleExpr,
); 4] {
    use interaction::Column;
    use sea_orm::sea_query::Condition;
    let is_sale = || {
        Condition::all()
            .add(Column::Engaged.eq(true))
            .add(Column::SaleType.is_not_null())
            .add(Column::SaleType.ne(SaleType::None.as_str()))
    };
    [
        ("visitors", Condition::all(), Expr::val(1)),
        (
            "conversations",
            Condition::all().add(Column::Engaged.eq(true)),
            Expr::val(1),
        ),
        ("sales", is_sale(), Expr::val(1)),
        ("revenue", is_sale(), Expr::col(Column::TotalAmount)),
    ]
}

/// Σ `value` over the rows `when` selects, as a BIGINT, 0 when there are none.
pub(super) fn sum_where(
    when: sea_orm::sea_query::Condition,
    value: sea_orm::sea_query::SimpleExpr,
) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::{Condition, Func, SimpleExpr};
    // An empty condition renders as nothing: `1 = 1` keeps the CASE valid.
    let when = Condition::all().add(Expr::cust("1 = 1")).add(when);
    let sum = Func::sum(Expr::case(when, value).finally(Expr::val(0)));
    let sum_or_zero: [SimpleExpr; 2] = [sum.into(), Expr::val(0)];
    SimpleExpr::from(Func::cast_as(Func::coalesce(sum_or_zero), "BIGINT"))
}

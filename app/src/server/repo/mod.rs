//! The repository: every query the app runs, arranged by what it stores (one file per
//! table or aggregate). Nothing outside this module touches SQL or the ORM. Aggregates
//! are computed in the database, one query per screen.

mod analytics;
mod audit;
mod devices;
mod events;
mod milestones;
mod placement;
pub mod records;
mod sellers;
mod settings;

pub use audit::Actor;
pub use devices::{DeviceChange, DeviceError, NodeSighting};
pub use events::{EventError, Placed, spec_of};
pub use records::{Edit, EditError, NewInteraction, RecordQuery, Window, cursor_of};
pub use sellers::SellerSummary;

use super::live::LiveHub;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

/// A period's bounds `[from, to)`; `None` is all time.
pub type Period = Option<domain::period::Span>;

/// Every query, over one connection pool. Every write that changes what a page shows
/// tells the live-update hub once it is committed (`changed`), so no write path can
/// forget to.
#[derive(Clone)]
pub struct Repository {
    db: DatabaseConnection,
    live: LiveHub,
    placement: std::sync::Arc<placement::PlacementCache>,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("idempotency key already used for a different record")]
    KeyReused,
    /// No event to put the tap in (yet): it waits on the phone.
    #[error("no event for the moment of the tap: {0:?}")]
    Unplaced(domain::event::Unplaced),
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl Repository {
    pub fn new(db: DatabaseConnection) -> Self {
        Repository {
            db,
            live: LiveHub::default(),
            placement: Default::default(),
        }
    }

    /// The hub this repository's writes notify: open pages listen to it.
    pub fn live(&self) -> &LiveHub {
        &self.live
    }

    /// A committed write changed what pages show.
    fn changed(&self) {
        self.live.notify();
    }

    /// A committed write changed events or a phone's seller or event: what placing taps
    /// kept is read afresh, and pages show the change.
    fn placement_changed(&self) {
        self.placement.forget();
        self.changed();
    }

    pub fn connection(&self) -> &DatabaseConnection {
        &self.db
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.db.ping().await
    }

    /// The pool's connections: (open, idle).
    pub fn pool_stats(&self) -> (u32, usize) {
        match self.db.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                let pool = self.db.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            sea_orm::DbBackend::Sqlite => {
                let pool = self.db.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            _ => (0, 0),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.db.get_database_backend() == sea_orm::DbBackend::Postgres
    }
}

/// What an insert under an idempotency key found.
pub(super) enum Once<M> {
    /// The row is new.
    Inserted,
    /// The key was used before: the row that holds it.
    Taken(M),
}

/// Inserts `row` unless its idempotency key (`key`, in `column`) was used before: the
/// one write records and milestones share, so a retried submission never makes a second
/// row. The row already there is read only when the key was taken.
pub(super) async fn insert_once<E, A>(
    db: &DatabaseConnection,
    row: A,
    column: E::Column,
    key: Uuid,
) -> Result<Once<E::Model>, DbErr>
where
    E: EntityTrait,
    A: ActiveModelTrait<Entity = E> + Send,
    E::Model: IntoActiveModel<A>,
{
    let inserted = E::insert(row)
        .on_conflict(OnConflict::column(column).do_nothing().to_owned())
        .exec_without_returning(db)
        .await?;
    if inserted == 1 {
        return Ok(Once::Inserted);
    }
    let taken = E::find().filter(column.eq(key)).one(db).await?;
    taken
        .map(Once::Taken)
        .ok_or(DbErr::RecordNotFound("the row holding an idempotency key".into()))
}

/// Amounts are whole baht; the legacy columns are 32-bit. Totals are bounded by the §3
/// rules (≤ 50 × ฿1,290), so this never saturates in practice.
fn to_db_amount(amount: domain::Baht) -> i32 {
    i32::try_from(amount).unwrap_or(i32::MAX)
}

fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_)))
}

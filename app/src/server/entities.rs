//! SeaORM entities for the tables the migrations create. Enumerated columns are plain
//! strings here: a stored legacy value must always read back (PRODUCT.md §3); the domain
//! enums parse them at the edge.

pub mod device {
    use sea_orm::entity::prelude::*;

    /// A Tailscale node. The table keeps its legacy name `staff`; `device_name` is the
    /// row's stable key (the machine name at registration), `node_id` the node's identity.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "staff")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub device_name: String,
        pub display_name: Option<String>,
        pub created_at: Option<DateTimeUtc>,
        pub active_seller: Option<String>,
        pub node_id: Option<String>,
        pub machine_name: Option<String>,
        pub role: String,
        pub status: String,
        pub first_seen: Option<DateTimeUtc>,
        pub last_seen: Option<DateTimeUtc>,
        /// The pop-up event this phone chose to log for (when several run at once).
        pub active_event: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl Model {
        /// The status, read once for everyone (the CHECK allows no other value; one
        /// unreadable all the same counts as active, as it always has).
        pub fn status(&self) -> domain::DeviceStatus {
            domain::DeviceStatus::parse(&self.status).unwrap_or(domain::DeviceStatus::Active)
        }

        /// The role; anything unreadable is staff (least rights).
        pub fn role(&self) -> domain::DeviceRole {
            domain::DeviceRole::parse(&self.role).unwrap_or(domain::DeviceRole::Staff)
        }
    }
}

pub mod seller {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sellers")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub display_name: String,
        pub created_at: Option<DateTimeUtc>,
        pub is_active: bool,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod interaction {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "interactions")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub timestamp: DateTimeUtc,
        pub staff_device: Option<String>,
        pub interaction_type: Option<String>,
        pub engaged: bool,
        pub persona: Option<String>,
        pub hook: Option<String>,
        pub sale_type: Option<String>,
        pub quantity: Option<i32>,
        pub unit_price: Option<i32>,
        pub total_amount: Option<i32>,
        pub lead_type: Option<String>,
        pub objection: Option<String>,
        pub notes: Option<String>,
        pub deleted_at: Option<DateTimeUtc>,
        pub updated_at: Option<DateTimeUtc>,
        pub seller_id: Option<String>,
        pub idempotency_key: Option<Uuid>,
        pub event_id: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl Model {
        /// The record as the domain sees it (legacy values read; a value no version
        /// defines reads as empty).
        pub fn to_domain(&self) -> domain::Interaction {
            use domain::{Hook, LeadType, Objection, Persona, SaleType};
            domain::Interaction {
                engaged: self.engaged,
                persona: self.persona.as_deref().and_then(Persona::parse),
                hook: self.hook.as_deref().and_then(Hook::parse),
                sale_type: self.sale_type.as_deref().and_then(SaleType::parse),
                quantity: self.quantity,
                unit_price: self.unit_price.map(i64::from),
                total_amount: self.total_amount.map(i64::from),
                lead_type: self.lead_type.as_deref().and_then(LeadType::parse),
                objection: self.objection.as_deref().and_then(Objection::parse),
                notes: self.notes.clone(),
            }
        }
    }
}

pub mod booth_event {
    use sea_orm::entity::prelude::*;

    /// A milestone ("New signage", "Restocked", …); the table keeps its legacy name.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "events")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub timestamp: DateTimeUtc,
        pub description: String,
        pub staff_device: Option<String>,
        pub seller_id: Option<String>,
        pub idempotency_key: Option<Uuid>,
        pub updated_at: Option<DateTimeUtc>,
        pub event_id: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod event {
    use sea_orm::entity::prelude::*;

    /// A pop-up event: a market the booth runs at (PRODUCT.md, events issue).
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "pop_up_events")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub name: String,
        pub venue: Option<String>,
        pub time_zone: String,
        pub first_day: Date,
        pub last_day: Option<Date>,
        pub opens: Option<String>,
        pub closes: Option<String>,
        pub booth_fee: Option<i64>,
        pub other_costs: Option<i64>,
        pub target_visitors: Option<i64>,
        pub target_conversations: Option<i64>,
        pub target_sales: Option<i64>,
        pub target_revenue: Option<i64>,
        pub notes: Option<String>,
        pub archived: bool,
        pub created_at: DateTimeUtc,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}

    impl Model {
        /// Its time zone: one the checks accepted when it was written (UTC only if the
        /// zone database of a later build dropped the name).
        pub fn tz(&self) -> chrono_tz::Tz {
            self.time_zone.parse().unwrap_or(chrono_tz::UTC)
        }

        /// When it runs, for placing taps.
        pub fn run(&self) -> domain::event::Run<'_, chrono_tz::Tz> {
            domain::event::Run {
                id: &self.id,
                first_day: self.first_day,
                last_day: self.last_day,
                tz: self.tz(),
            }
        }

        /// The event as pickers and headers name it.
        pub fn reference(&self) -> crate::wire::EventRef {
            crate::wire::EventRef {
                id: self.id.clone(),
                name: self.name.clone(),
            }
        }

        /// Whether it runs on the booth-local day of `at` (in its own zone).
        pub fn runs_at(&self, at: chrono::DateTime<chrono::Utc>) -> bool {
            !self.archived && self.run().covers(at)
        }
    }
}

pub mod device_history {
    use sea_orm::entity::prelude::*;

    /// A phone's seller and event from `at` on: taps are credited by it.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "device_history")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub device_name: String,
        pub at: DateTimeUtc,
        pub seller_id: Option<String>,
        pub event_id: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod audit {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "audit_log")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub at: DateTimeUtc,
        pub device: Option<String>,
        pub seller_id: Option<String>,
        pub entity: String,
        pub entity_id: String,
        pub action: String,
        pub changes: Option<Json>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod setting {
    use sea_orm::entity::prelude::*;

    /// An admin's setting: `value` is JSON text.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "app_settings")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub value: String,
        pub updated_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

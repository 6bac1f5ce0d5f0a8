//! Screen labels in Thai and English. Labels of enum values live with the enums in
//! `domain`; this table holds the rest of the words on the screens.

use domain::Text;

pub const APP_NAME: &str = "Lumicello Insights";
pub const TODAY: Text = Text::new("Today", "วันนี้");
pub const VISITORS: Text = Text::new("Visitors", "ผู้เยี่ยมชม");
pub const CONVERSATIONS: Text = Text::new("Conversations", "พูดคุย");
pub const SALES: Text = Text::new("Sales", "ยอดขาย");
pub const REVENUE: Text = Text::new("Revenue", "รายได้");
pub const SAVING: Text = Text::new("Saving…", "กำลังบันทึก…");
pub const WAITING_TO_SYNC: Text = Text::new("waiting to sync", "รายการรอส่ง");
pub const WAITING: Text = Text::new("waiting", "รอส่ง");
pub const KEPT_ON_PHONE: Text = Text::new("Kept on this phone · will be sent", "เก็บไว้ในเครื่องแล้ว · จะส่งเมื่อต่อเน็ตได้");
pub const KEPT_ON_PHONE_HINT: Text = Text::new(
    "Safe on this phone; sent by themselves once back online.",
    "เก็บไว้ในเครื่องแล้ว จะส่งเองเมื่อกลับมาออนไลน์",
);
pub const NOT_SAVED: Text = Text::new("These could not be saved:", "บันทึกรายการเหล่านี้ไม่ได้:");
pub const DISMISS: Text = Text::new("Dismiss", "ปิด");
pub const WALK_BY_LOGGED: Text = Text::new("Walk-by logged", "บันทึกการเดินผ่านแล้ว");
pub const LOGGING_AS: Text = Text::new("Logging as", "บันทึกในชื่อ");
pub const NO_SELLER: Text = Text::new("No seller chosen", "ยังไม่ได้เลือกผู้ขาย");
pub const LOADING: Text = Text::new("Loading…", "กำลังโหลด…");
pub const TRY_AGAIN: Text = Text::new("Try again", "ลองอีกครั้ง");
pub const NOT_FOUND: Text = Text::new("This page doesn't exist.", "ไม่พบหน้านี้");
pub const HOME: Text = Text::new("Home", "หน้าหลัก");
pub const WHO_IS_SELLING: Text = Text::new("Who's selling now?", "ใครขายอยู่ตอนนี้?");
pub const SWITCH: Text = Text::new("Switch", "เปลี่ยน");
pub const SWITCH_TO: Text = Text::new("Switch to", "เปลี่ยนเป็น");
pub const CONFIRM: Text = Text::new("Yes, switch", "ใช่ เปลี่ยนเลย");
pub const CANCEL: Text = Text::new("Cancel", "ยกเลิก");
pub const NOW_LOGGING_AS: Text = Text::new("Now logging as", "ตอนนี้บันทึกในชื่อ");
pub const ADD_NAME: Text = Text::new("Add a name", "เพิ่มชื่อ");
pub const ADD: Text = Text::new("Add and start", "เพิ่มและเริ่ม");
pub const NO_SELLERS_YET: Text = Text::new("No names yet — add yours below.", "ยังไม่มีชื่อ — เพิ่มชื่อของคุณด้านล่าง");
pub const CHOOSE_SELLER_FIRST: Text = Text::new("Choose who is selling to start logging.", "เลือกผู้ขายก่อนเริ่มบันทึก");
pub const BACK: Text = Text::new("Back", "กลับ");
pub const STEP_WHO: Text = Text::new("Who", "ใคร");
pub const STEP_HOOK: Text = Text::new("Hook", "ดึงดูด");
pub const STEP_RESULT: Text = Text::new("Result", "ผลลัพธ์");
pub const STEP_LEAD: Text = Text::new("Lead", "ติดต่อ");
pub const WHO_QUESTION: Text = Text::new("Who stopped by?", "ใครแวะมา?");
pub const HOOK_QUESTION: Text = Text::new("What caught their eye?", "อะไรดึงดูดเขา?");
pub const RESULT_QUESTION: Text = Text::new("What happened?", "ผลเป็นอย่างไร?");
pub const SINGLE_QUESTION: Text = Text::new("How many, at what price?", "กี่กล่อง ราคาเท่าไร?");
pub const OBJECTION_QUESTION: Text = Text::new("Why no sale?", "ทำไมไม่ซื้อ?");
pub const LEAD_QUESTION: Text = Text::new("Did they leave a contact?", "ได้ช่องทางติดต่อไหม?");
pub const QUANTITY: Text = Text::new("Quantity", "จำนวน");
pub const TOTAL: Text = Text::new("Total", "รวม");
pub const CONTINUE: Text = Text::new("Continue", "ต่อไป");
pub const CLOSE: Text = Text::new("Close", "ปิด");
pub const SAVED: Text = Text::new("Saved", "บันทึกแล้ว");
pub const UNDO: Text = Text::new("Undo", "ยกเลิกรายการ");
pub const UNDONE: Text = Text::new("Record taken back", "ยกเลิกรายการแล้ว");
pub const MARK_MILESTONE: Text = Text::new("Mark milestone", "บันทึกเหตุการณ์");
pub const MILESTONE_PLANTED: Text = Text::new("Milestone planted!", "บันทึกเหตุการณ์แล้ว!");
pub const MILESTONE_OTHER: Text = Text::new("Something else", "อื่นๆ");
pub const SAVE: Text = Text::new("Save", "บันทึก");
pub const LOG_PAST: Text = Text::new("Log past event", "บันทึกย้อนหลัง");
pub const WHEN: Text = Text::new("When did it happen?", "เกิดขึ้นเมื่อไร?");
pub const LOGGING_FOR: Text = Text::new("Logging for", "บันทึกสำหรับเวลา");
pub const THIS_WEEK: Text = Text::new("This week", "สัปดาห์นี้");
pub const ALL_TIME: Text = Text::new("All time", "ทั้งหมด");
pub const BOOTH: Text = Text::new("Booth", "ทั้งบูธ");
pub const STATS: Text = Text::new("Stats", "สถิติ");
pub const LANGUAGE_SWITCH: Text = Text::new("ภาษาไทย", "English");
/// Preset milestones: what staff mark most often.
pub const MILESTONE_PRESETS: [Text; 4] = [
    Text::new("New signage", "ป้ายใหม่"),
    Text::new("Restocked", "เติมสินค้า"),
    Text::new("Display change", "เปลี่ยนการจัดวาง"),
    Text::new("Break", "พัก"),
];
pub const YOU: Text = Text::new("You:", "คุณ:");
pub const NOTHING_YET: Text = Text::new("No records in this period yet.", "ยังไม่มีข้อมูลในช่วงนี้");
pub const ALL_PAUSED: Text = Text::new("All paused", "แวะทั้งหมด");
pub const LEFT: Text = Text::new("Left without engaging", "เดินผ่านไป");
pub const ENGAGED: Text = Text::new("Engaged", "ได้พูดคุย");
pub const NO_OUTCOME: Text = Text::new("Engaged, no outcome", "พูดคุย ไม่ระบุผล");
pub const JOURNEY: Text = Text::new("Customer journey", "เส้นทางลูกค้า");
pub const JOURNEY_PATH: Text = Text::new("From a pause to an outcome", "จากการแวะสู่ผลลัพธ์");
pub const JOURNEY_LEADS: Text = Text::new("Outcome → contact left", "ผลลัพธ์ → ช่องทางติดต่อ");
pub const FROM: Text = Text::new("From", "ตั้งแต่");
pub const TO: Text = Text::new("To", "ถึง");
pub const SHOW: Text = Text::new("Show", "แสดง");
pub const ALL_SELLERS: Text = Text::new("All sellers", "ผู้ขายทั้งหมด");
pub const TRAFFIC: Text = Text::new("Traffic", "ผู้เข้าชม");
pub const WALK_BYS: Text = Text::new("Walk-bys", "เดินผ่าน");
pub const BOXES: Text = Text::new("Boxes", "กล่อง");

/// "1 box", "12 boxes" ("12 กล่อง": Thai nouns have one form).
pub fn boxes(n: i64, lang: domain::Lang) -> String {
    match lang {
        domain::Lang::En if n == 1 => "1 box".into(),
        domain::Lang::En => format!("{} boxes", domain::money::group_thousands(n.unsigned_abs())),
        domain::Lang::Th => format!("{} กล่อง", domain::money::group_thousands(n.unsigned_abs())),
    }
}
pub const AVERAGE_SALE: Text = Text::new("Average sale", "ยอดเฉลี่ยต่อการขาย");
pub const PRICE_VALIDATION: Text = Text::new("Single boxes by price (boxes)", "กล่องเดี่ยวตามราคา (จำนวนกล่อง)");
pub const PRODUCT_MIX: Text = Text::new("Product mix (sales)", "สัดส่วนสินค้า (ยอดขาย)");
pub const BUYER_PERSONAS: Text = Text::new("Who buys (buyers only)", "ใครซื้อ (เฉพาะผู้ซื้อ)");
pub const HOOKS: Text = Text::new("Hooks (all conversations)", "สิ่งที่ดึงดูด (ทุกการพูดคุย)");
pub const NO_SALE_REASONS: Text = Text::new("Why no sale", "เหตุผลที่ไม่ซื้อ");
pub const LEADS: Text = Text::new("Leads by channel", "ช่องทางติดต่อ");
pub const SELLERS: Text = Text::new("Sellers", "ผู้ขาย");
pub const CONVERSION: Text = Text::new("Conversion", "อัตราการขาย");
pub const BEST_HOOK: Text = Text::new("Best hook", "ดึงดูดได้ดีที่สุด");
pub const TOP_PERSONA: Text = Text::new("Top buyer", "ผู้ซื้อหลัก");
pub const NO_SELLER_RECORDED: Text = Text::new("(no seller recorded)", "(ไม่ระบุผู้ขาย)");
pub const NOT_RECORDED: Text = Text::new("(not recorded)", "(ไม่ได้บันทึก)");
pub const FUNNEL: [Text; 3] = [
    Text::new("Pause → Talk", "แวะ → คุย"),
    Text::new("Talk → Sale", "คุย → ซื้อ"),
    Text::new("Pause → Sale", "แวะ → ซื้อ"),
];
pub const REPORT: Text = Text::new("Hypothesis report", "รายงานสมมติฐาน");
pub const SMALL_SAMPLE: Text = Text::new("Too few records to conclude anything yet.", "ข้อมูลยังน้อยเกินไปที่จะสรุปได้");
pub const INTERVAL: Text = Text::new("95% interval", "ช่วงความเชื่อมั่น 95%");
pub const HYPOTHESES: [Text; 4] = [
    Text::new(
        "1. Price: share of single-box buyers who paid the ฿1,290 sticker price",
        "1. ราคา: สัดส่วนผู้ซื้อกล่องเดี่ยวที่จ่ายราคาป้าย ฿1,290",
    ),
    Text::new(
        "2. Bundles: share of buyers choosing the 3-box bundle — gift buyers vs parents",
        "2. ชุด 3 กล่อง: สัดส่วนผู้ซื้อที่เลือกชุด 3 กล่อง — ซื้อเป็นของขวัญ เทียบ พ่อแม่",
    ),
    Text::new(
        "3. Big Garden: share of conversations it started, and its conversion vs other hooks",
        "3. Big Garden: สัดส่วนการพูดคุยที่เริ่มจากจอ และอัตราการขายเทียบสิ่งดึงดูดอื่น",
    ),
    Text::new(
        "4. The ฿990 floor: share of no-sales that cited price",
        "4. ราคาขั้นต่ำ ฿990: สัดส่วนที่ไม่ซื้อเพราะราคา",
    ),
];

// ── Admin pages ─────────────────────────────────────────────────────────────────────
pub const ADMIN: Text = Text::new("Admin", "ผู้ดูแล");
pub const RECORDS: Text = Text::new("Records", "รายการ");
pub const TRASH: Text = Text::new("Trash", "ถังขยะ");
pub const DEVICES: Text = Text::new("Devices", "อุปกรณ์");
pub const YESTERDAY: Text = Text::new("Yesterday", "เมื่อวาน");
pub const CUSTOM: Text = Text::new("Custom", "กำหนดเอง");
pub const ANY: Text = Text::new("Any", "ทั้งหมด");
pub const TYPE: Text = Text::new("Type", "ประเภท");
pub const ENGAGED_ONLY: Text = Text::new("Conversations", "พูดคุย");
pub const WALK_BYS_ONLY: Text = Text::new("Walk-bys", "เดินผ่าน");
pub const SALES_ONLY: Text = Text::new("Sales", "ขายได้");
pub const OUTCOME: Text = Text::new("Outcome", "ผลลัพธ์");
pub const PERSONA: Text = Text::new("Who", "ใคร");
pub const HOOK: Text = Text::new("Hook", "สิ่งที่ดึงดูด");
pub const OBJECTION: Text = Text::new("Reason for no sale", "เหตุผลที่ไม่ซื้อ");
pub const LEAD: Text = Text::new("Lead", "ช่องทางติดต่อ");
pub const SELLER: Text = Text::new("Seller", "ผู้ขาย");
pub const DEVICE: Text = Text::new("Device", "อุปกรณ์");
pub const HAS_NOTES: Text = Text::new("Has notes", "มีบันทึก");
pub const ORDER: Text = Text::new("Order", "เรียงลำดับ");
pub const NEWEST_FIRST: Text = Text::new("Newest first", "ใหม่สุดก่อน");
pub const OLDEST_FIRST: Text = Text::new("Oldest first", "เก่าสุดก่อน");
pub const PERIOD: Text = Text::new("When", "ช่วงเวลา");
pub const CLEAR: Text = Text::new("Clear", "ล้าง");
pub const FILTERS: Text = Text::new("Filters", "ตัวกรอง");
pub const ACTIVE_FILTERS: Text = Text::new("active", "ที่เลือก");
pub const SHOWING: Text = Text::new("Showing", "แสดง");
pub const OF: Text = Text::new("of", "จาก");
pub const LOAD_MORE: Text = Text::new("Load more", "โหลดเพิ่ม");
pub const NO_MATCH: Text = Text::new(
    "No records match. Try another period, or clear the filters.",
    "ไม่พบรายการ ลองเลือกช่วงเวลาอื่นหรือล้างตัวกรอง",
);
pub const EXPORT_CSV: Text = Text::new("Export CSV", "ส่งออก CSV");
pub const EXPORT_JSON: Text = Text::new("Export JSON", "ส่งออก JSON");
pub const LEGACY: Text = Text::new("earlier version", "เวอร์ชันก่อน");
pub const RECORD: Text = Text::new("Record", "รายการ");
pub const EDIT: Text = Text::new("Edit", "แก้ไข");
pub const SAVE_CHANGES: Text = Text::new("Save changes", "บันทึกการแก้ไข");
pub const CHANGES_SAVED: Text = Text::new("Changes saved", "บันทึกการแก้ไขแล้ว");
pub const NOTES: Text = Text::new("Notes", "บันทึก");
pub const TIME: Text = Text::new("Time", "เวลา");
pub const PRICE: Text = Text::new("Price", "ราคา");
pub const NONE_CHOSEN: Text = Text::new("(none)", "(ไม่ระบุ)");
pub const DELETE: Text = Text::new("Delete", "ลบ");
pub const CONFIRM_DELETE: Text = Text::new("Delete this record?", "ลบรายการนี้?");
pub const CONFIRM_DELETE_HINT: Text = Text::new(
    "It goes to the trash and stops counting everywhere. You can restore it from there.",
    "รายการจะไปอยู่ในถังขยะและไม่ถูกนับอีก กู้คืนได้จากถังขยะ",
);
pub const YES_DELETE: Text = Text::new("Yes, delete", "ใช่ ลบเลย");
pub const DELETED: Text = Text::new("Record deleted.", "ลบรายการแล้ว");
pub const RESTORE: Text = Text::new("Restore", "กู้คืน");
pub const RESTORED: Text = Text::new("Record restored", "กู้คืนรายการแล้ว");
pub const IN_TRASH: Text = Text::new("In the trash", "อยู่ในถังขยะ");
pub const DELETED_AGO: Text = Text::new("deleted", "ลบเมื่อ");
pub const DELETE_FOREVER: Text = Text::new("Delete for good", "ลบถาวร");
pub const CONFIRM_PURGE: Text = Text::new("Delete this record for good?", "ลบรายการนี้ถาวร?");
pub const CONFIRM_PURGE_HINT: Text = Text::new(
    "This cannot be undone. Only a copy stays in the edit history.",
    "ไม่สามารถย้อนกลับได้ จะเหลือเพียงสำเนาในประวัติการแก้ไข",
);
pub const PURGED: Text = Text::new("Deleted for good", "ลบถาวรแล้ว");
pub const TRASH_EMPTY: Text = Text::new("The trash is empty.", "ถังขยะว่าง");
pub const RETENTION_OFF: Text = Text::new(
    "Records stay in the trash until an admin deletes them for good.",
    "รายการในถังขยะจะอยู่จนกว่าผู้ดูแลจะลบถาวร",
);
pub const RETENTION_ON: Text = Text::new(
    "Records deleted since {since} are deleted for good {n} days after they were deleted. Older ones stay until an admin deletes them.",
    "รายการที่ลบตั้งแต่ {since} จะถูกลบถาวรหลังจากลบไปแล้ว {n} วัน รายการที่ลบก่อนหน้านั้นจะอยู่จนกว่าผู้ดูแลจะลบ",
);
pub const EMPTY_AUTOMATICALLY: Text = Text::new("Empty the trash automatically", "ล้างถังขยะอัตโนมัติ");
pub const AFTER_DAYS: Text = Text::new("after {n} days", "หลัง {n} วัน");
pub const TURN_ON: Text = Text::new("Turn on…", "เปิดใช้…");
pub const CHANGE: Text = Text::new("Change…", "เปลี่ยน…");
pub const TURN_OFF: Text = Text::new("Turn off", "ปิด");
pub const CONFIRM_RETENTION: Text = Text::new(
    "Delete records for good {n} days after they enter the trash?",
    "ลบรายการถาวรเมื่ออยู่ในถังขยะครบ {n} วัน?",
);
pub const CONFIRM_RETENTION_HINT: Text = Text::new(
    "This applies to records deleted from now on. The {count} already in the trash stay until an admin deletes them. A copy of each record deleted for good stays in the edit history.",
    "มีผลกับรายการที่ลบตั้งแต่นี้ไป {count} รายการที่อยู่ในถังขยะแล้วจะอยู่จนกว่าผู้ดูแลจะลบ สำเนาของรายการที่ลบถาวรจะอยู่ในประวัติการแก้ไข",
);
pub const YES_TURN_ON: Text = Text::new("Yes, delete them after {n} days", "ใช่ ลบหลัง {n} วัน");
pub const GOES_ON: Text = Text::new("deleted for good on", "จะลบถาวรวันที่");
pub const STAYS: Text = Text::new("stays until an admin deletes it", "อยู่จนกว่าผู้ดูแลจะลบ");
pub const HISTORY: Text = Text::new("Edit history", "ประวัติการแก้ไข");
pub const NO_HISTORY: Text = Text::new("Not changed since it was recorded.", "ยังไม่เคยแก้ไข");
pub const RECORDED_ON: Text = Text::new("Recorded on", "บันทึกจาก");
pub const MILESTONE: Text = Text::new("Milestone", "เหตุการณ์");
pub const CONFIRM_DELETE_MILESTONE: Text = Text::new("Delete this milestone?", "ลบเหตุการณ์นี้?");
pub const ACTIVE: Text = Text::new("Active", "ใช้งาน");
pub const INACTIVE: Text = Text::new("Inactive", "ไม่ใช้งาน");
pub const DEACTIVATE: Text = Text::new("Deactivate", "ปิดการใช้งาน");
pub const REACTIVATE: Text = Text::new("Reactivate", "เปิดใช้งาน");
pub const RENAME: Text = Text::new("Rename", "เปลี่ยนชื่อ");
pub const LAST_DEVICE: Text = Text::new("Last device", "อุปกรณ์ล่าสุด");
pub const TODAY_COUNT: Text = Text::new("Today", "วันนี้");
pub const ADD_SELLER: Text = Text::new("Add a seller", "เพิ่มผู้ขาย");
pub const ADD_ONLY: Text = Text::new("Add", "เพิ่ม");
pub const SAVED_OK: Text = Text::new("Saved", "บันทึกแล้ว");
pub const NO_SELLERS: Text = Text::new("No sellers yet.", "ยังไม่มีผู้ขาย");
pub const STATUS: Text = Text::new("Status", "สถานะ");
pub const ROLE: Text = Text::new("Role", "บทบาท");
pub const FIRST_SEEN: Text = Text::new("First seen", "พบครั้งแรก");
pub const LAST_SEEN: Text = Text::new("Last seen", "พบล่าสุด");
pub const CONFIRM_BLOCK: Text = Text::new("Block {name}?", "ระงับ {name}?");
pub const CONFIRM_BLOCK_HINT: Text = Text::new(
    "It stops logging at once, even mid-shift, until an admin unblocks it.",
    "อุปกรณ์นี้จะบันทึกไม่ได้ทันที แม้อยู่ระหว่างกะ จนกว่าผู้ดูแลจะยกเลิกการระงับ",
);
pub const YES_BLOCK: Text = Text::new("Yes, block it", "ใช่ ระงับเลย");
pub const THIS_DEVICE: Text = Text::new("this device", "อุปกรณ์นี้");
pub const BY_CONFIGURATION: Text = Text::new("admin by configuration", "ผู้ดูแลตามการตั้งค่า");
pub const NO_DEVICES: Text = Text::new("No devices yet.", "ยังไม่มีอุปกรณ์");
pub const ADMINS_ONLY_HINT: Text = Text::new(
    "Ask the shop owner to make this device an admin.",
    "ขอให้เจ้าของร้านให้สิทธิ์ผู้ดูแลกับอุปกรณ์นี้",
);

pub const THIS_EVENT: Text = Text::new("This event", "งานนี้");
pub const ALL_EVENTS: Text = Text::new("All events", "ทุกงาน");
pub const EVENT: Text = Text::new("Event", "งาน");
pub const EVENTS: Text = Text::new("Events", "งาน");
pub const WHICH_BOOTH: Text = Text::new("Which booth?", "บูธไหน?");
pub const SEVERAL_EVENTS_TODAY: Text = Text::new(
    "Several events run today. Choose the one this phone logs for.",
    "วันนี้มีหลายงาน เลือกงานที่โทรศัพท์นี้จะบันทึก",
);
pub const NO_EVENT_TODAY: Text = Text::new("No event runs today.", "วันนี้ไม่มีงาน");
pub const NO_EVENT_HINT: Text = Text::new(
    "Taps you make now are kept on this phone and sent once an admin starts an event for today.",
    "รายการที่บันทึกตอนนี้จะเก็บไว้ในโทรศัพท์ และส่งเมื่อผู้ดูแลเริ่มงานของวันนี้",
);
pub const START_EVENT_TODAY: Text = Text::new("Start an event today", "เริ่มงานวันนี้");
pub const EVENT_NAME: Text = Text::new("Event name", "ชื่องาน");
pub const NOW_LOGGING_AT: Text = Text::new("Now logging at", "กำลังบันทึกที่");
pub const CHOOSE_BOOTH: Text = Text::new("Choose the booth", "เลือกบูธ");
pub const NEW_EVENT: Text = Text::new("New event", "เพิ่มงานใหม่");
pub const NO_EVENTS: Text = Text::new("No events yet. Add the first one above.", "ยังไม่มีงาน เพิ่มงานแรกด้านบน");
pub const RUNNING: Text = Text::new("Running", "กำลังจัด");
pub const UPCOMING: Text = Text::new("Upcoming", "กำลังจะมา");
pub const ENDED: Text = Text::new("Ended", "จบแล้ว");
pub const ARCHIVED: Text = Text::new("Archived", "เก็บเข้าคลังแล้ว");
pub const ARCHIVE: Text = Text::new("Archive", "เก็บเข้าคลัง");
pub const UNARCHIVE: Text = Text::new("Bring back", "นำกลับมา");
pub const CLOSE_TODAY: Text = Text::new("Close (last day today)", "ปิดงาน (วันนี้วันสุดท้าย)");
pub const DELETE_EVENT_CONFIRM: Text = Text::new(
    "Delete this event for good? It holds no record.",
    "ลบงานนี้ถาวรหรือไม่? งานนี้ไม่มีรายการบันทึก",
);
pub const VENUE: Text = Text::new("Venue (optional)", "สถานที่ (ไม่บังคับ)");
pub const FIRST_DAY: Text = Text::new("First day", "วันแรก");
pub const LAST_DAY: Text = Text::new("Last day (empty: open)", "วันสุดท้าย (เว้นว่าง: ยังไม่กำหนด)");
pub const OPENS: Text = Text::new("Opens", "เปิด");
pub const CLOSES: Text = Text::new("Closes", "ปิด");
pub const TIME_ZONE: Text = Text::new("Time zone", "เขตเวลา");
pub const BOOTH_FEE: Text = Text::new("Booth fee (฿)", "ค่าบูธ (฿)");
pub const OTHER_COSTS: Text = Text::new("Other costs (฿)", "ค่าใช้จ่ายอื่น (฿)");
pub const DAILY_TARGETS: Text = Text::new("Daily targets (optional)", "เป้าต่อวัน (ไม่บังคับ)");
// Compare events, heat map, targets.
pub const COMPARE_EVENTS: Text = Text::new("Compare events", "เปรียบเทียบงาน");
pub const COMPARE: Text = Text::new("Compare", "เปรียบเทียบ");
pub const PICK_EVENTS: Text = Text::new("Events to compare", "งานที่จะเปรียบเทียบ");
pub const COMPARE_HINT: Text = Text::new(
    "Pick 2 to 6 events above to see them side by side.",
    "เลือก 2 ถึง 6 งานด้านบนเพื่อดูเทียบกัน",
);
pub const SHOW_ARCHIVED: Text = Text::new("Show archived events", "แสดงงานที่เก็บเข้าคลัง");
pub const SIDE_BY_SIDE: Text = Text::new("Side by side", "เทียบกัน");
pub const AT_A_GLANCE: Text = Text::new("At a glance", "ดูแวบเดียว");
pub const DAYS_OPEN: Text = Text::new("Days open", "จำนวนวันที่เปิด");
pub const VISITORS_PER_HOUR: Text = Text::new("Visitors per open hour", "ผู้เยี่ยมชมต่อชั่วโมงที่เปิด");
pub const CONVERSATION_RATE: Text = Text::new("Stopped to talk", "แวะพูดคุย");
pub const TALK_TO_SALE: Text = Text::new("Talk → sale", "พูดคุย → ซื้อ");
pub const PAUSE_TO_SALE: Text = Text::new("Pause → sale", "แวะ → ซื้อ");
pub const REVENUE_PER_VISITOR: Text = Text::new("Revenue per visitor", "รายได้ต่อผู้เยี่ยมชม");
pub const PRODUCT_MIX_SHORT: Text = Text::new("Product mix", "สัดส่วนสินค้า");
pub const LEADS_PER_CONVERSATION: Text = Text::new("Leads per conversation", "ได้ช่องทางติดต่อต่อการพูดคุย");
pub const COSTS: Text = Text::new("Booth fee + other costs", "ค่าบูธ + ค่าใช้จ่ายอื่น");
pub const FEE_MULTIPLE: Text = Text::new("Revenue ÷ booth fee", "รายได้ ÷ ค่าบูธ");
pub const THE_FEE: Text = Text::new("the fee", "ของค่าบูธ");
pub const COST_PER_LEAD: Text = Text::new("Cost per lead", "ต้นทุนต่อช่องทางติดต่อ");
pub const NET: Text = Text::new("Revenue − costs", "รายได้ − ค่าใช้จ่าย");
pub const HEAT_MAP: Text = Text::new("Busy hours", "ช่วงเวลาที่คนแวะ");
pub const HEAT_SHOWS: Text = Text::new("What the map shows", "สิ่งที่แผนภาพแสดง");
pub const OPENING_HOURS_OUTLINED: Text = Text::new("▭ opening hours", "▭ เวลาเปิด");
pub const TODAYS_TARGETS: Text = Text::new("Today's targets", "เป้าวันนี้");
pub const TARGET_REACHED: Text = Text::new("Target reached!", "ถึงเป้าแล้ว!");
pub const VISITORS_PER_HOUR_SHORT: Text = Text::new("Visitors per hour", "ผู้เยี่ยมชมต่อชั่วโมง");
pub const BEFORE: Text = Text::new("Before", "ก่อน");
pub const AFTER: Text = Text::new("After", "หลัง");
pub const CHANGE_95: Text = Text::new("Change", "เปลี่ยนไป");
pub const MILESTONE_EFFECTS: Text = Text::new("What each milestone changed", "แต่ละเหตุการณ์เปลี่ยนอะไร");
pub const WINDOW: Text = Text::new("Hours before and after", "ชั่วโมงก่อนและหลัง");
pub const NO_MILESTONES: Text = Text::new("No milestones in this period.", "ไม่มีเหตุการณ์ในช่วงนี้");
pub const WHAT_IT_CHANGED: Text = Text::new("What it changed", "เปลี่ยนอะไรไปบ้าง");
pub const HEAT_HINT: Text = Text::new(
    "Choose one event or dates to see its busy hours.",
    "เลือกงานหรือช่วงวันที่เพื่อดูช่วงเวลาที่คนแวะ",
);
pub const SHOW_AS_TABLE: Text = Text::new("Show as a table", "แสดงเป็นตาราง");
pub const HEAT_CELL: Text = Text::new("Records", "รายการ");

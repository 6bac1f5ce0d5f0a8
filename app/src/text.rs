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
pub const FROM: Text = Text::new("From", "ตั้งแต่");
pub const TO: Text = Text::new("To", "ถึง");
pub const SHOW: Text = Text::new("Show", "แสดง");
pub const ALL_SELLERS: Text = Text::new("All sellers", "ผู้ขายทั้งหมด");
pub const TRAFFIC: Text = Text::new("Traffic", "ผู้เข้าชม");
pub const WALK_BYS: Text = Text::new("Walk-bys", "เดินผ่าน");
pub const BOXES: Text = Text::new("Boxes", "กล่อง");
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

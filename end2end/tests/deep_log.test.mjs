// PRODUCT.md §4: the deep log through every branch, back navigation, back-dating,
// switching seller mid-shift, undo, the Thai interface, and all of it without JavaScript.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eventually, newPage, startApp, startSelling, waitForCount } from './harness.mjs';

let app;
let page;
before(async () => {
  app = await startApp();
  app.tailscaled.answerWith('whois-staff-iphone.json');
  page = await newPage(app);
  await startSelling(app, page, 'Nok');
});
after(async () => { await app?.stop(); });

const tap = (label) => page.click(`.tile:has-text("${label}")`);
const sql = (q) => app.sql(q);

async function startConversation() {
  await page.goto(app.base + '/');
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 });
  await page.click('[data-testid="conversation"]');
  await page.waitForSelector('main[data-step="who"]');
}

async function expectConfirmation(summary) {
  await page.waitForSelector('[data-testid="confirmation"]');
  assert.equal(await page.textContent('[data-testid="summary"]'), summary);
  // Back Home by itself after 1.5 s.
  await page.waitForURL(/\/\?saved=/, { timeout: 5000 });
}

test('single ×3 at ฿1,290 is ฿3,870, with a live total and Continue only after a price', async () => {
  await startConversation();
  await tap('Parent');
  await page.waitForSelector('main[data-step="hook"]');
  await tap('Physical Kits');
  await tap('Single Box');
  await page.waitForSelector('main[data-step="single"]');
  assert.equal(await page.isDisabled('[data-testid="continue"]'), true, 'no price picked yet');
  await page.click('[data-testid="qty-plus"]');
  await page.click('[data-testid="qty-plus"]');
  await page.click('.price-tile:has-text("฿1,290")');
  assert.match(await page.textContent('[data-testid="total"]'), /฿3,870/);
  await page.click('[data-testid="continue"]');
  await page.waitForSelector('main[data-step="lead"]');
  await page.click('[data-lead="line"]');
  await expectConfirmation('Parent → Physical Kits · 3× Single @ ฿1,290 = ฿3,870 · LINE signup');
  await eventually(() => sql("SELECT concat(quantity, '×', unit_price, '=', total_amount, ' ', seller_id) FROM interactions WHERE sale_type = 'single'"), '3×1290=3870 nok');
  assert.deepEqual(page.errors, []);
});

test('no sale with each reason, a bundle and a full year', async () => {
  for (const [reason, label] of [['too_expensive', 'Too expensive'], ['has_toys', 'Has toys'], ['need_to_think', 'Thinking'], ['age_mismatch', 'Age off'], ['other', 'Other']]) {
    await startConversation();
    await tap('Expat');
    await tap('Signage');
    await tap('No Sale');
    await page.waitForSelector('main[data-step="objection"]');
    await tap(label);
    await page.click('[data-lead="none"]');
    await expectConfirmation(`Expat → Signage / Walk-in · No Sale (${label})`);
    await eventually(() => sql(`SELECT count(*) FROM interactions WHERE objection = '${reason}' AND total_amount IS NULL`), '1');
  }
  for (const [sale, label, total] of [['bundle_3', '3-Box Bundle', '฿2,690'], ['full_year', 'Full Year', '฿4,990']]) {
    await startConversation();
    await tap('Gift Buyer');
    await tap('Big Garden Screen');
    await tap(label);
    await page.waitForSelector('main[data-step="lead"]');
    await page.click('[data-lead="email"]');
    await expectConfirmation(`Gift Buyer → Big Garden Screen · ${label} = ${total} · Email signup`);
    await eventually(() => sql(`SELECT count(*) FROM interactions WHERE sale_type = '${sale}'`), '1');
  }
});

test('back from Lead goes to the step the branch came from, keeping what was entered', async () => {
  await startConversation();
  await tap('Parent');
  await tap('Physical Kits');
  await tap('Single Box');
  await page.click('[data-testid="qty-plus"]');
  await page.click('.price-tile:has-text("฿990")');
  await page.click('[data-testid="continue"]');
  await page.waitForSelector('main[data-step="lead"]');
  await page.click('[data-testid="back"]');
  await page.waitForSelector('main[data-step="single"]');
  assert.equal(await page.inputValue('[data-testid="qty"]'), '2', 'quantity kept');
  await page.click('[data-testid="back"]');
  await page.waitForSelector('main[data-step="result"]');
  await tap('No Sale');
  await tap('Has toys');
  await page.waitForSelector('main[data-step="lead"]');
  await page.click('[data-testid="back"]');
  await page.waitForSelector('main[data-step="objection"]');
  await page.click('[data-testid="back"]');
  await tap('3-Box Bundle');
  await page.click('[data-testid="back"]');
  await page.waitForSelector('main[data-step="result"]');
  // A reload keeps the step and what was picked.
  await page.reload();
  await page.waitForSelector('main[data-step="result"]');
  await page.click('[data-testid="back"]');
  await page.click('[data-testid="back"]');
  await page.waitForSelector('main[data-step="who"]');
  await page.click('[data-testid="back"]');
  await page.waitForURL(app.base + '/');
});

test('a back-dated walk-by and conversation keep their time (23:30 the day before yesterday)', async () => {
  const day = sql("SELECT to_char((now() AT TIME ZONE 'Asia/Bangkok') - interval '2 days', 'YYYY-MM-DD')");
  await page.goto(app.base + '/past');
  await page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 });
  await page.fill('[data-testid="past-at"]', `${day}T23:30`);
  await page.click('text=/Continue|ต่อไป/');
  await page.waitForSelector('[data-testid="past-choice"]');
  await page.click('[data-testid="past-walk-by"]');
  // Home says what was logged, and for when.
  await page.waitForURL(/\/\?saved=.*&for=/);
  assert.match(await page.textContent('[data-testid="flash"]'), new RegExp(`${day} 23:30`));
  await page.goto(app.base + `/past?at=${day}T23:30`);
  await page.click('[data-testid="past-conversation"]');
  await page.waitForSelector('main[data-step="who"]');
  assert.match(await page.textContent('.backdated'), new RegExp(`${day} 23:30`));
  await tap('Future Parent');
  await tap('Signage');
  await tap('Full Year');
  await page.click('[data-lead="none"]');
  await page.waitForSelector('[data-testid="confirmation"]');
  assert.match(await page.textContent('.done-time'), new RegExp(`${day} 23:30`));
  const stored = () => sql(`SELECT count(*) FROM interactions WHERE to_char(timestamp AT TIME ZONE 'Asia/Bangkok', 'YYYY-MM-DD HH24:MI') = '${day} 23:30'`);
  await eventually(stored, '2');
});

test('switching seller mid-shift asks first, then new records go to the new seller', async () => {
  sql("INSERT INTO sellers (id, display_name, is_active) VALUES ('pim', 'Pim', TRUE)"); // added on another phone
  await page.goto(app.base + '/');
  await page.click('[data-testid="switch-seller"]');
  await page.click('.seller-tile:has-text("Pim")');
  await page.waitForSelector('[data-testid="confirm-switch"]');
  await page.click('[data-testid="confirm"]');
  await page.waitForSelector('[data-testid="flash"]:has-text("Now logging as Pim ✓")');
  await page.waitForSelector('body[data-hydrated="true"]');
  const before = Number(sql("SELECT count(*) FROM interactions WHERE seller_id = 'pim'"));
  await page.click('[data-testid="walk-by"]');
  await page.waitForSelector('[data-testid="overlay"]');
  await eventually(() => Number(sql("SELECT count(*) FROM interactions WHERE seller_id = 'pim'")), before + 1);
  assert.equal(sql("SELECT count(*) FROM interactions WHERE seller_id = 'nok'") !== '0', true, 'earlier records keep Nok');
});

test('Undo takes the last walk-by back', async () => {
  await page.goto(app.base + '/');
  await page.waitForSelector('body[data-hydrated="true"]');
  const visitors = Number(await page.textContent('[data-stat="visitors"] dd:first-of-type'));
  await page.click('[data-testid="walk-by"]');
  await waitForCount(page, 'visitors', visitors + 1);
  await page.click('[data-testid="undo-offer"] [data-testid="undo"]');
  await waitForCount(page, 'visitors', visitors);
  assert.equal(sql('SELECT count(*) FROM interactions WHERE deleted_at IS NOT NULL'), '1');
});

test('Mark milestone: a preset in one tap, or free text, then "Milestone planted!"', async () => {
  await page.goto(app.base + '/');
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.click('[data-testid="milestone"]');
  await page.click('.tile:has-text("Restocked")');
  await page.waitForSelector('[data-testid="flash"]:has-text("Milestone planted!")');
  await page.waitForSelector('[data-testid="flash"].hidden', { state: 'attached', timeout: 3000 });
  await page.click('[data-testid="milestone"]');
  await page.fill('input[name="description"]', 'Rain — moved inside');
  await page.click('text=/^Save$/');
  await page.waitForSelector('[data-testid="flash"]:has-text("Milestone planted!")');
  await eventually(() => sql("SELECT string_agg(description, ' | ' ORDER BY id) FROM events WHERE staff_device = 'booth-phone-1'"), 'Restocked | Rain — moved inside');
});

test('the Thai interface: toggle, labels and money', async () => {
  await page.goto(app.base + '/');
  await page.waitForSelector('body[data-hydrated="true"]');
  await page.click('[data-testid="language"]');
  await page.waitForSelector('text=วันนี้');
  assert.match(await page.textContent('[data-testid="walk-by"]'), /เดินผ่าน/);
  await page.reload();
  assert.match(await page.textContent('.ribbon'), /ผู้เยี่ยมชม/);
  assert.match(await page.textContent('[data-stat="revenue"] dd:first-of-type'), /^฿[0-9,]+$/);
  await page.click('[data-testid="conversation"]');
  assert.match(await page.textContent('.question'), /ใครแวะมา/);
  await page.goto(app.base + '/');
  await page.click('[data-testid="language"]');
  await page.waitForSelector('text=Today');
});

test('without JavaScript the whole deep log still works', async () => {
  const plain = await newPage(app, { javaScriptEnabled: false });
  await plain.goto(app.base + '/');
  await plain.click('[data-testid="conversation"]');
  await plain.click('.tile:has-text("Parent")');
  await plain.click('.tile:has-text("Physical Kits")');
  await plain.click('.tile:has-text("Single Box")');
  await plain.fill('[data-testid="qty"]', '2');
  await plain.click('.price-tile:has-text("฿990")');
  await plain.click('[data-testid="continue"]');
  await plain.click('[data-lead="instagram"]');
  await plain.waitForSelector('[data-testid="confirmation"]');
  assert.equal(await plain.textContent('[data-testid="summary"]'), 'Parent → Physical Kits · 2× Single @ ฿990 = ฿1,980 · Instagram signup');
  await plain.click('[data-testid="undo"]');
  await plain.waitForURL(/undone=1/);
  assert.equal(sql("SELECT count(*) FROM interactions WHERE lead_type = 'instagram' AND deleted_at IS NOT NULL"), '1');
  await plain.context().close();
});

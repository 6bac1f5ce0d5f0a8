// PRODUCT.md §5: an admin filters, pages, opens, edits, annotates, deletes, restores and
// deletes for good; manages a seller and a device; exports. A staff phone is refused
// everywhere. booth-phone-1 is the admin (ADMIN_DEVICES); booth-phone-2 is staff.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { SECOND_PHONE, call, newPage, startApp, startSelling } from './harness.mjs';

let app;
let page;
const hydrated = () => page.waitForSelector('body[data-hydrated="true"]', { timeout: 15000 });
const showing = async () => (await page.textContent('[data-testid="showing"]')).match(/(\d+)\D+(\d+)/).slice(1).map(Number);

before(async () => {
  // An earlier version's setting, which must not delete anything by itself any more.
  app = await startApp({ env: { ADMIN_DEVICES: 'booth-phone-1', TRASH_RETENTION_DAYS: '14' } });
  app.tailscaled.answerWith('whois-staff-iphone.json');
  app.tailscaled.answerFor(SECOND_PHONE, 'whois-second-iphone.json');
  page = await newPage(app, { viewport: { width: 1280, height: 900 } });
  await startSelling(app, page, 'Nok');
  const log = (body) => call(app, body ? 'record_conversation' : 'record_walk_by', `key=${crypto.randomUUID()}${body ? `&${body}` : ''}`);
  for (let i = 0; i < 55; i++) await log('');
  for (let i = 0; i < 3; i++) await log('persona=parent&hook=physical_kits&sale=single&qty=2&price=990&lead=line');
  await log('persona=expat&hook=signage&sale=none&objection=too_expensive');
});
after(async () => { await app?.stop(); });

test('an admin filters, pages without a reload, and the back button keeps the filter', async () => {
  await page.goto(`${app.base}/admin?range=all`);
  await hydrated();
  assert.deepEqual(await showing(), [50, 59]);
  await page.evaluate(() => { window.__sameDocument = true; });
  await page.click('[data-testid="load-more"]');
  await page.waitForFunction(() => /Showing 59 of 59/.test(document.querySelector('[data-testid="showing"]').textContent));
  assert.equal(await page.locator('[data-testid="load-more"]').count(), 0, 'nothing more to load');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'appended, not reloaded');

  // The filters are folded until opened (on a phone they would fill the first screen).
  assert.equal(await page.isVisible('select[name="type"]'), false);
  await page.click('[data-testid="filters-summary"]');
  await page.selectOption('select[name="type"]', 'sales');
  await page.click('[data-testid="apply-filters"]');
  await page.waitForURL(/type=sales/);
  await page.waitForFunction(() => /Showing 3 of 3/.test(document.querySelector('[data-testid="showing"]').textContent));
  assert.match(await page.textContent('[data-testid="filters-summary"]'), /1 active/);
  await page.goBack();
  await page.waitForFunction(() => /of 59/.test(document.querySelector('[data-testid="showing"]').textContent));
  await page.goForward();
  await page.waitForFunction(() => /Showing 3 of 3/.test(document.querySelector('[data-testid="showing"]').textContent));
  await page.reload();
  await hydrated();
  assert.deepEqual(await showing(), [3, 3], 'the filter survives a reload: it is the URL');
  assert.deepEqual(page.errors, []);
});

test('an admin opens a record, changes its outcome and annotates it; the history says so', async () => {
  await page.goto(`${app.base}/admin?range=all&type=sales`);
  await hydrated();
  await page.click('.timeline .record a >> nth=0');
  await page.waitForSelector('[data-testid="edit-form"]');
  await hydrated();
  assert.match(await page.textContent('[data-testid="summary"]'), /2× Single @ ฿990 = ฿1,980/);
  assert.equal(await page.isVisible('input[name="qty"]'), true);
  await page.selectOption('select[name="sale"]', 'bundle_3');
  assert.equal(await page.isVisible('input[name="qty"]'), false, 'what no longer applies is hidden');
  assert.match(await page.textContent('[data-testid="edit-total"]'), /฿2,690/);
  await page.fill('[data-testid="notes"]', 'ซื้อเป็นของขวัญ, "for her niece"\nwill come back');
  await page.click('[data-testid="save"]');
  await page.waitForURL(/saved=1/);
  await page.waitForSelector('[data-testid="history"] .changes');
  assert.match(await page.textContent('[data-testid="summary"]'), /3-Box Bundle = ฿2,690/);
  const history = await page.textContent('[data-testid="history"]');
  assert.match(history, /Total: ฿1,980 → ฿2,690/);
  assert.match(history, /booth-phone-1 \(Nok\)/);
  assert.equal(app.sql("SELECT count(*) FROM interactions WHERE sale_type = 'bundle_3' AND quantity IS NULL AND total_amount = 2690 AND notes LIKE '%niece%'"), '1');
  assert.deepEqual(page.errors, []);
});

test('delete with a confirmation and Undo; restore from the trash; delete for good', async () => {
  const id = app.sql("SELECT id FROM interactions WHERE sale_type = 'bundle_3'");
  await page.goto(`${app.base}/admin/record/${id}`);
  await hydrated();
  await page.click('[data-testid="delete"]');
  await page.waitForSelector('[data-testid="confirm-delete"]');
  await page.click('[data-testid="yes-delete"]');
  await page.waitForURL(/\/admin\?deleted=/);
  await page.click('[data-testid="undo-delete"]');
  await page.waitForURL(new RegExp(`/admin/record/${id}\\?restored=1`));
  assert.equal(app.sql(`SELECT count(*) FROM interactions WHERE id = '${id}' AND deleted_at IS NULL`), '1', 'undone');

  await page.click('[data-testid="delete"]');
  await page.click('[data-testid="yes-delete"]');
  await page.waitForURL(/\/admin\?deleted=/);
  await page.click('a.tab:has-text("Trash")');
  await page.waitForSelector('[data-testid="trash"]');
  assert.match(await page.textContent('[data-testid="retention-status"]'), /stay in the trash until an admin deletes them/);
  assert.match(await page.textContent('.trash-row'), /deleted just now/);
  assert.match(await page.textContent('.trash-row [data-testid="goes"]'), /stays until an admin deletes it/);
  await page.click('.trash-row button:has-text("Restore")');
  await page.waitForURL(/restored=1/);
  await page.click('[data-testid="delete"]');
  await page.click('[data-testid="yes-delete"]');
  await page.waitForURL(/\/admin\?deleted=/);
  await page.goto(`${app.base}/admin/trash`);
  await hydrated();
  await page.click('.trash-row a:has-text("Delete for good")');
  await page.waitForSelector('[data-testid="confirm-purge"]');
  await page.click('[data-testid="yes-purge"]');
  await page.waitForSelector('[data-testid="trash-empty"]');
  assert.equal(app.sql(`SELECT count(*) FROM interactions WHERE id = '${id}'`), '0');
  assert.equal(app.sql(`SELECT string_agg(action, ',' ORDER BY id) FROM audit_log WHERE entity_id = '${id}'`), 'edit,delete,restore,delete,restore,delete,purge');
  assert.deepEqual(page.errors, []);
});

test('emptying the trash automatically is off until an admin turns it on, with a confirmation', async () => {
  await page.goto(`${app.base}/admin/trash`);
  await hydrated();
  await page.selectOption('select[name="retention"]', '14');
  await page.click('[data-testid="retention-ask"]');
  await page.waitForSelector('[data-testid="confirm-retention"]');
  assert.match(await page.textContent('[data-testid="confirm-retention"]'), /14 days after they enter the trash/);
  assert.equal(app.sql('SELECT count(*) FROM app_settings'), '0', 'nothing changes before the confirmation');
  await page.click('[data-testid="yes-retention"]');
  await page.waitForFunction(() => /Records deleted since .* 14 days/.test(document.querySelector('[data-testid="retention-status"]').textContent));
  assert.equal(app.sql("SELECT value::json->>'days' FROM app_settings WHERE key = 'trash_retention'"), '14');
  await page.click('[data-testid="retention-off"]');
  await page.waitForFunction(() => /until an admin deletes them/.test(document.querySelector('[data-testid="retention-status"]').textContent));
  assert.equal(app.sql('SELECT count(*) FROM app_settings'), '0');
  assert.deepEqual(page.errors, []);
});

test('notes holding markup stay text in the edit form, before and after hydration, and survive a save', async () => {
  const nasty = '</textarea><script>alert(1)</script><img src=x onerror=alert(2)>';
  const id = app.sql("SELECT id FROM interactions WHERE deleted_at IS NULL AND engaged LIMIT 1");
  app.sql(`UPDATE interactions SET notes = '${nasty}' WHERE id = '${id}'`);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const plain = await newPage(app, { javaScriptEnabled: false, viewport: { width: 360, height: 780 } });
  await plain.goto(`${app.base}/admin/record/${id}`);
  assert.equal(await plain.inputValue('[data-testid="notes"]'), nasty, 'as the server rendered it');
  assert.equal(await plain.locator('img[src="x"]').count(), 0);
  await plain.context().close();
  await page.goto(`${app.base}/admin/record/${id}`);
  await hydrated();
  assert.equal(await page.inputValue('[data-testid="notes"]'), nasty, 'after hydration');
  await page.selectOption('select[name="lead"]', 'email');
  await page.click('[data-testid="save"]');
  await page.waitForURL(/saved=1/);
  await page.waitForSelector('[data-testid="history"] .changes');
  assert.equal(await page.inputValue('[data-testid="notes"]'), nasty, 'drawn again in the browser');
  assert.equal(app.sql(`SELECT notes FROM interactions WHERE id = '${id}'`), nasty, 'saved unchanged');
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.deepEqual(dialogs, [], 'no script ran');
  assert.deepEqual(page.errors, []);
});

test('an admin adds, renames and deactivates a seller, and blocks and unblocks a device', async () => {
  // booth-phone-2 calls once, so it is known.
  await call(app, 'home_summary', '', { from: SECOND_PHONE });

  await page.goto(`${app.base}/admin/sellers`);
  await hydrated();
  await page.fill('[data-testid="add-seller"] input[name="name"]', 'สมหญิง');
  await page.click('[data-testid="add-seller"] button');
  await page.waitForSelector('[data-seller="สมหญิง"]');
  assert.equal(await page.inputValue('[data-testid="add-seller"] input[name="name"]'), '', 'the box empties: no second add by mistake');
  const card = page.locator('[data-seller="สมหญิง"]');
  await card.locator('input[name="name"]').fill('สมหญิง ใจดี');
  await card.locator('button:has-text("Rename")').click();
  await page.waitForFunction(() => document.querySelector('[data-seller="สมหญิง"] strong').textContent === 'สมหญิง ใจดี');
  await card.locator('[data-testid="toggle-active"]').click();
  await page.waitForFunction(() => document.querySelector('[data-seller="สมหญิง"]').classList.contains('inactive'));
  assert.equal(app.sql("SELECT is_active FROM sellers WHERE id = 'สมหญิง'"), 'f');

  await page.goto(`${app.base}/admin/devices`);
  await hydrated();
  const phone = page.locator('[data-device="booth-phone-2"]');
  await phone.locator('[data-action="block"]').click();
  await page.waitForSelector('[data-testid="confirm-block"]');
  assert.match(await page.textContent('[data-testid="confirm-block"]'), /Block booth-phone-2\?/);
  assert.equal((await call(app, 'home_summary', '', { from: SECOND_PHONE })).status, 200, 'nothing happens before the confirmation');
  await page.click('[data-testid="yes-block"]');
  await page.waitForFunction(() => /Blocked/.test(document.querySelector('[data-device="booth-phone-2"] [data-testid="status"]').textContent));
  assert.equal((await call(app, 'home_summary', '', { from: SECOND_PHONE })).status, 403, 'blocked at once');
  await phone.locator('button[data-action="unblock"]').click();
  await page.waitForFunction(() => /Active/.test(document.querySelector('[data-device="booth-phone-2"] [data-testid="status"]').textContent));
  // The configured admin cannot lose its role here, nor block itself: nothing offers it.
  assert.equal(await page.locator('[data-device="booth-phone-1"] button[data-action="staff"]').count(), 0);
  assert.equal(await page.locator('[data-device="booth-phone-1"] [data-action="block"]').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('Export CSV downloads the filtered records, UTF-8 with BOM', async () => {
  await page.goto(`${app.base}/admin?range=all&type=sales`);
  await hydrated();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
  const file = fs.readFileSync(await download.path(), 'utf8');
  assert.ok(file.startsWith('\uFEFFid,time,type'), file.slice(0, 40));
  assert.equal(file.trim().split('\r\n').length, 1 + 2, 'header and the two remaining sales');
  assert.match(download.suggestedFilename(), /^lumicello-records-\d{4}-\d{2}-\d{2}\.csv$/);
});

test('without JavaScript the list, the filter and "Load more" work as plain pages', async () => {
  const plain = await newPage(app, { javaScriptEnabled: false });
  await plain.goto(`${app.base}/admin?range=all`);
  assert.match(await plain.textContent('[data-testid="showing"]'), /Showing 50 of 58/);
  await Promise.all([plain.waitForNavigation(), plain.click('[data-testid="load-more"]')]);
  assert.match(await plain.textContent('[data-testid="showing"]'), /Showing 58 of 58/);
  await plain.context().close();
});

test('a staff phone is refused by every admin page, function and export', async () => {
  // The browser cannot pick its address: every caller is the staff phone for this test,
  // so the admin's open page is parked first (its live refetches would be refused).
  await page.goto('about:blank');
  app.tailscaled.answerWith('whois-second-iphone.json');
  const staff = await newPage(app);
  const id = app.sql('SELECT id FROM interactions LIMIT 1');
  for (const path of ['/admin', '/admin/trash', '/admin/sellers', '/admin/devices', `/admin/record/${id}`]) {
    const response = await staff.goto(app.base + path);
    assert.equal(response.status(), 403, path);
    assert.match(await staff.textContent('body'), /Admins only\./);
  }
  assert.equal((await staff.goto(`${app.base}/admin/export.csv?range=all`)).status(), 403);
  const before = app.sql('SELECT count(*) FROM interactions WHERE deleted_at IS NULL');
  const status = await staff.evaluate(async (id) => (await fetch('/api/admin_delete_record', {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `id=${id}`,
  })).status, id);
  assert.equal(status, 403);
  assert.equal(app.sql('SELECT count(*) FROM interactions WHERE deleted_at IS NULL'), before, 'nothing changed');
  assert.equal(await staff.locator('[data-testid="admin"]').count(), 0);
  app.tailscaled.answerWith('whois-staff-iphone.json');
  await staff.context().close();
});

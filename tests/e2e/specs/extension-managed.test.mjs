// Managed policy (issue 8) with a real Chromium policy file: /etc/chromium/policies/managed/*.json
// {"3rdparty":{"extensions":{"<id>":{...}}}} is written before the browser starts and removed
// afterwards (even on failure). Proves that Chromium delivers it to the unpacked extension as
// chrome.storage.managed, that a locked rule cannot be switched off (options page and worker), and
// that submitMode block-high removes Post anyway when a finding is high.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { unpackedExtensionId } from '../lib/harness.mjs';
import { start, DIST, TEXTS, X, engineFindings, typeSlowly, until, waitForUi, extensionUi, uiAction, expectHighlights } from './extension-helpers.mjs';

const SAMPLE = readFileSync(new URL('../../../packs/examples/sample-institution.toml', import.meta.url), 'utf8');
const SAMPLE_RULE = 'sample-ministry.confidential.internal-code';
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/tarawwi-e2e-${process.pid}.json`;

let t;
let locked;
let highText;
let policy;
before(async () => {
  // A text with a high finding, and the rule to lock: its first finding.
  for (const text of Object.values(TEXTS)) {
    const f = await engineFindings(text);
    if (f.some((x) => x.severity === 'high')) {
      highText = text;
      locked = f.find((x) => x.severity === 'high').rule;
      break;
    }
  }
  assert.ok(highText, 'one of TEXTS has a high finding');
  // The sample institution pack, broken: one should_flag example its rule does not flag.
  const bad = SAMPLE.replace('should_flag = ["see SM-REF 2231 for the details"', 'should_flag = ["see the report"');
  assert.notEqual(bad, SAMPLE);
  // Only the locked rule's built-in pack runs; acknowledgements are kept 0 days.
  const enabled = locked.startsWith('iq.') ? 'iq-cassation' : 'uk-civil-service';
  policy = { lockedRules: [locked], submitMode: 'block-high', minSeverity: 'warn', customPacks: [bad], enabledPacks: [enabled], ackRetentionDays: 0 };
  mkdirSync(POLICY_DIR, { recursive: true });
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [unpackedExtensionId(DIST)]: policy } } }));
  try {
    t = await start();
  } catch (e) {
    rmSync(POLICY_FILE, { force: true });
    throw e;
  }
});
after(async () => {
  try {
    await t?.h.close();
  } finally {
    rmSync(POLICY_FILE, { force: true });
    assert.equal(existsSync(POLICY_FILE), false, 'policy file removed');
  }
});

describe('managed policy (real Chromium policy file)', () => {
  it('Chromium delivers the policy as chrome.storage.managed', async () => {
    const got = await until(async () => {
      const m = await t.inWorker(() => chrome.storage.managed.get(null));
      return Object.keys(m).length ? m : null;
    }, { message: 'storage.managed filled' });
    assert.deepEqual(got, policy);
  });

  it('a locked rule cannot be switched off', async () => {
    // The user tries directly in storage and through the worker message the options page sends.
    await t.setSettings({ rules: { [locked]: false }, threshold: 'info' });
    const opts = await t.h.context.newPage();
    await opts.goto(`${t.base}extension/ui/options.html`);
    const set = await opts.evaluate((id) => chrome.runtime.sendMessage({ kind: 'set-settings', patch: { rules: { [id]: false }, threshold: 'info' } }), locked);
    assert.notEqual(set.settings.rules[locked], false, 'set-settings cannot switch it off');
    const { settings } = await opts.evaluate(() => chrome.runtime.sendMessage({ kind: 'get-settings' }));
    await opts.close();
    assert.notEqual(settings.rules[locked], false, 'locked rule stays on');
    assert.equal(settings.threshold, 'warn', 'minSeverity fixes the threshold');
    assert.deepEqual(settings.locked.rules, [locked]);

    const page = await t.h.context.newPage();
    await page.goto(`${t.base}extension/ui/options.html`);
    const box = page.locator(`[data-rule-toggle="${locked}"]`);
    await box.waitFor();
    assert.equal(await box.isDisabled(), true, 'the switch is disabled');
    assert.equal(await box.isChecked(), true, 'and on');
    assert.match(await page.locator(`[data-rule="${locked}"] [data-managed]`).textContent(), /Set by your organisation/);
    assert.equal(await page.locator('#threshold').isDisabled(), true);
    await page.close();
  });

  it('enabledPacks runs only the listed built-in pack; ackRetentionDays 0 keeps no acknowledgement', async () => {
    const { page } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, TEXTS.english);
    const all = await engineFindings(TEXTS.english);
    const prefix = locked.split('.')[0] + '.';
    const want = all.filter((f) => f.rule.startsWith(prefix));
    assert.ok(want.length > 0 && want.length < all.length, 'the text is flagged by both built-in packs');
    await expectHighlights(page, want);
    await page.close();

    await t.inWorker(() => chrome.storage.local.set({ acks: [{ time: Date.now() - 60_000, site: 'x', rules: ['iq.private-audience.between-us'] }] }));
    const opts = await t.h.context.newPage();
    await opts.goto(`${t.base}extension/ui/options.html`);
    const { acks } = await opts.evaluate(() => chrome.runtime.sendMessage({ kind: 'list-acks' }));
    await opts.close();
    assert.deepEqual(acks, [], 'expired acknowledgements are not listed');
    await t.inWorker(() => chrome.storage.local.remove('acks'));
  });

  it('block-high: the review panel has no Post anyway for a high finding', async () => {
    const { page } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, highText);
    await page.click(X.inline.button);
    const panel = await waitForUi(page, 'panel');
    assert.ok(panel);
    assert.equal(await page.locator('[data-tarawwi-ui] [data-action="post-anyway"]').count(), 0, 'no Post anyway');
    assert.equal(await page.locator('[data-tarawwi-ui] [data-action="edit"]').count(), 1, 'Edit is there');
    await uiAction(page, 'edit');
    assert.equal((await extensionUi(page)).panel, null);
    await page.close();
  });

  it('a broken admin pack is reported naming the rule, and the last good copy is kept', async () => {
    const errors = await until(async () => {
      const { managedPackErrors } = await t.inWorker(() => chrome.storage.local.get('managedPackErrors'));
      return managedPackErrors && managedPackErrors.length ? managedPackErrors : null;
    }, { message: 'managedPackErrors', timeout: 10000 }).catch(async () => {
      // The engine starts lazily: make it start by opening a composer.
      const { page } = await t.open(X.inline);
      await typeSlowly(page, X.inline.sel, 'hello');
      return until(async () => (await t.inWorker(() => chrome.storage.local.get('managedPackErrors'))).managedPackErrors?.length && (await t.inWorker(() => chrome.storage.local.get('managedPackErrors'))).managedPackErrors, { message: 'managedPackErrors' });
    });
    assert.match(errors[0], new RegExp(SAMPLE_RULE.replace(/\./g, '\\.')), 'the error names the rule');
    // The options page shows it to the user.
    const opts = await t.h.context.newPage();
    await opts.goto(`${t.base}extension/ui/options.html`);
    await opts.waitForSelector('#pack-errors:not([hidden])');
    assert.match(await opts.textContent('#pack-errors-list'), new RegExp(SAMPLE_RULE.replace(/\./g, '\\.')));
    await opts.close();

    // Not loaded: its code is not flagged. Then with a last good copy stored, a restarted worker uses it.
    const text = 'see SM-REF 2231 for the details';
    const { page } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, text);
    await page.click(X.inline.button);
    await until(async () => (await page.evaluate(() => (window.__posts || []).length)) === 1, { message: 'clean text posted' }).catch(() => null);
    await page.close();

    await t.inWorker((good) => chrome.storage.local.set({ managedPacksGood: [good] }), SAMPLE);
    const p2 = (await t.open(X.inline)).page;
    await t.killWorker(p2);
    await p2.close();
    const { page: p3 } = await t.open(X.inline);
    await typeSlowly(p3, X.inline.sel, text);
    await p3.click(X.inline.button);
    const panel = await waitForUi(p3, 'panel', { timeout: 10000 });
    assert.equal(panel.rule, SAMPLE_RULE, 'the last good pack flags its code');
    const still = (await t.inWorker(() => chrome.storage.local.get('managedPackErrors'))).managedPackErrors;
    assert.match(still[0], /sample-ministry/, 'the bad pack is still reported');
    await p3.close();
  });
});

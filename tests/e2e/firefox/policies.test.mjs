// Managed policy in Firefox (issue 8): a real enterprise policy file,
// /etc/firefox/policies/policies.json = {"policies":{"3rdparty":{"Extensions":{"<gecko id>":{…}}}}},
// written before firefox-esr starts and restored afterwards (even on failure). Proves that Firefox
// delivers it to the extension as storage.managed (same keys as Chrome's policy), that a locked rule
// shows "Set by your organisation" on the options page and cannot be switched off, that minSeverity
// locks the threshold, and that submitMode block-high removes Post anyway for a high finding.
//
// Debian's firefox-esr 153 reads /etc/firefox/policies/policies.json and
// /usr/lib/firefox-esr/distribution/policies.json; it does not read /etc/firefox-esr/policies/
// (measured: storage.managed.get() rejects with "Managed storage manifest not found").

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchFirefox, FIREFOX_DIST, GECKO_ID, until } from '../lib/firefox.mjs';
import { engineFindings, extensionUi, TEXTS, X } from '../specs/extension-helpers.mjs';

export const POLICY_FILE = process.env.FIREFOX_POLICY_FILE || '/etc/firefox/policies/policies.json';

let f;
let locked;
let highText;
let policy;
/** What to put back: the previous file's bytes, or null (remove it, and the folders we made). */
let previous = null;
/** Folders this test created, deepest first. */
const made = [];

function restore() {
  if (previous !== null) writeFileSync(POLICY_FILE, previous);
  else {
    rmSync(POLICY_FILE, { force: true });
    for (const dir of made) {
      try {
        rmdirSync(dir);
      } catch {
        /* not empty: leave it */
      }
    }
  }
}

before(async () => {
  for (const text of Object.values(TEXTS)) {
    const high = (await engineFindings(text)).find((x) => x.severity === 'high');
    if (high) {
      highText = text;
      locked = high.rule;
      break;
    }
  }
  assert.ok(highText, 'one of TEXTS has a high finding');
  policy = { lockedRules: [locked], minSeverity: 'warn', submitMode: 'block-high', allowPostAnyway: true };

  if (existsSync(POLICY_FILE)) previous = readFileSync(POLICY_FILE);
  for (let dir = path.dirname(POLICY_FILE); !existsSync(dir); dir = path.dirname(dir)) made.push(dir);
  mkdirSync(path.dirname(POLICY_FILE), { recursive: true });
  writeFileSync(POLICY_FILE, JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: policy } } } }, null, 2));
  try {
    f = await launchFirefox({ extensionDir: FIREFOX_DIST });
  } catch (e) {
    restore();
    throw e;
  }
});
after(async () => {
  try {
    await f?.close();
  } finally {
    restore();
    if (previous === null) {
      assert.equal(existsSync(POLICY_FILE), false, 'policy file removed');
      for (const dir of made) assert.equal(existsSync(dir), false, `${dir} (made by this test) removed`);
    }
  }
});

/** The options page of the extension under test. */
const optionsPage = () => f.openExtensionPage('extension/ui/options.html');

describe(`Firefox policies.json (${POLICY_FILE})`, () => {
  it('Firefox delivers 3rdparty.Extensions[gecko id] as storage.managed', async () => {
    const page = await optionsPage();
    const got = await until(async () => {
      const m = await page.evaluate(() => browser.storage.managed.get(null).catch((e) => ({ error: e.message })));
      return Object.keys(m).length ? m : null;
    }, { timeout: 20_000, message: 'storage.managed filled' });
    assert.deepEqual(got, policy);
    await page.close();
  });

  it('a locked rule shows "Set by your organisation" and cannot be switched off; minSeverity locks the threshold', async () => {
    let page = await optionsPage();
    const set = await page.evaluate((id) => browser.runtime.sendMessage({ kind: 'set-settings', patch: { rules: { [id]: false }, threshold: 'info' } }), locked);
    assert.notEqual(set.settings.rules[locked], false, 'set-settings cannot switch it off');
    assert.equal(set.settings.threshold, 'warn', 'minSeverity fixes the threshold');

    await page.close();

    page = await optionsPage();
    const box = `[data-rule-toggle="${locked}"]`;
    await page.waitForSelector(box, { timeout: 20_000 });
    const state = await page.$eval(box, (el) => ({ disabled: el.disabled, checked: el.checked }));
    assert.deepEqual(state, { disabled: true, checked: true }, 'the switch is on and disabled');
    const note = await page.$eval(`[data-rule="${locked}"] [data-managed]`, (el) => el.textContent);
    assert.match(note, /Set by your organisation/);
    assert.equal(await page.$eval('#threshold', (el) => el.disabled), true, 'the threshold is locked');
    await page.close();
  });

  it('block-high: the review panel has Edit but no Post anyway for a high finding', async () => {
    const page = await f.openX(X.inline.path, { waitFor: X.inline.sel });
    await page.click(X.inline.sel);
    await page.keyboard.type(highText, { delay: 10 });
    await page.click(X.inline.button);
    await until(async () => (await extensionUi(page)).panel, { timeout: 20_000, message: 'the review panel' });
    const actions = await page.evaluate(() => [...document.querySelector('[data-tarawwi-ui]').shadowRoot.querySelectorAll('[data-tarawwi-panel] [data-action]')].map((b) => b.dataset.action));
    assert.ok(actions.includes('edit'), `Edit is there (${actions})`);
    assert.ok(!actions.includes('post-anyway'), `no Post anyway (${actions})`);
    assert.deepEqual(await page.evaluate(() => window.__posts.length), 0, 'nothing posted');
    await page.close();
    assert.deepEqual(f.errors, [], 'no page errors or console errors');
    assert.deepEqual(f.externalRequests(), [], 'no network request leaves the browser');
  });
});

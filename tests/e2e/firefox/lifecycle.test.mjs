// Firefox's MV3 background is an event page, not a service worker: Firefox suspends it when idle
// (pref extensions.background.idle.timeout, 30 s by default; 1 s here), even while a content script
// holds a Port to it. Proves that after a suspension the next edit wakes it, the findings come back
// as highlights equal to the engine's, and clicking Post still opens the review panel, with Post
// anyway posting the typed text once. Suspension is observed, not assumed:
// browser.extension.getBackgroundPage() (on the options page) is null while the page is suspended.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchFirefox, FIREFOX_DIST, firefoxHighlights, until } from '../lib/firefox.mjs';
import { engineFindings, expectedHighlights, extensionUi, TEXTS, X } from '../specs/extension-helpers.mjs';

let f;
let options;
before(async () => {
  f = await launchFirefox({ extensionDir: FIREFOX_DIST, prefs: { 'extensions.background.idle.timeout': 1000 } });
  options = await f.openExtensionPage('extension/ui/options.html');
});
after(async () => {
  await f?.close();
});

const backgroundRunning = () => options.evaluate(() => browser.extension.getBackgroundPage() !== null);
const suspended = () => until(async () => !(await backgroundRunning()), { timeout: 30_000, message: 'Firefox to suspend the idle background page' });
const severityOnly = (hl) => Object.fromEntries(Object.entries(hl).filter(([k]) => k !== 'tarawwi-current').sort(([a], [b]) => a.localeCompare(b)));
const posts = (page) => page.evaluate(() => window.__posts.map((p) => ({ ...p })));

describe('Firefox event page suspended while idle', () => {
  it('the next edit wakes it: highlights, review panel and Post anyway work after suspensions', async () => {
    const page = await f.openX(X.inline.path, { waitFor: X.inline.sel });
    await page.click(X.inline.sel);
    await page.keyboard.type('Hello ', { delay: 10 });
    await suspended();

    const text = `Hello ${TEXTS.mixed}`;
    await page.keyboard.type(TEXTS.mixed, { delay: 10 });
    const want = severityOnly(expectedHighlights(await engineFindings(text)));
    assert.ok(Object.keys(want).length > 0, 'the text is flagged');
    let got;
    await until(async () => {
      got = severityOnly(await firefoxHighlights(page));
      return JSON.stringify(got) === JSON.stringify(want);
    }, { timeout: 20_000, message: 'highlights after the wake-up' }).catch(() => assert.deepEqual(got, want, 'highlights equal the engine findings after a suspension'));
    assert.equal(await backgroundRunning(), true, 'the edit woke the background page');

    await suspended();
    await page.click(X.inline.button);
    await until(async () => (await extensionUi(page)).panel, { timeout: 20_000, message: 'the review panel after a suspension' });
    assert.deepEqual(await posts(page), [], 'the site did not see the submit');
    await suspended();
    await page.click('[data-tarawwi-ui] >>> [data-action="post-anyway"]');
    const sent = await until(async () => {
      const p = await posts(page);
      return p.length ? p : null;
    }, { timeout: 20_000, message: 'the post after Post anyway' });
    await new Promise((r) => setTimeout(r, 300)); // no condition proves that no second submit follows
    assert.equal((await posts(page)).length, 1, 'posted once');
    assert.equal(sent[0].text, text, 'exactly the typed text');
    assert.deepEqual(f.errors, [], 'no page errors or console errors');
    assert.deepEqual(f.externalRequests(), [], 'no network request leaves the browser');
  });
});

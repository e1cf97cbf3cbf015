// The service worker's life cycle and the limits of a check. Proves that:
// - when the browser stops the service worker mid-session, the content script reconnects on its
//   own: new typing is highlighted again, the badge is right, review and acknowledgements work;
// - the popup still shows the tab's last findings from session storage after a restart;
// - a paste of more than 20 000 characters is checked up to there, the UI says so, and the page
//   keeps responding;
// - focusing a composer starts a stopped worker, and writing keeps it alive (keep-alive messages);
// - the extension makes no network request at all.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { getEditorText, getPosts } from '../lib/harness.mjs';
import { start, engineFindings, atLeast, TEXTS, X, FB, typeSlowly, paste, until, settle, extensionUi, waitForUi, uiAction, expectHighlights, highlightBox, without, ignoreShown, focused, RULE_CLOSED } from './extension-helpers.mjs';

let t;
before(async () => {
  t = await start();
});
after(async () => {
  await t?.h.close();
});
afterEach(async () => {
  for (const p of t.h.pages().slice(1)) await p.close();
  assert.deepEqual(t.h.errors, [], 'no page errors or console errors');
  assert.deepEqual(t.h.externalRequests(), [], 'no network request leaves the browser');
});

const badgeText = (findings) => {
  const n = atLeast(findings, 'warn').length;
  return n ? String(n) : '';
};

describe('service worker stopped mid-session', () => {
  for (const c of [X.inline, FB.comment]) {
    it(`${c.site}: typing after the restart is checked again (highlights, badge, review)`, async () => {
      const { page, tabId } = await t.open(c);
      await typeSlowly(page, c.sel, TEXTS.english);
      await expectHighlights(page, await engineFindings(TEXTS.english));

      await t.killWorker(page);
      const more = `${TEXTS.english} ${TEXTS.arabic}`;
      await typeSlowly(page, c.sel, ` ${TEXTS.arabic}`, { click: false });
      const findings = await engineFindings(more);
      await expectHighlights(page, findings);
      await until(async () => (await t.badge(tabId)) === badgeText(findings), { message: 'badge after restart' });

      await t.killWorker(page);
      // A submit right after the restart still goes through review, and Post anyway is acknowledged.
      if (c.site === 'x') await page.keyboard.press('Control+Enter');
      else await page.keyboard.press('Enter');
      await waitForUi(page, 'panel');
      await uiAction(page, 'post-anyway');
      await until(async () => (await getPosts(page)).length === 1, { message: 'posted once' });
      assert.equal((await getPosts(page))[0].text, more);
      await until(async () => (await t.inWorker(async () => (await chrome.storage.local.get('acks')).acks || [])).length === 1, { message: 'ack stored' });
      await t.inWorker(() => chrome.storage.local.remove('acks'));
    });
  }

  it('the card and Ignore once work after a restart', async () => {
    const { page } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, TEXTS.mixed);
    const findings = await engineFindings(TEXTS.mixed);
    await expectHighlights(page, findings);
    await t.killWorker(page);
    await page.mouse.move(...Object.values(await highlightBox(page, findings[0].text)));
    await waitForUi(page, 'card');
    await expectHighlights(page, without(findings, await ignoreShown(page)));
  });

  it('the popup shows the last findings from session storage after a restart', async () => {
    const { page, tabId } = await t.open(FB.comment);
    await typeSlowly(page, FB.comment.sel, TEXTS.arabic);
    const findings = await engineFindings(TEXTS.arabic);
    await expectHighlights(page, findings);
    await settle(300); // the worker writes session storage shortly after each result
    const session = JSON.stringify(await t.inWorker(() => chrome.storage.session.get(null)));
    assert.ok(session.includes(findings[0].rule), 'session storage holds the findings');
    for (const f of findings) assert.ok(!session.includes(f.text), `…but never the words (${f.text})`);
    await t.killWorker(page);
    const popup = await t.h.newPage();
    await popup.goto(`${t.base}extension/ui/popup.html?tab=${tabId}`);
    await popup.waitForSelector('#findings-list li');
    const rules = await popup.$$eval('#findings-list li', (lis) => lis.map((li) => li.getAttribute('data-rule')));
    assert.deepEqual(rules, findings.map((f) => f.rule));
  });
});

/** Evaluate in the content script's isolated world of `page` (CDP). */
async function contentWorld(page) {
  const cdp = await t.h.context.newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
  await cdp.send('Runtime.enable');
  const ctx = await until(() => contexts.find((c) => c.origin?.startsWith(t.base.replace(/\/$/, '')) || (c.auxData?.type === 'isolated' && c.name && !c.name.includes('playwright'))), { message: 'content-script world' });
  return {
    cdp,
    eval: async (expression) => {
      const r = await cdp.send('Runtime.evaluate', { expression, contextId: ctx.id, returnByValue: true, awaitPromise: true });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description || r.exceptionDetails.text);
      return r.result.value;
    },
  };
}

/**
 * In the content script's world: run `init` (JS source) now, then `onPort` (JS source of a function
 * of the Port) on every Port the content script opens from now on.
 */
function spyOnPorts(world, init, onPort) {
  return world.eval(`(() => {
    ${init};
    const connect = chrome.runtime.connect.bind(chrome.runtime);
    chrome.runtime.connect = (...a) => {
      const p = connect(...a);
      (${onPort})(p);
      return p;
    };
    return true;
  })()`);
}

describe('worker kept warm while writing', () => {
  /** Resolves when CDP reports our worker running. */
  async function workerRunning(page) {
    const cdp = await t.h.context.newCDPSession(page);
    const running = new Promise((resolve) => {
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
        if (versions.some((v) => v.scriptURL.startsWith(t.base) && v.runningStatus === 'running')) resolve(true);
      });
    });
    await cdp.send('ServiceWorker.enable');
    return { running, detach: () => cdp.detach().catch(() => {}) };
  }

  it('focusing a composer starts a stopped worker before any key is pressed, and writing sends keep-alives', async () => {
    const c = X.inline;
    const { page } = await t.open(c);
    await typeSlowly(page, c.sel, 'Lunch was good today');
    await settle(500);
    await page.evaluate(() => document.activeElement && /** @type {HTMLElement} */ (document.activeElement).blur());
    // Spy on the content script's next Port (it reconnects after the worker stops).
    const world = await contentWorld(page);
    await spyOnPorts(world, 'globalThis.__kinds = []', `(p) => {
      const pm = p.postMessage.bind(p);
      p.postMessage = (m) => (globalThis.__kinds.push(m && m.kind), pm(m));
    }`);
    await t.killWorker(page);
    await settle(300);
    const w = await workerRunning(page);
    try {
      // Nothing typed: focus alone wakes it.
      await page.focus(c.sel);
      assert.equal(await Promise.race([w.running, settle(5000).then(() => false)]), true, 'worker running after focus');
    } finally {
      await w.detach();
    }
    // Writing, then a pause with the composer focused: a keep-alive goes out (every 20 s).
    await typeSlowly(page, c.sel, ' and dinner', { click: false });
    await until(async () => (await world.eval('globalThis.__kinds')).includes('keep-alive'), { timeout: 25000, interval: 500, message: 'keep-alive sent' });
    const kinds = await world.eval('globalThis.__kinds');
    assert.ok(kinds.includes('check'), `the edit was checked too: ${kinds}`);
    await world.cdp.detach().catch(() => {});
  });
});

describe('worker started by a key', () => {
  it('a key in a focused composer starts a stopped worker at the keydown, before any edit', async () => {
    const c = FB.comment;
    const { page } = await t.open(c);
    // Answered before the worker stops (a check still in flight would reconnect at once, to resend it).
    await typeSlowly(page, c.sel, TEXTS.english);
    await expectHighlights(page, await engineFindings(TEXTS.english));
    await settle(500);
    const world = await contentWorld(page);
    const inWorld = world.eval;
    // When the content script opens its next Port (on the page's clock, as the keydown below).
    await spyOnPorts(world, 'globalThis.__connects = []', '() => globalThis.__connects.push(performance.now())');
    await page.evaluate(() => {
      window.__keydowns = [];
      window.addEventListener('keydown', () => window.__keydowns.push(performance.now()), true);
    });
    await t.killWorker(page);
    await settle(300);
    assert.equal(await focused(page), `editor:${c.name}`, 'the composer kept the focus');
    assert.deepEqual(await inWorld('globalThis.__connects'), [], 'no Port before the key');
    // Shift changes no text: no input event, no check; only the keydown can start the worker.
    await page.keyboard.press('Shift');
    const connects = await until(async () => {
      const v = await inWorld('globalThis.__connects');
      return v.length ? v : null;
    }, { message: 'a Port opened after the key' });
    // (The page's listener runs after the content script's, which was added first.)
    const [kd] = await page.evaluate(() => window.__keydowns);
    assert.ok(Math.abs(connects[0] - kd) < 50, `Port opened at the keydown (${connects[0] - kd} ms after it)`);
    assert.equal(await getEditorText(page, c.name), TEXTS.english, 'the text is unchanged');
    // The new worker answers: typing is checked as before.
    await typeSlowly(page, c.sel, ' ok', { click: false });
    await expectHighlights(page, await engineFindings(`${TEXTS.english} ok`));
    await world.cdp.detach().catch(() => {});
  });
});

describe("the worker's own rules' messages", () => {
  // Like the engine's rules, the worker's own (iq-3 closed audience here) are sent to a Port with
  // the first result that has them, not with every result.
  it('go to a connection with its first iq-3 finding only', async () => {
    const c = X.dm;
    const { page } = await t.open(c);
    const world = await contentWorld(page);
    // Per result on the content script's next Port: does it have an iq-3 finding, its messages?
    await spyOnPorts(world, 'globalThis.__results = []', `(p) => p.onMessage.addListener((m) => {
      if (m && Array.isArray(m.findings)) globalThis.__results.push({ closed: m.findings.some((f) => f.rule === ${JSON.stringify(RULE_CLOSED)}), messages: Object.keys(m.messages || {}) });
    })`);
    await t.killWorker(page);
    await settle(300);
    await typeSlowly(page, c.sel, TEXTS.english);
    const withClosed = async (n) =>
      until(async () => {
        const r = await world.eval('globalThis.__results');
        return r.filter((x) => x.closed).length >= n ? r : null;
      }, { message: `${n} results with an iq-3 finding` });
    await withClosed(1);
    await typeSlowly(page, c.sel, ' ok', { click: false });
    const results = await withClosed(2);
    const sent = results.filter((x) => x.messages.includes(RULE_CLOSED));
    assert.equal(sent.length, 1, `iq-3 messages sent once: ${JSON.stringify(results)}`);
    assert.ok(results.find((x) => x.closed).messages.includes(RULE_CLOSED), 'with the first result that has the finding');
    // The review panel still explains the finding, from the messages kept by the content script.
    await settle(200);
    await page.keyboard.press('Enter');
    let ui = await waitForUi(page, 'panel');
    for (let i = 0; i < 10 && ui.rule !== RULE_CLOSED; i++) {
      await page.locator('[data-tarawwi-ui] [data-action="next"]').click();
      ui = (await extensionUi(page)).panel;
    }
    assert.equal(ui.rule, RULE_CLOSED);
    assert.equal(ui.clause, 'iq-3');
    assert.match(ui.text, /Closed groups and chats are not private/);
    assert.match(ui.quoteEn, /closed or private groups/);
    await uiAction(page, 'edit');
    await world.cdp.detach().catch(() => {});
  });
});

describe('large paste', () => {
  for (const c of [X.inline, FB.comment]) {
    it(`${c.site}: over 20 000 characters, the first 20 000 are checked and the UI says so`, async () => {
      const { page } = await t.open(c);
      const filler = 'Lovely weather today, see you at the park. '.repeat(560); // ~24 000 characters
      const head = `${TEXTS.english} `;
      const tail = ` ${TEXTS.arabic}`; // beyond 20 000: not checked
      const text = head + filler + tail;
      assert.ok(text.length > 22_000 && head.length + filler.length > 20_000);
      await paste(page, c.sel, text);
      await until(async () => (await page.evaluate((n) => window.__fixture.getText(n).length, c.name)) === text.length, { timeout: 15_000, message: 'paste landed' });

      const started = Date.now();
      await page.evaluate(() => 1);
      assert.ok(Date.now() - started < 1000, 'the page keeps responding');

      const findings = (await engineFindings(text.slice(0, 20_000))).filter((f) => f.end <= 20_000);
      await expectHighlights(page, findings, { timeout: 15_000 });
      for (const f of await engineFindings(tail)) assert.ok(!findings.some((g) => g.text === f.text), `${f.text} (after 20 000) is not flagged`);

      await page.mouse.move(...Object.values(await highlightBox(page, findings[0].text)));
      const card = await until(async () => (await extensionUi(page)).card, { message: 'card' });
      assert.ok(card.truncated, 'the card says only part was checked');
      assert.ok(card.text.includes('Only the first 20 000 characters were checked.'));
      await page.mouse.move(2, 2);
      await page.locator(c.sel).focus();
      if (c.site === 'x') await page.keyboard.press('Control+Enter');
      else await page.keyboard.press('Enter');
      const panel = await waitForUi(page, 'panel');
      assert.ok(panel.truncated, 'the review panel says so too');
      await uiAction(page, 'edit');
      assert.equal((await getEditorText(page, c.name)).length, text.length, 'text intact');
    });
  }
});

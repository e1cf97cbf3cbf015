// Highlights and badge, in both real editors (X: Draft.js, Facebook: Lexical), for English, Arabic
// and mixed text, typed key by key and pasted. Proves that:
// - the highlight ranges (CSS.highlights, as the page sees them) cover exactly the words the
//   engine flags, one Highlight per severity;
// - the toolbar badge shows the number of findings at or above the threshold, per tab, and
//   follows the threshold setting;
// - the editor's own state equals what was typed, and the extension never adds, removes or marks
//   a node inside the editor (MutationObserver in the page).

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { getEditorText, getPosts, readEditorDom, watchEditorMutations, scanEditorDom, waitForEditor } from '../lib/harness.mjs';
import { start, engineFindings, findingsIn, atLeast, expectHighlights, highlights, TEXTS, CLEAN, X, FB, typeSlowly, paste, until, settle, waitForUi, uiAction, extensionUi } from './extension-helpers.mjs';

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

const badgeFor = (findings, threshold = 'warn') => {
  const n = atLeast(findings, threshold).length;
  return n ? String(n) : '';
};

for (const c of [X.inline, FB.comment]) {
  const editor = c.site === 'x' ? 'Draft.js' : 'Lexical';
  describe(`${c.site} (${editor}) highlights`, () => {
    for (const [kind, text] of Object.entries(TEXTS)) {
      for (const how of ['typed', 'pasted']) {
        it(`${kind} text, ${how}: highlights = engine findings, badge = count, editor untouched`, async () => {
          const { page, tabId } = await t.open(c);
          const watch = await watchEditorMutations(page);
          if (how === 'typed') await typeSlowly(page, c.sel, text);
          else await paste(page, c.sel, text);

          const findings = await engineFindings(text);
          assert.ok(findings.length >= 2, `the engine flags the ${kind} sample (${JSON.stringify(findings.map((f) => f.text))})`);
          await expectHighlights(page, findings);
          await until(async () => (await t.badge(tabId)) === badgeFor(findings), { message: `badge ${badgeFor(findings)}` });

          assert.equal(await getEditorText(page, c.name), text, "the editor's own state is what was typed");
          assert.equal(await readEditorDom(page, c.sel), text);
          await settle(200);
          const m = await watch.collect();
          assert.deepEqual(m.foreign, [], 'no foreign node or attribute inside the editor');
          assert.deepEqual(m.tarawwi, [], 'nothing of ours inside the editor');
          assert.deepEqual(await scanEditorDom(page), []);
        });
      }
    }

    it('editing away the flagged words removes their highlight; emptying the composer clears the badge', async () => {
      const { page, tabId } = await t.open(c);
      await typeSlowly(page, c.sel, TEXTS.english);
      const findings = await engineFindings(TEXTS.english);
      await expectHighlights(page, findings);
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Backspace');
      await typeSlowly(page, c.sel, CLEAN.english);
      assert.deepEqual(await engineFindings(CLEAN.english), [], 'the clean sample is clean');
      await expectHighlights(page, []);
      await until(async () => (await t.badge(tabId)) === '', { message: 'badge cleared' });
      assert.equal(await getEditorText(page, c.name), CLEAN.english);
    });
  });
}

describe('offsets', () => {
  const EMOJI = '🌙😀 Between us, the internal memo 🙏🏽 says the audit is late.';
  for (const c of [X.inline, FB.comment]) {
    it(`${c.site}: emoji (two UTF-16 units each) before and inside the flagged words`, async () => {
      const { page } = await t.open(c);
      await typeSlowly(page, c.sel, EMOJI);
      const findings = await engineFindings(EMOJI);
      assert.ok(findings.some((f) => f.text.includes('🙏🏽')), 'a finding spans an emoji');
      await expectHighlights(page, findings);
      assert.equal(await getEditorText(page, c.name), EMOJI);
    });
  }

  const LINES = 'Hello all\nBetween us, the internal memo says\nthe audit is late';
  for (const [c, newline, what] of [
    [X.inline, 'Enter', 'Draft blocks'],
    [FB.post, 'Enter', 'Lexical paragraphs'],
    [FB.comment, 'Shift+Enter', 'Lexical <br> line breaks'],
  ]) {
    it(`${c.site} ${c.name}: several lines (${what}); a finding may span a line break`, async () => {
      const { page } = await t.open(c);
      const watch = await watchEditorMutations(page);
      await typeSlowly(page, c.sel, LINES, { newline });
      assert.equal(await readEditorDom(page, c.sel), LINES, 'one "\\n" per line, as the extension reads it');
      const findings = await engineFindings(LINES);
      assert.ok(findings.some((f) => f.text.includes('\n')), 'a finding spans the line break');
      await expectHighlights(page, findings);
      assert.deepEqual(await getPosts(page), []);
      const m = await watch.collect();
      assert.deepEqual([...m.foreign, ...m.tarawwi], []);
    });
  }
});

describe('badge', () => {
  it('follows the severity threshold', async () => {
    const { page, tabId } = await t.open(X.inline);
    const text = `${TEXTS.english} ${TEXTS.arabic}`;
    await typeSlowly(page, X.inline.sel, text);
    const findings = await engineFindings(text);
    assert.ok(new Set(['info', 'warn', 'high'].map((th) => badgeFor(findings, th))).size > 1, 'the sample has findings of several severities');
    await until(async () => (await t.badge(tabId)) === badgeFor(findings, 'warn'), { message: 'badge at warn' });
    try {
      for (const threshold of ['info', 'high']) {
        await t.setSettings({ threshold });
        await until(async () => (await t.badge(tabId)) === badgeFor(findings, threshold), { message: `badge at ${threshold}` });
      }
    } finally {
      await t.setSettings({ threshold: 'warn' });
    }
  });

  it('is per tab, and cleared when the tab navigates away', async () => {
    const a = await t.open(X.inline);
    const b = await t.open(FB.comment);
    await typeSlowly(a.page, X.inline.sel, TEXTS.english);
    const findings = await engineFindings(TEXTS.english);
    await until(async () => (await t.badge(a.tabId)) === badgeFor(findings), { message: 'badge on tab a' });
    assert.equal(await t.badge(b.tabId), '', 'the other tab has no badge');
    await a.page.goto('about:blank');
    await until(async () => (await t.badge(a.tabId)) === '', { message: 'badge cleared after navigation' });
  });

  it('turning a site off clears its highlights and badge; turning it on brings them back', async () => {
    const { page, tabId } = await t.open(FB.comment);
    await typeSlowly(page, FB.comment.sel, TEXTS.arabic);
    const findings = await engineFindings(TEXTS.arabic);
    await expectHighlights(page, findings);
    try {
      await t.setSettings({ sites: { facebook: false } });
      await until(async () => Object.keys(await highlights(page)).length === 0, { message: 'highlights cleared' });
      await until(async () => (await t.badge(tabId)) === '', { message: 'badge cleared' });
    } finally {
      await t.setSettings({ sites: { facebook: true } });
    }
    await expectHighlights(page, findings);
    await until(async () => (await t.badge(tabId)) === badgeFor(findings), { message: 'badge back' });
  });
});

describe('composers', () => {
  for (const [host, c] of [
    ['twitter.com', X.inline],
    ['mobile.x.com', X.inline],
    ['facebook.com', FB.comment],
    ['web.facebook.com', FB.comment],
  ]) {
    it(`runs on ${host}`, async () => {
      const { page, tabId } = await t.open(c, { host });
      await typeSlowly(page, c.sel, TEXTS.english);
      const findings = await engineFindings(TEXTS.english);
      await expectHighlights(page, findings);
      await until(async () => (await t.badge(tabId)) === badgeFor(findings), { message: 'badge' });
    });
  }

  it('XChat <textarea>: no highlights (the Highlight API cannot reach inside it), but the badge counts', async () => {
    const { page, tabId } = await t.open(X.xchat);
    await typeSlowly(page, X.xchat.sel, TEXTS.mixed);
    const findings = await findingsIn(X.xchat, TEXTS.mixed); // a DM: iq-3 counts too
    await until(async () => (await t.badge(tabId)) === badgeFor(findings), { message: 'badge' });
    assert.deepEqual(await highlights(page), {});
  });

  it('X: a composer that mounts after SPA navigation is found; closing it clears the badge', async () => {
    const { page, tabId } = await t.open(X.inline);
    await page.evaluate(() => window.__fixture.navigate('/compose/post'));
    await page.waitForSelector(X.modal.sel);
    await waitForEditor(page, 'modal');
    await typeSlowly(page, X.modal.sel, TEXTS.arabic);
    const findings = await engineFindings(TEXTS.arabic);
    await expectHighlights(page, findings);
    await until(async () => (await t.badge(tabId)) === badgeFor(findings), { message: 'badge' });
    await page.click('[data-testid="app-bar-close"]');
    await page.waitForSelector(X.modal.sel, { state: 'detached' });
    await until(async () => (await t.badge(tabId)) === '', { message: 'badge cleared when the composer closed' });
    await expectHighlights(page, []);
  });

  it('Facebook: a feed re-render replaces the comment box; the new one is checked', async () => {
    const { page, tabId } = await t.open(FB.comment);
    await typeSlowly(page, FB.comment.sel, TEXTS.english);
    await expectHighlights(page, await engineFindings(TEXTS.english));
    await page.evaluate(() => window.__fixture.remount());
    await waitForEditor(page, FB.comment.name);
    await until(async () => (await t.badge(tabId)) === '', { message: 'badge cleared with the old box' });
    await expectHighlights(page, []);
    await typeSlowly(page, FB.comment.sel, TEXTS.arabic);
    const findings = await engineFindings(TEXTS.arabic);
    await expectHighlights(page, findings);
    await until(async () => (await t.badge(tabId)) === badgeFor(findings), { message: 'badge for the new box' });
  });

  it('X thread: Ctrl+Enter in the first box reviews the findings of every box, then posts them all once', async () => {
    const { page } = await t.open(X.modal);
    await typeSlowly(page, X.modal.sel, CLEAN.english);
    await page.click('[data-testid="addButton"]');
    const second = '[role="dialog"] [data-testid="tweetTextarea_1"]';
    await page.waitForSelector(second);
    await typeSlowly(page, second, TEXTS.english);
    const findings = await engineFindings(TEXTS.english);
    await expectHighlights(page, findings);
    await page.locator(X.modal.sel).click();
    await page.keyboard.press('Control+Enter');
    const panel = await waitForUi(page, 'panel');
    assert.equal(panel.flagged, atLeast(findings, 'warn')[0].text);
    assert.deepEqual(await getPosts(page), []);
    await uiAction(page, 'post-anyway');
    await until(async () => (await getPosts(page)).length === 2, { message: 'both posts' });
    await settle(200);
    assert.deepEqual((await getPosts(page)).map((p) => p.text), [CLEAN.english, TEXTS.english]);
    assert.equal((await extensionUi(page)).panel, null);
  });
});

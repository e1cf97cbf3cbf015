// The warning card, in both editors. Proves that:
// - hovering flagged words opens a card (outside the editor, focus untouched) that quotes the
//   finding's clause in Arabic (RTL) and English, with category, severity, why and a safer wording
//   — exactly the engine's messages for that rule; moving away closes it;
// - Alt+Shift+T opens the card for the finding at the caret, moves focus into it, and Escape
//   returns focus to the editor with the text intact;
// - "Ignore once" hides that finding (highlight, badge, review) until its words change;
// - "Learn more" opens the options page at the clause.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { getEditorText, getPosts, watchEditorMutations } from '../lib/harness.mjs';
import {
  start,
  engineFindings,
  ruleMessages,
  atLeast,
  TEXTS,
  X,
  FB,
  typeSlowly,
  until,
  settle,
  extensionUi,
  waitForUi,
  uiAction,
  focused,
  expectHighlights,
  highlightBox,
  cardShowing,
  without,
  ignoreShown,
} from './extension-helpers.mjs';

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

for (const c of [X.inline, FB.comment]) {
  describe(`${c.site} card`, () => {
    it('opens on hover with the clause quoted in Arabic and English, and closes when the pointer leaves', async () => {
      const text = TEXTS.mixed;
      const { page } = await t.open(c);
      const watch = await watchEditorMutations(page);
      await typeSlowly(page, c.sel, text);
      const findings = await engineFindings(text);
      await expectHighlights(page, findings);
      for (const f of [findings[0], findings[findings.length - 1]]) {
        const box = await highlightBox(page, f.text);
        await page.mouse.move(box.x, box.y);
        // Several rules (and both packs) may flag the same words: the card lists them all.
        await until(async () => (await extensionUi(page)).card?.rules?.includes(f.rule), { message: `card for ${f.rule}` });
        assert.equal((await extensionUi(page)).card.focused, false, 'hover does not take the focus');
        assert.equal(await focused(page), `editor:${c.name}`);
        const card = await cardShowing(page, f.rule);
        const m = await ruleMessages(f.rule);
        assert.equal(card.flagged, f.text);
        assert.equal(card.clause, f.clause);
        assert.equal(card.quoteAr, m.clause.text.ar, 'the clause, in Arabic');
        assert.equal(card.quoteArDir, 'rtl');
        assert.equal(card.quoteEn, m.clause.text.en, 'the clause, in English');
        for (const s of [m.title.en, m.why.en, m.safer.en]) assert.ok(card.text.includes(s), `card says ${s}`);
        for (const r of card.rules) assert.ok(findings.some((g) => g.rule === r), `${r} is a finding`);
        const current = await page.evaluate(() => [...(CSS.highlights.get('tarawwi-current') || [])].map((r) => r.toString()));
        assert.deepEqual(current, [f.text], 'the words of the finding shown are marked');
      }
      // The card was clicked into: it stays until Escape, which returns to the editor.
      await page.mouse.move(5, 5);
      await settle(500);
      assert.ok((await extensionUi(page)).card, 'a card with focus stays');
      await page.keyboard.press('Escape');
      assert.equal((await extensionUi(page)).card, null);
      assert.equal(await focused(page), `editor:${c.name}`);
      // An untouched card closes when the pointer leaves.
      const box = await highlightBox(page, findings[0].text);
      await page.mouse.move(box.x, box.y);
      await waitForUi(page, 'card');
      await page.mouse.move(5, 5);
      await until(async () => (await extensionUi(page)).card === null, { message: 'card closed' });
      assert.equal(await getEditorText(page, c.name), text);
      const m = await watch.collect();
      assert.deepEqual([...m.foreign, ...m.tarawwi], [], 'nothing inserted into the editor');
    });

    it('Alt+Shift+T opens the card for the finding at the caret; Escape returns to the editor', async () => {
      const text = TEXTS.english;
      const { page } = await t.open(c);
      await typeSlowly(page, c.sel, text);
      const findings = await engineFindings(text);
      await expectHighlights(page, findings);
      const target = findings[findings.length - 1];
      // Put the caret inside the last finding's words.
      await page.keyboard.press('ControlOrMeta+End');
      for (let i = 0; i < text.length - target.start - 2; i++) await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Alt+Shift+T');
      const card = await waitForUi(page, 'card');
      const caret = target.start + 2;
      const here = findings.filter((f) => f.start <= caret && caret <= f.end).map((f) => f.rule);
      assert.deepEqual([...card.rules].sort(), [...here].sort(), 'the card lists the findings at the caret');
      assert.ok(card.focused, 'focus moved into the card');
      assert.equal(card.focusedAction, 'learn-more');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.ok((await extensionUi(page)).card.focused, 'Tab stays in the card');
      await page.keyboard.press('Escape');
      assert.equal((await extensionUi(page)).card, null);
      assert.equal(await focused(page), `editor:${c.name}`, 'focus back in the editor');
      await page.keyboard.type('!');
      const expected = text.slice(0, target.start + 2) + '!' + text.slice(target.start + 2);
      await until(async () => (await getEditorText(page, c.name)) === expected, { message: 'caret restored where it was' });
    });

    it('Ignore once hides the finding until its words change', async () => {
      const text = TEXTS.english;
      const { page, tabId } = await t.open(c);
      await typeSlowly(page, c.sel, text);
      const findings = await engineFindings(text);
      await expectHighlights(page, findings);
      await page.mouse.move(...Object.values(await highlightBox(page, findings[0].text)));
      await waitForUi(page, 'card');
      const rest = without(findings, await ignoreShown(page));
      await expectHighlights(page, rest);
      const n = atLeast(rest, 'warn').length;
      await until(async () => (await t.badge(tabId)) === (n ? String(n) : ''), { message: 'badge without it' });
      // Typing elsewhere keeps it hidden.
      await typeSlowly(page, c.sel, ' ok', { click: false });
      await settle(250);
      await expectHighlights(page, rest);
      assert.equal(await getEditorText(page, c.name), `${text} ok`);
    });
  });
}

describe('rule messages', () => {
  // A result carries a rule's messages only the first time its connection meets the rule (the
  // content script keeps them): the card must still have them on the next post, and after the
  // worker restarts (a new connection, which gets them again).
  it('the card has the rule messages on a second post and after the worker restarts', async () => {
    const c = FB.comment;
    const { page } = await t.open(c);
    const text = TEXTS.english;
    const findings = await engineFindings(text);
    const f = findings[0];
    const m = await ruleMessages(f.rule);
    const cardSaysIt = async (what) => {
      await expectHighlights(page, findings);
      await page.mouse.move(...Object.values(await highlightBox(page, f.text)));
      await waitForUi(page, 'card');
      const card = await cardShowing(page, f.rule);
      assert.equal(card.quoteEn, m.clause.text.en, `${what}: the clause`);
      assert.equal(card.quoteAr, m.clause.text.ar, `${what}: the clause in Arabic`);
      for (const s of [m.title.en, m.why.en, m.safer.en]) assert.ok(card.text.includes(s), `${what}: card says ${s}`);
      await page.mouse.move(5, 5);
      await until(async () => (await extensionUi(page)).card === null, { message: `${what}: card closed` });
    };
    await typeSlowly(page, c.sel, text);
    await cardSaysIt('first post');
    await page.click(c.sel);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await until(async () => (await getEditorText(page, c.name)) === '', { message: 'composer emptied' });
    await expectHighlights(page, []);
    await typeSlowly(page, c.sel, text);
    await cardSaysIt('second post');
    await t.killWorker(page);
    await settle(300);
    await typeSlowly(page, c.sel, ' ok', { click: false });
    await until(async () => (await getEditorText(page, c.name)) === `${text} ok`, { message: 'typed after the restart' });
    await cardSaysIt('after a worker restart');
  });
});

describe('Learn more', () => {
  it('opens the options page at the clause', async () => {
    const { page } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, TEXTS.arabic);
    const findings = await engineFindings(TEXTS.arabic);
    await expectHighlights(page, findings);
    await page.mouse.move(...Object.values(await highlightBox(page, findings[0].text)));
    const card = await waitForUi(page, 'card');
    const opened = t.h.context.waitForEvent('page', { predicate: (p) => p.url().includes('/extension/ui/options.html') });
    await uiAction(page, 'learn-more');
    const options = await opened;
    assert.equal(new URL(options.url()).hash, `#clause-${card.clause}`);
    await options.waitForSelector(`#clause-${card.clause}.target`);
    assert.equal(await options.evaluate(() => document.activeElement.id), `clause-${card.clause}`);
    assert.deepEqual(await getPosts(page), []);
  });
});

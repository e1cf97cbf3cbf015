// Review before submit, on every way X and Facebook submit: the Post/Reply/Send click and the keys
// that submit (X Ctrl+Enter and DM Enter; Facebook comment and Messenger Enter). Proves that:
// - with findings at or above the threshold, the site never sees the submit and the review panel
//   (a modal dialog, focus inside) lists them;
// - Edit returns to the editor with focus and the text intact, and nothing is posted;
// - Post anyway posts exactly the typed text exactly once (fixture's window.__posts) and stores a
//   local acknowledgement {time, site, rules} — never the text;
// - clean text, Enter where it is a new line, the typeahead and IME composition are left alone;
// - a submit right after typing (before the debounced check) is still reviewed.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { getEditorText, getPosts } from '../lib/harness.mjs';
import { start, engineFindings, findingsIn, atLeast, TEXTS, CLEAN, X, FB, typeSlowly, until, settle, extensionUi, waitForUi, uiAction, focused, expectHighlights } from './extension-helpers.mjs';

let t;
before(async () => {
  t = await start();
});
after(async () => {
  await t?.h.close();
});
afterEach(async () => {
  for (const p of t.h.pages().slice(1)) await p.close();
  await t.inWorker(() => chrome.storage.local.remove('acks'));
  assert.deepEqual(t.h.errors, [], 'no page errors or console errors');
  assert.deepEqual(t.h.externalRequests(), [], 'no network request leaves the browser');
});

const acks = () => t.inWorker(async () => (await chrome.storage.local.get('acks')).acks || []);

/** The ways to submit each composer. */
const SUBMITS = [
  { c: X.inline, how: 'Post click', via: 'button', submit: (p) => p.click(X.inline.button) },
  { c: X.inline, how: 'Ctrl+Enter', via: 'keyboard', submit: (p) => p.keyboard.press('Control+Enter') },
  { c: X.modal, how: 'Post click', via: 'button', submit: (p) => p.click(X.modal.button) },
  { c: X.modal, how: 'Ctrl+Enter', via: 'keyboard', submit: (p) => p.keyboard.press('Control+Enter') },
  { c: X.dm, how: 'Enter', via: 'keyboard', submit: (p) => p.keyboard.press('Enter') },
  { c: X.dm, how: 'Send click', via: 'button', submit: (p) => p.click(X.dm.button) },
  { c: X.xchat, how: 'Enter', via: 'keyboard', submit: (p) => p.keyboard.press('Enter') },
  { c: X.xchat, how: 'Send click', via: 'button', submit: (p) => p.click(X.xchat.button) },
  { c: FB.post, how: 'Post click', via: 'button', submit: (p) => p.click(FB.post.button) },
  { c: FB.post, how: 'Enter on the focused Post button', via: 'button', submit: async (p) => {
    await p.focus(FB.post.button);
    await p.keyboard.press('Enter');
  } },
  { c: FB.comment, how: 'Enter', via: 'keyboard', submit: (p) => p.keyboard.press('Enter') },
  { c: FB.comment, how: 'Comment click', via: 'button', submit: (p) => p.click('[aria-posinset="1"] form[role="presentation"] [role="button"][aria-label="Comment"]') },
  { c: FB.messenger, how: 'Enter', via: 'keyboard', submit: (p) => p.keyboard.press('Enter') },
];

for (const { c, how, via, submit } of SUBMITS) {
  describe(`${c.site} ${c.name}: ${how}`, () => {
    it('Edit keeps the text and posts nothing', async () => {
      const text = TEXTS.mixed;
      const { page } = await t.open(c);
      await typeSlowly(page, c.sel, text);
      await expectHighlights(page, c === X.xchat ? [] : await findingsIn(c, text));
      await submit(page);
      const panel = await waitForUi(page, 'panel');
      const blocking = atLeast(await findingsIn(c, text), 'warn');
      assert.equal(panel.role, 'dialog');
      assert.equal(panel.modal, 'true');
      assert.equal(panel.focusedAction, 'edit', 'focus starts on Edit');
      assert.equal(panel.rule, blocking[0].rule, 'the first finding is shown first');
      if (blocking.length > 1) assert.equal(panel.position, `1 of ${blocking.length}`);
      await settle(150);
      assert.deepEqual(await getPosts(page), [], 'the site did not see the submit');

      await uiAction(page, 'edit');
      assert.equal((await extensionUi(page)).panel, null, 'panel closed');
      assert.equal(await focused(page), `editor:${c.name}`, 'focus is back in the editor');
      assert.equal(await getEditorText(page, c.name), text, 'text intact');
      await settle(150);
      assert.deepEqual(await getPosts(page), []);
    });

    it('Post anyway posts the typed text exactly once and records an acknowledgement without it', async () => {
      const text = TEXTS.english;
      const { page } = await t.open(c);
      await typeSlowly(page, c.sel, text);
      await expectHighlights(page, c === X.xchat ? [] : await findingsIn(c, text));
      await submit(page);
      await waitForUi(page, 'panel');
      await uiAction(page, 'post-anyway');
      await until(async () => (await getPosts(page)).length === 1, { message: 'one post' });
      await settle(300);
      const posts = await getPosts(page);
      assert.equal(posts.length, 1, 'exactly one post');
      assert.equal(posts[0].text, text, 'exactly the typed text');
      assert.equal(posts[0].via, via, `the original action was replayed (${via})`);
      assert.equal((await extensionUi(page)).panel, null);

      const stored = await acks();
      assert.equal(stored.length, 1);
      const rules = [...new Set(atLeast(await findingsIn(c, text), 'warn').map((f) => f.rule))].sort();
      assert.deepEqual(Object.keys(stored[0]).sort(), ['rules', 'site', 'time']);
      assert.equal(stored[0].site, c.site);
      assert.deepEqual([...stored[0].rules].sort(), rules);
      assert.ok(Math.abs(Date.now() - stored[0].time) < 60_000);
      const everything = JSON.stringify(await t.inWorker(() => chrome.storage.local.get(null)));
      for (const f of await findingsIn(c, text)) assert.ok(!everything.includes(f.text), `storage never holds the text (${f.text})`);
    });
  });
}

describe('left alone', () => {
  it('clean text posts at once, with no panel', async () => {
    const { page } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, CLEAN.english);
    await settle(200);
    await page.keyboard.press('Control+Enter');
    await until(async () => (await getPosts(page)).length === 1, { message: 'posted' });
    assert.equal((await getPosts(page))[0].text, CLEAN.english);
    assert.equal((await extensionUi(page)).panel, null);
  });

  it('Facebook new-post dialog: Enter is a new line, not a submit', async () => {
    const { page } = await t.open(FB.post);
    await typeSlowly(page, FB.post.sel, TEXTS.english);
    await page.keyboard.press('Enter');
    await typeSlowly(page, FB.post.sel, CLEAN.english);
    await settle(300);
    assert.equal((await extensionUi(page)).panel, null);
    assert.deepEqual(await getPosts(page), []);
    assert.deepEqual(await page.evaluate(() => window.__editors.post.getParagraphs()), [TEXTS.english, CLEAN.english]);
  });

  it('Facebook comment: Shift+Enter is a line break, not a submit', async () => {
    const { page } = await t.open(FB.comment);
    await typeSlowly(page, FB.comment.sel, `${TEXTS.english}\n${CLEAN.english}`, { newline: 'Shift+Enter' });
    await settle(300);
    assert.equal((await extensionUi(page)).panel, null);
    assert.deepEqual(await getPosts(page), []);
    assert.equal(await getEditorText(page, FB.comment.name), `${TEXTS.english}\n${CLEAN.english}`);
  });

  it('X DM: Enter with the mention typeahead open picks the suggestion', async () => {
    const { page } = await t.open(X.dm);
    await typeSlowly(page, X.dm.sel, `${TEXTS.english} @crit`);
    await page.waitForSelector('[id^="typeaheadDropdown"]');
    await page.keyboard.press('Enter');
    await until(async () => (await getEditorText(page, X.dm.name)) === `${TEXTS.english} @critic `, { message: 'mention picked' });
    assert.equal((await extensionUi(page)).panel, null);
    assert.deepEqual(await getPosts(page), []);
  });

  it('Enter during IME composition is not intercepted', async () => {
    const { page } = await t.open(FB.comment);
    await typeSlowly(page, FB.comment.sel, TEXTS.english);
    await settle(200);
    await page.locator(FB.comment.sel).evaluate((el) => {
      el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 229, isComposing: true, bubbles: true, cancelable: true }));
    });
    await settle(200);
    assert.equal((await extensionUi(page)).panel, null);
    assert.deepEqual(await getPosts(page), []);
  });
});

describe('review panel', () => {
  it('a submit right after the last key (not yet checked) is still reviewed', async () => {
    const { page } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, TEXTS.arabic, { delay: 0 });
    await page.keyboard.press('Control+Enter');
    await waitForUi(page, 'panel');
    assert.deepEqual(await getPosts(page), []);
    await uiAction(page, 'post-anyway');
    await until(async () => (await getPosts(page)).length === 1, { message: 'one post' });
    assert.equal((await getPosts(page))[0].text, TEXTS.arabic);
  });

  it('steps through the findings, marks the current one, jumps to it without changing the text', async () => {
    const text = `${TEXTS.english} ${TEXTS.arabic}`;
    const { page } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, text);
    const blocking = atLeast(await engineFindings(text), 'warn');
    assert.ok(blocking.length >= 3, 'several findings to step through');
    await expectHighlights(page, await engineFindings(text));
    await page.click(X.inline.button);
    let panel = await waitForUi(page, 'panel');
    const current = () => page.evaluate(() => [...(CSS.highlights.get('tarawwi-current') || [])].map((r) => r.toString()));
    assert.deepEqual(await current(), [blocking[0].text]);
    for (let i = 1; i < blocking.length; i++) {
      await uiAction(page, 'next');
      panel = await extensionUi(page).then((u) => u.panel);
      assert.equal(panel.position, `${i + 1} of ${blocking.length}`);
      assert.equal(panel.flagged, blocking[i].text);
      assert.deepEqual(await current(), [blocking[i].text]);
    }
    await uiAction(page, 'prev');
    assert.equal((await extensionUi(page)).panel.flagged, blocking[blocking.length - 2].text);
    await uiAction(page, 'jump');
    assert.equal((await extensionUi(page)).panel, null);
    assert.equal(await focused(page), 'editor:inline');
    assert.equal(await page.evaluate(() => document.getSelection().toString()), blocking[blocking.length - 2].text, 'the words are selected');
    assert.equal(await getEditorText(page, 'inline'), text, 'text intact');
    assert.deepEqual(await getPosts(page), []);
  });

  it('is keyboard accessible: Tab stays inside, Escape = Edit', async () => {
    const { page } = await t.open(FB.comment);
    await typeSlowly(page, FB.comment.sel, TEXTS.arabic);
    await expectHighlights(page, await engineFindings(TEXTS.arabic));
    await page.keyboard.press('Enter');
    await waitForUi(page, 'panel');
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      assert.ok((await extensionUi(page)).panel.focused, `focus stays in the panel (Tab ${i + 1})`);
    }
    await page.keyboard.press('Shift+Tab');
    assert.ok((await extensionUi(page)).panel.focused);
    await page.keyboard.press('Escape');
    assert.equal((await extensionUi(page)).panel, null);
    assert.equal(await focused(page), `editor:${FB.comment.name}`);
    assert.equal(await getEditorText(page, FB.comment.name), TEXTS.arabic);
    assert.deepEqual(await getPosts(page), []);
  });

  it('follows the UI language: Arabic panel is RTL', async () => {
    await t.setSettings({ lang: 'ar' });
    try {
      const { page } = await t.open(X.inline, { lang: 'ar' });
      await typeSlowly(page, X.inline.sel, TEXTS.arabic);
      await expectHighlights(page, await engineFindings(TEXTS.arabic));
      await page.keyboard.press('Control+Enter');
      const panel = await waitForUi(page, 'panel');
      assert.equal(panel.dir, 'rtl');
      assert.equal(panel.lang, 'ar');
      assert.ok(panel.text.includes('تروَّ قبل النشر'), 'Arabic title');
      assert.ok(panel.text.includes('انشر على أي حال'), 'Arabic Post anyway');
      assert.equal(panel.quoteArDir, 'rtl');
    } finally {
      await t.setSettings({ lang: 'auto' });
    }
  });

  it('English UI on an Arabic page is LTR, and the Arabic clause quote is still RTL', async () => {
    await t.setSettings({ lang: 'en' });
    try {
      const { page } = await t.open(FB.comment, { lang: 'ar' });
      await typeSlowly(page, FB.comment.sel, TEXTS.arabic);
      await expectHighlights(page, await engineFindings(TEXTS.arabic));
      await page.keyboard.press('Enter');
      const panel = await waitForUi(page, 'panel');
      assert.equal(panel.dir, 'ltr');
      assert.equal(panel.quoteArDir, 'rtl');
      assert.ok(panel.text.includes('Take a moment before posting'));
    } finally {
      await t.setSettings({ lang: 'auto' });
    }
  });
});

// The popup and the options page, opened as extension pages in a tab. Proves that:
// - the popup's digest shows every clause of every loaded pack (iq-1 … iq-5 and the uk-* ones)
//   with title and guidance in Arabic and English, each marked with its language and direction;
// - the language switch sets <html lang dir> (RTL for Arabic) and is remembered;
// - the popup lists the findings of a tab's composer and switches the site off and on;
// - the options page saves language, threshold and sites, lists acknowledgements (rules, site,
//   time — never the text) and clears them, and opens at a clause from "Learn more".

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { start, engine, engineFindings, atLeast, TEXTS, X, FB, typeSlowly, until, waitForUi, uiAction, expectHighlights, highlights } from './extension-helpers.mjs';

let t;
let packs;
before(async () => {
  t = await start();
  packs = (await engine()).packs();
});
after(async () => {
  await t?.h.close();
});
afterEach(async () => {
  for (const p of t.h.pages().slice(1)) await p.close();
  await t.inWorker(() => chrome.storage.local.clear());
  assert.deepEqual(t.h.errors, [], 'no page errors or console errors');
  assert.deepEqual(t.h.externalRequests(), [], 'no network request leaves the browser');
});

async function openPage(file, query = '') {
  const page = await t.h.newPage();
  await page.goto(`${t.base}extension/ui/${file}${query}`);
  await page.waitForSelector('.digest .clause');
  return page;
}

/** Every clause the page shows: {id: {title: {ar, en, arDir, enDir}, guidance: {ar, en}, text: {ar, en}}}. */
function clausesOn(page) {
  return page.evaluate(() => {
    const out = {};
    const side = (node, cls, lang) => node.querySelector(`.${cls}[data-lang="${lang}"]`);
    for (const c of document.querySelectorAll('.digest .clause')) {
      const get = (cls) => ({
        ar: side(c, cls, 'ar')?.textContent ?? null,
        en: side(c, cls, 'en')?.textContent ?? null,
        arDir: side(c, cls, 'ar')?.getAttribute('dir') ?? null,
        arLang: side(c, cls, 'ar')?.getAttribute('lang') ?? null,
        enDir: side(c, cls, 'en')?.getAttribute('dir') ?? null,
      });
      out[c.getAttribute('data-clause')] = { title: get('clause-title'), guidance: get('guidance'), text: get('clause-text') };
    }
    return out;
  });
}

describe('popup', () => {
  it('digest: every clause of both policies, in Arabic and English', async () => {
    const page = await openPage('popup.html');
    const shown = await clausesOn(page);
    const ids = Object.keys(shown);
    for (const id of ['iq-1', 'iq-2', 'iq-3', 'iq-4', 'iq-5']) assert.ok(ids.includes(id), `${id} is in the digest`);
    assert.ok(ids.some((id) => id.startsWith('uk-')), 'the UK clauses are in the digest');
    for (const pack of packs) {
      for (const c of pack.clauses) {
        const s = shown[c.id];
        assert.ok(s, `${c.id} shown`);
        assert.equal(s.title.ar, c.title.ar);
        assert.equal(s.title.en, c.title.en);
        assert.equal(s.title.arDir, 'rtl');
        assert.equal(s.title.arLang, 'ar');
        assert.equal(s.title.enDir, 'ltr');
        assert.equal(s.guidance.ar, c.guidance.ar);
        assert.equal(s.guidance.en, c.guidance.en);
        assert.equal(s.text.ar, c.text.ar);
        assert.equal(s.text.en, c.text.en);
      }
    }
  });

  it('language switch: Arabic is RTL, English LTR, and the choice is remembered', async () => {
    let page = await openPage('popup.html');
    assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['en', 'ltr'], 'browser language (en-US) by default');
    await page.click('[data-lang="ar"]');
    await until(() => page.evaluate(() => document.documentElement.dir === 'rtl'), { message: 'rtl' });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ar');
    assert.equal(await page.textContent('#digest-title'), 'إرشادات السياسات بندًا بندًا');
    assert.equal(await page.getAttribute('[data-lang="ar"]', 'aria-pressed'), 'true');
    await page.close();
    page = await openPage('popup.html');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl', 'remembered');
    await page.click('[data-lang="en"]');
    await until(() => page.evaluate(() => document.documentElement.dir === 'ltr'), { message: 'ltr' });
    assert.equal(await page.textContent('#digest-title'), 'Policy guidance, clause by clause');
  });

  it("lists the findings of the tab's composer, and turns the site off and on", async () => {
    const { page, tabId } = await t.open(FB.comment);
    await typeSlowly(page, FB.comment.sel, TEXTS.mixed);
    const findings = await engineFindings(TEXTS.mixed);
    await expectHighlights(page, findings);
    const popup = await openPage('popup.html', `?tab=${tabId}`);
    await popup.waitForSelector('#findings-list li');
    const items = await popup.$$eval('#findings-list li', (lis) =>
      lis.map((li) => ({ rule: li.getAttribute('data-rule'), clause: li.getAttribute('data-clause'), flagged: li.querySelector('.flagged')?.textContent, blocking: !!li.querySelector('.blocking') })),
    );
    const warn = new Set(atLeast(findings, 'warn'));
    assert.deepEqual(
      items,
      findings.map((f) => ({ rule: f.rule, clause: f.clause, flagged: f.text, blocking: warn.has(f) })),
    );
    assert.equal(await popup.isChecked('#site-toggle'), true);
    assert.equal(await popup.textContent('#site-label'), 'Check what I write on Facebook');

    await popup.uncheck('#site-toggle');
    await until(async () => Object.keys(await highlights(page)).length === 0, { message: 'highlights cleared on the page' });
    await until(async () => (await t.badge(tabId)) === '', { message: 'badge cleared' });
    assert.equal(await popup.textContent('#findings-status'), 'Tarawwi is off on Facebook.');
    await popup.check('#site-toggle');
    await expectHighlights(page, findings);
  });

  it('says where Tarawwi works when the tab is not X or Facebook', async () => {
    const page = await openPage('popup.html', '?tab=987654');
    assert.equal(await page.textContent('#findings-status'), 'Tarawwi checks what you write on x.com and facebook.com.');
    assert.equal(await page.isHidden('#site'), true);
  });
});

describe('options', () => {
  it('saves language, threshold and sites', async () => {
    const page = await openPage('options.html');
    assert.equal(await page.inputValue('#lang'), 'auto');
    assert.equal(await page.inputValue('#threshold'), 'warn');
    await page.selectOption('#threshold', 'high');
    await page.uncheck('#site-x');
    await page.selectOption('#lang', 'ar');
    await until(() => page.evaluate(() => document.documentElement.dir === 'rtl'), { message: 'rtl' });
    const stored = await t.inWorker(async () => (await chrome.storage.local.get('settings')).settings);
    assert.deepEqual(stored, { lang: 'ar', threshold: 'high', policy: 'all', sites: { x: false, facebook: true }, rules: {}, ignored: [] });
    assert.equal(await page.textContent('h1'), 'إعدادات تروَّ');
  });

  it('lists acknowledgements (rules, site, time — never the text) and clears them', async () => {
    const { page } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, TEXTS.english);
    const findings = await engineFindings(TEXTS.english);
    await expectHighlights(page, findings);
    await page.keyboard.press('Control+Enter');
    await waitForUi(page, 'panel');
    await uiAction(page, 'post-anyway');
    await until(async () => (await t.inWorker(async () => (await chrome.storage.local.get('acks')).acks || [])).length === 1, { message: 'ack' });

    const options = await openPage('options.html');
    await options.waitForSelector('#acks-body tr');
    const rows = await options.$$eval('#acks-body tr', (trs) =>
      trs.map((tr) => ({ site: tr.children[1].textContent, rules: [...tr.querySelectorAll('[data-rule]')].map((li) => li.getAttribute('data-rule')).sort() })),
    );
    const rules = [...new Set(atLeast(findings, 'warn').map((f) => f.rule))].sort();
    assert.deepEqual(rows, [{ site: 'X', rules }]);
    const body = await options.textContent('#acks');
    for (const f of findings) assert.ok(!body.includes(f.text), 'the acknowledgement list never shows the text');
    await options.click('#acks-clear');
    await options.waitForSelector('#acks-empty:not([hidden])');
    assert.deepEqual(await t.inWorker(async () => (await chrome.storage.local.get('acks')).acks), undefined);
  });

  it('opens at a clause given in the URL', async () => {
    const page = await openPage('options.html', '#clause-iq-3');
    await page.waitForSelector('#clause-iq-3.target');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'clause-iq-3');
  });
});

// Closed audiences (issue 7, clause iq-3) and posting from another account (iq-4). Proves that:
// - in a Facebook group, Messenger, an X DM and a Facebook post whose audience is not Public, a
//   text with findings gets one more finding citing iq-3 and every finding one step more severe;
//   clean text there gets nothing; the same text on a public composer gets no iq-3 finding;
// - with the user's real name in the settings, a post about their institution from an account
//   whose display name / handle does not carry that name gets an anonymity finding citing iq-4;
//   none when the account carries the name or the text is not about the institution;
// - texts that announce a fake account or ask others to post anonymously are flagged (iq-4).

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { start, engineFindings, TEXTS, CLEAN, X, FB, typeSlowly, until, settle, waitForUi, extensionUi, RULE_CLOSED, RULE_OTHER } from './extension-helpers.mjs';

let t;
before(async () => {
  t = await start();
});
after(async () => {
  await t?.h.close();
});
afterEach(async () => {
  for (const p of t.h.pages().slice(1)) await p.close();
  await t.inWorker(() => chrome.storage.local.remove('profile'));
  assert.deepEqual(t.h.errors, [], 'no page errors or console errors');
  assert.deepEqual(t.h.externalRequests(), [], 'no network request leaves the browser');
});

const BUMP = { info: 'warn', warn: 'high', high: 'high' };

/** The findings the worker holds for a tab's composer (session copy: rule, severity, clause, span). */
function tabFindings(tabId) {
  return t.inWorker(async (id) => ((await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] || {}).findings || null, tabId);
}
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
/** Wait until the tab's findings satisfy `ok`; → the findings. */
async function waitFindings(tabId, ok, message) {
  let last;
  try {
    return await until(async () => {
      last = await tabFindings(tabId);
      return last && ok(last) ? last : null;
    }, { timeout: 6000, message });
  } catch (e) {
    assert.fail(`${message}: ${JSON.stringify(last)}`);
  }
}
const summary = (fs) => fs.map((f) => `${f.rule}:${f.severity}`).sort();

const FB_GROUP_POST = {
  site: 'facebook',
  path: '/groups/123/',
  sel: '[role="dialog"] form[method="post"] [data-lexical-editor="true"]',
  name: 'post',
  open: async (p) => {
    await p.waitForSelector('[data-pagelet="GroupInlineComposer"] [role="button"]');
    await p.click('[data-pagelet="GroupInlineComposer"] [role="button"]');
  },
};
// open() waits for the home page's opener before calling `open`; the group page has its own.
async function openComposer(c, opts) {
  if (c === FB_GROUP_POST) {
    const before = new Set(await t.sessionTabs());
    const page = await t.h.newPage();
    await t.h.openFacebook(c.path, { page, lang: opts?.lang });
    await c.open(page);
    await page.waitForSelector(c.sel);
    const tabId = await until(async () => (await t.sessionTabs()).find((id) => !before.has(id)), { message: 'connected' });
    return { page, tabId };
  }
  return t.open(c, opts);
}

describe('closed audiences (iq-3)', () => {
  const cases = [
    ['a Facebook group post', FB_GROUP_POST],
    ['Messenger', FB.messenger],
    ['an X DM', X.dm],
    ['an X Community', X.community],
    ['a Facebook post to Friends only', { ...FB.post, path: '/?audience=friends' }],
  ];
  for (const [name, c] of cases) {
    it(`${name}: findings are raised one step and one more cites iq-3`, async () => {
      const text = TEXTS.english;
      const engine = await engineFindings(text);
      assert.ok(engine.length > 0);
      const { page, tabId } = await openComposer(c);
      await typeSlowly(page, c.sel, text);
      // Wait for the result of the whole text (earlier keystrokes have results of their own).
      const want = summary(engine.map((f) => ({ ...f, severity: BUMP[f.severity] })));
      const got = await waitFindings(
        tabId,
        (fs) => fs.some((f) => f.rule === RULE_CLOSED) && same(summary(fs.filter((f) => f.rule !== RULE_CLOSED)), want),
        'iq-3 finding',
      );
      const closed = got.filter((f) => f.rule === RULE_CLOSED);
      assert.equal(closed.length, 1);
      assert.equal(closed[0].clause, 'iq-3');
      assert.equal(closed[0].category, 'private-audience');
      assert.deepEqual(
        summary(got.filter((f) => f.rule !== RULE_CLOSED)),
        summary(engine.map((f) => ({ ...f, severity: BUMP[f.severity] }))),
        'every engine finding, one step more severe',
      );
    });
  }

  it('switched off in the options, the iq-3 rule neither adds a finding nor raises the others', async () => {
    await t.setSettings({ rules: { [RULE_CLOSED]: false } });
    try {
      const text = TEXTS.english;
      const engine = await engineFindings(text);
      const { page, tabId } = await t.open(X.dm);
      await typeSlowly(page, X.dm.sel, text);
      const got = await waitFindings(tabId, (fs) => same(summary(fs), summary(engine)), 'findings');
      assert.deepEqual(summary(got), summary(engine));
    } finally {
      await t.inWorker(async () => {
        const { settings } = await chrome.storage.local.get('settings');
        await chrome.storage.local.set({ settings: { ...settings, rules: {} } });
      });
    }
  });

  it('clean text in a group gets nothing', async () => {
    const { page, tabId } = await openComposer(FB_GROUP_POST);
    await typeSlowly(page, FB_GROUP_POST.sel, CLEAN.english);
    await until(async () => (await tabFindings(tabId)) !== null && (await t.inWorker(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`].checked, tabId)), { message: 'checked' });
    await settle();
    assert.deepEqual(await tabFindings(tabId), []);
  });

  it('the same text in a public composer has no iq-3 finding', async () => {
    const text = TEXTS.english;
    const engine = await engineFindings(text);
    const { page, tabId } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, text);
    const got = await waitFindings(tabId, (fs) => same(summary(fs), summary(engine)), 'findings');
    assert.deepEqual(summary(got), summary(engine));
  });

  it('the review panel explains the iq-3 finding in both languages', async () => {
    await t.setSettings({ lang: 'ar' });
    try {
      const { page } = await t.open(X.dm, { lang: 'ar' });
      await typeSlowly(page, X.dm.sel, TEXTS.arabic);
      await until(async () => (await page.evaluate(() => [...CSS.highlights.keys()].length)) > 0, { message: 'highlights' });
      await settle(200);
      await page.keyboard.press('Enter');
      const panel = await waitForUi(page, 'panel');
      assert.equal(panel.dir, 'rtl');
      // Step to the iq-3 finding.
      let ui = panel;
      for (let i = 0; i < 10 && ui.rule !== RULE_CLOSED; i++) {
        await page.locator('[data-tarawwi-ui] [data-action="next"]').click();
        ui = (await extensionUi(page)).panel;
      }
      assert.equal(ui.rule, RULE_CLOSED);
      assert.equal(ui.clause, 'iq-3');
      assert.match(ui.quoteAr, /خصوصية النشر/);
      assert.match(ui.quoteEn, /closed or private groups/);
      assert.match(ui.text, /المجموعات والمحادثات المغلقة ليست خاصة/);
    } finally {
      await t.setSettings({ lang: 'en' });
    }
  });
});

describe('another account (iq-4)', () => {
  const setProfile = (profile) => t.inWorker((p) => chrome.storage.local.set({ profile: p }), profile);
  const ABOUT = 'Basra Appeals Court is hiring clerks this month, apply soon';

  for (const c of [X.inline, FB.comment]) {
    it(`${c.site}: about the institution from an account without the user's name → an iq-4 finding`, async () => {
      assert.deepEqual(await engineFindings(ABOUT), [], 'the text alone is clean');
      await setProfile({ names: ['Ahmed Karim'], institution: ['Basra Appeals Court'], leaders: [], terms: [] });
      const { page, tabId } = await t.open(c);
      await typeSlowly(page, c.sel, ABOUT);
      const got = await waitFindings(tabId, (fs) => fs.length > 0, 'iq-4 finding');
      assert.deepEqual(
        got.map((f) => [f.rule, f.category, f.severity, f.clause, f.start, f.end]),
        [[RULE_OTHER, 'anonymity', 'high', 'iq-4', 0, 'Basra Appeals Court'.length]],
      );
    });
  }

  it('no finding when the account carries the name, or the text is not about the institution', async () => {
    // The fixture's account is "Test User 🌙" (@testhandle).
    await setProfile({ names: ['Test User'], institution: ['Basra Appeals Court'], leaders: [], terms: [] });
    const { page, tabId } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, ABOUT);
    await until(async () => (await t.inWorker(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`]?.checked, tabId)), { message: 'checked' });
    await settle();
    assert.deepEqual(await tabFindings(tabId), []);

    await setProfile({ names: ['Ahmed Karim'], institution: ['Basra Appeals Court'], leaders: [], terms: [] });
    const other = await t.open(X.inline);
    await typeSlowly(other.page, X.inline.sel, CLEAN.english);
    await until(async () => (await t.inWorker(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`]?.checked, other.tabId)), { message: 'checked' });
    await settle();
    assert.deepEqual(await tabFindings(other.tabId), []);
  });

  it('"my court" in Arabic counts as the institution too', async () => {
    await setProfile({ names: ['أحمد كريم'], institution: [], leaders: [], terms: [] });
    const text = 'محكمتنا تفتح باب التقديم الأسبوع القادم';
    const { page, tabId } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, text);
    const got = await waitFindings(tabId, (fs) => fs.some((f) => f.rule === RULE_OTHER), 'iq-4 finding');
    const f = got.find((x) => x.rule === RULE_OTHER);
    assert.equal(text.slice(f.start, f.end), 'محكمتنا');
  });

  it('announcing a fake account or asking to post anonymously is flagged (iq-4)', async () => {
    for (const text of ['Posting this from my burner account so they can\'t trace it', 'انشروها بدون اسمي، الوضع بالدائرة كلش سيء']) {
      const findings = await engineFindings(text);
      assert.ok(findings.some((f) => f.category === 'anonymity' && f.clause === 'iq-4'), text);
      const { page, tabId } = await t.open(FB.comment);
      await typeSlowly(page, FB.comment.sel, text);
      const got = await waitFindings(tabId, (fs) => same(summary(fs), summary(findings)), 'iq-4 finding');
      assert.deepEqual(summary(got), summary(findings));
    }
  });
});

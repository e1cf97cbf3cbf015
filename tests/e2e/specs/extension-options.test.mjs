// The options page of issue 7 and what it changes on the sites. Proves that:
// - every string of the popup, card, review panel, action confirmation and options exists in
//   Arabic and English, and the options page follows the chosen language (RTL for Arabic);
// - the institution profile (names, aliases, leaders, internal terms; Arabic and English, user
//   strings with quotes and backslashes) becomes a custom pack the engine uses on the sites;
// - a rule switched off is never reported; switched on again, it is;
// - "Ignore always" (from the card) stores the rule id and a hash of the phrase, never the words;
//   the options page lists it and removes it with Undo;
// - the acknowledgement log exports as JSON and CSV (a local download) and clears.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { start, DIST, engineFindings, TEXTS, X, FB, typeSlowly, until, settle, expectHighlights, highlightBox, waitForUi, cardShowing } from './extension-helpers.mjs';

let t;
before(async () => {
  t = await start();
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

async function openOptions(query = '') {
  const page = await t.h.newPage();
  await page.goto(`${t.base}extension/ui/options.html${query}`);
  await page.waitForSelector('#rules-body [data-rule-toggle]');
  return page;
}

function tabFindings(tabId) {
  return t.inWorker(async (id) => ((await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] || {}).findings || null, tabId);
}
async function waitFindings(tabId, ok, message) {
  let last;
  try {
    return await until(async () => {
      last = await tabFindings(tabId);
      return last && ok(last) ? last : null;
    }, { timeout: 6000, message });
  } catch {
    assert.fail(`${message}: ${JSON.stringify(last)}`);
  }
}
const rulesOf = (fs) => [...new Set(fs.map((f) => f.rule))].sort();

describe('i18n', () => {
  it('every UI string exists in Arabic and English', async () => {
    globalThis.tarawwi = undefined;
    await import(pathToFileURL(path.join(DIST, 'extension', 'shared', 'i18n.js')).href);
    const { STRINGS } = globalThis.tarawwi.i18n;
    const en = Object.keys(STRINGS.en).sort();
    const ar = Object.keys(STRINGS.ar).sort();
    assert.deepEqual(ar, en);
    for (const k of en) {
      assert.ok(STRINGS.en[k].trim(), `en ${k}`);
      assert.ok(STRINGS.ar[k].trim(), `ar ${k}`);
    }
    // Every key the UI asks for is defined.
    const files = ['ui/options.html', 'ui/popup.html', 'ui/options.js', 'ui/options-personal.js', 'ui/popup.js', 'ui/common.js', 'content/card.js', 'content/panel.js', 'content/ui.js', 'content/actions.js'];
    for (const f of files) {
      const src = readFileSync(path.join(DIST, 'extension', f), 'utf8');
      for (const m of src.matchAll(/data-i18n(?:-label)?="([^"]+)"|\bt\((?:lang|L|h\.lang\(\)|lang\(\)|langOf\([^)]*\)), '([^'`]+)'/g)) {
        const key = m[1] || m[2];
        assert.ok(en.includes(key), `${f}: '${key}' has no string`);
      }
    }
  });

  for (const lang of ['en', 'ar']) {
    it(`the options page in ${lang}: every string translated, direction ${lang === 'ar' ? 'RTL' : 'LTR'}`, async () => {
      await t.setSettings({ lang });
      const page = await openOptions();
      await until(() => page.evaluate((l) => document.documentElement.lang === l, lang), { message: 'lang' });
      const r = await page.evaluate(() => {
        const { STRINGS } = globalThis.tarawwi.i18n;
        const l = document.documentElement.lang;
        const wrong = [...document.querySelectorAll('[data-i18n]')].filter((n) => n.textContent !== STRINGS[l][n.getAttribute('data-i18n')]).map((n) => n.getAttribute('data-i18n'));
        const icon = document.querySelector('header.top img').getBoundingClientRect();
        const brand = document.querySelector('header.top .brand').getBoundingClientRect();
        const legend = document.querySelector('#rules-body legend').getBoundingClientRect();
        const width = document.documentElement.clientWidth;
        return {
          dir: document.documentElement.dir,
          wrong,
          direction: getComputedStyle(document.querySelector('#profile')).direction,
          // The start edge is on the right in RTL: the heading hugs the right side.
          iconAtStart: l === 'ar' ? icon.left >= brand.right - 1 : icon.right <= brand.left + 1,
          legendStartRight: legend.right > width / 2,
          ruleTitles: [...document.querySelectorAll('#rules-body label.rule span:not(.chip)')].slice(0, 3).map((s) => s.textContent),
        };
      });
      assert.deepEqual(r.wrong, [], 'every [data-i18n] shows its string');
      assert.equal(r.dir, lang === 'ar' ? 'rtl' : 'ltr');
      assert.equal(r.direction, lang === 'ar' ? 'rtl' : 'ltr');
      assert.ok(r.iconAtStart, 'the logo sits at the start edge, before the heading');
      assert.equal(r.legendStartRight, lang === 'ar');
      for (const title of r.ruleTitles) assert.equal(/[\u0600-\u06FF]/.test(title), lang === 'ar', `rule title in ${lang}: ${title}`);
    });
  }
});

describe('institution pack (generated TOML, in Node with the shipped engine)', () => {
  it('escapes every user string and loads into the engine', async () => {
    const extras = await import(pathToFileURL(path.join(DIST, 'extension', 'background', 'extras.js')).href);
    const { engine: shipped } = await import('./extension-helpers.mjs');
    const e = await shipped();
    const nasty = ['Court "A" \\ B', 'x"]\n[[rules]]\nid = "evil"', 'tab\there', 'محكمة "الكرخ"', 'line\u2028sep', '**', '  '];
    const toml = extras.institutionPack({ names: [], institution: nasty, leaders: ['Judge "J" \\'], terms: [] }, e.packs());
    assert.ok(toml);
    // As the worker loads it: TOML parsed in JS (background/toml.js), then given to the engine.
    const packs = await import(pathToFileURL(path.join(DIST, 'extension', 'background', 'toml.js')).href);
    const { Engine } = await import(pathToFileURL(path.join(DIST, 'extension', 'wasm', 'tarawwi_wasm.js')).href);
    assert.deepEqual(packs.lintPack(e, Engine, 'my-institution.toml', toml), [], 'valid, no failing examples');
    const info = packs.addPack(e, Engine, 'my-institution.toml', toml);
    assert.equal(info.id, 'my-institution');
    const ids = e.rules().filter((r) => r.pack === 'my-institution').map((r) => r.id).sort();
    assert.deepEqual(ids, ['my-institution.confidential.institution', 'my-institution.reputation.institution', 'my-institution.reputation.leaders']);
    assert.ok(e.check('Court "A" \\ B is corrupt').some((f) => f.rule === 'my-institution.reputation.institution'));
    assert.ok(e.check('محكمة الكرخ فاسدة').some((f) => f.rule === 'my-institution.reputation.institution'));
    assert.ok(!e.rules().some((r) => r.id === 'evil'), 'no injected rule');
  });

  it('a malformed custom pack (TOML parsed in JS) is an error naming the file, line and rule', async () => {
    // As crates/tarawwi-engine/src/tests.rs `every_kind_of_rule_error_names_its_rule` does natively.
    const { engine: shipped } = await import('./extension-helpers.mjs');
    const e = await shipped();
    const packs = await import(pathToFileURL(path.join(DIST, 'extension', 'background', 'toml.js')).href);
    const { Engine } = await import(pathToFileURL(path.join(DIST, 'extension', 'wasm', 'tarawwi_wasm.js')).href);
    const src = readFileSync(new URL('../../../packs/examples/sample-institution.toml', import.meta.url), 'utf8');
    const starts = [...src.matchAll(/^\[\[rules\]\]/gm)].map((m) => m.index);
    assert.ok(starts.length > 0);
    const wrong = [];
    starts.forEach((st, k) => {
      const end = starts[k + 1] ?? src.length;
      const body = src.slice(st, end);
      const id = body.split('\n').find((l) => l.startsWith('id = ')).slice(5).replace(/"/g, '');
      const muts = {
        'bad category': body.replace('category = "', 'category = "x'),
        'bad severity': body.replace('severity = "', 'severity = "x'),
        'terms int': body.replace('terms = [', 'terms = 3\nxx = ['),
        'no terms': body.split('\n').filter((l) => !l.startsWith('terms')).join('\n') + '\n',
        unknown: body.replace('\nclause', '\nfoo = 1\nclause'),
        'suffixes str': body.replace('\nclause', '\nsuffixes = "yes"\nclause'),
        'title no ar': body.replace('title = { en = ', 'title = { xx = '),
        syntax: body.replace('\nclause', '\nclause = = 3\nclause'),
      };
      for (const [what, m] of Object.entries(muts)) {
        assert.notEqual(m, body, what);
        let msg = null;
        try {
          packs.lintPack(e, Engine, 'p.toml', src.slice(0, st) + m + src.slice(end));
        } catch (err) {
          msg = String(err.message);
        }
        if (!msg || !/^p\.toml:\d+: /.test(msg) || !msg.includes(`rule '${id}'`)) wrong.push(`${id}, ${what}: ${msg}`);
      }
    });
    assert.deepEqual(wrong, []);
  });

  it('finds mentions on whole words, with Arabic prefixes, spans in UTF-16 of the original', async () => {
    const extras = await import(pathToFileURL(path.join(DIST, 'extension', 'background', 'extras.js')).href);
    const text = '😀 وبمحكمتنا courtyard، My Court!';
    assert.deepEqual(extras.findMention('courtyard only', ['court']), null);
    const m = extras.findMention(text, ['my court']);
    assert.equal(text.slice(m.start, m.end), 'My Court');
    const a = extras.findMention('قالوا إنّ المَحكمة مغلقة', ['محكمة']);
    assert.equal('قالوا إنّ المَحكمة مغلقة'.slice(a.start, a.end), 'المَحكمة'.slice(2));
    assert.ok(extras.accountCarries({ name: 'Ahmed Karim 🌙', handle: 'x' }, ['ahmed karim']));
    assert.ok(extras.accountCarries({ name: '', handle: 'ahmedkarim_iq' }, ['Ahmed Karim']));
    assert.ok(!extras.accountCarries({ name: 'Truth Teller', handle: 'truth_iq' }, ['Ahmed Karim']));
    assert.match(await extras.phraseHash('r', 'Hello  World'), /^[0-9a-f]{32}$/);
    assert.equal(await extras.phraseHash('r', 'Hello  World'), await extras.phraseHash('r', 'hello world'));
    assert.equal(await extras.phraseHash('r', 'المحكمة'), await extras.phraseHash('r', 'المَحكمــة'));
  });
});

describe('institution profile', () => {
  it('names, aliases, leaders and terms become a custom pack the sites use (user strings escaped)', async () => {
    const page = await openOptions();
    await page.fill('#profile-names', 'Ahmed Karim\nأحمد كريم');
    await page.fill('#profile-institution', 'Basra "Appeals" Court \\ East\nمحكمة استئناف البصرة');
    await page.fill('#profile-leaders', 'Judge Salim Hadi');
    await page.fill('#profile-terms', 'Registry Annex');
    await page.click('#profile-save');
    await until(() => page.evaluate(() => document.querySelector('#profile-status').getAttribute('data-state')), { message: 'saved' });
    assert.equal(await page.getAttribute('#profile-status', 'data-state'), 'saved', await page.textContent('#profile-status'));
    const stored = await t.inWorker(async () => (await chrome.storage.local.get('profile')).profile);
    assert.deepEqual(stored, {
      names: ['Ahmed Karim', 'أحمد كريم'],
      institution: ['Basra "Appeals" Court \\ East', 'محكمة استئناف البصرة'],
      leaders: ['Judge Salim Hadi'],
      terms: ['Registry Annex'],
    });
    // Its rules are listed with the others.
    await page.waitForSelector('[data-rule-toggle="my-institution.reputation.institution"]');
    await page.waitForSelector('[data-rule-toggle="my-institution.reputation.leaders"]');

    const cases = [
      ['محكمة استئناف البصرة صارت مهزلة والواسطة بكل مكان', 'my-institution.reputation.institution'],
      ['Judge Salim Hadi is corrupt and everyone knows it', 'my-institution.reputation.leaders'],
      ['The Registry Annex memo is confidential, here it is', 'my-institution.confidential.institution'],
    ];
    for (const [text, rule] of cases) {
      const { page: x, tabId } = await t.open(X.inline);
      await typeSlowly(x, X.inline.sel, text);
      const got = await waitFindings(tabId, (fs) => fs.some((f) => f.rule === rule), rule);
      assert.ok(got.some((f) => f.rule === rule && f.clause === 'iq-1'));
      await x.close();
    }
  });

  it('an empty profile removes the pack', async () => {
    const page = await openOptions();
    // Every field set here: the form shows what the worker had when the page opened.
    for (const k of ['names', 'leaders', 'terms']) await page.fill(`#profile-${k}`, '');
    // Each save is awaited (its status), not just a toggle: the worker's engine may still list the
    // previous test's pack, and a reply that lands after the next fill would refill the form.
    const save = async () => {
      await page.evaluate(() => document.querySelector('#profile-status').removeAttribute('data-state'));
      await page.click('#profile-save');
      await until(() => page.evaluate(() => document.querySelector('#profile-status').getAttribute('data-state')), { message: 'saved' });
    };
    await page.fill('#profile-institution', 'Basra Appeals Court');
    await save();
    await page.waitForSelector('[data-rule-toggle="my-institution.reputation.institution"]');
    await page.fill('#profile-institution', '');
    await save();
    await until(async () => (await page.locator('[data-rule-toggle^="my-institution."]').count()) === 0, { message: 'pack gone' });
  });
});

describe('rules and ignore always', () => {
  it('choosing one policy reports each problem once, with that policy\'s clause', async () => {
    const text = TEXTS.english;
    const findings = await engineFindings(text);
    const uk = findings.filter((f) => f.rule.startsWith('uk.'));
    assert.ok(uk.length > 0 && uk.length < findings.length, 'both built-in policies flag the text');
    const page = await openOptions();
    await page.selectOption('#policy', 'uk-civil-service');
    await until(async () => (await t.inWorker(async () => (await chrome.storage.local.get('settings')).settings?.policy)) === 'uk-civil-service', { message: 'stored' });
    const { page: x } = await t.open(X.inline);
    await typeSlowly(x, X.inline.sel, text);
    await expectHighlights(x, uk);
    await page.selectOption('#policy', 'all');
    await expectHighlights(x, findings);
  });

  it('a rule switched off is never reported; on again, it is', async () => {
    const text = 'The Iranian regime are criminals and our government are their puppets';
    const findings = await engineFindings(text);
    const off = findings[0].rule;
    const page = await openOptions();
    await page.uncheck(`[data-rule-toggle="${off}"]`);
    await until(async () => (await t.inWorker(async () => (await chrome.storage.local.get('settings')).settings?.rules)) ?.[off] === false, { message: 'stored' });
    const { page: x, tabId } = await t.open(X.inline);
    await typeSlowly(x, X.inline.sel, text);
    const rest = findings.filter((f) => f.rule !== off);
    await expectHighlights(x, rest);
    await waitFindings(tabId, (fs) => rulesOf(fs).join() === rulesOf(rest).join(), 'the worker leaves the rule out');
    await page.check(`[data-rule-toggle="${off}"]`);
    await expectHighlights(x, findings);
  });

  it('"Ignore always" keeps only the rule and a hash; options lists it and removes it with Undo', async () => {
    const text = TEXTS.english;
    const findings = await engineFindings(text);
    const { page, tabId } = await t.open(X.inline);
    await typeSlowly(page, X.inline.sel, text);
    await expectHighlights(page, findings);
    const f = findings[0];
    const box = await highlightBox(page, f.text);
    await page.mouse.move(box.x, box.y);
    await waitForUi(page, 'card');
    const card = await cardShowing(page, f.rule);
    await page.locator('[data-tarawwi-ui] [data-action="ignore-always"]').click();
    const rest = findings.filter((g) => !(g.rule === card.rule && g.text === card.flagged));
    await expectHighlights(page, rest);
    await waitFindings(tabId, (fs) => rulesOf(fs).join() === rulesOf(rest).join() && fs.length === rest.length, 'the worker drops it');

    const local = await t.inWorker(() => chrome.storage.local.get(null));
    const ignored = local.settings.ignored;
    assert.equal(ignored.length, 1);
    assert.deepEqual(Object.keys(ignored[0]).sort(), ['hash', 'rule', 'time']);
    assert.equal(ignored[0].rule, f.rule);
    assert.match(ignored[0].hash, /^[0-9a-f]{32}$/);
    const all = JSON.stringify(local);
    for (const g of findings) assert.ok(!all.includes(g.text), `storage never holds "${g.text}"`);

    // A new composer with the same words: still ignored.
    const again = await t.open(X.inline);
    await typeSlowly(again.page, X.inline.sel, text);
    await expectHighlights(again.page, rest);

    const options = await openOptions();
    await options.waitForSelector(`#ignored-body li[data-ignored="${f.rule}"]`);
    assert.ok(!(await options.textContent('#ignored')).includes(f.text), 'the list never shows the words');
    await options.click(`#ignored-body li[data-ignored="${f.rule}"] [data-action="unignore"]`);
    await options.waitForSelector('#ignored-empty:not([hidden])');
    await expectHighlights(again.page, findings);
    await options.click('[data-action="undo-unignore"]');
    await options.waitForSelector(`#ignored-body li[data-ignored="${f.rule}"]`);
    await expectHighlights(again.page, rest);
  });
});

describe('acknowledgement log', () => {
  it('exports JSON and CSV (no network) and clears', async () => {
    const acks = [
      { time: Date.UTC(2026, 0, 2, 10, 0), site: 'x', rules: ['iq.political.foreign-attack'] },
      { time: Date.UTC(2026, 0, 3, 11, 30), site: 'facebook', rules: ['iq.confidential.leak', 'tarawwi.private-audience.closed-audience'] },
    ];
    await t.inWorker((acks) => chrome.storage.local.set({ acks }), acks);
    const page = await openOptions();
    await page.waitForSelector('#acks-body tr');

    const read = async (button) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
      return { name: dl.suggestedFilename(), text: readFileSync(await dl.path(), 'utf8') };
    };
    const json = await read('#acks-export-json');
    assert.match(json.name, /^tarawwi-acknowledgements-\d{4}-\d\d-\d\d\.json$/);
    assert.deepEqual(JSON.parse(json.text), [
      { time: '2026-01-02T10:00:00.000Z', site: 'x', rules: ['iq.political.foreign-attack'] },
      { time: '2026-01-03T11:30:00.000Z', site: 'facebook', rules: ['iq.confidential.leak', 'tarawwi.private-audience.closed-audience'] },
    ]);
    const csv = await read('#acks-export-csv');
    assert.match(csv.name, /\.csv$/);
    assert.deepEqual(csv.text.trim().split('\r\n'), [
      'time,site,rules',
      '2026-01-02T10:00:00.000Z,x,iq.political.foreign-attack',
      '2026-01-03T11:30:00.000Z,facebook,iq.confidential.leak tarawwi.private-audience.closed-audience',
    ]);
    // The synthetic rules have titles too.
    assert.match(await page.textContent('#acks-body'), /Closed groups and chats are not private/);
    await page.click('#acks-clear');
    await page.waitForSelector('#acks-empty:not([hidden])');
    await settle();
  });
});

void FB;

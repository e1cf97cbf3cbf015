// The personal parts of the options page (issue 7): the institution profile, per-rule switches,
// the "Ignore always" list (rule id + hash, with undo) and the export of the acknowledgement log.
// Kept apart from options.js; it follows the page language that options.js sets on <html lang>.

import { KIND, send, el, t, pick } from './common.js';

/** @type {{settings: Settings, rules: RuleMessages[], profile: Profile, packs: PackInfo[]}|null} */
let model = null;
/** The last removed "Ignore always" entries, for Undo. */
let lastRemoved = /** @type {Array<{rule: string, hash: string, time: number}>|null} */ (null);

const lang = () => (document.documentElement.lang === 'ar' ? 'ar' : 'en');
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

async function load() {
  const [{ settings }, { rules }, { profile }, { packs }] = await Promise.all([
    send({ kind: KIND.GET_SETTINGS }),
    send({ kind: KIND.LIST_RULES }),
    send({ kind: KIND.GET_PROFILE }),
    send({ kind: KIND.DIGEST }),
  ]);
  model = { settings, rules, profile, packs };
  fillProfile(profile);
  render();
}

/** @param {Profile} profile */
function fillProfile(profile) {
  for (const k of ['names', 'institution', 'leaders', 'terms']) {
    /** @type {HTMLTextAreaElement} */ ($(`profile-${k}`)).value = (profile[k] || []).join('\n');
  }
}

function ruleTitle(id) {
  const r = model && model.rules.find((m) => m.id === id);
  return r ? pick(r.title, lang()) : id;
}

/** A pack's display name: the policy's own, "Your institution", or Tarawwi for the worker's rules. */
function packName(id, L) {
  if (id === 'my-institution') return t(L, 'options.profile');
  if (id === 'tarawwi') return t(L, 'appName');
  const p = model.packs.find((x) => x.id === id);
  return p ? pick(p.name, L) : id;
}

function render() {
  if (!model) return;
  const L = lang();
  const { settings, rules } = model;
  document.title = t(L, 'options.title');

  // Per-rule switches, grouped by pack.
  const byPack = new Map();
  for (const r of rules) {
    if (!byPack.has(r.pack)) byPack.set(r.pack, []);
    byPack.get(r.pack).push(r);
  }
  const groups = [];
  for (const [pack, list] of byPack) {
    groups.push(
      el(
        'fieldset',
        { class: 'pack-rules', 'data-pack': pack },
        el('legend', { text: packName(pack, L) }),
        ...list.map((r) =>
          el(
            'label',
            { class: 'rule switch', 'data-rule': r.id },
            el('input', {
              type: 'checkbox',
              'data-rule-toggle': r.id,
              checked: settings.rules[r.id] !== false,
              // Managed policy (issue 8): a locked rule cannot be changed here (nor in the worker).
              disabled: !!(settings.locked && settings.locked.rules.includes(r.id)),
              onchange: (e) => saveSettings({ rules: { [r.id]: /** @type {HTMLInputElement} */ (e.target).checked ? true : false } }),
            }),
            el('span', { class: `chip ${r.severity}`, text: t(L, `severity.${r.severity}`) }),
            el('span', { text: pick(r.title, L) }),
            el('code', { text: `${r.id} · ${r.clause && r.clause.id}` }),
            ...(settings.locked && settings.locked.rules.includes(r.id) ? [el('span', { class: 'managed', 'data-managed': '', text: t(L, 'options.setByOrg') })] : []),
          ),
        ),
      ),
    );
  }
  $('rules-body').replaceChildren(...groups);

  // "Ignore always": rule and fingerprint only.
  const ignored = settings.ignored || [];
  $('ignored-body').replaceChildren(
    ...ignored.map((e) =>
      el(
        'li',
        { 'data-ignored': e.rule, 'data-hash': e.hash },
        el('span', { text: ruleTitle(e.rule) }),
        el('code', { text: e.rule }),
        el('code', { title: t(L, 'options.fingerprint'), text: e.hash.slice(0, 12) }),
        el('button', { type: 'button', 'data-action': 'unignore', text: t(L, 'options.ignoredRemove'), onclick: () => unignore([e]) }),
      ),
    ),
  );
  $('ignored-empty').hidden = ignored.length > 0;
}

async function saveSettings(patch) {
  const { settings } = await send({ kind: KIND.SET_SETTINGS, patch });
  model.settings = settings;
  render();
}

/** Remove entries from the list, offering Undo. @param {Array<{rule: string, hash: string, time: number}>} entries */
async function unignore(entries) {
  const gone = new Set(entries.map((e) => `${e.rule} ${e.hash}`));
  lastRemoved = entries;
  await saveSettings({ ignored: model.settings.ignored.filter((e) => !gone.has(`${e.rule} ${e.hash}`)) });
  const L = lang();
  const undo = el('button', {
    type: 'button',
    'data-action': 'undo-unignore',
    text: t(L, 'options.undo'),
    onclick: async () => {
      if (!lastRemoved) return;
      const back = lastRemoved;
      lastRemoved = null;
      await saveSettings({ ignored: [...model.settings.ignored, ...back] });
      $('ignored-status').replaceChildren();
    },
  });
  $('ignored-status').replaceChildren(t(L, 'options.ignoredRemoved'), ' ', undo);
}

$('profile-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const L = lang();
  const profile = {};
  for (const k of ['names', 'institution', 'leaders', 'terms']) profile[k] = /** @type {HTMLTextAreaElement} */ ($(`profile-${k}`)).value.split('\n');
  const status = $('profile-status');
  try {
    const reply = await send({ kind: KIND.SET_PROFILE, profile });
    model.profile = reply.profile;
    fillProfile(reply.profile);
    const { rules } = await send({ kind: KIND.LIST_RULES });
    model.rules = rules;
    render();
    status.textContent = t(L, 'options.profile.saved');
    status.setAttribute('data-state', 'saved');
  } catch (err) {
    status.textContent = t(L, 'options.profile.error', { message: String(err.message || err) });
    status.setAttribute('data-state', 'error');
  }
});

// ------------------------------------------------------------------ acknowledgement export

/** Save `text` as a file (a blob URL: nothing leaves the device). */
function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const csvCell = (v) => {
  const s = String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"` : s;
};

async function exportAcks(format) {
  const { acks } = await send({ kind: KIND.LIST_ACKS });
  const rows = acks.map((a) => ({ time: new Date(a.time).toISOString(), site: a.site, rules: a.rules }));
  const stamp = new Date().toISOString().slice(0, 10);
  if (format === 'json') download(`tarawwi-acknowledgements-${stamp}.json`, 'application/json', `${JSON.stringify(rows, null, 2)}\n`);
  else {
    const lines = ['time,site,rules', ...rows.map((r) => [r.time, r.site, r.rules.join(' ')].map(csvCell).join(','))];
    download(`tarawwi-acknowledgements-${stamp}.csv`, 'text/csv', `${lines.join('\r\n')}\r\n`);
  }
}
$('acks-export-json').addEventListener('click', () => exportAcks('json'));
$('acks-export-csv').addEventListener('click', () => exportAcks('csv'));

// Follow the page language (options.js sets <html lang>) and changes made elsewhere (the card's
// "Ignore always", another options tab).
new MutationObserver(() => render()).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.settings && model) {
    send({ kind: KIND.GET_SETTINGS }).then(({ settings }) => {
      model.settings = settings;
      render();
    });
  }
});

load().catch((err) => {
  $('profile-status').textContent = String(err.message || err);
});

// The options page: language, per-site switches, severity threshold, the acknowledgements list
// (view and clear), and the full text of every policy clause (`#clause-<id>` opens one).

import { KIND, send, el, applyLang, renderDigest, langOf, t, pick } from './common.js';

/** @type {{settings: Settings, uiLang: string, acks: Ack[], rules: Object<string, RuleMessages>, packs: PackInfo[]}|null} */
let model = null;

/** Errors of the organisation's packs (managed `customPacks`), each naming the file and rule. */
async function showPackErrors() {
  const { managedPackErrors: errors } = await chrome.storage.local.get('managedPackErrors');
  const list = Array.isArray(errors) ? errors.filter((e) => typeof e === 'string') : [];
  document.getElementById('pack-errors-list').replaceChildren(...list.map((e) => el('li', { text: e })));
  document.getElementById('pack-errors').hidden = list.length === 0;
}
showPackErrors();
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.managedPackErrors) showPackErrors();
});

async function load() {
  const [{ settings, uiLang }, { acks, rules }, { packs }] = await Promise.all([
    send({ kind: KIND.GET_SETTINGS }),
    send({ kind: KIND.LIST_ACKS }),
    send({ kind: KIND.DIGEST }),
  ]);
  model = { settings, uiLang, acks, rules, packs };
  render();
  revealHash();
}

function render() {
  if (!model) return;
  const { settings, acks, rules, packs } = model;
  const lang = langOf(settings, model.uiLang);
  applyLang(lang);
  /** @type {HTMLSelectElement} */ (document.getElementById('lang')).value = settings.lang;
  /** @type {HTMLSelectElement} */ (document.getElementById('threshold')).value = settings.threshold;
  // Managed policy (issue 8): a threshold fixed by the organisation cannot be changed.
  /** @type {HTMLSelectElement} */ (document.getElementById('threshold')).disabled = !!(settings.locked && settings.locked.threshold);
  // The policy to check against; an organisation's enabledPacks fixes it.
  const policy = /** @type {HTMLSelectElement} */ (document.getElementById('policy'));
  policy.value = settings.policy || 'all';
  policy.disabled = !!(settings.locked && settings.locked.packs);
  for (const box of document.querySelectorAll('[data-site]')) {
    /** @type {HTMLInputElement} */ (box).checked = settings.sites[box.getAttribute('data-site')] !== false;
  }

  const fmt = new Intl.DateTimeFormat(lang === 'ar' ? 'ar-IQ' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  const body = document.getElementById('acks-body');
  body.replaceChildren(
    ...[...acks].reverse().map((a) =>
      el(
        'tr',
        { 'data-ack': '' },
        el('td', { text: fmt.format(new Date(a.time)) }),
        el('td', { text: t(lang, `site.${a.site}`) }),
        el(
          'td',
          {},
          el(
            'ul',
            { class: 'rules' },
            ...a.rules.map((id) => el('li', { 'data-rule': id }, rules[id] ? pick(rules[id].title, lang) : '', ' ', el('code', { text: id }))),
          ),
        ),
      ),
    ),
  );
  document.getElementById('acks').hidden = !acks.length;
  document.getElementById('acks-empty').hidden = !!acks.length;
  /** @type {HTMLButtonElement} */ (document.getElementById('acks-clear')).disabled = !acks.length;

  document.getElementById('digest-body').replaceChildren(renderDigest(packs, lang, { open: true }));
}

/** Scroll to and focus the clause named in the URL hash (from the card's "Learn more"). */
function revealHash() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) return;
  target.classList.add('target');
  const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
  target.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
  target.focus({ preventScroll: true });
}

async function save(patch) {
  const { settings } = await send({ kind: KIND.SET_SETTINGS, patch });
  model.settings = settings;
  render();
  document.getElementById('saved').textContent = t(langOf(settings, model.uiLang), 'options.saved');
}

document.getElementById('lang').addEventListener('change', (e) => save({ lang: /** @type {any} */ (e.target).value }));
document.getElementById('threshold').addEventListener('change', (e) => save({ threshold: /** @type {any} */ (e.target).value }));
document.getElementById('policy').addEventListener('change', (e) => save({ policy: /** @type {any} */ (e.target).value }));
for (const box of document.querySelectorAll('[data-site]')) {
  box.addEventListener('change', () => save({ sites: { [box.getAttribute('data-site')]: /** @type {HTMLInputElement} */ (box).checked } }));
}
document.getElementById('acks-clear').addEventListener('click', async () => {
  await send({ kind: KIND.CLEAR_ACKS });
  model.acks = [];
  render();
  document.getElementById('acks-status').textContent = t(langOf(model.settings, model.uiLang), 'options.acksCleared');
});
window.addEventListener('hashchange', revealHash);

load().catch((err) => {
  document.getElementById('saved').textContent = String(err.message || err);
});

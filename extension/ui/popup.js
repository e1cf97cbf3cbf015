// The toolbar popup: findings in the active tab's composer (from the service worker), the site
// switch, the language switch, and the guidance digest of every loaded policy.

import { KIND, send, el, applyLang, renderDigest, langOf, t, pick } from './common.js';

/** `?tab=<id>` shows another tab's findings (the popup opened in a tab, e.g. by tests). */
const forcedTab = new URLSearchParams(location.search).get('tab');

/** @type {{state: PopupState & {uiLang: string}, packs: PackInfo[], tabId: number|undefined}|null} */
let model = null;

async function activeTabId() {
  if (forcedTab !== null) return Number(forcedTab);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab ? tab.id : undefined;
}

async function load() {
  const tabId = await activeTabId();
  const [state, digest] = await Promise.all([send({ kind: KIND.POPUP_STATE, tabId }), send({ kind: KIND.DIGEST })]);
  model = { state, packs: digest.packs, tabId };
  render();
}

function render() {
  if (!model) return;
  const { state, packs } = model;
  const lang = langOf(state.settings, state.uiLang);
  applyLang(lang);
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.getAttribute('data-lang') === lang));

  // Site switch
  const siteBox = document.getElementById('site');
  siteBox.hidden = !state.site;
  if (state.site) {
    const name = t(lang, `site.${state.site}`);
    document.getElementById('site-label').textContent = t(lang, 'popup.siteToggle', { site: name });
    /** @type {HTMLInputElement} */ (document.getElementById('site-toggle')).checked = state.settings.sites[state.site] !== false;
  }

  // Findings
  const list = document.getElementById('findings-list');
  const status = document.getElementById('findings-status');
  list.replaceChildren();
  document.getElementById('findings-truncated').hidden = !(state.truncated && state.findings.length);
  if (!state.site) status.textContent = t(lang, 'popup.unsupported');
  else if (!state.enabled) status.textContent = t(lang, 'popup.disabled', { site: t(lang, `site.${state.site}`) });
  else if (state.error) status.textContent = t(lang, 'error', { message: state.error });
  else if (!state.checked) status.textContent = t(lang, 'popup.noComposer');
  else if (!state.findings.length) status.textContent = t(lang, 'popup.noFindings');
  else status.textContent = '';
  for (const f of state.findings) {
    const m = state.messages[f.rule];
    list.append(
      el(
        'li',
        { class: `finding ${f.severity}`, 'data-rule': f.rule, 'data-clause': f.clause },
        el('span', { class: `chip ${f.severity}`, text: t(lang, `severity.${f.severity}`) }),
        el('strong', { class: 'title', text: m ? pick(m.title, lang) : f.rule }),
        f.text ? el('bdi', { class: 'flagged', dir: 'auto', text: f.text }) : null,
        el('span', { class: 'muted clause-ref' }, el('code', { text: f.clause }), ' ', m ? pick(m.clause.title, lang) : ''),
        f.blocking ? el('span', { class: 'blocking', text: t(lang, 'popup.blocking') }) : null,
      ),
    );
  }

  // Digest
  document.getElementById('digest-body').replaceChildren(renderDigest(packs, lang));
}

async function setSettings(patch) {
  const { settings } = await send({ kind: KIND.SET_SETTINGS, patch });
  if (model) {
    model.state.settings = settings;
    if (patch.sites && model.state.site) model.state = await send({ kind: KIND.POPUP_STATE, tabId: model.tabId });
  }
  render();
}

for (const b of document.querySelectorAll('[data-lang]')) {
  b.addEventListener('click', () => setSettings({ lang: /** @type {'en'|'ar'} */ (b.getAttribute('data-lang')) }));
}
document.getElementById('site-toggle').addEventListener('change', (e) => {
  const site = model && model.state.site;
  if (site) setSettings({ sites: { [site]: /** @type {HTMLInputElement} */ (e.target).checked } });
});
document.getElementById('open-options').addEventListener('click', (e) => {
  e.preventDefault();
  chrome.runtime.openOptionsPage();
  if (forcedTab === null) window.close();
});

load().catch((err) => {
  document.getElementById('findings-status').textContent = String(err.message || err);
});

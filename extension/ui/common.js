// Shared by the popup and the options page: messaging to the service worker, the page language
// and direction, and the guidance digest (every clause of every pack, in Arabic and English).
// Needs ../shared/protocol.js and ../shared/i18n.js loaded first (classic scripts).

const { KIND } = globalThis.tarawwi.protocol;
const { t, dir, pick } = globalThis.tarawwi.i18n;

export { KIND, t, pick };

/**
 * Ask the service worker; throws its error message if it has one.
 * @param {object} msg
 * @returns {Promise<any>}
 */
export async function send(msg) {
  const reply = await chrome.runtime.sendMessage(msg);
  if (reply && reply.error) throw new Error(reply.error);
  return reply;
}

/**
 * Element builder; strings become text, never HTML.
 * @param {string} tag @param {Object<string, any>} [props] @param {...(Node|string|null|undefined|false)} children
 * @returns {HTMLElement}
 */
export function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(c);
  return e;
}

/**
 * Set <html lang dir> and fill every [data-i18n] element with its string.
 * @param {'en'|'ar'} lang
 */
export function applyLang(lang) {
  document.documentElement.lang = lang;
  document.documentElement.dir = dir(lang);
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(lang, node.getAttribute('data-i18n'));
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(lang, node.getAttribute('data-i18n-label')));
}

/** Both sides of an {en, ar} string, each marked with its language and direction. */
function bilingual(tag, loc, cls, lang) {
  const order = lang === 'ar' ? ['ar', 'en'] : ['en', 'ar'];
  return order
    .filter((l) => loc && loc[l])
    .map((l) => el(tag, { class: `${cls} ${l}`, lang: l, dir: dir(l), 'data-lang': l, text: loc[l] }));
}

/**
 * The guidance digest: each pack, then each clause with its title and "for a post" guidance in
 * both languages, and the full clause text behind a disclosure (open when `open`).
 * @param {PackInfo[]} packs @param {'en'|'ar'} lang @param {{open?: boolean}} [opts]
 * @returns {HTMLElement}
 */
export function renderDigest(packs, lang, { open = false } = {}) {
  const root = el('div', { class: 'digest' });
  for (const pack of packs) {
    const section = el(
      'section',
      { class: 'pack', 'data-pack': pack.id },
      el('h3', { class: 'pack-name' }, pick(pack.name, lang), ' ', el('span', { class: 'muted', text: t(lang, 'digest.version', { v: pack.version }) })),
    );
    for (const c of pack.clauses) {
      section.append(
        el(
          'article',
          { class: 'clause', id: `clause-${c.id}`, 'data-clause': c.id, tabindex: '-1' },
          el('div', { class: 'clause-head' }, el('code', { class: 'clause-id', text: c.id }), ...bilingual('h4', c.title, 'clause-title', lang)),
          el('p', { class: 'label', text: t(lang, 'digest.guidance') }),
          ...bilingual('p', c.guidance, 'guidance', lang),
          el(
            'details',
            { class: 'full', open },
            el('summary', { text: t(lang, 'digest.fullText') }),
            ...bilingual('blockquote', c.text, 'clause-text', lang),
          ),
        ),
      );
    }
    root.append(section);
  }
  return root;
}

/**
 * The UI language from settings.
 * @param {Settings} settings @param {string} [uiLang]
 * @returns {'en'|'ar'}
 */
export function langOf(settings, uiLang) {
  return globalThis.tarawwi.i18n.resolveLang(settings.lang, uiLang || chrome.i18n.getUILanguage());
}

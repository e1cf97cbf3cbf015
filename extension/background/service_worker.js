// The background service worker (Chrome) / module background script (Firefox).
//
// Owns the WASM engine (engine.js) and all storage (settings.js). Content scripts talk to it over
// one long-lived Port per tab; the popup and options page with runtime.sendMessage. Every message,
// from either side, goes through the one `switch (msg.kind)` in `handle`.
//
// The worker may be stopped at any time: nothing here is needed across restarts except what is in
// storage. Listeners are registered synchronously at the top level; the engine starts as soon as
// the worker does (a stopped worker is started by a request, nearly always one that needs it), with
// no top-level await.

import '../shared/protocol.js';
import * as engine from './engine.js';
import * as store from './settings.js';
import * as extras from './extras.js';

engine.mark('worker-body');
const P = globalThis.tarawwi.protocol;
const { KIND } = P;

/**
 * @typedef {Object} ComposerState
 * @property {Finding[]} findings
 * @property {boolean} truncated
 * @property {string} [error]        the engine could not check this text
 *
 * @typedef {Object} TabState          one per tab with a connected content script
 * @property {chrome.runtime.Port} port
 * @property {number} tabId
 * @property {string} site
 * @property {Map<string, number>} latest            newest request version per composer
 * @property {Map<string, ComposerState>} composers  composers with text, by id
 * @property {string|null} last                      the composer the badge and popup show
 * @property {ReturnType<typeof setTimeout>|undefined} persistTimer
 * @property {string|null} badge                     the badge this connection last set (null: not yet)
 * @property {Map<string, RuleMessages>} sent        rule messages already sent over this Port
 *
 * @typedef {{tier: 'content', tabId: number, site: string, tab: TabState} | {tier: 'page'}} Context
 */

/** @type {Map<number, TabState>} */
const tabs = new Map();

const BADGE = {
  high: { bg: '#C62828', fg: '#FFFFFF' },
  warn: { bg: '#F9A825', fg: '#000000' },
  info: { bg: '#1565C0', fg: '#FFFFFF' },
  error: { bg: '#616161', fg: '#FFFFFF' },
};

/** Kinds that only make sense from a tab's content script (they act on that tab). */
const TAB_ONLY = new Set([KIND.CHECK, KIND.CLOSE, KIND.ACK, KIND.KEEP_ALIVE, KIND.ACTION_CHECK, KIND.ACTION_ASKED, KIND.IGNORE_ALWAYS]);

// The user's institution profile becomes a custom pack, loaded whenever the engine starts.
const INSTITUTION_FILE = `${extras.INSTITUTION_PACK}.toml`;
// `builtin` is passed uncalled: an empty profile (the usual case) makes no pack, and then the
// built-in packs are not copied out of the engine at start-up.
engine.addPackSource(async (builtin) => {
  const toml = extras.institutionPack(await store.getProfile(), builtin);
  return toml ? [{ file: INSTITUTION_FILE, toml }] : [];
});

// Managed policy (issue 8): the institution's own packs (`customPacks`, inline TOML), validated on
// load with their examples. A bad pack is reported (storage.local `managedPackErrors`, naming the
// rule) and the last good copy (storage.local `managedPacksGood`) is loaded instead.
// Read with the settings when the worker starts (not after the engine is built, one more storage
// round trip on a cold start); re-read when the engine restarts.
/** @type {Promise<any>|null} */
let managedPacksGoodRead = chrome.storage.local.get('managedPacksGood');
managedPacksGoodRead.catch(() => {});
engine.addPackSource(async () => {
  const read = managedPacksGoodRead || chrome.storage.local.get('managedPacksGood');
  managedPacksGoodRead = null;
  const packs = ((await store.getManaged()).customPacks || []).filter((s) => typeof s === 'string');
  const { managedPacksGood: good = [] } = await read;
  const errors = [];
  const nowGood = [];
  const out = packs.map((toml, i) => ({
    file: `managed-pack-${i + 1}.toml`,
    toml,
    lint: true,
    onResult: (err) => {
      if (err) errors.push(err);
      else nowGood[i] = toml;
    },
  }));
  // Last good copies go after, so a failed pack falls back; a good one replaces them by pack id.
  const fallbacks = good.map((toml, i) => ({ file: `managed-pack-${i + 1}.last-good.toml`, toml }));
  setTimeout(() => {
    chrome.storage.local.set({ managedPackErrors: errors, ...(errors.length ? {} : { managedPacksGood: nowGood.filter(Boolean) }) }).catch(() => {});
  }, 0);
  return [...fallbacks, ...out];
});
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed' && (changes.customPacks || changes.institution)) engine.reload();
});

// Start the engine now rather than on the first check, and read what every check needs meanwhile:
// the WASM compiles while storage answers, instead of one after the other (cold start). A failed
// start is not cached: the first request retries it.
engine.engine().catch(() => {});
store.getSettings().then(() => engine.mark('settings'), () => {});
store.getProfile().then(() => engine.mark('profile'), () => {});

const uiLang = () => (chrome.i18n && chrome.i18n.getUILanguage ? chrome.i18n.getUILanguage() : 'en');

// ------------------------------------------------------------------ senders

/**
 * The content-script context of a sender, or null if it is not our content script in the top
 * frame of a supported site.
 * @param {chrome.runtime.MessageSender|undefined} sender
 */
function contentSender(sender) {
  if (!sender || sender.id !== chrome.runtime.id) return null;
  if (!sender.tab || typeof sender.tab.id !== 'number' || sender.tab.id < 0) return null;
  if (typeof sender.frameId === 'number' && sender.frameId !== 0) return null;
  const site = P.siteOf(sender.url || '');
  return site ? { tabId: sender.tab.id, site } : null;
}

/** Whether a sender is one of our own pages (popup, options). @param {chrome.runtime.MessageSender} sender */
function isExtensionPage(sender) {
  return !!sender && sender.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
}

// ------------------------------------------------------------------ listeners (top level)

chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== P.PORT_NAME) return;
  engine.mark('connect');
  const who = contentSender(port.sender);
  if (!who) {
    port.disconnect();
    return;
  }
  /** @type {TabState} */
  const tab = { port, tabId: who.tabId, site: who.site, latest: new Map(), composers: new Map(), last: null, persistTimer: undefined, badge: null, sent: new Map() };
  tabs.set(who.tabId, tab);
  /** @type {Context} */
  const ctx = { tier: 'content', tabId: who.tabId, site: who.site, tab };
  port.onMessage.addListener((msg) => {
    handle(msg, ctx).then(
      (reply) => reply && post(port, reply),
      (err) => console.warn('tarawwi:', err),
    );
  });
  port.onDisconnect.addListener(() => {
    if (tabs.get(who.tabId) !== tab) return; // replaced by a newer connection
    tabs.delete(who.tabId);
    clearTimeout(tab.persistTimer);
    setBadge(who.tabId, []);
    store.dropTabState(who.tabId).catch(() => {});
  });
  store.getSettings().then((settings) => post(port, settingsPush(settings)));
  // Remember the tab's site (no findings yet) so the popup knows it even after a restart.
  store.saveTabState(who.tabId, who.site, [], false, false).catch(() => {});
});

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  /** @type {Context|null} */
  let ctx = null;
  if (isExtensionPage(sender)) ctx = { tier: 'page' };
  if (!ctx) return false;
  handle(msg, ctx).then(
    (reply) => sendResponse(reply ?? {}),
    (err) => sendResponse({ error: String((err && err.message) || err) }),
  );
  return true; // answered asynchronously
});

chrome.tabs.onRemoved.addListener((tabId) => {
  const tab = tabs.get(tabId);
  if (tab) clearTimeout(tab.persistTimer);
  tabs.delete(tabId);
  store.dropTabState(tabId).catch(() => {});
});

store.onSettingsChanged(async (settings) => {
  const push = settingsPush(settings);
  for (const tab of tabs.values()) {
    post(tab.port, push);
    recount(tab, settings);
  }
  // Tabs whose content script has not reconnected since this worker started: tell them directly.
  for (const tabId of await store.listTabIds()) {
    if (!tabs.has(tabId)) chrome.tabs.sendMessage(tabId, push).catch(() => {});
  }
});

// ------------------------------------------------------------------ the one dispatcher

/**
 * Handle one message from a content script (over its Port) or an extension page.
 * @param {any} msg @param {Context} ctx
 * @returns {Promise<object|undefined>} the reply, if any
 */
async function handle(msg, ctx) {
  if (!msg || typeof msg.kind !== 'string') throw new Error('malformed message');
  const allowed = ctx.tier === 'content' ? P.CONTENT_KINDS.includes(msg.kind) : !TAB_ONLY.has(msg.kind);
  if (!allowed) throw new Error(`'${msg.kind}' is not accepted from ${ctx.tier}`);
  switch (msg.kind) {
    case KIND.CHECK:
      return onCheck(msg, /** @type {any} */ (ctx).tab);
    case KIND.CLOSE:
      return onClose(msg, /** @type {any} */ (ctx).tab);
    case KIND.KEEP_ALIVE:
      return undefined; // receiving it is the point: Chrome keeps a worker alive while it gets messages
    case KIND.ACK:
      await store.addAck(/** @type {any} */ (ctx).site, Array.isArray(msg.rules) ? msg.rules : []);
      return undefined;
    case KIND.OPEN_CLAUSE: {
      const hash = msg.clause ? `#clause-${encodeURIComponent(String(msg.clause))}` : '';
      await chrome.tabs.create({ url: chrome.runtime.getURL('extension/ui/options.html') + hash });
      return undefined;
    }
    case KIND.POPUP_STATE:
      return popupState(Number(msg.tabId));
    case KIND.DIGEST:
      return { packs: (await engine.packs()).filter((p) => p.id !== extras.INSTITUTION_PACK) };
    case KIND.GET_SETTINGS:
      return { settings: await store.getSettings(), uiLang: uiLang() };
    case KIND.SET_SETTINGS:
      return { settings: await store.updateSettings(msg.patch || {}), uiLang: uiLang() };
    case KIND.LIST_ACKS: {
      const acks = await store.listAcks();
      const rules = await messagesFor(new Set(acks.flatMap((a) => a.rules)));
      return { acks, rules };
    }
    case KIND.CLEAR_ACKS:
      await store.clearAcks();
      return { acks: [] };
    case KIND.ACTION_CHECK:
      return onActionCheck(msg, /** @type {any} */ (ctx).site);
    case KIND.ACTION_ASKED:
      await markAsked(/** @type {any} */ (ctx).site, msg.key);
      return undefined;
    case KIND.IGNORE_ALWAYS:
      return onIgnoreAlways(msg);
    case KIND.LIST_RULES: {
      const all = await engine.rules();
      return { rules: [...all, ...Object.values(await extraMessages())] };
    }
    case KIND.GET_PROFILE:
      return { profile: await store.getProfile() };
    case KIND.SET_PROFILE:
      return setProfile(msg.profile);
    default:
      throw new Error(`unknown message kind '${msg.kind}'`);
  }
}

// ------------------------------------------------------------------ checks

/**
 * Check one composer's text. Only the newest version per composer is answered: a request that
 * was overtaken while the engine started (or while we awaited anything) is dropped.
 * @param {CheckRequest} msg @param {TabState} tab
 * @returns {Promise<CheckResult|undefined>}
 */
async function onCheck(msg, tab) {
  engine.mark('check');
  const id = String(msg.id);
  const version = Number(msg.version) || 0;
  tab.latest.set(id, version);
  const stale = () => tab.latest.get(id) !== version || tabs.get(tab.tabId) !== tab;

  const text = typeof msg.text === 'string' ? msg.text.slice(0, P.MAX_CHECK_CHARS) : '';
  const truncated = !!msg.truncated;
  const settings = await store.getSettings();
  /** @type {Finding[]} */
  let findings = [];
  let error;
  if (settings.sites[tab.site] !== false && text.trim() !== '') {
    try {
      const found = await engine.check(text);
      engine.mark('checked');
      findings = await userFindings(found, text, settings);
      // The worker's own findings (iq-3, iq-4) obey the same switches and "Ignore always".
      const on = (rule) => settings.rules[rule] !== false;
      if (on(extras.RULE_CLOSED)) findings = extras.withAudience(findings, text, msg.audience);
      if (msg.account && on(extras.RULE_OTHER_ACCOUNT)) findings = extras.withAccount(findings, text, msg.account, await store.getProfile());
      if (findings.some((f) => f.rule.startsWith('tarawwi.'))) findings = await userFindings(findings, text, settings);
    } catch (e) {
      error = String((e && e.message) || e);
    }
  }
  if (stale()) return undefined;

  const ignore = new Set(Array.isArray(msg.ignore) ? msg.ignore : []);
  const keys = P.ignoreKeys(findings);
  findings.forEach((f, i) => {
    f.ignored = ignore.has(keys[i]);
    f.blocking = !f.ignored && P.atLeast(f.severity, settings.threshold);
  });
  const all = findings.length ? await messagesFor(new Set(findings.map((f) => f.rule))) : {};
  if (stale()) return undefined;
  // Only the messages this Port has not had yet: the content script keeps them, and they are the
  // same on every keystroke (≈ 12 KB of bilingual text for a post with a dozen rules, cloned on
  // both sides of every check). A reloaded engine makes new message objects, which are sent again.
  /** @type {Object<string, RuleMessages>} */
  const messages = {};
  for (const [rule, m] of Object.entries(all)) {
    if (tab.sent.get(rule) === m) continue;
    messages[rule] = m;
    tab.sent.set(rule, m);
  }

  if (text.trim() === '') {
    tab.composers.delete(id);
    if (tab.last === id) tab.last = null;
  } else {
    tab.composers.set(id, { findings, truncated, error });
    if (msg.focused || tab.last === null || !tab.composers.has(tab.last)) tab.last = id;
  }
  showTab(tab, settings);
  engine.mark('result');
  return { kind: KIND.RESULT, id, version, findings, messages, truncated, ...(error ? { error } : {}) };
}

/** A composer was closed: forget it. @param {CloseRequest} msg @param {TabState} tab */
async function onClose(msg, tab) {
  const id = String(msg.id);
  tab.latest.delete(id);
  tab.composers.delete(id);
  if (tab.last === id) tab.last = null;
  showTab(tab, await store.getSettings());
  return undefined;
}

/** Re-derive `blocking` after a threshold change, then refresh the badge. */
function recount(tab, settings) {
  for (const c of tab.composers.values()) {
    for (const f of c.findings) f.blocking = !f.ignored && P.atLeast(f.severity, settings.threshold);
  }
  showTab(tab, settings);
}

/** Badge + session copy of the tab's shown composer. @param {TabState} tab @param {Settings} settings */
function showTab(tab, settings) {
  const c = tab.last !== null ? tab.composers.get(tab.last) : undefined;
  const enabled = settings.sites[tab.site] !== false;
  const findings = c && enabled ? c.findings : [];
  tab.badge = setBadge(tab.tabId, findings, enabled && c ? c.error : undefined, tab.badge);
  clearTimeout(tab.persistTimer);
  tab.persistTimer = setTimeout(() => {
    if (tabs.get(tab.tabId) === tab) store.saveTabState(tab.tabId, tab.site, findings, !!(c && c.truncated), !!c).catch(() => {});
  }, 100);
}

/**
 * Badge text = number of blocking findings; colour by the highest of their severities. "!" in
 * grey when the engine could not run, so a silent badge always means "nothing found". Nothing is
 * sent when the badge would not change (`shown`, what the caller last set): most keystrokes leave
 * it as it is, and each change is up to three calls into the browser.
 * @param {number} tabId @param {Finding[]} findings @param {string} [error] @param {string|null} [shown]
 * @returns {string} what the badge shows now (pass it back as `shown`)
 */
function setBadge(tabId, findings, error, shown = null) {
  const counted = findings.filter((f) => f.blocking);
  const text = error ? '!' : counted.length ? String(counted.length) : '';
  const top = counted.reduce((s, f) => (P.severityRank(f.severity) > P.severityRank(s) ? f.severity : s), 'info');
  const colors = error ? BADGE.error : BADGE[top] || BADGE.info;
  const now = text ? `${text} ${colors.bg} ${colors.fg}` : '';
  if (now === shown) return now;
  const ignore = () => {}; // the tab may be gone
  chrome.action.setBadgeText({ tabId, text }).catch(ignore);
  if (text) {
    chrome.action.setBadgeBackgroundColor({ tabId, color: colors.bg }).catch(ignore);
    if (chrome.action.setBadgeTextColor) chrome.action.setBadgeTextColor({ tabId, color: colors.fg }).catch(ignore);
  }
  return now;
}

// ------------------------------------------------------------------ popup

/**
 * What the popup shows for a tab: its last-checked composer's findings (from memory, or from
 * session storage after a restart — then without the flagged words).
 * @param {number} tabId
 * @returns {Promise<PopupState & {uiLang: string}>}
 */
async function popupState(tabId) {
  const settings = await store.getSettings();
  let site = null;
  /** @type {Array<Partial<Finding>>} */
  let findings = [];
  let truncated = false;
  /** @type {string|undefined} */
  let error;
  let checked = false;
  const tab = tabs.get(tabId);
  if (tab) {
    site = tab.site;
    const c = tab.last !== null ? tab.composers.get(tab.last) : undefined;
    if (c) ({ findings, truncated, error } = c);
    checked = !!c;
  } else if (Number.isInteger(tabId)) {
    const s = await store.loadTabState(tabId);
    if (s) ({ site, findings, truncated, checked } = s);
  }
  const enabled = site ? settings.sites[site] !== false : false;
  if (!enabled) findings = [];
  const messages = findings.length ? await messagesFor(new Set(findings.map((f) => f.rule))) : {};
  return { site, enabled, findings: /** @type {Finding[]} */ (findings), messages, truncated, checked, settings, uiLang: uiLang(), ...(error ? { error } : {}) };
}

// ------------------------------------------------------------------ issue 7: actions, ignore always, profile

/**
 * Drop the findings of rules the user switched off and of phrases they chose to ignore always.
 * @param {Finding[]} findings @param {string} text @param {Settings} settings
 */
async function userFindings(findings, text, settings) {
  const off = settings.rules || {};
  let out = findings.filter((f) => off[f.rule] !== false);
  // The user's policy choice, or the managed `enabledPacks` (which wins): only those built-in packs
  // run (custom and institution packs always do).
  const packs = Array.isArray(settings.packs) ? settings.packs : settings.policy && settings.policy !== 'all' ? [settings.policy] : null;
  if (packs && out.length) {
    const packOf = await rulePacks();
    const on = new Set(packs);
    out = out.filter((f) => {
      const pack = packOf.get(f.rule);
      return !pack || !BUILTIN_PACKS.has(pack) || on.has(pack);
    });
  }
  const ignored = settings.ignored || [];
  if (ignored.length && out.length) {
    const keys = new Set(ignored.map((e) => `${e.rule}\u0000${e.hash}`));
    const hashes = await Promise.all(out.map((f) => extras.phraseHash(f.rule, f.text)));
    out = out.filter((f, i) => !keys.has(`${f.rule}\u0000${hashes[i]}`));
  }
  return out;
}

/** Packs shipped inside the engine; a managed `enabledPacks` list chooses among these. */
const BUILTIN_PACKS = new Set(['iq-cassation', 'uk-civil-service']);
/** Rule id → pack id, of the loaded rules. */
const rulePacks = engine.perEngine(async () => new Map((await engine.rules()).map((r) => [r.id, r.pack])));

/** The engine's messages plus those of the worker's own rules. @param {Set<string>} ids */
async function messagesFor(ids) {
  const out = await engine.messages(ids);
  if ([...ids].some((id) => id.startsWith('tarawwi.'))) {
    const extra = await extraMessages();
    for (const id of ids) if (extra[id]) out[id] = extra[id];
  }
  return out;
}

/**
 * Messages of the worker's own rules (iq-3, iq-4), quoting the loaded packs' clauses: made once
 * per engine, so that they are the same objects on every check and, like the engine's, go to a
 * Port only the first time (`onCheck`).
 * @type {() => Promise<Object<string, RuleMessages>>}
 */
const extraMessages = engine.perEngine(async () => extras.extraMessages(await engine.packs()));

/**
 * A post the user is about to like, repost, follow or share: its findings at "warn" or above
 * (and at or above the threshold), for the confirmation of clause iq-2. Nothing is kept.
 * @param {ActionCheckRequest} msg @param {string} site
 * @returns {Promise<ActionCheckResult>}
 */
async function onActionCheck(msg, site) {
  const id = String(msg.id);
  const text = typeof msg.text === 'string' ? msg.text.slice(0, P.MAX_CHECK_CHARS) : '';
  const settings = await store.getSettings();
  let findings = [];
  if (text.trim()) {
    try {
      findings = await userFindings(await engine.check(text), text, settings);
    } catch {
      findings = [];
    }
  }
  findings = findings.filter((f) => P.atLeast(f.severity, 'warn') && P.atLeast(f.severity, settings.threshold));
  const messages = findings.length ? await messagesFor(new Set(findings.map((f) => f.rule))) : {};
  const asked = findings.length ? (await askedList()).includes(await askedHash(site, msg.key)) : false;
  return { kind: KIND.ACTION_RESULT, id, findings, messages, asked };
}

// Posts the action confirmation was shown for, in storage.session (memory only, gone when the
// browser closes), as hashes of site + post key: which posts the user acted on is not kept.
const ASKED_KEY = 'actionsAsked';
let askedQueue = Promise.resolve();
const askedHash = (site, key) => extras.phraseHash(`asked:${site}`, String(key || ''));
async function askedList() {
  const r = await chrome.storage.session.get(ASKED_KEY);
  return Array.isArray(r[ASKED_KEY]) ? r[ASKED_KEY] : [];
}
async function markAsked(site, key) {
  if (!key) return;
  const h = await askedHash(site, key);
  const job = askedQueue.then(async () => {
    const list = await askedList();
    if (!list.includes(h)) await chrome.storage.session.set({ [ASKED_KEY]: [...list, h].slice(-1000) });
  });
  askedQueue = job.catch(() => {});
  await job;
}

/** Serialises read-modify-write of the "Ignore always" list. */
let ignoreQueue = Promise.resolve();

/** "Ignore always": store the rule id and a hash of the normalized phrase (never the phrase). */
async function onIgnoreAlways(msg) {
  const rule = String(msg.rule || '');
  const text = typeof msg.text === 'string' ? msg.text : '';
  if (!rule || !text.trim()) return undefined;
  const hash = await extras.phraseHash(rule, text);
  const job = ignoreQueue.then(async () => {
    const cur = await store.getSettings();
    if (!cur.ignored.some((e) => e.rule === rule && e.hash === hash)) {
      await store.updateSettings({ ignored: [...cur.ignored, { rule, hash, time: Date.now() }] });
    }
  });
  ignoreQueue = job.catch(() => {});
  await job;
  return undefined;
}

/** Validate the profile's pack, store the profile, restart the engine with it. */
async function setProfile(raw) {
  const profile = store.normalizeProfile(raw);
  const toml = extras.institutionPack(profile, (await engine.packs()).filter((p) => p.id !== extras.INSTITUTION_PACK));
  if (toml) await engine.lint(INSTITUTION_FILE, toml); // throws the pack error: nothing is stored
  const saved = await store.setProfile(profile);
  await engine.reload();
  // Open composers are checked again with the new pack.
  const settings = await store.getSettings();
  for (const tab of tabs.values()) post(tab.port, { ...settingsPush(settings), profileChanged: Date.now() });
  return { profile: saved };
}

// ------------------------------------------------------------------ helpers

/** @param {Settings} settings @returns {SettingsPush} */
function settingsPush(settings) {
  return { kind: KIND.SETTINGS, settings, uiLang: uiLang() };
}

/** postMessage that tolerates a port that just closed. */
function post(port, msg) {
  try {
    port.postMessage(msg);
  } catch {
    /* disconnected */
  }
}

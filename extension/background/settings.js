// Everything the service worker keeps in storage:
// - settings (storage.local), behind a read-through cache invalidated by storage.onChanged;
// - acknowledgements {time, site, rules} (storage.local) — never the text;
// - the last findings per tab (storage.session, memory only) so the popup survives a worker
//   restart — rule, severity, clause and offsets only, never the flagged words.

import '../shared/protocol.js';

const { DEFAULT_SETTINGS, SEVERITIES, SITES } = globalThis.tarawwi.protocol;

const SETTINGS_KEY = 'settings';
const ACKS_KEY = 'acks';
/** Oldest acknowledgements are dropped beyond this. */
const MAX_ACKS = 1000;
const tabKey = (tabId) => `tab:${tabId}`;

/** @type {Promise<Settings>|null} */
let cached = null;
/** @type {Set<(s: Settings) => void>} */
const listeners = new Set();

/**
 * A complete, valid settings object from whatever is stored.
 * @param {any} raw
 * @returns {Settings}
 */
export function normalize(raw) {
  const r = raw && typeof raw === 'object' ? raw : {};
  const sites = {};
  for (const s of SITES) sites[s] = typeof r.sites?.[s] === 'boolean' ? r.sites[s] : DEFAULT_SETTINGS.sites[s];
  return {
    lang: ['auto', 'en', 'ar'].includes(r.lang) ? r.lang : DEFAULT_SETTINGS.lang,
    sites: /** @type {Settings['sites']} */ (sites),
    threshold: SEVERITIES.includes(r.threshold) ? r.threshold : DEFAULT_SETTINGS.threshold,
  };
}

/** @returns {Promise<Settings>} */
export function getSettings() {
  if (!cached) {
    cached = chrome.storage.local.get(SETTINGS_KEY).then((r) => normalize(r[SETTINGS_KEY]));
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

/**
 * Merge `patch` into the settings and store them.
 * @param {Partial<Settings>} patch
 * @returns {Promise<Settings>}
 */
export async function updateSettings(patch) {
  const cur = await getSettings();
  const next = normalize({
    ...cur,
    ...patch,
    sites: { ...cur.sites, ...(patch && patch.sites) },
  });
  cached = Promise.resolve(next);
  await chrome.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

/** Call `fn` with the new settings whenever they change (from any page). */
export function onSettingsChanged(fn) {
  listeners.add(fn);
}

chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local' || !changes[SETTINGS_KEY]) return;
  const next = normalize(changes[SETTINGS_KEY].newValue);
  cached = Promise.resolve(next);
  for (const fn of listeners) fn(next);
});

// ------------------------------------------------------------------ acknowledgements

/** Serialises read-modify-write of the acknowledgement list. */
let ackQueue = Promise.resolve();

/**
 * Store one acknowledgement. Only the time, the site and the rule ids: never the text.
 * @param {string} site @param {string[]} rules
 * @returns {Promise<Ack>}
 */
export function addAck(site, rules) {
  /** @type {Ack} */
  const ack = { time: Date.now(), site: String(site), rules: [...new Set(rules.map(String))] };
  const job = ackQueue.then(async () => {
    const list = await listAcks();
    list.push(ack);
    await chrome.storage.local.set({ [ACKS_KEY]: list.slice(-MAX_ACKS) });
    return ack;
  });
  ackQueue = job.catch(() => {});
  return job;
}

/** @returns {Promise<Ack[]>} oldest first */
export async function listAcks() {
  const r = await chrome.storage.local.get(ACKS_KEY);
  return Array.isArray(r[ACKS_KEY]) ? r[ACKS_KEY] : [];
}

export function clearAcks() {
  const job = ackQueue.then(() => chrome.storage.local.remove(ACKS_KEY));
  ackQueue = job.catch(() => {});
  return job;
}

// ------------------------------------------------------------------ per-tab findings (session)

/**
 * @typedef {Object} StoredTabState
 * @property {string} site
 * @property {Array<Omit<Finding, 'text'>>} findings
 * @property {boolean} truncated
 * @property {boolean} checked     a composer of the tab has text
 * @property {number} time
 */

/**
 * Remember a tab's last findings (without the flagged words) in session storage.
 * @param {number} tabId @param {string} site @param {Finding[]} findings @param {boolean} truncated
 * @param {boolean} checked
 */
export function saveTabState(tabId, site, findings, truncated, checked) {
  /** @type {StoredTabState} */
  const state = {
    site,
    findings: findings.map(({ text, ...rest }) => rest), // eslint-disable-line no-unused-vars
    truncated,
    checked,
    time: Date.now(),
  };
  return chrome.storage.session.set({ [tabKey(tabId)]: state });
}

/** @returns {Promise<StoredTabState|null>} */
export async function loadTabState(tabId) {
  const r = await chrome.storage.session.get(tabKey(tabId));
  return r[tabKey(tabId)] || null;
}

/** Ids of the tabs with a stored state. @returns {Promise<number[]>} */
export async function listTabIds() {
  const all = await chrome.storage.session.get(null);
  return Object.keys(all)
    .filter((k) => k.startsWith('tab:'))
    .map((k) => Number(k.slice(4)))
    .filter(Number.isInteger);
}

export function dropTabState(tabId) {
  return chrome.storage.session.remove(tabKey(tabId));
}

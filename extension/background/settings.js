// Everything the service worker keeps in storage:
// - settings (storage.local), behind a read-through cache invalidated by storage.onChanged;
// - acknowledgements {time, site, rules} (storage.local) — never the text;
// - the last findings per tab (storage.session, memory only) so the popup survives a worker
//   restart — rule, severity, clause and offsets only, never the flagged words.

import '../shared/protocol.js';
import { applyPolicy, stripLocked } from './policy.js';

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
    policy: ['all', 'iq-cassation', 'uk-civil-service'].includes(r.policy) ? r.policy : DEFAULT_SETTINGS.policy,
    rules: normalizeRules(r.rules),
    ignored: normalizeIgnored(r.ignored),
  };
}

/** rule id → false (switched off); only `false` entries are kept. @returns {Object<string, boolean>} */
function normalizeRules(raw) {
  const out = {};
  if (raw && typeof raw === 'object') for (const [id, on] of Object.entries(raw)) if (on === false && /^[a-z0-9._-]+$/.test(id)) out[id] = false;
  return out;
}

/** "Ignore always" entries: rule id + hex hash of the normalized phrase (never the phrase). */
function normalizeIgnored(raw) {
  if (!Array.isArray(raw)) return [];
  const seen = new Set();
  const out = [];
  for (const e of raw) {
    if (!e || typeof e.rule !== 'string' || typeof e.hash !== 'string' || !/^[0-9a-f]{16,64}$/.test(e.hash)) continue;
    const key = `${e.rule}\u0000${e.hash}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ rule: e.rule, hash: e.hash, time: Number(e.time) || 0 });
  }
  return out.slice(-500);
}

/** @returns {Promise<Settings>} */
export function getSettings() {
  if (!cached) {
    cached = Promise.all([chrome.storage.local.get(SETTINGS_KEY), readManaged()]).then(([r]) => effective(normalize(r[SETTINGS_KEY])));
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
  const eff = await getSettings();
  // Managed policy: locked settings are dropped from the patch; the user's own values are stored.
  patch = stripLocked(patch || {}, eff.locked);
  const cur = normalize((await chrome.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  const next = normalize({
    ...cur,
    ...patch,
    sites: { ...cur.sites, ...(patch && patch.sites) },
    rules: { ...cur.rules, ...(patch && patch.rules) },
  });
  const out = effective(next);
  cached = Promise.resolve(out);
  await chrome.storage.local.set({ [SETTINGS_KEY]: next });
  return out;
}

// ------------------------------------------------------------------ managed policy (issue 8)

/** The raw storage.managed object (admin policy); {} when none or unsupported. */
let managed = {};

/** Read storage.managed; never rejects (Firefox without policies, or no managed storage at all). */
function readManaged() {
  const area = chrome.storage.managed;
  if (!area) return Promise.resolve(managed);
  return area.get(null).then(
    (m) => (managed = m && typeof m === 'object' ? m : {}),
    () => managed,
  );
}

/** User settings with the managed policy on top, plus `locked` (what the UI must not change). */
function effective(user) {
  const { settings, locked } = applyPolicy(user, managed);
  return { ...settings, locked };
}

/** The current managed policy (normalized by applyPolicy callers); for the options page. */
export async function getManaged() {
  await getSettings();
  return managed;
}

/** Call `fn` with the new settings whenever they change (from any page). */
export function onSettingsChanged(fn) {
  listeners.add(fn);
}

chrome.storage.onChanged.addListener(async (changes, area) => {
  let next;
  if (area === 'managed') {
    managed = {};
    await readManaged();
    const r = await chrome.storage.local.get(SETTINGS_KEY);
    next = effective(normalize(r[SETTINGS_KEY]));
  } else {
    if (area !== 'local' || !changes[SETTINGS_KEY]) return;
    next = effective(normalize(changes[SETTINGS_KEY].newValue));
  }
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
    // listAcks already dropped what the managed retention period has expired.
    await chrome.storage.local.set({ [ACKS_KEY]: list.slice(-MAX_ACKS) });
    return ack;
  });
  ackQueue = job.catch(() => {});
  return job;
}

/** @returns {Promise<Ack[]>} oldest first */
export async function listAcks() {
  const r = await chrome.storage.local.get(ACKS_KEY);
  const list = Array.isArray(r[ACKS_KEY]) ? r[ACKS_KEY] : [];
  // Managed `ackRetentionDays`: older acknowledgements are dropped.
  const days = (await getManaged()).ackRetentionDays;
  if (typeof days !== 'number' || !(days >= 0)) return list;
  const since = Date.now() - days * 86_400_000;
  return list.filter((a) => a && typeof a.time === 'number' && a.time >= since);
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

// ------------------------------------------------------------------ institution profile (issue 7)

const PROFILE_KEY = 'profile';
const PROFILE_FIELDS = ['names', 'institution', 'leaders', 'terms'];

/**
 * A clean profile: each field a list of distinct, trimmed, non-empty strings (at most 50 of at
 * most 120 characters). Stored in storage.local only, never pushed to tabs.
 * @param {any} raw @returns {Profile}
 */
export function normalizeProfile(raw) {
  const r = raw && typeof raw === 'object' ? raw : {};
  const out = {};
  for (const k of PROFILE_FIELDS) {
    const list = Array.isArray(r[k]) ? r[k] : typeof r[k] === 'string' ? r[k].split('\n') : [];
    out[k] = [...new Set(list.map((v) => String(v).replace(/\s+/g, ' ').trim().slice(0, 120)).filter(Boolean))].slice(0, 50);
  }
  return /** @type {Profile} */ (out);
}

/** Read-through cache of the profile (it is read on every check that has an account). */
let profileCached = /** @type {Promise<Profile>|null} */ (null);
chrome.storage.onChanged.addListener((changes, area) => {
  if ((area === 'local' && changes[PROFILE_KEY]) || (area === 'managed' && changes.institution)) profileCached = null;
});

/** @returns {Promise<Profile>} */
export function getProfile() {
  if (!profileCached) {
    profileCached = Promise.all([chrome.storage.local.get(PROFILE_KEY), getManaged()]).then(([r, m]) =>
      withManagedInstitution(normalizeProfile(r[PROFILE_KEY]), m.institution),
    );
    profileCached.catch(() => {
      profileCached = null;
    });
  }
  return profileCached;
}

/**
 * The managed `institution` ({name, officials[], codes[]}) replaces the user's institution, leaders
 * and internal terms; the user's own names stay theirs.
 * @param {Profile} p @param {any} inst @returns {Profile}
 */
export function withManagedInstitution(p, inst) {
  if (!inst || typeof inst !== 'object') return p;
  const m = normalizeProfile({
    institution: [inst.name, ...(Array.isArray(inst.aliases) ? inst.aliases : [])].filter((v) => typeof v === 'string'),
    leaders: Array.isArray(inst.officials) ? inst.officials : [],
    terms: Array.isArray(inst.codes) ? inst.codes : [],
  });
  return { ...p, institution: m.institution, leaders: m.leaders, terms: m.terms };
}

/** @param {any} profile @returns {Promise<Profile>} */
export async function setProfile(profile) {
  const p = normalizeProfile(profile);
  profileCached = Promise.resolve(withManagedInstitution(p, (await getManaged()).institution));
  await chrome.storage.local.set({ [PROFILE_KEY]: p });
  return p;
}

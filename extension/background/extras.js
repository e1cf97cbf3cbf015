// What the service worker adds around the engine (issue 7), all pure functions of their inputs:
// - "Ignore always": the rule id plus a hash of the normalized phrase (never the phrase itself);
// - the institution profile as a generated custom pack (TOML, every user string escaped);
// - findings the engine cannot make from the text alone: a closed audience (clause iq-3) and a
//   post about the institution from an account that does not carry the user's name (iq-4).
// Their messages are bilingual like the engine's and quote the built-in pack's clause.

/** Pack id of the generated institution pack. */
export const INSTITUTION_PACK = 'my-institution';
/** The built-in pack whose clauses the extra findings cite. */
const CLAUSE_PACK = 'iq-cassation';

export const RULE_CLOSED = 'tarawwi.private-audience.closed-audience';
export const RULE_OTHER_ACCOUNT = 'tarawwi.anonymity.other-account';

// ------------------------------------------------------------------ normalization

const DROP = /[\u064B-\u065F\u0670\u0640\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

/** Fold one UTF-16 unit the way we compare phrases; '' drops it. @param {string} c */
function foldChar(c) {
  if (DROP.test(c)) return '';
  if (/[أإآٱ]/.test(c)) return 'ا';
  if (c === 'ى') return 'ي';
  if (c === 'ة') return 'ه';
  if (c === 'ؤ') return 'و';
  if (c === 'ئ') return 'ي';
  if (/\s/.test(c)) return ' ';
  return c.toLowerCase();
}

/** A phrase folded for comparison: Arabic letter variants, marks, case, spaces. @param {string} s */
export function normalizePhrase(s) {
  let out = '';
  for (const c of String(s).normalize('NFKC')) out += foldChar(c);
  return out.replace(/ +/g, ' ').trim();
}

/** Hex SHA-256 of `rule` + the normalized phrase (32 hex digits). @param {string} rule @param {string} phrase */
export async function phraseHash(rule, phrase) {
  const data = new TextEncoder().encode(`${rule}\u0000${normalizePhrase(phrase)}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return [...digest.slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The folded text and, for each folded unit, the original UTF-16 offset it came from.
 * @param {string} text
 */
function foldWithMap(text) {
  let folded = '';
  /** @type {number[]} */
  const map = [];
  for (let i = 0; i < text.length; i++) {
    const f = foldChar(text[i]);
    if (!f) continue;
    if (f === ' ' && folded.endsWith(' ')) continue;
    for (let k = 0; k < f.length; k++) {
      folded += f[k];
      map.push(i);
    }
  }
  return { folded, map };
}

const WORD = /[\p{L}\p{N}]/u;
const AR_PREFIXES = ['و', 'ف', 'ب', 'ل', 'ك', 'ال', 'وال', 'بال', 'لل', 'فال', 'كال', 'ولل'];

/**
 * The first whole-word occurrence of any phrase in `text` (Arabic prefixes such as و ب ال allowed),
 * as UTF-16 offsets into `text`, or null.
 * @param {string} text @param {string[]} phrases
 * @returns {{start: number, end: number}|null}
 */
export function findMention(text, phrases) {
  const { folded, map } = foldWithMap(text);
  let best = null;
  for (const p of phrases) {
    const needle = normalizePhrase(p);
    if (needle.length < 2) continue;
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + 1)) {
      const end = at + needle.length;
      if (end < folded.length && WORD.test(folded[end]) && !/[\u0600-\u06FF]/.test(needle)) continue;
      let s = at;
      while (s > 0 && WORD.test(folded[s - 1])) s--;
      const prefix = folded.slice(s, at);
      if (prefix && !AR_PREFIXES.includes(prefix)) continue;
      if (!best || at < best.at) best = { at, end };
      break;
    }
  }
  if (!best) return null;
  const start = map[best.at];
  const last = map[best.end - 1];
  return { start, end: last + 1 + (/[\uD800-\uDBFF]/.test(text[last]) ? 1 : 0) };
}

/** Words a user uses for their own institution, without naming it. */
const GENERIC_INSTITUTION = [
  'my court', 'our court', 'my department', 'our department', 'my ministry', 'our ministry', 'my directorate',
  'our directorate', 'my institution', 'our institution', 'my office', 'our office', 'my employer', 'where i work',
  'محكمتنا', 'محكمتي', 'دائرتنا', 'دائرتي', 'وزارتنا', 'وزارتي', 'مديريتنا', 'مديريتي', 'مؤسستنا', 'مؤسستي',
  'الدائرة مالتنا', 'الوزارة مالتنا', 'المحكمة مالتنا', 'شغلنا', 'دوامنا',
];

// ------------------------------------------------------------------ the institution pack

/** A TOML basic string: quotes, backslashes and control characters escaped. @param {string} s */
export function tomlString(s) {
  return `"${String(s).replace(/[\\"\u0000-\u001F\u007F\u2028\u2029]/g, (c) => {
    if (c === '\\') return '\\\\';
    if (c === '"') return '\\"';
    return `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  })}"`;
}
const tomlList = (list) => `[${list.map(tomlString).join(', ')}]`;
const tomlLoc = (loc) => `{ en = ${tomlString(loc.en)}, ar = ${tomlString(loc.ar)} }`;

/** Evaluative words that make a mention of the institution or a leader disparaging. */
const DISPARAGING = [
  'corrupt*', 'incompetent*', 'useless', 'is a joke', 'a joke', 'farce', 'shambles', 'disgrace*', 'shameful', 'pathetic',
  'clowns', 'rubbish', 'hopeless', 'worst', 'lazy', 'toxic', 'a mess', 'chaos', 'circus', 'nepotism', 'bribe*', 'fraud*',
  'crooked', 'crooks', 'rotten', 'sucks', 'thieves', 'liars', 'failure', 'ridiculous', 'scam', 'mafia', 'unjust',
  'فاسد*', 'فساد', 'فاشل*', 'فشل', 'رشوة', 'رشاوي', 'مرتشي*', 'واسطة', 'محسوبية', 'مهزلة', 'مسخرة', 'زبالة', 'خربانة',
  'خراب', 'حرامي*', 'حرامية', 'سراق', 'لصوص', 'عار', 'مخزي', 'ظلم', 'ظالم*', 'متخلف*', 'نصاب*', 'مافيا', 'تزوير',
  'كذابين', 'جهلة', 'زفت', 'مقرف*', 'اهمال', 'تافه*', 'فوضى', 'سرقة', 'نهب',
];
/** Words that make a mention of the institution a disclosure. */
const DISCLOSING = [
  'leak*', 'confidential', 'secret', 'classified', 'internal memo', 'internal document*', 'restricted', 'not for publication',
  'سري', 'سرية', 'سري للغاية', 'مسرب*', 'تسريب', 'كتاب رسمي', 'وثيقة', 'وثائق', 'مذكرة داخلية', 'غير قابل للنشر', 'محضر',
];

/** Terms the engine will take: one line, no '*' of ours, at least two letters or digits. */
const cleanTerms = (list) =>
  [...new Set(list.map((t) => String(t).replace(/[*\s]+/g, ' ').trim()).filter((t) => (t.match(/[\p{L}\p{N}]/gu) || []).length >= 2))];

/**
 * The user's institution profile as a custom pack, or null when it names nothing.
 * @param {Profile} profile
 * @param {PackInfo[] | (() => PackInfo[])} packs the loaded packs (for the clause text), or a
 *   function giving them: it is called only when the profile names something (copying the packs
 *   out of the engine is then skipped for the usual empty profile)
 * @returns {string|null}
 */
export function institutionPack(profile, packs) {
  const institution = cleanTerms([...profile.institution, ...profile.terms]);
  const leaders = cleanTerms(profile.leaders);
  if (!institution.length && !leaders.length) return null;
  const clause = clauseOf(typeof packs === 'function' ? packs() : packs, 'iq-1');
  if (!clause) return null;
  const lines = [
    `id = ${tomlString(INSTITUTION_PACK)}`,
    'version = "1.0.0"',
    `name = ${tomlLoc({ en: 'Your institution (from your settings)', ar: 'مؤسستك (من إعداداتك)' })}`,
    '',
    '[[clauses]]',
    `id = ${tomlString(clause.id)}`,
    `title = ${tomlLoc(clause.title)}`,
    `text = ${tomlLoc(clause.text)}`,
    `guidance = ${tomlLoc(clause.guidance)}`,
  ];
  const rule = (id, category, severity, terms, near, title, why, safer) =>
    lines.push(
      '',
      '[[rules]]',
      `id = ${tomlString(id)}`,
      `category = ${tomlString(category)}`,
      `severity = ${tomlString(severity)}`,
      `clause = ${tomlString(clause.id)}`,
      `terms = ${tomlList(terms)}`,
      `near = [${tomlList(near)}]`,
      'window = 10',
      `title = ${tomlLoc(title)}`,
      `why = ${tomlLoc(why)}`,
      `safer = ${tomlLoc(safer)}`,
    );
  if (institution.length) {
    rule(
      `${INSTITUTION_PACK}.reputation.institution`,
      'reputation',
      'warn',
      institution,
      DISPARAGING,
      { en: 'Disparaging your institution', ar: 'الإساءة إلى مؤسستك' },
      {
        en: 'This names your own institution (from your settings) next to a disparaging word. Its reputation is what clause iq-1 asks you to protect.',
        ar: 'هذا يذكر مؤسستك (من إعداداتك) بجانب كلمة مسيئة، وسمعتها هي ما يطلب البند ١ حمايته.',
      },
      { en: 'Raise the problem internally instead of posting it.', ar: 'اطرح المشكلة داخلياً بدلاً من نشرها.' },
    );
    rule(
      `${INSTITUTION_PACK}.confidential.institution`,
      'confidential',
      'high',
      institution,
      DISCLOSING,
      { en: "Disclosing your institution's documents", ar: 'إفشاء وثائق مؤسستك' },
      {
        en: "This names your own institution next to words about confidential or internal documents. Posting them breaches your duty of discretion (clause iq-1).",
        ar: 'هذا يذكر مؤسستك بجانب كلمات عن وثائق سرية أو داخلية، ونشرها يخل بواجب الكتمان (البند ١).',
      },
      { en: 'Do not post internal documents; refer people to official announcements.', ar: 'لا تنشر الوثائق الداخلية، وأحِل إلى الإعلانات الرسمية.' },
    );
  }
  if (leaders.length) {
    rule(
      `${INSTITUTION_PACK}.reputation.leaders`,
      'reputation',
      'warn',
      leaders,
      DISPARAGING,
      { en: "Disparaging your institution's leaders", ar: 'الإساءة إلى قيادات مؤسستك' },
      {
        en: "This names a leader of your institution (from your settings) next to a disparaging word, which reflects on the institution's reputation (clause iq-1).",
        ar: 'هذا يذكر أحد قيادات مؤسستك (من إعداداتك) بجانب كلمة مسيئة، وهو ما ينعكس على سمعة المؤسسة (البند ١).',
      },
      { en: 'Keep disagreements with your leadership to internal channels.', ar: 'أبقِ خلافاتك مع القيادة في القنوات الداخلية.' },
    );
  }
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------------ extra findings

/** @param {PackInfo[]} packs @param {string} id */
function clauseOf(packs, id) {
  const pack = packs.find((p) => p.id === CLAUSE_PACK) || packs.find((p) => p.clauses.some((c) => c.id === id));
  return pack ? pack.clauses.find((c) => c.id === id) || null : null;
}

const AUDIENCE = {
  group: { en: 'a group', ar: 'مجموعة' },
  dm: { en: 'a private message', ar: 'رسالة خاصة' },
  restricted: { en: 'a restricted audience', ar: 'جمهور محدود' },
};

/**
 * Messages of the extra rules, shaped like the engine's.
 * @param {PackInfo[]} packs @returns {Object<string, RuleMessages>}
 */
export function extraMessages(packs) {
  const out = {};
  const closed = clauseOf(packs, 'iq-3');
  if (closed)
    out[RULE_CLOSED] = {
      id: RULE_CLOSED,
      pack: 'tarawwi',
      category: 'private-audience',
      severity: 'warn',
      clause: closed,
      title: { en: 'Closed groups and chats are not private', ar: 'المجموعات والمحادثات المغلقة ليست خاصة' },
      why: {
        en: 'You are writing in a group, a private chat or to a restricted audience. A screenshot makes it public, so clause iq-3 asks you to hold it to the standard of a public post; the other warnings here count one step more.',
        ar: 'أنت تكتب في مجموعة أو محادثة خاصة أو لجمهور محدود، ولقطة شاشة واحدة تجعله علنياً؛ لذا يطلب البند ٣ أن تعامله معاملة المنشور العام، وتُرفع التنبيهات الأخرى هنا درجة.',
      },
      safer: { en: 'Write only what you would post publicly under your name.', ar: 'اكتب فقط ما كنت ستنشره علناً باسمك.' },
    };
  const identity = clauseOf(packs, 'iq-4');
  if (identity)
    out[RULE_OTHER_ACCOUNT] = {
      id: RULE_OTHER_ACCOUNT,
      pack: 'tarawwi',
      category: 'anonymity',
      severity: 'high',
      clause: identity,
      title: { en: 'Posting about your institution from another account', ar: 'النشر عن مؤسستك من حساب آخر' },
      why: {
        en: 'The account you are signed in with does not carry the name in your settings, and this text is about your institution. Clause iq-4 forbids pseudonymous or anonymous posts about it.',
        ar: 'الحساب الذي تنشر منه لا يحمل الاسم المسجل في إعداداتك، وهذا النص عن مؤسستك. والبند ٤ يحظر النشر عنها باسم مستعار أو بهوية مجهولة.',
      },
      safer: { en: 'Post it from your own, named account, or not at all.', ar: 'انشره من حسابك باسمك الحقيقي، أو لا تنشره.' },
    };
  return out;
}

const bump = { info: 'warn', warn: 'high', high: 'high' };
const RANK = { info: 0, warn: 1, high: 2 };

/**
 * Closed audience (iq-3): when the text already has findings, raise each one step and add one
 * citing iq-3 (on the span of the most severe). Clean text gets nothing.
 * @param {Finding[]} findings @param {string} text @param {string|null|undefined} audience
 * @returns {Finding[]}
 */
export function withAudience(findings, text, audience) {
  if (!audience || !AUDIENCE[audience] || !findings.length) return findings;
  const raised = findings.map((f) => ({ ...f, severity: bump[f.severity] || f.severity, raised: true }));
  const top = raised.reduce((a, b) => (RANK[b.severity] > RANK[a.severity] ? b : a));
  raised.push({ rule: RULE_CLOSED, category: 'private-audience', severity: top.severity, clause: 'iq-3', start: top.start, end: top.end, text: text.slice(top.start, top.end), audience });
  return raised.sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * Whether an account carries one of the user's names (display name contains it, or every word of
 * it; or the handle contains it without spaces).
 * @param {{name?: string, handle?: string}} account @param {string[]} names
 */
export function accountCarries(account, names) {
  const display = normalizePhrase(account.name || '');
  const handle = normalizePhrase(account.handle || '').replace(/[^\p{L}\p{N}]/gu, '');
  return names.some((n) => {
    const name = normalizePhrase(n);
    if (!name) return false;
    if (display.includes(name) || (handle && handle.includes(name.replace(/[^\p{L}\p{N}]/gu, '')))) return true;
    const words = name.split(' ').filter((w) => w.length >= 2);
    return words.length > 0 && words.every((w) => display.split(/[^\p{L}\p{N}]+/u).includes(w) || handle.includes(w));
  });
}

/**
 * Another account (iq-4): the user gave their name(s), the page says who is signed in, that
 * account does not carry the name, and the text is about the institution.
 * @param {Finding[]} findings @param {string} text @param {{name?: string, handle?: string}|null|undefined} account
 * @param {Profile} profile
 * @returns {Finding[]}
 */
export function withAccount(findings, text, account, profile) {
  if (!account || !(account.name || account.handle) || !profile.names.length) return findings;
  if (accountCarries(account, profile.names)) return findings;
  const span = findMention(text, [...profile.institution, ...profile.terms, ...GENERIC_INSTITUTION]);
  if (!span) return findings;
  const f = { rule: RULE_OTHER_ACCOUNT, category: 'anonymity', severity: 'high', clause: 'iq-4', start: span.start, end: span.end, text: text.slice(span.start, span.end) };
  return [...findings, f].sort((a, b) => a.start - b.start || b.end - a.end);
}

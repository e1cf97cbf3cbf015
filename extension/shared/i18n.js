// UI strings of the card, review panel, popup and options page, in English and Arabic.
//
// The manifest's own strings live in _locales/ (the browser picks those); these follow the
// language the user chose in Tarawwi's settings, which may differ from the browser's.
// A plain script (no import/export): defines `globalThis.tarawwi.i18n`.
'use strict';

(() => {
  const ns = (globalThis.tarawwi = globalThis.tarawwi || {});
  if (ns.i18n) return;

  /** @type {{en: Object<string,string>, ar: Object<string,string>}} */
  const STRINGS = {
    en: {
      appName: 'Tarawwi',
      tagline: 'Take a moment before you post',
      privacy: 'Nothing you type leaves this device.',
      'site.x': 'X',
      'site.facebook': 'Facebook',
      'severity.high': 'High risk',
      'severity.warn': 'Warning',
      'severity.info': 'Note',
      'category.political': 'Political opinion',
      'category.reputation': "Institution's reputation",
      'category.confidential': 'Confidential information',
      'category.anonymity': 'Anonymous posting',
      'category.media': 'Speaking to the media',
      'category.private-audience': 'Private groups and chats',
      'category.interaction': 'Interacting with content',
      'category.civility': 'Civility',
      'card.label': 'Tarawwi warning',
      'card.flagged': 'Flagged words',
      'card.clause': 'Policy clause {id}',
      'card.why': 'Why it matters',
      'card.safer': 'A safer way to say it',
      'card.ignoreOnce': 'Ignore once',
      'card.learnMore': 'Learn more',
      'card.close': 'Close',
      'card.hint': 'Alt+Shift+T opens this card for the words at the cursor.',
      truncated: 'Only the first 20 000 characters were checked.',
      'panel.title': 'Take a moment before posting',
      'panel.intro.one': 'One part of this post may breach your employer’s social-media policy.',
      'panel.intro.many': '{n} parts of this post may breach your employer’s social-media policy.',
      'panel.position': '{i} of {n}',
      'panel.prev': 'Previous',
      'panel.next': 'Next',
      'panel.jump': 'Show in my text',
      'panel.edit': 'Edit',
      'panel.postAnyway': 'Post anyway',
      'panel.ackNote': '“Post anyway” keeps a private note of the rules (never your text) on this device.',
      'popup.findings': 'In the text you are writing',
      'popup.noFindings': 'Nothing to flag in the text you are writing.',
      'popup.noComposer': 'Start typing a post, reply, comment or message to see findings here.',
      'popup.unsupported': 'Tarawwi checks what you write on x.com and facebook.com.',
      'popup.siteToggle': 'Check what I write on {site}',
      'popup.disabled': 'Tarawwi is off on {site}.',
      'popup.blocking': 'asks you to review before posting',
      'popup.digest': 'Policy guidance, clause by clause',
      'popup.settings': 'Settings',
      language: 'Language',
      'language.auto': 'Browser language',
      'language.en': 'English',
      'language.ar': 'العربية',
      'options.title': 'Tarawwi settings',
      'options.general': 'General',
      'options.sites': 'Sites',
      'options.threshold': 'Review before posting, and count on the toolbar badge, from',
      'options.thresholdHelp': 'Every finding is underlined; findings below this level do not stop you from posting.',
      'options.policy': 'Check against',
      'options.policyAll': 'Both policies',
      'options.policyIq': 'Iraqi circular (Court of Cassation)',
      'options.policyUk': 'UK Civil Service guidance',
      'options.policyHelp': 'Choose your employer’s policy so each problem is flagged once, with the clause that applies to you.',
      'options.acks': 'Acknowledgements',
      'options.acksHelp': 'Each time you chose “Post anyway”: when, where and which rules. Your text is never stored.',
      'options.acksEmpty': 'None yet.',
      'options.acksClear': 'Clear all',
      'options.acksCleared': 'Cleared.',
      'options.time': 'When',
      'options.site': 'Site',
      'options.rules': 'Rules',
      'options.policies': 'Policies',
      'options.saved': 'Saved.',
      // issue 7
      'card.ignoreAlways': 'Ignore always',
      'action.title.like': 'Liking this counts as publishing it',
      'action.title.repost': 'Reposting or quoting this counts as publishing it',
      'action.title.follow': 'Following from this post counts as endorsing it',
      'action.title.share': 'Sharing this counts as publishing it',
      'action.why': 'Clause iq-2: reposting, liking, following or reacting to content counts as if you had published it yourself.',
      'action.flagged': 'This post was flagged:',
      'action.continue': 'Continue',
      'action.cancel': 'Cancel',
      'options.rules': 'Rules',
      'options.rulesHelp': 'Switch off a rule to stop it warning you. Rules that are off are never checked.',
      'options.ignored': 'Always ignored',
      'options.ignoredHelp': 'Phrases you chose to “Ignore always”. Only the rule and a fingerprint (hash) of the words are kept, never the words or your post.',
      'options.ignoredEmpty': 'Nothing is ignored.',
      'options.ignoredRemove': 'Stop ignoring',
      'options.ignoredRemoved': 'Removed.',
      'options.undo': 'Undo',
      'options.fingerprint': 'Fingerprint',
      'options.setByOrg': 'Set by your organisation',
      'options.profile': 'Your institution',
      'options.profileHelp': 'Kept only on this device. Used to recognise your institution, its leaders and internal terms, and to warn you when you write about it from an account that does not carry your name.',
      'options.profile.names': 'Your real name(s)',
      'options.profile.institution': 'Institution names and aliases (Arabic and English)',
      'options.profile.leaders': 'Names of its leaders',
      'options.profile.terms': 'Internal terms',
      'options.profile.oneper': 'One per line.',
      'options.profile.save': 'Save institution profile',
      'options.profile.saved': 'Institution profile saved.',
      'options.profile.error': 'Could not use this profile: {message}',
      'options.acksExportJson': 'Export JSON',
      'options.acksExportCsv': 'Export CSV',
      'options.action': 'Action',
      'digest.guidance': 'For a post',
      'digest.fullText': 'Full clause',
      'digest.version': 'version {v}',
      error: 'Tarawwi could not check this text: {message}',
    },
    ar: {
      appName: 'تروَّ',
      tagline: 'خذ لحظة قبل أن تنشر',
      privacy: 'لا يغادر أيّ شيء تكتبه هذا الجهاز.',
      'site.x': 'إكس',
      'site.facebook': 'فيسبوك',
      'severity.high': 'خطورة عالية',
      'severity.warn': 'تحذير',
      'severity.info': 'ملاحظة',
      'category.political': 'رأي سياسي',
      'category.reputation': 'سمعة المؤسسة',
      'category.confidential': 'معلومات سرية',
      'category.anonymity': 'النشر بهوية مخفية',
      'category.media': 'التصريح لوسائل الإعلام',
      'category.private-audience': 'المجموعات والمحادثات الخاصة',
      'category.interaction': 'التفاعل مع المحتوى',
      'category.civility': 'اللياقة في الخطاب',
      'card.label': 'تنبيه من تروَّ',
      'card.flagged': 'العبارة المنبَّه عليها',
      'card.clause': 'بند السياسة {id}',
      'card.why': 'لماذا يهم هذا',
      'card.safer': 'صياغة أسلم',
      'card.ignoreOnce': 'تجاهل هذه المرة',
      'card.learnMore': 'اعرف المزيد',
      'card.close': 'إغلاق',
      'card.hint': 'Alt+Shift+T يفتح هذه البطاقة للعبارة عند المؤشر.',
      truncated: 'فُحص أول 20 000 حرف فقط.',
      'panel.title': 'تروَّ قبل النشر',
      'panel.intro.one': 'قد يخالف موضعٌ واحد في هذا المنشور سياسة جهة عملك في التواصل الاجتماعي.',
      'panel.intro.many': 'قد تخالف {n} مواضع في هذا المنشور سياسة جهة عملك في التواصل الاجتماعي.',
      'panel.position': '{i} من {n}',
      'panel.prev': 'السابق',
      'panel.next': 'التالي',
      'panel.jump': 'أظهِره في نصّي',
      'panel.edit': 'تعديل',
      'panel.postAnyway': 'انشر على أي حال',
      'panel.ackNote': 'عند «انشر على أي حال» تُحفظ على هذا الجهاز ملاحظة خاصة بالقواعد فقط (لا نصّك أبدًا).',
      'popup.findings': 'في النص الذي تكتبه',
      'popup.noFindings': 'لا شيء يستدعي التنبيه في النص الذي تكتبه.',
      'popup.noComposer': 'ابدأ بكتابة منشور أو رد أو تعليق أو رسالة لترى التنبيهات هنا.',
      'popup.unsupported': 'يفحص تروَّ ما تكتبه على x.com و facebook.com.',
      'popup.siteToggle': 'افحص ما أكتبه على {site}',
      'popup.disabled': 'تروَّ متوقف على {site}.',
      'popup.blocking': 'يطلب منك المراجعة قبل النشر',
      'popup.digest': 'إرشادات السياسات بندًا بندًا',
      'popup.settings': 'الإعدادات',
      language: 'اللغة',
      'language.auto': 'لغة المتصفح',
      'language.en': 'English',
      'language.ar': 'العربية',
      'options.title': 'إعدادات تروَّ',
      'options.general': 'عام',
      'options.sites': 'المواقع',
      'options.threshold': 'المراجعة قبل النشر والعدّ على شارة شريط الأدوات ابتداءً من',
      'options.thresholdHelp': 'يُسطَّر تحت كل تنبيه؛ والتنبيهات الأدنى من هذا المستوى لا توقفك عن النشر.',
      'options.policy': 'الفحص وفق',
      'options.policyAll': 'السياستين معاً',
      'options.policyIq': 'التعميم العراقي (محكمة التمييز)',
      'options.policyUk': 'إرشادات الخدمة المدنية البريطانية',
      'options.policyHelp': 'اختر سياسة جهة عملك ليُنبَّه على كل مشكلة مرة واحدة، مع البند الذي ينطبق عليك.',
      'options.acks': 'الإقرارات',
      'options.acksHelp': 'كل مرة اخترت فيها «انشر على أي حال»: متى وأين وأي القواعد. لا يُحفظ نصّك أبدًا.',
      'options.acksEmpty': 'لا شيء بعد.',
      'options.acksClear': 'امسح الكل',
      'options.acksCleared': 'تم المسح.',
      'options.time': 'الوقت',
      'options.site': 'الموقع',
      'options.rules': 'القواعد',
      'options.policies': 'السياسات',
      'options.saved': 'تم الحفظ.',
      // issue 7
      'card.ignoreAlways': 'تجاهل دائمًا',
      'action.title.like': 'الإعجاب بهذا يُحسب نشرًا له',
      'action.title.repost': 'إعادة نشر هذا أو اقتباسه تُحسب نشرًا له',
      'action.title.follow': 'المتابعة من هذا المنشور تُحسب تأييدًا له',
      'action.title.share': 'مشاركة هذا تُحسب نشرًا له',
      'action.why': 'البند ٢: إعادة النشر أو الإعجاب أو المتابعة أو التفاعل مع أي محتوى تُحسب كأنك نشرته بنفسك.',
      'action.flagged': 'نُبِّه على هذا المنشور:',
      'action.continue': 'متابعة',
      'action.cancel': 'إلغاء',
      'options.rules': 'القواعد',
      'options.rulesHelp': 'أوقف قاعدة لتتوقف عن تنبيهك؛ القواعد الموقوفة لا تُفحص أبدًا.',
      'options.ignored': 'المتجاهَل دائمًا',
      'options.ignoredHelp': 'عبارات اخترت «تجاهل دائمًا» لها. تُحفظ القاعدة وبصمة (تجزئة) للكلمات فقط، لا الكلمات ولا منشورك.',
      'options.ignoredEmpty': 'لا شيء متجاهَل.',
      'options.ignoredRemove': 'أوقف التجاهل',
      'options.ignoredRemoved': 'أُزيل.',
      'options.undo': 'تراجع',
      'options.fingerprint': 'البصمة',
      'options.setByOrg': 'تحدده مؤسستك',
      'options.profile': 'مؤسستك',
      'options.profileHelp': 'تُحفظ على هذا الجهاز فقط، وتُستخدم للتعرف على مؤسستك وقياداتها ومصطلحاتها الداخلية، ولتنبيهك إذا كتبت عنها من حساب لا يحمل اسمك.',
      'options.profile.names': 'اسمك الحقيقي (أو أسماؤك)',
      'options.profile.institution': 'أسماء المؤسسة وألقابها (بالعربية والإنجليزية)',
      'options.profile.leaders': 'أسماء قياداتها',
      'options.profile.terms': 'مصطلحات داخلية',
      'options.profile.oneper': 'واحد في كل سطر.',
      'options.profile.save': 'احفظ ملف المؤسسة',
      'options.profile.saved': 'حُفظ ملف المؤسسة.',
      'options.profile.error': 'تعذّر استخدام هذا الملف: {message}',
      'options.acksExportJson': 'تصدير JSON',
      'options.acksExportCsv': 'تصدير CSV',
      'options.action': 'الإجراء',
      'digest.guidance': 'عند النشر',
      'digest.fullText': 'نص البند كاملًا',
      'digest.version': 'الإصدار {v}',
      error: 'تعذّر على تروَّ فحص هذا النص: {message}',
    },
  };

  /**
   * The UI language for a setting: 'en' or 'ar'.
   * @param {string} setting 'auto' | 'en' | 'ar'
   * @param {string} [uiLang] the browser's UI language, for 'auto'
   * @returns {'en'|'ar'}
   */
  function resolveLang(setting, uiLang) {
    if (setting === 'en' || setting === 'ar') return setting;
    return /^ar\b/i.test(uiLang || '') ? 'ar' : 'en';
  }

  /**
   * Translate `key` into `lang`, filling `{name}` placeholders from `vars`.
   * Falls back to English, then to the key itself.
   * @param {'en'|'ar'} lang @param {string} key @param {Object<string, string|number>} [vars]
   */
  function t(lang, key, vars) {
    const s = (STRINGS[lang] && STRINGS[lang][key]) ?? STRINGS.en[key] ?? key;
    return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
  }

  /** @param {'en'|'ar'} lang */
  const dir = (lang) => (lang === 'ar' ? 'rtl' : 'ltr');

  /** Pick the `lang` side of an engine `{en, ar}` string. @param {{en?: string, ar?: string}|undefined} loc */
  const pick = (loc, lang) => (loc ? loc[lang] || loc.en || loc.ar || '' : '');

  const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
  /** The language a piece of user text is mostly written in. @param {string} s */
  const textLang = (s) => (ARABIC.test(s) ? 'ar' : 'en');

  ns.i18n = Object.freeze({ STRINGS, resolveLang, t, dir, pick, textLang });
})();

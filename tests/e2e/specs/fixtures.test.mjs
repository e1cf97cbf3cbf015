// The fixtures themselves, with no extension loaded: they must behave like X and
// Facebook (sites.md §1–§3, §5) before an extension is tested against them.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { launch, typeSlowly, paste, getEditorText, getPosts, getActions, readEditorDom, waitForEditor } from '../lib/harness.mjs';

const TEXTS = {
  english: 'Hello world, this is a test.',
  arabic: 'هذا اختبار للنص العربي',
  mixed: 'Meeting أحمد at 5pm 😀 #news',
};

const X = {
  inline: { path: '/home', sel: '[data-testid="primaryColumn"] [data-testid="tweetTextarea_0"]', name: 'inline' },
  modal: { path: '/compose/post', sel: '[role="dialog"] [data-testid="tweetTextarea_0"]', name: 'modal' },
  reply: { path: '/testhandle/status/1', sel: '[data-testid="primaryColumn"] [data-testid="tweetTextarea_0"]', name: 'reply' },
  dm: { path: '/messages/123', sel: '[data-testid="dmComposerTextInput"]', name: 'dm' },
  xchat: { path: '/i/chat/123', sel: 'textarea[data-testid="dm-composer-textarea"]', name: 'xchat' },
};
const FB_OPENER = '[role="region"] [role="link"] + [role="button"]';
const FB = {
  post: { path: '/', sel: '[role="dialog"] form[method="post"] [data-lexical-editor="true"]', name: 'post', open: (p) => p.click(FB_OPENER) },
  comment: { path: '/', sel: '[aria-posinset="1"] form[role="presentation"] [data-lexical-editor="true"]', name: 'comment:p1' },
  messenger: { path: '/messages/t/123/', sel: '[role="group"] [data-lexical-editor="true"]', name: 'messenger' },
};

let h;
before(async () => {
  h = await launch({ extensionDir: null });
});
after(async () => {
  await h?.close();
});
afterEach(async () => {
  for (const p of h.pages().slice(1)) await p.close();
  assert.deepEqual(h.errors, [], 'no page errors or console errors');
});

async function openX(c, opts = {}) {
  const page = await h.newPage();
  await h.openX(c.path, { page, ...opts });
  await page.waitForSelector(c.sel);
  return page;
}
async function openFb(c, opts = {}) {
  const page = await h.newPage();
  await h.openFacebook(c.path, { page, ...opts });
  if (c.open) {
    await page.waitForSelector(FB_OPENER);
    await c.open(page);
  }
  await page.waitForSelector(c.sel);
  await waitForEditor(page, c.name);
  return page;
}

// ------------------------------------------------------------------ X markup
describe('X markup (sites.md §1)', () => {
  for (const lang of ['en', 'ar']) {
    it(`home page carries X's data-testids and structure [${lang}]`, async () => {
      const page = await openX(X.inline, { lang });
      const r = await page.evaluate(() => {
        const q = (s) => document.querySelector(s);
        const qa = (s) => [...document.querySelectorAll(s)];
        const ed = q('[data-testid="primaryColumn"] [data-testid="tweetTextarea_0"]');
        const btn = q('[data-testid="primaryColumn"] button[data-testid="tweetButtonInline"]');
        const articles = qa('article[data-testid="tweet"]');
        const sw = q('[data-testid="SideNav_AccountSwitcher_Button"]');
        const avatar = sw?.querySelector('[data-testid^="UserAvatar-Container-"]');
        return {
          lang: document.documentElement.lang,
          dir: document.documentElement.dir,
          editor: !!ed && ed.matches('div.public-DraftEditor-content.notranslate[contenteditable="true"][role="textbox"]') && !!ed.closest('.DraftEditor-root'),
          editorInContainer: !!ed?.closest('[data-testid="tweetTextarea_0RichTextInputContainer"]'),
          contents: !!ed?.querySelector('div[data-contents="true"] > div[data-block="true"][data-editor][data-offset-key]'),
          placeholderOutside: !!q('.public-DraftEditorPlaceholder-inner') && !ed.contains(q('.public-DraftEditorPlaceholder-inner')),
          inDialog: !!ed?.closest('[role="dialog"]'),
          btnDisabled: btn?.getAttribute('aria-disabled') === 'true' && btn.disabled,
          btnText: btn?.textContent,
          articles: articles.length,
          allHaveParts: articles.every(
            (a) => a.querySelector('[data-testid="tweetText"][lang][dir="auto"]') && a.querySelector('[data-testid="reply"]') && a.querySelector('[data-testid="retweet"]') && a.querySelector('[data-testid="like"]') && a.querySelector('[data-testid="User-Name"]'),
          ),
          inCell: articles.every((a) => a.parentElement.matches('[data-testid="cellInnerDiv"]')),
          texts: qa('article[data-testid="tweet"] [data-testid="tweetText"]').map((e) => ({ lang: e.lang, text: e.textContent, quoted: !!e.closest('div[role="link"]') })),
          emojiImg: !!q('[data-testid="tweetText"] img[alt="😀"][src*="abs-0.twimg.com/emoji/v2/svg/"]'),
          handle: avatar?.getAttribute('data-testid'),
          // MASK getNickname: leaf spans + img[alt] of the switcher, minus the @handle row.
          displayName: sw
            ? [...sw.querySelectorAll('span, img[alt]')]
                .filter((e) => e.tagName === 'IMG' || !e.querySelector('span'))
                .map((e) => (e.tagName === 'IMG' ? e.alt : e.textContent))
                .filter((s) => !s.startsWith('@'))
                .join('')
            : null,
          composeLink: !!q('a[href="/compose/post"]'),
          profileLink: q('a[data-testid="AppTabBar_Profile_Link"]')?.getAttribute('href'),
          initialState: [...document.querySelectorAll('#react-root ~ script')].some((s) => s.textContent.includes('"screen_name":"testhandle"')),
          follow: !!q('[data-testid$="-follow"]'),
          layers: !!q('#layers'),
        };
      });
      assert.equal(r.lang, lang);
      assert.equal(r.dir, lang === 'ar' ? 'rtl' : 'ltr');
      assert.ok(r.editor, 'Draft root is div.public-DraftEditor-content[contenteditable][role=textbox][data-testid=tweetTextarea_0]');
      assert.ok(r.editorInContainer);
      assert.ok(r.contents, 'Draft block markup');
      assert.ok(r.placeholderOutside, 'placeholder is outside the contenteditable');
      assert.equal(r.inDialog, false);
      assert.ok(r.btnDisabled, 'inline Post button disabled while empty');
      assert.equal(r.btnText, lang === 'ar' ? 'نشر' : 'Post');
      assert.ok(r.articles >= 3);
      assert.ok(r.allHaveParts);
      assert.ok(r.inCell);
      assert.ok(r.texts.some((x) => x.text === 'The Iranian regime are criminals and our government are their puppets' && x.lang === 'en' && !x.quoted));
      assert.ok(r.texts.some((x) => x.lang === 'ar' && !x.quoted));
      assert.ok(r.texts.some((x) => x.quoted), 'a quoted card with its own tweetText');
      assert.ok(r.emojiImg);
      assert.equal(r.handle, 'UserAvatar-Container-testhandle');
      assert.equal(r.displayName.trim(), 'Test User 🌙');
      assert.ok(r.composeLink);
      assert.equal(r.profileLink, '/testhandle');
      assert.ok(r.initialState);
      assert.ok(r.follow);
      assert.ok(r.layers);
    });
  }

  it('modal composer coexists with the inline one (duplicate tweetTextarea_0) and routes to /compose/post', async () => {
    const page = await openX(X.inline);
    await page.evaluate(() => (window.__noReload = true));
    await page.click('a[href="/compose/post"]');
    await page.waitForSelector(X.modal.sel);
    assert.equal(new URL(page.url()).pathname, '/compose/post');
    assert.equal(await page.evaluate(() => window.__noReload), true, 'SPA navigation, no reload');
    assert.equal(await page.locator('[data-testid="tweetTextarea_0"]').count(), 2);
    assert.equal(await page.locator('[role="dialog"][aria-modal="true"][aria-labelledby="modal-header"] button[data-testid="tweetButton"][aria-disabled="true"]').count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement.closest('[role="dialog"]') && document.activeElement.dataset.testid), 'tweetTextarea_0', 'modal editor focused');
    assert.ok(await page.evaluate(() => document.querySelector('#layers').contains(document.querySelector('[role="dialog"]'))), 'dialog is portaled into #layers');
  });

  it('DM, XChat and reply pages have their composers', async () => {
    let page = await openX(X.dm);
    assert.ok(await page.locator('[data-testid="dmComposerTextInput"].public-DraftEditor-content[contenteditable="true"][role="textbox"]').count());
    assert.equal(await page.locator('button[data-testid="dmComposerSendButton"]').getAttribute('aria-disabled'), 'true');
    page = await openX(X.xchat);
    assert.equal(await page.locator('button[data-testid="dm-composer-send-button"]').isDisabled(), true);
    page = await openX(X.reply);
    assert.equal(await page.locator('article[data-testid="tweet"]').count(), 1);
    assert.equal(await page.locator('[data-testid="tweetButtonInline"]').textContent(), 'Reply');
    assert.ok((await page.locator('.public-DraftEditorPlaceholder-inner').textContent()).includes('Post your reply'));
  });
});

// ------------------------------------------------------------------ Facebook markup
describe('Facebook markup (sites.md §2)', () => {
  for (const lang of ['en', 'ar']) {
    it(`home feed carries Facebook's attributes [${lang}]`, async () => {
      const page = await openFb(FB.comment, { lang });
      const r = await page.evaluate(() => {
        const q = (s) => document.querySelector(s);
        const qa = (s) => [...document.querySelectorAll(s)];
        const items = qa('[role="feed"] div[aria-posinset]');
        const ed = q('[aria-posinset="1"] form[role="presentation"] [contenteditable="true"][role="textbox"][data-lexical-editor="true"]');
        const like = q('[aria-posinset="1"] [role="button"]:has([data-ad-rendering-role="like_button"])');
        const cui = [...document.scripts].map((s) => /\["CurrentUserInitialData",\[\],(\{[^}]*\})/.exec(s.textContent)).find(Boolean);
        return {
          lang: document.documentElement.lang,
          dir: document.documentElement.dir,
          items: items.length,
          pagelets: qa('[role="feed"] > [data-pagelet^="FeedUnit_"]').length,
          allParts: items.every((i) => i.querySelector('[data-ad-rendering-role="profile_name"]') && i.querySelector('[data-ad-rendering-role="story_message"] [data-ad-comet-preview="message"]') && i.querySelector('[role="button"] [data-ad-rendering-role="like_button"]') && i.querySelector('[role="button"] [data-ad-rendering-role="comment_button"]') && i.querySelector('[role="button"] [data-ad-rendering-role="share_button"]') && i.querySelector('form[role="presentation"] [data-lexical-editor="true"]')),
          stories: qa('[role="feed"] [data-ad-rendering-role="story_message"]').map((s) => s.textContent),
          nestedShared: !!q('[aria-posinset="4"] [data-ad-rendering-role="story_message"] ~ * [data-ad-rendering-role="story_message"], [aria-posinset="4"] .fb-shared [data-ad-rendering-role="story_message"]'),
          editor: !!ed && ed.classList.contains('notranslate') && !!ed.getAttribute('aria-label') && ed.getAttribute('aria-label') === ed.getAttribute('aria-placeholder'),
          label: ed?.getAttribute('aria-label'),
          paragraph: !!ed?.querySelector(':scope > p[dir="auto"]'),
          likeLabel: like?.getAttribute('aria-label'),
          comments: qa('[aria-posinset="1"] ul [role="article"]').length,
          emoji: !!q('[data-ad-rendering-role="story_message"] img[src*="emoji.php"][alt="😀"]'),
          seeMore: !!q('[data-ad-rendering-role="story_message"] [role="button"]'),
          opener: !!q('[role="region"] [role="link"] + [role="button"]'),
          cui: cui && JSON.parse(cui[1]),
          cookie: document.cookie,
          leftRail: !!q('[data-pagelet="LeftRail"] ul [role="link"]'),
        };
      });
      assert.equal(r.lang, lang);
      assert.equal(r.dir, lang === 'ar' ? 'rtl' : 'ltr');
      assert.equal(r.items, 4);
      assert.equal(r.pagelets, 4);
      assert.ok(r.allParts, 'every feed item has profile_name, story_message, like/comment/share buttons and a comment editor');
      assert.ok(r.stories.includes('The Iranian regime are criminals and our government are their puppets'));
      assert.ok(r.stories.some((s) => /[\u0600-\u06FF]/.test(s)));
      assert.ok(r.nestedShared, 'a shared post nests a second story_message');
      assert.ok(r.editor);
      assert.equal(r.label, lang === 'ar' ? 'اكتب تعليقًا…' : 'Write a comment…');
      assert.ok(r.paragraph, 'Lexical paragraph p[dir=auto]');
      assert.equal(r.likeLabel, lang === 'ar' ? 'أعجبني' : 'Like');
      assert.equal(r.comments, 1);
      assert.ok(r.emoji);
      assert.ok(r.seeMore);
      assert.ok(r.opener);
      assert.deepEqual({ ACCOUNT_ID: r.cui.ACCOUNT_ID, USER_ID: r.cui.USER_ID, NAME: r.cui.NAME, SHORT_NAME: r.cui.SHORT_NAME }, { ACCOUNT_ID: '100', USER_ID: '100', NAME: 'Test User', SHORT_NAME: 'Test' });
      assert.match(r.cookie, /(^|; )c_user=100(;|$)/);
      assert.ok(r.leftRail);
    });

    it(`create-post dialog, group page and Messenger [${lang}]`, async () => {
      let page = await openFb(FB.post, { lang });
      const postBtn = page.locator('[role="dialog"] form[method="post"] div[role="button"][aria-label="' + (lang === 'ar' ? 'نشر' : 'Post') + '"]');
      assert.equal(await postBtn.getAttribute('aria-disabled'), 'true');
      assert.ok(await page.evaluate(() => document.activeElement.matches('[role="dialog"] [data-lexical-editor="true"]')), 'dialog editor focused');

      page = await openFb({ path: '/groups/123/', sel: '[data-pagelet="GroupFeed"] [role="feed"] [data-lexical-editor="true"]', name: 'comment:9001' }, { lang });
      assert.equal(await page.locator('[data-pagelet="GroupInlineComposer"] [role="button"]').count(), 1);
      assert.ok((await page.locator('[data-pagelet="GroupFeed"] [role="feed"] a[href="/groups/123/posts/9001/"]').count()) > 0);

      page = await openFb(FB.messenger, { lang });
      const tb = page.locator(FB.messenger.sel);
      assert.equal(await tb.getAttribute('aria-placeholder'), 'Aa');
      if (lang === 'en') assert.match(await tb.getAttribute('aria-label'), /^Write to /);
      assert.ok((await page.locator('div[data-scope="messages_table"][role="gridcell"]').count()) >= 1);
      assert.ok(await page.locator('[role="group"]').evaluate((g) => !!g.closest('.fb-messenger').querySelector('[data-scope="messages_table"]')));
    });
  }
});

// ------------------------------------------------------------------ typing → editor state
describe('typing key by key: editor state equals what was typed', () => {
  for (const [cname, c] of Object.entries(X)) {
    for (const [tname, text] of Object.entries(TEXTS)) {
      it(`X ${cname}: ${tname}`, async () => {
        const page = await openX(c);
        await typeSlowly(page, c.sel, text);
        assert.equal(await getEditorText(page, c.name), text);
        assert.equal(await readEditorDom(page, c.sel), text, 'DOM reading (sites.md §3) equals the state');
        if (tname === 'arabic' && c.name !== 'xchat') {
          assert.ok(await page.locator(c.sel).evaluate((e) => !!e.querySelector('.public-DraftStyleDefault-rtl')), 'Arabic block is -rtl');
        }
        assert.deepEqual(await getPosts(page), [], 'typing alone posts nothing');
      });
    }
  }
  for (const [cname, c] of Object.entries(FB)) {
    for (const [tname, text] of Object.entries(TEXTS)) {
      it(`Facebook ${cname}: ${tname}`, async () => {
        const page = await openFb(c);
        await typeSlowly(page, c.sel, text);
        assert.equal(await getEditorText(page, c.name), text);
        assert.equal(await readEditorDom(page, c.sel), text);
        assert.ok(await page.locator(c.sel).evaluate((e) => !!e.querySelector(':scope > p[dir="auto"] > span[data-lexical-text="true"]')));
        assert.deepEqual(await getPosts(page), []);
      });
    }
  }
  it('X inline in the ar locale', async () => {
    const page = await openX(X.inline, { lang: 'ar' });
    await typeSlowly(page, X.inline.sel, TEXTS.mixed);
    assert.equal(await getEditorText(page, 'inline'), TEXTS.mixed);
  });
  it('Facebook comment in the ar locale', async () => {
    const page = await openFb(FB.comment, { lang: 'ar' });
    await typeSlowly(page, FB.comment.sel, TEXTS.arabic);
    assert.equal(await getEditorText(page, FB.comment.name), TEXTS.arabic);
  });
  it('X: Enter makes a new Draft block (no post)', async () => {
    const page = await openX(X.inline);
    await typeSlowly(page, X.inline.sel, 'line one\nسطر ثاني');
    assert.equal(await getEditorText(page, 'inline'), 'line one\nسطر ثاني');
    assert.equal(await page.locator(`${X.inline.sel} [data-block="true"]`).count(), 2);
    assert.equal(await readEditorDom(page, X.inline.sel), 'line one\nسطر ثاني');
    assert.deepEqual(await getPosts(page), []);
  });
  it('Facebook post dialog: Enter makes a new paragraph (no post)', async () => {
    const page = await openFb(FB.post);
    await typeSlowly(page, FB.post.sel, 'first\nثاني');
    assert.equal(await getEditorText(page, 'post'), 'first\n\nثاني', 'Lexical getTextContent joins paragraphs with \\n\\n');
    assert.equal(await page.locator(`${FB.post.sel} > p[dir="auto"]`).count(), 2);
    assert.equal(await readEditorDom(page, FB.post.sel), 'first\nثاني');
    assert.deepEqual(await getPosts(page), []);
  });
  it('X typeahead: Enter picks the suggestion instead of a newline', async () => {
    const page = await openX(X.inline);
    await typeSlowly(page, X.inline.sel, 'hi @al');
    await page.waitForSelector('[id^="typeaheadDropdown"] [role="option"]');
    await page.keyboard.press('Enter');
    assert.equal(await getEditorText(page, 'inline'), 'hi @alice ');
    assert.equal(await page.locator('[id^="typeaheadDropdown"]').count(), 0);
  });
});

// ------------------------------------------------------------------ paste
describe('paste', () => {
  const pasted = 'Pasted text نص ملصق 😀';
  for (const c of [X.inline, X.modal, X.dm]) {
    it(`X ${c.name}`, async () => {
      const page = await openX(c);
      await paste(page, c.sel, pasted);
      assert.equal(await getEditorText(page, c.name), pasted);
      await typeSlowly(page, c.sel, ' typed');
      assert.equal(await getEditorText(page, c.name), pasted + ' typed');
    });
  }
  for (const c of [FB.post, FB.comment, FB.messenger]) {
    it(`Facebook ${c.name}`, async () => {
      const page = await openFb(c);
      await paste(page, c.sel, pasted);
      assert.equal(await getEditorText(page, c.name), pasted);
      await typeSlowly(page, c.sel, ' typed');
      assert.equal(await getEditorText(page, c.name), pasted + ' typed');
    });
  }
  it('multi-line paste: Draft makes blocks, Lexical makes paragraphs', async () => {
    let page = await openX(X.inline);
    await paste(page, X.inline.sel, 'one\ntwo');
    assert.equal(await getEditorText(page, 'inline'), 'one\ntwo');
    page = await openFb(FB.post);
    await paste(page, FB.post.sel, 'one\ntwo');
    assert.equal(await getEditorText(page, 'post'), 'one\n\ntwo');
  });
  it('trusted paste through the real clipboard (Ctrl+V)', async () => {
    let page = await openX(X.inline);
    await paste(page, X.inline.sel, pasted, { trusted: true });
    assert.equal(await getEditorText(page, 'inline'), pasted);
    page = await openFb(FB.comment);
    await paste(page, FB.comment.sel, pasted, { trusted: true });
    assert.equal(await getEditorText(page, FB.comment.name), pasted);
  });
});

// ------------------------------------------------------------------ submit
describe('submit', () => {
  it('X inline: Ctrl+Enter posts exactly the text, clears the editor, renders the post', async () => {
    const page = await openX(X.inline);
    const text = 'Ctrl+Enter post مع نص عربي';
    await typeSlowly(page, X.inline.sel, text);
    await page.keyboard.press('Control+Enter');
    const posts = await getPosts(page);
    assert.equal(posts.length, 1);
    assert.equal(posts[0].composer, 'inline');
    assert.equal(posts[0].text, text);
    assert.equal(posts[0].via, 'keyboard');
    assert.equal(await getEditorText(page, 'inline'), '');
    assert.equal(await page.locator('article[data-testid="tweet"] [data-testid="tweetText"]').first().textContent(), text);
    assert.equal(await page.locator('[data-testid="tweetButtonInline"]').getAttribute('aria-disabled'), 'true');
  });

  it('X inline: clicking Post posts once; a disabled Post does nothing', async () => {
    const page = await openX(X.inline);
    await page.locator('[data-testid="tweetButtonInline"]').click({ force: true });
    assert.deepEqual(await getPosts(page), []);
    await typeSlowly(page, X.inline.sel, 'clicked');
    assert.equal(await page.locator('[data-testid="tweetButtonInline"]').getAttribute('aria-disabled'), null);
    await page.click('[data-testid="tweetButtonInline"]');
    const posts = await getPosts(page);
    assert.deepEqual(posts.map((p) => [p.composer, p.text, p.via]), [['inline', 'clicked', 'button']]);
  });

  it('X modal: click Post posts once, closes the dialog, goes back to /home', async () => {
    const page = await openX(X.inline);
    await page.click('a[href="/compose/post"]');
    await typeSlowly(page, X.modal.sel, 'from the modal');
    await page.click('[role="dialog"] [data-testid="tweetButton"]');
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text]), [['modal', 'from the modal']]);
    await page.waitForSelector('[role="dialog"]', { state: 'detached' });
    assert.equal(new URL(page.url()).pathname, '/home');
    assert.equal(await page.locator('[data-testid="tweetTextarea_0"]').count(), 1);
    assert.equal(await page.locator('article[data-testid="tweet"] [data-testid="tweetText"]').first().textContent(), 'from the modal');
  });

  it('X modal: Ctrl+Enter posts; thread (tweetTextarea_1) posts all', async () => {
    let page = await openX(X.modal);
    await typeSlowly(page, X.modal.sel, 'modal keyboard');
    await page.keyboard.press('Control+Enter');
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text, p.via]), [['modal', 'modal keyboard', 'keyboard']]);

    page = await openX(X.modal);
    await typeSlowly(page, X.modal.sel, 'first of thread');
    await page.click('[role="dialog"] [data-testid="addButton"]');
    await page.waitForSelector('[role="dialog"] [data-testid="tweetTextarea_1"]');
    await typeSlowly(page, '[role="dialog"] [data-testid="tweetTextarea_1"]', 'الثاني');
    assert.equal(await page.locator('[role="dialog"] [data-testid="tweetButton"]').textContent(), 'Post all');
    await page.click('[role="dialog"] [data-testid="tweetButton"]');
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text]), [['modal', 'first of thread'], ['modal_1', 'الثاني']]);
  });

  it('X reply: the status page reply box and the reply modal', async () => {
    let page = await openX(X.reply);
    await typeSlowly(page, X.reply.sel, 'a reply');
    await page.keyboard.press('Control+Enter');
    let posts = await getPosts(page);
    assert.deepEqual(posts.map((p) => [p.composer, p.text, p.kind, p.inReplyTo]), [['reply', 'a reply', 'reply', '1']]);

    page = await openX(X.inline);
    await page.locator('article[data-testid="tweet"]').nth(1).locator('[data-testid="reply"]').click();
    await page.waitForSelector(X.modal.sel);
    assert.equal(await page.locator('[role="dialog"] [data-testid="tweetButton"]').textContent(), 'Reply');
    await typeSlowly(page, X.modal.sel, 'modal reply');
    await page.click('[role="dialog"] [data-testid="tweetButton"]');
    posts = await getPosts(page);
    assert.deepEqual(posts.map((p) => [p.composer, p.text, p.kind, p.inReplyTo]), [['modal', 'modal reply', 'reply', '2']]);
  });

  it('X DM: Enter sends; XChat: Enter sends', async () => {
    let page = await openX(X.dm);
    await typeSlowly(page, X.dm.sel, 'رسالة خاصة');
    await page.keyboard.press('Enter');
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text, p.via]), [['dm', 'رسالة خاصة', 'keyboard']]);
    assert.equal(await getEditorText(page, 'dm'), '');
    assert.equal(await page.locator('[data-testid="messageEntry"]').last().textContent(), 'رسالة خاصة');

    page = await openX(X.xchat);
    await typeSlowly(page, X.xchat.sel, 'xchat msg');
    await page.keyboard.press('Enter');
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text]), [['xchat', 'xchat msg']]);
  });

  it('Facebook comment: Shift+Enter is a line break, Enter submits exactly the text', async () => {
    const page = await openFb(FB.comment);
    await typeSlowly(page, FB.comment.sel, 'first line\nسطر ثاني', { newline: 'Shift+Enter' });
    assert.deepEqual(await getPosts(page), [], 'Shift+Enter does not submit');
    assert.equal(await getEditorText(page, FB.comment.name), 'first line\nسطر ثاني');
    assert.ok(await page.locator(FB.comment.sel).evaluate((e) => !!e.querySelector('p > span[data-lexical-text] + br + span[data-lexical-text]')));
    await page.keyboard.press('Enter');
    const posts = await getPosts(page);
    assert.deepEqual(posts.map((p) => [p.composer, p.text, p.kind, p.postId, p.via]), [['comment:p1', 'first line\nسطر ثاني', 'comment', 'p1', 'keyboard']]);
    assert.equal(await getEditorText(page, FB.comment.name), '');
    assert.equal(await page.locator('[aria-posinset="1"] ul [role="article"]').count(), 2);
    await page.keyboard.press('Enter');
    assert.equal((await getPosts(page)).length, 1, 'Enter on an empty comment does nothing');
  });

  it('Facebook reply to a comment: nested "Reply to Name…" editor, Enter submits', async () => {
    const page = await openFb(FB.comment);
    await page.locator('[aria-posinset="1"] ul [role="article"] [role="button"]', { hasText: 'Reply' }).click();
    const sel = '[aria-posinset="1"] [role="article"] form[role="presentation"] [data-lexical-editor="true"]';
    await page.waitForSelector(sel);
    assert.equal(await page.locator(sel).getAttribute('aria-label'), 'Reply to Bob Stone…');
    await typeSlowly(page, sel, 'a reply ردّ');
    await page.keyboard.press('Enter');
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text, p.kind]), [['reply:p1:0', 'a reply ردّ', 'reply']]);
  });

  it('Facebook comment: the Comment button submits once', async () => {
    const page = await openFb(FB.comment);
    await typeSlowly(page, FB.comment.sel, 'by button');
    await page.click('[aria-posinset="1"] #focused-state-composer-submit [role="button"]');
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text, p.via]), [['comment:p1', 'by button', 'button']]);
  });

  it('Facebook post dialog: clicking Post posts once and closes', async () => {
    const page = await openFb(FB.post);
    await typeSlowly(page, FB.post.sel, 'Hello\nعالم');
    const btn = page.locator('[role="dialog"] div[role="button"][aria-label="Post"]');
    assert.equal(await btn.getAttribute('aria-disabled'), null);
    await btn.click();
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text, p.kind]), [['post', 'Hello\n\nعالم', 'post']]);
    await page.waitForSelector('[role="dialog"]', { state: 'detached' });
    // Rendered posts put each line in its own div[dir=auto].
    assert.deepEqual(await page.locator('[aria-posinset="1"] [data-ad-rendering-role="story_message"] span[dir="auto"] > div[dir="auto"]').allTextContents(), ['Hello', '', 'عالم']);
  });

  it('Facebook group: GroupInlineComposer opens the dialog; the post is a group post', async () => {
    const page = await h.newPage();
    await h.openFacebook('/groups/123/', { page, waitFor: '[data-pagelet="GroupInlineComposer"] [role="button"]' });
    await page.click('[data-pagelet="GroupInlineComposer"] [role="button"]');
    await page.waitForSelector(FB.post.sel);
    assert.equal(await page.locator(FB.post.sel).getAttribute('aria-label'), 'Write something…');
    await typeSlowly(page, FB.post.sel, 'group post');
    await page.click('[role="dialog"] div[role="button"][aria-label="Post"]');
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text, p.kind, p.group]), [['post', 'group post', 'group-post', '123']]);
    await page.waitForSelector('[data-pagelet="GroupFeed"] [aria-posinset="1"]');
    assert.equal(await page.locator('[data-pagelet="GroupFeed"] [aria-posinset="1"] [data-ad-rendering-role="story_message"]').textContent(), 'group post');
  });

  it('Facebook Messenger: Enter sends', async () => {
    const page = await openFb(FB.messenger);
    await typeSlowly(page, FB.messenger.sel, 'مرحبا 😀');
    await page.keyboard.press('Enter');
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text]), [['messenger', 'مرحبا 😀']]);
    assert.equal(await page.locator('[data-scope="messages_table"]').last().textContent(), 'مرحبا 😀');
  });
});

// ------------------------------------------------------------------ actions, routing, churn
describe('actions, routing, churn', () => {
  it('X like toggles to unlike; repost menu in #layers; quote opens the modal with a card', async () => {
    const page = await openX(X.inline);
    const art = page.locator('article[data-testid="tweet"]').nth(1);
    await art.locator('[data-testid="like"]').click();
    assert.equal(await art.locator('[data-testid="unlike"]').count(), 1);
    await art.locator('[data-testid="unlike"]').click();
    assert.equal(await art.locator('[data-testid="like"]').count(), 1);

    await art.locator('[data-testid="retweet"]').click();
    await page.waitForSelector('#layers [role="menu"] [data-testid="Dropdown"] [data-testid="retweetConfirm"]');
    assert.equal(await page.locator('#layers [data-testid="Dropdown"] a[href="/compose/post"][role="menuitem"]').count(), 1);
    await page.click('[data-testid="retweetConfirm"]');
    assert.equal(await art.locator('[data-testid="unretweet"]').count(), 1);

    await art.locator('[data-testid="unretweet"]').click();
    await page.click('#layers a[href="/compose/post"][role="menuitem"]');
    await page.waitForSelector(X.modal.sel);
    assert.ok(await page.locator('[role="dialog"] div[role="link"] [data-testid="tweetText"]').textContent());
    await typeSlowly(page, X.modal.sel, 'my quote');
    await page.keyboard.press('Control+Enter');
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text, p.kind, p.quoteOf]), [['modal', 'my quote', 'quote', '2']]);
    assert.deepEqual((await getActions(page)).map((a) => a.type), ['like', 'unlike', 'retweet', 'quote-open']);
  });

  it('X ?rt=repost uses the newer repostConfirm testid', async () => {
    const page = await openX(X.inline, { query: { rt: 'repost' } });
    await page.locator('article[data-testid="tweet"]').first().locator('[data-testid="retweet"]').click();
    assert.equal(await page.locator('[data-testid="repostConfirm"]').count(), 1);
  });

  it('Facebook like: "Like" → "Remove Like" (en), "أعجبني" → "إلغاء الإعجاب" (ar)', async () => {
    for (const [lang, a, b] of [['en', 'Like', 'Remove Like'], ['ar', 'أعجبني', 'إلغاء الإعجاب']]) {
      const page = await openFb(FB.comment, { lang });
      const like = page.locator('[aria-posinset="2"] [role="button"]:has([data-ad-rendering-role="like_button"])');
      assert.equal(await like.getAttribute('aria-label'), a);
      await like.click();
      assert.equal(await like.getAttribute('aria-label'), b);
    }
  });

  it('SPA routing without reloads on both sites', async () => {
    const page = await openX(X.inline);
    await page.evaluate(() => (window.__noReload = 1));
    await page.click('a[data-testid="AppTabBar_DirectMessage_Link"]');
    await page.click('a[href="/messages/123"]');
    await page.waitForSelector(X.dm.sel);
    await page.goBack();
    await page.goBack();
    await page.waitForSelector(X.inline.sel);
    assert.equal(await page.evaluate(() => window.__noReload), 1);

    const fb = await openFb(FB.comment);
    await fb.evaluate(() => (window.__noReload = 1));
    await fb.click('a[href="/groups/123/"]');
    await fb.waitForSelector('[data-pagelet="GroupFeed"] [role="feed"]');
    await fb.click('a[href="/messages/t/123/"]');
    await fb.waitForSelector(FB.messenger.sel);
    assert.equal(new URL(fb.url()).pathname, '/messages/t/123/');
    assert.equal(await fb.evaluate(() => window.__noReload), 1);
  });

  it('__fixture.remount() replaces timeline and feed rows (React churn)', async () => {
    const page = await openX(X.inline);
    const before = await page.evaluateHandle(() => document.querySelector('article[data-testid="tweet"]'));
    await page.evaluate(() => window.__fixture.remount());
    assert.equal(await before.evaluate((e) => e.isConnected), false);
    assert.ok((await page.locator('article[data-testid="tweet"]').count()) >= 3);

    const fb = await openFb(FB.comment);
    const fbBefore = await fb.evaluateHandle(() => document.querySelector('[aria-posinset="1"]'));
    await fb.evaluate(() => window.__fixture.remount());
    assert.equal(await fbBefore.evaluate((e) => e.isConnected), false);
    await waitForEditor(fb, 'comment:p1');
  });

  it('Messenger pop-up on any page (?chat=123)', async () => {
    const page = await h.newPage();
    await h.openFacebook('/', { page, query: { chat: 123 }, waitFor: '.fb-chat-popup [data-lexical-editor="true"]' });
    await typeSlowly(page, '.fb-chat-popup [data-lexical-editor="true"]', 'popup');
    await page.keyboard.press('Enter');
    assert.deepEqual((await getPosts(page)).map((p) => [p.composer, p.text]), [['messenger-popup', 'popup']]);
  });
});

// ------------------------------------------------------------------ hermetic
describe('hermetic', () => {
  it('the fixture pages made no request outside the fixture set', () => {
    assert.deepEqual(h.externalRequests(), []);
    assert.ok(h.requests.some((r) => r.url === 'https://x.com/__fixture/x.js' && r.fixture));
    assert.ok(h.requests.some((r) => r.url === 'https://www.facebook.com/__fixture/facebook.js' && r.fixture));
  });
});

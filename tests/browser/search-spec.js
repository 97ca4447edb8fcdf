// The search page in Chromium (browser-test.js runs it): the queries of
// the relevance set (tests/search/relevance.txt) through the real page,
// each listed document in its top 3; results as a list of headings with
// links, each with its updated date and an excerpt with the words marked;
// "Did you mean" as a link that works from the keyboard; the section
// filter as a labelled control; "Show more results"; axe clean and no sideways scroll at 1280,
// 390 and 320 px with results, a suggestion and filters shown; and no
// request to another site (open() reports any).
'use strict';

const fs = require('fs');
const path = require('path');

const RELEVANCE = path.join(__dirname, '..', 'search', 'relevance.txt');

// The document id of a result's link: the last segment of its path.
function idOf(href) {
	const parts = new URL(href).pathname.split('/').filter((s) => s !== '');
	return parts.length ? parts[parts.length - 1] : '';
}

// Opens /search/?QUERY and waits for the status line to say something.
async function searchPage(h, context, base, query) {
	const o = await h.open(context, base, '/search/?' + query);
	await o.page.waitForFunction(() => {
		const s = document.getElementById('search-status');
		return s && s.textContent.trim() !== '';
	}, null, { timeout: 10000 });
	return o;
}

async function results(page) {
	return page.$$eval('#search-results > li', (lis) => lis.map((li) => {
		const h = li.querySelector('h3');
		const a = h && h.querySelector('a');
		const t = li.querySelector('.search-result-meta time');
		return {
			href: a ? a.href : '',
			heading: !!h,
			updated: t ? t.getAttribute('datetime') : '',
			marks: li.querySelectorAll('.search-snippet mark').length,
		};
	}));
}

async function relevanceInBrowser(h, browser, base) {
	const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' });
	const problems = [];
	let n = 0, sum = 0;
	try {
		for (const line of fs.readFileSync(RELEVANCE, 'utf8').split('\n')) {
			if (line === '' || line.startsWith('#'))
				continue;
			const [q, ...want] = line.split('\t');
			let o = await searchPage(h, context, base, 'q=' + encodeURIComponent(q));
			let got = await results(o.page);
			// Nothing found but a suggestion: follow it, as a reader would.
			if (got.length === 0 && await o.page.isVisible('#search-suggest a')) {
				await o.page.click('#search-suggest a');
				await o.page.waitForSelector('#search-results li a', { timeout: 10000 });
				got = await results(o.page);
			}
			problems.push(...o.problems);
			await o.page.close();
			const ids = got.map((r) => idOf(r.href));
			const ranks = want.map((id) => ids.indexOf(id) + 1);
			n++;
			sum += ranks[0] > 0 ? 1 / ranks[0] : 0;
			if (!ranks.every((r) => r > 0 && r <= 3))
				problems.push(`"${q}": want ${want.join(', ')} in the top 3, got ${ids.slice(0, 3).join(', ')}`);
		}
	} catch (e) {
		problems.push(e.message);
	} finally {
		await context.close();
	}
	h.note(`search: relevance set in Chromium: ${n} queries, MRR ${(sum / Math.max(1, n)).toFixed(3)}`);
	h.check('search/relevance-in-browser', problems);
}

async function resultsPage(h, browser, base) {
	const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' });
	const problems = [];
	try {
		const o = await searchPage(h, context, base, 'q=s47');
		const got = await results(o.page);
		if (got.length < 2)
			problems.push(`"s47" gives ${got.length} results`);
		const first = got.slice(0, 2).map((r) => idOf(r.href)).sort().join(' ');
		if (first !== 'initial-child-protection-conference strategy-discussion')
			problems.push(`"s47": the first two are ${first}`);
		for (const r of got) {
			if (!r.heading || !r.href)
				problems.push(`a result without a heading link: ${JSON.stringify(r)}`);
			if (!/^\d{4}-\d{2}-\d{2}$/.test(r.updated))
				problems.push(`${r.href}: no updated date`);
		}
		if (!got.slice(0, 2).every((r) => r.marks >= 2))
			problems.push('"s47": the excerpts do not mark "section 47"');
		if (await o.page.isVisible('#search-more'))
			problems.push('"Show more" shown with every result on the page');
		problems.push(...o.problems);
	} catch (e) {
		problems.push(e.message);
	} finally {
		await context.close();
	}
	h.check('search/results-list', problems);
}

async function suggestionByKeyboard(h, browser, base) {
	const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' });
	const problems = [];
	try {
		const o = await searchPage(h, context, base, 'q=stratgy');
		const text = await o.page.textContent('#search-suggest');
		if (!/Did you mean strategy\?/.test(text || ''))
			problems.push(`suggestion: "${text}"`);
		let onLink = false;
		for (let i = 0; i < 40 && !onLink; i++) {
			await o.page.keyboard.press('Tab');
			onLink = await o.page.evaluate(() => !!(document.activeElement &&
			    document.activeElement.closest('#search-suggest a')));
		}
		if (!onLink)
			problems.push('Tab never reached the suggestion');
		await o.page.keyboard.press('Enter');
		await o.page.waitForSelector('#search-results li a', { timeout: 10000 });
		const first = idOf(await o.page.$eval('#search-results li a', (a) => a.href));
		if (first !== 'strategy-discussion')
			problems.push(`after the suggestion, the first result is ${first}`);
		if (await o.page.inputValue('#search-q') !== 'strategy')
			problems.push('the search box does not hold the suggestion');
		problems.push(...o.problems);
	} catch (e) {
		problems.push(e.message);
	} finally {
		await context.close();
	}
	h.check('search/suggestion-keyboard', problems);
}

async function filterByKeyboard(h, browser, base) {
	const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' });
	const problems = [];
	try {
		const o = await searchPage(h, context, base, 'q=child');
		const before = (await results(o.page)).length;
		const label = await o.page.$eval('label[for="search-filter-section"]', (l) => l.textContent.trim());
		if (label !== 'Section')
			problems.push(`the section filter's label is "${label}"`);
		await o.page.focus('#search-filter-section');
		await o.page.selectOption('#search-filter-section', 'procedures');
		await o.page.waitForFunction(() => /section=procedures/.test(window.location.search));
		await o.page.waitForFunction((n) => document.querySelectorAll('#search-results > li').length !== n, before, { timeout: 10000 });
		const got = await results(o.page);
		if (got.length === 0 || got.length >= before)
			problems.push(`filtered: ${got.length} results of ${before}`);
		for (const r of got)
			if (!new URL(r.href).pathname.startsWith('/procedures/'))
				problems.push(`filtered to procedures: ${r.href}`);
		problems.push(...o.problems);
	} catch (e) {
		problems.push(e.message);
	} finally {
		await context.close();
	}
	h.check('search/filter-section', problems);
}

// "Show more results" from the keyboard: more results, focus on the first
// new one.  On the sample site "child" matches every document, more than
// the first page holds (its long documents make it shorter than 20).
async function showMore(h, browser, base) {
	const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' });
	const problems = [];
	try {
		const o = await searchPage(h, context, base, 'q=child');
		const before = (await results(o.page)).length;
		if (!await o.page.isVisible('#search-more'))
			problems.push(`"child": ${before} results and no "Show more"`);
		await o.page.focus('#search-more');
		await o.page.keyboard.press('Enter');
		await o.page.waitForFunction((n) => document.querySelectorAll('#search-results > li').length > n, before, { timeout: 10000 });
		const after = await results(o.page);
		const ids = new Set(after.map((r) => r.href));
		if (ids.size !== after.length)
			problems.push('a result shown twice');
		const focused = await o.page.evaluate(() => (document.activeElement || {}).href || '');
		if (focused !== after[before].href)
			problems.push(`focus on ${focused}, not the first new result ${after[before].href}`);
		problems.push(...o.problems);
	} catch (e) {
		problems.push(e.message);
	} finally {
		await context.close();
	}
	h.check('search/show-more', problems);
}

// axe and the width of the page with results, a suggestion and filters.
async function axeAtWidths(h, browser, base) {
	for (const width of [1280, 390, 320]) {
		const context = await browser.newContext({ viewport: { width, height: 800 }, timezoneId: 'Europe/London', locale: 'en-GB' });
		const problems = [];
		try {
			const o = await searchPage(h, context, base, 'q=' + encodeURIComponent('stratgy discussion'));
			await o.page.waitForSelector('#search-results li a', { timeout: 10000 });
			if (!await o.page.isVisible('#search-suggest a'))
				problems.push('no suggestion shown');
			problems.push(...h.describeViolations(await h.runAxe(o.page)));
			const wide = await o.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
			if (wide > 0)
				problems.push(`scrolls sideways by ${wide} px`);
			problems.push(...o.problems);
		} catch (e) {
			problems.push(e.message);
		} finally {
			await context.close();
		}
		h.check(`search/axe-${width}`, problems);
	}
}

// h: { open, runAxe, describeViolations, check, note } from browser-test.js.
async function run(h, browser, base) {
	await resultsPage(h, browser, base);
	await suggestionByKeyboard(h, browser, base);
	await filterByKeyboard(h, browser, base);
	await showMore(h, browser, base);
	await axeAtWidths(h, browser, base);
	await relevanceInBrowser(h, browser, base);
}

module.exports = { run };

#!/usr/bin/env node
// Browser tests of the built sample site, served by nginx with the
// configuration docs/deployment.md recommends, in Debian's Chromium driven
// by playwright-core.  Prints "ok   NAME" / "FAIL NAME" per check, as the
// rest of the suite does (tests/run.sh counts them), and the details of a
// failure on the lines after it.
//
//   FOLIO       the folio binary (default: ./folio at the top of the repo)
//   CHROMIUM    the browser (default: /usr/bin/chromium)
//   NGINX       the server (default: nginx on PATH, else /usr/sbin/nginx)
//   SITE        the site to test (default: content/, the sample site)
//   KEEP_TMP=1  leave the temporary folder (sites, nginx logs) behind
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const http = require('http');
const { spawn, spawnSync } = require('child_process');

const TOP = path.resolve(__dirname, '..', '..');
const FOLIO = process.env.FOLIO || path.join(TOP, 'folio');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SITE = path.resolve(process.env.SITE || path.join(TOP, 'content'));
const OUTPUT = path.join(TOP, 'tests', 'output');
const TODAY = '2026-11-24';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync'];

let passed = 0;
let failed = 0;
const t0 = Date.now();
const timings = [];

function ok(name) {
	passed++;
	console.log(`ok   browser/${name}`);
}
function fail(name, details) {
	failed++;
	console.log(`FAIL browser/${name}`);
	for (const line of [].concat(details || []))
		console.log(`     ${String(line).replace(/\n/g, '\n     ')}`);
}
function check(name, problems) {
	if (problems.length === 0) ok(name); else fail(name, problems);
}
function note(msg) {
	console.log(`# ${msg}`);
}
async function timed(label, fn) {
	const start = Date.now();
	try {
		return await fn();
	} finally {
		timings.push([label, Date.now() - start]);
	}
}

// ---- temporary folder, processes, clean-up even on failure -------------

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'folio-browser-'));
const children = [];
let browser = null;

function cleanupSync() {
	for (const c of children) {
		if (c.exitCode === null && c.signalCode === null) {
			try { c.kill('SIGTERM'); } catch (e) { /* gone */ }
		}
	}
	if (!process.env.KEEP_TMP) {
		try { fs.rmSync(tmp, { recursive: true, force: true }); } catch (e) { /* ignore */ }
	}
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(sig, () => {
		console.log(`FAIL browser/interrupted (${sig})`);
		process.exit(1);
	});
}

function run(cmd, args, opts) {
	return spawnSync(cmd, args, Object.assign({ encoding: 'utf8', maxBuffer: 64 << 20 }, opts || {}));
}

function which(name) {
	for (const dir of (process.env.PATH || '').split(':').concat(['/usr/sbin', '/sbin'])) {
		const p = path.join(dir || '.', name);
		try {
			fs.accessSync(p, fs.constants.X_OK);
			return p;
		} catch (e) { /* next */ }
	}
	return null;
}

// ---- building the sites ------------------------------------------------

// --allow-shallow: CI may test a shallow clone of the repository; the
// pages are the same, with a note on the history pages.
function build(src, out, today) {
	const r = run(FOLIO, ['build', '-q', '--allow-shallow', '-s', src, '-o', out, '--today', today]);
	return r.status === 0 ? [] : [`${FOLIO} build -s ${src} --today ${today}: exit ${r.status}`, r.stderr || String(r.error)];
}

// A one-document site whose review falls due between the build and the
// reader's visit: the page has no build-time notice, only the hidden one
// that review.js reveals.
function writeFixture(dir) {
	fs.mkdirSync(path.join(dir, 'procedures'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'site.yaml'), 'title: Review notice fixture\n');
	fs.writeFileSync(path.join(dir, 'procedures', 'review-fixture.md'),
		'---\ntitle: Review Fixture Procedure\ntype: procedure\nowner: Fixture Group\n' +
		'review_date: 2026-12-01\n---\n\nA procedure whose review falls due after the build.\n');
	// A superseded and a withdrawn procedure (banners, the section index's
	// "No longer in force"), committed to git with the long, unbroken
	// notes and names real repositories have, for the narrow-page checks.
	const git = (args, when) => {
		const r = run('git', args, { cwd: dir, env: Object.assign({}, process.env, {
			GIT_CONFIG_NOSYSTEM: '1', HOME: dir,
			GIT_AUTHOR_NAME: 'Alexandra Montgomery-Fitzwilliam', GIT_AUTHOR_EMAIL: 'a@example.org',
			GIT_COMMITTER_NAME: 'Alexandra Montgomery-Fitzwilliam', GIT_COMMITTER_EMAIL: 'a@example.org',
			GIT_AUTHOR_DATE: when || '', GIT_COMMITTER_DATE: when || '' }) });
		if (r.status !== 0)
			throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
	};
	const proc = (file, title, extra, text) => fs.writeFileSync(path.join(dir, 'procedures', file),
		`---\ntitle: ${title}\ntype: procedure\nowner: Fixture Group\nreview_date: 2020-01-01\n${extra}---\n\n${text}\n`);
	const subject = 'Merge pull request #5646 from hartlepool-stockton-safeguarding/update-strategy-discussion-timescales-following-the-2026-review';
	proc('old-fixture.md', 'Old Fixture Procedure With A Rather Long Title', '', 'The old text.');
	proc('gone-fixture.md', 'Gone Fixture Procedure', '', 'The withdrawn text.');
	git(['init', '-q']);
	git(['add', '-A']);
	git(['commit', '-q', '-m', subject], '2026-01-05T10:00:00Z');
	proc('old-fixture.md', 'Old Fixture Procedure With A Rather Long Title',
		'status: superseded\nsuperseded_by: review-fixture\n', 'The old text, https://example.org/a-very-long-address-that-does-not-break-anywhere-at-all/index.html');
	proc('gone-fixture.md', 'Gone Fixture Procedure', 'status: withdrawn\n', 'The withdrawn text.');
	git(['add', '-A']);
	git(['commit', '-q', '-m', subject + '-again'], '2026-02-05T10:00:00Z');
}

// ---- nginx ---------------------------------------------------------------

function freePort() {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, '127.0.0.1', () => {
			const { port } = s.address();
			s.close(() => resolve(port));
		});
	});
}

function get(url, headers) {
	return new Promise((resolve, reject) => {
		const req = http.get(url, { headers: headers || {} }, (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
		});
		req.on('error', reject);
		req.setTimeout(5000, () => req.destroy(new Error('timeout')));
	});
}

async function startNginx(name, root) {
	const nginx = process.env.NGINX || which('nginx');
	if (!nginx)
		throw new Error('nginx not found (apt-get install nginx)');
	const prefix = path.join(tmp, `nginx-${name}`);
	fs.mkdirSync(path.join(prefix, 'tmp'), { recursive: true });
	const template = fs.readFileSync(path.join(__dirname, 'nginx.conf.in'), 'utf8');
	let lastError = '';
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = await freePort();
		const conf = template
			.replace(/@USER_LINE@/g, process.getuid && process.getuid() === 0 ? 'user root;' : '')
			.replace(/@PREFIX@/g, prefix)
			.replace(/@LISTEN@/g, `127.0.0.1:${port}`)
			.replace(/@ROOT@/g, root);
		const confPath = path.join(prefix, 'nginx.conf');
		fs.writeFileSync(confPath, conf);
		const child = spawn(nginx, ['-p', prefix, '-c', confPath, '-e', path.join(prefix, 'error.log'), '-g', 'daemon off;'],
			{ stdio: ['ignore', 'ignore', 'pipe'] });
		children.push(child);
		let stderr = '';
		child.stderr.on('data', (d) => { stderr += d; });
		const base = `http://127.0.0.1:${port}`;
		for (let i = 0; i < 100; i++) {
			if (child.exitCode !== null)
				break;
			try {
				await get(base + '/');
				return { base, child, prefix };
			} catch (e) {
				await new Promise((r) => setTimeout(r, 50));
			}
		}
		child.kill('SIGTERM');
		let log = '';
		try { log = fs.readFileSync(path.join(prefix, 'error.log'), 'utf8'); } catch (e) { /* none */ }
		lastError = `nginx did not start on port ${port}: ${stderr}${log}`;
	}
	throw new Error(lastError);
}

function stopNginx(srv) {
	return new Promise((resolve) => {
		if (!srv || srv.child.exitCode !== null || srv.child.signalCode !== null)
			return resolve();
		const timer = setTimeout(() => { srv.child.kill('SIGKILL'); }, 5000);
		srv.child.on('exit', () => { clearTimeout(timer); resolve(); });
		srv.child.kill('SIGQUIT');	// graceful shutdown
	});
}

// ---- the browser -------------------------------------------------------

function axeSource() {
	return fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

// Opens URL in a fresh page, watching every request, failure and console
// message; returns the page and a list of problems (filled as they come).
async function open(context, base, url, opts) {
	const o = opts || {};
	const page = await context.newPage();
	const problems = [];
	const origin = new URL(base).origin;
	page.on('request', (req) => {
		const u = req.url();
		if (u.startsWith('data:') || u.startsWith('about:'))
			return;
		if (new URL(u).origin !== origin)
			problems.push(`request to another origin: ${req.method()} ${u}`);
	});
	page.on('requestfailed', (req) => {
		problems.push(`request failed: ${req.url()}: ${req.failure() ? req.failure().errorText : ''}`);
	});
	page.on('response', (res) => {
		const expected = o.status && res.url() === base + url;
		if (res.status() >= 400 && !expected)
			problems.push(`HTTP ${res.status()}: ${res.url()}`);
	});
	page.on('console', (msg) => {
		if (msg.type() === 'error' || (msg.type() === 'warning' && /Content Security Policy/i.test(msg.text()))) {
			const expected404 = o.status && /404/.test(msg.text());
			if (!expected404)
				problems.push(`console ${msg.type()}: ${msg.text()}`);
		}
	});
	page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
	if (o.before)
		await o.before(page);
	const res = await page.goto(base + url, { waitUntil: 'load' });
	const want = o.status || 200;
	if (!res)
		problems.push(`no response for ${url}`);
	else if (res.status() !== want)
		problems.push(`${url}: HTTP ${res.status()}, expected ${want}`);
	return { page, problems };
}

async function runAxe(page) {
	await page.evaluate(axeSource() + '\n;void 0');
	return page.evaluate(async (tags) => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
		return r.violations.map((v) => ({
			id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
			nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html })),
		}));
	}, AXE_TAGS);
}

function describeViolations(vs) {
	const out = [];
	for (const v of vs) {
		out.push(`${v.id} (${v.impact}): ${v.help} [${v.helpUrl}]`);
		for (const n of v.nodes.slice(0, 8))
			out.push(`  ${n.target}\n    ${n.html.slice(0, 200)}\n    ${(n.summary || '').replace(/\n/g, ' ')}`);
		if (v.nodes.length > 8)
			out.push(`  ... and ${v.nodes.length - 8} more`);
	}
	return out;
}

function htmlFiles(root, re) {	// the .html files under root whose path matches, sorted
	const found = [];
	(function walk(dir) {
		for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
			const p = path.join(dir, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.name.endsWith('.html')) found.push('/' + path.relative(root, p).split(path.sep).join('/'));
		}
	})(root);
	return found.filter((p) => re.test(p));
}

function urlOf(file) {	// /a/b/index.html -> /a/b/
	return file.replace(/index\.html$/, '');
}

// ---- the checks --------------------------------------------------------

async function checkServer(base, site) {
	// Headers of a page and of a static file.
	const problems = [];
	const page = await get(base + '/procedures/strategy-discussion/');
	const css = await get(base + '/static/folio.css');
	const js = await get(base + '/static/review.js');
	const csp = page.headers['content-security-policy'] || '';
	if (page.status !== 200) problems.push(`page: HTTP ${page.status}`);
	if (!/^text\/html; charset=utf-8$/i.test(page.headers['content-type'] || '')) problems.push(`page Content-Type: ${page.headers['content-type']}`);
	if (!/^text\/css; charset=utf-8$/i.test(css.headers['content-type'] || '')) problems.push(`css Content-Type: ${css.headers['content-type']}`);
	if (!/^(application|text)\/javascript; charset=utf-8$/i.test(js.headers['content-type'] || '')) problems.push(`js Content-Type: ${js.headers['content-type']}`);
	for (const [file, type] of [['/reviews.csv', 'text/csv'], ['/sitemap.xml', 'text/xml'], ['/static/favicon.svg', 'image/svg+xml']]) {
		if (!fs.existsSync(path.join(site, file))) continue;
		const r = await get(base + file);
		if (r.status !== 200 || !(r.headers['content-type'] || '').startsWith(type)) problems.push(`${file}: HTTP ${r.status}, Content-Type ${r.headers['content-type']}`);
	}
	if (!/default-src 'self'/.test(csp) || /unsafe-inline|unsafe-eval|\*|https?:/.test(csp)) problems.push(`CSP: ${csp}`);
	if (page.headers['x-content-type-options'] !== 'nosniff') problems.push(`X-Content-Type-Options: ${page.headers['x-content-type-options']}`);
	const maxAge = (h) => { const m = /max-age=(\d+)/.exec(h['cache-control'] || ''); return m ? Number(m[1]) : -1; };
	if (!(maxAge(page.headers) > 0 && maxAge(page.headers) <= 3600)) problems.push(`page Cache-Control: ${page.headers['cache-control']}`);
	if (!(maxAge(css.headers) >= 86400)) problems.push(`static Cache-Control: ${css.headers['cache-control']}`);
	check('nginx/headers', problems);

	// Pretty URLs: the folder without its slash redirects to it.
	const p2 = [];
	const bare = await get(base + '/procedures/strategy-discussion');
	if (bare.status !== 301 || bare.headers.location !== '/procedures/strategy-discussion/')
		p2.push(`/procedures/strategy-discussion: HTTP ${bare.status}, Location ${bare.headers.location}`);
	const file = await get(base + '/procedures/strategy-discussion/index.html');
	if (file.status !== 200) p2.push(`index.html: HTTP ${file.status}`);
	check('nginx/pretty-urls', p2);

	// Unknown address: status 404 with the site's own 404 page, and the
	// security headers on it too.
	const p3 = [];
	const missing = await get(base + '/no/such/page/');
	const own404 = fs.readFileSync(path.join(site, '404.html'), 'utf8');
	if (missing.status !== 404) p3.push(`HTTP ${missing.status}`);
	if (missing.body !== own404) p3.push('body is not 404.html');
	if (!missing.headers['content-security-policy']) p3.push('no CSP on the 404 response');
	check('nginx/404-page', p3);

	// Dot files are not served.
	const marker = await get(base + '/.folio-output');
	check('nginx/no-dot-files', marker.status === 404 ? [] : [`/.folio-output: HTTP ${marker.status}`]);
}

async function checkPages(browser, base, site) {
	const pages = [
		['home', '/'],
		['section', '/procedures/'],
		['procedure', '/procedures/strategy-discussion/'],
		['agencies', '/agencies/'],
		['glossary', '/glossary/'],
		['reviews', '/reviews/'],
	];
	const optional = [
		['search', ['/search/index.html']],
		['history', ['/procedures/strategy-discussion/history/index.html'].concat(htmlFiles(site, /\/history\/index\.html$/))],
		['changes', htmlFiles(site, /\/v\d+\/changes\/index\.html$/)],
		['version', htmlFiles(site, /\/v\d+\/index\.html$/)],
		['amendments', ['/amendments/index.html']],
		['partnerships', ['/partnerships/index.html']],
		['partnership', ['/partnerships/stoke/index.html']],
		['local-passages', ['/procedures/information-sharing/index.html']],
	];
	for (const [name, candidates] of optional) {
		const file = candidates.find((f) => fs.existsSync(path.join(site, f)));
		if (file) pages.push([name, urlOf(file)]);
		else note(`skip ${name} (not built)`);
	}
	pages.push(['404', '/no/such/page/', 404]);

	for (const [name, url, status] of pages) {
		const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' });
		try {
			const { page, problems } = await open(context, base, url, { status });
			let violations = [];
			try {
				violations = await runAxe(page);
			} catch (e) {
				problems.push(`axe did not run: ${e.message}`);
			}
			// Give late requests (deferred script) a moment to show up.
			await page.waitForLoadState('networkidle').catch(() => {});
			check(`axe/${name} ${url}`, describeViolations(violations));
			check(`requests/${name} ${url}`, problems);
		} finally {
			await context.close();
		}
	}
}

async function checkKeyboard(browser, base) {
	const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' });
	try {
		const { page, problems } = await open(context, base, '/');
		const focused = () => page.evaluate(() => {
			const a = document.activeElement;
			if (!a || a === document.body) return { tag: 'BODY' };
			const r = a.getBoundingClientRect();
			const cs = getComputedStyle(a);
			return {
				tag: a.tagName, id: a.id, cls: a.className, href: a.getAttribute('href'), text: a.textContent.trim(),
				inHeaderNav: !!a.closest('header.site-header nav'), inMain: !!a.closest('main'),
				visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.left < innerWidth,
				outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0,
			};
		});

		// 1. The first Tab reaches the skip link, visibly; Enter moves to main.
		const p1 = [];
		await page.keyboard.press('Tab');
		const f1 = await focused();
		if (f1.tag !== 'A' || !/skip-link/.test(f1.cls || '') || f1.href !== '#main')
			p1.push(`first Tab focused ${JSON.stringify(f1)}, expected the skip link`);
		else if (!f1.visible || !f1.outline)
			p1.push(`the focused skip link is not visible with a focus outline: ${JSON.stringify(f1)}`);
		await page.keyboard.press('Enter');
		const after = await page.evaluate(() => ({
			hash: location.hash,
			active: document.activeElement === document.getElementById('main') ? 'main' : document.activeElement.tagName,
			mainTop: document.getElementById('main').getBoundingClientRect().top,
		}));
		if (after.hash !== '#main') p1.push(`after Enter the address ends in '${after.hash}', expected #main`);
		if (after.active !== 'main') p1.push(`after Enter the focus is on ${after.active}, expected main`);
		await page.keyboard.press('Tab');
		const f2 = await focused();
		if (!f2.inMain) p1.push(`Tab after the skip link focused ${JSON.stringify(f2)}, outside main`);
		check('keyboard/skip-link', p1.concat(problems));

		// 2. From the top, Tab goes skip link, site title, then each
		// section link of the header nav in order, each with a visible
		// focus outline.
		const p2 = [];
		await page.goto(base + '/');
		const navLinks = await page.$$eval('header.site-header nav a', (as) => as.map((a) => a.getAttribute('href')));
		if (navLinks.length === 0) p2.push('no links in the header nav');
		// The "Worried about a child?" strip comes first in the header.
		const strip = await page.$$eval('header.site-header .concern-strip a', (as) => as.map((a) => a.getAttribute('href')));
		await page.keyboard.press('Tab');	// skip link
		for (let i = 0; i < strip.length; i++) {
			await page.keyboard.press('Tab');
			const f = await focused();
			if (f.href !== strip[i]) p2.push(`Tab ${i + 2} focused ${JSON.stringify(f)}, expected the concern link ${strip[i]}`);
		}
		await page.keyboard.press('Tab');	// site title
		const title = await focused();
		if (title.href !== '/') p2.push(`second Tab focused ${JSON.stringify(title)}, expected the site title link`);
		for (let i = 0; i < navLinks.length; i++) {
			await page.keyboard.press('Tab');
			const f = await focused();
			if (f.tag !== 'A' || !f.inHeaderNav || f.href !== navLinks[i]) {
				p2.push(`Tab ${i + 3} focused ${JSON.stringify(f)}, expected the nav link ${navLinks[i]}`);
				break;
			}
			if (!f.visible || !f.outline)
				p2.push(`nav link ${f.href} has no visible focus outline: ${JSON.stringify(f)}`);
		}
		await page.keyboard.press('Tab');
		const past = await focused();
		if (!past.inMain) p2.push(`after the nav, Tab focused ${JSON.stringify(past)}, expected the first link of main`);
		check('keyboard/header-nav', p2);

		// 3. Enter on a nav link follows it.
		const p3 = [];
		await page.goto(base + '/');
		const nstrip = await page.$$eval('header.site-header .concern-strip a', (as) => as.length);
		for (let i = 0; i < 4 + nstrip; i++) await page.keyboard.press('Tab');	// skip, strip, title, nav 1, nav 2
		const target = (await focused()).href;
		await Promise.all([page.waitForURL((u) => u.pathname === target), page.keyboard.press('Enter')]).catch((e) => p3.push(`Enter on ${target}: ${e.message}`));
		if (new URL(page.url()).pathname !== target) p3.push(`Enter on ${target} went to ${page.url()}`);
		check('keyboard/nav-link-follows', p3);
	} finally {
		await context.close();
	}
}

// Every built page has the skip link, and its target is a main element
// that can take focus (tabindex="-1"): a template added later must keep it.
// Keyboard alone: Tab to the home page's search box, type, Enter; the
// Strategy Discussion procedure comes first, and Tab reaches it.
async function checkSearch(browser, base) {
	const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB' });
	const problems = [];
	try {
		const { page } = await open(context, base, '/');
		let id = '';
		for (let i = 0; i < 40 && id !== 'home-q'; i++) {
			await page.keyboard.press('Tab');
			id = await page.evaluate(() => (document.activeElement || {}).id || '');
		}
		if (id !== 'home-q') problems.push('Tab never reached the search box');
		await page.keyboard.type('strategy discussion');
		await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/search/')), page.keyboard.press('Enter')]);
		await page.waitForSelector('#search-results li a', { timeout: 10000 });
		const first = await page.$eval('#search-results li a', (a) => a.textContent.trim());
		if (first !== 'Strategy Discussion Procedure') problems.push(`first result is "${first}"`);
		let onResult = false;
		for (let i = 0; i < 30 && !onResult; i++) {	// past the header's links and the filters
			await page.keyboard.press('Tab');
			onResult = await page.evaluate(() => !!(document.activeElement && document.activeElement.closest('#search-results')));
		}
		if (!onResult) problems.push('Tab never reached a result');
	} catch (e) {
		problems.push(e.message);
	} finally {
		await context.close();
	}
	check('keyboard/search-strategy-discussion', problems);
}

function checkSkipTargets(site) {
	const problems = [];
	const files = htmlFiles(site, /\.html$/);
	for (const f of files) {
		const html = fs.readFileSync(path.join(site, f), 'utf8');
		if (/<meta http-equiv="refresh"/i.test(html))
			continue;	// an alias: a redirect page
		if (!/<a class="skip-link" href="#main">/.test(html))
			problems.push(`${f}: no skip link to #main`);
		const main = /<main\b[^>]*>/.exec(html);
		if (!main || !/\bid="main"/.test(main[0]) || !/\btabindex="-1"/.test(main[0]))
			problems.push(`${f}: the skip link's target is ${main ? main[0] : 'missing'}, want <main id="main" tabindex="-1">`);
	}
	check(`keyboard/skip-target-every-page (${files.length} pages)`, problems);
}

async function checkReviewNotice(browser, base) {
	const url = '/procedures/review-fixture/';
	const cases = [
		// name, clock, javaScriptEnabled, expect visible
		['review-notice/after-date-shown', '2026-12-15T12:00:00', true, true],
		['review-notice/before-date-hidden', '2026-11-25T12:00:00', true, false],
		['review-notice/on-date-hidden', '2026-12-01T23:30:00', true, false],
		['review-notice/no-script-hidden', '2026-12-15T12:00:00', false, false],
	];
	for (const [name, when, js, visible] of cases) {
		const context = await browser.newContext({ javaScriptEnabled: js, timezoneId: 'Europe/London', locale: 'en-GB' });
		try {
			const { page, problems } = await open(context, base, url, {
				before: (p) => p.clock.setFixedTime(new Date(when)),
			});
			const notice = page.locator('#review-notice-late');
			if (await notice.count() !== 1) {
				problems.push('no #review-notice-late on the page');
			} else {
				if (visible) {
					await notice.waitFor({ state: 'visible', timeout: 3000 }).catch(() => {});
				} else {
					await page.waitForLoadState('networkidle').catch(() => {});
				}
				const shown = await notice.isVisible();
				if (shown !== visible)
					problems.push(`with the clock at ${when}${js ? '' : ' and no script'}, the notice is ${shown ? 'visible' : 'hidden'}`);
				// The build-time notice must not be there (built before the date).
				const others = await page.locator('.notice-overdue:not(#review-notice-late)').count();
				if (others) problems.push('the page has a build-time overdue notice: the fixture is wrong');
			}
			if (js) {
				// The page's own clock reads the date we set.
				const today = await page.evaluate(() => {
					const d = new Date();
					const p = (n) => (n < 10 ? '0' : '') + n;
					return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
				});
				if (today !== when.slice(0, 10))
					problems.push(`the page's clock reads ${today}, not ${when}`);
			}
			check(name, problems);
		} finally {
			await context.close();
		}
	}
}

// At 320 px (WCAG 1.4.10, reflow) the pages of the published record must
// not scroll sideways: the history, the amendments, a past version, a
// comparison, documents (one in force, one superseded) and a section
// index with documents no longer in force.  axe runs there too.
async function checkNarrow(browser, base, site, fbase) {
	const width = 320;
	const targets = [];
	const optional = [
		['history', htmlFiles(site, /\/history\/index\.html$/), true],
		['amendments', ['/amendments/index.html'], true],
		['version', htmlFiles(site, /\/v\d+\/index\.html$/), false],
		['changes', htmlFiles(site, /\/v\d+\/changes\/index\.html$/), false],
	];
	for (const [name, candidates, required] of optional) {
		const file = candidates.find((f) => fs.existsSync(path.join(site, f)));
		if (file) targets.push([name, base, urlOf(file)]);
		else if (required) fail(`narrow-${width}/${name}`, 'the page was not built');
		else note(`skip narrow-${width}/${name} (not built)`);
	}
	targets.push(['document', base, '/procedures/strategy-discussion/']);
	targets.push(['long-history', fbase, '/procedures/old-fixture/history/']);
	targets.push(['long-amendments', fbase, '/amendments/']);
	targets.push(['long-version', fbase, '/procedures/old-fixture/v1/']);
	targets.push(['long-changes', fbase, '/procedures/old-fixture/v2/changes/']);
	targets.push(['superseded', fbase, '/procedures/old-fixture/']);
	targets.push(['withdrawn', fbase, '/procedures/gone-fixture/']);
	targets.push(['section-retired', fbase, '/procedures/']);
	for (const [name, origin, url] of targets) {
		const context = await browser.newContext({ viewport: { width, height: 800 }, timezoneId: 'Europe/London', locale: 'en-GB' });
		try {
			const { page, problems } = await open(context, origin, url);
			const m = await page.evaluate(() => {
				const vw = window.innerWidth;
				const wide = [];
				for (const el of document.querySelectorAll('body *')) {
					const r = el.getBoundingClientRect();
					if (r.right > vw + 0.5 && r.width > 0 && !el.closest('.doc-body table, pre'))
						wide.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).replace(/ /g, '.') : ''} right edge ${Math.round(r.right)}px`);
				}
				// A box that scrolls sideways inside the page (a table in a
				// scrolling wrapper) hides part of the record just the same;
				// a document's own tables and code blocks may.
				const inner = [];
				for (const el of document.querySelectorAll('main *')) {
					const ox = getComputedStyle(el).overflowX;
					if ((ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1 &&
					    !el.closest('.doc-body table, pre'))
						inner.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).replace(/ /g, '.') : ''} scrolls sideways: ${el.scrollWidth}px in ${el.clientWidth}px`);
				}
				return { scroll: document.documentElement.scrollWidth, inner: vw, wide: wide.slice(0, 8), boxes: inner.slice(0, 8) };
			});
			if (m.scroll > m.inner)
				problems.push(`the page scrolls sideways: ${m.scroll}px wide in a ${m.inner}px viewport`, ...m.wide);
			problems.push(...m.boxes);
			let violations = [];
			try {
				violations = await runAxe(page);
			} catch (e) {
				problems.push(`axe did not run: ${e.message}`);
			}
			check(`narrow-${width}/${name} ${url}`, problems.concat(describeViolations(violations)));
		} finally {
			await context.close();
		}
	}
}

async function screenshots(browser, base) {
	fs.mkdirSync(OUTPUT, { recursive: true });
	const shots = [];
	for (const [name, url] of [['home', '/'], ['strategy-discussion', '/procedures/strategy-discussion/']]) {
		for (const width of [375, 1280]) {
			const context = await browser.newContext({ viewport: { width, height: 800 }, timezoneId: 'Europe/London', locale: 'en-GB' });
			try {
				const { page, problems } = await open(context, base, url);
				const file = path.join(OUTPUT, `${name}-${width}.png`);
				await page.screenshot({ path: file, fullPage: true });
				// Nothing may overflow the viewport sideways.
				const wide = await page.evaluate(() => document.documentElement.scrollWidth);
				if (wide > width) problems.push(`the page is ${wide}px wide in a ${width}px viewport`);
				shots.push(path.relative(TOP, file));
				check(`screenshot/${name}-${width}`, problems);
			} finally {
				await context.close();
			}
		}
	}
	note(`screenshots: ${shots.join(' ')}`);
}

// The public's pages at a desktop, a phone and the narrowest width: no
// sideways scroll, axe clean, the concern strip (with its link) in the
// first screen, and on a phone a document's title, status line and
// contents link in the first screen too.
async function checkPublic(browser, base, site) {
	const kinds = [
		['home', '/'], ['section', '/procedures/'], ['procedure', '/procedures/strategy-discussion/'],
		['long', '/arrangements/stoke-published-arrangements-2022/'], ['agencies', '/agencies/'],
		['glossary', '/glossary/'], ['reviews', '/reviews/'], ['worried', '/worried/'],
		['accessibility', '/accessibility/'], ['table', '/procedures/information-sharing/'],
		['404', '/no/such/page/', 404],
	];
	for (const [name, candidates] of [['search', ['/search/index.html']],
	    ['history', htmlFiles(site, /\/history\/index\.html$/)], ['amendments', ['/amendments/index.html']],
	    ['version', htmlFiles(site, /\/v\d+\/index\.html$/)], ['changes', htmlFiles(site, /\/v\d+\/changes\/index\.html$/)]]) {
		const file = candidates.find((f) => fs.existsSync(path.join(site, f)));
		if (file) kinds.push([name, urlOf(file)]);
	}
	for (const [width, height] of [[1280, 800], [390, 844], [320, 640]]) {
		for (const [name, url, status] of kinds) {
			const context = await browser.newContext({ viewport: { width, height }, timezoneId: 'Europe/London', locale: 'en-GB' });
			try {
				const { page, problems } = await open(context, base, url, { status });
				const m = await page.evaluate(() => {
					const inFirst = (el) => {
						if (!el) return false;
						const r = el.getBoundingClientRect();
						return r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
					};
					return {
						scroll: document.documentElement.scrollWidth,
						concern: inFirst(document.querySelector('.concern-strip .concern-link')),
						h1: inFirst(document.querySelector('main h1')),
						version: document.querySelector('.version-line') ? inFirst(document.querySelector('.version-line')) : null,
						jump: document.querySelector('.doc-jump a') ? inFirst(document.querySelector('.doc-jump a')) : null,
					};
				});
				if (m.scroll > width) problems.push(`the page scrolls sideways: ${m.scroll}px wide at ${width}px`);
				if (!m.concern) problems.push('the "Worried about a child?" link is not in the first screen');
				if (width === 390 && (name === 'procedure' || name === 'long')) {
					if (!m.h1) problems.push('the title is not in the first screen');
					if (m.version === false) problems.push('the status line is not in the first screen');
					if (m.jump === false) problems.push('the contents link is not in the first screen');
				}
				let violations = [];
				if (width !== 1280) {
					try {
						violations = await runAxe(page);
					} catch (e) {
						problems.push(`axe did not run: ${e.message}`);
					}
				}
				check(`public-${width}/${name} ${url}`, problems.concat(describeViolations(violations)));
			} finally {
				await context.close();
			}
		}
	}
}

// The header's menu: folded behind a button on a phone, with and without
// script; open on a desktop, with and without script; the current section
// marked.
async function checkMenu(browser, base) {
	for (const [width, js] of [[390, true], [390, false], [1280, true], [1280, false]]) {
		const context = await browser.newContext({ viewport: { width, height: 800 }, javaScriptEnabled: js });
		const problems = [];
		try {
			const page = await context.newPage();
			await page.goto(base + '/procedures/');
			const link = page.locator('.site-nav a[href="/glossary/"]');
			const summary = page.locator('.site-menu > summary');
			if (width < 600) {
				if (!(await summary.isVisible())) problems.push('no visible Menu button');
				if (await link.isVisible()) problems.push('the menu is open before it is asked for');
				const hb = await page.$eval('header.site-header', (h) => h.getBoundingClientRect().height);
				if (hb > 844 / 4) problems.push(`the header is ${hb}px tall`);
				await summary.click();
				if (!(await link.isVisible())) problems.push('the Menu button does not show the links');
			} else if (!(await link.isVisible()))
				problems.push('the navigation is not shown on a wide screen');
			const cur = await page.$$eval('.site-nav a[aria-current]', (as) => as.map((a) => `${a.getAttribute('href')}=${a.getAttribute('aria-current')}`));
			if (cur.join() !== '/procedures/=page') problems.push(`aria-current: ${cur.join() || 'none'}`);
		} catch (e) {
			problems.push(e.message);
		} finally {
			await context.close();
		}
		check(`menu/${width}${js ? '' : '-no-script'}`, problems);
	}
}

// Glossary terms: Tab reaches one, and its expansion then shows in the
// line and is part of the link's text (what screen readers read).
async function checkGlossaryKeyboard(browser, base) {
	for (const width of [1280, 390]) {
		const context = await browser.newContext({ viewport: { width, height: 800 } });
		const problems = [];
		try {
			const page = await context.newPage();
			await page.goto(base + '/procedures/strategy-discussion/');
			const before = await page.$eval('a.term .term-exp', (e) => e.getBoundingClientRect().width);
			if (before > 2) problems.push('the expansion shows before the term has focus');
			let r = null;
			for (let i = 0; i < 120 && !r; i++) {
				await page.keyboard.press('Tab');
				r = await page.evaluate(() => {
					const a = document.activeElement;
					if (!a || !a.matches('a.term')) return null;
					const e = a.querySelector('.term-exp');
					const b = e.getBoundingClientRect();
					return { text: a.textContent, exp: e.textContent, w: b.width, h: b.height,
					    right: b.right, vw: innerWidth };
				});
			}
			if (!r) problems.push('Tab never reached a glossary term');
			else {
				if (!(r.w > 10 && r.h > 5)) problems.push(`the focused term's expansion is not shown: ${JSON.stringify(r)}`);
				if (r.right > r.vw + 0.5) problems.push(`the expansion runs off the screen: ${JSON.stringify(r)}`);
				if (!r.text.includes(r.exp.replace(/^ \(|\)$/g, ''))) problems.push(`the link's text lacks the expansion: ${r.text}`);
			}
		} catch (e) {
			problems.push(e.message);
		} finally {
			await context.close();
		}
		check(`glossary-keyboard/${width}`, problems);
	}
}

function checkNu(site) {
	const java = which('java');
	if (!java) {
		fail('nu-html-checker', 'java not found (apt-get install default-jre-headless)');
		return;
	}
	const jar = String(require('vnu-jar'));
	const files = htmlFiles(site, /\.html$/).map((f) => path.join(site, f));
	const r = run(java, ['-Xss4m', '-jar', jar, '--errors-only', '--skip-non-html', '--format', 'gnu'].concat(files));
	const out = (r.stderr + r.stdout).trim();
	const lines = out ? out.split('\n').map((l) => l.split(`"file:${site}`).join('"')) : [];
	if (r.status === 0 && lines.length === 0) {
		ok(`nu-html-checker (${files.length} files)`);
	} else {
		fail(`nu-html-checker (${files.length} files)`, lines.length ? lines : [`exit ${r.status} ${r.error || ''}`]);
	}
}

// ---- main --------------------------------------------------------------

async function main() {
	let chromium;
	try {
		({ chromium } = require('playwright-core'));
	} catch (e) {
		fail('setup', `playwright-core is not installed: run npm ci in ${__dirname}`);
		return;
	}
	const site = path.join(tmp, 'site');
	const fixtureSrc = path.join(tmp, 'fixture-src');
	const fixture = path.join(tmp, 'fixture');
	const setup = await timed('build sites', async () => {
		writeFixture(fixtureSrc);
		return build(SITE, site, TODAY).concat(build(fixtureSrc, fixture, '2026-11-20'));
	});
	if (setup.length) {
		fail('setup/build', setup);
		return;
	}
	ok('setup/build');

	let srv = null;
	let fsrv = null;
	try {
		[srv, fsrv] = await timed('start nginx', async () => [await startNginx('site', site), await startNginx('fixture', fixture)]);
		ok('setup/nginx');
		await timed('server checks', () => checkServer(srv.base, site));

		browser = await timed('launch chromium', () => chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS }));
		ok('setup/chromium');
		await timed('axe and requests', () => checkPages(browser, srv.base, site));
		await timed('keyboard', () => checkKeyboard(browser, srv.base));
		await timed('search', () => checkSearch(browser, srv.base));
		await timed('search page', () => require('./search-spec.js').run({ open, runAxe, describeViolations, check, note }, browser, srv.base));
		checkSkipTargets(site);
		await timed('review notice', () => checkReviewNotice(browser, fsrv.base));
		await timed('narrow pages', () => checkNarrow(browser, srv.base, site, fsrv.base));
		await timed('screenshots', () => screenshots(browser, srv.base));
		await timed('public pages', () => checkPublic(browser, srv.base, site));
		await timed('menu', () => checkMenu(browser, srv.base));
		await timed('glossary keyboard', () => checkGlossaryKeyboard(browser, srv.base));
	} catch (e) {
		fail('setup', e.stack || String(e));
	} finally {
		if (browser) await browser.close().catch(() => {});
		await stopNginx(srv);
		await stopNginx(fsrv);
	}
	// The fixture has the banners and lists of documents no longer in force.
	await timed('nu html checker', async () => { checkNu(site); checkNu(fixture); });
}

main().catch((e) => fail('crashed', e.stack || String(e))).finally(() => {
	const total = ((Date.now() - t0) / 1000).toFixed(1);
	note(`timings: ${timings.map(([l, ms]) => `${l} ${(ms / 1000).toFixed(1)}s`).join(', ')}; total ${total}s`);
	note(`browser: ${passed} passed, ${failed} failed`);
	process.exitCode = failed ? 3 : 0;	// 3: some checks failed; anything else: a crash
});

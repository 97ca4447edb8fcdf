/*
 * check.js: search.js under Node, for tests/search.sh.
 *
 *   node check.js tokens FILE           the cases of tests/search/tokens.txt
 *   node check.js first DIR QUERY ID    QUERY's best result on the built
 *                                       site DIR is document ID
 *   node check.js found DIR QUERY ID    QUERY finds document ID
 *   node check.js none DIR QUERY        QUERY matches nothing
 *   node check.js suggest DIR QUERY S   QUERY suggests "Did you mean S?"
 *                                       (S "null": suggests nothing)
 *   node check.js relevance DIR FILE [MIN]  the relevance set FILE (see
 *                                       tests/search/relevance.txt) on
 *                                       DIR: prints each query's ranks and
 *                                       the mean reciprocal rank; passes
 *                                       when every listed document is in
 *                                       its query's top 3 and FILE has at
 *                                       least MIN queries (default 40)
 *   node check.js phrase DIR QUERY      every result of QUERY (quoted)
 *                                       has the phrase in its text
 *   node check.js filter DIR QUERY SECTION STATUS
 *                                       QUERY filtered finds documents,
 *                                       all of SECTION (and STATUS), and
 *                                       fewer than unfiltered
 *   node check.js pages DIR QUERY N     QUERY's results N at a time
 *                                       ("Show more"): all of them, each
 *                                       once, with their updated dates
 *   node check.js fuzz PROGRAM          random text (fixed seed) gives the
 *                                       same terms from PROGRAM (a filter:
 *                                       "test_search --terms") as here
 *
 * search.js is taken from the built site when DIR has one, else from
 * the default theme.  Exit status 0 when the check passes.
 */
"use strict";
const fs = require("fs");
const path = require("path");

function engineFor(dir) {
  let js = path.join(dir, "static", "search.js");
  if (!fs.existsSync(js)) {
    js = path.join(__dirname, "..", "..", "themes", "default", "static",
      "search.js");
  }
  const search = require(path.resolve(js));
  const load = (p) => Promise.resolve(JSON.parse(fs.readFileSync(
    path.join(dir, p), "utf8")));
  return search.createEngine(load);
}

function unescape(s) {
  return s.replace(/\\(.)/g, (m, c) =>
    c === "t" ? "\t" : c === "n" ? "\n" : c === "r" ? "\r" : c);
}

function tokens(file) {
  const search = require(path.join(__dirname, "..", "..", "themes",
    "default", "static", "search.js"));
  let input = null, n = 0, bad = 0;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.startsWith("in: ")) {
      input = unescape(line.slice(4));
    } else if (line.startsWith("out:")) {
      const want = line.slice(4).replace(/^ /, "");
      const got = search.tokenise(input).join(" ");
      n++;
      if (got !== want) {
        console.log(`search.js: '${input}' gives '${got}', want '${want}'`);
        bad++;
      }
    }
  }
  return bad === 0 && n >= 20;
}

/* Random lines mixing the characters each tokeniser rule is about. */
function fuzz(program) {
  const search = require(path.join(__dirname, "..", "..", "themes",
    "default", "static", "search.js"));
  const { execFileSync } = require("child_process");
  const pools = ["abcXYZ019 '\u2019-_.,", "\u00e9\u00c9\u00df\u00e6\u00f8" +
    "\u00c6\u0152\u0153\u0141\u0142\u015e\u015f\u0219\u021b\u0218\u021a" +
    "\u00d7\u00f7", "\u00ad\u0301\u0308\u200b\u200c\u200d\ufe0f\ufeff",
    "\u0391\u0392\u0393\u03b1\u03b2\u03b3\u0401\u0416\u0436\u0410" +
    "\u044f\u0450\u4e2d\u6587\u0627\u0644", "\u{1f600}\u{1f44d}\u2014" +
    "\u2018\u201c", "sesiesxeschesshes", "\u00a0\u00b2\u00bf\u2603\t"];
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) /
    2147483648;
  const lines = ["a".repeat(40), "a".repeat(41), "\u00e9".repeat(40),
    "\u00e9".repeat(41), "\u0436".repeat(20) + "s", "\u0436\u0436s",
    "\u0436\u0436\u0436s"];
  for (let i = 0; i < 20000; i++) {
    let t = "";
    const n = 1 + Math.floor(rnd() * 60);
    for (let j = 0; j < n; j++) {
      const p = [...pools[Math.floor(rnd() * pools.length)]];
      t += p[Math.floor(rnd() * p.length)];
    }
    lines.push(t);
  }
  const out = execFileSync(program, ["--terms"], {
    input: lines.join("\n") + "\n", maxBuffer: 64 << 20
  }).toString("utf8").split("\n");
  let bad = 0;
  lines.forEach((l, i) => {
    const js = search.tokenise(l).join(" ");
    if (js !== out[i] && bad++ < 5) {
      console.log(`search.js: ${JSON.stringify(l)} gives ` +
        `${JSON.stringify(js)}, C gives ${JSON.stringify(out[i])}`);
    }
  });
  return bad === 0;
}

/*
 * The ranked entries for a query, every page fetched (on a big site, the
 * first 100); a query that finds nothing is replaced by its suggestion.
 */
async function rankedResults(engine, q) {
  let res = await engine.query(q);
  if (res.results.length === 0 && res.suggestion !== null) {
    res = await engine.query(res.suggestion);
  }
  while (res.more && res.results.length < 100) {
    res = await engine.more(res);
  }
  return res.results.map((r) => r.entry);
}

async function relevance(dir, file, min) {
  const engine = engineFor(dir);
  let n = 0, sum = 0, bad = 0;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line === "" || line.startsWith("#")) {
      continue;
    }
    const [q, ...want] = line.split("\t");
    const got = await rankedResults(engine, q);
    const ids = got.map((e) => e.id);
    const ranks = want.map((id) => 1 + (id.startsWith("title:") ?
      got.findIndex((e) => e.title.toLowerCase().includes(
        id.slice(6).toLowerCase())) : ids.indexOf(id)));
    const rr = ranks[0] > 0 ? 1 / ranks[0] : 0;
    const ok = ranks.every((r) => r > 0 && r <= 3);
    n++;
    sum += rr;
    if (!ok) {
      bad++;
    }
    console.log(`${ok ? "  " : "!!"} ${q}: ` + want.map((id, i) =>
      `${id} ${ranks[i] > 0 ? "#" + ranks[i] : "not found"}`).join(", ") +
      (ok ? "" : `; top 3: ${ids.slice(0, 3).join(", ")}`));
  }
  console.log(`relevance: ${n} queries, MRR ${(sum / n).toFixed(3)}, ` +
    `${n - bad} with every listed document in the top 3`);
  return bad === 0 && n >= min;
}

/* A quoted query: results only with the phrase, as written. */
async function phrase(dir, q) {
  const search = require(path.join(__dirname, "..", "..", "themes",
    "default", "static", "search.js"));
  const engine = engineFor(dir);
  let res = await engine.query(q);
  while (res.more) {
    res = await engine.more(res);
  }
  const want = search.tokenise(q.replace(/"/g, "")).join(" ");
  let bad = 0;
  for (const r of res.results) {
    const text = search.tokenise(r.entry.title + " " + r.entry.text).join(" ");
    if (!(" " + text + " ").includes(" " + want + " ")) {
      console.log(`search.js: '${q}' finds ${r.entry.id} without the phrase`);
      bad++;
    }
  }
  return bad === 0 && res.results.length > 0;
}

async function main(argv) {
  switch (argv[0]) {
  case "tokens":
    return tokens(argv[1]);
  case "first": {
    const res = await engineFor(argv[1]).query(argv[2]);
    const got = res.results.length > 0 ? res.results[0].entry.id : "(none)";
    if (got !== argv[3]) {
      console.log(`search.js: '${argv[2]}' finds ${got} first, ` +
        `want ${argv[3]} (${res.total} matches)`);
    }
    return got === argv[3];
  }
  case "found": {
    const engine = engineFor(argv[1]);
    let res = await engine.query(argv[2]);
    while (res.more) {
      res = await engine.more(res);
    }
    const ok = res.results.some((r) => r.entry.id === argv[3]);
    if (!ok) {
      console.log(`search.js: '${argv[2]}' does not find ${argv[3]} ` +
        `(${res.total} matches)`);
    }
    return ok;
  }
  case "suggest": {
    const res = await engineFor(argv[1]).query(argv[2]);
    const want = argv[3] === "null" ? null : argv[3];
    if (res.suggestion !== want) {
      console.log(`search.js: '${argv[2]}' suggests ${res.suggestion}, ` +
        `want ${want}`);
    }
    return res.suggestion === want;
  }
  case "relevance":
    return relevance(argv[1], argv[2], Number(argv[3] || 40));
  case "phrase":
    return phrase(argv[1], argv[2]);
  case "filter": {
    const engine = engineFor(argv[1]);
    const all = await engine.query(argv[2]);
    const res = await engine.query(argv[2], { section: argv[3],
      status: argv[4] || "" });
    const bad = res.results.filter((r) => r.entry.section !== argv[3] ||
      (argv[4] && (r.entry.status || "current") !== argv[4]));
    if (bad.length > 0 || res.total === 0 || res.total >= all.total) {
      console.log(`search.js: '${argv[2]}' in ${argv[3]}: ${res.total} ` +
        `of ${all.total}, ${bad.length} from elsewhere`);
    }
    return bad.length === 0 && res.total > 0 && res.total < all.total;
  }
  case "pages": {
    const engine = engineFor(argv[1]);
    const n = Number(argv[3]);
    let res = await engine.query(argv[2], { results: n });
    const first = res.results.length;
    while (res.more) {
      res = await engine.more(res, n);
    }
    const ids = new Set(res.results.map((r) => r.entry.id));
    const dated = res.results.filter((r) =>
      /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(r.entry.updated)).length;
    const ok = first === n && ids.size === res.results.length &&
      ids.size === res.total && ids.size > n && dated === ids.size;
    if (!ok) {
      console.log(`search.js: '${argv[2]}' by ${n}: first page ${first}, ` +
        `${ids.size} distinct of ${res.results.length}, total ` +
        `${res.total}, ${dated} dated`);
    }
    return ok;
  }
  case "partnership": {
    // Only documents of the partnership, or of all (entry.partnerships
    // lists every id then), and fewer than without the filter.
    const engine = engineFor(argv[1]);
    const all = await engine.query(argv[2], { results: 1000 });
    const res = await engine.query(argv[2], { partnership: argv[3],
      results: 1000 });
    const bad = res.results.filter((r) =>
      !(r.entry.partnerships || []).includes(argv[3]));
    if (bad.length > 0 || res.total === 0 || res.total >= all.total) {
      console.log(`search.js: '${argv[2]}' of ${argv[3]}: ${res.total} ` +
        `of ${all.total}, ${bad.length} of another`);
    }
    return bad.length === 0 && res.total > 0 && res.total < all.total;
  }
  case "fuzz":
    return fuzz(argv[1]);
  case "none": {
    const res = await engineFor(argv[1]).query(argv[2]);
    return res.total === 0;
  }
  default:
    console.log("usage: check.js tokens FILE | fuzz PROGRAM | first DIR QUERY ID | none DIR QUERY | suggest DIR QUERY S | relevance DIR FILE | phrase DIR QUERY");
    return false;
  }
}

main(process.argv.slice(2)).then((ok) => process.exit(ok ? 0 : 1),
  (e) => { console.log(String(e)); process.exit(1); });

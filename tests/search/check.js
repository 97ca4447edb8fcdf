/*
 * check.js: search.js under Node, for tests/search.sh.
 *
 *   node check.js tokens FILE           the cases of tests/search/tokens.txt
 *   node check.js first DIR QUERY ID    QUERY's best result on the built
 *                                       site DIR is document ID
 *   node check.js none DIR QUERY        QUERY matches nothing
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
  case "fuzz":
    return fuzz(argv[1]);
  case "none": {
    const res = await engineFor(argv[1]).query(argv[2]);
    return res.total === 0;
  }
  default:
    console.log("usage: check.js tokens FILE | fuzz PROGRAM | first DIR QUERY ID | none DIR QUERY");
    return false;
  }
}

main(process.argv.slice(2)).then((ok) => process.exit(ok ? 0 : 1),
  (e) => { console.log(String(e)); process.exit(1); });

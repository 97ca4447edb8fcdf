/*
 * check.js: search.js under Node, for tests/search.sh.
 *
 *   node check.js tokens FILE           the cases of tests/search/tokens.txt
 *   node check.js first DIR QUERY ID    QUERY's best result on the built
 *                                       site DIR is document ID
 *   node check.js none DIR QUERY        QUERY matches nothing
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
  case "none": {
    const res = await engineFor(argv[1]).query(argv[2]);
    return res.total === 0;
  }
  default:
    console.log("usage: check.js tokens FILE | first DIR QUERY ID | none DIR QUERY");
    return false;
  }
}

main(process.argv.slice(2)).then((ok) => process.exit(ok ? 0 : 1),
  (e) => { console.log(String(e)); process.exit(1); });

#!/bin/sh
#
# search-size.sh SITE [QUERY...]: the size of the search index of a built
# site (folio build -o SITE), and the bytes each QUERY (default "strategy
# discussion") makes a browser download, measured by running the site's
# own static/search.js under Node with a loader that reads the files and
# counts them.  Sizes are given as stored and gzipped (what a server with
# gzip on sends).  A query is a reader's first: nothing is cached yet.
#
#   bench/search-size.sh public "strategy discussion" "LADO"
#
# Needs node (Debian: nodejs).
set -eu

usage() {
	echo "usage: $0 SITE [QUERY...]" >&2
	exit 2
}

[ $# -ge 1 ] || usage
site=$1
shift
if [ ! -f "$site/search/meta.json" ]; then
	echo "$0: $site/search/meta.json: no search index (build the site first)" >&2
	exit 2
fi
if ! command -v node >/dev/null 2>&1; then
	echo "$0: node not found" >&2
	exit 2
fi
js=$site/static/search.js
[ -f "$js" ] || js=$(dirname "$0")/../themes/default/static/search.js
[ $# -gt 0 ] || set -- "strategy discussion"

exec node - "$site" "$js" "$@" <<'NODE'
"use strict";
const fs = require("fs");
const path = require("path");
const zlib = require("zlib");

const [site, js, ...queries] = process.argv.slice(2);
const search = require(path.resolve(js));
const dir = path.join(site, "search");

function sizes(file) {
  const data = fs.readFileSync(file);
  return { raw: data.length, gz: zlib.gzipSync(data, { level: 6 }).length };
}
const kb = (n) => (n / 1024).toFixed(1) + " KB";

/* The whole index, by kind of file. */
const kinds = { meta: [0, 0, 0], index: [0, 0, 0], docs: [0, 0, 0] };
let largest = ["", 0];
for (const name of fs.readdirSync(dir).sort()) {
  const kind = name === "meta.json" ? "meta" : name.startsWith("index-") ?
    "index" : name.startsWith("docs-") ? "docs" : null;
  if (kind === null) {
    continue;
  }
  const s = sizes(path.join(dir, name));
  kinds[kind][0]++;
  kinds[kind][1] += s.raw;
  kinds[kind][2] += s.gz;
  if (kind === "index" && s.raw > largest[1]) {
    largest = [name, s.raw];
  }
}
const meta = JSON.parse(fs.readFileSync(path.join(dir, "meta.json"), "utf8"));
console.log(`index of ${site}: ${meta.docs} documents, ${meta.terms} terms, ` +
  `${meta.chunk} document(s) per chunk`);
let tr = 0, tg = 0;
for (const [k, [n, raw, gz]] of Object.entries(kinds)) {
  console.log(`  ${k.padEnd(6)} ${String(n).padStart(6)} files ` +
    `${kb(raw).padStart(12)} (${kb(gz)} gzipped)`);
  tr += raw;
  tg += gz;
}
console.log(`  total  ${kb(tr).padStart(25)} (${kb(tg)} gzipped); ` +
  `largest shard ${largest[0]} ${kb(largest[1])}`);

(async () => {
  for (const q of queries) {
    const got = [];
    const load = (p) => {
      const s = sizes(path.join(site, p));
      got.push([p, s]);
      return Promise.resolve(JSON.parse(fs.readFileSync(path.join(site, p),
        "utf8")));
    };
    const res = await search.createEngine(load).query(q);
    let raw = 0, gz = 0;
    const counts = { meta: 0, index: 0, docs: 0 };
    for (const [p, s] of got) {
      raw += s.raw;
      gz += s.gz;
      counts[p.includes("/index-") ? "index" : p.includes("/docs-") ? "docs" :
        "meta"]++;
    }
    console.log(`query "${q}": terms [${res.terms.join(", ")}]` +
      `${res.prefix ? ` (prefix ${res.prefix})` : ""}, ${res.total} matches; ` +
      `fetched ${got.length} files (meta ${counts.meta}, shards ` +
      `${counts.index}, doc chunks ${counts.docs}): ${kb(raw)} ` +
      `(${kb(gz)} gzipped)`);
    for (const [p, s] of got) {
      console.log(`  ${p.padEnd(28)} ${kb(s.raw).padStart(9)} ` +
        `${kb(s.gz).padStart(9)} gz`);
    }
    res.results.slice(0, 3).forEach((r, i) => {
      console.log(`  ${i + 1}. ${r.entry.title} (${r.entry.url})`);
    });
  }
})().catch((e) => {
  console.error(String(e));
  process.exit(1);
});
NODE

/*
 * search.js: the site search, with no server.  The build writes an index
 * under search/ (docs/search.md).  This script tokenises the query as the
 * build tokenised the documents (src/search.c: keep the two in step;
 * tests/search/tokens.txt holds cases both must pass), fetches meta.json,
 * then only the shards holding the query's terms, ranks the documents
 * that match every term, and fetches only the chunks of the top results.
 * Every URL it fetches is relative to the site's base path, on this
 * origin.  Without script, the search page lists every document instead.
 *
 * Under Node it is a module (require() gives the tokeniser, the query
 * engine and the snippet maker, with no DOM): tests/search.sh and
 * bench/search-size.sh use it, so they measure this very code.
 */
(function () {
  "use strict";

  var VERSION = 1;          /* of the index formats */
  var TERM_MAX = 40;        /* bytes: longer words are not indexed */
  var PREFIX_MIN = 3;       /* the last word, this long, also matches as a prefix */
  var PREFIX_SHARDS = 2;    /* at most this many shards for a prefix */
  var MAX_TERMS = 6;        /* words searched: each may need a shard */
  var SNIPPET = 180;        /* characters of text shown under a result */
  var DEBOUNCE = 250;       /* ms after the last key press */

  /* As in src/search.c. */
  var STOP = new Set(("a an and are as at be been being but by can could " +
    "did do does for from had has have he her him his how i if in into is " +
    "it its me my no not of on or our she so than that the their them then " +
    "there these they this those to us was we were what when where which " +
    "who whom why will with would you your").split(" "));
  /* ASCII for U+00C0..U+017F; "" separates words.  As in src/search.c. */
  var FOLD = ("a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o||o|u|u|u|u|y|" +
    "th|ss|a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o||o|u|u|u|u|y|th|y|" +
    "a|a|a|a|a|a|c|c|c|c|c|c|c|c|d|d|d|d|e|e|e|e|e|e|e|e|e|e|g|g|g|g|g|g|g|" +
    "g|h|h|h|h|i|i|i|i|i|i|i|i|i|i|ij|ij|j|j|k|k|k|l|l|l|l|l|l|l|l|l|l|n|n|" +
    "n|n|n|n|n|n|n|o|o|o|o|o|o|oe|oe|r|r|r|r|r|r|s|s|s|s|s|s|s|s|t|t|t|t|t|" +
    "t|u|u|u|u|u|u|u|u|u|u|u|u|w|w|y|y|y|z|z|z|z|z|z|s").split("|");

  var SEP = 0, WORD = 1, SKIP = 2, APOS = 3;
  var folded = null;        /* cpClass's ASCII form of a word character */

  function cpClass(c) {
    folded = null;
    if (c < 0x80) {
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
          (c >= 0x41 && c <= 0x5a)) {
        return WORD;
      }
      return c === 0x27 ? APOS : SEP;
    }
    if (c < 0xc0) {
      return c === 0xad ? SKIP : SEP;
    }
    if (c < 0x180) {
      folded = FOLD[c - 0xc0];
      return folded !== "" ? WORD : SEP;
    }
    if (c >= 0x218 && c <= 0x21b) {
      folded = c < 0x21a ? "s" : "t";
      return WORD;
    }
    if (c >= 0x300 && c <= 0x36f) {
      return SKIP;
    }
    if (c === 0x2019) {
      return APOS;
    }
    if (c === 0x200c || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f)) {
      return SKIP;
    }
    if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) ||
        (c >= 0xd800 && c <= 0xf8ff) || c === 0xfeff ||
        (c >= 0xfff0 && c <= 0xffff) || c >= 0x1f000) {
      return SEP;
    }
    return WORD;
  }

  function lowerCp(c) {
    if (c >= 0x41 && c <= 0x5a) { return c + 0x20; }
    if (c >= 0x391 && c <= 0x3a9 && c !== 0x3a2) { return c + 0x20; }
    if (c >= 0x410 && c <= 0x42f) { return c + 0x20; }
    if (c >= 0x400 && c <= 0x40f) { return c + 0x50; }
    return c;
  }

  function utf8Len(c) {
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }

  /* "n" is the word's length in UTF-8 bytes, as src/search.c counts. */
  function pluralFold(w, n) {
    if (n > 4 && w.endsWith("ies")) {
      return w.slice(0, -3) + "y";
    }
    if (n > 4 && (w.endsWith("sses") || w.endsWith("xes") ||
        w.endsWith("ches") || w.endsWith("shes") || w.endsWith("zzes"))) {
      return w.slice(0, -2);
    }
    if (n > 3 && w.endsWith("s") && !w.endsWith("ss") &&
        !w.endsWith("us") && !w.endsWith("is")) {
      return w.slice(0, -1);
    }
    return w;
  }

  /*
   * Call onWord(term, start, end) for every word of "text": its term, or
   * null for a stop word or an overlong word, and where it is in "text".
   */
  function scan(text, onWord) {
    var n = text.length, i = 0, w = "", wlen = 0, start = 0;
    var inword = false, toolong = false;
    var c, len, cls, fold, lc, add, addLen, term;

    for (;;) {
      c = 0;
      len = 0;
      cls = SEP;
      fold = null;
      if (i < n) {
        c = text.codePointAt(i);
        len = c > 0xffff ? 2 : 1;
        cls = cpClass(c);
        fold = folded;
      }
      if (cls === APOS) {
        /* Inside a word only: "child's", "o’clock". */
        cls = SEP;
        if (inword && i + len < n &&
            cpClass(text.codePointAt(i + len)) === WORD) {
          cls = SKIP;
        }
      }
      if (cls === SKIP) {
        i += len;
        continue;
      }
      if (cls === WORD) {
        if (!inword) {
          inword = true;
          start = i;
        }
        if (fold !== null) {
          add = fold;
          addLen = fold.length;
        } else {
          lc = lowerCp(c);
          add = String.fromCodePoint(lc);
          addLen = utf8Len(lc);
        }
        if (toolong || wlen + addLen > TERM_MAX) {
          toolong = true;
        } else {
          w += add;
          wlen += addLen;
        }
        i += len;
        continue;
      }
      if (inword) {
        term = null;
        if (!toolong && !STOP.has(w)) {
          term = pluralFold(w, wlen);
        }
        onWord(term, start, i);
      }
      inword = false;
      toolong = false;
      w = "";
      wlen = 0;
      if (i >= n) {
        break;
      }
      i += len;
    }
  }

  /* The terms of "text", in order, repeats included. */
  function tokenise(text) {
    var out = [];
    scan(text, function (term) {
      if (term !== null) {
        out.push(term);
      }
    });
    return out;
  }

  /* A term's shard key: [a-z0-9] kept, any other character "_". */
  function termKey(term) {
    var out = "", ch;
    for (ch of term) {
      out += /^[a-z0-9]$/.test(ch) ? ch : "_";
    }
    return out;
  }

  /*
   * The query engine.  load(path, version) fetches a file below the
   * site's base path ("search/meta.json") and resolves to its JSON;
   * "version" (the index's build, or null for meta.json) may be used to
   * make the URL unique to one build.  Files are fetched once.
   */
  function createEngine(load) {
    var meta = null, metaP = null, demoted = null;
    var files = new Map();

    function getMeta() {
      if (metaP === null) {
        metaP = load("search/meta.json", null).then(function (m) {
          if (!m || m.version !== VERSION || !Array.isArray(m.shards)) {
            throw new Error("search index version not supported");
          }
          meta = m;
          demoted = new Set(m.demoted || []);
          return m;
        }, function (e) {
          metaP = null;   /* try again next time */
          throw e;
        });
      }
      return metaP;
    }

    function getFile(path) {
      if (!files.has(path)) {
        files.set(path, load(path, meta.build).catch(function (e) {
          files.delete(path);
          throw e;
        }));
      }
      return files.get(path);
    }

    function getShard(i) {
      var path = "search/index-" + meta.shards[i] + ".json";
      if (!files.has(path)) {
        files.set(path, load(path, meta.build).then(function (o) {
          return new Map(Object.entries(o));
        }).catch(function (e) {
          files.delete(path);
          throw e;
        }));
      }
      return files.get(path);
    }

    /* The last shard whose first key is <= key, or -1. */
    function shardIndex(key) {
      var lo = 0, hi = meta.shards.length - 1, at = -1, mid;
      while (lo <= hi) {
        mid = (lo + hi) >> 1;
        if (meta.shards[mid] <= key) {
          at = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return at;
    }

    /* Length bucket of a document (log scale; see src/search.c). */
    function lengthOf(doc) {
      var d = "0123456789abcdefghijklmnopqrstuvwxyz" +
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
      return d.indexOf(meta.lengths.charAt(doc));
    }

    function addPostings(m, post, exact) {
      var doc = 0, k, v, tf, title, e;
      for (k = 0; k + 1 < post.length; k += 2) {
        doc += post[k];
        v = post[k + 1];
        tf = Math.floor(v / 2);
        title = v % 2;
        e = m.get(doc);
        if (e === undefined) {
          m.set(doc, { tf: tf, title: title, exact: exact });
        } else {
          e.tf += tf;
          e.title = e.title || title;
          e.exact = e.exact || exact;
        }
      }
    }

    /*
     * Search for "q".  Resolves to { terms, prefix, total, results,
     * dropped }: the query's terms (the first MAX_TERMS), the last one if
     * it also matched as a prefix (else null), how many documents match,
     * whether words were left out, and the top ones as
     * { doc, entry, title, exact, tf, len }, where entry is the
     * document's record from its chunk (id, title, url, type, status,
     * review, review_date, text).
     */
    function query(q, limit) {
      var terms = [], seen = new Set(), last = null, prefix = null;
      var dropped = false;

      scan(q, function (term, s, e) {
        last = { term: term, end: e };
        if (term !== null && !seen.has(term)) {
          seen.add(term);
          terms.push(term);
        }
      });
      /* A word still being typed: "strategy disc". */
      if (last !== null && last.term !== null && last.end === q.length &&
          last.term.length >= PREFIX_MIN) {
        prefix = last.term;
      }
      /* Bounded downloads: a pasted paragraph is not a query. */
      if (terms.length > MAX_TERMS) {
        terms = terms.slice(0, MAX_TERMS);
        dropped = true;
        if (terms.indexOf(prefix) < 0) {
          prefix = null;
        }
      }
      if (terms.length === 0) {
        return Promise.resolve({ terms: terms, prefix: null, total: 0,
          results: [], dropped: false });
      }
      return getMeta().then(function () {
        var wanted = new Set(), plan;

        plan = terms.map(function (t) {
          var key = termKey(t), first = shardIndex(key), idx = [], j;
          if (first >= 0) {
            idx.push(first);
          }
          if (t === prefix) {
            for (j = first + 1; j < meta.shards.length &&
                idx.length < PREFIX_SHARDS &&
                meta.shards[j].startsWith(key); j++) {
              idx.push(j);
            }
          }
          idx.forEach(function (i) { wanted.add(i); });
          return { term: t, idx: idx, isPrefix: t === prefix };
        });
        wanted = Array.from(wanted);
        return Promise.all(wanted.map(getShard)).then(function (loaded) {
          var byIdx = new Map(), lists;
          wanted.forEach(function (i, k) { byIdx.set(i, loaded[k]); });
          lists = plan.map(function (p) {
            var m = new Map();
            p.idx.forEach(function (i) {
              var sh = byIdx.get(i), post;
              if (p.isPrefix) {
                sh.forEach(function (post2, t) {
                  if (t.startsWith(p.term)) {
                    addPostings(m, post2, t === p.term);
                  }
                });
              } else if ((post = sh.get(p.term)) !== undefined) {
                addPostings(m, post, true);
              }
            });
            return m;
          });
          return rank(lists);
        });
      }).then(function (ranked) {
        var n = limit || meta.results || 20, top = ranked.slice(0, n);
        var chunks = new Set();
        top.forEach(function (r) {
          chunks.add(Math.floor(r.doc / meta.chunk));
        });
        chunks = Array.from(chunks);
        return Promise.all(chunks.map(function (c) {
          return getFile("search/docs-" + String(c).padStart(3, "0") +
            ".json");
        })).then(function (got) {
          var byChunk = new Map();
          chunks.forEach(function (c, k) { byChunk.set(c, got[k]); });
          top.forEach(function (r) {
            var chunk = byChunk.get(Math.floor(r.doc / meta.chunk));
            r.entry = chunk[r.doc % meta.chunk];
          });
          return { terms: terms, prefix: prefix, total: ranked.length,
            results: top, dropped: dropped };
        });
      });
    }

    /*
     * Documents that match every term, best first: more query terms in
     * the title; current before superseded and withdrawn; more terms
     * matched exactly (not as a prefix); more occurrences; shorter.
     */
    function rank(lists) {
      var smallest = lists[0], out = [];
      lists.forEach(function (m) {
        if (m.size < smallest.size) {
          smallest = m;
        }
      });
      smallest.forEach(function (ignore, doc) {
        var r = { doc: doc, title: 0, exact: 0, tf: 0, len: 0, demoted: 0 };
        var i, e;
        for (i = 0; i < lists.length; i++) {
          e = lists[i].get(doc);
          if (e === undefined) {
            return;
          }
          r.title += e.title;
          r.exact += e.exact ? 1 : 0;
          r.tf += e.tf;
        }
        r.len = lengthOf(doc);
        r.demoted = demoted.has(doc) ? 1 : 0;
        out.push(r);
      });
      out.sort(function (a, b) {
        return (b.title - a.title) || (a.demoted - b.demoted) ||
          (b.exact - a.exact) || (b.tf - a.tf) || (a.len - b.len) ||
          (a.doc - b.doc);
      });
      return out;
    }

    return { query: query };
  }

  /*
   * The part of "text" to show under a result: about "size" characters
   * around the stretch with the most different query terms, as segments
   * { text, mark } (mark: a matched word).  Starts at the beginning when
   * nothing matches.
   */
  function makeSnippet(text, terms, prefix, size) {
    var want = new Set(terms), hits = [], from = 0, to, at, segs = [];
    var best = -1, bestAt = 0, a, b, found, sp;

    size = size || SNIPPET;
    scan(text, function (term, s, e) {
      if (term !== null && (want.has(term) ||
          (prefix !== null && term.startsWith(prefix)))) {
        hits.push({ s: s, e: e, term: want.has(term) ? term : prefix });
      }
    });
    for (a = 0; a < hits.length; a++) {
      found = new Set();
      for (b = a; b < hits.length && hits[b].e - hits[a].s <= size; b++) {
        found.add(hits[b].term);
      }
      if (found.size > best) {
        best = found.size;
        bestAt = a;
      }
    }
    if (hits.length > 0 && hits[bestAt].s > size / 4) {
      from = text.indexOf(" ", hits[bestAt].s - Math.floor(size / 4));
      from = from >= 0 && from < hits[bestAt].s ? from + 1 : hits[bestAt].s;
    }
    to = Math.min(text.length, from + size);
    if (to < text.length) {
      sp = text.lastIndexOf(" ", to);
      if (sp > from) {
        to = sp;
      } else if (/[\ud800-\udbff]/.test(text.charAt(to - 1))) {
        to--;
      }
    }
    if (from > 0) {
      segs.push({ text: "…", mark: false });
    }
    at = from;
    hits.forEach(function (h) {
      if (h.s < at || h.e > to) {
        return;
      }
      if (h.s > at) {
        segs.push({ text: text.slice(at, h.s), mark: false });
      }
      segs.push({ text: text.slice(h.s, h.e), mark: true });
      at = h.e;
    });
    if (to > at) {
      segs.push({ text: text.slice(at, to), mark: false });
    }
    if (to < text.length) {
      segs.push({ text: "…", mark: false });
    }
    return segs;
  }

  var api = { tokenise: tokenise, scan: scan, termKey: termKey,
    createEngine: createEngine, makeSnippet: makeSnippet, VERSION: VERSION };

  if (typeof document === "undefined") {
    if (typeof module === "object" && module.exports) {
      module.exports = api;
    }
    return;
  }

  /*
   * The page.
   */

  var form = document.getElementById("search-form");
  if (!form || !window.fetch || !window.Promise) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var nojs = document.getElementById("search-nojs");
  var base = form.getAttribute("data-base") || "/";
  var engine, seq = 0, timer = 0;

  /* Only a path on this site: never another host. */
  if (!/^\/(?![\/\\])/.test(base)) {
    base = "/";
  }
  if (!base.endsWith("/")) {
    base += "/";
  }

  function load(path, version) {
    var url = new URL(base + path, window.location.href);
    if (url.origin !== window.location.origin) {
      return Promise.reject(new Error("not on this site: " + url.href));
    }
    if (version) {
      url.search = "?v=" + encodeURIComponent(version);
    }
    return fetch(url.href, {
      credentials: "same-origin",
      /* meta.json is checked each time; the rest is named by build. */
      cache: version ? "default" : "no-cache"
    }).then(function (r) {
      if (!r.ok) {
        throw new Error(url.href + ": HTTP " + r.status);
      }
      return r.json();
    });
  }

  engine = createEngine(load);

  function today() {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" +
      pad(d.getDate());
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  /* A document URL from the index: relative, on this site. */
  function docHref(url) {
    if (typeof url !== "string" || /^[a-z][a-z0-9+.\-]*:/i.test(url) ||
        /^[\/\\]/.test(url)) {
      return null;
    }
    return base + url;
  }

  function badge(ul, cls, text) {
    var b = el("strong", "badge " + cls, text);
    ul.appendChild(document.createTextNode(" "));
    ul.appendChild(b);
  }

  function showResults(q, res) {
    var frag = document.createDocumentFragment(), shown = res.results.length;
    var msg, quoted = "“" + q.trim() + "”";

    list.textContent = "";
    if (res.terms.length === 0) {
      msg = "Type a more specific word: very common words such as " +
        "“the” or “and” are not searched.";
    } else if (res.total === 0) {
      msg = "No documents match " + quoted + ". Check the spelling, " +
        "or try fewer or different words.";
    } else {
      msg = (res.total === 1 ? "1 document matches " :
        res.total + " documents match ") + quoted +
        (res.total > shown ? ". Showing the best " + shown + "." : ".");
    }
    if (res.dropped) {
      msg += " Only the first " + MAX_TERMS + " words were searched for.";
    }
    res.results.forEach(function (r) {
      var e = r.entry || {}, li = el("li", "search-result");
      var h = el("h3", "search-result-title"), href = docHref(e.url);
      var a, meta, snip, overdue;

      if (href !== null) {
        a = el("a", null, e.title || e.id || "Untitled");
        a.href = href;
        h.appendChild(a);
      } else {
        h.textContent = e.title || "Untitled";
      }
      li.appendChild(h);
      meta = el("p", "search-result-meta");
      meta.appendChild(el("span", "doc-kind", e.type || "Document"));
      overdue = e.review === "overdue" ||
        (typeof e.review_date === "string" && e.review_date < today());
      if (overdue) {
        badge(meta, "badge-overdue", "Overdue for review");
      } else if (e.review === "due") {
        badge(meta, "badge-due", "Due for review");
      }
      if (e.status === "superseded") {
        badge(meta, "badge-status", "Superseded");
      } else if (e.status === "withdrawn") {
        badge(meta, "badge-status", "Withdrawn");
      } else if (e.status === "draft") {
        badge(meta, "badge-status", "Draft");
      }
      li.appendChild(meta);
      if (typeof e.text === "string" && e.text !== "") {
        snip = el("p", "search-snippet");
        makeSnippet(e.text, res.terms, res.prefix).forEach(function (s) {
          snip.appendChild(s.mark ? el("mark", null, s.text) :
            document.createTextNode(s.text));
        });
        li.appendChild(snip);
      }
      frag.appendChild(li);
    });
    list.appendChild(frag);
    list.hidden = shown === 0;
    status.textContent = msg;
  }

  function clearResults() {
    list.textContent = "";
    list.hidden = true;
    status.textContent = "";
  }

  /* Keep ?q= in the address, so that a search can be shared. */
  function remember(q) {
    var u = new URL(window.location.href);
    if (q.trim() !== "") {
      u.searchParams.set("q", q);
    } else {
      u.searchParams.delete("q");
    }
    if (u.href !== window.location.href && window.history.replaceState) {
      window.history.replaceState(null, "", u.pathname + u.search + u.hash);
    }
  }

  function run(q) {
    var mine = ++seq;
    remember(q);
    if (q.trim() === "") {
      clearResults();
      return;
    }
    list.setAttribute("aria-busy", "true");
    engine.query(q).then(function (res) {
      if (mine === seq) {
        showResults(q, res);
      }
    }, function () {
      if (mine === seq) {
        clearResults();
        status.textContent = "Search is not available at the moment. " +
          "Every document is listed below by section.";
      }
    }).then(function () {
      if (mine === seq) {
        list.removeAttribute("aria-busy");
      }
    });
  }

  if (nojs) {
    nojs.hidden = true;
  }
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearTimeout(timer);
    run(input.value);
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(input.value); }, DEBOUNCE);
  });
  var q0 = new URLSearchParams(window.location.search).get("q");
  if (q0 !== null && q0 !== "") {
    input.value = q0;
    run(q0);
  }
})();

/*
 * search.js: the site search, with no server.  The build writes an index
 * under search/ (docs/search.md).  This script tokenises the query as the
 * build tokenised the documents (src/search.c: keep the two in step;
 * tests/search/tokens.txt holds cases both must pass), fetches meta.json,
 * then only the shards holding the query's terms (and their glossary
 * synonyms), ranks the documents on the postings, and fetches only the
 * chunks of the page of results shown, whose text orders that page again
 * by phrase and proximity and gives the excerpts.  A word found nowhere
 * fetches one small word list for a "Did you mean".  Every URL it
 * fetches is relative to the site's base path, on this origin.  Without
 * script, the search page lists every document instead.
 *
 * Under Node it is a module (require() gives the tokeniser, the query
 * parser, the query engine and the snippet maker, with no DOM):
 * tests/search.sh, its relevance test and bench/search-size.sh use it,
 * so they measure this very code.
 */
(function () {
  "use strict";

  var VERSION = 2;          /* of the index formats */
  var TERM_MAX = 40;        /* bytes: longer words are not indexed */
  var PREFIX_MIN = 3;       /* the last word, this long, also matches as a prefix */
  var PREFIX_SHARDS = 2;    /* at most this many shards for a prefix */
  var MAX_TERMS = 8;        /* terms searched, synonyms too: each may need a shard */
  var WORD_MIN = 4;         /* shortest word given a suggestion (SEARCH_WORD_MIN) */
  var SNIPPET = 180;        /* characters of text shown under a result */
  var DEBOUNCE = 250;       /* ms after the last key press */
  var PAGE_BYTES = 128 * 1024;  /* a page's chunks, about, past PAGE_MIN */
  var PAGE_MIN = 3;         /* results a page shows at least */
  var TITLE_BONUS = 3;      /* a group's words all in the title */
  var DEMOTE = 4;           /* superseded and withdrawn documents */
  var PHRASE_BONUS = 2;     /* the query's words next to each other */
  var PROX_BONUS = 1.5;     /* the query's words close together */
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz" +
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var STATUS = ["current", "draft", "superseded", "withdrawn", "record"];

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
   * Queries.  parseQuery(q, abbr) turns what the reader typed into
   * groups, every one of which a document should match:
   * { alts: [{ terms, offs, phrase, prefix }], orig, qpos, quoted, word }.
   * A group matches when any of its alternatives does, and an
   * alternative when all its terms are in the document (a phrase: next
   * to each other, as "offs" says; search.js checks that in the text).
   * Words in "double quotes" are one phrase group; other words are one
   * group each, except where the glossary (abbr: [[term, expansion]])
   * or the "s47" rule says that some words and an abbreviation mean the
   * same: then those words form one group, with the abbreviation (or the
   * expansion) as a phrase alternative.
   */
  function words(text, base) {
    var out = [], k = 0;
    scan(text, function (term, s, e) {
      out.push({ term: term, s: base + s, e: base + e, pos: k++ });
    });
    return out;
  }

  /* A sequence's terms and their offsets from its first term. */
  function seqOf(text) {
    var terms = [], offs = [], first = -1;
    words(text, 0).forEach(function (w) {
      if (w.term === null) {
        return;
      }
      if (first < 0) {
        first = w.pos;
      }
      terms.push(w.term);
      offs.push(w.pos - first);
    });
    return { terms: terms, offs: offs };
  }

  function sameTerms(a, b) {
    return a.length === b.length && a.every(function (t, i) {
      return t === b[i];
    });
  }

  function parseQuery(q, abbr) {
    var groups = [], free = [], pos = 0, segs, i, j, k, n, ws, pairs;
    var quoteOpen = false, last = null;

    /* Straight or curly quotes; an unclosed quote runs to the end. */
    segs = q.split(/["\u201c\u201d]/);
    for (i = 0; i < segs.length; i++) {
      ws = words(segs[i], q.length - segs.slice(i).join("\"").length);
      if (i % 2 === 1) {
        quoteOpen = i === segs.length - 1;
        n = ws.filter(function (w) { return w.term !== null; });
        if (n.length > 1) {
          groups.push({ alts: [{ terms: n.map(function (w) { return w.term; }),
            offs: n.map(function (w) { return w.pos - n[0].pos; }),
            phrase: true }], qpos: pos + n[0].pos, quoted: true,
            word: null });
          groups[groups.length - 1].orig = groups[groups.length - 1].alts[0];
        } else if (n.length === 1) {
          free.push({ term: n[0].term, qpos: pos + n[0].pos, s: n[0].s,
            e: n[0].e, quoted: true });
        }
      } else {
        ws.forEach(function (w) {
          if (w.term !== null) {
            free.push({ term: w.term, qpos: pos + w.pos, s: w.s, e: w.e,
              quoted: false });
          }
          last = w;
        });
      }
      pos += ws.length + 1;
    }
    /* Abbreviations: the glossary's, and "s47" for "section 47". */
    pairs = [];
    (abbr || []).forEach(function (p) {
      pairs.push([seqOf(p[0]), seqOf(p[1])]);
    });
    free.forEach(function (w, x) {
      var m = /^s([0-9]+[a-z]?)$/.exec(w.term);
      if (m) {
        pairs.push([seqOf(w.term), seqOf("section " + m[1])]);
      } else if (w.term === "section" && x + 1 < free.length &&
          /^[0-9]+[a-z]?$/.test(free[x + 1].term)) {
        pairs.push([seqOf("s" + free[x + 1].term),
          seqOf("section " + free[x + 1].term)]);
      }
    });
    i = 0;
    while (i < free.length) {
      var best = null, bestLen = 0;
      if (!free[i].quoted) {
        pairs.forEach(function (p) {
          [0, 1].forEach(function (side) {
            var a = p[side], b = p[1 - side], len = a.terms.length;
            var run = free.slice(i, i + len);
            if (len <= bestLen || run.length < len || b.terms.length === 0 ||
                sameTerms(a.terms, b.terms)) {
              return;
            }
            for (k = 0; k < len; k++) {
              if (run[k].quoted || run[k].term !== a.terms[k] ||
                  run[k].qpos - run[0].qpos !== a.offs[k]) {
                return;
              }
            }
            best = b;
            bestLen = len;
          });
        });
      }
      if (best === null) {
        groups.push({ alts: [{ terms: [free[i].term], offs: [0],
          phrase: false }], qpos: free[i].qpos, quoted: free[i].quoted,
          word: free[i] });
        groups[groups.length - 1].orig = groups[groups.length - 1].alts[0];
        i++;
        continue;
      }
      var run2 = free.slice(i, i + bestLen), orig = {
        terms: run2.map(function (w) { return w.term; }),
        offs: run2.map(function (w) { return w.qpos - run2[0].qpos; }),
        phrase: false };
      var alts = [orig];
      if (!alts.some(function (a) { return sameTerms(a.terms, best.terms); })) {
        alts.push({ terms: best.terms, offs: best.offs,
          phrase: best.terms.length > 1, synonym: true });
      }
      groups.push({ alts: alts, orig: orig, qpos: run2[0].qpos,
        quoted: false, word: bestLen === 1 ? run2[0] : null });
      i += bestLen;
    }
    groups.sort(function (a, b) { return a.qpos - b.qpos; });
    /* A word still being typed: "strategy disc". */
    var prefix = null;
    if (!quoteOpen && last !== null && last.term !== null &&
        last.e === q.length && last.term.length >= PREFIX_MIN) {
      groups.forEach(function (g) {
        if (g.word !== null && g.word.e === last.e && !g.word.quoted &&
            g.alts.length === 1) {
          g.alts[0].prefix = true;
          prefix = g.alts[0].terms[0];
        }
      });
    }
    return { groups: groups, prefix: prefix };
  }

  /*
   * Edit distance with adjacent transpositions (optimal string
   * alignment), giving up past "max".
   */
  function editDistance(a, b, max) {
    var i, j, d = [], c, row;
    if (Math.abs(a.length - b.length) > max) {
      return max + 1;
    }
    for (i = 0; i <= a.length; i++) {
      d.push([i]);
    }
    for (j = 1; j <= b.length; j++) {
      d[0][j] = j;
    }
    for (i = 1; i <= a.length; i++) {
      row = max + 1;
      for (j = 1; j <= b.length; j++) {
        c = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1,
          d[i - 1][j - 1] + c);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] &&
            a[i - 2] === b[j - 1]) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
        row = Math.min(row, d[i][j]);
      }
      if (row > max) {
        return max + 1;
      }
    }
    return d[a.length][b.length];
  }

  /* The closest word of "list" ({term: df}) to "w", or null. */
  function closest(w, list) {
    var max = w.length >= 5 ? 2 : 1, best = null, bd = max + 1, bdf = 0;
    if (w.length < WORD_MIN || /^[0-9]+$/.test(w) || list[w] !== undefined) {
      return null;
    }
    Object.keys(list).forEach(function (t) {
      var dist, df = list[t];
      if (t === w) {
        return;
      }
      dist = editDistance(w, t, max);
      if (dist < bd || (dist === bd && (df > bdf ||
          (df === bdf && t < best)))) {
        best = t;
        bd = dist;
        bdf = df;
      }
    });
    return bd <= max ? best : null;
  }

  /*
   * The query engine.  load(path, version) fetches a file below the
   * site's base path ("search/meta.json") and resolves to its JSON;
   * "version" (the index's build, or null for meta.json) may be used to
   * make the URL unique to one build.  Files are fetched once.
   */
  function createEngine(load) {
    var meta = null, metaP = null, avglen = 1, demoted = null;
    var files = new Map();

    function getMeta() {
      if (metaP === null) {
        metaP = load("search/meta.json", null).then(function (m) {
          var i, sum = 0;
          if (!m || m.version !== VERSION || !Array.isArray(m.shards)) {
            throw new Error("search index version not supported");
          }
          meta = m;
          demoted = new Set(m.demoted || []);
          for (i = 0; i < m.docs; i++) {
            sum += docWords(i);
          }
          avglen = m.docs > 0 ? sum / m.docs : 1;
          return m;
        }, function (e) {
          metaP = null;   /* try again next time */
          throw e;
        });
      }
      return metaP;
    }

    function getFile(path, wrap) {
      if (!files.has(path)) {
        files.set(path, load(path, meta.build).then(wrap ||
          function (o) { return o; }).catch(function (e) {
          files.delete(path);
          throw e;
        }));
      }
      return files.get(path);
    }

    function getShard(i) {
      return getFile("search/index-" + meta.shards[i] + ".json",
        function (o) { return new Map(Object.entries(o)); });
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

    /* At most how many bytes its entry has, about (7 per word). */
    function docBytes(doc) {
      return 7 * Math.pow(2, (DIGITS.indexOf(meta.lengths.charAt(doc)) + 1) /
        4);
    }

    /* About how many words a document has (see "lengths"). */
    function docWords(doc) {
      return Math.pow(2, DIGITS.indexOf(meta.lengths.charAt(doc)) / 4);
    }

    /* doc -> { tf, title, exact } for one term, or its prefix. */
    function postingsOf(byIdx, idx, term, isPrefix) {
      var m = new Map();
      function add(post, exact) {
        var doc = 0, k, v, e;
        for (k = 0; k + 1 < post.length; k += 2) {
          doc += post[k];
          v = post[k + 1];
          e = m.get(doc);
          if (e === undefined) {
            m.set(doc, { tf: Math.floor(v / 2), title: v % 2, exact: exact });
          } else {
            e.tf += Math.floor(v / 2);
            e.title = e.title || v % 2;
            e.exact = e.exact || exact;
          }
        }
      }
      idx.forEach(function (i) {
        var sh = byIdx.get(i), post;
        if (isPrefix) {
          sh.forEach(function (p2, t) {
            if (t.startsWith(term)) {
              add(p2, t === term);
            }
          });
        } else if ((post = sh.get(term)) !== undefined) {
          add(post, true);
        }
      });
      return m;
    }

    /*
     * Whether document "doc" belongs to partnership k: its mask is
     * meta.prtw hex digits of meta.prt, bit k the k-th partnership.
     */
    function inPartnership(doc, k) {
      var w = meta.prtw || 0, d;
      d = parseInt((meta.prt || "").charAt(doc * w + w - 1 - Math.floor(k / 4)), 16);
      return !isNaN(d) && (d & (1 << (k % 4))) !== 0;
    }

    /*
     * The filters: { section: name or "", status: name or "",
     * partnership: id or "" }.
     */
    function filterOf(opts) {
      var sec = 0, st = -1, prt = -1, i;
      if (opts && opts.partnership) {
        prt = -2;
        for (i = 0; i < (meta.partnerships || []).length; i++) {
          if (meta.partnerships[i][0] === opts.partnership) {
            prt = i;
          }
        }
      }
      if (opts && opts.section) {
        sec = -1;
        for (i = 0; i < (meta.sections || []).length; i++) {
          if (meta.sections[i][0] === opts.section) {
            sec = i + 1;
          }
        }
      }
      if (opts && opts.status) {
        st = STATUS.indexOf(opts.status);
      }
      return function (doc) {
        if (prt !== -1 && (prt < 0 || !inPartnership(doc, prt))) {
          return false;
        }
        if (sec !== 0 && (sec < 0 ||
            DIGITS.indexOf((meta.sec || "").charAt(doc)) !== sec)) {
          return false;
        }
        return st < 0 || Number((meta.status || "").charAt(doc) || 0) === st;
      };
    }

    /*
     * Search for "q" with opts { section, status, results }.  Resolves to
     * { query, terms, prefix, total, partial, dropped, suggestion,
     * ranked, next, results }: the parsed query, its terms, the last word
     * if it also matched as a prefix (else null), how many documents
     * match every group (when none does, "partial" is true and the
     * documents matching some are ranked instead), whether words were
     * left out, a suggested query for words found nowhere (or null), the
     * ranked candidates, and the first page of results (see more()).
     */
    function query(q, opts) {
      var parsed, terms = [], seen = new Set(), dropped = false;
      opts = opts || {};
      return getMeta().then(function () {
        parsed = parseQuery(q, meta.abbr);
        /* Bounded downloads: a pasted paragraph is not a query. */
        parsed.groups = parsed.groups.filter(function (g) {
          g.alts = g.alts.filter(function (a, i) {
            var add = a.terms.filter(function (t) { return !seen.has(t); });
            var uniq = Array.from(new Set(add));
            if (seen.size + uniq.length > MAX_TERMS) {
              if (i === 0) {
                dropped = true;
              }
              return false;
            }
            uniq.forEach(function (t) { seen.add(t); terms.push(t); });
            return true;
          });
          return g.alts.length > 0;
        });
        if (parsed.groups.length === 0) {
          return { query: parsed, terms: [], prefix: null, total: 0,
            partial: false, dropped: dropped, suggestion: null, ranked: [],
            next: 0, results: [] };
        }
        return lookup(q, parsed, terms, dropped, opts);
      }).then(function (res) {
        res.opts = opts;
        return more(res, opts.results);
      });
    }

    function lookup(q, parsed, terms, dropped, opts) {
      var wanted = new Set(), plan = new Map(), keep = filterOf(opts);
      parsed.groups.forEach(function (g) {
        g.alts.forEach(function (a) {
          a.terms.forEach(function (t) {
            var key = termKey(t), first = shardIndex(key), idx = [], j;
            var isPrefix = a.prefix === true;
            if (first >= 0) {
              idx.push(first);
            }
            if (isPrefix) {
              for (j = first + 1; j < meta.shards.length &&
                  idx.length < PREFIX_SHARDS &&
                  meta.shards[j].startsWith(key); j++) {
                idx.push(j);
              }
            }
            idx.forEach(function (i) { wanted.add(i); });
            plan.set(t + (isPrefix ? "*" : ""), { term: t, idx: idx,
              isPrefix: isPrefix });
          });
        });
      });
      wanted = Array.from(wanted);
      return Promise.all(wanted.map(getShard)).then(function (loaded) {
        var byIdx = new Map(), post = new Map();
        wanted.forEach(function (i, k) { byIdx.set(i, loaded[k]); });
        plan.forEach(function (p, k) {
          post.set(k, postingsOf(byIdx, p.idx, p.term, p.isPrefix));
        });
        return rank(parsed, post, keep);
      }).then(function (ranked) {
        var n = parsed.groups.length, slack = 0, total;
        /* Three words or more: one may be missing ("strategy meeting"). */
        if (n >= 3 && !parsed.groups.some(function (g) { return g.quoted; })) {
          slack = 1;
        }
        total = ranked.filter(function (r) { return r.cover === n; }).length;
        var res = { query: parsed, terms: terms, prefix: parsed.prefix,
          total: total, all: total, partial: total === 0 && ranked.length > 0,
          dropped: dropped, suggestion: null, ranked: ranked, next: 0,
          results: [] };
        if (total === 0) {
          /* Keep only the documents with the most groups. */
          res.ranked = ranked.filter(function (r) {
            return r.cover === (ranked.length > 0 ? ranked[0].cover : 0);
          });
        } else {
          /* Then by score alone: a missing word weighs nothing. */
          res.ranked = ranked.filter(function (r) {
            return r.cover >= n - slack;
          }).sort(function (a, b) {
            return (b.score - a.score) || (a.doc - b.doc);
          });
          res.total = res.ranked.length;
        }
        return suggest(q, parsed, res.ranked.length === 0 ? null :
          res).then(function (s) {
          res.suggestion = s;
          return res;
        });
      });
    }

    function idf(df) {
      return Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5));
    }

    /*
     * The documents matching at least one group, best first: more groups
     * matched; then a score: for each group, its best alternative's
     * BM25 weight (k1 1.2, b 0.75) plus a bonus when its words are in
     * the title; less for superseded and withdrawn documents and for
     * words matched only as a prefix.
     */
    function rank(parsed, post, keep) {
      var docs = new Map(), out = [];
      parsed.groups.forEach(function (g, gi) {
        g.alts.forEach(function (a) {
          var lists = a.terms.map(function (t) {
            return post.get(t + (a.prefix ? "*" : ""));
          });
          lists[0].forEach(function (ignore, doc) {
            var s = 0, title = 1, exact = 1, i, e, r, norm;
            if (!keep(doc)) {
              return;
            }
            norm = 1.2 * (0.25 + 0.75 * docWords(doc) / avglen);
            for (i = 0; i < lists.length; i++) {
              e = lists[i].get(doc);
              if (e === undefined) {
                return;
              }
              s += idf(lists[i].size) * e.tf * 2.2 / (e.tf + norm);
              title = title && e.title;
              exact = exact && e.exact;
            }
            s += title ? TITLE_BONUS : 0;
            s *= exact ? 1 : 0.8;
            r = docs.get(doc);
            if (r === undefined) {
              r = { doc: doc, g: [], cover: 0, score: 0 };
              docs.set(doc, r);
            }
            if (r.g[gi] === undefined) {
              r.cover++;
              r.g[gi] = s;
            } else {
              r.g[gi] = Math.max(r.g[gi], s);
            }
          });
        });
      });
      docs.forEach(function (r) {
        r.score = r.g.reduce(function (x, y) { return x + (y || 0); }, 0);
        if (demoted.has(r.doc)) {
          r.score -= DEMOTE;
        }
        out.push(r);
      });
      out.sort(order);
      return out;
    }

    function order(a, b) {
      return (b.cover - a.cover) || (b.score - a.score) || (a.doc - b.doc);
    }

    /*
     * "Did you mean": the query with each word that no document has
     * replaced by the closest word of the index (its words-C.json), or
     * null.  With results ("res"), only words that matched nothing.
     */
    function suggest(q, parsed, res) {
      var todo = [];
      parsed.groups.forEach(function (g) {
        var w = g.word;
        if (w === null || g.alts.length > 1 || (res !== null && res.ranked.some(function (r) {
              return r.g[parsed.groups.indexOf(g)] !== undefined;
            }))) {
          return;
        }
        if ((meta.words || "").indexOf(termKey(w.term).charAt(0)) < 0) {
          return;
        }
        todo.push(w);
      });
      if (todo.length === 0 || (res !== null && !res.partial)) {
        return Promise.resolve(null);
      }
      return Promise.all(todo.map(function (w) {
        return getFile("search/words-" + termKey(w.term).charAt(0) +
          ".json");
      })).then(function (lists) {
        var out = q, changed = false;
        /* From the end, so that earlier offsets stay right. */
        for (var i = todo.length - 1; i >= 0; i--) {
          var t = closest(todo[i].term, lists[i]);
          if (t !== null) {
            out = out.slice(0, todo[i].s) + t + out.slice(todo[i].e);
            changed = true;
          }
        }
        return changed ? out.trim() : null;
      }, function () { return null; });
    }

    /*
     * The next "n" results (default meta.results) of a query's "res",
     * fewer when their texts would come to more than PAGE_BYTES: fetches
     * their documents' chunks, drops those lacking a quoted
     * phrase, and orders them again with what the text says (phrase and
     * proximity; see textBonus()).  Appends them to res.results and
     * resolves to res, with res.page: the new ones.
     */
    function more(res, n) {
      var top, chunks = new Set(), k = res.next, end, est = 0, b;
      n = n || meta.results || 20;
      end = Math.min(res.ranked.length, res.next + n);
      /* Long documents: a shorter page (one document per chunk only). */
      while (k < end) {
        b = meta.chunk === 1 ? docBytes(res.ranked[k].doc) : 0;
        if (k - res.next >= PAGE_MIN && est + b > PAGE_BYTES) {
          break;
        }
        est += b;
        k++;
      }
      top = res.ranked.slice(res.next, k);
      res.next += top.length;
      top.forEach(function (r) {
        chunks.add(Math.floor(r.doc / meta.chunk));
      });
      chunks = Array.from(chunks);
      return Promise.all(chunks.map(function (c) {
        return getFile("search/docs-" + String(c).padStart(3, "0") +
          ".json");
      })).then(function (got) {
        var byChunk = new Map(), page = [];
        chunks.forEach(function (c, k) { byChunk.set(c, got[k]); });
        top.forEach(function (r) {
          var chunk = byChunk.get(Math.floor(r.doc / meta.chunk));
          r.entry = chunk[r.doc % meta.chunk];
          textBonus(res.query, r);
          if (r.ok) {
            page.push(r);
          } else if (res.total > 0) {
            res.total--;
            res.all--;
          }
        });
        page.sort(function (a, b) {
          return (b.score + b.bonus - a.score - a.bonus) || (a.doc - b.doc);
        });
        res.results = res.results.concat(page);
        res.page = page;
        res.more = res.next < res.ranked.length;
        return res;
      });
    }

    return { query: query, more: more };
  }

  /*
   * What a document's text says of a query: r.ok is false when a quoted
   * phrase (or every alternative of a group that needs a phrase) is not
   * in it; r.bonus rewards the query's words next to each other, as
   * typed (PHRASE_BONUS, more with more occurrences, more again in the
   * title), and close together (PROX_BONUS over the shortest stretch
   * holding every group); r.hits are the term positions for the
   * excerpt.
   */
  function textBonus(parsed, r) {
    var e = r.entry || {}, title = words(e.title || "", 0);
    var body = words(e.text || "", 0), groups = parsed.groups;
    var occ, phrase, span, tphr;

    r.ok = true;
    r.bonus = 0;
    occ = groups.map(function (g) {
      var at = [];
      g.alts.forEach(function (a) {
        at = at.concat(a.phrase ? findSeq(body, a) : findAny(body, a));
      });
      if (g.quoted && at.length === 0 && findSeq(title, g.alts[0]).length === 0) {
        r.ok = false;
      }
      return at.sort(function (x, y) { return x - y; });
    });
    if (queryPhrase(groups).terms.length > 1) {
      var all = queryPhrase(groups);
      phrase = findSeq(body, all).length;
      tphr = findSeq(title, all).length;
      if (phrase + tphr > 0) {
        r.bonus += PHRASE_BONUS * (1 + Math.log(1 + phrase)) +
          (tphr > 0 ? PHRASE_BONUS : 0);
      }
      span = shortestSpan(wordLists(body, groups, occ));
      if (span > 0) {
        r.bonus += PROX_BONUS * (all.terms.length - 1) /
          Math.max(1, span - 1);
      }
    }
  }

  /*
   * For the proximity: one list of positions per word of the query as
   * typed; where a group has an abbreviation or an expansion, its
   * occurrences count for each of the group's words.
   */
  function wordLists(body, groups, occ) {
    var out = [];
    groups.forEach(function (g, gi) {
      var o = g.orig || g.alts[0], syn = [];
      if (o.terms.length === 1) {
        out.push(occ[gi]);
        return;
      }
      g.alts.forEach(function (a) {
        if (a !== o) {
          syn = syn.concat(a.phrase ? findSeq(body, a) : findAny(body, a));
        }
      });
      o.terms.forEach(function (t) {
        out.push(findAny(body, { terms: [t] }).concat(syn).sort(
          function (x, y) { return x - y; }));
      });
    });
    return out;
  }

  /* The query's words as typed, as one sequence. */
  function queryPhrase(groups) {
    var terms = [], offs = [], q0 = groups[0].qpos;
    groups.forEach(function (g) {
      var a = g.orig || g.alts[0];
      a.terms.forEach(function (t, i) {
        terms.push(t);
        offs.push(g.qpos - q0 + a.offs[i]);
      });
    });
    return { terms: terms, offs: offs,
      prefix: groups[groups.length - 1].alts[0].prefix };
  }

  function termIs(w, t, prefix) {
    return w !== undefined && w.term !== null &&
      (w.term === t || (prefix === true && w.term.startsWith(t)));
  }

  /* Word positions where the sequence "a" starts in "ws". */
  function findSeq(ws, a) {
    var out = [], i, k, last = a.terms.length - 1;
    for (i = 0; i < ws.length; i++) {
      for (k = 0; k <= last; k++) {
        if (!termIs(ws[i + a.offs[k]], a.terms[k], k === last && a.prefix)) {
          break;
        }
      }
      if (k > last) {
        out.push(i);
      }
    }
    return out;
  }

  /* Word positions of any of the terms of "a". */
  function findAny(ws, a) {
    var out = [];
    ws.forEach(function (w, i) {
      if (a.terms.some(function (t) { return termIs(w, t, a.prefix); })) {
        out.push(i);
      }
    });
    return out;
  }

  /* Words in the shortest stretch with a position from each list, or 0. */
  function shortestSpan(lists) {
    var all = [], need = lists.length, have = new Map(), best = 0, lo = 0;
    var i, x;
    if (lists.some(function (l) { return l.length === 0; })) {
      return 0;
    }
    lists.forEach(function (l, g) {
      l.forEach(function (p) { all.push([p, g]); });
    });
    all.sort(function (a, b) { return a[0] - b[0]; });
    for (i = 0; i < all.length; i++) {
      have.set(all[i][1], (have.get(all[i][1]) || 0) + 1);
      while (have.size === need) {
        x = all[i][0] - all[lo][0] + 1;
        if (best === 0 || x < best) {
          best = x;
        }
        if (have.get(all[lo][1]) === 1) {
          have.delete(all[lo][1]);
        } else {
          have.set(all[lo][1], have.get(all[lo][1]) - 1);
        }
        lo++;
      }
    }
    return best;
  }

  /*
   * The part of a result's text to show: about "size" characters around
   * the stretch with the most groups of the query, a phrase first, as
   * segments { text, mark } (mark: a matched word).  Starts at the
   * beginning when nothing matches.
   */
  function makeSnippet(text, parsed, size) {
    var ws = words(text, 0), hits = [], from = 0, to, at, segs = [];
    var best = -1, bestAt = 0, a, b, found, sp, mark = new Set();

    size = size || SNIPPET;
    parsed.groups.forEach(function (g, gi) {
      g.alts.forEach(function (al) {
        var starts = al.phrase ? findSeq(ws, al) : findAny(ws, al);
        starts.forEach(function (p) {
          if (al.phrase) {
            al.offs.forEach(function (o) { mark.add(p + o); });
            hits.push({ w: p, g: gi, end: p + al.offs[al.offs.length - 1] });
          } else {
            mark.add(p);
            hits.push({ w: p, g: gi, end: p });
          }
        });
      });
    });
    hits.sort(function (x, y) { return x.w - y.w; });
    for (a = 0; a < hits.length; a++) {
      found = new Set();
      for (b = a; b < hits.length &&
          ws[hits[b].end].e - ws[hits[a].w].s <= size; b++) {
        found.add(hits[b].g);
      }
      if (found.size > best) {
        best = found.size;
        bestAt = a;
      }
    }
    if (hits.length > 0 && ws[hits[bestAt].w].s > size / 4) {
      at = ws[hits[bestAt].w].s;
      from = text.indexOf(" ", at - Math.floor(size / 4));
      from = from >= 0 && from < at ? from + 1 : at;
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
    ws.forEach(function (w, i) {
      if (!mark.has(i) || w.term === null || w.s < at || w.e > to) {
        return;
      }
      if (w.s > at) {
        segs.push({ text: text.slice(at, w.s), mark: false });
      }
      segs.push({ text: text.slice(w.s, w.e), mark: true });
      at = w.e;
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
    parseQuery: parseQuery, editDistance: editDistance, closest: closest,
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
  var secSel = form.querySelector("select[name=section]");
  var stSel = form.querySelector("select[name=status]");
  var prtSel = form.querySelector("select[name=partnership]");
  var status = document.getElementById("search-status");
  var suggestP = document.getElementById("search-suggest");
  var list = document.getElementById("search-results");
  var moreBtn = document.getElementById("search-more");
  var nojs = document.getElementById("search-nojs");
  var base = form.getAttribute("data-base") || "/";
  var engine, seq = 0, timer = 0, current = null;

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

  var MONTHS = ["January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December"];

  /* "2024-03-05" as "5 March 2024", as the pages write dates. */
  /* "2019-09-30", "2022-08" or "2019": no more precise than given. */
  function longDate(iso) {
    var m = /^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$/.exec(iso);
    if (!m) {
      return iso;
    }
    if (m[2] === undefined) {
      return m[1];
    }
    return (m[3] !== undefined ? Number(m[3]) + " " : "") +
      MONTHS[Number(m[2]) - 1] + " " + m[1];
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

  function resultItem(res, r) {
    var e = r.entry || {}, li = el("li", "search-result");
    var h = el("h3", "search-result-title"), href = docHref(e.url);
    var a, meta, snip, overdue, t;

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
    if (typeof e.updated === "string") {
      meta.appendChild(document.createTextNode(" · Updated "));
      t = el("time", null, longDate(e.updated));
      t.setAttribute("datetime", e.updated);
      meta.appendChild(t);
    }
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
    } else if (e.status === "record") {
      badge(meta, "badge-status", "Record of its time");
    } else if (e.status === "draft") {
      badge(meta, "badge-status", "Draft");
    }
    li.appendChild(meta);
    if (typeof e.text === "string" && e.text !== "") {
      snip = el("p", "search-snippet");
      makeSnippet(e.text, res.query).forEach(function (s) {
        snip.appendChild(s.mark ? el("mark", null, s.text) :
          document.createTextNode(s.text));
      });
      li.appendChild(snip);
    }
    return li;
  }

  function message(q, res) {
    var msg, quoted = "“" + q.trim() + "”", shown = res.results.length;
    if (res.terms.length === 0) {
      msg = "Type a more specific word: very common words such as " +
        "“the” or “and” are not searched.";
    } else if (res.partial && shown > 0) {
      msg = "No document has every word of " + quoted + ". Showing " +
        "documents with some of them.";
    } else if (shown === 0) {
      msg = "No documents match " + quoted + ". Check the spelling, " +
        "or try fewer or different words.";
    } else {
      msg = (res.total === 1 ? "1 document matches " :
        res.total + " documents match ") + quoted +
        (res.all < res.total ? ", " + res.all + " of them with every word" :
        "") + (res.more ? ". Showing the best " + shown + "." : ".");
    }
    if (res.dropped) {
      msg += " Only the first " + MAX_TERMS + " words were searched for.";
    }
    return msg;
  }

  function showSuggestion(res) {
    var a;
    suggestP.textContent = "";
    suggestP.hidden = res.suggestion === null;
    if (res.suggestion === null) {
      return;
    }
    a = el("a", null, res.suggestion);
    a.href = base + "search/?q=" + encodeURIComponent(res.suggestion);
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      input.value = res.suggestion;
      clearTimeout(timer);
      run(input.value);
      input.focus();
    });
    suggestP.appendChild(document.createTextNode("Did you mean "));
    suggestP.appendChild(a);
    suggestP.appendChild(document.createTextNode("?"));
  }

  function showResults(q, res) {
    var frag = document.createDocumentFragment();
    list.textContent = "";
    res.results.forEach(function (r) {
      frag.appendChild(resultItem(res, r));
    });
    list.appendChild(frag);
    list.hidden = res.results.length === 0;
    moreBtn.hidden = !res.more;
    showSuggestion(res);
    status.textContent = message(q, res) + (res.suggestion !== null ?
      " Did you mean " + res.suggestion + "?" : "");
  }

  function clearResults() {
    list.textContent = "";
    list.hidden = true;
    moreBtn.hidden = true;
    suggestP.hidden = true;
    status.textContent = "";
    current = null;
  }

  function filters() {
    return { section: secSel ? secSel.value : "",
      status: stSel ? stSel.value : "",
      partnership: prtSel ? prtSel.value : "" };
  }

  /* Keep ?q= and the filters in the address, so that it can be shared. */
  function remember(q) {
    var u = new URL(window.location.href), f = filters();
    [["q", q.trim() !== "" ? q : ""], ["section", f.section],
      ["status", f.status], ["partnership", f.partnership]].forEach(function (p) {
      if (p[1] !== "") {
        u.searchParams.set(p[0], p[1]);
      } else {
        u.searchParams.delete(p[0]);
      }
    });
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
    engine.query(q, filters()).then(function (res) {
      if (mine === seq) {
        current = { q: q, res: res };
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

  /* "Show more results": the next page, focus on its first link. */
  function showMore() {
    var mine = seq, cur = current;
    if (cur === null) {
      return;
    }
    moreBtn.disabled = true;
    engine.more(cur.res).then(function (res) {
      var first = null;
      if (mine !== seq) {
        return;
      }
      res.page.forEach(function (r) {
        var li = resultItem(res, r);
        if (first === null) {
          first = li.querySelector("a");
        }
        list.appendChild(li);
      });
      moreBtn.hidden = !res.more;
      status.textContent = message(cur.q, res);
      if (first !== null) {
        first.focus();
      }
    }).then(function () {
      moreBtn.disabled = false;
    }, function () {
      moreBtn.disabled = false;
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
  [secSel, stSel, prtSel].forEach(function (s) {
    if (s) {
      s.addEventListener("change", function () {
        clearTimeout(timer);
        run(input.value);
      });
    }
  });
  moreBtn.addEventListener("click", showMore);
  var params = new URLSearchParams(window.location.search);
  [[secSel, "section"], [stSel, "status"], [prtSel, "partnership"]].forEach(function (p) {
    var v = params.get(p[1]);
    if (p[0] && v !== null && Array.prototype.some.call(p[0].options,
        function (o) { return o.value === v; })) {
      p[0].value = v;
    }
  });
  var q0 = params.get("q");
  if (q0 !== null && q0 !== "") {
    input.value = q0;
    run(q0);
  }
})();

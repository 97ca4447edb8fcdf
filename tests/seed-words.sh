#!/bin/sh
# The seed documents' words, exactly: each record in tests/seed-words/seeds/
# (SECTION/ID.txt, the text as the partnership's original gives it) is
# compared, word by word, with the body of its page in the built sample
# site (SECTION/ID/index.html).  Markup may be added; words may not.
# Every difference must be listed, with its reason, in
# tests/seed-words/allowed.txt; a listed difference that no longer occurs
# fails too, so the list stays true.
#
# Words: split on white space and punctuation, case kept; typographic
# quotes and dashes folded to ASCII first.  The seeds' extraction kept
# some markup (Markdown link targets, <b> and <u> tags): not words.
# The page's body is the <div class="doc-body"> of <main>, less
# editor's notes and glossary terms' expansions; an ordered list's numbers count as words, since
# readers see them.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
dir=tests/seed-words
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The seed's own markup, which its extraction kept: Markdown link
# targets "](...)" and the <b> and <u> tags.
seed_text() {
	sed 's/](\([^)]*\))/]/g; s/<\/\{0,1\}[bu]>//g' "$1"
}

# The words of plain text on stdin, one a line.
words() {
	sed "s/‘/'/g; s/’/'/g; s/“/\"/g; s/”/\"/g; s/–/-/g;
	    s/—/-/g; s/•/ /g; s/ / /g" |
	    LC_ALL=C tr -c 'A-Za-z0-9\200-\377' '\n' | grep -v '^$'
}

# The text of a page's document body (HTML on stdin), tags taken out:
# block tags end a word, inline ones do not.
body_text() {
	awk '
	BEGIN { RS = "<"; depth = 0; skip = 0; nl = 0 }
	NR == 1 { next }
	{
		i = index($0, ">")
		tag = substr($0, 1, i - 1)
		text = substr($0, i + 1)
		name = tag
		sub(/[ \t\n\/].*/, "", name)
		if (tag ~ /^\//)
			name = "/" substr(tag, 2)
		sub(/[ \t\n].*/, "", name)
		if (depth == 0) {
			if (tag ~ /^div class="doc-body"/)
				depth = 1
			next
		}
		if (name == "div")
			depth++
		else if (name == "/div" && --depth == 0)
			exit
		if (name == "aside" && tag ~ /class="editor-note"/)
			skip++
		else if (name == "/aside" && skip > 0) {
			skip--
			next
		}
		if (skip > 0)
			next
		# The expansion added after a glossary term: not in the record.
		if (name == "span" && tag ~ /class="term-exp"/) {
			tskip = 1
			next
		}
		if (tskip > 0) {
			if (name == "span")
				tskip++
			else if (name == "/span")
				tskip--
			if (tskip > 0)
				next
		}
		if (name == "ol") {
			n = 1
			if (match(tag, /start="[0-9]+"/))
				n = substr(tag, RSTART + 7, RLENGTH - 8) + 0
			stack[++nl] = n
		} else if (name == "ul")
			stack[++nl] = -1
		else if ((name == "/ol" || name == "/ul") && nl > 0)
			nl--
		else if (name == "li" && nl > 0 && stack[nl] >= 0)
			printf " %d. ", stack[nl]++
		if (name !~ /^\/?(a|abbr|em|strong|code|del|span|time|sup|sub)$/)
			printf " "
		gsub(/&quot;/, "\"", text)
		gsub(/&#39;/, "'"'"'", text)
		gsub(/&lt;/, "<", text)
		gsub(/&gt;/, ">", text)
		gsub(/&nbsp;/, " ", text)
		gsub(/&amp;/, "\\&", text)
		printf "%s", text
	}'
}

# The differences of seed words $1 and page words $2, one a line:
# "NAME | after: WORD | removed: WORDS | added: WORDS".
differences() {
	diff "$1" "$2" | awk -v name="$3" -v seedf="$1" '
	BEGIN {
		while ((getline w < seedf) > 0)
			seed[++ns] = w
	}
	function flush() {
		if (have)
			printf "%s | after: %s | removed:%s | added:%s\n",
			    name, after, del, add
		have = 0; del = ""; add = ""
	}
	/^[0-9]/ {
		flush()
		have = 1
		n = $0 + 0
		# "NaM": after seed line N; "NcM", "NdM": from seed line N.
		at = $0 ~ /^[0-9]+a/ ? n : n - 1
		after = at > 0 ? seed[at] : "(start)"
		next
	}
	/^< / { del = del " " substr($0, 3); next }
	/^> / { add = add " " substr($0, 3); next }
	END { flush() }'
}

: > "$tmp/found"
: > "$tmp/report"
mkdir -p "$tmp/out"
if ! $FOLIO build -q -s content -o "$tmp/out" --today $TODAY \
    2> "$tmp/build.err"; then
	notok "seed-words/build"
	sed 's/^/    /' "$tmp/build.err" | head -20
	exit 0
fi
for seed in "$dir"/seeds/*/*.txt; do
	rel=${seed#"$dir"/seeds/}
	rel=${rel%.txt}
	name=$(basename "$rel")
	page="$tmp/out/$rel/index.html"
	if [ ! -f "$page" ]; then
		notok "seed-words/$name: no page $rel/index.html" >> "$tmp/report"
		continue
	fi
	seed_text "$seed" | words > "$tmp/seed.w"
	body_text < "$page" | words > "$tmp/page.w"
	if [ ! -s "$tmp/page.w" ]; then
		notok "seed-words/$name: no document body in the page" \
		    >> "$tmp/report"
		continue
	fi
	differences "$tmp/seed.w" "$tmp/page.w" "$name" >> "$tmp/found"
done

# allowed.txt: "NAME | after: ... | removed: ... | added: ... | why: ...";
# '#' lines and blank lines are comments.  Each entry allows one
# occurrence of its difference.
awk -v found="$tmp/found" -F ' [|] ' '
	/^#/ || /^[ \t]*$/ { next }
	{
		if (NF != 5 || $5 !~ /^why: ./) {
			printf "FAIL seed-words/allowed: line %d has no reason: %s\n",
			    NR, $0
			bad = 1
			next
		}
		key = $1 " | " $2 " | " $3 " | " $4
		want[key]++
		line[key] = NR
	}
	END {
		while ((getline f < found) > 0) {
			if (want[f] > 0) {
				want[f]--
				continue
			}
			split(f, p, " [|] ")
			printf "FAIL seed-words/%s: unlisted difference: %s\n", p[1], f
			bad = 1
		}
		for (k in want)
			if (want[k] > 0) {
				printf "FAIL seed-words/allowed: line %d no longer " \
				    "occurs: %s\n", line[k], k
				bad = 1
			}
		exit bad
	}' "$dir/allowed.txt" >> "$tmp/report"
status=$?
cat "$tmp/report"
for seed in "$dir"/seeds/*/*.txt; do
	name=$(basename "$seed" .txt)
	grep -q "^FAIL seed-words/$name:" "$tmp/report" || ok "seed-words/$name"
done
[ $status = 0 ] && ok "seed-words/allowed"
exit 0

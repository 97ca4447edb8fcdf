#!/bin/sh
# The module map in docs/design-notes.md against the includes in src/:
# a module includes only modules on lines above its own.  Prints
# "ok modmap/NAME" or "FAIL modmap/NAME: includes X (level ...)".
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
map=$(mktemp)
trap 'rm -f "$map"' EXIT
# "module level group" for each module of the map's first code block.
awk '
	/^## Module map/ { inmap = 1; next }
	inmap && /^```/ { if (block) exit; block = 1; next }
	block && /^[a-z]/ {
		level++
		split($0, half, " : ")
		n = split(half[1], w, " ")
		group = w[n] == "*"
		for (i = 1; i <= n; i++) {
			if (w[i] == "*")
				continue
			k = split(w[i], part, "+")
			for (j = 1; j <= k; j++)
				print part[j], level, group, part[1]
		}
	}' docs/design-notes.md > "$map"
level_of() { awk -v m="$1" '$1 == m { print $2; exit }' "$map"; }
owner_of() { awk -v m="$1" '$1 == m { print $4; exit }' "$map"; }
status=0
for f in src/*.c src/*.h; do
	base=$(basename "$f")
	mod=${base%.*}
	line=$(awk -v m="$mod" '$1 == m' "$map")
	if [ -z "$line" ]; then
		notok "modmap/$mod: not in the map"
		status=1
		continue
	fi
	set -- $line
	lv=$2 group=$3 owner=$4
	bad=
	for inc in $(sed -n 's/^#include "\([a-z0-9_]*\)\.h".*/\1/p' "$f"); do
		[ "$inc" = "$owner" ] && continue
		# The files of one module (a+b+c) include one another.
		[ "$(owner_of "$inc")" = "$owner" ] && continue
		il=$(level_of "$inc")
		if [ -z "$il" ]; then
			bad="$bad $inc (not in the map)"
		elif [ "$il" -gt "$lv" ] ||
		    { [ "$il" -eq "$lv" ] && [ "$group" = 0 ]; }; then
			bad="$bad $inc (level $il, $mod is $lv)"
		fi
	done
	if [ -n "$bad" ]; then
		notok "modmap/$base: includes$bad"
		status=1
	else
		ok "modmap/$base"
	fi
done
exit $status

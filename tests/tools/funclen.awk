#!/usr/bin/awk -f
# funclen.awk [-v min=N] FILE.c...: the length of every function in
# style(9) layout (name at the start of a line, braces in column 1), as
# "LINES FILE NAME", for those of at least min lines (default 1).
# Lines count from the line with the name to the closing brace.
# Longest first: awk -f tests/tools/funclen.awk -v min=100 src/*.c | sort -rn
FNR == 1 { name = ""; start = 0; inbody = 0 }
!inbody && /^[A-Za-z_][A-Za-z0-9_]*\(/ {
	name = $0
	sub(/\(.*/, "", name)
	start = FNR
}
!inbody && /^\{/ && name != "" { inbody = 1 }
inbody && /^\}/ {
	n = FNR - start + 1
	if (n >= (min != "" ? min : 1))
		printf "%d %s %s\n", n, FILENAME, name
	name = ""
	inbody = 0
}

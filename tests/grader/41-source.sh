# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# The grader's sources keep their shape: every file opens with a comment
# that says its one job, no function is longer than 80 lines, no two
# grader files include each other (directly or through others), and the
# labs never name the grader (the grader depends on labs/, not the reverse).
. tests/lib.sh

check "every grader source opens with a comment saying its purpose (after its SPDX line)" \
	bash -c 'for f in grader/src/*.[ch]; do grep -v "^// SPDX-License-Identifier:" "$f" | head -c 3 | grep -q "^/\*" || { echo "$f"; exit 1; }; done'

# A function: a line at column 0 that ends in ")" or "{" and is followed
# (at once or on the next line) by "{" at column 0, up to the "}" at column 0.
longest=$(awk '
	FNR == 1 { inside = 0 }
	/^[a-zA-Z].*\)$/ || /^[a-zA-Z].*[^;]$/ { header = $0; hfile = FILENAME; hline = FNR }
	/^\{/ && !inside { inside = 1; start = FNR; name = header; sub(/\(.*/, "", name); n = split(name, w, /[ *]+/); name = w[n] }
	/^\}/ && inside { inside = 0; len = FNR - start - 1; print len, FILENAME ":" start, name }
' grader/src/*.c | sort -rn | head -n 1)
# shellcheck disable=SC2086 # its three words
set -- $longest
check "no grader function is longer than 80 lines (the longest: $3 in $2, $1 lines)" test "${1:-0}" -le 80

# Modules (X.c and X.h together) and the grader headers each includes.
check "no include cycle between the grader's files" python3 - grader/src <<'PY'
import os, re, sys
src = sys.argv[1]
deps = {}
for f in os.listdir(src):
    m, ext = os.path.splitext(f)
    if ext not in ('.c', '.h'):
        continue
    text = open(os.path.join(src, f)).read()
    inc = {os.path.splitext(i)[0] for i in re.findall(r'#include "([^"/]+)"', text)}
    deps.setdefault(m, set()).update(inc - {m})
state = {}
def visit(m, path):
    if state.get(m) == 1:
        sys.exit('include cycle: ' + ' -> '.join(path[path.index(m):] + [m]))
    if state.get(m) == 2:
        return
    state[m] = 1
    for d in sorted(deps.get(m, ())):
        visit(d, path + [m])
    state[m] = 2
for m in sorted(deps):
    visit(m, [])
PY

check "nothing under labs/ includes or names a file of grader/" \
	bash -c "! grep -rnE '#include[^\\n]*grader/|grader/src' labs --include='*.c' --include='*.h' --include='*.mk' --include=Makefile"

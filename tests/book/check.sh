#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# book.sh - the book's own checks (run from the repository's root).
#
# Builds the book (book/Makefile) when pandoc is present, then checks what it
# built: self-contained HTML whose internal links all resolve and whose
# figures are embedded SVG, an EPUB with one file per chapter, every lab
# handout included, every code include identical to the region of the file
# it names, and a build under a minute. Negative checks prove the filter
# stops the build on a missing file, a missing region, a broken internal link,
# a missing figure, a failing command, an output that no longer matches the
# prose quoting it (expect=) and a bad inline run (a number in the prose that
# a command prints). One line per check: "ok - ..." or "not ok - ...: why".
set -u
cd "$(dirname "$0")/../.." || exit 2
unset BOOK_DRAFT MEMLABS_BOOK_SOLUTIONS

ok() { echo "ok - book: $1"; }
notok() { echo "not ok - book: $1"; }
check() { # check DESCRIPTION COMMAND...: ok when the command succeeds
	local what=$1; shift
	local out
	if out=$("$@" 2>&1); then ok "$what"; else notok "$what: $(tail -3 <<<"$out" | tr '\n' ' ')"; fi
}

if ! command -v pandoc >/dev/null 2>&1; then
	ok "not built: pandoc is not installed (make deps installs it)"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
B=book/build

# --- the build -------------------------------------------------------------
# Timed with bash's `time`: wall clock, and the CPU time of the build, which
# is what counts on a busy machine (the limit is a minute of either on an
# idle 2-core machine; CPU time is the fair measure when others share it).
TIMEFORMAT='%R %U %S'
if { time make -s --no-print-directory -C book >"$tmp/build.log" 2>&1; } 2>"$tmp/time"; then
	read -r wall user sys <"$tmp/time"
	cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
	ok "builds: $(grep -c '^book: build/' "$tmp/build.log") outputs ($(grep '^book: ' "$tmp/build.log" | sed 's/^book: //' | tr '\n' ' '))"
	if awk -v w="$wall" -v c="$cpu" 'BEGIN { exit !(w <= 60 || c <= 60) }'; then
		ok "built in $wall s wall clock, $cpu s CPU (limit 60)"
	else
		notok "built in $wall s wall clock, $cpu s CPU: over the 60 s limit"
	fi
else
	notok "does not build: $(grep -m3 -E 'error|Error' "$tmp/build.log" | tr '\n' ' ')"
	exit 0
fi
if grep -q 'memlabs-book: warning' "$tmp/build.log"; then
	notok "build warnings: $(grep 'memlabs-book: warning' "$tmp/build.log" | head -3 | tr '\n' ' ')"
else
	ok "no filter warnings (every lab program the book runs was built)"
fi

html=$B/memlabs.html
check "HTML and EPUB exist" test -s "$html" -a -s $B/memlabs.epub
check "the version (VERSION) is on the HTML's title page" grep -q "Version $(cat VERSION)" "$html"
# The same sources give the same EPUB: its identifier and dates come from the
# version and the last commit, not from the clock or a random number.
cp "$B/memlabs.epub" "$tmp/first.epub"
rm -f "$B/memlabs.epub"
make -s -C book epub > /dev/null 2>&1
# (the commands the book runs print other addresses each time: only the
# book's identity is compared).
check "the EPUB built twice has the same identifier (urn:memlabs:book:$(cat VERSION)) and dates, from the version and the last commit" \
	bash -c 'id() { unzip -p "$1" EPUB/content.opf | grep -E "dc:identifier|dc:date|dcterms:modified"; }
		[ -n "$(id "$1")" ] && [ "$(id "$1")" = "$(id "$2")" ] && id "$2" | grep -q "urn:memlabs:book:"' _ "$tmp/first.epub" "$B/memlabs.epub"
if command -v weasyprint >/dev/null 2>&1; then
	check "PDF exists (weasyprint)" test -s $B/memlabs.pdf
else
	ok "no PDF engine installed: HTML and EPUB only (make -C book deps-pdf)"
fi

# --- the HTML --------------------------------------------------------------
python3 - "$html" <<'EOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
all_ids = re.findall(r'\sid="([^"]+)"', html)
ids = set(all_ids)
dups = sorted({i for i in all_ids if all_ids.count(i) > 1})
if dups:
    print(f"not ok - book: ids used twice in the HTML: {' '.join(dups[:8])}")
else:
    print(f"ok - book: all {len(all_ids)} ids of the HTML are unique")
links = re.findall(r'href="#([^"]*)"', html)
bad = sorted({l for l in links if l not in ids})
if bad:
    print(f"not ok - book: HTML internal links without a target: {' '.join(bad[:8])}")
else:
    print(f"ok - book: all {len(links)} internal links of the HTML resolve")
srcs = re.findall(r'<(?:img|script|link)[^>]*?(?:src|href)="([^"#][^"]*)"', html)
external = [s for s in srcs if not s.startswith("data:")]
if external:
    print(f"not ok - book: HTML is not self-contained: {' '.join(external[:5])}")
else:
    print("ok - book: HTML is self-contained (no external images, styles or scripts)")
imgs = re.findall(r'<img[^>]*src="([^"]+)"', html)
svg = [s for s in imgs if s.startswith("data:image/svg+xml")]
if len(imgs) >= 5 and len(svg) == len(imgs):
    print(f"ok - book: {len(imgs)} figures, all embedded SVG")
else:
    print(f"not ok - book: figures: {len(imgs)} images, {len(svg)} embedded SVG (want >= 5, all SVG)")
for need, what in (('id="TOC"', "a table of contents"), ('class="header-section-number"', "numbered sections"),
                   ('class="sourceCode c"', "highlighted C code"), ("@media print", "a print stylesheet"),
                   ("@media (max-width", "a narrow-screen stylesheet")):
    print(("ok - book: HTML has " if need in html else "not ok - book: HTML lacks ") + what)
if "handout not written yet" in html:
    print("not ok - book: a handout placeholder is in the book (built with BOOK_DRAFT=1?)")
else:
    print("ok - book: no placeholder handouts")
EOF

# --- on a phone, on a wide screen, in print ------------------------------------
# Code and output never wrap on a screen: no rule for pre or code outside
# @media print may let them (on paper a line longer than the page wraps,
# or it would be cut off).
python3 - book/css/*.css <<'EOF'
import re, sys
bad = []
for css in sys.argv[1:]:
    text = re.sub(r"/\*.*?\*/", "", open(css).read(), flags=re.S)
    stack, start = [], 0
    for m in re.finditer(r"[{}]", text):
        if m.group() == "{":
            stack.append(text[start:m.start()].strip())
        else:
            sel = stack.pop() if stack else ""
            body = text[start:m.start()]
            if (re.search(r"\b(pre|code)\b", sel) and not any("print" in s for s in stack)
                    and re.search(r"pre-wrap|pre-line|white-space:\s*normal|break-word|break-all|anywhere", body)):
                bad.append(f"{css}: {sel} {{{body.strip()}}}")
        start = m.end()
if bad:
    print(f"not ok - book: CSS lets code wrap on a screen: {'; '.join(bad[:3])}")
else:
    print(f"ok - book: no screen rule for pre or code lets them wrap ({len(sys.argv) - 1} stylesheets)")
EOF

# The builder's paths never reach the book (the filter writes ~/memlabs for
# the repository in what commands print).
paths() { # paths FILE...: how often the repository's absolute path, the build's, or a filter's temporary script appear
	cat "$@" | grep -o -F -e "$PWD/" -e "$(pwd -P)/" -e "$PWD/$B" -e /tmp/lua_ | wc -l
}
unzip -q -o -d "$tmp/epub" $B/memlabs.epub 'EPUB/*'
n_html=$(paths "$html") n_epub=$(paths "$tmp"/epub/EPUB/text/*.xhtml)
if [ "$n_html" -eq 0 ] && [ "$n_epub" -eq 0 ]; then
	ok "neither the HTML nor the EPUB shows the builder's paths ($PWD, $B, /tmp/lua_*)"
else
	notok "the builder's paths ($PWD, $B, /tmp/lua_*) appear $n_html times in the HTML, $n_epub in the EPUB"
fi

# The layout as a browser draws it, at 390 px (a phone) and 1280 px:
# tests/book/layout.py (Chromium) measures every code block and figure, and
# leaves screenshots in book/build/layout-*.png.
chromium=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -n "$chromium" ]; then
	start=$SECONDS
	if python3 tests/book/layout.py "$chromium" "$html" "$B" 2>"$tmp/layout.err"; then
		ok "the layout measured with $(basename "$chromium") in $((SECONDS - start)) s"
	else
		notok "tests/book/layout.py failed: $(tail -2 "$tmp/layout.err" | tr '\n' ' ')"
	fi
else
	ok "layout not measured: skipped: chromium is not installed (make deps-test installs it)"
fi

# epubcheck, the EPUB validator (a Java program; Debian's /usr/bin/epubcheck
# needs binfmt_misc, which a container may lack: the jar is run by java).
if [ -f /usr/share/java/epubcheck.jar ] && command -v java >/dev/null 2>&1; then
	epubcheck=(java -jar /usr/share/java/epubcheck.jar)
elif command -v epubcheck >/dev/null 2>&1; then
	epubcheck=(epubcheck)
else
	epubcheck=()
fi
if [ ${#epubcheck[@]} -gt 0 ]; then
	start=$SECONDS
	"${epubcheck[@]}" $B/memlabs.epub >"$tmp/epubcheck.log" 2>&1
	summary=$(grep -m1 '^Messages:' "$tmp/epubcheck.log")
	if grep -q '^Messages: 0 fatals / 0 errors / 0 warnings' "$tmp/epubcheck.log"; then
		ok "epubcheck: ${summary#Messages: } ($((SECONDS - start)) s)"
	else
		notok "epubcheck: ${summary:-did not run}: $(grep -m3 -E '^(FATAL|ERROR|WARNING)' "$tmp/epubcheck.log" | tr '\n' ' ')"
	fi
else
	ok "EPUB not validated: skipped: epubcheck is not installed (make deps-test installs it)"
fi

# The address-space figure is drawn from a run of the lab 01 reference.
if grep -q 'lab 01' $B/fig/address-space.svg && grep -q '\[stack\]\|stack' $B/fig/address-space.svg; then
	ok "address-space figure drawn from the lab 01 layout program ($(grep -c '<rect' $B/fig/address-space.svg) boxes)"
else
	notok "address-space figure missing or empty"
fi

# --- the EPUB: one file per chapter ------------------------------------------
nch=$(find book/chapters -maxdepth 1 -name '*.md' | wc -l)
nx=$(python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(sum(1 for n in z.namelist() if n.startswith('EPUB/text/ch') and n.endswith('.xhtml')))" $B/memlabs.epub 2>/dev/null || echo 0)
if [ "$nx" -ge "$nch" ]; then
	ok "EPUB has one file per chapter ($nx files, $nch chapters)"
else
	notok "EPUB has $nx chapter files for $nch chapters"
fi

# --- every lab's handout is in the book ----------------------------------------
for readme in labs/[0-9][0-9]-*/README.md; do
	[ -e "$readme" ] || continue
	if grep -q "include=\"$readme\"" book/chapters/*.md; then
		ok "includes the handout $readme"
	else
		notok "the handout $readme is not included by any chapter"
	fi
done

# --- every code include equals the region of its file (independent of the filter)
python3 - "$B/book.json" book/chapters/*.md <<'EOF'
import json, re, sys
doc = json.load(open(sys.argv[1]))
blocks = []
def walk(x):
    if isinstance(x, dict):
        if x.get("t") == "CodeBlock":
            blocks.append(x["c"][1])
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(doc["blocks"])
# Marker lines and skeleton lines ("//| ...") are left out of listings.
marker = re.compile(r'^\s*(//|#)(\s*(>>>|<<<)\s|\|)')
def region(lines, name):
    start = [i for i, l in enumerate(lines) if re.match(r'^\s*(//|#)\s*>>>\s+' + re.escape(name) + r'(\s+\(solution only\))?\s*$', l)]
    end = [i for i, l in enumerate(lines) if re.match(r'^\s*(//|#)\s*<<<\s+' + re.escape(name) + r'\s*$', l)]
    body = [l for l in lines[start[0] + 1:end[0]] if not marker.match(l)]
    lead = min((len(l) - len(l.lstrip(" \t")) for l in body if l.strip()), default=0)
    return [l[lead:] if l.strip() else l.strip() for l in body]
n = bad = 0
for ch in sys.argv[2:]:
    for m in re.finditer(r'include="([^"#]+)(?:#([^"]+))?"(?:\s+lines="(\d+)-(\d+)")?', open(ch).read()):
        path, name, a, b = m.groups()
        if path.endswith("README.md"):
            continue
        lines = open(path).read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if name:
            want = region(lines, name)
        elif a:
            want = [l for l in lines[int(a) - 1:int(b)] if not marker.match(l)]
        else:
            want = [l for l in lines if not marker.match(l)]
        n += 1
        if "\n".join(want) not in blocks:
            bad += 1
            print(f"not ok - book: {ch}: the listing of {m.group(0)} differs from the file")
if bad == 0:
    print(f"ok - book: all {n} code listings equal the regions of their files")
EOF

# --- the demonstration programs are warning-free with gcc and clang -----------
for cc in gcc clang; do
	command -v $cc >/dev/null 2>&1 || { ok "demos: $cc not installed, not checked"; continue; }
	bad=""
	for c in book/demos/*.c; do
		$cc -std=c17 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -Ilabs/common -c "$c" -o "$tmp/demo.o" \
			>"$tmp/cc.log" 2>&1 || bad="$bad $(basename "$c"): $(head -1 "$tmp/cc.log")"
	done
	if [ -z "$bad" ]; then ok "demos compile with $cc -Wall -Wextra -Werror"; else notok "demos with $cc:$bad"; fi
done

# --- the filter stops the build on errors (negative checks) --------------------
filter_fails() { # filter_fails DESCRIPTION EXPECTED-MESSAGE MARKDOWN
	local what=$1 expect=$2
	printf '%s\n' "$3" > "$tmp/bad.md"
	local out
	if out=$(MEMLABS_ROOT=$PWD pandoc --lua-filter=book/filters/memlabs.lua --resource-path=book/build:book \
			-t json -o /dev/null "$tmp/bad.md" 2>&1); then
		notok "filter accepted $what"
	elif grep -q "$expect" <<<"$out"; then
		ok "filter stops the build on $what"
	else
		notok "filter failed on $what without saying '$expect': $out"
	fi
}
filter_fails "a missing file" 'no file "labs/no-such-lab/x.c"' \
	$'```{include="labs/no-such-lab/x.c"}\n```'
filter_fails "an unknown region" 'no region "no-such-region"' \
	$'```{include="labs/common/die.h#no-such-region"}\n```'
filter_fails "a bad line range" 'bad range' \
	$'```{include="labs/common/die.h" lines="5-100000"}\n```'
filter_fails "a broken internal link" 'broken internal links' \
	$'# A {#a}\n\nSee [nowhere](#no-such-section).'
filter_fails "a missing figure" 'figure "fig/no-such-figure.svg" not found' \
	$'![A figure](fig/no-such-figure.svg)'
filter_fails "a missing handout" 'handout: no file' \
	$'::: {.handout include="labs/99-none/README.md"}\n:::'
filter_fails "a failing command" 'exited with status' \
	$'```{.console run="false"}\n```'

filter_fails "an output that no longer matches its expect=" 'no longer matches expect' \
	$'```{.console run="echo 4 KiB" expect="^8 KiB$"}\n```'
filter_fails "an inline run that prints two lines" 'must print one non-empty line' \
	$'The size is [1]{run="echo 1; echo 2"}.'
filter_fails "a failing inline run" 'inline.*exited with status' \
	$'The size is `1`{run="false"}.'

# ... and accepts the good cases (so the negative checks mean something).
printf '%s\n' '# A {#a}' '' 'See [A](#a), [typed]{run="echo built-42"} `typed`{run="echo 43" expect="^43$"}.' '' \
	'```{include="labs/common/die.h" lines="1-3"}' '```' \
	'' '::: solution' 'secret' ':::' > "$tmp/good.md"
if MEMLABS_ROOT=$PWD MEMLABS_BOOK_SOLUTIONS=no pandoc --lua-filter=book/filters/memlabs.lua -t plain \
		"$tmp/good.md" >"$tmp/good.txt" 2>&1 && grep -q 'die.h' "$tmp/good.txt" && ! grep -q secret "$tmp/good.txt" &&
		grep -q 'built-42 43' "$tmp/good.txt" && ! grep -q typed "$tmp/good.txt"; then
	ok "filter accepts a good chapter (inline runs replaced by their output), and MEMLABS_BOOK_SOLUTIONS=no leaves out the solutions"
else
	notok "filter on a good chapter: $(head -3 "$tmp/good.txt")"
fi
# What a student reads before a lab shows no reference code: code included
# from solutions/ outside a "::: solution" block is only a region the
# skeleton has too (the same lines in labs/).
check "no reference code outside the solution blocks (a region from solutions/ outside them is the same in the skeleton)" \
	python3 - <<'PY'
import glob, os, re
def region_text(path, region):
    """The lines of a region, without marker lines; None if it is not there."""
    if not os.path.exists(path):
        return None
    lines, inside = [], False
    for line in open(path):
        m = re.match(r'^\s*(?://|#)\s*(>>>|<<<)\s*(\S+)', line)
        if m and m.group(2) == region:
            inside = m.group(1) == '>>>'
            if not inside:
                return lines
            continue
        if inside and not m:
            lines.append(line)
    return None
bad = []
for f in sorted(glob.glob('book/chapters/*.md')):
    depth = 0
    for i, line in enumerate(open(f), 1):
        if re.match(r'^:{3,}\s*\{?\.?solution\b', line):
            depth += 1
        elif depth and re.match(r'^:{3,}\s*$', line):
            depth -= 1
        for path, region in re.findall(r'include="solutions/([^"#]+)#([^"]+)"', line):
            if depth:
                continue
            if region_text('labs/' + path, region) != region_text('solutions/' + path, region):
                bad.append('%s:%d %s#%s' % (f, i, path, region))
assert not bad, bad
PY
exit 0

# shellcheck shell=bash
# SPDX-License-Identifier: MIT
# Every file says its licence: code files (C, shell, Python, awk, make, Lua,
# CSS, YAML) in an SPDX line near their top (MIT), the prose and the data
# through REUSE.toml (the handouts and the book CC BY-SA 4.0).
. tests/lib.sh
missing=()
while IFS= read -r f; do
	case $f in
	*.c | *.h | *.sh | *.bash | *.py | *.awk | *.mk | *.lua | *.css | *.yml | */Makefile | Makefile) ;;
	*) head -c 64 "$f" 2>/dev/null | head -n 1 | grep -q '^#!' || continue ;;
	esac
	case $f in */fixtures/* | */bugs/*) continue ;; esac
	head -n 4 "$f" | grep -q 'SPDX-License-Identifier: MIT' || missing+=("$f")
done < <(git ls-files 2>/dev/null || find . -path ./.git -prune -o -type f -print | sed 's|^\./||')
if [ ${#missing[@]} -eq 0 ]; then
	ok "spdx: every code file has an SPDX-License-Identifier line in its first four"
else
	notok "spdx: ${#missing[@]} code files without an SPDX line: ${missing[*]:0:10}"
fi
check "spdx: REUSE.toml gives the prose (handouts, book) CC-BY-SA-4.0 and the data MIT" \
	python3 -c 'import tomllib; r = tomllib.load(open("REUSE.toml", "rb")); ids = {a["SPDX-License-Identifier"] for a in r["annotations"]}; assert ids == {"CC-BY-SA-4.0", "MIT"}, ids; assert any("**/*.md" in a["path"] for a in r["annotations"])'

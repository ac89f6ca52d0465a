#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""layout.py - the book laid out by headless Chromium, on a phone and a wide
screen (tests/book/check.sh runs it when Chromium is installed).

    tests/book/layout.py CHROMIUM BOOK.html SHOTS-DIR

For each width (390 px, a phone; 1280 px, a laptop) the book is loaded in an
iframe of that width (Chromium's window is never narrower than 500 px; the
iframe's viewport is what the media queries see), tests/book/layout.js
measures every code block and figure there, and Chromium dumps the result.
Prints one "ok - ..." or "not ok - ..." line per check:
  - no code or output block wraps (its text takes as many lines on the
    screen as it has), and one wider than its box scrolls in that box;
  - the page itself is never wider than the screen;
  - every figure's smallest text is at least 9 px on the screen.
Saves screenshots for a human to look at: SHOTS-DIR/layout-WIDTH-figure.png
(the address-space figure) and layout-WIDTH-code.png (an ASCII diagram).
"""
import html
import os
import re
import subprocess
import sys
import tempfile

WIDTHS = (390, 1280)
MIN_TEXT_PX = 9.0
# What the screenshots show: the widest figure, and an ASCII diagram.
SHOTS = {
    "figure": 'img[alt^="The address space"]',
    "code": "text:prologue",
}

here = os.path.dirname(os.path.abspath(__file__))
chromium, book, shots = sys.argv[1:4]
with open(book, encoding="utf-8") as f:
    page = f.read()
with open(os.path.join(here, "layout.js"), encoding="utf-8") as f:
    script = f.read()
end = page.rfind("</body>")
measured = page[:end] + "<script>" + script + "</script>" + page[end:]


def wrapper(width, height, target):
    """A page holding the book in an iframe of the given size, scrolled to
    target (a CSS selector, or text:WORDS for the first <pre> with WORDS)."""
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body style="margin:0"><iframe id="book" style="width:{width}px;height:{height}px;border:0;display:block"
srcdoc="{html.escape(measured, quote=True)}"></iframe>
<script>
document.getElementById("book").addEventListener("load", () => {{
	const doc = document.getElementById("book").contentDocument;
	const res = doc.getElementById("layout-result");
	const out = document.createElement("pre");
	out.id = "layout-out";
	out.textContent = res ? res.textContent : "layout: no result";
	document.body.appendChild(out);
	const target = {target!r};
	let el = null;
	if (target.startsWith("text:")) {{
		el = [...doc.querySelectorAll("pre")].find((p) => p.textContent.includes(target.slice(5)));
	}} else if (target) {{
		el = doc.querySelector(target);
	}}
	if (el) el.scrollIntoView();
}});
</script></body></html>"""


def chrome(tmp, name, width, height, target, *args):
    path = os.path.join(tmp, name + ".html")
    with open(path, "w", encoding="utf-8") as f:
        f.write(wrapper(width, height, target))
    cmd = [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--disable-extensions", f"--user-data-dir={tmp}/profile",
           "--virtual-time-budget=20000", *args, "file://" + path]
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          text=True, timeout=120).stdout


def ok(good, what):
    print(("ok - book: " if good else "not ok - book: ") + what)


with tempfile.TemporaryDirectory() as tmp:
    for width in WIDTHS:
        window = max(width, 500)
        dom = chrome(tmp, f"measure{width}", width, 2000, "", f"--window-size={window},2000", "--dump-dom")
        m = re.search(r'<pre id="layout-out">(.*?)</pre>', dom, re.S)
        lines = html.unescape(m.group(1)).splitlines() if m else []
        rows = [l.split()[1:] for l in lines if l.startswith("layout: ")]
        view = [r for r in rows if r[0] == "viewport"]
        pres = [r for r in rows if r[0] == "pre"]
        figs = [r for r in rows if r[0] == "figure"]
        if not view or not pres:
            ok(False, f"at {width} px: Chromium measured nothing ({(lines or ['no output'])[0][:80]})")
            continue
        vw, page_w = int(view[0][1]), int(view[0][2])
        wrapped = [r for r in pres if int(r[3]) > int(r[2])]
        wider = [r for r in pres if r[4] == "1"]
        stuck = [r for r in wider if r[5] not in ("auto", "scroll")]
        ok(vw == width, f"at {width} px: the book is laid out in a {vw} px viewport")
        ok(not wrapped, f"at {width} px: {len(pres) - len(wrapped)} of {len(pres)} code and output blocks "
           f"keep their lines ({len(wrapped)} wrap"
           + (": blocks " + " ".join(f"#{r[1]} ({r[2]} lines shown as {r[3]})" for r in wrapped[:5]) if wrapped else "")
           + ")")
        ok(not stuck, f"at {width} px: {len(wider)} blocks wider than the column scroll sideways in their own box"
           + (f"; {len(stuck)} do not (blocks {' '.join('#' + r[1] for r in stuck[:5])})" if stuck else ""))
        ok(page_w <= vw, f"at {width} px: the page is {page_w} px wide, not wider than the screen")
        if figs:
            px = [float(r[5]) for r in figs]
            small = [r for r in figs if float(r[5]) < MIN_TEXT_PX]
            ok(not small, f"at {width} px: the {len(figs)} figures' smallest text is {min(px):.1f} px "
               f"(shown at {min(float(r[3]) / float(r[2]) for r in figs):.2f} of their drawn size or more; want >= {MIN_TEXT_PX:g} px)"
               + (": figures " + " ".join(f"#{r[1]} {r[5]} px" for r in small) if small else ""))
        else:
            ok(False, f"at {width} px: no figures measured")
        for name, target in SHOTS.items():
            png = os.path.join(shots, f"layout-{width}-{name}.png")
            if os.path.exists(png):
                os.remove(png)
            chrome(tmp, f"shot{width}{name}", width, 900, target,
                   f"--window-size={width},900", f"--screenshot={png}")
            ok(os.path.exists(png), f"at {width} px: screenshot {os.path.relpath(png)}")

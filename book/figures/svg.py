# SPDX-License-Identifier: MIT
"""svg.py - the little SVG writer the figure scripts share.

Each figure script prints one SVG document on stdout. Text uses generic font
families so the figure reads the same in the HTML page, the EPUB and the PDF.
"""
from xml.sax.saxutils import escape

SANS = "DejaVu Sans, Helvetica, Arial, sans-serif"
MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace"

# One colour per kind of memory, shared by all figures.
COLOURS = {
    "text": "#f4b183", "rodata": "#f8cbad", "data": "#a9d18e", "bss": "#c5e0b4",
    "heap": "#9dc3e6", "mmap": "#bdd7ee", "lib": "#ffe699", "file": "#fff2cc",
    "stack": "#c9a0dc", "vdso": "#d9d9d9", "vvar": "#e7e6e6", "vsyscall": "#d0cece",
    "kernel": "#7f7f7f", "gap": "#ffffff", "reserved": "#eeeeee", "free": "#ffffff",
}


class Svg:
    def __init__(self, width, height, title):
        self.width, self.height, self.title = width, height, title
        self.parts = []

    def rect(self, x, y, w, h, fill="#fff", stroke="#333", dash=None, sw=1):
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="{sw}"{extra}/>')

    def line(self, x1, y1, x2, y2, stroke="#333", dash=None, sw=1, arrow=False):
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        if arrow:
            extra += ' marker-end="url(#arrow)"'
        self.parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{stroke}" stroke-width="{sw}"{extra}/>')

    def text(self, x, y, s, size=12, anchor="start", mono=False, weight="normal",
             fill="#111", italic=False):
        family = MONO if mono else SANS
        style = ' font-style="italic"' if italic else ""
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-family="{family}" font-size="{size}" '
            f'text-anchor="{anchor}" font-weight="{weight}" fill="{fill}"{style}>'
            f'{escape(str(s))}</text>')

    def render(self):
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
                f'width="{self.width}" height="{self.height}" role="img">\n'
                f'<title>{escape(self.title)}</title>\n'
                '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" '
                'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                '<path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>\n'
                f'<rect width="{self.width}" height="{self.height}" fill="#ffffff"/>\n')
        return head + "\n".join(self.parts) + "\n</svg>\n"


def human(n):
    """4096 -> '4 KiB', 3 << 30 -> '3 GiB' (one decimal when needed)."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"):
        if n < 1024 or unit == "EiB":
            return f"{n:.0f} {unit}" if n == int(n) else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)

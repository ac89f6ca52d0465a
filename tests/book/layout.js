// layout.js - measures the book as Chromium lays it out (tests/book/check.sh).
//
// check.sh appends this script to a copy of build/memlabs.html and has
// headless Chromium dump the DOM at a given window width; the script writes
// its findings, one "layout: ..." line each, into a <pre id="layout-result">:
//   viewport W PAGE-SCROLL-WIDTH
//   pre N LINES RENDERED-LINES WIDER SCROLL          (every <pre>)
//   figure N VIEWBOX-WIDTH RENDERED-WIDTH SMALLEST-FONT TEXT-PX  (every figure)
// RENDERED-LINES counts the line boxes the block's text takes: more than its
// LINES means it wrapped. WIDER is 1 when its text is wider than its box,
// SCROLL the overflow-x of the box that holds it (auto: it scrolls).
// TEXT-PX is the smallest font of the SVG times its scale on the screen.
(function () {
	"use strict";
	const out = [];
	out.push(`viewport ${window.innerWidth} ${document.documentElement.scrollWidth}`);

	// The line boxes of an element's text: the distinct tops of its text
	// fragments, fragments less than half a line apart being one line.
	function renderedLines(el) {
		const lh = parseFloat(getComputedStyle(el).fontSize) * 1.0;
		const tops = [];
		const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		const range = document.createRange();
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			range.selectNodeContents(n);
			for (const r of range.getClientRects()) {
				if (r.width > 0.5 && r.height > 0) tops.push(r.top);
			}
		}
		tops.sort((a, b) => a - b);
		let lines = 0, last = -Infinity;
		for (const t of tops) {
			if (t - last > lh / 2) { lines++; last = t; }
		}
		return lines;
	}

	document.querySelectorAll("pre").forEach((pre, i) => {
		if (pre.id === "layout-result") return;
		const text = pre.textContent.replace(/\n+$/, "");
		const lines = text.split("\n").filter((l) => l.length > 0).length;
		const wider = pre.scrollWidth > pre.clientWidth + 1 ? 1 : 0;
		// the box that scrolls: the block, or pandoc's div.sourceCode around it
		let scroll = getComputedStyle(pre).overflowX;
		if (!/auto|scroll/.test(scroll) && pre.parentElement.matches("div.sourceCode")) {
			scroll = getComputedStyle(pre.parentElement).overflowX;
		}
		out.push(`pre ${i} ${lines} ${renderedLines(pre)} ${wider} ${scroll}`);
	});

	document.querySelectorAll("figure img, img").forEach((img, i) => {
		const src = img.getAttribute("src") || "";
		let svg = "";
		const comma = src.indexOf(",");
		if (src.startsWith("data:image/svg+xml")) {
			const data = src.slice(comma + 1);
			svg = src.slice(0, comma).endsWith(";base64") ? atob(data) : decodeURIComponent(data);
		}
		const vb = /viewBox="[-\d.]+\s+[-\d.]+\s+([\d.]+)/.exec(svg);
		const width = vb ? parseFloat(vb[1]) : img.naturalWidth;
		const fonts = [...svg.matchAll(/font-size[=:]\s*"?([\d.]+)/g)].map((m) => parseFloat(m[1]));
		const smallest = fonts.length ? Math.min(...fonts) : 0;
		const shown = img.getBoundingClientRect().width;
		const px = width ? smallest * shown / width : 0;
		out.push(`figure ${i} ${width} ${shown.toFixed(1)} ${smallest} ${px.toFixed(1)}`);
	});

	const result = document.createElement("pre");
	result.id = "layout-result";
	result.textContent = out.map((l) => "layout: " + l).join("\n");
	document.body.appendChild(result);
})();

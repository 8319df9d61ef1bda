"""The report page in headless Chromium (driven by Playwright).

At 1280 px and 390 px, light and dark: no console error, no request leaves
the page, every visible chart renders, no horizontal scroll, the smallest
chart text is 12 CSS px or more, no chart draws a white box in dark mode
(and its text is light there), the "Fix these first" box starts within
the first 900 px. Printed to PDF on A4 and Letter: 5 pages or fewer. axe-core
finds no serious or critical accessibility violation. Screenshots of each
view are kept in OUT_DIR.

Usage: page_check.py CHROMIUM AXE_JS REPORT.html OUT_DIR
"""

import pathlib
import re
import sys

from playwright.sync_api import sync_playwright

chromium, axe_js, page_path, out = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3]).resolve(), pathlib.Path(sys.argv[4])
out.mkdir(parents=True, exist_ok=True)
flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
problems = []

# Per visible chart: its smallest text in CSS px (the SVG's scale times
# the text's size), and whether anything behind or in it is white.
CHARTS = """() => {
  const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none';
  const out = [];
  for (const svg of document.querySelectorAll('svg.plot')) {
    if (!visible(svg)) continue;
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    let smallest = 1e9, white = false, darkText = false;
    for (const t of svg.querySelectorAll('text')) {
      smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
      const fill = getComputedStyle(t).fill;
      if (fill === 'rgb(0, 0, 0)' || fill === 'rgb(17, 24, 39)') darkText = true;
    }
    for (let e = svg; e && e !== document.body; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (bg === 'rgb(255, 255, 255)') white = true;
    }
    for (const r of svg.querySelectorAll('rect')) {
      if (getComputedStyle(r).fill === 'rgb(255, 255, 255)' && r.getBBox().width > box.width / 2) white = true;
    }
    out.push({id: svg.id || svg.getAttribute('aria-labelledby'), width: box.width, height: box.height, smallest, white, darkText});
  }
  return out;
}"""

with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=flags, headless=True)
    for width in (1280, 390):
        for scheme in ("light", "dark"):
            view = f"{width}px {scheme}"
            page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
            errors, requests = [], []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            others = [u for u in requests if u != page_path.as_uri() and not u.startswith("data:")]
            if errors:
                problems.append(f"{view}: console errors: {errors}")
            if others:
                problems.append(f"{view}: requests left the page: {others}")
            charts = page.evaluate(CHARTS)
            if len(charts) < 3 or any(c["width"] < 100 or c["height"] < 50 for c in charts):
                problems.append(f"{view}: charts not rendered: {charts}")
            small = [c for c in charts if c["smallest"] < 12 - 1e-6]
            if small:
                problems.append(f"{view}: chart text under 12 px: {[(c['id'], round(c['smallest'], 1)) for c in small]}")
            if scheme == "dark":
                white = [c["id"] for c in charts if c["white"]]
                dark_text = [c["id"] for c in charts if c["darkText"]]
                if white:
                    problems.append(f"{view}: white chart boxes: {white}")
                if dark_text:
                    problems.append(f"{view}: dark text on a dark page: {dark_text}")
            scroll = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if scroll[0] > scroll[1]:
                problems.append(f"{view}: horizontal scroll ({scroll[0]} > {scroll[1]})")
            fix = page.evaluate("(() => { const e = document.querySelector('.fix'); return e ? e.getBoundingClientRect().top : null })()")
            if fix is None or fix > 900:
                problems.append(f"{view}: the 'Fix these first' box starts at {fix} px (at most 900)")
            page.screenshot(path=str(out / f"report-{width}-{scheme}.png"), full_page=False)
            if width == 1280:
                # The page allows no script: axe-core runs in a context that
                # sets the policy aside (the page itself is unchanged).
                context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport={"width": width, "height": 900})
                audit = context.new_page()
                audit.goto(page_path.as_uri())
                audit.add_script_tag(path=axe_js)
                result = audit.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
                serious = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
                           if v["impact"] in ("serious", "critical")]
                if serious:
                    problems.append(f"axe-core ({scheme}): serious violations: {serious}")
                minor = [(v["id"], v["impact"]) for v in result["violations"] if v["impact"] not in ("serious", "critical")]
                print(f"axe-core {audit.evaluate('axe.version')} ({scheme}): {len(serious)} serious or critical, minor: {minor}")
                context.close()
            page.close()
    page = browser.new_page()
    page.goto(page_path.as_uri())
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        (out / f"report-{paper}.pdf").write_bytes(pdf)
        print(f"printed on {paper}: {pages} pages")
        if pages > 5:
            problems.append(f"printed on {paper}: {pages} pages (at most 5)")
    browser.close()
if problems:
    print("the report page has problems:")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print(f"the page passes at 1280 and 390 px, light and dark, in print and under axe-core; screenshots in {out}")

"""The report page in headless Chromium (driven by Playwright): no console
error, no request leaves the page, every chart renders (a non-empty SVG
box), no horizontal scroll at phone width (390 px); a screenshot is kept.
Usage: page_check.py CHROMIUM REPORT.html SCREENSHOT.png"""

import pathlib
import sys

from playwright.sync_api import sync_playwright

chromium, page_path, shot = sys.argv[1], pathlib.Path(sys.argv[2]).resolve(), sys.argv[3]
flags = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
problems = []
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=flags, headless=True)
    for width in (390, 1200):
        page = browser.new_page(viewport={"width": width, "height": 900})
        errors, requests = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_path.as_uri())
        page.wait_for_load_state("load")
        others = [u for u in requests if u != page_path.as_uri() and not u.startswith("data:")]
        if errors:
            problems.append(f"{width}px: console errors: {errors}")
        if others:
            problems.append(f"{width}px: requests left the page: {others}")
        boxes = page.eval_on_selector_all(
            "svg", "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
        if len(boxes) < 3 or any(w < 100 or h < 50 for w, h in boxes):
            problems.append(f"{width}px: charts not rendered: {boxes}")
        scroll = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll[0] > scroll[1]:
            problems.append(f"{width}px: horizontal scroll ({scroll[0]} > {scroll[1]})")
        if width == 390:
            page.screenshot(path=shot, full_page=True)
    browser.close()
if problems:
    print("the report page has problems:")
    for p in problems:
        print("  " + p)
    sys.exit(1)
print(f"the page renders: 3+ charts, no console error, no request, no horizontal scroll; screenshot {shot}")

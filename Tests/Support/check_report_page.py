"""Opens a `sojourn report --format html` page in headless Chromium, as a reader would,
and says what the browser made of it, as JSON:

    python3 check_report_page.py PAGE.html SCREENSHOT.png

- `screenshot`: the PNG Chromium took is not blank: how many distinct colours it has and
  what share of its pixels are not the background (read with Pillow).
- `print`: the page printed to PDF as a reader would print it: each page's size in
  points (A4 is 595 × 842) and how many pages.
- `dom`: the page as Chromium parsed it (`--dump-dom`): every chart figure with its SVG
  (and what it draws) and its data table, the rows of the figures table, any script
  element or event-handler attribute, and every text node, so a test can check that a
  value meant as text stayed text.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

from PIL import Image


def chromium(*arguments):
    with tempfile.TemporaryDirectory() as profile:
        command = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--hide-scrollbars", f"--user-data-dir={profile}", *arguments]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise SystemExit(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
        return done.stdout


class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
        self.charts = []
        self.figure_rows = 0
        self.scripts = 0
        self.handlers = 0
        self.texts = []
        self.title = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append((tag, attrs))
        if tag == "script":
            self.scripts += 1
        self.handlers += sum(1 for name in attrs if name.lower().startswith("on"))
        if tag == "figure" and "chart" in (attrs.get("class") or "").split():
            self.charts.append(dict(id=attrs.get("id"), kind=attrs.get("data-chart"), caption="", svg=0, marks=0, table_rows=0))
        chart = self.charts[-1] if self.charts and self._inside("figure") else None
        if chart is not None:
            if tag == "svg":
                chart["svg"] += 1
            if tag in ("polyline", "rect", "circle"):
                chart["marks"] += 1
            if tag == "tr" and self._inside_class("table", "chart-data") and self._inside("tbody"):
                chart["table_rows"] += 1
        if tag == "tr" and self._inside_class("table", "figures") and self._inside("tbody"):
            self.figure_rows += 1
        if tag == "title" and not self._inside("svg"):
            self._in_title = True

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if data.strip():
            self.texts.append(data.strip())
            if self._in_title and self.title is None:
                self.title = data.strip()
            if self.charts and self._inside("figcaption"):
                self.charts[-1]["caption"] += data.strip()

    def _inside(self, tag):
        return any(t == tag for t, _ in self.stack)

    def _inside_class(self, tag, name):
        return any(t == tag and name in (a.get("class") or "").split() for t, a in self.stack)


def main(page, screenshot):
    url = "file://" + page
    chromium("--window-size=1024,1800", f"--screenshot={screenshot}", url)
    image = Image.open(screenshot).convert("RGB")
    colours = image.getcolors(maxcolors=image.width * image.height)
    background = max(colours)[0]
    total = image.width * image.height
    pdf = os.path.splitext(screenshot)[0] + ".pdf"
    chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url)
    data = open(pdf, "rb").read()
    sizes = sorted({(round(float(w)), round(float(h))) for _, _, w, h in
                    re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)})
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    dom = Page()
    dom.feed(chromium("--dump-dom", url))
    print(json.dumps(dict(
        screenshot=dict(width=image.width, height=image.height, colours=len(colours), drawn=1 - background / total),
        print=dict(sizes=[list(size) for size in sizes], pages=pages),
        dom=dict(title=dom.title, charts=dom.charts, figure_rows=dom.figure_rows, scripts=dom.scripts,
                 handlers=dom.handlers, texts=dom.texts),
    )))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

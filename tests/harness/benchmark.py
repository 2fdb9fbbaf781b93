"""The edition's performance benchmark (``make benchmark``): build times, page weights and
Lighthouse scores on this machine, checked against the budgets below. It is a script, not
a test: timings depend on the machine. It prints a Markdown table for the README, writes
_build/benchmark.json, prints every budget it misses and exits 1 if it missed any.

The builds run in a fresh copy of the repository (no _build, no notebook cache), so the
clean build really is clean. The site is served on localhost with gzip, as a static host
such as GitHub Pages serves it. Lighthouse (npm, pinned in package-lock.json) drives
Debian's Chromium."""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from edition import build, paths
from harness import books, browser

BUDGETS = {
    "clean HTML build (s)": 60.0,
    "no-change rebuild (s)": 5.0,
    "page transfer (KB)": 500.0,
}
LIGHTHOUSE_MIN = {"performance": 95, "accessibility": 100}
# Pages held to more than LIGHTHOUSE_MIN, by page and Lighthouse preset: the map page loads
# Leaflet only when the map comes into view, and must not lose what that gained.
LIGHTHOUSE_PAGE_MIN = {("chapters/map.html", "mobile"): {"performance": 97}}
LIGHTHOUSE_PAGES = ["index.html", "chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html", "chapters/map.html"]
LIGHTHOUSE_RUNS = 3
LIGHTHOUSE = paths.ROOT / "node_modules" / ".bin" / "lighthouse"


@dataclass
class Results:
    machine: str
    date: str
    timings: dict[str, float] = field(default_factory=dict)
    pages: dict[str, float] = field(default_factory=dict)   # own transfer per page, KB
    shared_kb: float = 0.0                                   # theme assets every page loads, KB
    site: dict[str, float] = field(default_factory=dict)
    lighthouse: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


def machine() -> str:
    cpus = os.cpu_count()
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                      if line.startswith("model name")), "")
    return f"{platform.system()} {platform.machine()}, {cpus} cores {model}".strip() + f", Python {platform.python_version()}"


def timed_build(target: str, book: Path) -> float:
    started = time.monotonic()
    result = books.run_in_subprocess(target, book, timeout=1800)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise SystemExit(f"benchmark: the {target} build failed:\n{(result.stdout + result.stderr)[-4000:]}")
    return elapsed


def page_transfers(html_dir: Path) -> tuple[dict[str, float], float, float]:
    """Bytes each page transfers (gzip, as served), split into what every page shares (the
    theme's assets) and the page's own (its HTML, images and page-only assets), in KB.
    Lazily loaded images and the interactive map (Leaflet and its layers, loaded when the
    map comes into view) count: a reader who reads the page to the end loads them all."""
    loads: dict[str, dict[str, int]] = {}
    with browser.serve(html_dir, compress=True) as base, browser.chromium() as chromium:
        context = chromium.new_context(**browser.VIEWS["desktop"])
        for page_path in browser.site_pages(html_dir):
            sizes: dict[str, int] = {}
            page = context.new_page()
            page.on("requestfinished", lambda request, sizes=sizes: sizes.__setitem__(
                request.url.split("?")[0], request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"]))
            page.goto(base + page_path, wait_until="networkidle")
            browser.broken_images(page)  # loads the lazy images, as a reader's scrolling would
            for interactive_map in page.locator(".edition-map").all():  # it loads when it comes into view
                interactive_map.scroll_into_view_if_needed()
                page.wait_for_selector(".edition-map[data-ready=true]")
            page.wait_for_load_state("networkidle")
            page.close()
            loads[page_path] = sizes
        context.close()
    shared = set.intersection(*(set(sizes) for sizes in loads.values()))
    own = {page: sum(size for url, size in sizes.items() if url not in shared) / 1024 for page, sizes in loads.items()}
    first = next(iter(loads.values()))
    shared_kb = sum(first[url] for url in shared) / 1024
    everything: dict[str, int] = {}
    for sizes in loads.values():
        everything.update(sizes)
    return own, shared_kb, sum(everything.values()) / 1024


def lighthouse(url: str, preset: str, runs: int = LIGHTHOUSE_RUNS) -> dict[str, float]:
    """Lighthouse's category scores (0-100) and core metrics for ``url``: the median of
    ``runs`` runs, as Lighthouse's authors advise, since one run varies with the machine's load."""
    reports = [lighthouse_once(url, preset) for _ in range(runs)]
    return {key: statistics.median(report[key] for report in reports) for key in reports[0]}


def lighthouse_once(url: str, preset: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as profile:
        flags = " ".join(["--headless=new", *browser.CHROMIUM_ARGS, f"--user-data-dir={profile}"])
        command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
                   "--only-categories=performance,accessibility", f"--chrome-flags={flags}"]
        if preset == "desktop":
            command.append("--preset=desktop")
        result = subprocess.run(command, capture_output=True, text=True,
                                env={**os.environ, "CHROME_PATH": browser.chromium_path()}, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"benchmark: lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout)
    scores = {name: round(category["score"] * 100) for name, category in report["categories"].items()}
    for audit in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                  "cumulative-layout-shift", "speed-index"):
        scores[audit] = report["audits"][audit]["numericValue"]
    return scores


def run(skip_builds: bool = False) -> Results:
    """Measure the book: built afresh in a temporary copy, or with ``skip_builds`` the site
    already in _build/html."""
    results = Results(machine=machine(), date=date.today().isoformat())
    html_dir = paths.BUILD / "html"
    with tempfile.TemporaryDirectory(prefix="edition-benchmark-") as temp:
        book = Path(temp) / "book"
        if not skip_builds:
            books.copy_book(book)
            results.timings["clean HTML build (s)"] = timed_build("html", book)
            # The median of three: a four-second run varies by a second with the machine's load.
            results.timings["no-change rebuild (s)"] = statistics.median(timed_build("html", book) for _ in range(3))
            results.timings["PDF build (s)"] = timed_build("pdf", book)
            html_dir = book / "_build" / "html"
            pdf = book / "_build" / "latex" / "book.pdf"
            results.site["PDF (KB)"] = pdf.stat().st_size / 1024
        own, shared, transferred = page_transfers(html_dir)
        results.pages, results.shared_kb = own, shared
        results.site["built site on disk (KB)"] = sum(f.stat().st_size for f in html_dir.rglob("*") if f.is_file()) / 1024
        results.site["every page once, gzip (KB)"] = transferred
        with browser.serve(html_dir, compress=True) as base:
            for page_path in LIGHTHOUSE_PAGES:
                results.lighthouse[page_path] = {preset: lighthouse(base + page_path, preset)
                                                 for preset in ("mobile", "desktop")}
    check_budgets(results)
    return results


def check_budgets(results: Results) -> None:
    for name, limit in BUDGETS.items():
        if name == "page transfer (KB)":
            for page, size in results.pages.items():
                if size > limit:
                    results.misses.append(f"{page}: {size:.0f} KB of its own transfer (budget {limit:.0f} KB)")
        elif name in results.timings and results.timings[name] > limit:
            results.misses.append(f"{name}: {results.timings[name]:.1f} (budget {limit:.0f})")
    for page, presets in results.lighthouse.items():
        for preset, scores in presets.items():
            for category, minimum in lighthouse_minimum(page, preset).items():
                if scores[category] < minimum:
                    results.misses.append(f"Lighthouse {category} ({preset}) on {page}: {scores[category]} "
                                          f"(budget {minimum})")


def lighthouse_minimum(page: str, preset: str) -> dict[str, int]:
    """The Lighthouse scores ``page`` must reach with ``preset`` ("mobile" or "desktop")."""
    return {**LIGHTHOUSE_MIN, **LIGHTHOUSE_PAGE_MIN.get((page, preset), {})}


def markdown(results: Results) -> str:
    lines = [f"Measured on {results.date}, {results.machine}.", "",
             "| Measure | Result | Budget |", "|---|---:|---:|"]
    for name, value in results.timings.items():
        budget = BUDGETS.get(name)
        lines.append(f"| {name} | {value:.1f} | {'≤ %.0f' % budget if budget else '—'} |")
    heaviest = max(results.pages, key=results.pages.get)
    lines.append(f"| heaviest page's own transfer (KB): `{heaviest}` | {results.pages[heaviest]:.0f} | ≤ 500 |")
    lines.append(f"| theme assets shared by every page, gzip (KB) | {results.shared_kb:.0f} | — |")
    for name, value in results.site.items():
        lines.append(f"| {name} | {value:.0f} | — |")
    lines += ["", "| Lighthouse | Performance (mobile / desktop) | Accessibility | LCP mobile (s) | TBT mobile (ms) |",
              "|---|---:|---:|---:|---:|"]
    for page, presets in results.lighthouse.items():
        mobile, desktop = presets["mobile"], presets["desktop"]
        lines.append(f"| `{page}` | {mobile['performance']} / {desktop['performance']} | "
                     f"{mobile['accessibility']} / {desktop['accessibility']} | "
                     f"{mobile['largest-contentful-paint'] / 1000:.1f} | {mobile['total-blocking-time']:.0f} |")
    lines += ["", "| Page | Own transfer, gzip (KB) |", "|---|---:|"]
    lines += [f"| `{page}` | {size:.0f} |" for page, size in sorted(results.pages.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.benchmark", description=__doc__.split("\n")[0])
    parser.add_argument("--skip-builds", action="store_true",
                        help="measure the site already built in _build/html (no build timings)")
    args = parser.parse_args(argv)
    results = run(skip_builds=args.skip_builds)
    paths.BUILD.mkdir(exist_ok=True)
    (paths.BUILD / "benchmark.json").write_text(json.dumps(asdict(results), indent=1), encoding="utf-8")
    print(markdown(results))
    for miss in results.misses:
        print(f"benchmark: budget missed: {miss}", file=sys.stderr)
    return 1 if results.misses else 0


if __name__ == "__main__":
    sys.exit(main())

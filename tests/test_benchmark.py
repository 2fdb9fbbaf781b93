"""The benchmark's budgets (the measuring itself is `make benchmark`, not a test: its
numbers depend on the machine). A result over any budget is named, and the script exits 1."""
from harness import benchmark


def results(**changes) -> benchmark.Results:
    base = benchmark.Results(
        machine="test", date="2026-11-22",
        timings={"clean HTML build (s)": 30.0, "no-change rebuild (s)": 4.0, "PDF build (s)": 20.0},
        pages={"index.html": 6.0, "chapters/map.html": 309.0},
        lighthouse={page: {preset: {"performance": 97, "accessibility": 100, "largest-contentful-paint": 2100.0,
                                    "total-blocking-time": 10.0} for preset in ("mobile", "desktop")}
                    for page in benchmark.LIGHTHOUSE_PAGES})
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def test_results_within_every_budget_miss_nothing():
    within = results()
    benchmark.check_budgets(within)
    assert within.misses == []


def test_every_missed_budget_is_named():
    over = results(timings={"clean HTML build (s)": 75.0, "no-change rebuild (s)": 6.5},
                   pages={"chapters/map.html": 612.0, "index.html": 6.0})
    over.lighthouse["index.html"]["mobile"]["performance"] = 88
    over.lighthouse["chapters/map.html"]["desktop"]["accessibility"] = 96
    benchmark.check_budgets(over)
    assert over.misses == [
        "clean HTML build (s): 75.0 (budget 60)",
        "no-change rebuild (s): 6.5 (budget 5)",
        "chapters/map.html: 612 KB of its own transfer (budget 500 KB)",
        "Lighthouse performance (mobile) on index.html: 88 (budget 95)",
        "Lighthouse accessibility (desktop) on chapters/map.html: 96 (budget 100)",
    ]


def test_the_script_prints_its_misses_and_exits_1(monkeypatch, capsys, tmp_path):
    over = results(pages={"chapters/map.html": 612.0})
    monkeypatch.setattr(benchmark, "run", lambda skip_builds: over)
    monkeypatch.setattr(benchmark.paths, "BUILD", tmp_path)
    benchmark.check_budgets(over)
    assert benchmark.main(["--skip-builds"]) == 1
    captured = capsys.readouterr()
    assert "budget missed: chapters/map.html: 612 KB" in captured.err
    assert "| `chapters/map.html` | 612 |" in captured.out
    assert (tmp_path / "benchmark.json").is_file()


def test_the_map_page_is_held_to_its_own_mobile_budget():
    """The map page must keep a mobile performance of 97; the other pages, and the map page
    on the desktop, 95."""
    assert benchmark.lighthouse_minimum("chapters/map.html", "mobile")["performance"] == 97
    near = results()
    for page in benchmark.LIGHTHOUSE_PAGES:
        for preset in ("mobile", "desktop"):
            near.lighthouse[page][preset]["performance"] = 96
    benchmark.check_budgets(near)
    assert near.misses == ["Lighthouse performance (mobile) on chapters/map.html: 96 (budget 97)"]
    at_the_budget = results()
    at_the_budget.lighthouse["chapters/map.html"]["mobile"]["performance"] = 97
    benchmark.check_budgets(at_the_budget)
    assert at_the_budget.misses == []

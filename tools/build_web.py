"""Copy the web page's third-party files from node_modules into src/eventwire/serve/web/vendor (`make web`).

Run `npm ci` at the repository root first. Produces (all gitignored):
  vendor/leaflet/       Leaflet's dist files (JS, CSS, marker images) and its LICENSE
  vendor/markercluster/ leaflet.markercluster's JS and CSS (clustered markers) and its LICENSE
  vendor/world/countries-110m.geojson   world-atlas country outlines, TopoJSON converted by topo2geo
  vendor/world/LICENSE                   world-atlas licence (the outlines come from Natural Earth)
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

logger = logging.getLogger("build_web")

REPO_ROOT = Path(__file__).resolve().parents[1]
VENDOR = REPO_ROOT / "src" / "eventwire" / "serve" / "web" / "vendor"


class BuildError(Exception):
    pass


def copy_leaflet(node_modules: Path, vendor: Path) -> None:
    source = node_modules / "leaflet" / "dist"
    if not (source / "leaflet.js").is_file():
        raise BuildError(f"{source}/leaflet.js not found: run `npm ci` at the repository root first")
    target = vendor / "leaflet"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.esm.js", "*.esm.js.map"))
    shutil.copy2(node_modules / "leaflet" / "LICENSE", target / "LICENSE")


def copy_markercluster(node_modules: Path, vendor: Path) -> None:
    source = node_modules / "leaflet.markercluster" / "dist"
    if not (source / "leaflet.markercluster.js").is_file():
        raise BuildError(f"{source}/leaflet.markercluster.js not found: run `npm ci` at the repository root first")
    target = vendor / "markercluster"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("leaflet.markercluster.js", "MarkerCluster.css", "MarkerCluster.Default.css"):
        shutil.copy2(source / name, target / name)
    shutil.copy2(node_modules / "leaflet.markercluster" / "MIT-LICENCE.txt", target / "LICENSE")


def convert_world(node_modules: Path, vendor: Path) -> Path:
    topology = node_modules / "world-atlas" / "countries-110m.json"
    converter = node_modules / ".bin" / "topo2geo"
    if not topology.is_file() or not converter.exists():
        raise BuildError("world-atlas or topojson-client missing from node_modules: run `npm ci` first")
    target_folder = vendor / "world"
    target_folder.mkdir(parents=True, exist_ok=True)
    target = target_folder / "countries-110m.geojson"
    try:
        subprocess.run(
            [str(converter), "-i", str(topology), f"countries={target}"],
            check=True, capture_output=True, text=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or str(error)
        raise BuildError(f"topo2geo failed (is node installed?): {detail.strip()}") from error
    collection = json.loads(target.read_text(encoding="utf-8"))
    if collection.get("type") != "FeatureCollection" or len(collection.get("features", ())) < 100:
        raise BuildError(f"{target} does not look like the world's countries")
    shutil.copy2(node_modules / "world-atlas" / "LICENSE", target_folder / "LICENSE")
    return target


def build(node_modules: Path = REPO_ROOT / "node_modules", vendor: Path = VENDOR) -> None:
    vendor.mkdir(parents=True, exist_ok=True)
    copy_leaflet(node_modules, vendor)
    copy_markercluster(node_modules, vendor)
    world = convert_world(node_modules, vendor)
    logger.info("web vendor files ready in %s (%d bytes of outlines)", vendor, world.stat().st_size)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--node-modules", type=Path, default=REPO_ROOT / "node_modules")
    parser.add_argument("--vendor", type=Path, default=VENDOR)
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        build(arguments.node_modules, arguments.vendor)
    except BuildError as error:
        logger.error("build_web: %s", error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Group the toponym-resolution misses (over 161 km or unresolved) of each set by cause.

For every scored gold toponym the geoparser gets wrong, the script says which of these it is:

* ``not-found``: the gazetteer has no place under the span's name key;
* ``unresolved``: candidates exist but the resolver returned nothing (a NORP label with no country...);
* ``wrong-pick``: some candidate lies within 161 km of the gold point, but another was chosen;
* ``right-place-other-point``: we chose the gold's own GeoNames id, but our point for it (a country's
  reference point, a subdivision's centre) is over 161 km from the gold's;
* ``no-near-candidate``: no candidate of the name lies within 161 km (our point for the place differs
  from the gold's, or the gold means a place the gazetteer lacks under this name).

Each cause is split by the kind of place we chose (country, admin1, city, ...), and the most frequent
names of each cause are listed. The gold's own feature kind is shown when the set gives a GeoNames id
that the gazetteer holds.

Run: ``PYTHONPATH=src python tools/toponym_errors.py [--set lgl] [--max-docs N] [--names 15]``.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections import Counter, defaultdict
from pathlib import Path

from eventwire.evalsets import shared_data_dir
from eventwire.evalsets.toponyms import (
    TOPONYM_SETS,
    _default_gazetteer,
    _mentions,
    distance_km,
    read_set,
)
from eventwire.resolve.geo_choose import clean_mention as _clean_mention

_WITHIN_KM = 161.0


def _gold_ids(name: str, data_dir: Path) -> dict[tuple[str, int], int]:
    """(document id, start) -> gold GeoNames id, for the sets that carry ids."""
    import xml.etree.ElementTree as ET

    relative, _ = TOPONYM_SETS[name]
    ids: dict[tuple[str, int], int] = {}
    root = ET.parse(data_dir / relative).getroot()
    for number, article in enumerate(root.iter("article")):
        doc_id = article.get("docid") or article.get("file") or str(number)
        for element in article.iter("toponym"):
            start = element.findtext("start")
            gaztag = element.find("gaztag")
            gid = gaztag.get("geonameid") if gaztag is not None else element.findtext("geonamesID")
            if start and gid and gid.strip().isdigit():
                ids[(doc_id, int(start))] = int(gid)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=sorted(TOPONYM_SETS))
    parser.add_argument("--max-docs", type=int, default=None)
    parser.add_argument("--names", type=int, default=12, help="most frequent names listed per cause")
    args = parser.parse_args()
    data_dir = shared_data_dir()
    gazetteer = _default_gazetteer()
    kinds = sqlite3.connect(f"file:{gazetteer._path}?mode=ro", uri=True)
    for set_name in args.set or TOPONYM_SETS:
        documents = read_set(set_name, data_dir, args.max_docs)
        gold_ids = _gold_ids(set_name, data_dir)
        total = 0
        causes: Counter[str] = Counter()
        by_kind: Counter[tuple[str, str]] = Counter()
        by_gold_kind: Counter[tuple[str, str]] = Counter()
        names: dict[str, Counter[str]] = defaultdict(Counter)
        for document in documents:
            mentions = _mentions(document)
            places = gazetteer.resolve(mentions, text=document.text, known_places=True)
            for gold, mention, place in zip(document.toponyms, mentions, places, strict=True):
                if gold.lat is None or gold.lon is None:
                    continue
                total += 1
                if (
                    place
                    and place.lat is not None
                    and place.lon is not None
                    and distance_km(gold.lat, gold.lon, place.lat, place.lon) <= _WITHIN_KM
                ):
                    continue
                candidates = gazetteer.lookup(_clean_mention(mention.text))
                gid = gold_ids.get((document.id, gold.start))
                if place is not None and gid is not None and place.geonameid == gid:
                    cause = "right-place-other-point"  # the gold's GeoNames id, but its point is elsewhere
                elif not candidates:
                    cause = "not-found"
                elif place is None:
                    cause = "unresolved"
                elif any(
                    c.lat is not None
                    and c.lon is not None
                    and distance_km(gold.lat, gold.lon, c.lat, c.lon) <= _WITHIN_KM
                    for c in candidates
                ):
                    cause = "wrong-pick"
                else:
                    cause = "no-near-candidate"
                causes[cause] += 1
                chosen_kind = place.precision.value if place else "-"
                by_kind[(cause, chosen_kind)] += 1
                gold_kind = "-"
                if gid is not None:
                    row = kinds.execute("SELECT kind FROM places WHERE id = ?", (gid,)).fetchone()
                    gold_kind = row[0] if row else "not-in-gazetteer"
                by_gold_kind[(cause, gold_kind)] += 1
                names[cause][f"{gold.text} -> {place.name if place else '-'}"] += 1
        missed = sum(causes.values())
        print(f"\n== {set_name}: {total} scored, {missed} missed ({missed / max(total, 1):.3f})")
        for cause, count in causes.most_common():
            kinds_text = ", ".join(f"{k}={n}" for (c, k), n in by_kind.most_common() if c == cause)
            gold_text = ", ".join(f"{k}={n}" for (c, k), n in by_gold_kind.most_common() if c == cause)
            print(f"  {cause:18} {count:5}  ours: {kinds_text}")
            print(f"  {'':18} {'':5}  gold: {gold_text}")
            top = ", ".join(f"{name} ({n})" for name, n in names[cause].most_common(args.names))
            print(f"  {'':18} {'':5}  {top}")
    gazetteer.close()


if __name__ == "__main__":
    main()

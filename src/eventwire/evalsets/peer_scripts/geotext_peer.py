"""geotext peer: city and country names found in each text, with every character span where the name occurs."""

import json
import re
import sys


def main() -> int:
    try:
        from geotext import GeoText
    except ImportError as error:
        print(f"geotext missing: {error}", file=sys.stderr)
        return 3
    if "--probe" in sys.argv:
        return 0
    request = json.load(sys.stdin)
    answers = []
    for text in request["texts"]:
        found = GeoText(text)
        names = {(name, "city") for name in found.cities} | {(name, "country") for name in found.countries}
        places = []
        for name, kind in sorted(names):
            # geotext gives names without offsets; every whole-word occurrence of the name is a mention.
            for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
                places.append({"start": match.start(), "end": match.end(), "name": name, "kind": kind})
        answers.append(sorted(places, key=lambda place: place["start"]))
    json.dump(answers, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

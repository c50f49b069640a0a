"""Build eval/gold/articles.jsonl from the hand-written label sources in eval/gold/src/*.json.

Labels name every span by its text (never by offsets); this script finds each snippet in the
article text and fails loudly when a snippet is missing or ambiguous. Stdlib only.

A span locator is either a string (must occur exactly once in the text) or an object
{"text": "...", "in": "a longer unique context containing text", "nth": 1-based occurrence}.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE_DIR = ROOT / "eval" / "gold" / "src"
OUTPUT = ROOT / "eval" / "gold" / "articles.jsonl"

PLOVER_TYPES = {"ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE",
                "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN"}
ACLED = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
CLAIM_STATUSES = {"confirmed", "reported", "claimed", "alleged", "denied", "unconfirmed"}
LOCATION_PRECISIONS = {"point", "city", "admin2", "admin1", "country", "region"}
DATE_PRECISIONS = {"day", "week", "month", "year"}
QUOTE_KINDS = {"direct", "partial", "indirect"}
OPENING_MARKS = "\"\u201c"
CLOSING_MARKS = "\"\u201d"
DATE_VALUE = {"day": r"\d{4}-\d{2}-\d{2}", "week": r"\d{4}-\d{2}-\d{2}", "month": r"\d{4}-\d{2}", "year": r"\d{4}"}


class GoldError(Exception):
    """A label that cannot be turned into offsets or breaks the contract."""


def occurrences(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while start != -1:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def locate(text: str, locator, where: str) -> tuple[str, int, int]:
    """Return (snippet, start, end) for a locator, or raise GoldError."""
    if isinstance(locator, str):
        locator = {"text": locator}
    snippet = locator.get("text")
    if not snippet:
        raise GoldError(f"{where}: locator without text: {locator!r}")
    base = 0
    if "in" in locator:
        context = locator["in"]
        if snippet not in context:
            raise GoldError(f"{where}: {snippet!r} is not inside its context {context!r}")
        hits = occurrences(text, context)
        if len(hits) != 1:
            raise GoldError(f"{where}: context {context!r} found {len(hits)} times (need exactly 1)")
        base = hits[0]
        scope = context
    else:
        scope = text
    hits = occurrences(scope, snippet)
    if not hits:
        raise GoldError(f"{where}: snippet {snippet!r} not found")
    if "nth" in locator:
        nth = locator["nth"]
        if not 1 <= nth <= len(hits):
            raise GoldError(f"{where}: {snippet!r} has {len(hits)} occurrences, nth={nth}")
        start = base + hits[nth - 1]
    elif len(hits) > 1:
        raise GoldError(f"{where}: snippet {snippet!r} is ambiguous ({len(hits)} occurrences); add 'in' or 'nth'")
    else:
        start = base + hits[0]
    return snippet, start, start + len(snippet)


def build_event(text: str, label: dict, where: str) -> dict:
    if label["type"] not in PLOVER_TYPES:
        raise GoldError(f"{where}: unknown PLOVER type {label['type']!r}")
    acled = label.get("acled")
    if acled is not None:
        event_type, sub_event_type = acled
        if sub_event_type not in ACLED.get(event_type, ()):
            raise GoldError(f"{where}: bad ACLED pair {acled!r}")
        acled = {"event_type": event_type, "sub_event_type": sub_event_type}
    trigger_text, start, end = locate(text, label["trigger"], f"{where} trigger")
    event = {"type": label["type"], "mode": label.get("mode"), "acled": acled,
             "trigger": {"text": trigger_text, "start": start, "end": end}}

    location = label.get("location")
    if location is not None:
        if location["precision"] not in LOCATION_PRECISIONS:
            raise GoldError(f"{where}: bad location precision {location['precision']!r}")
        if not re.fullmatch(r"[A-Z]{3}", location["country"]):
            raise GoldError(f"{where}: country must be ISO alpha-3, got {location['country']!r}")
        place_text, start, end = locate(text, {k: v for k, v in location.items() if k in ("text", "in", "nth")},
                                        f"{where} location")
        location = {"text": place_text, "geonameid": int(location["geonameid"]), "country": location["country"],
                    "precision": location["precision"], "start": start, "end": end}
    event["location"] = location

    date = label.get("date")
    if date is not None:
        if date["precision"] not in DATE_PRECISIONS or not re.fullmatch(DATE_VALUE[date["precision"]], date["value"]):
            raise GoldError(f"{where}: bad date {date!r}")
        if date.get("text") is None:
            # Inferred from the narrative (no date words attached to this event); no span.
            date = {"text": None, "value": date["value"], "precision": date["precision"], "start": None, "end": None}
        else:
            date_text, start, end = locate(text, {k: v for k, v in date.items() if k in ("text", "in", "nth")},
                                           f"{where} date")
            date = {"text": date_text, "value": date["value"], "precision": date["precision"],
                    "start": start, "end": end}
    event["date"] = date

    fatalities = label.get("fatalities")
    if fatalities is not None:
        fatalities = {"killed": fatalities.get("killed"), "injured": fatalities.get("injured")}
    event["fatalities"] = fatalities
    if label["claim"] not in CLAIM_STATUSES:
        raise GoldError(f"{where}: bad claim status {label['claim']!r}")
    event["claim"] = {"status": label["claim"]}
    event["negated"] = bool(label.get("negated", False))
    event["hypothetical"] = bool(label.get("hypothetical", False))
    if label.get("background"):
        event["background"] = True
    return event


def build_quote(text: str, label: dict, where: str) -> dict:
    if label["kind"] not in QUOTE_KINDS:
        raise GoldError(f"{where}: bad quote kind {label['kind']!r}")
    locator = {"text": label["text"]} | {k: v for k, v in label.items() if k in ("in", "nth")}
    quoted, start, end = locate(text, locator, f"{where} quote")
    if label["kind"] == "indirect":
        # Reported speech without quote marks: the span is the reported clause, not bounded by marks.
        return {"speaker": label["speaker"], "text": quoted, "start": start, "end": end, "kind": "indirect"}
    # The span must be exactly the words inside the marks; a quote continued in the next
    # paragraph has no closing mark at the end of its paragraph.
    if start == 0 or text[start - 1] not in OPENING_MARKS:
        raise GoldError(f"{where}: quote {quoted[:40]!r} is not preceded by an opening quotation mark")
    if end < len(text) and text[end] not in CLOSING_MARKS and text[end] != "\n":
        raise GoldError(f"{where}: quote {quoted[-40:]!r} is not followed by a closing mark or paragraph end")
    quote = {"speaker": label["speaker"], "text": quoted, "start": start, "end": end, "kind": label["kind"]}
    if label.get("continued"):
        quote["continued"] = True
    return quote


def build_article(record: dict) -> dict:
    source = record["article"]
    text = source["text"] if "text" in source else "\n\n".join(source["paragraphs"])
    article = {key: source[key] for key in ("id", "title", "outlet", "url", "published")} | {"text": text}
    where = article["id"]
    events = [build_event(text, label, f"{where} event {index}") for index, label in enumerate(record["events"], 1)]
    quotes = [build_quote(text, label, f"{where} quote {index}") for index, label in enumerate(record["quotes"], 1)]
    built = {"article": article, "events": events, "quotes": quotes}
    if record.get("indirect_labelled"):
        # Every indirect-speech clause in this article is labelled, so predicted ones can be scored.
        built["indirect_labelled"] = True
    elif any(quote["kind"] == "indirect" for quote in quotes):
        raise GoldError(f"{where}: indirect quotes need \"indirect_labelled\": true (labelled exhaustively)")
    return built


def load_sources(source_dir: Path) -> list[dict]:
    records = []
    for path in sorted(source_dir.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        records.extend(data if isinstance(data, list) else [data])
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE_DIR)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the output file is not up to date")
    args = parser.parse_args(argv)
    try:
        records = [build_article(record) for record in load_sources(args.source)]
    except (GoldError, KeyError, ValueError) as error:
        print(f"build_gold: {error}", file=sys.stderr)
        return 1
    ids = [record["article"]["id"] for record in records]
    if len(ids) != len(set(ids)):
        print("build_gold: duplicate article ids", file=sys.stderr)
        return 1
    output = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != output:
            print(f"build_gold: {args.output} is out of date; run tools/build_gold.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(output, encoding="utf-8")
    events = sum(len(record["events"]) for record in records)
    quotes = sum(len(record["quotes"]) for record in records)
    indirect = sum(quote["kind"] == "indirect" for record in records for quote in record["quotes"])
    print(f"wrote {args.output}: {len(records)} articles, {events} events, {quotes} quotes ({indirect} indirect)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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
#: PLOVER modes per type (PLOVER manual 2024; the same table as eventwire.model, copied so this script stays stdlib only).
PLOVER_MODES = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"},
    "ASSAULT": {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms", "explosives",
                "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control", "unconventional"},
}
CASUALTY_KEYS = ("killed", "injured", "missing", "arrested")
CLAIM_STATUSES = {"confirmed", "reported", "claimed", "alleged", "denied", "unconfirmed"}
LOCATION_PRECISIONS = {"point", "city", "admin2", "admin1", "country", "region"}
DATE_PRECISIONS = {"day", "week", "month", "year"}
QUOTE_KINDS = {"direct", "partial", "indirect"}
INDIRECT_KIND = "indirect"
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
    if label.get("mode") is not None and label["mode"] not in PLOVER_MODES.get(label["type"], ()):
        raise GoldError(f"{where}: {label['mode']!r} is not a PLOVER mode of {label['type']}")
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

    event["fatalities"] = build_casualties(label.get("fatalities"), where)
    event["claim"] = build_claim(text, label["claim"], where)
    event["negated"] = bool(label.get("negated", False))
    event["hypothetical"] = bool(label.get("hypothetical", False))
    if label.get("background"):
        event["background"] = True
    return event


def build_casualties(fatalities: dict | None, where: str) -> dict | None:
    """killed and injured always; missing and arrested only when the label states them (older batches lack them)."""
    if fatalities is None:
        return None
    unknown = set(fatalities) - set(CASUALTY_KEYS)
    if unknown:
        raise GoldError(f"{where}: unknown casualty keys {sorted(unknown)}")
    for key, value in fatalities.items():
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise GoldError(f"{where}: {key} must be a non-negative integer or null, got {value!r}")
    built = {"killed": fatalities.get("killed"), "injured": fatalities.get("injured")}
    built |= {key: fatalities[key] for key in ("missing", "arrested") if key in fatalities}
    return built


def build_claim(text: str, claim, where: str) -> dict:
    """A claim is a status, or {"status", "source": who says so, "cue": span locator of the words that say so}."""
    if isinstance(claim, str):
        claim = {"status": claim}
    if claim.get("status") not in CLAIM_STATUSES:
        raise GoldError(f"{where}: bad claim status {claim.get('status')!r}")
    built = {"status": claim["status"]}
    if claim.get("source") is not None:
        built["source"] = claim["source"]
    if claim.get("cue") is not None:
        cue_text, start, end = locate(text, claim["cue"], f"{where} claim cue")
        built["cue"] = {"text": cue_text, "start": start, "end": end}
    return built


def build_indirect(text: str, label: dict, where: str) -> dict:
    """Reported speech without quotation marks ("X said that ..."): the reported words and the speaker."""
    locator = {"text": label["text"]} | {k: v for k, v in label.items() if k in ("in", "nth")}
    reported, start, end = locate(text, locator, f"{where} indirect")
    entry = {"speaker": label["speaker"], "text": reported, "start": start, "end": end, "kind": INDIRECT_KIND}
    if label.get("cue") is not None:
        cue_text, cue_start, cue_end = locate(text, label["cue"], f"{where} indirect cue")
        entry["cue"] = {"text": cue_text, "start": cue_start, "end": cue_end}
    return entry


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
    if "indirect" in record:
        # Kept out of "quotes" (words inside quotation marks); not scored: these articles' indirect
        # speech is not labelled exhaustively (see eval/gold/README.md).
        built["indirect"] = [build_indirect(text, label, f"{where} indirect {index}")
                             for index, label in enumerate(record["indirect"], 1)]
    if "style" in record:
        built["article"]["style"] = record["style"]
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


def stats(records: list[dict]) -> str:
    """Counts for eval/gold/README.md: events by type and ACLED sub-type, flags, claims, quotes, styles."""
    from collections import Counter

    events = [event for record in records for event in record["events"]]
    quotes = [quote for record in records for quote in record["quotes"]]
    types = Counter(event["type"] for event in events)
    sub_types = Counter(event["acled"]["sub_event_type"] for event in events if event["acled"])
    claims = Counter(event["claim"]["status"] for event in events)
    flags = Counter(flag for event in events for flag in ("background", "hypothetical", "negated") if event.get(flag))
    casualties = Counter(key for event in events for key, value in (event["fatalities"] or {}).items() if value is not None)
    killed_zero = sum(1 for event in events if (event["fatalities"] or {}).get("killed") == 0)
    kinds = Counter(quote["kind"] for quote in quotes)
    styles = Counter(record["article"].get("style", "unlabelled") for record in records)
    countries = {event["location"]["country"] for event in events if event["location"]}
    indirect = sum(len(record.get("indirect", [])) for record in records)
    continued = sum(1 for quote in quotes if quote.get("continued"))
    no_speaker = sum(1 for quote in quotes if quote["speaker"] is None)

    def line(counter: Counter) -> str:
        return ", ".join(f"{key} {value}" for key, value in sorted(counter.items(), key=lambda item: (-item[1], item[0])))

    return "\n".join([
        f"articles {len(records)}, events {len(events)}, quotes {len(quotes)}, indirect {indirect}",
        f"events by type: {line(types)}",
        f"ACLED sub-event types ({len(sub_types)} of 25): {line(sub_types)}",
        f"claims: {line(claims)}",
        f"flags: {line(flags)}; killed 0 explicit: {killed_zero}",
        f"casualty fields given: {line(casualties)}",
        f"quotes: {line(kinds)}; continued {continued}; speaker null {no_speaker}",
        f"styles: {line(styles)}",
        f"event locations in {len(countries)} countries",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCE_DIR)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the output file is not up to date")
    parser.add_argument("--stats", action="store_true", help="print the counts quoted in eval/gold/README.md")
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
    if args.stats:
        print(stats(records))
        return 0
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
    unscored = sum(len(record.get("indirect", [])) for record in records)
    print(f"wrote {args.output}: {len(records)} articles, {events} events, {quotes} quotes "
          f"({indirect} indirect, scored), {unscored} indirect listed apart (not scored)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

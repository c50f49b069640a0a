"""Date resolution scores on TempEval-3 platinum: our resolver, end to end on spaCy spans, and dateparser.

Gold: every TIMEX3 of type DATE or TIME in the ``<TEXT>`` of a ``.tml`` file whose ``value`` names a
calendar day, ISO week, month or year (``2013-03-22``, ``2013-W11``, ``2013-03``, ``2013``; a TIME's
date part counts at day granularity). Values our model cannot express (seasons, quarters, decades,
``PRESENT_REF``, ``XXXX``) are left out and counted in the note. The document creation time (DCT) is
the publication date.

A prediction is right when it equals the gold value at the gold's granularity (day: same date; week:
same ISO week; month: same year and month; year: same year). Rows:

* ``eventwire / value_acc``: ``resolve_date`` on the gold TIMEX3 span, with the document text as context
  (as in the pipeline: a future cue before the span turns bare weekdays and months forward).
* ``eventwire / e2e_value_acc``: the spaCy DATE/TIME entity that overlaps the gold span most, resolved
  by ``resolve_date``; no overlapping entity counts as a miss.
* ``dateparser / value_acc``: ``dateparser.parse`` on the gold text with ``RELATIVE_BASE`` = DCT and
  ``PREFER_DATES_FROM`` = past (the settings a news pipeline would give it).
* any tagger passed in ``taggers`` (the hook for HeidelTime, installed by ``make eval-peers``): it gets
  each document's plain text and DCT and returns ``(start, end, TIMEX3 value)`` triples; the one that
  overlaps a gold span most is compared (``e2e_value_acc``).

SemEval-2015 TimeLine is listed with no score: its documents carry only the DCT as TIMEX3, and its
calendar anchors belong to events, which the event scorer owns.

Run: ``PYTHONPATH=src python -m eventwire.evalsets.timex [--max-docs N] [--no-spacy]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.evalsets import ScoreRow, shared_data_dir
from eventwire.model import DatePrecision, EntityMention
from eventwire.resolve.time import resolve_date

__all__ = ["GoldTimex", "TimexDocument", "TimexTagger", "read_tempeval", "score_timex"]

COMMAND = "PYTHONPATH=src python -m eventwire.evalsets.timex"
TEMPEVAL_DIR = "tempeval3-platinum/tml"
TIMELINE_DIR = "semeval2015-timeline"

#: A tagger: (plain document text, DCT) -> (start, end, TIMEX3 value) for every expression it found.
TimexTagger = Callable[[str, dt.date], Sequence[tuple[int, int, str]]]

_Calendar = tuple[DatePrecision, dt.date]
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def calendar_value(value: str) -> _Calendar | None:
    """A TIMEX3 value as (granularity, first day), or None when it is not a plain calendar value."""
    try:
        if match := _DAY.match(value):
            return DatePrecision.DAY, dt.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _WEEK.match(value):
            return DatePrecision.WEEK, dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        if match := _MONTH.match(value):
            return DatePrecision.MONTH, dt.date(int(match[1]), int(match[2]), 1)
        if match := _YEAR.match(value):
            return DatePrecision.YEAR, dt.date(int(match[1]), 1, 1)
    except ValueError:
        return None
    return None


def same_at(granularity: DatePrecision, gold: dt.date, predicted: dt.date) -> bool:
    """True when ``predicted`` falls in the gold's day, ISO week, month or year."""
    if granularity is DatePrecision.DAY:
        return predicted == gold
    if granularity is DatePrecision.WEEK:
        return predicted.isocalendar()[:2] == gold.isocalendar()[:2]
    if granularity is DatePrecision.MONTH:
        return (predicted.year, predicted.month) == (gold.year, gold.month)
    return predicted.year == gold.year


@dataclass(frozen=True, slots=True)
class GoldTimex:
    text: str
    start: int
    end: int
    value: str
    granularity: DatePrecision
    date: dt.date


@dataclass(frozen=True, slots=True)
class TimexDocument:
    id: str
    text: str  # the plain text of <TEXT>, which gold offsets point into
    dct: dt.date
    timexes: tuple[GoldTimex, ...]
    skipped: int  # DATE/TIME TIMEX3 whose values are not plain calendar values


def _flatten(element: ET.Element, parts: list[str], found: list[tuple[int, int, dict[str, str]]]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        start = sum(map(len, parts))
        _flatten(child, parts, found)
        if child.tag == "TIMEX3":
            found.append((start, sum(map(len, parts)), dict(child.attrib)))
        if child.tail:
            parts.append(child.tail)


def read_tml(path: Path) -> TimexDocument | None:
    """One TimeML document, or None when it has no DCT or no TEXT."""
    root = ET.parse(path).getroot()
    dct_element = root.find("DCT/TIMEX3")
    text_element = root.find("TEXT")
    dct_value = calendar_value(dct_element.get("value", "")) if dct_element is not None else None
    if dct_value is None or text_element is None:
        return None
    parts: list[str] = []
    found: list[tuple[int, int, dict[str, str]]] = []
    _flatten(text_element, parts, found)
    text = "".join(parts)
    timexes: list[GoldTimex] = []
    skipped = 0
    for start, end, attributes in found:
        if attributes.get("type") not in ("DATE", "TIME"):
            continue
        parsed = calendar_value(attributes.get("value", ""))
        if parsed is None:
            skipped += 1
            continue
        granularity, day = parsed
        timexes.append(GoldTimex(text[start:end], start, end, attributes["value"], granularity, day))
    return TimexDocument(path.stem, text, dct_value[1], tuple(timexes), skipped)


def read_tempeval(data_dir: Path, max_docs: int | None = None) -> list[TimexDocument]:
    paths = sorted((Path(data_dir) / TEMPEVAL_DIR).glob("*.tml"))
    documents = [doc for doc in map(read_tml, paths) if doc is not None]
    return documents[:max_docs] if max_docs is not None else documents


def _published(dct: dt.date) -> dt.datetime:
    # Noon UTC: the DCT is a day; noon keeps "today"/"yesterday" on the same calendar day.
    return dt.datetime(dct.year, dct.month, dct.day, 12, tzinfo=dt.UTC)


def _ours(document: TimexDocument, start: int, end: int) -> dt.date | None:
    mention = EntityMention(document.text[start:end], start, end, "DATE")
    resolved = resolve_date(mention, _published(document.dct), text=document.text)
    return resolved.value if resolved else None


def _dateparser(document: TimexDocument, start: int, end: int) -> dt.date | None:
    text, dct = document.text[start:end], document.dct
    import dateparser

    try:
        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "RELATIVE_BASE": dt.datetime(dct.year, dct.month, dct.day, 12),
                "PREFER_DATES_FROM": "past",
            },
        )
    except Exception:  # noqa: BLE001 - dateparser raises assorted errors on odd input; a miss for the peer
        return None
    return parsed.date() if parsed else None


def _overlap(span: tuple[int, int], gold: GoldTimex) -> int:
    return max(0, min(span[1], gold.end) - max(span[0], gold.start))


def _best_overlap(spans: Sequence[tuple[int, int, Any]], gold: GoldTimex) -> tuple[int, int, Any] | None:
    best = max(spans, key=lambda span: _overlap(span[:2], gold), default=None)
    return best if best is not None and _overlap(best[:2], gold) > 0 else None


def _row(system: str, metric: str, hits: int, total: int, command: str, note: str = "") -> ScoreRow:
    return ScoreRow(
        "dates", "tempeval3-platinum", system, metric, hits / total if total else None, total, command, note
    )


def score_timex(
    data_dir: Path | None = None,
    *,
    max_docs: int | None = None,
    use_spacy: bool = True,
    taggers: Mapping[str, TimexTagger] | None = None,
    command: str = COMMAND,
) -> list[ScoreRow]:
    """Score ours, spaCy-span end to end, dateparser and any given taggers on the temporal sets."""
    data_dir = Path(data_dir) if data_dir is not None else shared_data_dir()
    rows: list[ScoreRow] = []
    if not (data_dir / TEMPEVAL_DIR).is_dir():
        rows.append(
            _row("eventwire", "value_acc", 0, 0, command, f"tempeval3-platinum absent from {data_dir}")
        )
    else:
        documents = read_tempeval(data_dir, max_docs)
        gold_count = sum(len(doc.timexes) for doc in documents)
        note = f"{sum(doc.skipped for doc in documents)} non-calendar DATE/TIME values left out"
        for system, resolver in (("eventwire", _ours), ("dateparser", _dateparser)):
            hits = 0
            for document in documents:
                for gold in document.timexes:
                    predicted = resolver(document, gold.start, gold.end)
                    hits += predicted is not None and same_at(gold.granularity, gold.date, predicted)
            rows.append(_row(system, "value_acc", hits, gold_count, command, note))
        if use_spacy:
            rows.append(
                _row(
                    "eventwire",
                    "e2e_value_acc",
                    _spacy_hits(documents),
                    gold_count,
                    command,
                    note + "; spaCy DATE/TIME spans",
                )
            )
        for name, tagger in (taggers or {}).items():
            rows.append(
                _row(name, "e2e_value_acc", _tagger_hits(documents, tagger), gold_count, command, note)
            )
    rows.append(
        ScoreRow(
            "dates",
            "semeval2015-timeline",
            "eventwire",
            "value_acc",
            None,
            0,
            command,
            "no TIMEX3 gold inside documents (DCT only); its event anchors are scored with events",
        )
    )
    return rows


def _spacy_hits(documents: Sequence[TimexDocument]) -> int:
    import spacy

    from eventwire.settings import Settings

    nlp = spacy.load(Settings().spacy_model, exclude=["lemmatizer"])
    hits = 0
    for document, doc in zip(documents, nlp.pipe(doc.text for doc in documents), strict=True):
        spans = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ in ("DATE", "TIME")]
        for gold in document.timexes:
            best = _best_overlap(spans, gold)
            predicted = _ours(document, best[0], best[1]) if best else None
            hits += predicted is not None and same_at(gold.granularity, gold.date, predicted)
    return hits


def _tagger_hits(documents: Sequence[TimexDocument], tagger: TimexTagger) -> int:
    hits = 0
    for document in documents:
        spans = list(tagger(document.text, document.dct))
        for gold in document.timexes:
            best = _best_overlap(spans, gold)
            parsed = calendar_value(best[2]) if best else None
            hits += parsed is not None and same_at(gold.granularity, gold.date, parsed[1])
    return hits


def main(argv: Sequence[str] | None = None) -> None:
    from eventwire.evalsets.toponyms import format_rows

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="default: EVENTWIRE_SHARED_DATA or ../shared/data"
    )
    parser.add_argument("--max-docs", type=int, default=None, help="documents per set (quick runs)")
    parser.add_argument("--no-spacy", action="store_true", help="skip the end-to-end row (no model load)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = score_timex(args.data_dir, max_docs=args.max_docs, use_spacy=not args.no_spacy)
    print(format_rows(rows))
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()

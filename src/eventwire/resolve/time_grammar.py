"""The date grammar: phrase rules that turn a normalised temporal phrase into (date, precision).

The rules are documented in ``resolve/time.py``; ``forward`` asks the direction-free rules (bare weekday,
month, day and month, day range) for the next such date instead of the most recent one.
"""

from __future__ import annotations

import datetime as dt
import re

from eventwire.model import DatePrecision

Resolved = tuple[dt.date, DatePrecision]
Resolved = tuple[dt.date, DatePrecision]

# fmt: off
_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
)
_WEEKDAY_NAMES: tuple[tuple[str, ...], ...] = (
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"),
)
# fmt: on
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_WEEKDAYS = {name: number for number, names in enumerate(_WEEKDAY_NAMES) for name in names}
_COUNTS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_NUMBER_WORDS = {"a": 1, "an": 1} | {word: number for number, word in enumerate(_COUNTS, start=1)}

# Longest names first so "sept" wins over "sep" and "september" over both.
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_COUNT_RE = r"\d{1,3}|" + "|".join(_NUMBER_WORDS)
_DAY_RE = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)"

# Expressions that are not calendar references: ages, durations, frequencies, decades, seasons, anaphora.
NOT_A_DATE = re.compile(
    "|".join(
        (
            r"\d+-(?:year|month|week|day)s?-old",
            r"\byears? old\b",
            r"\b(?:decades?|centur(?:y|ies)|every|each|per|recent|coming|previous|following|same|that)\b",
            r"\b(?:daily|weekly|monthly|yearly|annually|nightly|hourly|several|few|many)\b",
            rf"\bpast\b(?! (?:weekend|{_WEEKDAY_RE}|{_MONTH_RE})\b)",  # "the past week" is a duration
            r"\b(?:later|earlier)\b(?! (?:today|this))",  # "two days later" is anaphoric
            r"\b\d{2,4}'?s\b|'\d0s\b",  # decades: "the 1990s", "the '90s"
            r"\b(?:spring|summer|autumn|fall|winter)\b",
        )
    )
)
# Leading words that frame a date without changing which date it is.
_FRAME = re.compile(
    r"^(?:(?:on|in|at|during|over|since|from|by|until|till|through|throughout|as of|before|after|around|"
    r"about|as early as|as late as|early|late|mid|the end of|the start of|the beginning of|the middle of|"
    r"the night of|the morning of|the evening of|the afternoon of|sometime|some time)(?:\s+|-))"
)
# Times of day that narrow a date but not below day precision.
_TIME_OF_DAY = re.compile(
    r"(?:\s*,?\s*\b(?:at\s+|around\s+|about\s+|shortly\s+(?:before|after)\s+|just\s+(?:before|after)\s+)?"
    r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}:\d\d|noon|midnight|dawn|dusk|"
    r"(?:early |late )?(?:morning|afternoon|evening|night|daybreak)|local time|gmt|utc))+$"
)
# A clock time before the day: "15:00 GMT Saturday", "8 p.m. on Thursday".
_LEADING_TIME = re.compile(
    r"^(?:(?:at|around|about)\s+)?(?:\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)|\d{1,2}:\d\d|noon|midnight)"
    r"(?:\s*(?:local time|gmt|utc|[a-z]{2,3}t))?\s*,?\s*(?:on\s+)?(?=\w)"
)
_RANGE_SEPARATOR = r"\s*(?:-|to|and|through)\s*"
_DAY_RANGE = re.compile(
    rf"^(?P<m1>{_MONTH_RE})\.? (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?{_RANGE_SEPARATOR}"
    rf"(?:(?P<m2>{_MONTH_RE})\.? )?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,? {_YEAR_RE})?$"
    rf"|^(?P<e1>\d{{1,2}})(?:st|nd|rd|th)?(?: (?P<n1>{_MONTH_RE})\.?)?{_RANGE_SEPARATOR}"
    rf"(?P<e2>\d{{1,2}})(?:st|nd|rd|th)?(?: of)? (?P<n2>{_MONTH_RE})\.?(?:,? (?P<eyear>(?:19|20)\d\d))?$"
)


def normalise(text: str) -> str:
    phrase = text.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    phrase = re.sub(r"\s+", " ", phrase).strip(' ,;:()[]"')
    return re.sub(r"'s$", "", phrase).rstrip(" .,")


def names_calendar(phrase: str) -> bool:
    return bool(re.search(rf"\b(?:{_MONTH_RE}|{_WEEKDAY_RE})\b", phrase))


_SPECIAL_DAYS = {
    "today": 0,
    "earlier today": 0,
    "later today": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "tonight": 0,
    "late tonight": 0,
    "earlier this morning": 0,
    "today's": 0,
    "yesterday": -1,
    "last night": -1,
    # News goes out in the morning: "overnight" is the night before, dated by the day it began.
    "overnight": -1,
    "late last night": -1,
    "early yesterday": -1,
    "late yesterday": -1,
    "the day before yesterday": -2,
    "tomorrow": 1,
    "the day after tomorrow": 2,
}
_RELATIVE_UNIT = re.compile(
    r"^(?:(?P<this>this|earlier this|later this|late this|early this|the(?= (?:week|month|year)$))|"
    r"(?P<last>last|the last|late last|early last)|(?P<next>next|early next|late next)) "
    r"(?:(?:fiscal|financial|calendar) (?=year))?(?P<unit>week|month|year|weekend)$"
)
_AGO = re.compile(
    rf"^(?:about |some |nearly |almost |more than |over )?(?P<count>{_COUNT_RE}) "
    rf"(?P<unit>day|week|month|year)s? ago$"
)


def resolve_phrase(phrase: str, today: dt.date | None, *, forward: bool = False) -> Resolved | None:
    """(date, precision) for a normalised phrase, or None when no rule knows it."""
    if phrase in _SPECIAL_DAYS:
        return _shift_days(today, _SPECIAL_DAYS[phrase])
    bare = _LEADING_TIME.sub("", _TIME_OF_DAY.sub("", phrase).strip(" ,"))
    if bare != phrase and bare in _SPECIAL_DAYS:
        return _shift_days(today, _SPECIAL_DAYS[bare])
    # Strip framing words repeatedly: "since early September", "on the night of Thursday".
    while True:
        stripped = _FRAME.sub("", bare, count=1).strip(" ,-")
        if stripped == bare or not stripped:
            break
        bare = stripped
    if bare in _SPECIAL_DAYS:
        return _shift_days(today, _SPECIAL_DAYS[bare])
    for rule in (
        _rule_relative_unit,
        _rule_weekend,
        _rule_ago,
        _rule_numeric,
        _rule_day_month,
        _rule_day_range,
        _rule_month,
        _rule_weekday,
        _rule_year,
    ):
        resolved = rule(bare, today, forward)
        if resolved is not None:
            return resolved
    return None


def _shift_days(today: dt.date | None, days: int) -> Resolved | None:
    if today is None:
        return None
    return today + dt.timedelta(days=days), DatePrecision.DAY


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _month_start(year: int, month: int, shift: int = 0) -> dt.date:
    index = year * 12 + (month - 1) + shift
    return dt.date(index // 12, index % 12 + 1, 1)


def _rule_relative_unit(phrase: str, today: dt.date | None, forward: bool = False) -> Resolved | None:
    match = _RELATIVE_UNIT.match(phrase)
    if match is None or today is None:
        return None
    shift = 0 if match["this"] else (-1 if match["last"] else 1)
    unit = match["unit"]
    if unit == "weekend":
        return _weekend(today, {-1: "last", 0: "this", 1: "next"}[shift])
    if unit == "week":
        return monday(today) + dt.timedelta(weeks=shift), DatePrecision.WEEK
    if unit == "month":
        return _month_start(today.year, today.month, shift), DatePrecision.MONTH
    return dt.date(today.year + shift, 1, 1), DatePrecision.YEAR


def _weekend(today: dt.date, which: str) -> Resolved:
    # The Saturday of the weekend meant; the value is the Monday of its ISO week.
    saturday = today - dt.timedelta(days=(today.weekday() - 5) % 7)
    if which == "this":  # the weekend of the publication week: ahead on weekdays, current at weekends
        saturday = monday(today) + dt.timedelta(days=5)
    elif which == "last" and today.weekday() >= 5:
        saturday -= dt.timedelta(weeks=1)
    elif which == "next":
        saturday = monday(today) + dt.timedelta(days=12)
    return monday(saturday), DatePrecision.WEEK


def _rule_weekend(phrase: str, today: dt.date | None, forward: bool = False) -> Resolved | None:
    if today is None or phrase not in {"the weekend", "weekend", "this past weekend", "the past weekend"}:
        return None
    return _weekend(today, "recent")


def _rule_ago(phrase: str, today: dt.date | None, forward: bool = False) -> Resolved | None:
    match = _AGO.match(phrase)
    if match is None or today is None:
        return None
    count_text = match["count"]
    count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS[count_text]
    unit = match["unit"]
    if unit == "day":
        return today - dt.timedelta(days=count), DatePrecision.DAY
    if unit == "week":
        return monday(today - dt.timedelta(weeks=count)), DatePrecision.WEEK
    if unit == "month":
        return _month_start(today.year, today.month, -count), DatePrecision.MONTH
    return dt.date(today.year - count, 1, 1), DatePrecision.YEAR


_NUMERIC = re.compile(
    r"^(?:(?P<iy>(?:19|20)\d\d)[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})|"
    r"(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?P<y>(?:19|20)\d\d))$"
)


def _rule_numeric(phrase: str, today: dt.date | None, forward: bool = False) -> Resolved | None:
    match = _NUMERIC.match(phrase)
    if match is None:
        return None
    if match["iy"]:
        day = _safe_date(int(match["iy"]), int(match["im"]), int(match["id"]))
        return (day, DatePrecision.DAY) if day else None
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    day_first = _safe_date(year, second, first)
    month_first = _safe_date(year, first, second)
    if day_first and month_first and today is not None and day_first > today >= month_first:
        return month_first, DatePrecision.DAY
    chosen = day_first or month_first
    return (chosen, DatePrecision.DAY) if chosen else None


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_WEEKDAY_PREFIX = rf"(?:(?:{_WEEKDAY_RE})\.?,? (?:the )?)?"
_MONTH_DAY = re.compile(rf"^{_WEEKDAY_PREFIX}(?P<month>{_MONTH_RE})\.? {_DAY_RE}(?:,? {_YEAR_RE})?$")
_DAY_MONTH = re.compile(rf"^{_WEEKDAY_PREFIX}{_DAY_RE}(?: of)? (?P<month>{_MONTH_RE})\.?(?:,? {_YEAR_RE})?$")


def _rule_day_month(phrase: str, today: dt.date | None, forward: bool = False) -> Resolved | None:
    match = _MONTH_DAY.match(phrase) or _DAY_MONTH.match(phrase)
    if match is None:
        return None
    month, day = _MONTHS[match["month"]], int(match["day"])
    if match["year"]:
        value = _safe_date(int(match["year"]), month, day)
    else:
        value = _nearest_day_month(month, day, today, forward)
    return (value, DatePrecision.DAY) if value else None


def _nearest_day_month(month: int, day: int, today: dt.date | None, forward: bool = False) -> dt.date | None:
    """The latest such day at or before ``today``, or with ``forward`` the first at or after it."""
    if today is None:
        return None
    years = range(today.year, today.year + 8) if forward else range(today.year, today.year - 8, -1)
    for year in years:  # 8 years reaches the neighbouring 29 February
        value = _safe_date(year, month, day)
        if value is not None and (value >= today if forward else value <= today):
            return value
    return None


def _rule_day_range(phrase: str, today: dt.date | None, forward: bool = False) -> Resolved | None:
    # "September 14-16", "14 to 16 November": the ISO week when the days share one, else the month.
    match = _DAY_RANGE.match(phrase)
    if match is None:
        return None
    if match["m1"]:
        month1, day1, day2 = _MONTHS[match["m1"]], int(match["d1"]), int(match["d2"])
        month2 = _MONTHS[match["m2"]] if match["m2"] else month1
        year_text = match["year"]
    else:
        month2, day1, day2 = _MONTHS[match["n2"]], int(match["e1"]), int(match["e2"])
        month1 = _MONTHS[match["n1"]] if match["n1"] else month2
        year_text = match["eyear"]
    if year_text:
        first = _safe_date(int(year_text), month1, day1)
    else:
        first = _nearest_day_month(month1, day1, today, forward)
    if first is None:
        return None
    last = _safe_date(first.year + (1 if month2 < month1 else 0), month2, day2)
    if last is None or last < first:
        return None
    if monday(first) == monday(last):
        return monday(first), DatePrecision.WEEK
    return _month_start(first.year, first.month), DatePrecision.MONTH


_MONTH_ONLY = re.compile(
    rf"^(?:(?P<rel>last|this|next|this past|the past) )?(?P<month>{_MONTH_RE})\.?(?:,? (?:of )?{_YEAR_RE})?$"
)


def _rule_month(phrase: str, today: dt.date | None, forward: bool = False) -> Resolved | None:
    match = _MONTH_ONLY.match(phrase)
    if match is None:
        return None
    month = _MONTHS[match["month"]]
    if match["year"]:
        return dt.date(int(match["year"]), month, 1), DatePrecision.MONTH
    if today is None:
        return None
    rel = match["rel"]
    if rel == "next":
        year = today.year if month > today.month else today.year + 1
    elif rel == "this":
        year = today.year
    elif rel is not None:  # "last September" is strictly before the publication month
        year = today.year if month < today.month else today.year - 1
    elif forward:  # "due to be published in May": the next May, the current month included
        year = today.year if month >= today.month else today.year + 1
    else:
        year = today.year if month <= today.month else today.year - 1
    return dt.date(year, month, 1), DatePrecision.MONTH


_WEEKDAY_ONLY = re.compile(
    rf"^(?:(?P<rel>last|this|next|this past|past) )?(?P<weekday>{_WEEKDAY_RE})\.?"
    r"(?:,? (?P<week>last|this|next) week)?$"  # "Tuesday last week"
)
_WEEK_SHIFT = {"last": -1, "this": 0, "next": 1}


def _rule_weekday(phrase: str, today: dt.date | None, forward: bool = False) -> Resolved | None:
    match = _WEEKDAY_ONLY.match(phrase)
    if match is None or today is None:
        return None
    weekday = _WEEKDAYS[match["weekday"]]
    rel = match["rel"]
    if match["week"]:
        if rel:
            return None
        week_start = monday(today) + dt.timedelta(weeks=_WEEK_SHIFT[match["week"]])
        return week_start + dt.timedelta(days=weekday), DatePrecision.DAY
    if rel == "next":
        return today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7), DatePrecision.DAY
    if rel == "this":
        return monday(today) + dt.timedelta(days=weekday), DatePrecision.DAY
    if rel is None and forward:  # "will meet on Saturday": the next Saturday, today included
        return today + dt.timedelta(days=(weekday - today.weekday()) % 7), DatePrecision.DAY
    back = (today.weekday() - weekday) % 7
    if rel is not None and back == 0:  # "last Friday" on a Friday is a week ago
        back = 7
    return today - dt.timedelta(days=back), DatePrecision.DAY


_YEAR_ONLY = re.compile(rf"^(?:(?:the )?year )?{_YEAR_RE}$")


def _rule_year(phrase: str, today: dt.date | None, forward: bool = False) -> Resolved | None:
    match = _YEAR_ONLY.match(phrase)
    if match is None:
        return None
    return dt.date(int(match["year"]), 1, 1), DatePrecision.YEAR

"""Named similarity features between two mentions, the weighted score, and the same-article rules."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from eventwire.merge.records import DateInterval, MentionRecord, date_interval
from eventwire.merge.tables import FEATURES, MergeSettings, stopwords
from eventwire.model import LocationPrecision, Place

_FINE = {LocationPrecision.POINT, LocationPrecision.CITY, LocationPrecision.ADMIN2}
_WORD = re.compile(r"[a-z][a-z'-]+")


@dataclass(frozen=True, slots=True)
class PairScore:
    """One comparison: the feature values (0..1), the raw measures behind them and the score.

    ``blocked`` names the same-article rule that forbids the link (the score is then 0)."""

    features: dict[str, float]
    raw: dict[str, float | None]
    score: float
    blocked: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "features": {name: round(value, 4) for name, value in self.features.items()},
            "raw": {name: (round(value, 3) if isinstance(value, float) else value) for name, value in self.raw.items()},
            "score": round(self.score, 4),
            "blocked": self.blocked,
        }


def haversine_km(a: Place, b: Place) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _distance(a: Place | None, b: Place | None, settings: MergeSettings) -> tuple[float | None, float | None]:
    """(feature, km). Two fine places compare by distance; a coarse place only by containment."""
    if a is None or b is None:
        return None, None
    km = haversine_km(a, b)
    if a.precision in _FINE and b.precision in _FINE and km is not None:
        span = settings.distance_zero_km - settings.distance_full_km
        return max(0.0, min(1.0, 1 - (km - settings.distance_full_km) / span)), km
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return 1.0, km
    if a.admin1 and a.admin1 == b.admin1 and a.country == b.country:
        return settings.distance_same_admin1, km
    if a.country and a.country == b.country:
        return settings.distance_same_country, km
    return 0.0, km


# Bounded small: an entry costs about 2 kB, and a batch profiles each mention once anyway (MergeEngine).
@lru_cache(maxsize=4096)
def content_words(sentence: str) -> frozenset[str]:
    """Lower-case words of a sentence without function words and numbers, crudely stemmed (plural s)."""
    stop = stopwords()
    words = set()
    for word in _WORD.findall(sentence.lower()):
        if word in stop:
            continue
        words.add(word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word)
    return frozenset(words)


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float | None:
    if not a or not b:
        return None
    return len(a & b) / len(a | b)


def _actor_keys(record: MentionRecord) -> set[str]:
    keys = set()
    for actor in record.mention.actors:
        keys.add(f"{actor.role.value}:{actor.name.lower()}")
        if actor.sector:
            keys.add(f"{actor.role.value}:sector:{actor.sector}")
    return keys


def _count_agreement(a: int | None, b: int | None) -> float | None:
    if a is None or b is None:
        return None
    if a == b:
        return 1.0
    return min(a, b) / max(a, b)


def _casualties(x: MentionRecord, y: MentionRecord) -> float | None:
    fx, fy = x.mention.fatalities, y.mention.fatalities
    if fx is None or fy is None:
        return None
    values = [v for v in (_count_agreement(fx.killed, fy.killed), _count_agreement(fx.injured, fy.injured)) if v is not None]
    return sum(values) / len(values) if values else None


def _type_mode(x: MentionRecord, y: MentionRecord) -> float:
    a, b = x.mention, y.mention
    if a.type is not b.type:
        return 0.3
    if a.mode == b.mode:
        return 1.0
    if a.mode is None or b.mode is None:
        return 0.8
    return 0.6


def _date(ix: DateInterval | None, iy: DateInterval | None, settings: MergeSettings) -> tuple[float | None, int | None]:
    if ix is None or iy is None:
        return None, None
    gap = ix.gap_days(iy)
    return max(0.0, 1 - gap / settings.date_zero_days), gap


def _same_document_block(x: MentionRecord, y: MentionRecord, gap: int | None, km: float | None,
                         ix: DateInterval | None, iy: DateInterval | None,
                         settings: MergeSettings) -> str | None:
    """Why two mentions of one document are different events (None when they may be one event).

    One article names each occurrence with its own details: a second date, a second toll or a second
    town means a second event ("A strike in September killed nine")."""
    a, b = x.mention, y.mention
    if a.type is not b.type:
        return "same-document-different-type"
    if ix and iy and ix.precision != "undated" and iy.precision != "undated" and gap:
        return "same-document-different-date"
    fa, fb = a.fatalities, b.fatalities
    if fa and fb and fa.killed is not None and fb.killed is not None and fa.killed != fb.killed:
        return "same-document-different-toll"
    if (
        a.location and b.location and a.location.precision in _FINE and b.location.precision in _FINE
        and km is not None and km > settings.same_document_max_km
    ):
        return "same-document-different-place"
    return None


@dataclass(frozen=True, slots=True)
class Profile:
    """What `compare` needs of one mention, computed once per mention."""

    record: MentionRecord
    interval: DateInterval | None
    words: frozenset[str]
    actors: frozenset[str]


def profile(record: MentionRecord, settings: MergeSettings) -> Profile:
    return Profile(
        record,
        date_interval(record, settings.undated_before_days),
        content_words(record.mention.sentence.text),
        frozenset(_actor_keys(record)),
    )


def compare(x: MentionRecord | Profile, y: MentionRecord | Profile, settings: MergeSettings) -> PairScore:
    """Score how likely two mentions report the same occurrence (0..1) with every named feature."""
    px = x if isinstance(x, Profile) else profile(x, settings)
    py = y if isinstance(y, Profile) else profile(y, settings)
    x, y = px.record, py.record
    ix, iy = px.interval, py.interval
    distance, km = _distance(x.mention.location, y.mention.location, settings)
    date, gap = _date(ix, iy, settings)
    words = _jaccard(px.words, py.words)
    actors = _jaccard(px.actors, py.actors)
    measured: dict[str, float | None] = {
        "distance": distance,
        "date": date,
        "type_mode": _type_mode(x, y),
        "actors": actors,
        "casualties": _casualties(x, y),
        "words": None if words is None else min(1.0, words / settings.words_full_jaccard),
    }
    # One pass over the features (this runs for every candidate pair): the same sums, in the same
    # order, as sum() over FEATURES, so the scores are the same to the last bit.
    features: dict[str, float] = {}
    weights, unknown = settings.weights, settings.unknown_value
    total = weighted = 0.0
    for name in FEATURES:
        value = measured[name]
        value = unknown if value is None else value
        features[name] = value
        weight = weights[name]
        total += weight
        weighted += weight * value
    score = weighted / total
    raw: dict[str, float | None] = {
        "distance_km": km, "date_gap_days": None if gap is None else float(gap),
        "word_jaccard": words, "actor_jaccard": actors,
    }
    blocked = None
    if x.document == y.document:
        blocked = _same_document_block(x, y, gap, km, ix, iy, settings)
        if blocked is None:
            # Repeated mentions of one occurrence in one article share few words ("The strike set
            # fire to ..."); passing the rules above is strong evidence on its own.
            score = max(score, settings.same_document_floor)
    return PairScore(features=features, raw=raw, score=0.0 if blocked else score, blocked=blocked)

"""Name keys: the one normalisation (case, accents, punctuation) used to match place and country names."""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from importlib import resources

# Letters NFKD does not decompose into ASCII, folded by hand so "Łódź" and "Lodz" share a key.
_EXTRA_FOLDS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "þ": "th",
        "Þ": "th",
        "ħ": "h",
        "Ħ": "h",
        "ŧ": "t",
        "ŀ": "l",
    }
)
# Apostrophes, transliteration marks and dots vanish ("Sana'a" = "Sanaa", "U.S." = "US", "St. Louis").
_DROP = re.compile(r"[.'’‘`ʼʻʿʾ´\u02b9\u02bc]")
# Hyphens, dashes, commas, slashes and brackets become spaces ("Port-au-Prince" = "Port au Prince").
_SPACE = re.compile(r"[\s\-‐‑‒–—,/()\[\]\"“”]+")
_LEADING_THE = re.compile(r"^the\s+")


def fold(text: str) -> str:
    """ASCII-fold accents and special letters, keeping case and punctuation."""
    if text.isascii():  # most names in English news: nothing to fold, and NFKD is the slow part
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_FOLDS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_key(text: str) -> str:
    """The lookup key of a name: folded, lower case, no dots or apostrophes, single spaces, no leading "the"."""
    key = _DROP.sub("", fold(text).casefold())
    key = _SPACE.sub(" ", key).strip()
    return _LEADING_THE.sub("", key)


def is_latin_key(key: str) -> bool:
    """True when a key is plain ASCII, i.e. a name an English-language article could spell."""
    return key.isascii() and any(ch.isalpha() for ch in key)


@functools.cache
def _short_forms() -> dict[str, str]:
    text = resources.files("eventwire.resolve").joinpath("data", "place_short_forms.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {row["surface"].strip(): row["place"].strip() for row in csv.DictReader(lines)}


def expand_short_form(surface: str) -> str:
    """The full name of a dotted or capitalised short form ("L.A." -> "Los Angeles"), matched on the exact
    surface text because the name key would confuse it with another place ("La." is Louisiana)."""
    return _short_forms().get(surface.strip(), surface)

"""Plain text and shared helpers: decoding bytes, stable article ids, publication dates."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from eventwire.errors import BadInputError, UnreadableSourceError

_WHITESPACE_RUN = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# Lone surrogates (from JSON "\\ud800" escapes or surrogateescape decoding) cannot be encoded, hashed or
# stored; NUL and other control characters break PostgreSQL text and terminals. Both are replaced before
# any offset is computed, so spans stay exact.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a source's bytes as text, refusing binary content with a clear error."""
    if b"\x00" in data[:8192]:
        raise UnreadableSourceError(f"{source}: looks like a binary file, not text or HTML")
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    text = data.decode("cp1252", errors="replace")
    # cp1252 decodes nearly anything; too many control or replacement characters means binary.
    suspicious = sum(1 for char in text[:8192] if char == "\ufffd" or (ord(char) < 32 and char not in "\n\r\t"))
    if suspicious > max(8, len(text[:8192]) // 50):
        raise UnreadableSourceError(f"{source}: not decodable as text (binary or unknown encoding)")
    return text


def scrub(text: str) -> str:
    """The text with lone surrogates replaced (U+FFFD) and NUL and other control characters dropped."""
    return _CONTROL.sub("", _LONE_SURROGATE.sub("\ufffd", text))


def scrub_field(value: str | None) -> str | None:
    """A metadata value (title, outlet, URL, author) scrubbed and stripped; None when nothing is left."""
    if value is None:
        return None
    return " ".join(scrub(value).split()) or None


def normalize_text(text: str) -> str:
    """The stored form of an article's text: NFC, unified newlines, no trailing spaces."""
    text = scrub(text)
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_WHITESPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def article_id_for(text: str) -> str:
    """A stable id from the normalized text, so the same article gets the same id everywhere."""
    folded = " ".join(text.lower().split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


def parse_published(value: str) -> dt.datetime:
    """Parse an ISO 8601 date or datetime given by a user; naive values are taken as UTC."""
    raw = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(raw)  # Python 3.11 reads a trailing Z itself
    except ValueError as error:
        raise BadInputError(
            f"cannot parse publication date {value!r}: use ISO 8601, e.g. 2025-11-14 or 2025-11-14T06:30:00+00:00"
        ) from error
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed

"""The pure dedup module: exact keys, and syndicated near-copies linked to the first-stored text."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.ingest.dedup import (
    DEFAULT_THRESHOLD,
    SyndicationIndex,
    jaccard,
    normalize_url,
    signature,
    signature_from_bytes,
    signature_to_bytes,
    text_hash,
)

FIXTURES = Path(__file__).parent / "data" / "syndication"


def fixture(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def test_text_hash_ignores_spacing_case_and_punctuation() -> None:
    assert text_hash("Dock workers  walked off,\n the job.") == text_hash("dock workers walked off the job")
    assert text_hash("Dock workers walked off the job.") != text_hash("Dock workers walked on the job.")


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("HTTPS://News.Example.org/a/?utm_source=x&b=2&a=1#top", "https://news.example.org/a?a=1&b=2"),
        ("http://news.example.org:80/a", "https://news.example.org/a"),
        ("https://news.example.org:8443/a", "https://news.example.org:8443/a"),
        ("ftp://news.example.org/a", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_url(url: str | None, key: str | None) -> None:
    assert normalize_url(url) == key


@pytest.mark.parametrize(
    ("name", "linked"),
    [("copy_light", True), ("copy_heavy", True), ("same_event", False), ("other_event", False)],
)
def test_syndicated_copies_are_linked_and_other_stories_are_not(name: str, linked: bool) -> None:
    index = SyndicationIndex(DEFAULT_THRESHOLD)
    index.add("wire", signature(fixture("wire")))
    match = index.match(signature(fixture(name)))
    assert (match is not None) is linked
    if linked:
        assert match is not None and match.root_id == "wire"


def test_threshold_sits_between_copies_and_own_stories() -> None:
    wire = fixture("wire")
    copies = [jaccard(wire, fixture(name)) for name in ("copy_light", "copy_heavy")]
    own = [jaccard(wire, fixture(name)) for name in ("same_event", "other_event")]
    assert min(copies) > DEFAULT_THRESHOLD + 0.1
    assert max(own) < DEFAULT_THRESHOLD - 0.2


def test_copies_of_copies_point_at_the_root() -> None:
    index = SyndicationIndex()
    index.add("wire", signature(fixture("wire")))
    first = index.match(signature(fixture("copy_light")))
    assert first is not None
    index.add("light", signature(fixture("copy_light")), copy_of=first.root_id)
    again = index.match(signature(fixture("copy_light") + " One more line of local colour."))
    assert again is not None and again.root_id == "wire"


def test_signatures_survive_bytes() -> None:
    original = signature(fixture("wire"))
    restored = signature_from_bytes(signature_to_bytes(original))
    assert restored.jaccard(original) == 1.0
    assert len(signature_to_bytes(original)) == 128 * 8

"""The pure dedup module: exact keys, and syndicated near-copies linked to the first-stored text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
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


def _near_copies(count: int, seed: int) -> list[str]:
    """Invented texts from a small vocabulary, and edited copies of some of them."""
    import random

    rng = random.Random(seed)
    words = [f"word{index}" for index in range(400)]
    texts: list[str] = []
    for _ in range(count):
        if texts and rng.random() < 0.4:
            base = rng.choice(texts).split()
            for _ in range(rng.randrange(1, 30)):  # edits: from a light touch to a rewrite
                base[rng.randrange(len(base))] = rng.choice(words)
            texts.append(" ".join(base))
        else:
            texts.append(" ".join(rng.choice(words) for _ in range(rng.randrange(60, 160))))
    return texts


def test_the_index_finds_what_banded_lsh_defines() -> None:
    """Brute force over the definition (a candidate shares one whole band; the best estimate at or
    above the threshold wins, ties to the larger id) gives the same matches and roots."""
    from eventwire.ingest.dedup import _banding

    bands, rows = _banding(DEFAULT_THRESHOLD)
    index = SyndicationIndex(DEFAULT_THRESHOLD)
    kept_ids: list[str] = []
    kept = np.zeros((0, 128), dtype=np.uint64)
    roots: dict[str, str] = {}
    linked = 0
    for number, text in enumerate(_near_copies(500, seed=3)):
        minhash = signature(text)
        equal = kept == minhash.hashvalues.astype(np.uint64)
        shares_band = equal[:, : bands * rows].reshape(len(kept), bands, rows).all(axis=2).any(axis=1)
        similarities = equal.sum(axis=1) / 128
        expected = max(
            ((float(similarities[row]), kept_ids[row]) for row in np.flatnonzero(shares_band)
             if similarities[row] >= DEFAULT_THRESHOLD),
            default=None,
        )
        found = index.match(minhash)
        if expected is None:
            assert found is None
            copy_of = None
        else:
            assert found is not None and (found.similarity, found.matched_id) == expected
            assert found.root_id == roots.get(expected[1], expected[1])
            copy_of = found.root_id
            roots[f"a{number:04d}"] = copy_of
            linked += 1
        article_id = f"a{number:04d}"
        if number % 3 == 0:  # some arrive as stored bytes, as when the index is loaded from the store
            index.add_bytes(article_id, signature_to_bytes(minhash), copy_of=copy_of)
        else:
            index.add(article_id, minhash, copy_of=copy_of)
        kept_ids.append(article_id)
        kept = np.vstack([kept, minhash.hashvalues.astype(np.uint64)])
    assert linked > 80 and len(index) == 500


def test_the_index_keeps_only_the_latest_articles() -> None:
    index = SyndicationIndex(DEFAULT_THRESHOLD, capacity=2)
    wire = signature(fixture("wire"))
    index.add("wire", wire)
    assert index.match(signature(fixture("copy_light"))) is not None
    index.add("one", signature(fixture("same_event")))
    index.add("two", signature(fixture("other_event")))  # the wire story leaves the index
    assert len(index) == 2
    assert index.match(signature(fixture("copy_light"))) is None
    index.add("wire-again", wire)
    assert index.match(signature(fixture("copy_light"))).matched_id == "wire-again"
    with pytest.raises(ValueError, match="capacity"):
        SyndicationIndex(capacity=0)

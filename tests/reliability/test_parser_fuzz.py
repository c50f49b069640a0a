"""Every ingest parser on mutated valid documents (cut short, bytes flipped or inserted, other encodings,
deep nesting, huge attributes): only Articles, Rejects or typed errors, never an unhandled exception."""

from __future__ import annotations

import pytest
from formats import CSV_MAP, SAMPLES, mutated, parse_outcome, read_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.model import Article

FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def _field_map(name: str) -> dict[str, str] | None:
    return CSV_MAP if name == "csv-mapped" else None


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_sample_is_read(name: str) -> None:
    items = read_bytes(SAMPLES[name](), _field_map(name))
    if name == "sitemap":  # its pages would be fetched: with the network refused, each is a Reject
        assert items and not any(isinstance(item, Article) for item in items)
    else:
        assert any(isinstance(item, Article) for item in items), items


@pytest.mark.parametrize("name", sorted(SAMPLES))
@FUZZ
@given(data=st.data())
def test_mutated_samples(name: str, data: st.DataObject) -> None:
    sample = SAMPLES[name]()
    _, mutant = data.draw(mutated(sample))
    parse_outcome(mutant, _field_map(name))

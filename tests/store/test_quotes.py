"""Quotes by speaker (any form of the name), words and date, with canonical names and cursors, on both backends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from quote_samples import quote_results

from eventwire.errors import BadInputError
from eventwire.store import open_store
from eventwire.store.sql import SqlStore


@pytest.fixture(scope="module")
def store(module_store_url: str) -> Iterator[SqlStore]:
    opened = open_store(module_store_url)
    for result in quote_results():
        assert opened.add_result(result)
    yield opened
    opened.close()


def texts(store: SqlStore, **query: object) -> list[str]:
    return [quote["text"] for quote in store.query_quotes(**query).quotes]


MARA = [
    "No convoy has been stopped at the border.",
    "The strikes on the depot were a grave provocation.",
    "We expect the convoy to be escorted by the navy.",
    "The convoy will reach the port before winter.",
]


@pytest.mark.parametrize("speaker", ["Mara Quintero", "Defense Minister Mara Quintero", "mara quintero",
                                     "Minister Mara Quintero"])
def test_full_name_finds_every_form_but_not_a_namesake(store: SqlStore, speaker: str) -> None:
    assert texts(store, speaker=speaker) == MARA


def test_surname_alone_finds_everyone_with_it(store: SqlStore) -> None:
    assert texts(store, speaker="Quintero") == [*MARA, "Our harbour workers have not been paid since August."]
    assert texts(store, speaker="Tomas Quintero") == [  # a surname-only quote could be either Quintero
        "No convoy has been stopped at the border.",
        "We expect the convoy to be escorted by the navy.",
        "Our harbour workers have not been paid since August.",
    ]


def test_canonical_name(store: SqlStore) -> None:
    by_text = {quote["text"]: quote for quote in store.query_quotes(speaker="Defense Minister Quintero").quotes}
    # "Minister Quintero" on its own: two people named Quintero are known, so no full name is guessed.
    assert by_text["No convoy has been stopped at the border."]["speaker_name"] == "Minister Quintero"
    named = store.query_quotes(speaker="Mara Quintero").quotes
    assert {quote["speaker_name"] for quote in named if quote["speaker"] != "Quintero"
            and quote["speaker"] != "Minister Quintero"} == {"Mara Quintero"}
    okafor = store.query_quotes(speaker="Okafor").quotes
    assert [(quote["speaker_key"], quote["speaker_name"]) for quote in okafor] == [("okafor", "Lena Okafor")]


def test_words_and_since(store: SqlStore) -> None:
    assert texts(store, q="convoy") == [MARA[0], MARA[2], MARA[3]]
    assert texts(store, q="convoy port") == [MARA[3]]
    assert texts(store, speaker="Quintero", q="depot") == [MARA[1]]
    assert texts(store, q="depot", since=dt.date(2025, 11, 10)) == ["The depot fire burned for two days."]
    assert texts(store, since=dt.date(2025, 11, 13)) == []
    assert texts(store, q="?!") == []


def test_unnamed_and_role_only_speakers_have_no_key(store: SqlStore) -> None:
    quotes = store.query_quotes(limit=100).quotes
    assert len(quotes) == 8
    unnamed = {quote["text"]: quote["speaker_key"] for quote in quotes if quote["speaker_key"] is None}
    assert set(unnamed) == {"Nobody told us anything about the port closure.",
                            "There will be no further statements today."}


def test_cursor_pages(store: SqlStore) -> None:
    everything = texts(store)
    seen, cursor = [], None
    while True:
        page = store.query_quotes(limit=3, cursor=cursor)
        seen.extend(quote["text"] for quote in page.quotes)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == everything and len(seen) == 8


@pytest.mark.parametrize(("query", "message"), [
    ({"speaker": "the minister"}, "names no one"),
    ({"cursor": "junk"}, "cursor is not valid"),
    ({"limit": -1}, "must not be negative"),
])
def test_bad_queries(store: SqlStore, query: dict[str, object], message: str) -> None:
    with pytest.raises(BadInputError, match=message):
        store.query_quotes(**query)

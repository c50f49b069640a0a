"""Actor coding (resolve/actors.py): canonical name, country and sector, table-driven on invented mentions."""

from __future__ import annotations

import pytest

from eventwire.model import ActorMention, ActorRole
from eventwire.resolve.actors import code_actor, sector_table

# text, head lemma, entity label, lemmas -> name, country, sector
CASES = [
    ("Venezuela", "Venezuela", "GPE", ("venezuela",), "Venezuela", "VEN", "government"),
    ("the U.S.", "U.S.", "GPE", ("the", "u.s."), "United States", "USA", "government"),
    ("Russian forces", "force", "", ("russian", "force"), "Russian forces", "RUS", "military"),
    ("Sudanese police", "police", "", ("sudanese", "police"), "Sudanese police", "SDN", "police"),
    ("Congolese rebels", "rebel", "", ("congolese", "rebel"), "Congolese rebels", "COD", "rebels"),
    ("the Kenyan Defence Ministry", "ministry", "ORG", ("the", "kenyan", "defence", "ministry"),
     "Kenyan Defence Ministry", "KEN", "government"),
    ("unidentified gunmen", "gunman", "", ("unidentified", "gunman"), "unidentified gunmen", None, "criminal"),
    ("Ukrainians", "Ukrainians", "NORP", ("ukrainian",), "Ukrainians", "UKR", None),
    ("Israel's army", "army", "", ("israel", "'s", "army"), "Israel's army", "ISR", "military"),
    ("villagers", "villager", "", ("villager",), "villagers", None, "civilians"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "head", "label", "lemmas", "name", "country", "sector"), CASES, ids=[c[0] for c in CASES]
)
def test_code_actor(
    text: str, head: str, label: str, lemmas: tuple[str, ...], name: str, country: str | None, sector: str | None
) -> None:
    mention = ActorMention(ActorRole.SOURCE, text, 5, 5 + len(text), head, label, lemmas)
    actor = code_actor(mention)
    assert (actor.name, actor.country, actor.sector) == (name, country, sector)
    assert (actor.role, actor.text, actor.start, actor.end) == (ActorRole.SOURCE, text, 5, 5 + len(text))


def test_sector_table_uses_design_sectors() -> None:
    allowed = {
        "government", "military", "police", "rebels", "militia", "criminal", "protesters", "civilians",
        "media", "igo", "ngo", "business", "religious", "opposition", "other",
    }  # fmt: skip
    assert set(sector_table().values()) <= allowed

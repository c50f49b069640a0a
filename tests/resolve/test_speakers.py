"""Speaker names to keys: titles and roles stripped, surname key, given name kept, no key for no name."""

from __future__ import annotations

import pytest

from eventwire.resolve.speakers import SpeakerName, display_name, speaker_key, speaker_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Quintero", SpeakerName("quintero", None)),
        ("Mara Quintero", SpeakerName("quintero", "mara")),
        ("Defense Secretary Quintero", SpeakerName("quintero", None)),
        ("Defence Minister Mara Quintero", SpeakerName("quintero", "mara")),
        ("Secretary of State Mara Quintero", SpeakerName("quintero", "mara")),
        ("Quintero's", SpeakerName("quintero", None)),
        ("Quintero\u2019s", SpeakerName("quintero", None)),
        ("QUINTERO", SpeakerName("quintero", None)),
        ("Gen. Tomás Ibarra Jr.", SpeakerName("ibarra", "tomas")),
        ("Dr. Lena Okafor-Brandt", SpeakerName("okafor-brandt", "lena")),
        ("Sheikh Omar al-Rashidi", SpeakerName("rashidi", "omar")),
        ("al-Rashidi", SpeakerName("rashidi", None)),
        ("Former Prime Minister Ivo Marek", SpeakerName("marek", "ivo")),
        ("Mayor Ana Ruiz III", SpeakerName("ruiz", "ana")),
    ],
)
def test_speaker_names(name: str, expected: SpeakerName) -> None:
    assert speaker_name(name) == expected


@pytest.mark.parametrize("name", [None, "", "he", "She", "the minister", "The Defense Secretary", "a spokesman",
                                  "...", "Mr."])
def test_no_name_no_key(name: str | None) -> None:
    assert speaker_key(name) is None


def test_the_three_forms_are_one_speaker() -> None:
    keys = {speaker_key(name) for name in ("Quintero", "Mara Quintero", "Defense Secretary Quintero")}
    assert keys == {"quintero"}


@pytest.mark.parametrize(("written", "shown"), [
    ("Defense Minister Mara Quintero", "Mara Quintero"),
    ("Gen. Tomás Ibarra Jr.", "Tomás Ibarra Jr."),
    ("Mara Quintero", "Mara Quintero"),
])
def test_display_name(written: str, shown: str) -> None:
    assert display_name(written) == shown

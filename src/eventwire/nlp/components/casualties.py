"""spaCy component that finds killed, injured, missing and arrested counts in each sentence (digits, words, ranges)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.nlp.numbers import COUNT, count_of, parse_count

# Up to six words between a count and its verb, none of them itself a casualty word.
_GAP = r"(?:(?!(?:killed|dead|died|injured|wounded|hurt|killing|injuring|wounding|missing|arrested|detained|and)\b)[\w'’-]+,?\s+){0,6}?"
# Who is counted: people by role, side or trade. A count of these followed by a casualty word is a toll.
_PEOPLE_PLURAL = (
    r"people|persons|civilians|soldiers|troops|police(?:men)?|officers|fighters|rebels|militants|children|women|men"
    r"|villagers|residents|protesters|demonstrators|worshippers|passengers|members|others|students|workers|farmers"
    r"|migrants|patients|herders|miners|fishermen|pilgrims|shoppers|refugees|prisoners|inmates|detainees|recruits"
    r"|guards|staff|employees|traders|motorists|pedestrians|relatives|teenagers|youths|bandits|insurgents"
    r"|jihadists|terrorists|gunmen|assailants|attackers|militiamen|combatants|gendarmes|personnel|peacekeepers"
    r"|volunteers|medics|paramedics|firefighters|rescuers|journalists|hostages|suspects|infants|babies|pupils"
    r"|teachers|nurses|doctors|officials|bystanders|passers-by|drivers|girls|boys|rangers|policemen|marines"
    r"|raiders|smugglers|kidnappers|robbers|looters|hunters|worshipers|commuters|mourners|guests|tourists|sailors"
    r"|crew|pilots|cadets|servicemen|troopers|militia members|elders|family members|hikers|vendors|labourers|laborers"
)
_PEOPLE_SINGULAR = (
    r"person|civilian|soldier|troop|policeman|officer|fighter|rebel|militant|child|woman|man|villager|resident"
    r"|protester|demonstrator|passenger|driver|member|student|worker|farmer|migrant|guard|passer-by|bystander"
    r"|other|attacker|gunman|girl|boy|pupil|teacher|nurse|doctor|journalist|official|patient|herder|miner"
    r"|fisherman|pilgrim|refugee|prisoner|inmate|detainee|recruit|trader|motorist|motorcyclist|pedestrian"
    r"|teenager|youth|bandit|insurgent|jihadist|assailant|militiaman|gendarme|peacekeeper|volunteer|medic"
    r"|paramedic|firefighter|hostage|suspect|infant|baby|ranger|marine|raider|smuggler|kidnapper|robber|looter"
    r"|hunter|commuter|mourner|guest|tourist|sailor|pilot|cadet|serviceman|trooper|elder|vendor|labourer|laborer"
)
_TOLL_NOUN = rf"(?:{_PEOPLE_PLURAL})"
_TOLL_NOUN_SINGULAR_OR_PLURAL = rf"(?:{_PEOPLE_PLURAL}|{_PEOPLE_SINGULAR}|motorcyclists)"
# Animals are no casualties ("killing dozens of cattle and seven herders": the toll is seven).
_ANIMALS = r"(?:cattle|cows|goats|sheep|camels|animals|livestock|chickens|donkeys|horses|pigs|dogs)"
_ANIMAL_PHRASE = rf"(?:{_ANIMALS}|(?:[\w-]+\s+){{1,3}}?(?:of\s+)?(?:[\w-]+\s+)?{_ANIMALS})"
# A count must not be an age, a year, a distance, a duration, a percentage or animals.
_NOT_A_TOLL = rf"(?!\s*(?:-?\s*years?\b|-year|%|percent|per cent|km|kilomet|miles?\b|metres|meters|hours?\b|minutes?\b|days?\b|weeks?\b|months?\b|times\b|am\b|pm\b|a\.m|p\.m|:\d)|\s+(?:of\s+)?(?:[\w-]+\s+)?{_ANIMALS}\b)"
# "Neutralised" is how armies report enemy dead; "beaten to death" and kin name the means of a killing.
_KILLED_WORDS = (
    r"(?:killed|dead|died|slain|massacred|executed|shot dead|lost their lives|perished|neutrali[sz]ed"
    r"|(?:beaten|stabbed|hacked|burned|burnt|stoned|clubbed|tortured|trampled|crushed) to death)"
)
# Verbs whose object is the dead ("killing 11", "massacred 30 villagers", "shot dead five men").
_KILLING_VERBS = (
    r"(?:killing|killed|kills|kill|claimed the lives of|murdered|murdering|massacred|massacring|slaughtered"
    r"|slaughtering|executed|executing|beheaded|beheading|lynched|lynching|shot dead|shooting dead|gunned down"
    r"|neutrali[sz]ed|neutrali[sz]ing)"
)
# A verb may quote its count ("killing “about 40 terrorists”") or count animals first ("killing dozens
# of cattle and at least seven herders": the toll is seven).
_KILLING = rf"{_KILLING_VERBS}\s+(?:{_ANIMAL_PHRASE}\s+and\s+)?[\"“]?"
_DEATH_VERB_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}
_ORDINAL = "|".join(_DEATH_VERB_ORDINALS)
# Being taken to hospital or treated for wounds is how many reports count the injured.
_INJURED_WORDS = (
    r"(?:injured|wounded|hurt|(?:taken|rushed|admitted|airlifted|evacuated) to (?:a |the )?(?:local )?hospitals?"
    r"|hospitali[sz]ed|treated for (?:\w+ )?(?:injuries|wounds|burns|gunshot wounds|breathing problems))"
)
_ARRESTED_WORDS = r"(?:arrested|detained|taken into custody|rounded up)"

# Two groups joined by "and" add up ("killing four soldiers and six fighters" = 10, "the driver and
# five passengers" = 6); the first may be a single person named by "the"/"a".
_SECOND = COUNT.replace("(?P<count>", "(?P<count2>").replace("(?P<low>", "(?P<low2>")
_PAIR = (
    rf"(?:{COUNT}{_NOT_A_TOLL}|(?P<single>the|a|an|one))\s+(?:[\w-]+\s+){{0,2}}?{_TOLL_NOUN_SINGULAR_OR_PLURAL}"
    rf"\s+and\s+(?:all\s+)?{_SECOND}{_NOT_A_TOLL}\s+(?:[\w-]+\s+){{0,2}}?{_TOLL_NOUN_SINGULAR_OR_PLURAL}\b"
)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("missing", rf"\b(?:leaving|left)\s+{COUNT}{_NOT_A_TOLL}\s+(?:\w+\s+)?missing\b"),
        ("killed", rf"\b(?:death toll|toll)\s+{_GAP}(?:to|at|of|reached|hit)\s+{COUNT}{_NOT_A_TOLL}"),
        ("killed", rf"\b(?:killing|killed|kills|kill|leaving|left)\s+{_PAIR}\s+dead\b"),
        ("killed", rf"\b{_KILLING}{_PAIR}"),
        # "four people, including two guards, were killed": the whole group, not the ones named inside it
        ("killed", rf"\b{COUNT}{_NOT_A_TOLL}\s+(?:[\w-]+\s+){{0,2}}?{_TOLL_NOUN_SINGULAR_OR_PLURAL},\s+(?:including|among them|among whom|most of them|many of them)\s+[^,.;]{{1,80}},\s+(?:were|was|have been|had been)\s+(?:\w+\s+)?{_KILLED_WORDS}\b"),
        # "at least 43 of our brothers and sisters were killed": a part of a group, named at any length
        ("killed", rf"\b{COUNT}{_NOT_A_TOLL}\s+of\s+(?:the|our|their|its|his|her|them)\b[^,.;]{{0,60}}?\s+(?:were|was|have been|had been)\s+(?:\w+\s+)?{_KILLED_WORDS}\b"),
        # "three police officers and all four attackers were killed" = 7
        ("killed", rf"\b{_PAIR}\s+(?:were|have been|had been|are|was)\s+(?:\w+\s+)?{_KILLED_WORDS}\b"),
        ("killed", rf"\b{_KILLING}{COUNT}{_NOT_A_TOLL}(?:\s+(?:{_TOLL_NOUN}|dead|of them|\w+)\b)?"),
        ("killed", rf"\b(?:shot|shooting|gunned|beat|beating|beaten|stabbed|stabbing|hacked|hacking|burned|burnt|stoned|stoning|clubbed|clubbing)\s+{COUNT}{_NOT_A_TOLL}(?:\s+[\w-]+){{0,3}}?\s+(?:dead|down|to death)\b"),
        ("killed", rf"\b(?:leaving|left)\s+{COUNT}{_NOT_A_TOLL}(?:\s+[\w-]+){{0,2}}?\s+dead\b"),
        ("killed", rf"\b{COUNT}{_NOT_A_TOLL}\s+(?:deaths|fatalities|bodies|dead)\b"),
        # "the bodies of five men were found", "the deaths of two young men"
        ("killed", rf"\b(?:bodies|remains|deaths|corpses|killings|murders)\s+of\s+{COUNT}{_NOT_A_TOLL}"),
        # a live blog's later toll: "a third death has been reported", "a fourth victim died in hospital"
        ("killed", rf"\b(?:a|the)\s+(?P<ordinal>{_ORDINAL})\s+(?:death|fatality|(?:victim|person|man|woman|child|soldier|protester)\s+(?:has\s+|had\s+)?(?:died|succumbed))\b"),
        ("killed", rf"\b{COUNT}{_NOT_A_TOLL}\s+{_GAP}(?:(?:were|was|have been|had been|are|is)\s+(?:\w+\s+)?)?{_KILLED_WORDS}\b"),
        ("injured", rf"\b(?:injuring|wounding|injured|wounded|injures|wounds|hurting)\s+{_PAIR}"),
        ("injured", rf"\b(?:injuring|wounding|injured|wounded|injures|wounds|hurting)\s+{COUNT}{_NOT_A_TOLL}"),
        ("injured", rf"\b{COUNT}{_NOT_A_TOLL}\s+(?:injuries|wounded|injured)\b"),
        ("injured", rf"\b(?:leaving|left)\s+{COUNT}{_NOT_A_TOLL}\s+(?:[\w-]+\s+){{0,2}}?with\s+(?:\w+\s+)?(?:injuries|wounds|burns)\b"),
        ("injured", rf"\b{COUNT}{_NOT_A_TOLL}\s+{_GAP}(?:sustained|suffered|received)\s+(?:\w+\s+){{0,2}}?(?:injuries|wounds|burns)\b"),
        ("injured", rf"\b{COUNT}{_NOT_A_TOLL}\s+(?:[\w-]+\s+){{0,2}}?{_TOLL_NOUN_SINGULAR_OR_PLURAL},\s+(?:including|among them|among whom|most of them|many of them)\s+[^,.;]{{1,80}},\s+(?:were|was|have been|had been)\s+(?:\w+\s+)?{_INJURED_WORDS}"),
        ("injured", rf"\b{COUNT}{_NOT_A_TOLL}\s+{_GAP}(?:(?:were|was|have been|had been|are|is)\s+(?:\w+\s+)?)?{_INJURED_WORDS}\b"),
        ("missing", rf"\b{COUNT}{_NOT_A_TOLL}\s+{_GAP}(?:(?:were|was|have been|had been|are|is|remain|remained|are still|were still)\s+)?(?:missing|unaccounted for)\b"),
        ("arrested", rf"\b(?:arresting|arrested|detaining|detained|rounding up|rounded up)\s+{COUNT}{_NOT_A_TOLL}"),
        ("arrested", rf"\b{COUNT}{_NOT_A_TOLL}\s+{_GAP}(?:(?:were|was|have been|had been|are|is)\s+(?:\w+\s+)?)?{_ARRESTED_WORDS}\b"),
        ("arrested", rf"\b{COUNT}{_NOT_A_TOLL}\s+arrests\b"),
    )
)
# A word every count pattern needs (stems): a sentence without one holds no count.
_ANY_CUE = re.compile(
    r"kill|dead|die|slain|massacre|execut|lives|perish|toll|fatalit|death|bodies|casualt|injur|wound|hurt"
    r"|harm|missing|unaccounted|arrest|detain|round|hospital|treated|sustained|suffered|gunned|lynch|murder|slaughter|behead|neutrali|succumb",
    re.IGNORECASE,
)
_NONE_KILLED = re.compile(
    r"\b(?:no one (?:was|were|has been) (?:killed|hurt|injured)|no (?:deaths|fatalities|casualties)\b"
    r"|(?:did not|didn't|does not) (?:result in|cause|lead to) (?:any )?(?:deaths|fatalities|casualties)"
    r"|without (?:causing )?(?:any )?(?:casualties|fatalities|deaths)|nobody was (?:killed|hurt|injured)"
    # Nobody hurt at all means nobody killed either.
    r"|(?:did not|didn't) (?:injure|hurt|wound|harm) (?:anyone|anybody))",
    re.IGNORECASE,
)
_NONE_INJURED = re.compile(
    r"\b(?:no (?:injuries|casualties)\b|no one (?:was|were) (?:hurt|injured)|nobody was (?:hurt|injured)"
    r"|(?:did not|didn't) (?:result in|cause|lead to) (?:any )?(?:(?:deaths|fatalities) or )?(?:injuries|casualties)"
    r"|(?:did not|didn't) (?:injure|hurt|wound) (?:anyone|anybody)|without (?:causing )?(?:any )?(?:casualties|injuries))",
    re.IGNORECASE,
)


def _pair_total(match: re.Match[str]) -> tuple[int | None, str]:
    """The sum of two groups joined by "and" (see _PAIR)."""
    first, words = (1, "1") if match.group("single") else count_of(match)
    second = parse_count(match.group("count2") or match.group("low2"))
    if first is None or second is None:
        return None, words
    return first + second, words


@dataclass(frozen=True, slots=True)
class CountMention:
    """One count in the text: how many were killed or injured, and the words that say so."""

    kind: str  # "killed" | "injured" | "missing" | "arrested"
    count: int
    text: str
    start: int
    end: int


def find_counts(text: str, offset: int = 0) -> list[CountMention]:
    """Every killed/injured count in a piece of text (one sentence), offsets shifted by ``offset``."""
    if not _ANY_CUE.search(text):
        return []  # most sentences name no casualty; the count patterns are costly to try
    found: list[CountMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if match.groupdict().get("ordinal"):
                count, words = _DEATH_VERB_ORDINALS[match.group("ordinal").lower()], match.group("ordinal")
            elif "count2" in match.groupdict():
                count, words = _pair_total(match)
            else:
                count, words = count_of(match)
            if count is None or (count >= 1900 and count <= 2100 and words.isdigit()):
                continue
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append(
                CountMention(kind, count, match.group(0), offset + match.start(), offset + match.end())
            )
    for kind, pattern in (("killed", _NONE_KILLED), ("injured", _NONE_INJURED)):
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken if kind == "killed"):
                continue
            found.append(CountMention(kind, 0, match.group(0), offset + match.start(), offset + match.end()))
    return sorted(found, key=lambda mention: mention.start)


@Language.factory("eventwire_casualties", requires=["doc.sents"], assigns=["doc._.casualties"])
def make_casualty_finder(nlp: Language, name: str) -> CasualtyComponent:
    return CasualtyComponent()


class CasualtyComponent:
    def __call__(self, doc: Doc) -> Doc:
        mentions: list[CountMention] = []
        for sentence in doc.sents:
            mentions.extend(find_counts(sentence.text, sentence.start_char))
        doc._.casualties = mentions
        return doc

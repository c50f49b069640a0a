"""A seeded synthetic news corpus of any size, from templates the team wrote (invented events and people).

    python bench/corpus.py 5000 var/bench/corpus-5000.jsonl [--seed 7]

Each article is a JSONL record (id, title, text, url, outlet, published) of 120-200 words: an attack,
protest, arrest, statement or agreement in a real city, with counts, dates, quotes and claims, so the
whole pipeline does real work. The same size and seed always give the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

PLACES = [
    ("Goma", "North Kivu"), ("Mosul", "Nineveh"), ("Kharkiv", "Kharkiv Oblast"), ("Gao", "Gao Region"),
    ("Maiduguri", "Borno"), ("Khartoum", "Khartoum State"), ("Tripoli", "Libya"), ("Port-au-Prince", "Haiti"),
    ("Mogadishu", "Banadir"), ("Aleppo", "Aleppo Governorate"), ("Kabul", "Kabul Province"),
    ("Sana'a", "Amanat al-Asimah"), ("Bamako", "Bamako District"), ("Culiacan", "Sinaloa"),
    ("Lahore", "Punjab"), ("Bogota", "Cundinamarca"), ("Yangon", "Yangon Region"), ("Beni", "North Kivu"),
]
GROUPS = [
    "the Red Dune militia", "the Eastern Front rebels", "the Viper Coast gang", "the Sand Lions brigade",
    "the Northern Watch cartel", "the Iron Hill armed group", "the Black Ridge movement",
]
PEOPLE = [
    ("Amara Diallo", "the regional governor"), ("Tomas Rivel", "a police spokesman"),
    ("Leyla Farouk", "the interior minister"), ("Jonas Okafor", "an army spokesman"),
    ("Mirela Stan", "the local mayor"), ("Dev Anand Rao", "a hospital director"),
]
OUTLETS = ["dailywire.example.org", "northpost.example.org", "coastnews.example.org", "capitalherald.example.org"]
NUMBERS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "eleven", "twelve", "14", "17", "23"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

LEADS = [
    ("Gunmen from {group} attacked a market in {city} on {day} night, killing {killed} people and wounding "
    "{injured} others, {role} said."),
    ("A drone strike hit a fuel depot on the outskirts of {city} early {day}, killing {killed} civilians, "
    "according to {role}."),
    ("Police in {city} arrested {arrested} protesters on {day} after thousands marched against rising bread "
    "prices, witnesses said."),
    "Clashes between the army and {group} near {city} left {killed} soldiers dead on {day}, the military said.",
    "Security forces fired tear gas at hundreds of demonstrators in {city} on {day}, injuring {injured} people.",
    ("An explosion tore through a bus station in {city} on {day}, killing at least {killed} people; no group "
    "has claimed responsibility."),
]
MIDDLES = [
    ("\"We heard the first blast just after midnight and then the shooting did not stop,\" said {person}, "
    "{role}."),
    "{person}, {role}, condemned the violence and demanded an independent investigation.",
    "Residents said the fighting forced hundreds of families to flee toward {region}.",
    "{group_cap} denied any involvement in a statement posted online, calling the accusations lies.",
    "The government has not confirmed the toll, and aid groups said the number of dead could rise.",
    "Officials said talks with community leaders would take place in {city} next week.",
    "A strike in {month} on the same district killed {killed2} people, including children.",
    "Local hospitals said they had treated {injured} wounded, several of them in critical condition.",
]
ENDS = [
    "The United Nations called for restraint and urged all sides to protect civilians.",
    "Neighbouring governments offered humanitarian aid, including food and medical supplies.",
    "{person} said security would be reinforced across {region} in the coming days.",
    "Sources confirmed that {group} had threatened further attacks if its fighters were not released.",
    "Markets and schools remained closed on {day2}, and a curfew was imposed from 8 p.m.",
]


def _article(index: int, rng: random.Random, start: dt.datetime) -> dict[str, str]:
    city, region = rng.choice(PLACES)
    group = rng.choice(GROUPS)
    person, role = rng.choice(PEOPLE)
    published = start + dt.timedelta(hours=rng.randrange(0, 24 * 365))
    values = {
        "city": city, "region": region, "group": group, "group_cap": group[0].upper() + group[1:],
        "person": person, "role": role, "day": rng.choice(WEEKDAYS), "day2": rng.choice(WEEKDAYS),
        "killed": rng.choice(NUMBERS), "killed2": rng.choice(NUMBERS), "injured": rng.choice(NUMBERS),
        "arrested": rng.choice(NUMBERS), "month": rng.choice(["March", "May", "September", "October"]),
    }
    sentences = [rng.choice(LEADS)]
    sentences += rng.sample(MIDDLES, k=rng.randint(4, 7))
    sentences += rng.sample(ENDS, k=rng.randint(2, 3))
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    text = "\n\n".join(paragraph.format(**values) for paragraph in paragraphs)
    outlet = rng.choice(OUTLETS)
    return {
        "id": f"synthetic-{index:07d}",
        "title": f"Violence in {city}: {group} blamed",
        "text": text,
        "url": f"https://{outlet}/news/{index}",
        "outlet": outlet,
        "published": published.isoformat(),
    }


def generate(size: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """``size`` synthetic articles; the same (size, seed) always gives the same articles."""
    rng = random.Random(seed)
    start = dt.datetime(2025, 1, 1, 6, 0, tzinfo=dt.UTC)
    for index in range(size):
        yield _article(index, rng, start)


def write_corpus(size: int, path: Path, seed: int = 7) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in generate(size, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    write_corpus(args.size, args.output, args.seed)


if __name__ == "__main__":
    main()

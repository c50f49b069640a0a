"""Memory that does not grow with the corpus: spaCy's vocab is left as it was after each batch."""

from __future__ import annotations

from eventwire.ingest import build_article
from eventwire.model import ArticleResult
from eventwire.pipeline import Pipeline

# Invented reports, each with words the model has never seen (codes, made-up names).
TEXTS = [
    f"Gunmen attacked a checkpoint near Goma on Tuesday, killing {n} soldiers, said commander Zorvanek{n}. "
    f"The convoy code was QX{n * 7919}-KL{n}."
    for n in range(3, 43)
]


def test_a_batch_leaves_no_new_strings_and_the_same_results(pipeline: Pipeline) -> None:
    articles = [build_article(text, f"zone-{index}") for index, text in enumerate(TEXTS)]
    strings = pipeline.nlp.vocab.strings
    before = len(strings)
    results = [result for result in pipeline.process(articles) if isinstance(result, ArticleResult)]
    assert len(strings) == before  # without the memory zone each new word stays for good
    assert "Zorvanek3" not in strings
    assert len(results) == len(TEXTS)
    # The results are plain values: still whole after the zone freed spaCy's strings.
    first = results[0]
    assert first.events and first.events[0].trigger.text == "attacked"
    assert [actor.text for actor in first.events[0].actors if actor.text.startswith("Zorvanek")] in ([], ["Zorvanek3"])
    # The same text run again (a later batch) gives the same events.
    again = next(iter(pipeline.process([build_article(TEXTS[0], "zone-again")])))
    assert isinstance(again, ArticleResult)
    assert [(e.type, e.trigger.start, e.location.name if e.location else None) for e in again.events] == [
        (e.type, e.trigger.start, e.location.name if e.location else None) for e in first.events
    ]

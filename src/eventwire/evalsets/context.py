"""What every set scorer shares in one run: the loaded pipeline, the spaCy-alone peer, the sample size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventwire.model import Article, ArticleResult
from eventwire.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

    from eventwire.pipeline import Pipeline


@dataclass
class EvalContext:
    """One evaluation run: loads the pipeline once and hands it to every scorer."""

    settings: Settings = field(default_factory=Settings)
    limit: int | None = None  # at most this many items (documents, sentences) per set
    peers: bool = True  # also run the peers on the same texts
    command: str = "make eval"
    gold: Path = Path("eval/gold/articles.jsonl")  # the team's gold, for peers scored on it
    _pipeline: Pipeline | None = None
    _spacy_alone: Language | None = None
    _owns_pipeline: bool = True

    @classmethod
    def sharing(cls, pipeline: Pipeline, **options: Any) -> EvalContext:
        """A context over an already loaded pipeline (the test suite's); ``close`` leaves it open."""
        context = cls(settings=pipeline.settings, **options)
        context._pipeline = pipeline
        context._owns_pipeline = False
        return context

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            from eventwire.pipeline import Pipeline

            self._pipeline = Pipeline(self.settings)
        return self._pipeline

    @property
    def spacy_alone(self) -> Language:
        """The same spaCy model without eventwire's components: the 'spaCy NER alone' peer."""
        if self._spacy_alone is None:
            import spacy

            self._spacy_alone = spacy.load(self.settings.spacy_model)
        return self._spacy_alone

    def run(self, texts: Sequence[tuple[str, str]], published: dt.datetime | None = None) -> list[ArticleResult | None]:
        """Our pipeline on (id, text) pairs, results in input order; None where the pipeline rejected one."""
        articles = [Article(id=doc_id, text=text, published=published) for doc_id, text in texts]
        results: list[ArticleResult | None] = []
        for item in self.pipeline.process(articles):
            results.append(item if isinstance(item, ArticleResult) else None)
        return results

    def spacy_entities(self, texts: Sequence[str]) -> list[list[tuple[int, int, str]]]:
        """Entities of the spaCy-alone peer: (start, end, label) per text."""
        docs: Any = self.spacy_alone.pipe(texts, batch_size=32)
        return [[(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents] for doc in docs]

    def close(self) -> None:
        if self._pipeline is not None and self._owns_pipeline:
            self._pipeline.close()
            self._pipeline = None

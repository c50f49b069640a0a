"""The one place that wires the stages: Articles -> NLP -> event drafts -> resolution -> ArticleResults."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc

from eventwire.deadline import DocumentTimeout, deadline
from eventwire.ingest import build_article, check_sources, options_from_settings, read_sources
from eventwire.ingest.dedup import (
    DEFAULT_CAPACITY,
    SyndicationIndex,
    normalize_url,
    signature,
    signature_to_bytes,
    text_hash,
)
from eventwire.ingest.fetch import Fetcher
from eventwire.ingest.language import load_language_model
from eventwire.merge import (
    EventCluster,
    LinkDecision,
    MentionRecord,
    MergeEngine,
    MergeReport,
    MergeSettings,
    records_from_result,
)
from eventwire.merge.blocking import block_of
from eventwire.merge.fuse import link_rows, stored_row
from eventwire.model import (
    Actor,
    ActorMention,
    ActorRole,
    Article,
    ArticleKeys,
    ArticleResult,
    DatePrecision,
    EntityMention,
    EventMention,
    EventType,
    LocationPrecision,
    Place,
    Quote,
    Reject,
    TimeExpr,
    event_from_dict,
)
from eventwire.nlp.acled import acled_for
from eventwire.nlp.build import build_pipeline
from eventwire.nlp.extract import (
    PLACE_LABELS,
    EventDraft,
    date_in_clause,
    extract_drafts,
    place_linked_by_preposition,
)
from eventwire.nlp.place_frames import framed_places
from eventwire.nlp.statement_dates import dated_by_saying
from eventwire.resolve.actors import code_actor
from eventwire.resolve.countries import country_name
from eventwire.resolve.geo import Gazetteer, default_gazetteer_path
from eventwire.resolve.time import pick_event_date, published_fallback
from eventwire.settings import Settings
from eventwire.store.base import Store

logger = logging.getLogger(__name__)


def open_gazetteer(settings: Settings) -> Gazetteer:
    """The gazetteer of these settings, built on first use."""
    path = settings.gazetteer_path or default_gazetteer_path(settings.cache_dir)
    return Gazetteer.open(path, build_if_missing=True)


# Statements (condemnations, demands, threats) happen where the text says or nowhere in particular;
# they do not inherit the article's main place.
_VERBAL_TYPES = {
    EventType.ACCUSE, EventType.REQUEST, EventType.THREATEN, EventType.REJECT, EventType.SUPPORT,
    EventType.CONCEDE,
}
# Talks, deals and sanctions are decided somewhere the article rarely names (a capital, a video call):
# without a place of their own they are not coded to the story's place either.
_UNSITED_TYPES = {EventType.CONSULT, EventType.AGREE, EventType.SANCTION}
# Deployments are reported as a state of affairs ("has deployed 600 officers"): without a date of their
# own they take neither the story's date nor the publication day.
_UNDATED_TYPES = {EventType.MOBILIZE}
_COARSE = {LocationPrecision.COUNTRY, LocationPrecision.ADMIN1, LocationPrecision.REGION}
_VAGUE = {DatePrecision.MONTH, DatePrecision.YEAR}


_PRECISION_RANK = {
    LocationPrecision.POINT: 0, LocationPrecision.CITY: 1, LocationPrecision.ADMIN2: 2,
    LocationPrecision.ADMIN1: 3, LocationPrecision.COUNTRY: 4, LocationPrecision.REGION: 5,
}


# "a national strike", "a nationwide shutdown", "protests across the country": the event is the country's.
_NATIONWIDE = re.compile(
    r"\b(?:national|nation-?wide|country-?wide|across the country|all over the country)\b", re.IGNORECASE
)


def _refine_place(
    place: Place | None,
    dominant: Place | None,
    event_type: EventType,
    *,
    hypothetical: bool = False,
    nationwide: bool = False,
) -> Place | None:
    """The event's place: its own when it has one, made finer by the article's main place when that
    lies in the same country ("Police in Georgia ..." in a story from Tbilisi), unless the event is told
    as nationwide ("Nigeria's unions called a nationwide strike"); else the main place.
    A place taken from the article rather than the event's sentence says so (``from_article``).
    Statements, talks, deals and sanctions, and events that have not happened (plans, threats) have no
    place of occurrence to inherit: without one of their own they get none."""
    if place is None:
        inherits = not hypothetical and event_type not in _VERBAL_TYPES and event_type not in _UNSITED_TYPES
        return replace(dominant, from_article=True) if inherits and dominant is not None else None
    if (
        dominant is not None
        and not (nationwide and place.precision is LocationPrecision.COUNTRY)
        and place.precision in _COARSE
        and dominant.precision not in _COARSE
        and dominant.country == place.country
        and (place.precision is LocationPrecision.COUNTRY or dominant.admin1 == place.admin1 or place.admin1 is None)
    ):
        return replace(dominant, from_article=True)
    return place


# "GOMA, Congo — ...", "THESSALONIKI — ...", "CULIACÁN, Mexico, Oct 28 (Example Wire) - ...": a
# capitalised place (accented capitals too), an optional country, an optional wire-style date and
# outlet, then a dash, at the start of the text or of its second line (after a headline). A plain
# hyphen only counts after a wire date or outlet, where it is the wires' separator.
_CAPS = "A-ZÀ-ÖØ-Þ"
_DATELINE = re.compile(
    rf"(?:\A|\A[^\n]*\n+)\s*([{_CAPS}][{_CAPS}.'’ -]*[{_CAPS}])(?:,\s*[{_CAPS}][\w.'’ -]*?)?"
    r"(?:\s*(?:—|–|--)|(?:,\s*[A-Z][a-z]{2,4}\.?\s+\d{1,2}(?:\s*\([^()\n]{1,40}\))?|\s*\([^()\n]{1,40}\))"
    r"\s*(?:—|–|--|-))\s"
)


def dateline(text: str) -> EntityMention | None:
    """The dateline's place ("GOMA, Congo — ..."), where the story was filed: a candidate for the
    article's main place. The small model rarely tags an all-capitals word as a place."""
    match = _DATELINE.match(text[:400])
    if match is None:
        return None
    return EntityMention(match.group(1), match.start(1), match.end(1), "GPE")


def _event_id(article_id: str, draft: EventDraft) -> str:
    key = f"{article_id}:{draft.type.value}:{draft.trigger.start}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _confidence(draft: EventDraft, place: Place | None, place_in_sentence: bool) -> float:
    score = 0.35 + 0.25 * draft.strength
    score += 0.1 if draft.actor_mentions else 0.0
    score += 0.1 if place_in_sentence else 0.05 if place else 0.0
    score += 0.1 if draft.date_mentions else 0.0
    score -= 0.2 if draft.negated or draft.hypothetical else 0.0
    return max(0.05, min(0.99, score))


def _coded_actor(mention: ActorMention) -> Actor:
    """code_actor(), with a capital acting as its country's government ("Moscow denies ...")."""
    actor = code_actor(mention)
    if mention.government_of is None:
        return actor
    name = country_name(mention.government_of) or actor.name
    return replace(actor, name=name, country=mention.government_of, sector="government")


#: Texts longer than this run through spaCy one at a time, inside their own time budget.
_BATCHED_CHARS = 20_000


class Pipeline:
    """A loaded pipeline: the spaCy model and the gazetteer, reused across articles."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.nlp = build_pipeline(
            self.settings.spacy_model, self.settings.event_classifier, str(self.settings.cache_dir)
        )
        self.gazetteer = open_gazetteer(self.settings)

    def close(self) -> None:
        self.gazetteer.close()

    def process(self, items: Iterable[Article | Reject]) -> Iterator[ArticleResult | Reject]:
        """Results in input order; Rejects pass through, too-long texts become Rejects."""
        pending: list[Article] = []
        for item in items:
            if isinstance(item, Reject):
                yield from self._run(pending)
                pending = []
                yield item
                continue
            if len(item.text) > self.settings.max_text_chars:
                yield from self._run(pending)
                pending = []
                yield Reject(item.source or item.id, "too-long", f"{len(item.text)} characters")
                continue
            pending.append(item)
            if len(pending) >= self.settings.batch_size:
                yield from self._run(pending)
                pending = []
        yield from self._run(pending)

    def _run(self, articles: list[Article]) -> Iterator[ArticleResult | Reject]:
        if not articles:
            return
        # spaCy keeps every new string and lexeme it meets (names, numbers, misspellings) in the model's
        # vocab for the life of the process: over a large corpus that grows without bound. A memory
        # zone frees what the batch added; results hold plain values, never a Doc, Token or hash.
        # (The model must run one batch at a time: the API's writer holds a lock for that.)
        # The batch finishes before its results go out, so that spaCy's working memory for it (its
        # Docs, tens of MB) is freed before the caller stores and merges them, not held on top.
        with self.nlp.memory_zone():
            results = list(self._run_batch(articles))
        yield from results

    def _run_batch(self, articles: list[Article]) -> Iterator[ArticleResult | Reject]:
        budget = self.settings.document_seconds
        batch = [article for article in articles if len(article.text) <= _BATCHED_CHARS]
        docs = self.nlp.pipe((article.text for article in batch), batch_size=self.settings.batch_size)
        for position, article in enumerate(articles):
            # Long texts run alone so that their time budget covers spaCy too, not only extraction.
            batched = len(article.text) <= _BATCHED_CHARS
            try:
                with deadline(budget):
                    doc = next(docs) if batched else self.nlp(article.text)
                    result: ArticleResult | Reject = self.result_for(article, doc)
            except DocumentTimeout:
                logger.warning("time budget exceeded on %s", article.source or article.id)
                result = Reject(article.source or article.id, "time-budget", f"over {budget:g} s")
                if batched:  # the interrupted generator cannot go on: run the rest of the batch again
                    rest = articles[position + 1 :]
                    yield result
                    yield from self._run_batch(rest)  # still inside this batch's memory zone
                    return
            except (ValueError, IndexError, KeyError) as error:
                # A bug on one odd article must not lose the rest of the batch; it is stored as a Reject.
                logger.exception("extraction failed on %s", article.source or article.id)
                result = Reject(article.source or article.id, "pipeline-error", f"{type(error).__name__}: {error}")
            yield result

    def result_for(self, article: Article, doc: Doc) -> ArticleResult:
        """Resolve one annotated article's drafts into events."""
        drafts = extract_drafts(doc)
        place_of = self._resolve_places(doc, drafts)
        dominant = self._dominant_place(doc, place_of)
        events: list[EventMention] = []
        scene = dominant  # where the story last took place: the latest town an act was placed in
        story_date: TimeExpr | None = None  # when it last took place: the latest day an act was dated
        last_dated: TimeExpr | None = None  # the latest date of an act, at any precision
        framed = [mention for mention in framed_places(doc.text, 0, len(doc.text)) if (mention.start, mention.end) in place_of]
        for draft in drafts:
            place = self._own_place(doc, draft, place_of, framed)
            place_in_sentence = place is not None
            # The trigger and the words just before it: "called off a nationwide strike".
            near = doc.text[max(draft.sentence.start, draft.trigger.start - 30) : draft.trigger.end]
            nationwide = bool(_NATIONWIDE.search(near))
            place = _refine_place(place, scene, draft.type, hypothetical=draft.hypothetical, nationwide=nationwide)
            if nationwide and place is not None and place.precision is not LocationPrecision.COUNTRY:
                # A nationwide strike told from the capital is the country's: the sentence's own
                # mention of that country, when it names one ("Ecuador's government ... a national strike").
                place = next(
                    (
                        other
                        for (start, _), other in sorted(place_of.items())
                        if draft.sentence.start <= start < draft.sentence.end
                        and other.precision is LocationPrecision.COUNTRY
                        and other.country == place.country
                    ),
                    place,
                )
            if place_in_sentence and place is not None and draft.type not in _VERBAL_TYPES and place.precision not in _COARSE:
                scene = replace(place, from_article=False)
            date_mentions = draft.date_mentions
            if draft.type in _VERBAL_TYPES:
                # A statement is dated by its own clause or the saying that carries it ("said on Friday
                # that ..."), not by the events it talks about.
                date_mentions = tuple(
                    m
                    for m in date_mentions
                    if date_in_clause(doc, draft.trigger, m) or dated_by_saying(doc, draft.trigger, m)
                )
            date = pick_event_date(
                date_mentions, draft.trigger.start, article.published, text=article.text,
                forward=draft.hypothetical,
            )
            act = draft.type not in _VERBAL_TYPES and draft.type not in _UNDATED_TYPES and not draft.hypothetical
            relative = date is None and bool(date_mentions)  # "A week later", "The week before": no day
            if date is None and act and relative and last_dated is not None and last_dated.precision in _VAGUE:
                # A date told relative to a background event dated only by its month ("In December,
                # gunmen ... A week later, youths attacked ...") is known to that precision, no finer.
                date = last_dated
            elif date is None and act and story_date is not None:
                # "Police later arrested five people", "Hours later, gunmen abducted ...": an act told
                # with no date of its own follows the last dated act of the story.
                date = story_date
            elif date is not None and act and not date.after_published:
                last_dated = date
                if date.precision is DatePrecision.DAY:
                    story_date = date
            # A statement or a plan with no date of its own is not dated by the article: the guidelines
            # code it null, as they do its place; acts keep the publication day as a flagged estimate.
            if date is None and article.published is not None and act:
                date = published_fallback(article.published)
            actors = tuple(_coded_actor(mention) for mention in draft.actor_mentions)
            target_sectors = [a.sector for a in actors if a.role is ActorRole.TARGET and a.sector]
            source_sectors = [a.sector for a in actors if a.role is ActorRole.SOURCE and a.sector]
            confidence = _confidence(draft, place, place_in_sentence)
            if confidence < self.settings.min_confidence:
                continue
            events.append(
                EventMention(
                    id=_event_id(article.id, draft),
                    type=draft.type,
                    mode=draft.mode,
                    # ACLED records what happened, not what was threatened or planned.
                    acled=None
                    if draft.hypothetical
                    else acled_for(
                        draft.type,
                        draft.mode,
                        draft.sentence_lemmas,
                        target_sectors,
                        draft.trigger_lemmas,
                        source_sectors,
                        draft.protest_part,
                        draft.protest_outcome,
                    ),
                    trigger=draft.trigger,
                    sentence=draft.sentence,
                    actors=actors,
                    location=place,
                    date=date,
                    fatalities=draft.casualties,
                    claim=draft.claim,
                    negated=draft.negated,
                    hypothetical=draft.hypothetical,
                    confidence=confidence,
                )
            )
        quotes: list[Quote] = list(doc._.quotes or [])
        return ArticleResult(article=article, events=tuple(events), quotes=tuple(quotes))

    @staticmethod
    def _own_place(
        doc: Doc, draft: EventDraft, place_of: dict[tuple[int, int], Place], framed: Sequence[EntityMention] = ()
    ) -> Place | None:
        """The best resolved candidate of the event's sentence, made as precise as the sentence allows:
        a country or province gives way to a finer place of the sentence ("on the Niger river near
        Timbuktu", "in Mali's Mopti region"), since an event is coded to the most precise place named;
        among places of one precision the syntactically closest (first candidate) wins.
        A statement only takes a place it was made in ("In Misrata, a commander threatened ..."), not
        the places it talks about. A settlement the recogniser missed but the sentence frames ("on the
        outskirts of Beledweyne") comes first: the frame itself says the event is sited there."""
        own = [
            mention
            for mention in framed
            if draft.type not in _VERBAL_TYPES and draft.sentence.start <= mention.start < draft.sentence.end
        ]
        resolved = [
            place
            for mention in (*own, *draft.place_mentions)
            if (place := place_of.get((mention.start, mention.end))) is not None
            and (draft.type not in _VERBAL_TYPES or place_linked_by_preposition(doc, draft.trigger, mention))
        ]
        if not resolved:
            return None
        best = resolved[0]
        for place in resolved[1:]:
            if _PRECISION_RANK[place.precision] < _PRECISION_RANK[best.precision]:
                best = place
        return best

    def _resolve_places(self, doc: Doc, drafts: list[EventDraft]) -> dict[tuple[int, int], Place]:
        """Resolve every place mention of the article together, so each is context for the others."""
        mentions: dict[tuple[int, int], EntityMention] = {}
        for entity in doc.ents:
            if entity.label_ in PLACE_LABELS or entity.label_ == "NORP":
                mentions[(entity.start_char, entity.end_char)] = EntityMention(
                    entity.text, entity.start_char, entity.end_char, entity.label_
                )
        for draft in drafts:
            for mention in draft.place_mentions:
                mentions.setdefault((mention.start, mention.end), mention)
        line = dateline(doc.text)
        if line is not None:
            mentions[(line.start, line.end)] = line
        taken = [(start, end) for start, end in mentions]
        for mention in framed_places(doc.text, 0, len(doc.text)):
            if not any(start < mention.end and mention.start < end for start, end in taken):
                mentions[(mention.start, mention.end)] = mention
        ordered = sorted(mentions.values(), key=lambda mention: mention.start)
        places = self.gazetteer.resolve(ordered, text=doc.text)
        return {(m.start, m.end): place for m, place in zip(ordered, places, strict=True) if place}

    @staticmethod
    def _dominant_place(doc: Doc, place_of: dict[tuple[int, int], Place]) -> Place | None:
        """The article's main place: the most named resolved town or city, earliest first on ties (not
        NORP); a province or country only when the article names no town. News codes a story to the
        town it happened in; the country is named around it ("in Culiacán ... Mexico's army ...")."""
        spans = [(entity.start_char, entity.end_char) for entity in doc.ents if entity.label_ in PLACE_LABELS]
        line = dateline(doc.text)
        if line is not None:
            spans.insert(0, (line.start, line.end))
        named = [place_of[span] for span in spans if span in place_of]
        towns = [place for place in named if place.precision not in _COARSE]
        named = towns or named
        if not named:
            return None
        counts: dict[int | None, int] = {}
        for place in named:
            counts[place.geonameid] = counts.get(place.geonameid, 0) + 1
        return max(named, key=lambda place: (counts[place.geonameid], -named.index(place)))


def process(
    items: Iterable[Article | Reject], settings: Settings | None = None
) -> Iterator[ArticleResult | Reject]:
    """Run the whole pipeline over articles (Rejects pass through)."""
    pipeline = Pipeline(settings)
    try:
        yield from pipeline.process(items)
    finally:
        pipeline.close()


#: Computes results for a stream of articles, e.g. `process` or `eventwire.batch.runner.process_on_dask`.
Runner = Callable[[Iterable[Article | Reject]], Iterator[ArticleResult | Reject]]


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest run did."""

    articles_added: int
    already_stored: int
    events_added: int
    quotes_added: int
    rejects: tuple[Reject, ...]
    copies_linked: int = 0
    merged_created: int = 0  # merged events new in this run
    merged_updated: int = 0  # merged events that existed and changed (a report, a value)


class _Deduplicator:
    """Exact duplicates (same normalized URL or text, in the store or earlier in this run) become
    Rejects; near-copies get ``copy_of``, the root of their syndication group (ingest/dedup.py)."""

    def __init__(self, store: Store, threshold: float, capacity: int = DEFAULT_CAPACITY) -> None:
        self._store = store
        self._threshold = threshold
        self._capacity = capacity
        self._index: SyndicationIndex | None = None
        # Text hash or URL key -> article id, for the articles of this run not stored yet (the store
        # finds the stored ones): it holds the articles in flight, not the whole run.
        self._seen: dict[str, str] = {}
        self.keys: dict[str, ArticleKeys] = {}  # article id -> keys to store with it

    def _syndication(self) -> SyndicationIndex:
        if self._index is None:
            # Loaded on the first new article: a run that only finds stored articles never pays for it.
            self._index = SyndicationIndex(self._threshold, self._capacity)
            for article_id, copy_of, blob in self._store.iter_signatures():
                self._index.add_bytes(article_id, blob, copy_of=copy_of)
        return self._index

    def check(self, article: Article) -> Article | Reject:
        hashed = text_hash(article.text)
        url_key = normalize_url(article.canonical_url or article.url)
        duplicate = self._seen.get(hashed) or (self._seen.get(url_key) if url_key else None)
        if duplicate is None:
            duplicate = self._store.find_duplicate(url_key, hashed)
        if duplicate is not None:
            return Reject(article.source or article.id, "duplicate", f"same URL or text as article {duplicate}")
        minhash = signature(article.text)
        index = self._syndication()
        match = index.match(minhash)
        if match is not None:
            article = replace(article, copy_of=match.root_id)
        index.add(article.id, minhash, copy_of=article.copy_of)
        self._seen[hashed] = article.id
        if url_key:
            self._seen[url_key] = article.id
        self.keys[article.id] = ArticleKeys(hashed, url_key, signature_to_bytes(minhash))
        return article

    def stored(self, article_id: str) -> ArticleKeys | None:
        """The keys to store with an article, forgotten here: once stored, the store finds it."""
        keys = self.keys.pop(article_id, None)
        if keys is not None:
            for key in (keys.text_hash, keys.url_key):
                if key and self._seen.get(key) == article_id:
                    del self._seen[key]
        return keys


def ingest(
    sources: Sequence[str],
    store: Store,
    settings: Settings | None = None,
    published: dt.datetime | None = None,
    runner: Runner | None = None,
    *,
    field_map: dict[str, str] | None = None,
    fetcher: Fetcher | None = None,
    on_item: Callable[[str], None] | None = None,
    items: Iterable[Article | Reject] | None = None,
) -> IngestReport:
    """Read sources, drop what is stored already, link syndicated copies, run the pipeline on the rest,
    store each article (with its events, quotes and dedup keys) and merge each stored batch into the
    merged events, one transaction per batch (its stores and its merge).

    ``runner`` computes the results (default: this process; `eventwire.batch` passes a Dask runner);
    storing always happens here, in the calling process, so there is one writer.
    ``on_item`` is told "article", "already", "reject" or "copy" for each document (progress display).
    Killing the run loses only articles not yet committed; running it again stores them, once.
    ``items`` (Articles already read, e.g. a document posted to the API) replaces reading ``sources``."""
    settings = settings or Settings()
    if items is None:
        check_sources(sources)
    merge_left_behind(store)
    options = options_from_settings(settings, field_map, published)
    if items is not None:
        given = items
        return ingest_items(lambda skip_page: given, store, settings, runner, on_item=on_item)
    return ingest_items(
        lambda skip_page: read_sources(sources, options=options, fetcher=fetcher, skip_page=skip_page),
        store, settings, runner, on_item=on_item,
    )


#: Reads Articles and Rejects; told ``skip_page(url)``: True when a listed page is stored already.
ItemReader = Callable[[Callable[[str], bool]], Iterable[Article | Reject]]


def ingest_items(
    read: ItemReader,
    store: Store,
    settings: Settings | None = None,
    runner: Runner | None = None,
    *,
    on_item: Callable[[str], None] | None = None,
) -> IngestReport:
    """`ingest` over what ``read`` yields (e.g. a feed `eventwire watch` fetched itself).

    First merges articles a killed run stored but did not merge yet (`merge_pending`)."""
    settings = settings or Settings()
    load_language_model()  # every article read is language-checked: load the model once, up front
    pending = merge_pending(store)
    created: set[str] = set(pending.created)
    updated: set[str] = set(pending.updated)
    dedup = _Deduplicator(store, settings.syndication_threshold, settings.syndication_index_size)
    added = already = events = quotes = copies = 0
    rejects: list[Reject] = []
    notify = on_item or (lambda kind: None)

    def stored_page(url: str) -> bool:
        nonlocal already
        if store.find_duplicate(normalize_url(url), None) is None:
            return False
        already += 1
        notify("already")
        return True

    def fresh() -> Iterator[Article | Reject]:
        nonlocal already
        for item in read(stored_page):
            if isinstance(item, Article):
                if store.has_article(item.id):
                    already += 1
                    notify("already")
                    continue
                item = dedup.check(item)
            yield item

    def merge(batch: list[ArticleResult]) -> None:
        report = merge_stored(store, batch, copies=_copy_roots(batch))
        created.update(report.created)
        updated.update(report.updated)
        for gone, survivor in report.retired:
            created.discard(gone)
            updated.discard(gone)
            updated.add(survivor)

    batch: list[ArticleResult] = []  # stored, not merged yet

    def write(results: list[ArticleResult | Reject], last: bool = False) -> None:
        """Store results in input order, merging every ``batch_size`` stored articles, in one
        transaction: one commit per batch, not one per article (the writer's cost per article is what
        limits Dask runs). The stores and merges happen in the same order as with one commit each."""
        nonlocal added, already, events, quotes, copies, batch
        with store.batch():
            for result in results:
                if isinstance(result, Reject):
                    store.add_reject(result)
                    rejects.append(result)
                    notify("reject")
                    continue
                keys = dedup.stored(result.article.id)
                if store.add_result(result, keys):
                    added += 1
                    events += len(result.events)
                    quotes += len(result.quotes)
                    copies += result.article.copy_of is not None
                    notify("copy" if result.article.copy_of else "article")
                    batch.append(result)
                    if len(batch) >= settings.batch_size:
                        merge(batch)
                        batch = []
                else:
                    already += 1
                    notify("already")
            if last:
                merge(batch)

    waiting: list[ArticleResult | Reject] = []
    articles_waiting = 0
    results = runner(fresh()) if runner is not None else process(fresh(), settings)
    for result in results:
        waiting.append(result)
        articles_waiting += isinstance(result, ArticleResult)
        if articles_waiting >= settings.batch_size:
            write(waiting)
            waiting, articles_waiting = [], 0
    write(waiting, last=True)
    return IngestReport(added, already, events, quotes, tuple(rejects), copies, len(created),
                        len(updated - created))


def merge_pending(store: Store) -> MergeReport:
    """Merge the stored articles no merge has seen (a run killed between storing and merging)."""
    results = store.unmerged_results()
    if results:
        logger.info("merging %d stored articles a stopped run left unmerged", len(results))
    return merge_stored(store, results, copies=_copy_roots(results))


def _copy_roots(results: Sequence[ArticleResult]) -> dict[str, str]:
    """Article id -> syndication root, for the articles of a batch that are near-copies."""
    return {result.article.id: result.article.copy_of for result in results if result.article.copy_of}


@dataclass(frozen=True, slots=True)
class RetractReport:
    """What retracting one article did: its version, merged events rebuilt and removed."""

    version: int
    updated: tuple[str, ...]
    removed: tuple[str, ...]


def retract(store: Store, article_id: str, reason: str = "", merge_settings: MergeSettings | None = None) -> RetractReport:
    """Retract an article: from a new version on, its events and quotes leave every read and the merged
    events it reported are rebuilt from their other reports (or removed when it was the only one).
    Reads as of an earlier version still show it (docs/versions.md)."""
    engine = MergeEngine(merge_settings)
    groups: dict[str, list[dict[str, Any]]] = {}
    for member in store.merged_members_of_article(article_id):
        groups.setdefault(member["event_id"], []).append(member)
    rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    emptied: list[str] = []
    for event_id, members in sorted(groups.items()):
        kept = [(_stored_record(m), LinkDecision.from_dict(m["decision"])) for m in members if m["article_id"] != article_id]
        if not kept:
            emptied.append(event_id)
            continue
        engine.restore(event_id, kept)
        rows.append(stored_row(engine.events[event_id]))
        links.extend(link_rows(engine.events[event_id]))
    version = store.retract_article(article_id, reason, rows, links, emptied)
    return RetractReport(version, tuple(row["id"] for row in rows), tuple(emptied))


def _stored_record(member: dict[str, Any]) -> MentionRecord:
    published = member["published"]
    return MentionRecord(
        mention=event_from_dict(member["mention"]), article_id=member["article_id"], outlet=member["outlet"],
        url=member["url"], published=dt.datetime.fromisoformat(published) if published else None,
        copy_of=member["copy_of"], position=member["position"],
    )


def merge_stored(
    store: Store, results: Sequence[ArticleResult], copies: Mapping[str, str] | None = None,
    merge_settings: MergeSettings | None = None,
) -> MergeReport:
    """Merge the mentions of newly stored articles into the store's merged events.

    Only the stored events whose blocks the new mentions fall in are loaded (with the decisions that
    made them); nothing else is re-clustered. ``copies`` maps an article id to its syndication root."""
    records = [
        record for result in results for record in records_from_result(result, (copies or {}).get(result.article.id))
    ]
    return _merge_records(store, records, merge_settings)


def merge_left_behind(store: Store, merge_settings: MergeSettings | None = None) -> MergeReport:
    """Merge stored mentions no merged event links yet: an ingest killed after storing articles and
    before merging their batch leaves such mentions, and the next ingest skips those articles."""
    records = [
        record for record in map(_stored_record, store.unmerged_mentions())
        if not record.mention.negated and not record.mention.hypothetical  # as records_from_result
    ]
    if records:
        logger.info("merging %d stored mentions an interrupted run left unmerged", len(records))
    return _merge_records(store, records, merge_settings)


def _merge_records(
    store: Store, records: list[MentionRecord], merge_settings: MergeSettings | None = None
) -> MergeReport:
    engine = MergeEngine(merge_settings)
    if not records:
        return MergeReport((), (), ())
    blocks = sorted({block_of(record, engine.settings) for record in records},
                    key=lambda b: (b.family, b.country, b.first, b.last))
    stored: dict[str, list[tuple[MentionRecord, LinkDecision]]] = {}
    stored_event: dict[str, str] = {}  # mention id -> its event in the store, for the members read
    # Each stored member comes once, as it is read, without its decision: most candidates are only
    # compared with, and a decision (every pair score that joined the member, a few kB) is needed only
    # when its link is written again. The merge reads only the decisions' scores.
    keys = [(b.family, b.country, b.first, b.last) for b in blocks]
    for member in store.merge_candidates_of(keys, with_decisions=False, nearest=engine.settings.candidates_max):
        record = _stored_record(member)
        stored_event[record.id] = member["event_id"]
        stored.setdefault(member["event_id"], []).append(
            (record, LinkDecision(record.id, member["event_id"], member["score"]))
        )
    for event_id, members in sorted(stored.items()):
        engine.restore(event_id, members)
    report = engine.add(records)
    touched = [engine.events[event_id] for event_id in (*report.created, *report.updated)]
    store.save_merged(
        [stored_row(cluster) for cluster in touched],
        _changed_links(store, touched, stored_event),
        list(report.retired),
    )
    return report


def _changed_links(store: Store, touched: list[EventCluster], stored_event: dict[str, str]) -> list[dict[str, Any]]:
    """The link rows to write: new members' and members that moved to another event (a merge of two
    events); a stored link that stays as it is is not written again (a large event would otherwise
    rewrite all its links for each new report). The first member's link comes first, written again
    if unchanged, since the version of a merge names its article (store/merged.py `save_merged`)."""
    wanted: list[tuple[EventCluster, MentionRecord]] = [
        (cluster, member) for cluster in touched for index, member in enumerate(cluster.members)
        if stored_event.get(member.id) != cluster.id or (index == 0 and cluster is touched[0])
    ]
    stored_ids = [member.id for _, member in wanted if member.id in stored_event]
    decisions = store.link_decisions(stored_ids) if stored_ids else {}
    for cluster, member in wanted:
        if member.id in decisions:  # its decision, under the event it is now in
            decision = LinkDecision.from_dict(decisions[member.id])
            cluster.decisions[member.id] = replace(decision, event_id=cluster.id)
    chosen = {(cluster.id, member.id) for cluster, member in wanted}
    return [link for cluster in touched for link in link_rows(cluster) if (cluster.id, link["mention_id"]) in chosen]


def ingest_document(
    raw_text: str, store: Store, settings: Settings | None = None, *, url: str | None = None,
    title: str | None = None, outlet: str | None = None, published: dt.datetime | None = None,
    runner: Runner | None = None,
) -> tuple[IngestReport, str | None]:
    """One submitted text or HTML page (POST /api/ingest) read into an Article, then stored, deduplicated
    and merged exactly as `ingest` does; returns the report and the article's id (None if rejected)."""
    item = build_article(raw_text, "api", url=url, title=title, outlet=outlet, published=published,
                         published_source="api" if published else None)
    report = ingest([], store, settings, runner=runner, items=[item])
    return report, item.id if isinstance(item, Article) else None

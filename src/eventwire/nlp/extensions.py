"""Every ``Doc._`` extension eventwire uses, registered in one idempotent ``register()``."""

from __future__ import annotations

from spacy.tokens import Doc

#: name -> default value (a fresh list per Doc is set by the component that owns it)
DOC_EXTENSIONS: dict[str, object] = {
    "event_triggers": None,  # list[TriggerMatch], set by eventwire_triggers
    "casualties": None,  # list[Casualties], set by eventwire_casualties
    "quotes": None,  # list[model.Quote], set by eventwire_quotes
}


def register() -> None:
    """Register the extensions; safe to call many times. Called by build_pipeline(), never at import."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)

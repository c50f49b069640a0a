"""The one exception tree of eventwire; every error has a stable ``code`` for CLI and API output."""

from __future__ import annotations


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""

    code = "eventwire_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(EventwireError):
    code = "config_error"


class IngestError(EventwireError):
    code = "ingest_error"


class SourceNotFoundError(IngestError):
    code = "source_not_found"


class UnreadableSourceError(IngestError):
    """A source whose bytes are not text we can read (binary, undecodable)."""

    code = "unreadable_source"


class FetchError(IngestError):
    """A URL we would not or could not fetch; ``reason`` is a short machine-readable word
    (robots, private-address, scheme, too-large, timeout, http-404, ...)."""

    code = "fetch_error"

    def __init__(self, message: str, reason: str = "fetch") -> None:
        super().__init__(message)
        self.reason = reason


class BadInputError(EventwireError):
    """A value a user gave (a date, a filter, a format) that does not parse."""

    code = "bad_input"


class BadParameterError(BadInputError):
    """A bad value of one named parameter (an API query parameter or body field); code stays bad_input."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


class PipelineError(EventwireError):
    code = "pipeline_error"


class ResolveError(EventwireError):
    code = "resolve_error"


class GazetteerError(ResolveError):
    code = "gazetteer_error"


class StoreError(EventwireError):
    code = "store_error"


class EvalError(EventwireError):
    code = "eval_error"


class PeerError(EvalError):
    """A peer system (HeidelTime, textacy, geotext) is not installed or failed in its own virtualenv."""

    code = "peer_error"

"""Peers that live in their own virtualenvs under ``var/peers/``: run out of process, JSON over stdin/stdout.

``make eval-peers`` creates ``var/peers/<name>-venv`` for each peer in ``PEER_SCRIPTS`` and installs
the peer there, so the peers' dependencies never touch eventwire's. Each script in ``peer_scripts/``
uses only the standard library and its peer: it reads one JSON request on stdin and writes one JSON
answer on stdout. A peer that is not installed raises PeerError with the words "not installed".

Requests and answers (one answer list per input text, spans are character offsets into that text):
- ``heideltime``: ``{"items": [{"text", "dct": "YYYY-MM-DD"}]}`` -> ``[[{"start", "end", "text", "value", "type"}]]``
  (TIMEX3 value and type; one JVM per text, so expect seconds per text);
- ``textacy``: ``{"texts": [...], "model"}`` -> ``{"quotes": [[{"start", "end", "speaker"}]], "refused": n}``;
- ``geotext``: ``{"texts": [...]}`` -> ``[[{"start", "end", "name", "kind": "city" | "country"}]]``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from eventwire.errors import PeerError

SCRIPTS = Path(__file__).parent / "peer_scripts"
#: peer name -> script in peer_scripts/
PEER_SCRIPTS = {"heideltime": "heideltime_peer.py", "textacy": "textacy_peer.py", "geotext": "geotext_peer.py"}
NOT_INSTALLED = "not installed: run make eval-peers"


def peers_dir() -> Path:
    """Where the peers' virtualenvs live: ``EVENTWIRE_PEERS_DIR``, else ``var/peers`` under the working directory."""
    configured = os.environ.get("EVENTWIRE_PEERS_DIR")
    return Path(configured) if configured else Path.cwd() / "var" / "peers"


def peer_python(name: str) -> Path | None:
    """The peer's virtualenv interpreter, or None when ``make eval-peers`` has not made it."""
    python = peers_dir() / f"{name}-venv" / "bin" / "python"
    return python if python.exists() else None


def peer_installed(name: str) -> bool:
    python = peer_python(name)
    if python is None:
        return False
    probe = subprocess.run([str(python), str(SCRIPTS / PEER_SCRIPTS[name]), "--probe"], capture_output=True,
                           timeout=120, check=False)
    return probe.returncode == 0


def run_peer(name: str, request: dict[str, Any], timeout: float = 1800) -> Any:
    """Send one request to a peer's script in its virtualenv and return its decoded answer."""
    python = peer_python(name)
    if python is None:
        raise PeerError(f"{name}: {NOT_INSTALLED}")
    try:
        done = subprocess.run([str(python), str(SCRIPTS / PEER_SCRIPTS[name])], input=json.dumps(request),
                              capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired as error:
        raise PeerError(f"{name}: no answer within {timeout:.0f} s") from error
    if done.returncode == 3:
        raise PeerError(f"{name}: {NOT_INSTALLED} ({done.stderr.strip()[-200:]})")
    if done.returncode != 0:
        raise PeerError(f"{name}: exited {done.returncode}: {done.stderr.strip()[-500:]}")
    try:
        return json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise PeerError(f"{name}: answer is not JSON ({error.msg})") from error


def heideltime_tagger(documents: Sequence[tuple[str, dt.date]]) -> Callable[[str, dt.date], list[tuple[int, int, str]]]:
    """A TimexTagger over HeidelTime that has already tagged these documents in one batch.

    HeidelTime starts one JVM per text; tagging the whole set in one request lets the peer run two
    at a time. A text not in the batch is tagged on its own when asked for.
    """
    answers = run_peer("heideltime", {"items": [{"text": text, "dct": dct.isoformat()} for text, dct in documents]})
    done = {(text, dct): answer for (text, dct), answer in zip(documents, answers, strict=True)}

    def tag(text: str, dct: dt.date) -> list[tuple[int, int, str]]:
        found = done.get((text, dct))
        if found is None:
            (found,) = run_peer("heideltime", {"items": [{"text": text, "dct": dct.isoformat()}]})
        return [(timex["start"], timex["end"], timex["value"]) for timex in found if timex.get("value")]

    return tag

"""Duplicates and syndicated near-copies: exact keys (canonical URL, normalized-text hash) and MinHash
signatures over word shingles, indexed with datasketch's LSH. Pure: no I/O; the store persists the keys.

Threshold: an article whose estimated Jaccard similarity (5-word shingles) with a stored article reaches
`DEFAULT_THRESHOLD` is linked as its copy. Measured by `bench/syndication.py` on the fixtures in
tests/ingest/data/syndication/: republished wire copies score well above it, a different outlet's own
story on the same event and an unrelated story score near zero (docs/ingestion.md gives the figures).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 1
#: Pinned: stored signatures only compare with signatures made by the same permutation scheme.
SCHEME = "affine32"
DEFAULT_THRESHOLD = 0.3
_WORD = re.compile(r"\w+", re.UNICODE)
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid)$", re.IGNORECASE)


def normalized_words(text: str) -> list[str]:
    """Words compared across copies: NFKC, case-folded, punctuation and spacing dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def text_hash(text: str) -> str:
    """Hash of the normalized words: the same text with other spacing, quotes or case hashes the same."""
    return hashlib.sha256(" ".join(normalized_words(text)).encode("utf-8")).hexdigest()[:32]


def normalize_url(url: str | None) -> str | None:
    """A URL as a dedup key: lower-case scheme and host, no fragment, default port or tracking
    parameters, the remaining query sorted, no trailing slash on the path."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or "/"
    # http and https of one page are one article
    return urlunsplit(("https", host, path, query, ""))


def shingles(words: list[str], size: int = SHINGLE_WORDS) -> set[bytes]:
    if len(words) < size:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[index : index + size]).encode("utf-8") for index in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    """The MinHash of the text's word shingles (fixed seed: signatures from different runs compare)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    minhash.update_batch(list(shingles(normalized_words(text))))
    return minhash


def signature_to_bytes(minhash: MinHash) -> bytes:
    return minhash.hashvalues.astype("<u8").tobytes()


def signature_from_bytes(blob: bytes) -> MinHash:
    values = np.frombuffer(blob, dtype="<u8").astype(np.uint64)
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=values, scheme=SCHEME)


def jaccard(left: str, right: str) -> float:
    """Exact Jaccard similarity of two texts' shingle sets (for measuring the estimate)."""
    a, b = shingles(normalized_words(left)), shingles(normalized_words(right))
    return len(a & b) / len(a | b) if a | b else 0.0


@dataclass(frozen=True, slots=True)
class CopyMatch:
    root_id: str  # the first-stored article of the syndication group
    matched_id: str  # the most similar stored article
    similarity: float  # estimated Jaccard with matched_id


class SyndicationIndex:
    """Signatures of stored articles, queried for near-copies of a new one."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, MinHash] = {}
        self._roots: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, article_id: str, minhash: MinHash, copy_of: str | None = None) -> None:
        if article_id in self._signatures:
            return
        self._lsh.insert(article_id, minhash)
        self._signatures[article_id] = minhash
        self._roots[article_id] = self._roots.get(copy_of, copy_of) if copy_of else article_id

    def match(self, minhash: MinHash) -> CopyMatch | None:
        """The most similar stored article at or above the threshold (LSH candidates, then the estimate)."""
        best: tuple[float, str] | None = None
        for candidate in self._lsh.query(minhash):
            similarity = minhash.jaccard(self._signatures[candidate])
            if similarity >= self.threshold and (best is None or (similarity, candidate) > best):
                best = (similarity, candidate)
        if best is None:
            return None
        return CopyMatch(self._roots[best[1]], best[1], best[0])

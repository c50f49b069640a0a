"""Duplicates and syndicated near-copies: exact keys (canonical URL, normalized-text hash) and MinHash
signatures over word shingles, indexed with datasketch's LSH. Pure: no I/O; the store persists the keys.

Threshold: an article whose estimated Jaccard similarity (5-word shingles) with a stored article reaches
`DEFAULT_THRESHOLD` is linked as its copy. Measured by `bench/syndication.py` on the fixtures in
tests/ingest/data/syndication/: republished wire copies score well above it, a different outlet's own
story on the same event and an unrelated story score near zero (docs/ingestion.md gives the figures).

Memory: the index keeps the signatures of the latest `DEFAULT_CAPACITY` articles only (setting
``syndication_index_size``), about 1.4 kB each (`bench/memory.py`), with datasketch's band layout in sorted numpy arrays
instead of datasketch's index (about 12 kB an article): a copy that arrives more than that many
articles after its original is stored as an original (docs/scaling.md, "Memory").
"""

from __future__ import annotations

import functools
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
#: Signatures the index keeps (the latest stored articles): bounds its memory, about 140 MB at most.
DEFAULT_CAPACITY = 100_000
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


@functools.cache
def _banding(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) of datasketch's MinHashLSH at this threshold: candidates are the same."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _mix(values: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer, element-wise on uint64 (a band key must not collide by structure)."""
    values = (values ^ (values >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    values = (values ^ (values >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


class SyndicationIndex:
    """Signatures of the latest ``capacity`` stored articles, queried for near-copies of a new one.

    LSH as datasketch's MinHashLSH does it (the same bands and rows, so the same candidates): an article
    is a candidate when one band of its signature equals the new one's. Band keys are 64-bit hashes
    kept in one sorted array (new ones in a small dict until the next re-sort), signatures in one
    uint32 array used as a ring: memory is bounded by ``capacity``, not by the corpus."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self.threshold = threshold
        self.capacity = capacity
        self._bands, self._rows = _banding(threshold)
        self._added = 0  # articles ever added; article n sits in slot n % capacity while it is kept
        self._signatures = np.zeros((min(capacity, 1024), NUM_PERM), dtype=np.uint32)
        self._ids: list[str] = []
        self._sequence: dict[str, int] = {}  # article id -> its number, for the articles kept
        self._roots: dict[str, str] = {}  # copy id -> root id, for the copies kept
        self._keys = np.zeros(0, dtype=np.uint64)  # sorted band keys ...
        self._key_sequence = np.zeros(0, dtype=np.int64)  # ... and the article number of each
        # Band keys added since the last sort, and their article numbers (the first _pending_count).
        self._pending_keys = np.zeros(256 * self._bands, dtype=np.uint64)
        self._pending_numbers = np.zeros(256 * self._bands, dtype=np.int64)
        self._pending_count = 0

    def __len__(self) -> int:
        return len(self._sequence)

    def _band_keys(self, values: np.ndarray) -> np.ndarray:
        bands = values[: self._bands * self._rows].astype(np.uint64).reshape(self._bands, self._rows)
        keys = _mix(np.arange(1, self._bands + 1, dtype=np.uint64))
        for row in range(self._rows):
            keys = _mix(keys ^ bands[:, row])
        return keys

    def add(self, article_id: str, minhash: MinHash, copy_of: str | None = None) -> None:
        self.add_values(article_id, minhash.hashvalues, copy_of)

    def add_bytes(self, article_id: str, blob: bytes, copy_of: str | None = None) -> None:
        """`add` from a stored signature (`signature_to_bytes`), without building a MinHash."""
        self.add_values(article_id, np.frombuffer(blob, dtype="<u8"), copy_of)

    def add_values(self, article_id: str, values: np.ndarray, copy_of: str | None = None) -> None:
        if article_id in self._sequence:
            return
        if copy_of:
            self._roots[article_id] = self._roots.get(copy_of, copy_of)
        number = self._added
        self._added += 1
        slot = number % self.capacity
        if slot >= len(self._signatures):
            grown = np.zeros((min(self.capacity, 2 * len(self._signatures)), NUM_PERM), dtype=np.uint32)
            grown[: len(self._signatures)] = self._signatures
            self._signatures = grown
        if slot < len(self._ids):
            self._forget(self._ids[slot])
            self._ids[slot] = article_id
        else:
            self._ids.append(article_id)
        self._signatures[slot] = values
        self._sequence[article_id] = number
        end = self._pending_count + self._bands
        if end > len(self._pending_keys):
            self._pending_keys = np.concatenate([self._pending_keys, np.zeros_like(self._pending_keys)])
            self._pending_numbers = np.concatenate([self._pending_numbers, np.zeros_like(self._pending_numbers)])
        self._pending_keys[self._pending_count : end] = self._band_keys(self._signatures[slot])
        self._pending_numbers[self._pending_count : end] = number
        self._pending_count = end
        # Re-sorting every 1/16 of the index keeps the unsorted part (scanned by each query) small.
        if end >= self._bands * max(256, len(self._sequence) // 16):
            self._sort()

    def _forget(self, article_id: str) -> None:
        """Drop the oldest article; its band keys stay until the next sort, which skips them."""
        del self._sequence[article_id]
        self._roots.pop(article_id, None)

    def _sort(self) -> None:
        oldest = self._added - self.capacity
        kept = self._key_sequence >= oldest
        keys = np.concatenate([self._keys[kept], self._pending_keys[: self._pending_count]])
        numbers = np.concatenate([self._key_sequence[kept], self._pending_numbers[: self._pending_count]])
        order = np.argsort(keys, kind="stable")
        self._keys, self._key_sequence = keys[order], numbers[order]
        self._pending_keys = np.zeros(256 * self._bands, dtype=np.uint64)
        self._pending_numbers = np.zeros(256 * self._bands, dtype=np.int64)
        self._pending_count = 0

    def match(self, minhash: MinHash) -> CopyMatch | None:
        """The most similar kept article at or above the threshold (LSH candidates, then the estimate)."""
        if not self._sequence:
            return None
        values = minhash.hashvalues.astype(np.uint32)
        keys = self._band_keys(values)
        left = np.searchsorted(self._keys, keys, side="left")
        right = np.searchsorted(self._keys, keys, side="right")
        numbers = {int(n) for start, end in zip(left.tolist(), right.tolist()) for n in self._key_sequence[start:end]}
        pending = np.isin(self._pending_keys[: self._pending_count], keys)
        numbers.update(self._pending_numbers[: self._pending_count][pending].tolist())
        oldest = self._added - self.capacity
        candidates = sorted(n for n in numbers if n >= oldest)
        if not candidates:
            return None
        slots = np.array([n % self.capacity for n in candidates])
        # As MinHash.jaccard: the share of equal hash values.
        similarities = np.count_nonzero(self._signatures[slots] == values, axis=1) / np.float64(NUM_PERM)
        best: tuple[float, str] | None = None
        for slot, similarity in zip(slots.tolist(), similarities.tolist()):
            candidate = self._ids[slot]
            if similarity >= self.threshold and (best is None or (similarity, candidate) > best):
                best = (similarity, candidate)
        if best is None:
            return None
        return CopyMatch(self._roots.get(best[1], best[1]), best[1], best[0])

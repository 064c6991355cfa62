"""Story clustering: group documents that report the same real-world event.

Each document becomes one sparse vector made of weighted blocks (TF-IDF over
body terms, over headline terms, over named entities, over dates and numbers),
so one sparse product gives a similarity that weighs all of them. Dates and
numbers matter because the hard case is two events of the same kind at
different times (two earthquakes, two coach sackings). Publication dates, when
known, damp pairs published far apart.

Short reports of one event often share few words, so the similarity used is a
mix of the direct cosine and a shared-neighbour cosine (how alike the two
documents' top-k neighbour lists are). Documents are grouped by average-linkage
agglomerative clustering with a distance threshold, run on a sparse graph of
the pairs that matter (shared neighbours or a direct cosine above ``keep``), so
memory grows with those pairs rather than with N²: 10,000 news articles
cluster in about 6 s on two cores. Tuned on the ECB+ dev split by benchmarks/clustering.py.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from itertools import chain
from typing import TypeVar

import numpy as np
import scipy.sparse as sp

from ..model import Document
from ..runtime.maps import Map, in_order
from .features import date_features, entity_features, title_terms
from .linkage import average_linkage

_T = TypeVar("_T")
CENTRAL_TOLERANCE = 0.01
"""Members this close (relative) to a story's most central one count as central as it."""
PARALLEL_BLOCKS = 8
"""Blocks of similarity rows from which a parallel map pays off (2,048 documents at the default size)."""
KEPT_SIMILARITIES = 1 << 30
"""Bytes of direct similarities (float32, N²) the first pass may keep in a
temporary file for the second, which then reads them instead of computing
them again: up to about 16,000 documents."""


@dataclass(frozen=True)
class ClusterSettings:
    """Weights and threshold tuned on the ECB+ dev split (benchmarks/clustering.py)."""

    body: float = 1.0
    title: float = 0.5
    entities: float = 0.5
    dates: float = 0.6
    threshold: float = 0.825
    """Largest average cosine distance at which two groups still merge."""
    neighbours: int = 10
    """Size of the neighbour profile behind the shared-neighbour similarity."""
    neighbour_floor: float = 0.1
    """Weaker neighbours are left out, so an isolated story has no profile to share."""
    direct: float = 0.3
    """Weight of the direct cosine in the mix with the shared-neighbour cosine."""
    keep: float = 0.1
    """Direct cosines below this count as 0 unless the pair shares neighbours."""
    published_gap_days: int = 30
    published_conflict: float = 0.5
    """Similarity factor when publication dates lie further apart than the gap."""
    block_rows: int = 256
    """Rows per block of the sparse similarity product: bounds peak memory."""


DEFAULT_SETTINGS = ClusterSettings()


def _tfidf(bags: Sequence[Sequence[str]]) -> sp.csr_matrix:
    """Rows of sublinear TF-IDF weights, L2-normalised: tf = 1 + ln(count),
    idf = ln((1 + n) / (1 + df)) + 1, columns in term order."""
    terms = list(chain.from_iterable(bags))
    seen = list(dict.fromkeys(terms))  # in the order first seen, counted in C rather than term by term
    if not seen:
        return sp.csr_matrix((len(bags), 0))
    number = {term: i for i, term in enumerate(seen)}
    # A row's entries stay in the order their terms were first seen in the
    # collection: sparse products add a row up in storage order, so this
    # order fixes the last bits of every similarity built on these rows.
    # One key per (row, term) sorts by row, then by first sight, as each row's sorted indices would.
    rows = np.repeat(np.arange(len(bags), dtype=np.int64), np.fromiter(map(len, bags), np.int64, len(bags)))
    keys, counts = np.unique(rows * len(seen) + np.fromiter(map(number.__getitem__, terms), np.int64, len(terms)),
                             return_counts=True)  # fmt: skip
    indptr = np.searchsorted(keys, np.arange(len(bags) + 1, dtype=np.int64) * len(seen))
    matrix = sp.csr_matrix(
        (counts.astype(np.float64), (keys % len(seen)).astype(np.int32), indptr.astype(np.int32)),
        shape=(len(bags), len(seen)),
    )
    order = np.empty(len(seen), dtype=np.int32)
    order[sorted(range(len(seen)), key=seen.__getitem__)] = np.arange(len(seen), dtype=np.int32)
    matrix.indices = order[matrix.indices]
    matrix.has_sorted_indices = False  # in storage order still, not in column order
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1.0
    idf = np.full(len(seen), float(len(bags) + 1))
    idf /= np.bincount(matrix.indices, minlength=len(seen)) + 1.0
    np.log(idf, out=idf)
    idf += 1.0
    matrix.data *= idf[matrix.indices]
    return _normalised(matrix)


def _normalised(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit length (all-zero rows stay), in place."""
    # A sparse product sums each row's squares in storage order, as a plain loop would.
    squares = sp.csr_matrix((matrix.data * matrix.data, matrix.indices, matrix.indptr), shape=matrix.shape)
    norms = np.sqrt(squares @ np.ones(matrix.shape[1]))
    norms[norms == 0.0] = 1.0
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
    return matrix


Bags = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""A document's body terms, headline terms, entity features, date features."""


def bags_of(document: Document) -> Bags:
    """What one document brings to the feature matrix: a function of the
    document alone, so a rebuild may keep it (the weights are collection-wide)."""
    return (body_terms(document), *named_features(document))


def body_terms(document: Document) -> tuple[str, ...]:
    return tuple(chain.from_iterable(s.terms for s in document.analysis.sentences))


def named_features(document: Document) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The headline's terms, names and dates: the costly part of ``bags_of``."""
    return tuple(title_terms(document.source.title)), tuple(entity_features(document)), tuple(date_features(document))


def feature_matrix(
    documents: Sequence[Document], settings: ClusterSettings, bags: Callable[[Document], Bags] = bags_of
) -> sp.csr_matrix:
    per_document = [bags(d) for d in documents]
    weights = (settings.body, settings.title, settings.entities, settings.dates)
    blocks = [(weight, [b[i] for b in per_document]) for i, weight in enumerate(weights)]
    # sqrt(weight) per block makes the dot product of two rows a weighted sum of per-block cosines.
    parts = [_tfidf(bags) * np.sqrt(weight) for weight, bags in blocks if weight > 0]
    matrix = sp.csr_matrix(sp.hstack(parts, format="csr"))
    # float32 halves the dense similarity blocks; cosines need no more precision.
    return sp.csr_matrix(_normalised(matrix), dtype=np.float32)


def _published(document: Document) -> date | None:
    try:
        return date.fromisoformat((document.source.published or "")[:10])
    except ValueError:
        return None


class _Similarity:
    """Pairwise similarity = direct cosine mixed with shared-neighbour cosine.

    Two short reports of one event often share few words with each other but
    have the same nearest neighbours, so the cosine between their (sparse,
    top-k) neighbour profiles recovers what the direct cosine misses; mixing in
    the direct cosine keeps two stories apart when only their neighbourhoods agree.
    """

    def __init__(
        self,
        documents: Sequence[Document],
        settings: ClusterSettings,
        bags: Callable[[Document], Bags] = bags_of,
        map: Map = in_order,
    ) -> None:
        self.settings = settings
        self.map = map
        self.size = len(documents)
        self.features = feature_matrix(documents, settings, bags)
        # CSR on both sides: a CSC right-hand side is converted to CSR at every product.
        self._transposed = self.features.T.tocsr()
        days = [_published(d) for d in documents]
        self.has_day = np.array([d is not None for d in days])
        self.day = np.array([d.toordinal() if d else 0 for d in days], dtype=np.int64)

    def _starts(self) -> range:
        return range(0, self.size, self.settings.block_rows)

    def _block(self, start: int, kept: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Dense damped direct cosines of a block of rows against all documents,
        read from ``kept`` (a file of all N², see ``_keep``) when given: then
        read-only, as the second pass only reads them."""
        rows = np.arange(start, min(start + self.settings.block_rows, self.size))
        if kept is not None:
            size = len(rows) * self.size * 4
            data = os.pread(kept, size, start * self.size * 4)
            if len(data) == size:
                return rows, np.frombuffer(data, dtype=np.float32).reshape(len(rows), self.size)
        return self._compute_block(rows)

    def _keep(self, kept: int | None, start: int, sims: np.ndarray) -> bool:
        """Write a block into ``kept``; False when it could not be written whole."""
        if kept is None:
            return False
        data = np.ascontiguousarray(sims, dtype=np.float32).tobytes()
        try:
            return os.pwrite(kept, data, start * self.size * 4) == len(data)
        except OSError:  # a full disk only costs the products again
            return False

    def _compute_block(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        sims = (self.features[rows[0] : rows[-1] + 1] @ self._transposed).toarray()
        if self.has_day[rows].any():
            # Reports of one story are published close together: damp pairs that lie far apart.
            far = (
                self.has_day[rows][:, None]
                & self.has_day[None, :]
                & (np.abs(self.day[rows][:, None] - self.day[None, :]) > self.settings.published_gap_days)
            )
            sims[far] *= self.settings.published_conflict
        # A document is always its own first neighbour, so the profiles of a pair
        # overlap as soon as one lies in the other's neighbourhood.
        sims[np.arange(len(rows)), rows] = 1.0
        return rows, sims

    def _map(self, function: Callable[[int], _T]) -> list[_T]:
        """``function`` over the block starts; the blocks' products, most of
        the clustering's time, are independent, so large sets share them out."""
        starts = self._starts()
        return (self.map if len(starts) >= PARALLEL_BLOCKS else in_order)(function, starts)

    def _profiles(self, kept: int | None = None) -> tuple[sp.csr_matrix, set[int]]:
        """Each document's top-k neighbours (itself included), L2-normalised,
        and the starts of the blocks written whole into ``kept``."""
        settings, n = self.settings, self.size
        k = min(settings.neighbours + 1, n)

        def part(start: int) -> tuple[sp.csr_matrix, bool]:
            rows, sims = self._block(start)
            written = self._keep(kept, start, sims)
            top = np.argpartition(-sims, k - 1, axis=1)[:, :k] if k < n else np.tile(np.arange(n), (len(rows), 1))
            values = np.take_along_axis(sims, top, axis=1)
            values[values < settings.neighbour_floor] = 0.0
            indptr = np.arange(0, len(rows) * k + 1, k)
            return sp.csr_matrix((values.ravel(), top.ravel(), indptr), shape=(len(rows), n)), written

        parts = self._map(part)
        profiles = sp.csr_matrix(sp.vstack([p for p, _ in parts], format="csr"))
        profiles.eliminate_zeros()
        written = {start for start, (_, whole) in zip(self._starts(), parts, strict=True) if whole}
        return _normalised(profiles), written

    def graph(self) -> sp.coo_matrix:
        """Mixed similarities of the pairs worth keeping, upper triangle only.

        Kept: every pair whose profiles overlap and every pair whose direct
        cosine reaches ``keep``; the rest count as 0. Average linkage over this
        sparse graph is exact when ``keep`` is 0 and, with the default, costs
        memory in proportion to the kept pairs instead of N².
        """
        # The second pass needs the very cosines of the first: kept in a file
        # when they fit, they are read back (a tenth of the time of a product).
        with tempfile.TemporaryFile() if self.size**2 * 4 <= KEPT_SIMILARITIES else nullcontext() as file:
            kept = file.fileno() if file is not None else None
            profiles, written = self._profiles(kept)
            profiles_t = profiles.T.tocsr()
            return self._pairs(profiles, profiles_t, kept, written)

    def _pairs(
        self, profiles: sp.csr_matrix, profiles_t: sp.csr_matrix, kept: int | None, written: set[int]
    ) -> sp.coo_matrix:
        settings = self.settings

        def part(start: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            rows, sims = self._block(start, kept if start in written else None)
            shared = sp.csr_matrix(profiles[rows[0] : rows[-1] + 1] @ profiles_t).tocoo()
            mixed = sims * settings.direct
            mixed[shared.row, shared.col] += (1.0 - settings.direct) * shared.data
            keep = sims >= settings.keep
            keep[shared.row, shared.col] = True
            r, c = np.nonzero(keep)
            upper = rows[r] < c
            r, c = r[upper], c[upper]
            return rows[r], c, mixed[r, c].astype(np.float64)

        parts = self._map(part)
        return sp.coo_matrix(
            (
                np.concatenate([p[2] for p in parts]),
                (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])),
            ),
            shape=(self.size, self.size),
        )


@dataclass(frozen=True)
class Cluster:
    members: tuple[int, ...]
    """Indices into the documents, in input order."""
    central: int
    """The member whose headline names the story (``central_member``)."""
    cohesion: tuple[float, ...] = ()
    """Each member's summed similarity to the rest of its story, in the order of ``members``: what
    names the story again when members are moved to another (``topics`` does, for front matter)."""


def central_member(members: Sequence[int], cohesion: np.ndarray | Mapping[int, float]) -> int:
    """The first of ``members`` (in input order) whose cohesion is within
    ``CENTRAL_TOLERANCE`` of the highest.

    Near-copies of one report are about as central as each other, and an
    edit anywhere moves every weight a little (the IDF is collection-wide):
    the plain maximum would then rename a story, and move its page, after
    an edit to an unrelated source.
    """
    best = max(cohesion[i] for i in members)
    return next(i for i in members if cohesion[i] >= best - CENTRAL_TOLERANCE * abs(best))


def cluster_indices(
    documents: Sequence[Document],
    settings: ClusterSettings = DEFAULT_SETTINGS,
    bags: Callable[[Document], Bags] = bags_of,
    map: Map = in_order,
) -> list[Cluster]:
    """Group documents into stories; the result depends only on the input order.

    ``bags`` gives a document's features (``bags_of``, or the same kept from
    an earlier build); ``map`` may share the similarity products of a large
    set out over processes."""
    if not documents:
        return []
    labels, cohesion = average_linkage(_Similarity(documents, settings, bags, map).graph(), settings.threshold)
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(index)
    clusters = []
    for members in groups.values():
        clusters.append(Cluster(members=tuple(members), central=central_member(members, cohesion),
                                cohesion=tuple(float(cohesion[i]) for i in members)))  # fmt: skip
    clusters.sort(key=lambda c: c.members[0])
    return clusters

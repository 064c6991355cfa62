"""Average-linkage agglomerative clustering on a sparse similarity graph.

The story clustering's last step, apart because it is a general algorithm
with a contract of its own (it matches SciPy's ``linkage(method="average")``
cut at a distance, on any graph): memory and time grow with the pairs the
graph holds, not with N².
"""

from __future__ import annotations

import heapq

import numpy as np
import scipy.sparse as sp


def average_linkage(graph: sp.coo_matrix, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Agglomerative clustering, average linkage, on a sparse similarity graph.

    ``graph`` holds each pair at most once (``clustering._Similarity.graph`` gives the
    upper triangle). Missing pairs count as similarity 0, so the average
    between two groups is the sum of their edges over the product of their
    sizes. Groups merge, most similar first, while that average is at least
    ``1 - threshold``.
    Ties go to the lower index, so the result is a function of the input order.
    Returns a label per node (the lowest index in its group) and, per node,
    the sum of its similarities to the other members of its group.
    """
    n = graph.shape[0]
    level = 1.0 - threshold
    useful = (graph.row != graph.col) & (graph.data > 0)
    row, col, data = graph.row[useful], graph.col[useful], graph.data[useful]
    both = sp.csr_matrix(
        (np.concatenate([data, data]), (np.concatenate([row, col]), np.concatenate([col, row]))), shape=(n, n)
    )
    indptr, indices, values = both.indptr.tolist(), both.indices.tolist(), both.data.tolist()
    links = [dict(zip(indices[indptr[i] : indptr[i + 1]], values[indptr[i] : indptr[i + 1]])) for i in range(n)]
    size = [1] * n
    version = [0] * n
    parent = list(range(n))
    heap = [(-value / 1.0, i, j, 0, 0) for i in range(n) for j, value in links[i].items() if i < j and value >= level]
    heapq.heapify(heap)
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if version[a] != version_a or version[b] != version_b or parent[a] != a or parent[b] != b:
            continue
        # Keep the lower index as the group's name, so labels are stable.
        parent[b] = a
        size[a] += size[b]
        version[a] += 1
        into = links[a]
        for c, value in links[b].items():
            if c == a:
                continue
            into[c] = total = into.get(c, 0.0) + value
            near = links[c]
            del near[b]
            near[a] = total
        links[b] = {}
        del into[b]
        for c, value in into.items():
            average = value / (size[a] * size[c])
            if average >= level:
                low, high = (a, c) if a < c else (c, a)
                heapq.heappush(heap, (-average, low, high, version[low], version[high]))
    labels = np.arange(n)
    for i in range(n):
        root = i
        while parent[root] != root:
            root = parent[root]
        labels[i] = root
    cohesion = np.zeros(n)
    same = labels[graph.row] == labels[graph.col]
    np.add.at(cohesion, graph.row[same], graph.data[same])
    np.add.at(cohesion, graph.col[same], graph.data[same])
    return labels, cohesion

"""Automatic, seeded and deterministic link chart layout (networkx components, numpy forces)."""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np
from scipy.sparse.linalg import eigsh
from scipy.spatial import cKDTree

from casefile.core.linkchart import Graph

SPACING = 150.0
"""The ideal edge length in scene units (pixels at 100%)."""

WEIGHTS = {"relationship": 1.0, "subject": 0.8, "co-mention": 0.3}
ALL_PAIRS_UP_TO = 40  # components this small feel every other node's push
SPECTRAL_FROM = 40  # components this large start from a spectral drawing
REPULSION = 3.0  # push between nearby nodes in large components (all-pairs ones use 1)

ROOM = 0.7  # the typical gap to a node's nearest neighbour, in ideal edge lengths

Positions = dict[str, tuple[float, float]]


def layout(graph: Graph, seed: int = 7, spacing: float = SPACING) -> Positions:
    """Positions for every node: saved ones kept, the rest laid out and packed by component.

    The same graph and seed always give the same drawing; components are laid out one by one
    (largest first) and packed in rows, isolated nodes last in a grid.
    """
    g = nx.Graph()
    g.add_nodes_from(n.id for n in graph.nodes)
    for edge in graph.edges:
        if edge.source != edge.target:
            weight = WEIGHTS.get(edge.kind, 1.0)
            old = g.get_edge_data(edge.source, edge.target, {}).get("weight", 0.0)
            g.add_edge(edge.source, edge.target, weight=max(old, weight))
    order = {n.id: i for i, n in enumerate(graph.nodes)}
    components = sorted(
        (sorted(c, key=order.__getitem__) for c in nx.connected_components(g)),
        key=lambda c: (-len(c), order[c[0]]),
    )
    rng = np.random.default_rng(seed)
    drawings = [_component(g, nodes, rng, spacing) for nodes in components]
    placed = _pack(drawings, spacing)
    for node in graph.nodes:
        if node.saved is not None:
            placed[node.id] = (float(node.saved[0]), float(node.saved[1]))
    return placed


def _component(g: nx.Graph, nodes: list[str], rng: Any, k: float) -> tuple[list[str], Any]:
    n = len(nodes)
    if n == 1:
        return nodes, np.zeros((1, 2))
    index = {node: i for i, node in enumerate(nodes)}
    sub = g.subgraph(nodes)
    pairs = np.array([(index[a], index[b]) for a, b in sub.edges()], dtype=np.int64)
    weights = np.array([w for _, _, w in sub.edges(data="weight")], dtype=float)
    big = n >= SPECTRAL_FROM
    start = _spectral(n, pairs, weights, rng) if big else rng.random((n, 2)) - 0.5
    start *= k * math.sqrt(n) / max(1e-9, float(np.abs(start).max())) / 2
    iterations = 120 if n <= ALL_PAIRS_UP_TO else 80
    return nodes, _spread(_forces(start, pairs, weights, k, iterations), k)


def _spread(pos: Any, k: float) -> Any:
    """Scale a dense drawing up until the typical gap to the nearest node is ``ROOM * k``."""
    if len(pos) < 3:
        return pos
    gaps, _ = cKDTree(pos).query(pos, k=2)
    typical = float(np.median(gaps[:, 1]))
    return pos * (ROOM * k / typical) if 0 < typical < ROOM * k else pos


def _spectral(n: int, pairs: Any, weights: Any, rng: Any) -> Any:
    """The two smallest non-trivial Laplacian eigenvectors (a fixed start vector: repeatable)."""
    from scipy.sparse import coo_matrix, diags

    rows = np.concatenate([pairs[:, 0], pairs[:, 1]])
    cols = np.concatenate([pairs[:, 1], pairs[:, 0]])
    adjacency = coo_matrix((np.concatenate([weights, weights]), (rows, cols)), shape=(n, n))
    adjacency = adjacency.tocsr()
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    laplacian = (diags(degree) - adjacency).tocsr()
    try:
        _, vectors = eigsh(laplacian, k=3, which="SA", v0=rng.random(n), tol=1e-3)
    except Exception:  # ARPACK did not converge: fall back to a random start
        return rng.random((n, 2)) - 0.5
    return np.asarray(vectors[:, 1:3], dtype=float) + (rng.random((n, 2)) - 0.5) * 1e-3


def _forces(pos: Any, pairs: Any, weights: Any, k: float, iterations: int) -> Any:
    """Fruchterman–Reingold with grid-limited repulsion (pairs nearer than 3k) and cooling."""
    n = len(pos)
    pos = pos.astype(float).copy()
    temperature = k * max(2.0, math.sqrt(n) / 3)
    cooling = (k / 20 / temperature) ** (1 / max(1, iterations))
    reach = math.inf if n <= ALL_PAIRS_UP_TO else 2 * k
    for _ in range(iterations):
        disp = np.zeros_like(pos)
        near = _near_pairs(pos, reach)
        _push(disp, pos, near, k * (1.0 if math.isinf(reach) else math.sqrt(REPULSION)))
        _push(disp, pos, pairs, k, weights)
        length = np.maximum(np.hypot(disp[:, 0], disp[:, 1]), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature *= cooling
    return pos - pos.mean(axis=0)


def _near_pairs(pos: Any, reach: float) -> Any:
    if math.isinf(reach):
        upper = np.triu_indices(len(pos), 1)
        return np.column_stack(upper)
    return cKDTree(pos).query_pairs(reach, output_type="ndarray")


def _push(disp: Any, pos: Any, pairs: Any, k: float, weights: Any = None) -> None:
    """Repel ``pairs`` (k²/d) or, with ``weights``, pull them together (d²/k times weight)."""
    if len(pairs) == 0:
        return
    a, b = pairs[:, 0], pairs[:, 1]
    delta = pos[a] - pos[b]
    dist2 = np.maximum((delta * delta).sum(axis=1), 1e-4)
    factor = k * k / dist2 if weights is None else -np.sqrt(dist2) / k * weights
    force = delta * factor[:, None]
    n = len(pos)
    for axis in (0, 1):
        disp[:, axis] += np.bincount(a, force[:, axis], n) - np.bincount(b, force[:, axis], n)


def _pack(drawings: list[tuple[list[str], Any]], gap: float) -> Positions:
    """Shelf-pack component drawings in rows of about the same total width."""
    boxes = []
    for nodes, pos in drawings:
        low, high = pos.min(axis=0), pos.max(axis=0)
        boxes.append((nodes, pos - low, high - low + gap))
    area = sum(float(size[0] * size[1]) for _, _, size in boxes)
    width = max(math.sqrt(area) * 1.3, max((float(s[0]) for _, _, s in boxes), default=0.0))
    placed: Positions = {}
    x = y = row_height = 0.0
    for nodes, pos, size in boxes:
        if x > 0 and x + size[0] > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (px, py) in zip(nodes, pos, strict=True):
            placed[node] = (round(float(px + x), 1), round(float(py + y), 1))
        x += float(size[0])
        row_height = max(row_height, float(size[1]))
    return placed

"""Interchange with other tools: FollowTheMoney, CSV/XLSX tables, GEXF/GraphML graphs, screening.

A sibling of storage, capture and brief: it works on core records that the caller (CLI,
window) reads out of the case, and hands back core records that the caller stores through
the one write path (commands). It never opens a case file itself and imports no Qt.
"""

"""Drawings: the link chart and the chronology (scene items, views, panels, export)."""

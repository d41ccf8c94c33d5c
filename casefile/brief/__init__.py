"""The PDF brief: a report model built from the case, rendered with reportlab."""

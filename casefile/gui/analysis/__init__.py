"""Analysis: the evidence matrix, its claim chooser, the gap checks and duplicate people."""

"""The brief: its dialog and the job that writes the PDF off the GUI thread."""

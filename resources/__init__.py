"""casefile's assets, installed as the package ``casefile.resources`` (see setup.py).

fonts/ the brief embeds; icons/ (the SVG and its PNG sizes, rendered by tools/render-icons);
desktop/ the desktop entry, the MIME type of case files and the AppStream metainfo;
sample/ the texts of the sample case's sources. Read them with importlib.resources."""

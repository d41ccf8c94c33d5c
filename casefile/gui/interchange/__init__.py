"""Exchange with other tools in the window: exports, FtM import, screening, the library."""

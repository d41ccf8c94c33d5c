"""The window shell: main window, its actions, navigator, start page, search and backups."""

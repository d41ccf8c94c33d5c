"""The Qt-free, storage-free heart of casefile: domain types, rules and commands."""

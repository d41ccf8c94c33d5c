"""The records: register tables, the editor of each kind of record, relationships, overview."""

"""Qt helpers any room may use (text, dialogs, fields, jobs, session, undo); imports no other room."""

"""Modal dialogs: one confirmation dialog for every yes-or-no question (`confirm`, with their
texts in `confirmations`), and the dialogs that collect something (N/A reason, notes and owner,
an area to jump to, targets, where to save the report) or show something (an area's summary,
how to join remote voting)."""

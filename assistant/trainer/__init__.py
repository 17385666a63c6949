"""Course material for trainers: topic brief, timeline, quiz and their DOCX/Markdown export.

Everything is extractive: every point, event and quiz answer is a sentence (or clause) of an
indexed document, cited with `quote == document_text[start:end]`. `Trainer` (service.py) is the
one entry point the API routes and the CLI share.
"""

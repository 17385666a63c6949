"""Answers Vietnamese questions from the indexed documents, with verified citations.

Also home of what every package shares: settings (`assistant.settings`) and the error
hierarchy (`assistant.errors`). Both modules import nothing from the rest of the project, so
`ingest/` and `vectorstore/` may use them without depending on the answering code.
"""

"""Turns files into clean Vietnamese documents and passages with exact character offsets.

Knows nothing of Chroma: passages leave this package through `ingest.sink.PassageSink`.
"""

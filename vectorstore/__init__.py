"""Indexes passages in Chroma (dense) and BM25 (lexical) under the same ids, and searches both."""

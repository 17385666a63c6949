"""Evaluation: datasets, metrics, the runner and its reports, and retrieval benchmarks."""

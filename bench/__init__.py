"""Benchmarks that print JSON: `python -m bench` (see bench/README.md)."""

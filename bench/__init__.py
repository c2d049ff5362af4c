"""Benchmarks, each against a named peer or limit, in one run (see bench/README.md)."""

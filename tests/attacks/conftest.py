"""Fixtures of the attack tests: ``concurrent_db`` is in tests/conftest.py."""

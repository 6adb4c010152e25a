"""Helpers for the report parser tests: the sample, its ground truth, and document builders."""

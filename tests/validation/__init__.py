"""Tests of the spec validation layer (generator/validate*.py, generator/errata.py, .spectral.yaml)."""

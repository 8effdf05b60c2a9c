"""The conformance suite: proof that the generated clients match the vendors' documentation.

Everything is found by walking ``specs/``; no vendor, operation or sample is named here, so
a new ``specs/<slug>.yaml`` is conformance-tested without new test code.  ``cases.py`` is
the single registry of checks; the pytest modules and ``report.py`` both run it.
"""

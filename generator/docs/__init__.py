"""Docs captures and the docs-to-spec check (``check_docs``); see specs/CONVENTIONS.md."""

from generator.docs.check import check_docs

__all__ = ["check_docs"]

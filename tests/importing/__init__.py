"""Importing vendor-published descriptions: 3.0 -> 3.1 conversion and Overlay corrections."""

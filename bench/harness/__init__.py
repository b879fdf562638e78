"""The kernel benchmark's machinery: kernel specifications, timing, workers, C references, report.

``bench/run.py`` is the entry point; see bench/README.md.
"""

"""Synthetic corpus with ground truth (`corpus`), its scorer (`score`) and the benchmark runner (`run`)."""

"""Typo reports and corrections: readers point at errors, editors fix them."""

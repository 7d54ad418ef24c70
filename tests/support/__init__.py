"""Test and benchmark support: the fake E-utilities server, the refresh benchmark and the
lint evaluation harness. Never shipped in the wheel."""

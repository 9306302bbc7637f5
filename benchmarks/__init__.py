"""The parity report (`python -m benchmarks.report`, the main job) and the pieces the benchmark suites share:
models.py builds each tutorial model's training step in either library, parity.py measures how far two runs
differ, timing.py times steps, data.py holds the real images the report trains on."""

"""PulseStage benchmarks: the real server against the bare-stack limit, measured in the same run.

`python -m bench` runs every benchmark and rewrites bench/RESULTS.md; `python -m bench NAME ...`
runs only those (the others keep their last recorded figures). See bench/README.md.
"""

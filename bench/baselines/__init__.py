"""Baselines for the benchmarks: what a data analyst would write without this product."""

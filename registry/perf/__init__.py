"""Performance tools for developers: synthetic data, benchmark, load run."""

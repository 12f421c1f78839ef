"""The scan: the national side and provincial partitions on a date, the diff, stored gaps, runs and reports."""

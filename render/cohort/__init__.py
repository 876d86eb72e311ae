"""A cohort's results: every record of a JSON Lines or CSV file evaluated and written as one JSON
line, streamed in flat memory through forked worker processes."""

from .run import run_batch

__all__ = ["run_batch"]

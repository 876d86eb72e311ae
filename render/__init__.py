"""Every way a result reaches a person, one room each: terminal text (`terminal`), flowcharts
(`chart`), the guideline site (`site`), patient reports (`report`) and cohort files (`cohort`),
with the command line (`cli`) in front and output plumbing (`output`) beneath."""

from flows.evaluation import __version__

__all__ = ["__version__"]

"""What a person reads in a terminal: an evaluation (`evaluate`), what concerns a word (`about`)
and the verification of every flow (`check`)."""

from .about import about_text
from .check import check_all
from .evaluate import render_text

__all__ = ["about_text", "check_all", "render_text"]

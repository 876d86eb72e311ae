"""A local web application, `nmosd-flow serve`: the whole-patient check in a browser (and as a
JSON API) beside the guideline site, evaluated by the one engine and served by uvicorn."""

from .app import Settings, create_app
from .form import KNOWN, canonical
from .run import serve

__all__ = ["KNOWN", "Settings", "canonical", "create_app", "serve"]

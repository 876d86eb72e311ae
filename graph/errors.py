"""The library's one exception hierarchy; the CLI turns each into one line and exit status 2."""


class GuidelineError(Exception):
    """Base of every error a user can cause; ``str()`` is the whole message."""


class FlowError(GuidelineError):
    """A flow file or the fact registry is invalid; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


class PatientFileError(GuidelineError):
    """A patient file is unreadable, malformed, or holds a bad fact."""


class UsageError(GuidelineError):
    """A command-line argument names something that does not exist (a flow, a bundle, a path)."""

"""The one error kg raises for bad input; the command line prints it as one line."""


class KGError(Exception):
    """A problem with the user's input or environment, stated in one line."""

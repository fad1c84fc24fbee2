"""The one error kg raises for bad input, and the one warning; the command line prints each as one line."""


class KGError(Exception):
    """A problem with the user's input or environment, stated in one line."""


class KGWarning(UserWarning):
    """A problem with the input that kg works around, stated in one line."""

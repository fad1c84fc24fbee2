"""The one error kg raises for bad input, and the one warning; the command line prints each as one line."""


class KGError(Exception):
    """A problem with the user's input or environment, stated in one line."""


class KGWarning(UserWarning):
    """A problem with the input that kg works around, stated in one line."""


def ambiguous(name: str, actors: list[tuple[str, str]]) -> KGError:
    """The error for a name that several actors answer to, listing each as (label, IRI)."""
    listed = ", ".join(f"{label} <{iri}>" for label, iri in actors)
    return KGError(f"{name!r} names {len(actors)} actors ({listed}); give one of their IRIs")

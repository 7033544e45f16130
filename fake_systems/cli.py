"""The `fake-systems` command: generate, load, serve and export scenario bundles."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

from fake_systems.db import DEFAULT_DATA_DIR
from fake_systems.web.faults import Faults, parse_latency, parse_seconds, parse_share

EXIT_OK, EXIT_PARTIAL, EXIT_BAD_INPUT = 0, 1, 2
_T = TypeVar("_T")


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    code: int = args.handler(args)
    return code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fake-systems", description="The stand-in ERP, case system and benefits system."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="write a synthetic scenario bundle")
    gen.add_argument("--out", type=Path, required=True, help="the bundle folder to write")
    gen.add_argument("--invoices", type=int, default=200, help="how many invoices (100-100000)")
    gen.add_argument("--seed", type=int, default=1, help="same seed, same bundle")
    gen.add_argument(
        "--as-of",
        type=date.fromisoformat,
        default=date(2026, 11, 23),
        help="the run date the bundle is built around (YYYY-MM-DD)",
    )
    gen.set_defaults(handler=_generate)
    load = commands.add_parser("load", help="replace the stand-ins' data with a bundle")
    load.add_argument("bundle", type=Path)
    load.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    load.set_defaults(handler=_load)
    serve = commands.add_parser("serve", help="serve the three stand-ins until stopped")
    serve.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--erp-port", type=int, default=8701)
    serve.add_argument("--case-port", type=int, default=8702)
    serve.add_argument("--benefits-port", type=int, default=8703)
    serve.add_argument(
        "--idle-timeout",
        type=int,
        default=1800,
        metavar="SECONDS",
        help="a session unused this long expires",
    )
    _add_fault_flags(serve)
    serve.set_defaults(handler=_serve)
    export = commands.add_parser("export", help="write every invoice's outcome as JSON")
    export.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    export.add_argument("--out", type=Path, required=True)
    export.set_defaults(handler=_export)
    return parser


def _add_fault_flags(serve: argparse.ArgumentParser) -> None:
    faults = serve.add_argument_group("fault injection, for reliability tests (all off by default)")
    faults.add_argument(
        "--fault-rate",
        type=_checked(parse_share),
        default=0.0,
        metavar="R",
        help="share of requests (0-1) answered 503 before anything happens",
    )
    faults.add_argument(
        "--latency-ms",
        type=_checked(parse_latency),
        default=(0, 0),
        metavar="MIN:MAX",
        help="a random delay in milliseconds added to every request",
    )
    faults.add_argument(
        "--drop-after-commit",
        type=_checked(parse_share),
        default=0.0,
        metavar="R",
        help="share of writes (0-1) committed whose answer is lost: a 502 or a dropped connection",
    )
    faults.add_argument(
        "--session-ttl",
        type=_checked(parse_seconds),
        default=None,
        metavar="SECONDS",
        help="sessions end this long after login, however active",
    )
    faults.add_argument(
        "--fault-seed", type=int, default=None, metavar="S", help="same seed, same faults"
    )
    faults.add_argument(
        "--screen-overrides",
        type=Path,
        default=None,
        metavar="DIR",
        help="templates in DIR replace the stand-ins' own of the same name"
        " (to rehearse a changed screen)",
    )


def _checked(parse: Callable[[str], _T]) -> Callable[[str], _T]:
    """`parse`, its ValueError turned into argparse's clear usage error (exit 2)."""

    def convert(text: str) -> _T:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(f"{text!r}: {error}") from None

    return convert


def _fail(message: str) -> int:
    print(f"fake-systems: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _generate(args: argparse.Namespace) -> int:
    from fake_systems.scenarios import generate

    if not 1 <= args.invoices <= 1_000_000:
        return _fail("--invoices must be between 1 and 1,000,000")
    summary = generate(args.out, invoices=args.invoices, seed=args.seed, as_of=args.as_of)
    for line in summary.lines():
        print(line)
    print(f"Bundle written to {args.out}")
    return EXIT_OK


def _load(args: argparse.Namespace) -> int:
    from fake_systems.bundle.load import DEFAULT_USERS, load_bundle
    from fake_systems.bundle.models import BundleError

    if not args.bundle.is_dir():
        return _fail(f"no bundle folder at {args.bundle}")
    os.umask(0o077)  # whatever this process creates (databases, their side files) is private
    try:
        report = load_bundle(args.bundle, args.data_dir, progress=_progress_printer())
    except BundleError as error:
        return _fail(f"cannot load {args.bundle}: {error}")
    loaded = len(report.invoices) - len(report.refused)
    for refused in report.refused:
        print(f"refused {refused.filename}: {refused.reason}", file=sys.stderr)
    print(
        f"Loaded {loaded} invoices ({len(report.refused)} refused), {report.citizens} citizens,"
        f" {report.grants} grants, {report.payments} payments into {args.data_dir}"
    )
    if report.benefits is not None:
        b = report.benefits
        print(
            f"Benefits system: {len(b.citizens)} citizens, {len(b.agreements)} rent agreements,"
            f" {len(b.payouts)} payouts, {len(b.deductions)} deductions"
        )
    if report.default_users:
        names = ", ".join(f"{u.username} ({u.role})" for u in DEFAULT_USERS)
        print(
            f"The bundle has no users.json: created the demo users {names};"
            " their passwords are in fake_systems/bundle/load.py"
        )
    return EXIT_PARTIAL if report.refused else EXIT_OK


def _progress_printer() -> Callable[[int], None] | None:
    if not sys.stderr.isatty():
        return None
    return lambda n: print(f"\r  {n} invoices read ...", end="", file=sys.stderr, flush=True)


def _serve(args: argparse.Namespace) -> int:
    from fake_systems.db import add_benefits_database, pair_problem
    from fake_systems.serve import ServeConfig, serve
    from fake_systems.web.options import AppOptions

    problem = pair_problem(args.data_dir)
    if problem:
        return _fail(problem)
    os.umask(0o077)
    if add_benefits_database(args.data_dir):
        print(
            f"{args.data_dir} was loaded before the benefits system existed: serving it empty,"
            " with the case system's users (load the bundle again to fill it)",
            flush=True,
        )
    faults = Faults(
        fault_rate=args.fault_rate,
        latency_ms=args.latency_ms,
        drop_after_commit=args.drop_after_commit,
        seed=args.fault_seed,
    )
    if args.screen_overrides is not None and not args.screen_overrides.is_dir():
        return _fail(f"--screen-overrides: no folder at {args.screen_overrides}")
    options = AppOptions(
        idle_timeout_s=args.idle_timeout,
        session_ttl_s=args.session_ttl,
        faults=faults,
        screen_overrides=args.screen_overrides,
    )
    return serve(
        ServeConfig(
            data_dir=args.data_dir,
            host=args.host,
            erp_port=args.erp_port,
            case_port=args.case_port,
            benefits_port=args.benefits_port,
            options=options,
        )
    )


def _export(args: argparse.Namespace) -> int:
    from fake_systems.bundle.export import export_outcome
    from fake_systems.db import pair_problem

    problem = pair_problem(args.data_dir)
    if problem:
        return _fail(problem)
    try:
        counts = export_outcome(args.data_dir, args.out)
    except FileNotFoundError as error:
        return _fail(str(error))
    print(
        f"Exported {counts['invoices']} invoices, {counts['payments']} payments and"
        f" {counts['deductions']} rent deductions to {args.out}"
    )
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

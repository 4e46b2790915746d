"""`jetcart taxonomy import` and `jetcart mapping export|import|map-all|suggest`: taxonomy and mappings from a
script, with progress bars."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    tax = sub.add_parser("taxonomy", help="Jet's category taxonomy")
    tax_actions = tax.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = tax_actions.add_parser("import", help="import the taxonomy from the Jet API (resumable) or from files")
    imp.add_argument("--file", type=Path, help="folder (or any one) of Jet's taxonomy CSV files")
    imp.add_argument("--restart", action="store_true", help="fetch every node again instead of resuming")
    imp.add_argument("--workers", type=int, default=16, help="concurrent requests to Jet (default 16)")
    imp.set_defaults(handler=import_taxonomy)

    mapping = sub.add_parser("mapping", help="category, field and option mappings")
    actions = mapping.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write every mapping to a CSV file ('-' for standard output)")
    export.add_argument("csv", metavar="CSV")
    export.set_defaults(handler=export_mappings)
    load = actions.add_parser("import", help="apply a mappings CSV: every row, or none when a row is refused")
    load.add_argument("csv", metavar="CSV", type=Path)
    load.set_defaults(handler=import_mappings)
    map_all = actions.add_parser("map-all", help="map every store category to one Jet category")
    map_all.add_argument("jet_category_id", metavar="JET_CATEGORY_ID", type=int)
    map_all.set_defaults(handler=map_all_categories)
    suggest = actions.add_parser("suggest", help="list option mappings proposed by equal names")
    suggest.add_argument("--accept", action="store_true", help="save every suggestion")
    suggest.set_defaults(handler=suggest_option_mappings)


def _progress_bar():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    transient=False)


def import_taxonomy(args) -> int:
    import time

    from jetcart.connector.taxonomy import api_import as taxonomy_api
    from jetcart.connector.taxonomy import categories as taxonomy
    from jetcart.connector.taxonomy.files import TaxonomyFileError

    started = time.monotonic()
    with _progress_bar() as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        try:
            if args.file:
                run = taxonomy.import_taxonomy_from_files(path=args.file, progress=progress)
            else:
                run = taxonomy_api.import_taxonomy_from_api(workers=args.workers, restart=args.restart,
                                                            progress=progress)
        except TaxonomyFileError as exc:
            print(f"jetcart taxonomy import: {exc}", file=sys.stderr)
            return 1
        except Exception as exc:  # noqa: BLE001 - one line for the operator; the run row keeps the details
            print(f"jetcart taxonomy import: stopped: {exc} (run it again to resume)", file=sys.stderr)
            return 1
    print(f"imported {run.categories} categories, {run.attributes} attributes, {run.attribute_values} values, "
          f"{run.category_attributes} category attributes in {time.monotonic() - started:.1f} s")
    return 0


def export_mappings(args) -> int:
    from jetcart.connector.mapping.csv_transfer import export_mappings_csv

    text = export_mappings_csv()
    if args.csv == "-":
        sys.stdout.write(text)
    else:
        try:
            Path(args.csv).write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"jetcart mapping export: cannot write {args.csv}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"wrote {text.count(chr(10)) - 1} mapping rows to {args.csv}")
    return 0


def import_mappings(args) -> int:
    from jetcart.connector.mapping.csv_transfer import import_mappings_csv
    from jetcart.connector.mapping.large_import import is_large

    try:
        text = args.csv.read_text(encoding="utf-8-sig")
    except OSError as exc:
        print(f"jetcart mapping import: cannot read {args.csv}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except UnicodeDecodeError:
        print(f"jetcart mapping import: {args.csv} is not UTF-8 text (save it as CSV UTF-8); nothing imported",
              file=sys.stderr)
        return 1
    if "\0" in text:
        print(f"jetcart mapping import: {args.csv} is not a CSV file (it holds NUL bytes); nothing imported",
              file=sys.stderr)
        return 1
    if is_large(text):
        return _import_large(args.csv, text)
    result = import_mappings_csv(text)
    if not result.ok:
        for error in result.errors:
            print(f"{args.csv}: {error}", file=sys.stderr)
        print(f"nothing imported: {len(result.errors)} row(s) refused", file=sys.stderr)
        return 1
    print(f"imported {result.applied} mapping rows")
    return 0


def _import_large(path: Path, text: str) -> int:
    """A large file: checked whole, then applied in short transactions (the web pages and jobs keep working)."""
    import getpass

    from jetcart.connector.mapping.large_import import MappingFileTooLarge, create_import, run_import

    try:
        record = create_import(text, file_name=path.name, user=getpass.getuser())
    except MappingFileTooLarge as exc:
        print(f"jetcart mapping import: {path}: {exc}", file=sys.stderr)
        return 1
    with _progress_bar() as bar:
        checking = bar.add_task("checking", total=record.total_rows)
        applying = bar.add_task("applying", total=record.total_rows)

        def progress(current) -> None:
            bar.update(checking, completed=current.checked_rows)
            bar.update(applying, completed=current.applied_rows)

        record = run_import(record.pk, progress=progress)
    if record.status != record.Status.DONE:
        for line in record.error_lines:
            print(f"{path}: {line}", file=sys.stderr)
        return 1
    print(f"imported {record.applied_rows} mapping rows")
    return 0


def map_all_categories(args) -> int:
    from jetcart.connector.mapping.categories import CategoryMappingError, map_all_categories

    try:
        count = map_all_categories(jet_category_id=args.jet_category_id)
    except CategoryMappingError as exc:
        print(f"jetcart mapping map-all: {exc}", file=sys.stderr)
        return 1
    print(f"mapped {count} store categories to Jet category {args.jet_category_id}")
    return 0


def suggest_option_mappings(args) -> int:
    from jetcart.connector.mapping.options import (
        OptionMappingError,
        accept_suggestions,
        suggest_option_mappings,
    )

    suggestions = suggest_option_mappings()
    for suggestion in suggestions:
        print(suggestion.describe())
    if not suggestions:
        print("no suggestions: every option with a same-named Jet variant attribute is mapped")
        return 0
    if args.accept:
        with _progress_bar() as bar:
            task = bar.add_task("accepting", total=len(suggestions))
            saved = 0
            try:
                for suggestion in suggestions:
                    saved += accept_suggestions([suggestion])
                    bar.advance(task)
            except OptionMappingError as exc:
                print(f"jetcart mapping suggest: {exc}", file=sys.stderr)
                return 1
        print(f"accepted {saved} suggestion(s)")
    else:
        print(f"{len(suggestions)} suggestion(s); run with --accept to save them")
    return 0

"""`jetcart jobs list|run`: the scheduled jobs from the command line."""

from __future__ import annotations

import sys


def register(sub) -> None:
    parser = sub.add_parser("jobs", help="list the scheduled jobs or run one now")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="each job with its interval, last run, outcome and next run")
    listing.set_defaults(handler=list_jobs)
    run = actions.add_parser("run", help="run one job now (waits for it; skipped if another process runs it)")
    run.add_argument("name", metavar="NAME", help="the job's name, as `jetcart jobs list` shows it")
    run.set_defaults(handler=run_one_job)
    token = actions.add_parser("token", help="generate a new cron URL token and print it once (it is stored only as a "
                                             "hash; URLs with the previous token stop working)")
    token.set_defaults(handler=new_token)


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else "never"


def list_jobs(args) -> int:
    from rich.console import Console
    from rich.table import Table

    from jetcart.connector.operations.jobs import job_statuses

    table = Table(box=None, pad_edge=False)
    for column in ("job", "title", "interval", "last run", "outcome", "next run", "last error"):
        table.add_column(column)
    for status in job_statuses():
        last = status.last_run
        outcome = "running" if status.runner else (last.outcome if last else "")
        if last and last.duration_ms is not None:
            outcome += f" ({last.duration_ms} ms)"
        table.add_row(status.job.name, status.job.title, status.interval_text, _when(last and last.started_at),
                      outcome, _when(status.next_run_at), status.last_error)
    Console(width=200).print(table)
    return 0


def run_one_job(args) -> int:
    from jetcart.connector.models import RunTrigger
    from jetcart.connector.operations.jobs import UnknownJob, run_job

    try:
        result = run_job(args.name, trigger=RunTrigger.COMMAND)
    except UnknownJob as exc:
        print(f"jetcart jobs run: {exc}", file=sys.stderr)
        return 2
    print(result.describe())
    if result.outcome == "failed":
        return 1
    return 0 if result.run else 3


def new_token(args) -> int:
    from jetcart.connector.operations.cron_token import new_cron_token
    from jetcart.connector.operations.jobs import all_jobs

    token = new_cron_token()
    print(f"new cron token (shown only now; URLs with the previous token no longer work): {token}")
    for job in all_jobs():
        print(f"  https://YOUR-HOST/cron/{job.name}/?token={token}")
    return 0

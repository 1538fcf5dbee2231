"""`python -m bench.faults`: run the trials and print the report (see bench/faults/__init__.py)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import faults as package
from bench.faults.kill import KillOutcome, KillPlan, kill_trial
from bench.faults.outage import OutageOutcome, PrivatePostgres, SystemPostgres, outage_trial
from bench.faults.pg import PgOutcome, PgPlan, default_pg_url, two_process_trials

# --------------------------------------------------------------------------- main


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(package.__doc__ or "").split("\n\n")[0])
    parser.add_argument("--kill", type=int, default=50, help="kill -9 trials (0 to skip)")
    parser.add_argument("--pg", type=int, default=100, help="two-process trials (0 to skip)")
    parser.add_argument(
        "--outage", action="store_true", help="a private PostgreSQL server stopped for 30 s"
    )
    parser.add_argument(
        "--outage-system",
        action="store_true",
        help="stop the machine's own PostgreSQL cluster for 30 s instead (root; others lose it)",
    )
    parser.add_argument("--pg-url", default=default_pg_url(), help="a PostgreSQL server URL")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    print(f"python -m bench.faults, {dt.date.today()}, {os.cpu_count()} CPUs", flush=True)
    failed = False
    tmp = Path(tempfile.mkdtemp(prefix="tunghang-faults-"))
    if args.kill:
        outcomes = []
        started = time.monotonic()
        for n in range(args.kill):
            outcome = await kill_trial(args.seed + n, tmp)
            outcomes.append(outcome)
            print(f"  kill {n + 1:2}/{args.kill}: {outcome.summary()}", flush=True)
        report_kill(outcomes, time.monotonic() - started)
        failed |= not all(o.ok for o in outcomes)
    if args.pg:
        started = time.monotonic()
        pg = await two_process_trials(args.pg_url, tmp, PgPlan(trials=args.pg))
        report_pg(pg, time.monotonic() - started)
        failed |= not pg.ok
    if args.outage or args.outage_system:
        if args.outage_system:
            server: PrivatePostgres | SystemPostgres = SystemPostgres(args.pg_url)
        else:
            server = PrivatePostgres()
            await asyncio.to_thread(server.init)
        try:
            outage = await outage_trial(server, tmp)
        finally:
            if isinstance(server, PrivatePostgres):
                await asyncio.to_thread(server.remove)
        report_outage(outage, "the machine's cluster" if args.outage_system else "a private server")
        failed |= not outage.ok
    if not failed:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        print(f"logs kept in {tmp}")
    return 1 if failed else 0


def _rows(rows: list[tuple[str, str, str]]) -> None:
    for label, value, target in rows:
        print(f"  {label:56} {value:>15}   {target}")


def report_kill(outcomes: list[KillOutcome], seconds: float) -> None:
    def total(name: str) -> int:
        return sum(getattr(o, name) for o in outcomes)

    late = max(o.worst_lateness for o in outcomes)
    plan = KillPlan()
    print(f"\n1. kill -9 mid-day, SQLite: {len(outcomes)} trials in {seconds:.0f} s")
    phases = ", ".join(f"{k} {v}" for k, v in sorted(Counter(o.phase for o in outcomes).items()))
    print(f"  what was going on at the kill: {phases}")
    print(f"  a send held across the kill (carried out, answer lost): {total('held_send')} trials")
    _rows(
        [
            ("hour entries seen saved → lost", f"{total('hours_confirmed')} → "
             f"{total('hours_lost')}", "0 lost"),
            ("flags seen sent → lost", f"{total('flags_confirmed')} → {total('flags_lost')}",
             "0 lost"),
            ("flags raised (in the database, seen or not)", f"{total('flags')}", ""),
            ("escalation timers missed", f"{total('timers_missed')}", "0"),
            ("latest backup alert after max(deadline, restart)", f"{late:+.2f} s",
             f"≤ tick + 1 s = {plan.tick + plan.allowance:g} s"),
            ("tips due → missed", f"{total('tips_due')} → {total('tips_missed')}", "0 missed"),
            ("tip duplicates / tips in flight at the kill",
             f"{total('tip_duplicates')} / {total('in_flight')}", "dup ≤ in flight, each trial"),
            ("steps people repeated (their update died with the bot)",
             f"{total('repeated_steps')}", ""),
            ("scripts unfinished / 'something went wrong' replies",
             f"{total('scripts_unfinished')} / {total('apologies')}", "0 / 0"),
            ("429s from the sandbox (Telegram's limits enforced)", f"{total('rate_limited')}", ""),
            ("trials passing", f"{sum(o.ok for o in outcomes)}/{len(outcomes)}", "all"),
        ]
    )  # fmt: skip


def report_pg(o: PgOutcome, seconds: float) -> None:
    print(f"\n2. two bot processes, one PostgreSQL: {o.trials} trials in {seconds:.0f} s")
    _rows(
        [
            ("daily-run tips due", f"{o.tips_due}", ""),
            ("  sent twice / missed", f"{o.tips_sent_twice} / {o.tips_missed}", "0 / 0"),
            ("ladder alerts owed (outbox rows)", f"{o.alerts_owed}", ""),
            ("  sent twice / missed", f"{o.alerts_sent_twice} / {o.alerts_missed}", "0 / 0"),
            ("ladder rounds", f"{o.rounds}", ""),
            ("  climbed twice for one deadline / deadline missed",
             f"{o.rounds_twice} / {o.rounds_missed}", "0 / 0"),
            ("concerns acknowledged by the supervisor", f"{o.acknowledged}/{o.trials}", "all"),
            ("messages sent by process A / process B", f"{o.sends_by[0]} / {o.sends_by[1]}",
             "both"),
            ("429s from the sandbox (two limiters, one bot)", f"{o.rate_limited}", ""),
            ("result", "ok" if o.ok else "FAILED " + "; ".join(o.problems), ""),
        ]
    )  # fmt: skip


def report_outage(o: OutageOutcome, which: str) -> None:
    def secs(value: float | None) -> str:
        return "never" if value is None else f"{value:.1f} s"

    print(f'\n3. PostgreSQL ({which}) down for {o.downtime:.0f} s ("back": its start command)')
    _rows(
        [
            ("messages sent to the bot while it was down", f"{o.asked_during}", ""),
            ("  answered 'I can't reach my records…'", f"{o.kind_apologies}", "all"),
            ("  answered otherwise / not at all", f"{o.other_apologies} / {o.unanswered}",
             "0 / 0"),
            ("hour entries seen saved before → lost", f"{o.hours_confirmed} → {o.hours_lost}",
             "0 lost"),
            ("flags seen sent before → lost", f"{o.flags_confirmed} → {o.flags_lost}", "0 lost"),
            ("back → a normal answer", secs(o.normal_answer_after), "by itself"),
            (f"tips due while down ({o.tips_due_during}): missed / twice",
             f"{o.tips_missed} / {o.tip_duplicates}", "0 / 0"),
            ("back → the last of those tips sent", secs(o.tips_after), ""),
            ("backup's alert after max(deadline, back)", secs(o.backup_late),
             f"≤ tick + 1 s = {o.allowance:g} s"),
            ("result", "ok" if o.ok else "FAILED " + "; ".join(o.problems), ""),
        ]
    )  # fmt: skip


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

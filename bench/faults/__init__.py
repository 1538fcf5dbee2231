"""Fault trials: the real bot killed, doubled and cut off from its database.

    python -m bench.faults               # 50 kill trials (SQLite) + 100 two-process
                                         # trials (PostgreSQL): about 13 minutes
    python -m bench.faults --outage      # and a PostgreSQL server of its own stopped
                                         # for 30 s (root or the postgres user)
    python -m bench.faults --kill 5 --pg 10               # a quick look
    python -m bench.faults --kill 0 --pg 0 --outage-system  # stop the machine's own
                                         # cluster instead (root; everyone using it loses it)

PostgreSQL: --pg-url (default TUNGHANG_TEST_DATABASE_URL, else postgres@127.0.0.1:5432);
the trials create and drop a database of their own there.

Every trial runs the real bot, `python -m bot run`, in subprocesses polling the sandbox Bot
API over HTTP (bot/sandbox/server.py), as in tests/e2e/test_delivery_restart.py; simulated
people act through the sandbox and wait for what the bot tells them, like people would.

1. Kill -9 (SQLite, one process; `--kill N` trials, seeded): a scripted day — supporters
   due a daily tip over the first seconds, supporters logging hours (`/log 1.5h visit`, ✅
   Save, until they see "✅ Saved"), supporters raising a concern through the whole flag
   flow (until they see "Sent to …"), and nobody acknowledging, so each concern climbs to
   the unit's backup after TUNGHANG_ACK_TIMEOUT_SECONDS (2 s; TUNGHANG_TICK_SECONDS 0.5).
   The bot is SIGKILLed at a random moment (0.8–7 s after it starts: start-up, tips going
   out, hours being saved, flags raised, escalations due), restarted 0.2–1 s later; people
   whose step went unanswered do it again after a while, as a person would. In every other
   trial a send is held by the sandbox across the kill (a "timeout" fault that was carried
   out), so a send is surely in flight. Counted after the restart:
   - hour entries / flags the person saw confirmed that are not in the database: must be 0;
   - escalation timers missed: a flag whose backup was not alerted by max(deadline, restart
     ready) + one tick + 1 s delivery allowance: must be 0 (its lateness is reported);
   - tips: people with none (must be 0), duplicates (must be ≤ sends in flight at the kill:
     tips Telegram had that the outbox had not recorded as sent).
2. Two processes, one PostgreSQL (a database of its own, created and dropped here;
   `--pg N` trials): both run the tick and the outbox dispatcher on the same database and
   send through the same sandbox (only one polls for updates: two pollers of one bot would
   steal each other's updates — several instances take updates by webhook). Each trial,
   started a second after the previous one: 20 fresh supporters' daily tips come due at
   once (both ticks race to claim them), and a concern is raised in a unit of its own with
   a 1-second acknowledgement timeout, one alert per level: it climbs social worker →
   + backup → supervisor, and the supervisor acknowledges on seeing theirs. Counted: tips
   sent twice or not at all; alerts sent twice (Telegram messages per outbox row) or owed
   and never sent; ladder rounds recorded twice for one deadline or not at all.
3. Database outage (`--outage`): the bot runs on PostgreSQL; people have saved hours and
   raised a concern; the server is stopped for 30 s (`pg_ctl -m fast`, connections cut)
   while people keep writing to the bot and tips and an escalation fall due, then started
   again. By default the server is a private one this bench starts (initdb in /tmp, its
   own port), so nobody else's database goes away; `--outage-system` uses pg_ctlcluster
   on the machine's cluster. Counted: messages answered with the kind "can't reach my
   records" apology, otherwise, or not at all; confirmed entries lost; seconds from the
   server's return to a normal answer, to the tips that fell due being sent, and to the
   backup's alert (after its deadline, which passed during the outage).

Prints the trial counts and outcomes; exit status 1 if any target was missed.
"""

from bench.faults.kill import KillOutcome, KillPlan, kill_trial
from bench.faults.outage import (
    OutageOutcome,
    OutagePlan,
    PrivatePostgres,
    SystemPostgres,
    outage_trial,
)
from bench.faults.pg import PgOutcome, PgPlan, two_process_trials

__all__ = [
    "KillOutcome",
    "KillPlan",
    "OutageOutcome",
    "OutagePlan",
    "PgOutcome",
    "PgPlan",
    "PrivatePostgres",
    "SystemPostgres",
    "kill_trial",
    "outage_trial",
    "two_process_trials",
]

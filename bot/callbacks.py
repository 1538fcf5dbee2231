"""Callback data: every inline button's data, declared once, built and read one way.

A `Route` is one button action: a family prefix, literal segments and typed fields, joined
by ":" — `FLAG_ACK = FLAG.route("ack", Int("flag_id"))` is `flag:ack:<id>`.

- `FLAG_ACK.data(flag_id=12)` → `"flag:ack:12"`; refuses a value with ":" in it, a value
  its field would not read back, and anything over Telegram's 64 bytes.
- `FLAG_ACK.parse(data)` → `Args` (`args.number("flag_id")`); `ValueError` when the data
  is not this route's shape. `family.parse(data)` → `(route, args)` for a dispatcher.
- `pattern(*routes, leftovers=…)` → the compiled regex for `CallbackQueryHandler`. Every
  route is matched by exactly one handler (tests/unit/test_callbacks.py checks the built
  application). Data that starts with a family's prefix but fits none of its routes — a
  forged press, or a button from an old release — goes to the one handler registered with
  `leftovers=True`, which parses, fails, and answers kindly as it always did.

The wire format is byte-identical to the f-strings the bot used to build, so a supporter
can still press a button on yesterday's message after a deploy. No telegram import here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

MAX_BYTES = 64  # Telegram's limit on callback_data
MAX_ID = 2**31 - 1  # ids are INTEGER columns; the widest a button carries


@dataclass(frozen=True)
class Field:
    """One typed argument: the regex it matches on the wire, and its widest value."""

    name: str
    regex: str
    is_int: bool = False
    widest: str = ""  # the longest value the bot builds (for the 64-byte check)

    def encode(self, value: object) -> str:
        if self.is_int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"{self.name}: an int, not {type(value).__name__}")
            text = str(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            text = str(value)  # digits in a text field (a day code, a page): read back as text
        else:
            if not isinstance(value, str):
                raise ValueError(f"{self.name}: a str, not {type(value).__name__}")
            text = value
        if ":" in text or not re.fullmatch(self.regex, text, re.ASCII):
            raise ValueError(f"{self.name}: {text!r} would not read back")
        return text

    def decode(self, text: str) -> int | str:
        return int(text) if self.is_int else text


def Int(name: str, widest: int = MAX_ID) -> Field:
    """A non-negative integer (ids, pages, minutes)."""
    return Field(name, r"\d+", is_int=True, widest=str(widest))


def Str(name: str, regex: str = r"[^:]+", widest: str = "") -> Field:
    """A string without ":"; `regex` narrows it, `widest` is its longest built value."""
    return Field(name, regex, widest=widest or "x")


def Choice(name: str, *values: str) -> Field:
    """One of a few fixed words."""
    return Field(name, "|".join(re.escape(v) for v in values), widest=max(values, key=len))


class Args(Mapping[str, "int | str"]):
    """The typed arguments read from one press."""

    def __init__(self, values: dict[str, int | str]) -> None:
        self._values = values

    def __getitem__(self, name: str) -> int | str:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Args({self._values!r})"

    def number(self, name: str) -> int:
        value = self._values[name]
        assert isinstance(value, int), name
        return value

    def text(self, name: str) -> str:
        value = self._values[name]
        assert isinstance(value, str), name
        return value


@dataclass(frozen=True, eq=False)
class Route:
    """One button action; build it with `Family.route`."""

    family: Family
    segments: tuple[str | Field, ...]
    body: str = field(init=False)  # the regex without groups, for unions
    _regex: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        plain = [re.escape(self.family.prefix)]
        grouped = [re.escape(self.family.prefix)]
        for segment in self.segments:
            if isinstance(segment, Field):
                plain.append(f"(?:{segment.regex})")
                grouped.append(f"({segment.regex})")
            else:
                plain.append(re.escape(segment))
                grouped.append(re.escape(segment))
        object.__setattr__(self, "body", ":".join(plain))
        object.__setattr__(self, "_regex", re.compile(":".join(grouped) + r"\Z", re.ASCII))

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(s for s in self.segments if isinstance(s, Field))

    @property
    def name(self) -> str:
        words = [s if isinstance(s, str) else f"<{s.name}>" for s in self.segments]
        return ":".join([self.family.prefix, *words])

    @property
    def pattern(self) -> re.Pattern[str]:
        """This route alone, for `CallbackQueryHandler(pattern=…)`."""
        return pattern(self)

    def data(self, **values: object) -> str:
        """The callback data for these values; `ValueError` if it could not be read back."""
        names = {f.name for f in self.fields}
        if set(values) != names:
            raise ValueError(f"{self.name}: needs {sorted(names)}, got {sorted(values)}")
        parts = [self.family.prefix]
        for segment in self.segments:
            parts.append(
                segment.encode(values[segment.name]) if isinstance(segment, Field) else segment
            )
        data = ":".join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"{self.name}: {len(data.encode())} bytes, over {MAX_BYTES}")
        return data

    def parse(self, data: str) -> Args:
        """The arguments in `data`; `ValueError` if `data` is not this route's shape."""
        found = self._regex.match(data)
        if found is None:
            raise ValueError(f"not {self.name}")
        return Args({f.name: f.decode(v) for f, v in zip(self.fields, found.groups(), strict=True)})

    def widest(self) -> str:
        """The longest data this route can carry (tests hold it to 64 bytes)."""
        parts = [self.family.prefix]
        parts += [s.widest if isinstance(s, Field) else s for s in self.segments]
        return ":".join(parts)


class Family:
    """The routes sharing one prefix ("hrs", "flag"…): one place to parse their data."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.routes: list[Route] = []
        FAMILIES.append(self)

    def route(self, *segments: str | Field) -> Route:
        declared = Route(self, segments)
        self.routes.append(declared)
        return declared

    def parse(self, data: str, *among: Route) -> tuple[Route, Args]:
        """The route `data` fits (of `among`, or of the whole family) and its arguments."""
        for route in among or tuple(self.routes):
            try:
                return route, route.parse(data)
            except ValueError:
                continue
        raise ValueError(f"no {self.prefix} route fits")

    @property
    def pattern(self) -> re.Pattern[str]:
        """Every route of the family and its leftovers: one dispatcher's pattern."""
        return pattern(*self.routes, leftovers=True)

    @property
    def leftovers(self) -> str:
        """A regex for data with this prefix that fits none of the family's routes."""
        every = "|".join(r.body for r in self.routes)
        return rf"(?!(?:{every})\Z){re.escape(self.prefix)}(?::|\Z)"


FAMILIES: list[Family] = []


def pattern(*routes: Route, leftovers: bool = False) -> re.Pattern[str]:
    """A regex matching exactly these routes' data — and, with `leftovers`, whatever else
    starts with their (single) family's prefix and fits none of its routes."""
    alternatives = [rf"(?:{'|'.join(r.body for r in routes)})\Z"] if routes else []
    families = {id(r.family): r.family for r in routes}
    if leftovers:
        if len(families) != 1:
            raise ValueError("leftovers needs routes of exactly one family")
        alternatives.append(next(iter(families.values())).leftovers)
    compiled = re.compile("^(?:" + "|".join(alternatives) + ")", re.ASCII | re.DOTALL)
    _DESCRIBED[compiled.pattern] = _describe(routes, leftovers)
    _ROUTES_OF[compiled.pattern] = (routes, leftovers)
    return compiled


def describe(compiled: re.Pattern[str] | str) -> str:
    """A short readable name for a pattern this module built ("hrs:*", "flag:ack|close|…")."""
    key = compiled if isinstance(compiled, str) else compiled.pattern
    return _DESCRIBED.get(key, key)


def routes_of(compiled: re.Pattern[str]) -> tuple[tuple[Route, ...], bool]:
    """The routes (and whether the leftovers) a pattern built here was made for."""
    return _ROUTES_OF[compiled.pattern]


def _describe(routes: tuple[Route, ...], leftovers: bool) -> str:
    if len(routes) == 1 and not leftovers:
        return routes[0].name
    family = routes[0].family
    if leftovers and set(routes) == set(family.routes):
        return f"{family.prefix}:*"
    heads: list[str] = []
    for route in routes:
        first = route.segments[0] if route.segments else ""
        head = first if isinstance(first, str) else f"<{first.name}>"
        if head not in heads:
            heads.append(head)
    return f"{family.prefix}:{'|'.join(heads)}" + ("|*" if leftovers else "")


_DESCRIBED: dict[str, str] = {}
_ROUTES_OF: dict[str, tuple[tuple[Route, ...], bool]] = {}


# --- every button the bot sends ---------------------------------------------------------
# Loose fields (Str) where the handler checks the value as if typed and answers kindly;
# the wire shape of each line is exactly what the views built before the codec.

DAY = r"\d{8}"  # YYYYMMDD
MONTH = r"\d{4}-\d{2}"  # YYYY-MM
HHMM = r"\d{4}"
WORD = r"[A-Za-z_]+"
CODE = 16  # widest case code (ContactAttempt.client_code is String(16))


def Day(name: str = "day") -> Field:
    return Str(name, DAY, "20261231")


def Month(name: str = "month") -> Field:
    return Str(name, r"[^:]+", "2026-12")


# Language: /language and settings (lang:<lang>), the greeting's buttons (lang:<lang>:first).
LANG = Family("lang")
LANG_SET = LANG.route(Choice("lang", "en", "yue"))
LANG_FIRST = LANG.route(Str("lang", r"[a-z]+", "yue"), "first")

# /privacy and /mydata.
PRIV = Family("priv")
PRIV_PAGE = PRIV.route("page", Str("page", r"[^:]+", str(MAX_ID)), Str("lang", r"[^:]+", "yue"))
PRIV_DATA = PRIV.route("data")
PRIV_DEL = PRIV.route("del")
PRIV_DEL_YES = PRIV.route("del", "yes", Str("stamp", r"[^:]+", "99999999999"))
PRIV_KEEP = PRIV.route("keep")

# /settings.
SET = Family("set")
SET_LANG = SET.route("lang")
SET_HOME = SET.route("home")
SET_TIME = SET.route("time")
SET_TIME_TYPE = SET.route("time", "type")
SET_TIME_AT = SET.route("time", Str("hhmm", HHMM, "2359"))
SET_DAYS = SET.route("days")
SET_DAYS_ALL = SET.route("days", "all")
SET_DAY = SET.route("day", Str("day", r"[^:]+", "6"))
SET_PAUSE = SET.route("pause")
SET_RESUME = SET.route("resume")
SET_QUIET = SET.route("quiet")
SET_QUIET_OFF = SET.route("quiet", "off")
SET_QUIET_AT = SET.route("quiet", Str("span", HHMM + "-" + HHMM, "2300-0800"))

# The weekly wellbeing check-in.
WB = Family("wb")
WB_ANSWER = WB.route("a", Str("week", r"[^:]+", "20261231"), Str("face", r"[^:]+", "5"))
WB_TELL = WB.route("tell", Str("week", r"[^:]+", "20261231"), Str("share", r"[^:]+", "1"))
WB_NO = WB.route("no")
WB_SETTINGS = WB.route("set")
WB_ON = WB.route("on")
WB_OFF = WB.route("off")
WB_DAYS = WB.route("days")
WB_TIMES = WB.route("times")
WB_DAY = WB.route("day", Str("day", r"[^:]+", "6"))
WB_TIME = WB.route("time", Str("hhmm", r"[^:]+", "2359"))
WB_NOTE = WB.route("note", Str("on", r"[^:]+", "off"))
WB_HISTORY = WB.route("history")
WB_DELETE = WB.route("del")
WB_DELETE_YES = WB.route("delok")

# /invites.
INV = Family("inv")
INV_PAGE = INV.route("p", Int("page"))
INV_RENEW = INV.route("new", Int("invite_id"))

# The library of refreshers.
LIB = Family("lib")
LIB_HOME = LIB.route("home")
LIB_CATEGORY = LIB.route("cat", Str("category", widest="x" * 24))
LIB_TOPIC = LIB.route("top", Str("topic", widest="x" * 24), Int("page", 999))
LIB_CARD = LIB.route("card", Str("card_id", widest="x" * 32), Str("lang", widest="yue"))
LIB_VOTE = LIB.route("fb", Str("card_id", widest="x" * 32), Str("vote", widest="1"))
LIB_NONE = LIB.route("none")

# A supporter moved to another social worker (staff turnover).
MV = Family("mv")
MV_SUPPORTER = MV.route("s", Int("supporter_id"))
MV_TO = MV.route("t", Int("supporter_id"), Int("worker_id"))

# The unit's backup social worker and supervisor (/unit).
UNIT = Family("unit")
UNIT_PICK = UNIT.route("pick", Choice("role", "bk", "sv"))
UNIT_SET = UNIT.route("set", Choice("role", "bk", "sv"), Int("person_id"))
UNIT_SET_NOBODY = UNIT.route("set", Choice("role", "bk", "sv"), "none")

# /team: hours and approvals.
TEAM = Family("team")
TEAM_LIST = TEAM.route("ls", Str("scope", widest="u"), Str("page", widest=str(MAX_ID)))
TEAM_APPROVALS = TEAM.route(
    "ap", Month(), Str("scope", widest="u"), Str("page", widest=str(MAX_ID))
)
TEAM_APPROVE_ALL = TEAM.route("all", Month(), Str("scope", widest="u"))
TEAM_VIEW = TEAM.route("v", Str("supporter_id", widest=str(MAX_ID)), Month())
TEAM_VIEW_PAGE = TEAM.route(
    "v", Str("supporter_id", widest=str(MAX_ID)), Month(), Str("page", widest=str(MAX_ID))
)
TEAM_APPROVE = TEAM.route("ok", Str("supporter_id", widest=str(MAX_ID)), Month())
TEAM_REOPEN = TEAM.route("re", Str("supporter_id", widest=str(MAX_ID)), Month())
TEAM_REOPEN_YES = TEAM.route("rey", Str("supporter_id", widest=str(MAX_ID)), Month())
TEAM_CONTACT = TEAM.route("c", Str("supporter_id", widest=str(MAX_ID)))

# Hours: the 🕒 card, the evening check-in, the month record, "client not reached".
HRS = Family("hrs")
_MIN = Int("minutes", 1440)
_ACT = Str("activity", WORD, "x" * 12)
_FLAGS = Str("flags", r"[a-z]*", "ld")
HRS_CHECKIN_SETTING = HRS.route("cis", Str("on", r"[^:]+", "off"))
HRS_CHECKIN = HRS.route("ci", _MIN, Day())
HRS_CHECKIN_NO = HRS.route("cino")
HRS_DURATION = HRS.route("d", _MIN)
HRS_DURATION_OTHER = HRS.route("d", "other")
HRS_ACTIVITY = HRS.route("a", _MIN, _ACT)
HRS_ACTIVITY_DAY = HRS.route("a", _MIN, _ACT, Day())
HRS_OLD_SAVE = HRS.route("s", _MIN, _ACT, Day())  # on cards sent before ✅ Save existed
HRS_OTHER_DAYS = HRS.route("od", _MIN, _ACT)
HRS_SAVE = HRS.route("ok", _MIN, _ACT, Day())
HRS_SAVE_SURE = HRS.route("ok", _MIN, _ACT, Day(), _FLAGS)
HRS_UPDATE = HRS.route("up", Int("entry_id"), _MIN, _ACT, Day())
HRS_UPDATE_SURE = HRS.route("up", Int("entry_id"), _MIN, _ACT, Day(), _FLAGS)
HRS_CHANGE = HRS.route("chg")
HRS_CANCEL = HRS.route("no")
HRS_EDIT = HRS.route("e", Int("entry_id"))
HRS_EDIT_ACTIVITY = HRS.route("ea", Int("entry_id"))
HRS_EDIT_DAY = HRS.route("ed", Int("entry_id"))
HRS_DELETE = HRS.route("del", Int("entry_id"))
HRS_REMOVE = HRS.route("rm", Int("entry_id"))
HRS_MONTH = HRS.route("m", Month())
HRS_NOT_REACHED = HRS.route("nr")
HRS_NOT_REACHED_HOW = HRS.route(
    "nrc", Str("code", widest="x" * CODE), Str("channel", widest="phone")
)

# The quiet "I'm worried about safety" button.
SAFETY = Family("safety")
SAFETY_WORRIED = SAFETY.route("worried")

# Concerns (flags): the supporter's guided flow, then staff buttons on alerts and cards.
FLAG = Family("flag")
FLAG_START = FLAG.route("start")
FLAG_START_IN = FLAG.route("start", Str("category", widest="suicide_self_harm"))
FLAG_START_FOR = FLAG.route(
    "start", Str("category", widest="suicide_self_harm"), Str("code", widest="x" * CODE)
)
FLAG_CATEGORY = FLAG.route("cat", Str("category", widest="suicide_self_harm"))
FLAG_URGENCY = FLAG.route("urg", Str("urgency", widest="can_wait"))
FLAG_SKIP = FLAG.route("skip")
FLAG_SEND = FLAG.route("send")
FLAG_CANCEL = FLAG.route("cancel")
FLAG_ACK = FLAG.route("ack", Int("flag_id"))
FLAG_CLOSE = FLAG.route("close", Int("flag_id"))
FLAG_CONTACT = FLAG.route("contact", Int("flag_id"))
FLAG_VIEW = FLAG.route("view", Int("flag_id"))
FLAG_CARD = FLAG.route("card", Int("flag_id"))
FLAG_NOTE = FLAG.route("note", Int("flag_id"))

# /flags: the list of concerns and the month's figures.
FLAGS = Family("flags")
FLAGS_LIST = FLAGS.route("f", Str("filter", widest="overdue"), Str("page", widest=str(MAX_ID)))
FLAGS_FIGURES = FLAGS.route("stats", Month())

# Peer questions and answers: supporters, senior supporters (mentors) and staff.
PEER = Family("peer")
PEER_ASK = PEER.route("ask")
PEER_SHARE = PEER.route("share")
PEER_MENTOR = PEER.route("mentor", Str("on", widest="off"))
PEER_CANCEL = PEER.route("cancel")
PEER_REWRITE = PEER.route("rewrite")
PEER_NAME_OK = PEER.route("nameok")
PEER_SEND = PEER.route("send", Str("credit", widest="anon"))
PEER_WORKER = PEER.route("sw")
PEER_FOLLOW_UP = PEER.route("fu", Int("question_id"))
PEER_THANK = PEER.route("thank", Int("question_id"))
PEER_CLAIM = PEER.route("claim", Int("question_id"))
PEER_REPLY = PEER.route("reply", Int("question_id"))
PEER_ANSWER_SEND = PEER.route("asend")
PEER_ANSWER_LATER = PEER.route("asend", "no")
PEER_ANSWER_REWRITE = PEER.route("arewrite")
PEER_ANSWER_NAME_OK = PEER.route("anameok")
PEER_STAFF = PEER.route("staff")
PEER_QUESTIONS = PEER.route("ql", Int("page"))
PEER_QUESTION = PEER.route("qv", Int("question_id"))
PEER_MENTORS = PEER.route("mentors")
PEER_MENTORS_PAGE = PEER.route("mentors", Int("page"))
PEER_SET_MENTOR = PEER.route("sm", Int("person_id"), Int("page"))
PEER_DRAFT = PEER.route("draft", Int("question_id"))
PEER_DRAFT_AREA = PEER.route("dcat", Int("question_id"), Str("category", widest="x" * 24))
PEER_DRAFT_TOPIC = PEER.route("dtop", Int("question_id"), Str("topic", widest="x" * 24))
PEER_DRAFT_BACK = PEER.route("dq", Int("question_id"))
PEER_DRAFTS_FILE = PEER.route("dfile")
PEER_CONTACT = PEER.route("contact", Int("person_id"))

# Shared tips: the supporter's flow, the staff review, 👍/👎 under a delivered tip.
PTIP = Family("ptip")
PTIP_CANCEL = PTIP.route("cancel")
PTIP_REWRITE = PTIP.route("rewrite")
PTIP_NAME_OK = PTIP.route("nameok")
PTIP_AREAS = PTIP.route("areas")
PTIP_AREA = PTIP.route("cat", Str("category", widest="x" * 24))
PTIP_TOPIC = PTIP.route("top", Str("topic", widest="x" * 24))
PTIP_SEND = PTIP.route("send", Str("credit", widest="anon"))
PTIP_VOTE = PTIP.route("fb", Int("tip_id"), Str("vote", widest="1"))
PTIP_APPROVE = PTIP.route("ok", Int("tip_id"))
PTIP_EDIT = PTIP.route("edit", Int("tip_id"))
PTIP_RETURN = PTIP.route("ret", Int("tip_id"))

"""The callback-data codec: every button's data is declared once, reads back exactly, fits
Telegram's 64 bytes, refuses malformed data, and reaches exactly one handler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from telegram.ext import CallbackQueryHandler

from bot import callbacks as cb
from bot.app import build_application
from bot.config import Settings
from bot.library import load_library

NARROW = ("0", "x", "20261125", "2300-0800")  # the first that fits a text field
ROUTES = [route for family in cb.FAMILIES for route in family.routes]


def _values(route: cb.Route, *, widest: bool) -> dict[str, object]:
    """Values for every field: the widest the bot builds, or the narrowest that fits."""
    values: dict[str, object] = {}
    for field in route.fields:
        if field.is_int:
            values[field.name] = int(field.widest) if widest else 0
        elif widest:
            values[field.name] = field.widest
        else:
            values[field.name] = next(
                (s for s in NARROW if re.fullmatch(field.regex, s, re.ASCII)), field.widest
            )
    return values


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
@pytest.mark.parametrize("widest", [True, False], ids=["widest", "narrowest"])
def test_every_route_round_trips(route: cb.Route, widest: bool) -> None:
    values = _values(route, widest=widest)
    data = route.data(**values)
    assert dict(route.parse(data)) == values
    # …and no other route of its family reads it (each press has one meaning).
    others = [r for r in route.family.routes if r is not route]
    for other in others:
        with pytest.raises(ValueError):
            other.parse(data)
    assert route.family.parse(data) == (route, route.parse(data))


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_every_route_fits_in_64_bytes_with_the_largest_values(route: cb.Route) -> None:
    data = route.data(**_values(route, widest=True))
    assert data == route.widest()
    assert len(data.encode()) <= cb.MAX_BYTES, data


def test_real_content_ids_fit_in_the_library_buttons() -> None:
    """Card, topic and category ids come from content files: the longest of each still fits."""
    library = load_library()
    card = max((c.id for c in library.cards), key=len)
    topic = max(library.topics, key=len)
    category = max((c.id for c in library.categories), key=len)
    for data in (
        cb.LIB_CARD.data(card_id=card, lang="yue"),
        cb.LIB_VOTE.data(card_id=card, vote="1"),
        cb.LIB_TOPIC.data(topic=topic, page=999),
        cb.LIB_CATEGORY.data(category=category),
        cb.PTIP_TOPIC.data(topic=topic),
        cb.PTIP_AREA.data(category=category),
        cb.PEER_DRAFT_TOPIC.data(question_id=cb.MAX_ID, topic=topic),
        cb.PEER_DRAFT_AREA.data(question_id=cb.MAX_ID, category=category),
    ):
        assert len(data.encode()) <= cb.MAX_BYTES, data


def test_the_wire_format_is_what_buttons_already_in_chats_carry() -> None:
    """A supporter presses a button on yesterday's message: the bytes must not have moved."""
    assert cb.FLAG_ACK.data(flag_id=12) == "flag:ack:12"
    assert cb.FLAG_START_FOR.data(category="unreachable", code="C03") == (
        "flag:start:unreachable:C03"
    )
    assert cb.HRS_SAVE.data(minutes=90, activity="visit", day="20261125") == (
        "hrs:ok:90:visit:20261125"
    )
    assert cb.HRS_UPDATE_SURE.data(
        entry_id=7, minutes=90, activity="visit", day="20261125", flags=""
    ) == ("hrs:up:7:90:visit:20261125:")
    assert cb.HRS_DURATION_OTHER.data() == "hrs:d:other"
    assert cb.LANG_FIRST.data(lang="yue") == "lang:yue:first"
    assert cb.SET_QUIET_AT.data(span="2300-0800") == "set:quiet:2300-0800"
    assert cb.TEAM_APPROVALS.data(month="2026-11", scope="m", page=0) == "team:ap:2026-11:m:0"
    assert cb.PEER_ANSWER_LATER.data() == "peer:asend:no"
    assert cb.UNIT_SET_NOBODY.data(role="bk") == "unit:set:bk:none"
    assert cb.WB_ANSWER.data(week="20261123", face=3) == "wb:a:20261123:3"
    # Old shapes still parse: the day button of a card from before ✅ Save existed.
    assert cb.HRS.parse("hrs:s:60:visit:20261125")[0] is cb.HRS_OLD_SAVE
    assert cb.HRS.parse("hrs:ok:60:visit:20261125:ld")[1]["flags"] == "ld"


@pytest.mark.parametrize(
    "data",
    [
        "",
        "flag",
        "flag:",
        "flag:ack",
        "flag:ack:",
        "flag:ack:x",
        "flag:ack:-1",
        "flag:ack:1:2",
        "flag:ack:1\n",
        "flag:ack:١٢",  # Arabic-Indic digits: int() reads them, the codec does not
        "flags:ack:1",
        "xflag:ack:1",
        "FLAG:ack:1",
    ],
)
def test_malformed_data_is_refused(data: str) -> None:
    with pytest.raises(ValueError):
        cb.FLAG_ACK.parse(data)


def test_malformed_data_fits_no_route_of_its_family() -> None:
    for data in ("hrs:", "hrs:zzz", "hrs:s:60", "hrs:ok:60:visit", "hrs:d:-5", "unit:", "team:"):
        family = next(f for f in cb.FAMILIES if data.startswith(f.prefix + ":"))
        with pytest.raises(ValueError):
            family.parse(data)


def test_building_refuses_what_would_not_read_back() -> None:
    with pytest.raises(ValueError, match="read back"):
        cb.HRS_NOT_REACHED_HOW.data(code="C:03", channel="door")  # ":" inside a value
    with pytest.raises(ValueError, match="read back"):
        cb.HRS_ACTIVITY.data(minutes=60, activity="")  # empty
    with pytest.raises(ValueError, match="needs"):
        cb.FLAG_ACK.data()
    with pytest.raises(ValueError, match="needs"):
        cb.FLAG_ACK.data(flag_id=1, extra=2)
    with pytest.raises(ValueError, match="an int"):
        cb.FLAG_ACK.data(flag_id="12")
    with pytest.raises(ValueError, match="an int"):
        cb.FLAG_ACK.data(flag_id=True)
    with pytest.raises(ValueError, match="read back"):
        cb.FLAG_ACK.data(flag_id=-1)
    with pytest.raises(ValueError, match="bytes"):
        cb.HRS_NOT_REACHED_HOW.data(code="x" * 60, channel="door")


def test_leftovers_are_only_what_no_route_reads() -> None:
    leftovers = re.compile(cb.HRS.leftovers + r".*\Z", re.DOTALL)
    assert leftovers.match("hrs:zzz")
    assert leftovers.match("hrs:")
    assert leftovers.match("hrs")
    assert not leftovers.match("hrsx:1")
    assert not leftovers.match("hrs:rm:12")


# --- the built application ------------------------------------------------------------


@pytest.fixture(scope="module")
def button_handlers(tmp_path_factory: pytest.TempPathFactory) -> list[CallbackQueryHandler]:
    path = Path(tmp_path_factory.mktemp("app")) / "x.db"
    settings = Settings.from_env(
        {"TELEGRAM_BOT_TOKEN": "123456:CODEC-token", "DATABASE_URL": f"sqlite+aiosqlite:///{path}"}
    )
    app = build_application(settings, migrate=False)
    return [
        h for group in app.handlers.values() for h in group if isinstance(h, CallbackQueryHandler)
    ]


def _matching(handlers: list[CallbackQueryHandler], data: str) -> list[CallbackQueryHandler]:
    return [h for h in handlers if h.check_update(_press(data))]


def _press(data: str):  # type: ignore[no-untyped-def]
    from telegram import CallbackQuery, Update, User

    user = User(1, "x", is_bot=False)
    return Update(1, callback_query=CallbackQuery("1", user, "chat", data=data))


def test_every_button_handler_uses_a_codec_pattern(
    button_handlers: list[CallbackQueryHandler],
) -> None:
    for handler in button_handlers:
        assert isinstance(handler.pattern, re.Pattern), handler.callback
        cb.routes_of(handler.pattern)  # KeyError: a hand-written regex


@pytest.mark.parametrize("route", ROUTES, ids=[r.name for r in ROUTES])
def test_every_route_has_exactly_one_handler(
    button_handlers: list[CallbackQueryHandler], route: cb.Route
) -> None:
    for widest in (True, False):
        data = route.data(**_values(route, widest=widest))
        found = _matching(button_handlers, data)
        assert len(found) == 1, (data, [cb.describe(h.pattern) for h in found])  # type: ignore[arg-type]
        routes, _ = cb.routes_of(found[0].pattern)  # type: ignore[arg-type]
        assert route in routes


@pytest.mark.parametrize("family", cb.FAMILIES, ids=[f.prefix for f in cb.FAMILIES])
def test_forged_data_of_a_family_reaches_at_most_one_handler(
    button_handlers: list[CallbackQueryHandler], family: cb.Family
) -> None:
    """Junk with a family's prefix goes to that family's leftovers handler, which answers as
    the family always did (the safety button, which never had one, stays unanswered)."""
    handled = [h for h in button_handlers if cb.routes_of(h.pattern)[0][0].family is family]  # type: ignore[arg-type]
    keepers = [h for h in handled if cb.routes_of(h.pattern)[1]]  # type: ignore[arg-type]
    assert len(keepers) == (0 if family is cb.SAFETY else 1), family.prefix
    for junk in (f"{family.prefix}:", f"{family.prefix}:zz:9:9:9:9:9:9", f"{family.prefix}:§"):
        assert _matching(button_handlers, junk) == keepers, junk

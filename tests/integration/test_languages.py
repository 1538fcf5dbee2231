"""Every message the bot sends on its own reaches a Cantonese speaker in Cantonese.

A centre whose people all read Cantonese — one chose it at the greeting although Telegram
said English, the others' Telegram said zh-hk, zh-hant or yue — lives through a fortnight
by chat: joining, peer questions, a shared tip, a concern, tips, check-ins, wellbeing, the
monthly note, someone blocking the bot. Then:

- every kind of outbox message the code can write was written (the kinds are read from the
  source, so a new kind without a step here fails the test), and
- no outbox message, and no other message in these people's chats, has English in it.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.services import feedback, people
from bot.views.onboarding import OFFER_THIS_LANGUAGE
from storage.delivery_models import OutboxMessage
from storage.models import Person, Role
from tests.seed import add_unit

HK = ZoneInfo("Asia/Hong_Kong")
BOT = Path(__file__).resolve().parents[2] / "bot"

WORKER, FONG, KAM, HO, SECOND_WORKER = 1101, 2101, 2102, 2103, 1102
# Telegram names, as their apps show them; Fong's Telegram reports English.
TELEGRAM = {
    WORKER: ("陳姑娘", "zh-hk"),
    FONG: ("芳", "en"),
    KAM: ("金", "zh-hant"),
    HO: ("何", "yue"),
    SECOND_WORKER: ("何姑娘", "zh-hant"),
}
TIP = "我同C07一齊睇舊相，佢講咗成個鐘。"


def hk(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HK).astimezone(dt.UTC)


# --------------------------------------------------------------------------- the kinds


def _called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def outbox_kinds() -> set[str]:
    """The `kind` of every outbox.enqueue(...) / NewMessage(...) call in bot/ (a module
    constant resolved; no `kind` is the default, "message")."""
    kinds: set[str] = set()
    for path in BOT.rglob("*.py"):
        if path.name == "outbox.py" or "sandbox" in path.parts:
            continue  # the outbox's own API, and the Bot API stand-in
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _called(node) not in ("enqueue", "NewMessage"):
                continue
            kind = next((k.value for k in node.keywords if k.arg == "kind"), None)
            if kind is None:
                kinds.add("message")
            elif isinstance(kind, ast.Constant):
                kinds.add(str(kind.value))
            else:
                assert isinstance(kind, ast.Name) and kind.id in constants, (
                    f"{path.name}:{node.lineno}: give the outbox kind as a string or a module "
                    "constant, so this test can find it"
                )
                kinds.add(constants[kind.id])
    return kinds


def test_the_kinds_are_found():
    kinds = outbox_kinds()
    assert {"alert", "tip", "joined", "unreachable_notice", "peer_question"} <= kinds


# --------------------------------------------------------------------------- English?

_URL = re.compile(r"(?:https?|tg)://\S+")
_COMMAND = re.compile(r"/[a-z_]+")
_WORD = re.compile(r"[A-Za-z]{2,}")


def latin_words_kept_in_cantonese(bot) -> set[str]:
    """Words the Cantonese texts themselves keep in Latin letters (Telegram, YAML,
    WhatsApp…): in the catalog's translations and in the cards' Cantonese sides."""
    from babel.messages.pofile import read_po

    from bot.i18n import locales_dir

    kept: set[str] = set()
    with (locales_dir() / "yue" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        for message in read_po(handle, locale="yue"):
            if message.id and isinstance(message.string, str):
                kept |= set(_WORD.findall(re.sub(r"\{[a-z_]+\}", "", message.string)))
    for card in bot.services.library.cards:
        side = card.text("yue")
        for text in (side.title, side.situation, *side.say, *side.avoid, side.escalate or ""):
            kept |= set(_WORD.findall(text))
    for resource in bot.services.library.resources.values():
        kept |= set(_WORD.findall(f"{resource.name('yue')} {resource.hours('yue')}"))
    return kept


# Said in English on purpose, to offer English: the card's switch, the greeting's language
# button and its one line under the greeting.
OFFERS_OF_ENGLISH = ("🔁 Show in English", "✅ English", OFFER_THIS_LANGUAGE)


def english_in(text: str, kept: set[str]) -> list[str]:
    for offer in OFFERS_OF_ENGLISH:
        text = text.replace(offer, "")
    text = _COMMAND.sub("", _URL.sub("", text))
    return [word for word in _WORD.findall(text) if word not in kept and word != "English"]


# --------------------------------------------------------------------------- the fortnight


class Centre:
    """Drive the bot as these people, pressing buttons by their Cantonese labels."""

    def __init__(self, bot) -> None:
        self.bot = bot
        self.yue = bot.services.catalogs.get("yue").gettext

    async def say(self, who: int, text: str) -> list:
        return await self.bot.say(who, text)

    async def press(self, who: int, msgid: str, **names: str) -> list:
        label = self.yue(msgid).format(**names) if names else self.yue(msgid)
        return await self.bot.press(who, label)

    async def press_starting(self, who: int, msgid: str) -> list:
        """Press the newest button whose Cantonese label begins like `msgid` does before its
        first placeholder (labels that carry a month or a count)."""
        start = self.yue(msgid).split("{", 1)[0]
        for message in reversed(self.bot.sandbox.bot_messages(who)):
            for label in message.button_labels:
                if label.startswith(start):
                    return await self.bot.press(who, label, message_id=message.message_id)
        raise AssertionError(f"no button starting {start!r}")

    async def at(self, when: dt.datetime) -> None:
        self.bot.clock.now = when
        await self.bot.tick()
        await self.bot.flush()


async def _join(centre: Centre, telegram_id: int, link_text: str) -> None:
    name, language = TELEGRAM[telegram_id]
    centre.bot.sandbox.add_user(telegram_id, name, language_code=language)
    code = link_text.split("start=")[1].split()[0]
    await centre.say(telegram_id, f"/start {code}")


async def live_a_fortnight(bot) -> Centre:
    centre = Centre(bot)
    unit = await add_unit(bot.services, "Kowloon Centre")
    async with bot.services.sessions() as session:  # as `tunghang admin invite` does
        staff = await people.create_invite(
            session,
            role=Role.SOCIAL_WORKER,
            unit_id=unit.id,
            now=bot.clock(),
            days_valid=14,
            invitee_name="陳姑娘",
        )
        await session.commit()
    await _join(centre, WORKER, f"start={staff.code}")
    # She invites three supporters by name; Fong picks 廣東話 at the greeting. [joined]
    for telegram_id, name in ((FONG, "小芳"), (KAM, "阿金"), (HO, "阿何")):
        replies = await centre.say(WORKER, f"/invite {name}")
        link = next(m.text for m in replies if "start=" in (m.text or ""))
        await _join(centre, telegram_id, link)
        await bot.flush()  # she hears they joined
    await bot.press(FONG, "廣東話")
    await bot.flush()
    # Ah Kam is asked to answer fellow supporters' questions. [peer_status]
    await centre.say(WORKER, "/peer")
    await centre.press(WORKER, "🧭 Choose senior supporters")
    await bot.press(WORKER, "▫️ 阿金")
    # Fong logs her visit today (the monthly note will thank her for it).
    await centre.say(FONG, "/log 1.5h visit")
    await centre.press(FONG, "✅ Save")
    # A question, answered and thanked. [peer_question, peer_status, peer_answer, peer_thanks]
    await centre.say(FONG, "/askpeer")
    await centre.say(FONG, "C03成日唔出聲，點樣先可以同佢傾到偈？")
    await centre.press(FONG, "📨 Send without my name")
    await bot.flush()
    await centre.press(KAM, "🙋 I'll answer")
    await centre.say(KAM, "問下佢以前做咩工，慢慢嚟，唔使急。")
    await centre.press(KAM, "📨 Send answer")
    await bot.flush()
    await centre.press(FONG, "🙏 Thank them")
    await bot.flush()
    # A question nobody takes in time. [peer_status]
    await centre.say(FONG, "/askpeer")
    await centre.say(FONG, "個案唔肯開門，我應該點做？")
    await centre.press(FONG, "📨 Send without my name")
    await centre.at(bot.clock() + dt.timedelta(minutes=121))
    # A tip that worked, reviewed and approved. [tip_review, tip_status]
    await centre.say(FONG, "/sharetip")
    await centre.say(FONG, TIP)
    library = bot.services.library
    skills = next(c for c in library.categories if c.id == "conversation")
    await bot.press(FONG, skills.label("yue"))
    await bot.press(FONG, library.topics["conversation.silence"].label("yue"))
    await centre.press(FONG, "📨 Send with my name ({name})", name="芳")
    await bot.flush()
    await centre.press(WORKER, "✅ Approve")
    await bot.flush()
    # A concern, taken and closed. [alert, flag_status]
    await centre.say(FONG, "/flag")
    await centre.press(FONG, "Risk of suicide or self-harm")
    await centre.press(FONG, "Needs action today")
    await centre.say(FONG, "C03")
    await centre.press(FONG, "Skip")
    await centre.press(FONG, "📨 Send")
    await bot.flush()
    await centre.press(WORKER, "✅ I'm on it")
    await bot.flush()
    await centre.press(WORKER, "🗂 Close with outcome")
    await centre.say(WORKER, "已經同家人傾過，會繼續跟進。")
    await bot.flush()
    # Fong turns on both check-ins; Ah Ho will only get the shared tip.
    await centre.say(FONG, "/settings")
    await centre.press(FONG, "🕗 Turn on the evening check-in")
    await centre.press(FONG, "🌿 Weekly check-in")
    await centre.press(FONG, "✅ Turn on")
    async with bot.services.sessions() as session:
        ho = await people.person_by_telegram_id(session, HO)
        for card in library.cards:
            await feedback.record(session, ho.id, card.id, False, bot.clock())
        await session.commit()
    await bot.tick()  # everyone's first tip: tomorrow 09:30
    # Friday: daily tips [tip]; Ah Ho finds the shared tip helpful → at 19:00 Fong hears
    # [tip_helped]; at 20:00, nothing logged today: the evening check-in [checkin].
    await centre.at(hk(11, 27, 9, 30))
    await centre.press(HO, "👍 Helpful")
    await centre.at(hk(11, 27, 19, 0))
    await centre.at(hk(11, 27, 20, 1))
    # Two hard weeks [wellbeing_checkin], and yes, tell her social worker [wellbeing_chat].
    await centre.at(hk(11, 29, 19, 0))
    await bot.press(FONG, "🙁")
    await centre.at(hk(12, 1, 10, 0))  # the monthly note [meaning_note]
    await centre.at(hk(12, 6, 19, 0))
    await bot.press(FONG, "😢")
    await centre.press(FONG, "💬 Yes, let {name} know", name="陳姑娘")
    await bot.flush()
    # December: she approves November's hours in two taps; Fong hears [approval].
    await centre.say(WORKER, "/team")
    await centre.press_starting(WORKER, "✅ Approve {month}")
    await centre.press_starting(WORKER, "✅ Approve all without flags ({count})")
    await bot.flush()
    # She goes on leave for a week: her supporters hear who to call meanwhile [away_notice].
    await centre.say(WORKER, "/away until 2026-12-13")
    await bot.flush()
    # Ah Ho blocks the bot: his social worker is told [unreachable_notice].
    bot.sandbox.block_user(HO)
    await bot.deliver()
    await bot.flush()
    # Ah Kam deletes his data: the note that he joined, in her chat, is edited [redaction].
    await centre.say(KAM, "/mydata")
    await centre.press(KAM, "🗑 Delete my data…")
    await centre.press(KAM, "🗑 Yes, delete my data")
    await bot.flush()
    # A second social worker joins; Fong moves to her, and both hear it [supporter_moved].
    async with bot.services.sessions() as session:
        second = await people.create_invite(
            session,
            role=Role.SOCIAL_WORKER,
            unit_id=unit.id,
            now=bot.clock(),
            days_valid=14,
            invitee_name="何姑娘",
        )
        await session.commit()
    await _join(centre, SECOND_WORKER, f"start={second.code}")
    await bot.flush()
    await centre.say(WORKER, "/reassign")
    await bot.press(WORKER, "小芳")
    await bot.press(WORKER, "何姑娘")
    await bot.flush()
    return centre


async def test_every_outbox_message_reaches_cantonese_speakers_in_cantonese(bot):
    centre = await live_a_fortnight(bot)
    async with bot.services.sessions() as session:
        cast = {
            p.telegram_user_id: p
            for p in await session.scalars(select(Person).where(Person.telegram_user_id > 0))
        }
        rows = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
    joined = [t for t in TELEGRAM if t != KAM]  # Ah Kam deleted his data at the end
    assert {cast[t].language for t in joined} == {"yue"}, "languages saved at joining"
    missing = outbox_kinds() - {row.kind for row in rows} - {"message"}
    assert not missing, f"outbox kinds this test never produced — add a step: {missing}"
    kept = latin_words_kept_in_cantonese(bot)
    english = []
    for row in rows:
        shown = [row.text, *(label for line in row.buttons or [] for label, _ in line)]
        english += [
            (row.kind, word, row.text[:60]) for text in shown for word in english_in(text, kept)
        ]
    assert not english, sorted({(k, w) for k, w, _ in english})
    # Not only the outbox: nothing any of them saw in their chats was English.
    for telegram_id in TELEGRAM:
        for message in bot.sandbox.bot_messages(telegram_id):
            shown = [message.shown_text, *message.button_labels]
            found = [word for text in shown for word in english_in(text or "", kept)]
            assert not found, (telegram_id, found, message.shown_text[:80])
    assert centre.yue("Done — I'll speak English from now on.") in {
        m.text for m in bot.sandbox.bot_messages(FONG)
    }

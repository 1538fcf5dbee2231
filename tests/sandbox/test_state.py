"""BotApiSandbox on its own: every method, error path, the user side, faults and limits."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
from telegram import Message, Update

from bot.sandbox import AmbiguousLabel, BotApiSandbox, SandboxTimeout

AH_MEI = 1001
MR_CHAN = 1002
INLINE = {"inline_keyboard": [[{"text": "Yes", "callback_data": "yes"}]]}


def ok(envelope: dict[str, Any]) -> Any:
    """The result of a successful call."""
    assert envelope["ok"], envelope
    return envelope["result"]


def error(envelope: dict[str, Any]) -> tuple[int, str]:
    """(error_code, description) of a failed call."""
    assert not envelope["ok"], envelope
    return envelope["error_code"], envelope["description"]


async def send(sandbox: BotApiSandbox, text: str = "hi", **params: Any) -> dict[str, Any]:
    """sendMessage to Ah Mei."""
    return await sandbox.call("sendMessage", {"chat_id": AH_MEI, "text": text, **params})


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# ---------------------------------------------------------------- identity & dispatch


async def test_get_me_is_the_bot_user(sandbox: BotApiSandbox) -> None:
    me = ok(await sandbox.call("getMe", {}))
    assert me["id"] == 123456 and me["is_bot"] and me["username"] == "TungHangBot"


async def test_method_names_are_case_insensitive(sandbox: BotApiSandbox) -> None:
    assert ok(await sandbox.call("GETME", {}))["is_bot"]
    assert sandbox.calls[-1].method == "getMe"


async def test_unknown_method_is_404(sandbox: BotApiSandbox) -> None:
    assert error(await sandbox.call("sendTelepathy", {})) == (404, "Not Found")


def test_token_must_be_well_formed() -> None:
    with pytest.raises(ValueError):
        BotApiSandbox(token="nonsense")


def test_check_token(sandbox: BotApiSandbox) -> None:
    assert sandbox.check_token("123456:SANDBOX") is None
    assert sandbox.check_token("123456:OTHER")["error_code"] == 401
    assert sandbox.check_token("garbage")["error_code"] == 404


async def test_close_and_log_out(sandbox: BotApiSandbox) -> None:
    assert ok(await sandbox.call("close", {})) is True
    assert ok(await sandbox.call("logOut", {})) is True


async def test_calls_are_logged_with_status(sandbox: BotApiSandbox) -> None:
    await send(sandbox, "one")
    await send(sandbox, "")
    first, second = sandbox.calls_to("sendMessage")
    assert first.params["text"] == "one" and first.ok and isinstance(first.time, float)
    assert second.status == 400 and "empty" in (second.description or "")


# ---------------------------------------------------------------- sendMessage


async def test_send_message_returns_a_message_ptb_can_read(sandbox: BotApiSandbox) -> None:
    result = ok(await send(sandbox, "Hello"))
    message = Message.de_json(result, None)
    assert message.text == "Hello" and message.chat.id == AH_MEI and message.from_user.is_bot
    assert isinstance(result["date"], int)


async def test_message_ids_increase_per_chat(sandbox: BotApiSandbox) -> None:
    sandbox.send_text(AH_MEI, "hello")
    ids = [ok(await send(sandbox))["message_id"] for _ in range(2)]
    other = ok(await sandbox.call("sendMessage", {"chat_id": MR_CHAN, "text": "x"}))
    assert ids == [2, 3] and other["message_id"] == 1


async def test_text_validation(sandbox: BotApiSandbox) -> None:
    assert error(await send(sandbox, "")) == (400, "Bad Request: message text is empty")
    assert error(await send(sandbox, "   ")) == (400, "Bad Request: message text is empty")
    assert error(await send(sandbox, "x" * 4097)) == (400, "Bad Request: message is too long")
    assert ok(await send(sandbox, "x" * 4096))
    # Telegram counts UTF-16 units: an emoji outside the BMP is two.
    assert error(await send(sandbox, "😀" * 2049))[1] == "Bad Request: message is too long"
    assert ok(await send(sandbox, "同行" * 2048))


async def test_unknown_chat(sandbox: BotApiSandbox) -> None:
    envelope = await sandbox.call("sendMessage", {"chat_id": 999, "text": "x"})
    assert error(envelope) == (400, "Bad Request: chat not found")
    assert error(await sandbox.call("sendMessage", {"text": "x"}))[0] == 400


async def test_form_style_string_parameters(sandbox: BotApiSandbox) -> None:
    params = {"chat_id": str(AH_MEI), "text": "hi", "reply_markup": json.dumps(INLINE)}
    ok(await sandbox.call("sendMessage", params))
    assert sandbox.last_bot_message(AH_MEI).buttons == [[("Yes", "yes")]]


async def test_parse_modes_give_visible_text(sandbox: BotApiSandbox) -> None:
    ok(await send(sandbox, "<b>Hi</b> &amp; bye", parse_mode="HTML"))
    message = sandbox.last_bot_message(AH_MEI)
    assert message.text == "Hi & bye" and message.raw_text == "<b>Hi</b> &amp; bye"
    assert message.parse_mode == "HTML"
    ok(await send(sandbox, r"*Bold* and 3\.5", parse_mode="MarkdownV2"))
    assert sandbox.last_bot_message(AH_MEI).text == "Bold and 3.5"


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("<b>open", "HTML"),
        ("a < b", "HTML"),
        ("<div>x</div>", "HTML"),
        ("3.5", "MarkdownV2"),
        ("*open", "MarkdownV2"),
        ("_x", "Markdown"),
    ],
)
async def test_unparseable_entities(sandbox: BotApiSandbox, text: str, mode: str) -> None:
    code, description = error(await send(sandbox, text, parse_mode=mode))
    assert code == 400 and description.startswith("Bad Request: can't parse entities")


async def test_inline_keyboard_is_stored(sandbox: BotApiSandbox) -> None:
    markup = {
        "inline_keyboard": [
            [{"text": "A", "callback_data": "a"}, {"text": "Site", "url": "https://example.org"}]
        ]
    }
    result = ok(await send(sandbox, reply_markup=markup))
    assert result["reply_markup"] == markup
    message = sandbox.last_bot_message(AH_MEI)
    assert message.buttons == [[("A", "a"), ("Site", None)]]
    assert message.button_labels == ["A", "Site"]


@pytest.mark.parametrize(
    ("button", "description"),
    [
        ({"text": "A", "callback_data": "x" * 65}, "Bad Request: BUTTON_DATA_INVALID"),
        ({"text": "A", "callback_data": ""}, "Bad Request: BUTTON_DATA_INVALID"),
        ({"text": "A"}, "Bad Request: text buttons are unallowed in the inline keyboard"),
        ({"text": "A", "url": "ftp://x"}, "Bad Request: BUTTON_URL_INVALID"),
    ],
)
async def test_inline_button_validation(
    sandbox: BotApiSandbox, button: dict[str, str], description: str
) -> None:
    envelope = await send(sandbox, reply_markup={"inline_keyboard": [[button]]})
    assert error(envelope) == (400, description)


async def test_callback_data_of_64_bytes_is_fine(sandbox: BotApiSandbox) -> None:
    # 64 bytes, not characters: 21 CJK characters are 63 bytes.
    data = "同" * 21 + "x"
    assert ok(
        await send(
            sandbox, reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": data}]]}
        )
    )
    assert (
        error(
            await send(
                sandbox,
                reply_markup={"inline_keyboard": [[{"text": "A", "callback_data": data + "x"}]]},
            )
        )[0]
        == 400
    )


async def test_reply_keyboard_persists_until_removed(sandbox: BotApiSandbox) -> None:
    ok(await send(sandbox, "menu", reply_markup={"keyboard": [["Refreshers", {"text": "Hours"}]]}))
    assert sandbox.last_bot_message(AH_MEI).reply_keyboard == [["Refreshers", "Hours"]]
    ok(await send(sandbox, "no markup"))
    assert sandbox.reply_keyboard(AH_MEI) == [["Refreshers", "Hours"]]
    ok(await send(sandbox, "bye", reply_markup={"remove_keyboard": True}))
    assert sandbox.reply_keyboard(AH_MEI) is None
    assert sandbox.last_bot_message(AH_MEI).remove_keyboard


async def test_bad_markup(sandbox: BotApiSandbox) -> None:
    assert error(await send(sandbox, reply_markup="{nope"))[0] == 400
    assert error(await send(sandbox, reply_markup={"something": 1}))[0] == 400


async def test_reply_to_message(sandbox: BotApiSandbox) -> None:
    sandbox.send_text(AH_MEI, "question")
    result = ok(await send(sandbox, "answer", reply_parameters={"message_id": 1}))
    assert result["reply_to_message"]["text"] == "question"
    envelope = await send(sandbox, "answer", reply_parameters={"message_id": 99})
    assert error(envelope) == (400, "Bad Request: message to be replied not found")


# ---------------------------------------------------------------- edits & deletes


async def test_edit_message_text(sandbox: BotApiSandbox) -> None:
    message_id = ok(await send(sandbox, "Question?", reply_markup=INLINE))["message_id"]
    result = ok(
        await sandbox.call(
            "editMessageText", {"chat_id": AH_MEI, "message_id": message_id, "text": "Done"}
        )
    )
    assert result["text"] == "Done" and "edit_date" in result and "reply_markup" not in result
    message = sandbox.last_bot_message(AH_MEI)
    assert message.text == "Done" and message.buttons == [] and message.edit_date
    assert message.history == [("Question?", [[("Yes", "yes")]])]


async def test_edit_not_modified(sandbox: BotApiSandbox) -> None:
    message_id = ok(await send(sandbox, "Same", reply_markup=INLINE))["message_id"]
    params = {"chat_id": AH_MEI, "message_id": message_id, "text": "Same", "reply_markup": INLINE}
    code, description = error(await sandbox.call("editMessageText", params))
    assert code == 400 and description.startswith("Bad Request: message is not modified")
    # Dropping the keyboard is a change.
    assert ok(await sandbox.call("editMessageText", {**params, "reply_markup": None}))


async def test_edit_errors(sandbox: BotApiSandbox) -> None:
    sandbox.send_text(AH_MEI, "mine")
    edit = {"chat_id": AH_MEI, "text": "x"}
    unknown = await sandbox.call("editMessageText", {**edit, "message_id": 42})
    assert error(unknown) == (400, "Bad Request: message to edit not found")
    users = await sandbox.call("editMessageText", {**edit, "message_id": 1})
    assert error(users) == (400, "Bad Request: message can't be edited")
    gone = await sandbox.call("editMessageText", {**edit, "chat_id": 5, "message_id": 1})
    assert error(gone) == (400, "Bad Request: chat not found")


async def test_edit_reply_markup(sandbox: BotApiSandbox) -> None:
    message_id = ok(await send(sandbox, "Q", reply_markup=INLINE))["message_id"]
    params = {"chat_id": AH_MEI, "message_id": message_id}
    same = await sandbox.call("editMessageReplyMarkup", {**params, "reply_markup": INLINE})
    assert error(same)[1].startswith("Bad Request: message is not modified")
    ok(await sandbox.call("editMessageReplyMarkup", params))
    assert sandbox.last_bot_message(AH_MEI).buttons == []
    again = await sandbox.call("editMessageReplyMarkup", params)
    assert error(again)[1].startswith("Bad Request: message is not modified")


async def test_delete_message(sandbox: BotApiSandbox) -> None:
    first = ok(await send(sandbox, "one"))["message_id"]
    ok(await send(sandbox, "two"))
    params = {"chat_id": AH_MEI, "message_id": first}
    assert ok(await sandbox.call("deleteMessage", params)) is True
    assert [m.text for m in sandbox.bot_messages(AH_MEI)] == ["two"]
    assert sandbox.messages(AH_MEI, include_deleted=True)[0].deleted
    again = await sandbox.call("deleteMessage", params)
    assert error(again) == (400, "Bad Request: message to delete not found")
    edit = await sandbox.call("editMessageText", {**params, "text": "x"})
    assert error(edit) == (400, "Bad Request: message to edit not found")


# ---------------------------------------------------------------- callback queries


async def test_press_and_answer(sandbox: BotApiSandbox) -> None:
    message_id = ok(await send(sandbox, "Q", reply_markup=INLINE))["message_id"]
    update_id = sandbox.press(AH_MEI, message_id, "yes")
    update = Update.de_json(sandbox.pending_updates[-1], None)
    query = update.callback_query
    assert update.update_id == update_id and query.data == "yes"
    assert query.from_user.id == AH_MEI and query.message.message_id == message_id
    answer = {"callback_query_id": query.id, "text": "Saved", "show_alert": True}
    assert ok(await sandbox.call("answerCallbackQuery", answer)) is True
    assert sandbox.callback_answers == [(query.id, "Saved", True)]
    twice = await sandbox.call("answerCallbackQuery", {"callback_query_id": query.id})
    assert error(twice)[1].startswith("Bad Request: query is too old")


async def test_callback_query_ids_are_unique(sandbox: BotApiSandbox) -> None:
    message_id = ok(await send(sandbox, "Q", reply_markup=INLINE))["message_id"]
    sandbox.press(AH_MEI, message_id, "yes")
    sandbox.press(AH_MEI, message_id, "yes")
    ids = {u["callback_query"]["id"] for u in sandbox.pending_updates}
    assert len(ids) == 2


async def test_answer_text_limit(sandbox: BotApiSandbox) -> None:
    message_id = ok(await send(sandbox, "Q", reply_markup=INLINE))["message_id"]
    sandbox.press(AH_MEI, message_id, "yes")
    query_id = sandbox.pending_updates[-1]["callback_query"]["id"]
    long = await sandbox.call(
        "answerCallbackQuery", {"callback_query_id": query_id, "text": "x" * 201}
    )
    assert error(long) == (400, "Bad Request: MESSAGE_TOO_LONG")


async def test_press_checks_the_current_markup(sandbox: BotApiSandbox) -> None:
    message_id = ok(await send(sandbox, "Q", reply_markup=INLINE))["message_id"]
    with pytest.raises(ValueError):
        sandbox.press(AH_MEI, message_id, "no")
    ok(await sandbox.call("editMessageReplyMarkup", {"chat_id": AH_MEI, "message_id": message_id}))
    with pytest.raises(ValueError):
        sandbox.press(AH_MEI, message_id, "yes")
    with pytest.raises(ValueError):
        sandbox.press(AH_MEI, 77, "yes")


async def test_press_label(sandbox: BotApiSandbox) -> None:
    keyboard = {
        "inline_keyboard": [
            [
                {"text": "📚 Refreshers", "callback_data": "lib"},
                {"text": "Log hours", "callback_data": "hours"},
                {"text": "Log out", "callback_data": "out"},
            ]
        ]
    }
    first = ok(await send(sandbox, "menu", reply_markup=keyboard))["message_id"]
    ok(await send(sandbox, "Q", reply_markup=INLINE))
    sandbox.press_label(AH_MEI, "Yes")
    sandbox.press_label(AH_MEI, "refresh")  # prefix, case and emoji forgiven
    sandbox.press_label(AH_MEI, "Log hours")
    datas = [u["callback_query"]["data"] for u in sandbox.pending_updates]
    assert datas == ["yes", "lib", "hours"]
    assert sandbox.pending_updates[1]["callback_query"]["message"]["message_id"] == first
    with pytest.raises(AmbiguousLabel):
        sandbox.press_label(AH_MEI, "log")
    with pytest.raises(ValueError, match="no button"):
        sandbox.press_label(AH_MEI, "Nothing")
    with pytest.raises(ValueError):
        sandbox.press_label(AH_MEI, "Yes", message_id=first)


async def test_press_label_prefers_the_newest_message(sandbox: BotApiSandbox) -> None:
    ok(await send(sandbox, "old", reply_markup=INLINE))
    newest = ok(await send(sandbox, "new", reply_markup=INLINE))["message_id"]
    sandbox.press_label(AH_MEI, "Yes")
    assert sandbox.pending_updates[-1]["callback_query"]["message"]["message_id"] == newest


async def test_tap_reply_button_sends_the_label(sandbox: BotApiSandbox) -> None:
    ok(await send(sandbox, "menu", reply_markup={"keyboard": [["📚 Refreshers", "Log hours"]]}))
    sandbox.tap_reply_button(AH_MEI, "refreshers")
    assert sandbox.pending_updates[-1]["message"]["text"] == "📚 Refreshers"
    with pytest.raises(ValueError):
        sandbox.tap_reply_button(AH_MEI, "Settings")


# ---------------------------------------------------------------- user side


def test_send_text_command_entity(sandbox: BotApiSandbox) -> None:
    sandbox.send_text(AH_MEI, "/start@TungHangBot deep-link")
    sandbox.send_text(AH_MEI, "just text / not a command")
    command, plain = (Update.de_json(u, None).message for u in sandbox.pending_updates)
    assert command.entities[0].type == "bot_command"
    assert command.entities[0].offset == 0 and command.entities[0].length == 18
    assert command.from_user.language_code == "yue"
    assert plain.entities == ()


def test_unknown_user_is_a_value_error(sandbox: BotApiSandbox) -> None:
    with pytest.raises(ValueError):
        sandbox.send_text(4242, "hi")


async def test_non_text_messages(sandbox: BotApiSandbox) -> None:
    sandbox.send_sticker(AH_MEI, "🙂")
    sandbox.send_photo_from_user(AH_MEI, b"jpegbytes", caption="look")
    sandbox.send_voice(AH_MEI, duration=4)
    sandbox.send_document_from_user(AH_MEI, "notes.txt", b"notes")
    sticker, photo, voice, document = (
        Update.de_json(u, None).message for u in sandbox.pending_updates
    )
    assert sticker.sticker.emoji == "🙂" and sticker.text is None
    assert photo.photo and photo.caption == "look"
    assert voice.voice.duration.total_seconds() == 4  # PTB_TIMEDELTA=1, see conftest
    assert document.document.file_name == "notes.txt"
    info = ok(await sandbox.call("getFile", {"file_id": photo.photo[-1].file_id}))
    assert sandbox.file_by_path(info["file_path"]).data == b"jpegbytes"
    assert error(await sandbox.call("getFile", {"file_id": "nope"}))[0] == 400
    assert [m.kind for m in sandbox.messages(AH_MEI)] == ["sticker", "photo", "voice", "document"]


def test_edit_user_message(sandbox: BotApiSandbox) -> None:
    sandbox.send_text(AH_MEI, "3 hours")
    sandbox.edit_user_message(AH_MEI, 1, "4 hours")
    update = Update.de_json(sandbox.pending_updates[-1], None)
    assert update.edited_message.text == "4 hours" and update.edited_message.edit_date
    assert sandbox.messages(AH_MEI)[0].history == [("3 hours", [])]
    with pytest.raises(ValueError):
        sandbox.edit_user_message(AH_MEI, 9, "x")


async def test_groups(sandbox: BotApiSandbox) -> None:
    sandbox.add_to_group(-100, "Volunteers", AH_MEI, text="hello bot")
    added, said = (Update.de_json(u, None) for u in sandbox.pending_updates)
    assert added.my_chat_member.new_chat_member.status == "member"
    assert added.my_chat_member.chat.type == "group"
    assert said.message.chat.id == -100 and said.message.text == "hello bot"
    assert ok(await sandbox.call("leaveChat", {"chat_id": -100})) is True
    assert sandbox.left_chats == [-100]
    left = Update.de_json(sandbox.pending_updates[-1], None)
    assert left.my_chat_member.new_chat_member.status == "left"
    refused = await sandbox.call("sendMessage", {"chat_id": -100, "text": "x"})
    assert error(refused)[0] == 403
    assert error(await sandbox.call("leaveChat", {"chat_id": 999}))[0] == 400


# ---------------------------------------------------------------- getUpdates


async def test_get_updates_offset_and_limit(sandbox: BotApiSandbox) -> None:
    for text in ("a", "b", "c"):
        sandbox.send_text(AH_MEI, text)
    batch = ok(await sandbox.call("getUpdates", {"limit": 2}))
    assert [u["message"]["text"] for u in batch] == ["a", "b"]
    again = ok(await sandbox.call("getUpdates", {}))
    assert len(again) == 3  # nothing confirmed yet
    rest = ok(await sandbox.call("getUpdates", {"offset": batch[-1]["update_id"] + 1}))
    assert [u["message"]["text"] for u in rest] == ["c"]
    assert len(sandbox.pending_updates) == 1
    last = ok(await sandbox.call("getUpdates", {"offset": -1}))
    assert [u["message"]["text"] for u in last] == ["c"]


async def test_long_poll_wakes_up_on_new_update(sandbox: BotApiSandbox) -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.1, sandbox.send_text, AH_MEI, "wake")
    started = time.monotonic()
    batch = ok(await sandbox.call("getUpdates", {"timeout": 5}))
    assert batch[0]["message"]["text"] == "wake" and time.monotonic() - started < 2


async def test_long_poll_times_out_empty(sandbox: BotApiSandbox) -> None:
    started = time.monotonic()
    assert ok(await sandbox.call("getUpdates", {"timeout": "0.2"})) == []
    assert time.monotonic() - started >= 0.15


async def test_second_poller_terminates_the_first(sandbox: BotApiSandbox) -> None:
    first = asyncio.create_task(sandbox.call("getUpdates", {"timeout": 5}))
    await asyncio.sleep(0.05)
    second = asyncio.create_task(sandbox.call("getUpdates", {"timeout": 0.1}))
    code, description = error(await first)
    assert code == 409 and "terminated by other getUpdates request" in description
    assert ok(await second) == [] and sandbox.stats.conflicts == 1


async def test_aclose_releases_parked_polls(sandbox: BotApiSandbox) -> None:
    poll = asyncio.create_task(sandbox.call("getUpdates", {"timeout": 5}))
    await asyncio.sleep(0.05)
    await sandbox.aclose()
    assert ok(await asyncio.wait_for(poll, 1)) == []


# ---------------------------------------------------------------- settle


async def test_settle_waits_for_fetch_and_quiet(sandbox: BotApiSandbox) -> None:
    sandbox.send_text(AH_MEI, "hi")
    assert await sandbox.settle(quiet=0.05, timeout=0.2) is False  # nobody fetched it

    async def bot() -> None:
        await sandbox.call("getUpdates", {})
        await asyncio.sleep(0.1)
        await send(sandbox, "reply")

    task = asyncio.create_task(bot())
    assert await sandbox.settle(quiet=0.2, timeout=3)
    assert task.done() and sandbox.last_bot_message(AH_MEI).text == "reply"


# ---------------------------------------------------------------- files, actions, commands


async def test_send_document_and_photo(sandbox: BotApiSandbox) -> None:
    files = {"document": ("hours.csv", b"date,hours\n")}
    result = ok(
        await sandbox.call("sendDocument", {"chat_id": AH_MEI, "caption": "Your hours"}, files)
    )
    assert result["document"]["file_name"] == "hours.csv" and result["caption"] == "Your hours"
    assert result["document"]["mime_type"] == "text/csv"
    message = sandbox.last_bot_message(AH_MEI)
    assert message.document == ("hours.csv", b"date,hours\n") and message.kind == "document"
    # Re-send by file_id, and a photo via attach://.
    file_id = result["document"]["file_id"]
    ok(await sandbox.call("sendDocument", {"chat_id": AH_MEI, "document": file_id}))
    assert sandbox.last_bot_message(AH_MEI).document.data == b"date,hours\n"
    photo = {"chat_id": AH_MEI, "photo": "attach://pic"}
    ok(await sandbox.call("sendPhoto", photo, {"pic": ("p.jpg", b"\xff\xd8")}))
    assert sandbox.last_bot_message(AH_MEI).photo == ("p.jpg", b"\xff\xd8")


async def test_send_file_errors(sandbox: BotApiSandbox) -> None:
    chat = {"chat_id": AH_MEI}
    empty = await sandbox.call("sendDocument", chat, {"document": ("e.txt", b"")})
    assert error(empty) == (400, "Bad Request: file must be non-empty")
    unknown = await sandbox.call("sendDocument", {**chat, "document": "nope"})
    assert error(unknown)[0] == 400
    caption = await sandbox.call(
        "sendDocument", {**chat, "caption": "x" * 1025}, {"document": ("a.txt", b"a")}
    )
    assert error(caption) == (400, "Bad Request: message caption is too long")


async def test_chat_action(sandbox: BotApiSandbox) -> None:
    assert ok(await sandbox.call("sendChatAction", {"chat_id": AH_MEI, "action": "typing"}))
    assert sandbox.chat_actions(AH_MEI) == ["typing"]
    wrong = await sandbox.call("sendChatAction", {"chat_id": AH_MEI, "action": "dancing"})
    assert error(wrong)[0] == 400


async def test_commands_per_scope_and_language(sandbox: BotApiSandbox) -> None:
    english = [{"command": "start", "description": "Start"}]
    cantonese = [{"command": "start", "description": "開始"}]
    private = {"type": "all_private_chats"}
    ok(await sandbox.call("setMyCommands", {"commands": english}))
    ok(
        await sandbox.call(
            "setMyCommands",
            {
                "commands": json.dumps(cantonese),
                "scope": json.dumps(private),
                "language_code": "yue",
            },
        )
    )
    assert sandbox.commands == {
        ("default", ""): [("start", "Start")],
        ("all_private_chats", "yue"): [("start", "開始")],
    }
    got = ok(await sandbox.call("getMyCommands", {"scope": private, "language_code": "yue"}))
    assert got == cantonese
    assert ok(await sandbox.call("getMyCommands", {"language_code": "yue"})) == []
    ok(await sandbox.call("deleteMyCommands", {}))
    assert ("default", "") not in sandbox.commands
    chat_scope = {"type": "chat", "chat_id": AH_MEI}
    ok(await sandbox.call("setMyCommands", {"commands": english, "scope": chat_scope}))
    assert (f"chat:{AH_MEI}", "") in sandbox.commands


async def test_invalid_command(sandbox: BotApiSandbox) -> None:
    bad = [{"command": "Start", "description": "uppercase is refused"}]
    assert error(await sandbox.call("setMyCommands", {"commands": bad}))[1].endswith(
        "BOT_COMMAND_INVALID"
    )


# ---------------------------------------------------------------- webhook bookkeeping


async def test_webhook_blocks_get_updates(sandbox: BotApiSandbox) -> None:
    params = {"url": "http://127.0.0.1:9/hook", "secret_token": "s3cret"}
    assert ok(await sandbox.call("setWebhook", params)) is True
    code, description = error(await sandbox.call("getUpdates", {}))
    assert code == 409 and "webhook is active" in description
    info = ok(await sandbox.call("getWebhookInfo", {}))
    assert info["url"] == "http://127.0.0.1:9/hook"
    bad_secret = await sandbox.call("setWebhook", {"url": "http://x/", "secret_token": "a b"})
    assert error(bad_secret)[0] == 400
    ok(await sandbox.call("deleteWebhook", {"drop_pending_updates": True}))
    assert ok(await sandbox.call("getWebhookInfo", {}))["url"] == ""
    assert ok(await sandbox.call("getUpdates", {})) == []


# ---------------------------------------------------------------- faults


@pytest.mark.parametrize(
    ("kind", "code", "description"),
    [
        ("retry_after", 429, "Too Many Requests: retry after 7"),
        ("server_error", 502, "Bad Gateway"),
        ("blocked", 403, "Forbidden: bot was blocked by the user"),
        ("deactivated", 403, "Forbidden: user is deactivated"),
    ],
)
async def test_queued_faults(
    sandbox: BotApiSandbox, kind: str, code: int, description: str
) -> None:
    options = {"retry_after": 7} if kind == "retry_after" else {}
    sandbox.faults.queue("sendMessage", kind, **options)
    envelope = await send(sandbox)
    assert error(envelope) == (code, description)
    if kind == "retry_after":
        assert envelope["parameters"] == {"retry_after": 7}
    assert ok(await send(sandbox))  # used up
    assert sandbox.stats.faults_injected == 1


async def test_fault_count_and_any_method(sandbox: BotApiSandbox) -> None:
    sandbox.faults.queue(None, "server_error", count=2)
    assert ok(await sandbox.call("getUpdates", {})) == []  # None never hits getUpdates
    assert error(await sandbox.call("getMe", {}))[0] == 502
    assert error(await send(sandbox))[0] == 502
    assert ok(await send(sandbox))
    assert sandbox.faults.pending == []


async def test_faults_validate_their_arguments(sandbox: BotApiSandbox) -> None:
    with pytest.raises(ValueError):
        sandbox.faults.queue("sendMessage", "meteor")
    with pytest.raises(ValueError):
        sandbox.faults.queue("sendMessage", "blocked", retry_after=3)
    sandbox.faults.queue("sendMessage", "blocked")
    sandbox.faults.clear()
    assert ok(await send(sandbox))


async def test_timeout_fault(sandbox: BotApiSandbox) -> None:
    sandbox.faults.queue("sendMessage", "timeout", delay=0.5)
    with pytest.raises(SandboxTimeout) as lost:
        await send(sandbox, "lost")
    assert lost.value.delay == 0.5 and lost.value.envelope["error_code"] == 504
    assert sandbox.bot_messages(AH_MEI) == []
    # applied=True: sent, but the bot never hears back (the duplicate-send trap).
    sandbox.faults.queue("sendMessage", "timeout", applied=True)
    with pytest.raises(SandboxTimeout) as late:
        await send(sandbox, "delivered")
    assert late.value.envelope["ok"] and sandbox.last_bot_message(AH_MEI).text == "delivered"
    assert sandbox.calls[-1].status == 504


async def test_block_user(sandbox: BotApiSandbox) -> None:
    sandbox.block_user(AH_MEI)
    assert error(await send(sandbox)) == (403, "Forbidden: bot was blocked by the user")
    ok(await sandbox.call("sendMessage", {"chat_id": MR_CHAN, "text": "fine"}))
    kicked = Update.de_json(sandbox.pending_updates[-1], None).my_chat_member
    assert kicked.new_chat_member.status == "kicked" and kicked.chat.id == AH_MEI
    sandbox.unblock_user(AH_MEI)
    assert ok(await send(sandbox))
    assert sandbox.stats.blocked_sends == 1


async def test_deactivated_user(sandbox: BotApiSandbox) -> None:
    sandbox.deactivate_user(MR_CHAN)
    refused = await sandbox.call("sendMessage", {"chat_id": MR_CHAN, "text": "x"})
    assert error(refused) == (403, "Forbidden: user is deactivated")


async def outcomes(sandbox: BotApiSandbox, n: int) -> list[int]:
    """Status codes of n sends."""
    return [(await send(sandbox)).get("error_code", 200) for _ in range(n)]


async def test_random_faults_are_seeded(sandbox: BotApiSandbox) -> None:
    sandbox.set_random_faults(0.3, ["server_error", "retry_after"], seed=7)
    first = await outcomes(sandbox, 60)
    sandbox.set_random_faults(0.3, ["server_error", "retry_after"], seed=7)
    assert await outcomes(sandbox, 60) == first
    assert {502, 429} <= set(first) and 5 < first.count(200) < 60
    assert ok(await sandbox.call("getMe", {}))  # only send-type methods by default
    sandbox.set_random_faults(0)
    assert set(await outcomes(sandbox, 20)) == {200}


# ---------------------------------------------------------------- flood limits


async def test_per_chat_limit_with_fake_clock() -> None:
    clock = FakeClock()
    sandbox = BotApiSandbox(clock=clock)
    sandbox.add_user(AH_MEI, "Ah Mei")
    sandbox.enforce_limits(global_per_second=30, per_chat_per_second=1)
    assert ok(await send(sandbox))
    clock.now += 0.5
    envelope = await send(sandbox)
    assert error(envelope) == (429, "Too Many Requests: retry after 1")
    assert envelope["parameters"]["retry_after"] == 1
    clock.now += 0.51
    assert ok(await send(sandbox))
    assert sandbox.stats.rate_limited == 1 and sandbox.stats.rate_limited_per_chat == 1
    sandbox.disable_limits()
    assert ok(await send(sandbox))
    await sandbox.aclose()


async def test_global_limit_with_fake_clock() -> None:
    clock = FakeClock()
    sandbox = BotApiSandbox(clock=clock)
    for user_id in range(1, 41):
        sandbox.add_user(user_id, f"User {user_id}")
    sandbox.enforce_limits(global_per_second=30, per_chat_per_second=1)
    results = []
    for user_id in range(1, 41):
        clock.now += 0.01
        results.append(await sandbox.call("sendMessage", {"chat_id": user_id, "text": "tip"}))
    assert sum(r["ok"] for r in results) == 30
    assert sandbox.stats.rate_limited_global == 10
    # Edits and callback answers do not count against the message limits.
    message_id = results[0]["result"]["message_id"]
    edit = {"chat_id": 1, "message_id": message_id, "text": "edited"}
    assert ok(await sandbox.call("editMessageText", edit))
    clock.now += 1.0
    assert ok(await sandbox.call("sendMessage", {"chat_id": 40, "text": "later"}))
    await sandbox.aclose()


async def test_limits_with_real_short_window(sandbox: BotApiSandbox) -> None:
    sandbox.enforce_limits(global_per_second=None, per_chat_per_second=2)
    codes = await outcomes(sandbox, 3)
    assert codes == [200, 200, 429]

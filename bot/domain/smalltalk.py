"""Small talk: greetings, thanks, goodbyes, "ok", "are you a robot?", emoji and laughter.

An older supporter says 「唔該晒」 or "hi" the way she would to a person. That is not a
question for the refresher cards: answering it with a card (or seven hotlines) tells her the
bot did not understand. A message is small talk only when ALL of it is made of the phrases
below (after particles, punctuation and emoji are set aside), so "thanks, but what do I say
when she cries?" is still a question.
"""

from __future__ import annotations

import re
import unicodedata

from bot.domain.search import normalise

GREETING = "greeting"
THANKS = "thanks"
GOODBYE = "goodbye"
ACK = "ack"
ABOUT_BOT = "about_bot"
EMOJI = "emoji_laughter"

# Kinds in the order a mixed message is named by: "ok thanks bye" is thanks, "hi, what can
# you do?" is about the bot.
KINDS = (ABOUT_BOT, THANKS, GOODBYE, GREETING, ACK, EMOJI)

PHRASES: dict[str, tuple[str, ...]] = {
    ABOUT_BOT: (
        "are you a robot", "are you a bot", "are you human", "are you a real person",
        "are you real", "is this a bot", "is this a robot", "is this a real person",
        "who are you", "what are you", "what can you do", "what do you do", "how do i use this",
        "how does this work", "how do you work", "how to use", "who made you", "what is this",
        "what is tung hang", "what's this", "can you help me", "what can i ask",
        "你係咪機械人", "你係機械人", "你係唔係機械人", "你係咪機器人", "你係機器人",
        "你係咪真人", "你係真人", "你係唔係真人", "真人定電腦", "真人定機械人", "你係咪電腦",
        "你係邊個", "你係乜嘢", "你係咩嚟", "你係乜", "你可以做啲咩", "你可以做乜", "你識做咩",
        "你識做啲咩", "你會做咩", "你有咩用", "點用", "點樣用", "點用呢個", "呢個點用",
        "呢個係咩", "呢個係乜嘢", "同行係咩", "你可以幫我咩", "可以問你咩", "你識唔識講廣東話",
        "你叫咩名", "你叫乜嘢名", "what's your name", "what is your name", "are you ai",
        "is this ai",
        "are you chatgpt", "你係咪chatgpt", "你係咪ai", "你係ai", "do you speak english",
        "do you speak cantonese", "你識唔識英文", "你識講廣東話嗎", "你明唔明廣東話",
    ),
    THANKS: (
        "thank you", "thank you very much", "thank you so much", "thanks", "thanks a lot",
        "thanks so much", "many thanks", "thx", "thks", "tks", "ty", "tq", "thank u", "thankyou",
        "much appreciated", "appreciate it", "very helpful", "helpful", "useful", "very useful",
        "that helps", "that helped", "great help", "good to know",
        "唔該", "唔該晒", "唔該你", "唔該曬", "m該", "多謝", "多謝晒", "多謝你", "多謝曬", "謝謝",
        "謝謝你", "感謝", "感恩", "好有用", "有用", "好幫到手", "幫到手", "幫到我", "好有幫助",
        "明白晒多謝", "thank", "thanks you", "多謝你幫手", "多謝幫手", "唔該你幫手", "好感激",
        "感激", "真係幫到我", "thanks for your help", "thank you for your help",
        "thanks for helping",
    ),
    GOODBYE: (
        "bye", "bye bye", "byebye", "bye for now", "see you", "see ya", "see you later",
        "good night", "goodnight", "night night", "take care", "talk later", "ttyl",
        "拜拜", "再見", "遲啲見", "聽日見", "下次見", "早唞", "晚安", "走先", "我走先", "收工",
        "下次傾", "遲啲傾", "保重", "88", "886", "下次再傾", "遲啲再傾", "cya", "bye now",
        "再會", "聽日再問你", "遲啲再問你", "see you tomorrow", "going to sleep", "去瞓喇",
        "我要出門口", "出門口",
    ),
    GREETING: (
        "hi", "hello", "hey", "hiya", "hi there", "hello there", "good morning", "morning",
        "good afternoon", "good evening", "gd morning", "gm", "yo", "hallo",
        "你好", "您好", "哈囉", "哈佬", "早晨", "早安", "午安", "喂", "嗨", "大家好", "早",
        "hello你好", "係咪有人", "有冇人", "各位好", "我又嚟喇", "又嚟喇", "我係新嚟嘅",
    ),
    EMOJI: ("哈哈", "哈", "呵呵", "嘻嘻", "hehe", "haha", "hahaha", "lol", "lolol", "lmao", "xd",
            "hihi", "好好笑", "笑死", "好搞笑"),
    ACK: (
        "ok", "okay", "okie", "okey", "oki", "okok", "k", "kk", "alright", "all right", "sure",
        "got it", "noted", "noted with thanks",
        "understood", "i see", "yes", "yeah", "yep", "no problem", "fine", "cool", "right",
        "good", "great", "nice", "sounds good", "will do", "ok noted",
        "好", "好嘅", "好的", "收到", "明白", "明白晒", "知道", "知道喇", "係", "係呀", "冇問題",
        "得", "得喇", "嗯", "哦", "噢", "好呀", "咁好", "好好", "正", "好嘢", "知", "明",
        "明白了", "知道了", "可以", "我試下", "試下",
    ),
}  # fmt: skip

# Words that ride along without changing the kind: particles, "you", "so much", names of
# the bot, the person's own sign-off.
_FILLERS = (
    "呀", "啊", "啦", "喇", "囉", "㗎", "喎", "吖", "嘅", "啫", "咩", "呢", "嘛", "吓", "咁",
    "先", "你", "晒", "同行", "tung hang", "bot", "ah", "la", "lah", "lor", "ar", "wor", "ga",
    "ge", "ma", "a", "so much", "very much", "again", "dear", "all", "everyone", "sir", "miss",
    "madam", "you", "u", "again", "then", "and", "for", "the", "help", "now", "oh", "ah ok",
    "ya", "姑娘", "社工", "師傅", "先生", "小姐", "姐姐",
)  # fmt: skip

_MAX_CHARS = 40  # a longer message is a question or a report, even if it starts with "hi"


def _word_pattern(phrase: str) -> str:
    escaped = re.escape(phrase)
    # English phrases stand as words; Han ones may touch anything.
    return escaped if re.search(r"[^\x00-\x7f]", phrase) else rf"(?<![a-z]){escaped}(?![a-z])"


def _alternation(phrases: dict[str, tuple[str, ...]]) -> re.Pattern[str]:
    groups = []
    for kind, words in phrases.items():
        folded = sorted({normalise(w) for w in words}, key=len, reverse=True)
        groups.append(f"(?P<{kind}>{'|'.join(_word_pattern(w) for w in folded)})")
    return re.compile("|".join(groups))  # the dict's order: laughter before "ok" (好好笑)


_PHRASE_RE = _alternation(PHRASES)
_FILLER_RE = re.compile(
    "|".join(
        _word_pattern(f) for f in sorted({normalise(f) for f in _FILLERS}, key=len, reverse=True)
    )
)
_LEFTOVER_RE = re.compile(r"[\w]")


def _is_symbol(ch: str) -> bool:
    """Emoji, punctuation, spaces: anything that is not a letter, digit or Han character."""
    return not (ch.isalnum() or unicodedata.category(ch).startswith("L"))


def classify(text: str) -> str | None:
    """The kind of small talk `text` is, or None when it says anything more."""
    norm = normalise(text or "").strip()
    if not norm or len(norm) > _MAX_CHARS:
        return None
    if all(_is_symbol(ch) for ch in norm):
        return EMOJI  # 😊, 👍🙏, "?!", stickers' emoji
    found: set[str] = set()

    def take(match: re.Match[str]) -> str:
        found.add(match.lastgroup or "")
        return " "

    rest = _PHRASE_RE.sub(take, norm)
    rest = _FILLER_RE.sub(" ", rest)
    if _LEFTOVER_RE.search(rest) or not found:
        return None
    return next(kind for kind in KINDS if kind in found)


def opening(text: str) -> str | None:
    """The small talk a short message opens with ("早晨，今日好天喎" opens with a greeting):
    the caller treats the message as small talk only when the rest finds no card."""
    norm = normalise(text or "").strip()
    if len(norm) > _MAX_CHARS:
        return None
    match = _PHRASE_RE.match(norm)
    return match.lastgroup if match and match.lastgroup in (GREETING, THANKS, GOODBYE) else None

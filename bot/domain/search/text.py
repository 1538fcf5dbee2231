"""Text handling shared by the search and the safety net: normalising and tokenising.

Both sides (cards and queries) go through the same functions, so the canonical forms
chosen only have to be stable.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

# Homophone / variant habits seen in typed Hong Kong Cantonese. Applied to
# cards and queries alike, so the canonical side chosen only has to be stable.
_VARIANT_CHARS = {
    "系": "係",  # 我系義工 → 我係義工
    "既": "嘅",  # 佢既老公 → 佢嘅老公
    "左": "咗",  # 走左 → 走咗
    "野": "嘢",  # 食野 → 食嘢
    "黎": "嚟",  # 唔肯黎 → 唔肯嚟
    "地": "哋",  # 佢地 → 佢哋
    "岩": "啱",  # 岩岩 → 啱啱
    "哂": "晒",  # 唔該哂 → 唔該晒
    "無": "冇",  # 無人應 → 冇人應
    "畀": "俾",
    "噉": "咁",
    "著": "着",  # 瞓唔著 → 瞓唔着
    "癐": "攰",
    "抖": "唞",  # 抖唔到氣 → 唞唔到氣
    "裏": "裡",
    "衞": "衛",
    "綫": "線",
    "麽": "麼",
}

# Standard-Chinese characters some users type for their Cantonese equivalents
# (他不想活 → 佢唔想活). Cards are written in Cantonese, so fold towards it.
_MANDARIN_CHARS = {
    "他": "佢", "她": "佢", "它": "佢", "不": "唔", "沒": "冇", "的": "嘅", "是": "係",
    "在": "喺", "了": "咗", "們": "哋", "這": "呢", "那": "嗰", "看": "睇", "說": "講",
    "吃": "食", "很": "好", "給": "俾", "睡": "瞓",
}  # fmt: skip

# Simplified → traditional for common characters a phone keyboard may produce.
_SIMPLIFIED = dict(
    zip(
        "说个会这么时电话钟们没还见问钱给让对为过点样开关门应该帮难伤欢记录数间东车医药"
        "务义员岁师谢听讲请饭饮红礼爷妈儿孙压担忧杀楼骗晕脑风吗发觉气边热线机号码认识"
        "绍讯长护顾导训练习经验独闷乐亲离丧节单买实际题当几尽谁绝虑紧张饿觉们",
        "說個會這麼時電話鐘們沒還見問錢給讓對為過點樣開關門應該幫難傷歡記錄數間東車醫藥"
        "務義員歲師謝聽講請飯飲紅禮爺媽兒孫壓擔憂殺樓騙暈腦風嗎發覺氣邊熱線機號碼認識"
        "紹訊長護顧導訓練習經驗獨悶樂親離喪節單買實際題當幾盡誰絕慮緊張餓覺們",
        strict=True,
    )
)


def _compose(*tables: dict[str, str]) -> dict[str, str]:
    """One single-pass table: 说 → 說 → 講 becomes 说 → 講."""
    merged: dict[str, str] = {}
    for table in tables:
        merged.update(table)
    resolved = {}
    for src in merged:
        dst = merged[src]
        for _ in range(len(tables)):
            dst = merged.get(dst, dst)
        resolved[src] = dst
    return resolved


_CHAR_TABLE = str.maketrans(
    {**_compose(_SIMPLIFIED, _MANDARIN_CHARS, _VARIANT_CHARS), "’": "'", "‘": "'", "`": "'"}
)


# Zero-width and bidi marks, soft hyphens and control characters other than line breaks:
# invisible, yet enough to split "想\u200b死" into two words that match nothing.
_INVISIBLE_RE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufe00-\ufe0f"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)


# str.translate looks every character up in the table (40 ns each, most of normalising a
# long report); the characters it changes are rare, so a regex finds them and only they are
# replaced. The same table, so the same result.
_CHAR_TABLE_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_CHAR_TABLE)) + "]")


def _fold_char(match: re.Match[str]) -> str:
    return match.group().translate(_CHAR_TABLE)


def normalise(text: str) -> str:
    """Fold width, case and typing habits so cards and queries meet in the middle."""
    folded = _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).casefold()
    return _CHAR_TABLE_RE.sub(_fold_char, folded)


# --------------------------------------------------------------------------
# Tokenising
# --------------------------------------------------------------------------

HAN_RANGES = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_LATIN = r"0-9a-z\u00c0-\u024f"
# A run of Han characters, or a Latin/digit word with an optional contraction.
_RUN_RE = re.compile(rf"([{HAN_RANGES}]+)|([{_LATIN}]+(?:'[{_LATIN}]+)*)")
_HAN_CHAR_RE = re.compile(rf"[{HAN_RANGES}]")

# Function characters: useless as single-character terms. They stay inside
# bigrams (唔想, 走咗 still mean something) unless both halves are function
# characters (同佢, 唔係, 佢話 are everywhere and only add noise).
STOP_CHARS = frozenset(
    normalise("我你佢個咗嘅係唔啲咁呀啦嘢喺同好有都就又囉㗎喎嗎呢啊吖哋咩點嗰話要會咪")
)

# The frames of a yes/no question (應唔應該, 可唔可以, 要唔要): in almost every question and in
# card titles that happen to ask one, so on their own they pulled "我應唔應該…" to the
# funeral card. Dropped as terms on both sides.
STOP_BIGRAMS = frozenset(
    normalise(
        "應唔 唔應 應該 可唔 唔可 可以 要唔 唔要 使唔 得唔 唔得 係咪 係唔 唔係 好唔 "
        "會唔 唔會"
    ).split()
)

_STOP_WORDS_TEXT = """
    a an the i me my mine myself you your yours he him his she her hers it its we us our
    they them their is am are was were be been being do does did doing done have has had
    having to of in on at for with about and or but if so as by from up out into over
    what how when where who whom why which that this these those there then than
    can could should would will shall may might must just very too really also
    please pls plz thanks thank ok okay hi hello dear
    don dont doesn doesnt didn didnt isn isnt wasn aren won wont cant couldn shouldn
    wouldn im ive id youre hes shes thats whats
    la lah lor ar ah ga ge wor ma mei le gei d
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# Irregular forms the suffix stripper cannot reach.
_IRREGULAR = {
    "dying": "die", "died": "die", "dies": "die", "lying": "lie", "lies": "lie",
    "children": "child", "men": "man", "women": "woman", "people": "person", "felt": "feel",
    "gave": "give", "given": "give", "took": "take", "taken": "take", "told": "tell",
    "said": "say", "says": "say", "paid": "pay", "lost": "lose", "cancelled": "cancel",
    "cancelling": "cancel", "canceled": "cancel", "canceling": "cancel",
}  # fmt: skip
_NO_UNDOUBLE = frozenset("lsz")  # calling → call, missing → miss, buzzing → buzz
_MIN_STEM = 3


def _has_vowel(word: str) -> bool:
    return any(ch in "aeiouy" for ch in word)


def _undouble(word: str) -> str:
    """stopp → stop, gett → get (but keep call, miss)."""
    if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in _NO_UNDOUBLE:
        return word[:-1]
    return word


def _strip_plural(word: str) -> str:
    if word.endswith("iness") and len(word) > 6:
        return word[:-5] + "y"  # loneliness → lonely
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return word[:-3] + "y"  # worries, worried → worry
    if word.endswith("sses"):
        return word[:-2]  # misses → miss
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return word[:-2]  # boxes → box, wishes → wish
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]  # visits → visit
    return word


def _strip_verb_suffix(word: str) -> str:
    for suffix in ("ing", "ed"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= _MIN_STEM and _has_vowel(stem):
            return _undouble(stem)  # visiting → visit, stopped → stop
    if word.endswith("ly") and len(word) - 2 >= _MIN_STEM:
        return word[:-2]  # kindly → kind
    return word


# The same few thousand words come back in every message; a bounded cache keeps a bot that
# runs for months at the same memory (65,536 entries would be 10 MiB).
@functools.lru_cache(maxsize=8_192)
def stem(word: str) -> str:
    """A light English suffix stripper: enough to meet 'visits', 'visiting', 'visited'.

    Deliberately crude (no Porter rules): stems only need to agree with each
    other, never to be real words. A trailing 'e' is dropped so that 'make' and
    'making' meet at 'mak'.
    """
    if len(word) <= _MIN_STEM or not word.isalpha():
        return word
    if word in _IRREGULAR:
        word = _IRREGULAR[word]
    word = _strip_verb_suffix(_strip_plural(word))
    if word.endswith("e") and len(word) > _MIN_STEM:
        word = word[:-1]
    return word


def _latin_word(raw: str) -> str:
    """client's → client, don't → don: keep the part before an apostrophe."""
    return raw.split("'", 1)[0]


def iter_runs(text: str) -> Iterator[tuple[str, bool]]:
    """Yield (run, is_han) over normalised text; punctuation and emoji separate runs."""
    for han, latin in _RUN_RE.findall(text):
        if han:
            yield han, True
        else:
            yield _latin_word(latin), False


def han_terms(run: str) -> list[str]:
    """Single characters (minus function characters) and bigrams of one Han run."""
    terms = []
    last = len(run) - 1
    for i, ch in enumerate(run):
        stop = ch in STOP_CHARS
        if not stop:
            terms.append(ch)
        if i < last and not (stop and run[i + 1] in STOP_CHARS):
            bigram = run[i : i + 2]
            if bigram not in STOP_BIGRAMS:
                terms.append(bigram)
    return terms


def tokenize_normalised(text: str) -> list[str]:
    """Terms of already-normalised text: English stems, Han bigrams and single chars."""
    terms: list[str] = []
    for han, latin in _RUN_RE.findall(text):
        if han:
            terms += han_terms(han)
        else:
            word = _latin_word(latin)
            if word and word not in STOP_WORDS:
                terms.append(stem(word))
    return terms


def tokenize(text: str) -> list[str]:
    """Normalise then tokenise. "個client成日WhatsApp我" → client, whatsapp, 成日, 成, 日."""
    return tokenize_normalised(normalise(text))


def is_han(term: str) -> bool:
    return bool(_HAN_CHAR_RE.match(term))

"""Bilingual search over refresher cards (pure Python, no third-party imports).

Supporters type colloquial written Cantonese, English, or both mixed, on a phone
and in a hurry. The engine therefore:

* normalises both sides the same way (NFKC full-width → half-width, case folding,
  common homophone habits such as 系→係 and 既→嘅, a few dozen simplified
  characters → traditional);
* tokenises Chinese into character bigrams plus low-weight single characters
  (no word segmenter: they are large and split Hong Kong words badly) and English
  into lower-cased, lightly stemmed words without stop words;
* expands the query with a bilingual synonym table and corrects one-letter
  English typos against the index vocabulary;
* ranks with BM25F over the cards' fields in both languages, plus a small boost
  when the query hits the card's primary topic labels.

Everything query-independent (field-length normalisation, saturation, idf) is
folded into one precomputed weight per posting, so a query only sums the
postings of its terms: its cost grows with the matching postings, not the
number of cards.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import math
import re
import unicodedata
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from bot.domain.cards import Card, Topic

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


def normalise(text: str) -> str:
    """Fold width, case and typing habits so cards and queries meet in the middle."""
    return _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).casefold().translate(
        _CHAR_TABLE
    )


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


@functools.lru_cache(maxsize=1 << 16)  # the English vocabulary is small; stems repeat
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


def _han_terms(run: str) -> list[str]:
    """Single characters (minus function characters) and bigrams of one Han run."""
    terms = []
    last = len(run) - 1
    for i, ch in enumerate(run):
        stop = ch in STOP_CHARS
        if not stop:
            terms.append(ch)
        if i < last and not (stop and run[i + 1] in STOP_CHARS):
            terms.append(run[i : i + 2])
    return terms


def tokenize_normalised(text: str) -> list[str]:
    """Terms of already-normalised text: English stems, Han bigrams and single chars."""
    terms: list[str] = []
    for han, latin in _RUN_RE.findall(text):
        if han:
            terms += _han_terms(han)
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


# --------------------------------------------------------------------------
# Synonyms: one row per idea; any member found in a query adds all the others.
# Members are written naturally; they are normalised and tokenised on load.
# --------------------------------------------------------------------------

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # death and bereavement
    ("走咗", "過身", "過咗身", "去世", "離世", "死咗", "過世", "離開咗", "喪親", "喪偶",
     "passed away", "died", "death", "bereaved", "bereavement", "widow", "widower",
     "lost her husband", "lost his wife"),
    # spouse
    ("老公", "老婆", "老伴", "先生", "太太", "丈夫", "妻子", "另一半", "husband", "wife",
     "spouse", "partner"),
    # red packets and money
    ("利是", "紅包", "利市", "red packet", "lai see", "laisee", "lucky money"),
    ("錢", "利是", "money", "cash"),
    ("禮物", "送禮", "收禮", "手信", "gift", "present", "presents"),
    # phone numbers and messaging apps
    ("電話", "手機", "電話號碼", "號碼", "私人電話", "whatsapp", "wa", "wechat", "微信", "phone",
     "number", "mobile", "phone number", "cellphone", "facebook"),
    ("訊息", "短訊", "留言", "message", "messages", "messaging", "text", "texting", "msg",
     "voice message"),
    # no answer
    ("冇人應", "唔應門", "冇人開門", "唔開門", "冇人聽", "唔聽電話", "搵唔到", "no answer",
     "not answering", "nobody answered", "no one answered", "not picking up", "unreachable",
     "no reply"),
    # yum cha, bills and treats
    ("飲茶", "埋單", "請食飯", "請飲茶", "夾錢", "找數", "請客", "yum cha", "dim sum", "bill",
     "treat", "pay for", "split the bill"),
    # tiredness
    ("攰", "好攰", "好累", "累", "疲倦", "頂唔順", "心力交瘁", "tired", "exhausted", "drained",
     "burnout", "burnt out", "burned out", "worn out", "fatigue"),
    # the client
    ("client", "case", "個案", "老友記", "伯伯", "婆婆", "長者", "服務使用者", "elderly",
     "older person", "service user"),
    ("社工", "姑娘", "sw", "social worker", "caseworker"),
    ("義工", "員工", "打工", "人工", "人工錢", "volunteer", "employee", "staff", "paid", "wage",
     "salary", "job"),
    ("時數", "鐘數", "hours", "hour"),
    ("壓力", "擔心", "緊張", "焦慮", "好煩", "stress", "stressed", "worried", "worry", "anxious",
     "anxiety"),
    ("內疚", "自責", "失敗", "唔夠好", "guilt", "guilty", "failure", "fail", "blame myself",
     "heartless"),
    ("冷場", "冇嘢講", "唔知講咩", "靜晒", "尷尬", "silence", "silent", "awkward", "dead air",
     "quiet", "nothing to say"),
    ("介紹", "自我介紹", "introduce", "introduction", "who i am"),
    ("第一次", "初次", "頭一次", "first time", "first visit", "first meeting"),
    ("拒絕", "推辭", "say no", "decline", "refuse", "turn down"),
    ("依賴", "黐住", "淨係得我", "只係得我", "rely", "relies", "depend", "dependent", "clingy",
     "only one"),
    ("夜晚", "半夜", "深夜", "凌晨", "放工", "休息日", "假期", "late at night", "night", "nite",
     "midnight", "weekend", "day off", "after hours"),
    ("結案", "結咗案", "已結案", "舊個案", "discharged", "case closed", "closed", "former client",
     "ex client"),
    ("忌日", "週年", "生忌", "清明", "重陽", "拜山", "節日", "anniversary", "ching ming",
     "chung yeung", "festival", "birthday", "grave"),
    ("以前", "舊時", "當年", "後生嗰陣", "懷舊", "舊相", "老相", "舊香港", "old days",
     "old times", "reminisce", "old photos", "memories"),
    ("興趣", "鍾意", "中意", "喜歡", "嗜好", "hobby", "hobbies", "interest", "interests", "enjoy"),
    ("歷史", "舊新聞", "history", "historical", "old news"),
    ("男士", "男人", "阿伯", "men", "man", "male", "older men", "gentleman"),
    ("異性", "男女", "誤會", "opposite sex", "misunderstand", "misread", "misreads"),
    ("是非", "閒話", "gossip", "neighbours talk"),
    ("中心", "會所", "centre", "center", "decc"),
    ("家訪", "上門", "探訪", "探佢", "home visit", "visit", "visiting"),
    ("抗拒", "唔想…見", "唔肯…見", "唔使…探", "唔使…理", "唔需要", "推搪", "冷淡", "取消", "甩底",
     "reluctant", "resistant", "refuses", "cancel", "cancelling", "not interested",
     "doesn't need"),
    ("聆聽", "聽佢講", "用心聽", "傾聽", "listen", "listening", "listener"),
    ("智能手機", "教用手機", "視像", "video call", "smartphone", "app", "apps", "font", "字體"),
    ("津貼", "生果金", "綜援", "申請", "表格", "填表", "公屋", "allowance", "welfare", "form",
     "forms", "housing", "application", "benefits", "cssa"),
    ("熱線", "緊急電話", "求助電話", "hotline", "hotlines", "crisis line", "helpline",
     "emergency number"),
    ("記錄時數", "報時數", "登記時數", "log", "log hours", "record hours", "timesheet"),
    ("匯報", "報告", "寫記錄", "report", "write up", "contact notes", "notes"),
    ("私隱", "全名", "身份證", "地址", "個人資料", "privacy", "private", "full name", "hkid",
     "id card", "address", "personal data"),
    ("醫生", "睇醫生", "食藥", "診斷", "medicine", "medication", "doctor", "medical", "pills",
     "diagnosis"),
    ("師兄", "師姐", "資深", "前輩", "師友", "mentor", "senior supporter", "experienced"),
    ("培訓", "訓練", "課程", "上堂", "筆記", "溫習", "唔記得", "training", "course", "refresher",
     "forgot", "forget"),
    ("求助", "幫手", "搵人幫", "ask for help", "help"),
    ("街坊", "鄰居", "社區", "neighbour", "neighbours", "neighbor", "neighbors", "community"),
    ("喊", "流眼淚", "cry", "crying", "tears"),
    ("唔做", "辭職", "唔想做", "quit", "resign", "give up"),
    ("瞓唔着", "訓唔着", "失眠", "can't sleep", "insomnia", "sleeping badly"),
    ("孤獨", "寂寞", "冇人陪", "一個人住", "lonely", "loneliness", "alone", "living alone"),
)  # fmt: skip

# How much a term counts, by where it came from.
WORD_WEIGHT = 1.0  # English stem
BIGRAM_WEIGHT = 1.0  # two Han characters
CHAR_WEIGHT = 0.25  # single Han character: a weak back-off, but 1-char queries work
SYNONYM_WEIGHT = 0.7  # a term added by the synonym table (its group scores once per card)
TYPO_WEIGHT = 0.8  # a word reached by correcting a typo

MIN_TYPO_LENGTH = 5  # only words this long are corrected (short words collide too often)


def _term_weight(term: str) -> float:
    if not is_han(term):
        return WORD_WEIGHT
    return CHAR_WEIGHT if len(term) == 1 else BIGRAM_WEIGHT


GAP = "…"  # in a synonym member: up to MAX_GAP Han characters (唔使…探 matches 唔使我探佢)
MAX_GAP = 3


@dataclass(frozen=True, slots=True)
class _Member:
    """One synonym-table entry, pre-normalised for matching."""

    han: re.Pattern[str] | None  # Han text to find (with optional gaps)
    words: tuple[str, ...]  # stemmed Latin words to find as a sequence, or ()
    terms: tuple[str, ...]  # what it adds to a query (single chars only if it is one)
    key: str = ""  # a word or Han character the query must contain for a match


@dataclass(frozen=True, slots=True)
class Concept:
    """The other members of a synonym group the query touched.

    A card scores for a concept by its best member only: a card saying 'wife',
    老婆 and 'spouse' gets credit for the idea once, not three times.
    """

    weight: float
    members: tuple[tuple[str, ...], ...]
    source: tuple[str, ...] = ()  # the query's own terms that touched the group

def _compile_member(text: str) -> _Member:
    pieces = [normalise(piece) for piece in text.split(GAP)]
    han_pieces = ["".join(r for r, is_h in iter_runs(p) if is_h) for p in pieces]
    han = f"[^ ]{{0,{MAX_GAP}}}".join(map(re.escape, han_pieces)) if any(han_pieces) else ""
    norm = " ".join(pieces)
    words = tuple(stem(run) for run, is_h in iter_runs(norm) if not is_h and run)
    single_char = sum(map(len, han_pieces)) == 1
    terms = tuple(
        t for t in tokenize_normalised(norm) if single_char or not (is_han(t) and len(t) == 1)
    )
    # The one thing a query must contain for this member to match at all (see expand).
    key = words[0] if words else next((p[0] for p in han_pieces if p), "")
    return _Member(han=re.compile(han) if han else None, words=words, terms=terms, key=key)


def _contains_words(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return n > 0 and any(
        tuple(haystack[i : i + n]) == tuple(needle) for i in range(len(haystack) - n + 1)
    )


class SynonymTable:
    """Finds the synonym groups a query touches and offers their other members."""

    def __init__(self, groups: Iterable[Iterable[str]] = SYNONYM_GROUPS) -> None:
        groups = [tuple(group) for group in groups]
        self._groups = tuple(tuple(_compile_member(m) for m in group) for group in groups)
        # Which groups a query can touch, by the word or Han character each member needs:
        # a query is checked against those groups only, not the whole table.
        by_key: dict[str, set[int]] = {}
        for index, group in enumerate(self._groups):
            for member in group:
                if member.key:
                    by_key.setdefault(member.key, set()).add(index)
        self._by_key = {key: frozenset(found) for key, found in by_key.items()}
        # Surface English words, so that typos of table words can be corrected too.
        self.surface_words = frozenset(
            run
            for group in groups
            for member in group
            for run, is_h in iter_runs(normalise(member.replace(GAP, " ")))
            if not is_h and run.isalpha()
        )

    def expand(self, han_text: str, words: Sequence[str], weight: float) -> list[Concept]:
        """One concept per group hit; han_text holds the query's Han runs, space-separated."""
        concepts = []
        present = frozenset(words)
        candidates: set[int] = set()
        for key in present.union(han_text):
            candidates.update(self._by_key.get(key, ()))
        for index in sorted(candidates):  # the table's order, as before
            group = self._groups[index]
            hit = [m for m in group if self._matches(m, han_text, words, present)]
            if hit:
                others = tuple(m.terms for m in group if m not in hit and m.terms)
                source = tuple(t for m in hit for t in m.terms)
                concepts.append(Concept(weight, others, source))
        return concepts

    @staticmethod
    def _matches(
        member: _Member, han_text: str, words: Sequence[str], present: frozenset[str]
    ) -> bool:
        if member.han is not None and not member.han.search(han_text):
            return False
        if member.words and (
            member.words[0] not in present or not _contains_words(words, member.words)
        ):
            return False
        return member.han is not None or bool(member.words)


# --------------------------------------------------------------------------
# Typo correction: symmetric deletion neighbourhood (one edit) over the vocabulary
# --------------------------------------------------------------------------


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = (a, b) if la < lb else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class TypoCorrector:
    """Maps a misspelt English word to the most common vocabulary word one edit away."""

    def __init__(self, word_counts: Mapping[str, int]) -> None:
        self._counts = dict(word_counts)
        neighbours: dict[str, list[str]] = {}
        for word in sorted(self._counts):
            if len(word) >= MIN_TYPO_LENGTH - 1:
                for key in _deletions(word) | {word}:
                    neighbours.setdefault(key, []).append(word)
        # Tuples are smaller than lists once the map is frozen.
        self._neighbours = {k: tuple(v) for k, v in neighbours.items()}

    def __contains__(self, word: str) -> bool:
        return word in self._counts

    def correct(self, word: str) -> str | None:
        if len(word) < MIN_TYPO_LENGTH or not word.isalpha() or word in self._counts:
            return None
        candidates: set[str] = set()
        for key in _deletions(word) | {word}:
            candidates.update(self._neighbours.get(key, ()))
        valid = [c for c in candidates if _within_one_edit(word, c)]
        if not valid:
            return None
        return min(valid, key=lambda c: (-self._counts[c], c))


# --------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------

# Field weights: the supporter's words (title, keywords, topic labels) count most.
FIELD_WEIGHTS = {
    "title": 3.0,
    "keywords": 3.0,
    "topic": 2.5,  # en + yue labels of the primary topic
    "topic2": 1.0,  # labels of secondary topics
    "situation": 1.5,
    "say": 1.0,
    "avoid": 0.4,
    "desc": 0.6,  # the primary topic's one-line description (English)
}
# Length normalisation per field (BM25 'b'): none for the fixed-text topic fields.
FIELD_B = {
    "title": 0.5,
    "keywords": 0.5,
    "topic": 0.0,
    "topic2": 0.3,
    "situation": 0.75,
    "say": 0.75,
    "avoid": 0.75,
    "desc": 0.0,
}
K1 = 1.2
LENGTH_SAMPLE = 500  # cards sampled to estimate average field lengths
TOPIC_BOOST = 0.5  # × the idf mass of query terms found in the primary topic label
MIN_IDF = 0.4  # query terms in more than ~2/3 of the cards are skipped (see _prune)


def _card_fields(card: Card, topics: Mapping[str, Topic]) -> dict[tuple[str, str], list[str]]:
    """(field, language) → terms, for one card."""
    fields: dict[tuple[str, str], list[str]] = {}
    for lang in ("en", "yue"):
        text = card.text(lang)
        fields["title", lang] = tokenize(text.title)
        fields["situation", lang] = tokenize(text.situation)
        fields["say", lang] = [t for line in text.say for t in tokenize(line)]
        fields["avoid", lang] = [t for line in text.avoid for t in tokenize(line)]
        fields["keywords", lang] = [t for kw in text.keywords for t in tokenize(kw)]
        primary = topics.get(card.primary_topic)
        fields["topic", lang] = tokenize(primary.label(lang)) if primary else []
        fields["topic2", lang] = [
            t for tid in card.topics[1:] if tid in topics for t in tokenize(topics[tid].label(lang))
        ]
    primary = topics.get(card.primary_topic)
    fields["desc", "en"] = tokenize(primary.desc) if primary else []
    return fields


def card_terms(card: Card, topics: Mapping[str, Topic]) -> list[str]:
    """All of a card's terms in one bag (what a plain BM25 would index)."""
    return [t for terms in _card_fields(card, topics).values() for t in terms]


def _card_words(card: Card) -> Iterator[str]:
    """Surface English words of a card (the typo vocabulary)."""
    en = card.en
    for text in (en.title, en.situation, *en.say, *en.avoid, *en.keywords):
        for run, is_h in iter_runs(normalise(text)):
            if not is_h and run.isalpha():
                yield run


def _bm25_idf(df: int, n: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """Weighted terms of a query, plus synonym concepts and typo fixes."""

    terms: dict[str, float]
    concepts: tuple[Concept, ...]
    corrections: dict[str, str]

    def all_terms(self) -> list[str]:
        """Every term the query can match, synonyms included (for other engines)."""
        extra = [t for c in self.concepts for member in c.members for t in member]
        return list(dict.fromkeys([*self.terms, *extra]))


class SearchIndex:
    """Inverted index: term → (card numbers, precomputed BM25F weights)."""

    __slots__ = (
        "_cards",
        "_idf",
        "_max_idf",
        "_postings",
        "_primary",
        "_synonyms",
        "_topic_terms",
        "_typos",
    )

    def __init__(self) -> None:
        raise TypeError("use SearchIndex.build(cards, topics)")

    @classmethod
    def build(
        cls,
        cards: Iterable[Card],
        topics: Mapping[str, Topic] | Iterable[Topic],
        synonyms: SynonymTable | None = None,
    ) -> SearchIndex:
        topic_map = topics if isinstance(topics, Mapping) else {t.id: t for t in topics}
        self = object.__new__(cls)
        self._cards = tuple(sorted(cards, key=lambda c: c.id))  # index order = tie-break order
        self._synonyms = synonyms or _default_synonyms()
        self._primary = tuple(c.primary_topic for c in self._cards)
        self._build_postings(topic_map)
        self._build_topic_terms(topic_map)
        self._build_typos(topic_map)
        return self

    # -- building ---------------------------------------------------------

    def _build_postings(self, topics: Mapping[str, Topic]) -> None:
        # Average field lengths need a first pass. A library of ordinary size
        # keeps its tokenised fields for the second pass; a large one estimates
        # the averages from an evenly spaced sample and re-tokenises while
        # streaming, so every card's tokens are never held in memory at once.
        n = len(self._cards)
        if n <= LENGTH_SAMPLE:
            kept = [_card_fields(card, topics) for card in self._cards]
            avg_len = _average_lengths(kept)
            fields_of = kept.__getitem__
        else:
            sample = self._cards[:: n // LENGTH_SAMPLE]
            avg_len = _average_lengths(_card_fields(card, topics) for card in sample)

            def fields_of(number: int) -> dict[tuple[str, str], list[str]]:
                return _card_fields(self._cards[number], topics)

        ids: dict[str, array] = {}
        tfs: dict[str, array] = {}
        for number in range(n):
            for term, tf in _fielded_tf(fields_of(number), avg_len).items():
                if term not in ids:
                    ids[term], tfs[term] = array("I"), array("f")
                ids[term].append(number)
                tfs[term].append(tf)
        self._idf = {term: _bm25_idf(len(postings), n) for term, postings in ids.items()}
        self._max_idf = _bm25_idf(1, n)  # a word no card has weighs like the rarest one
        self._postings = {}
        for term in list(ids):
            idf = self._idf[term]
            weights = array("f", (idf * tf * (K1 + 1.0) / (tf + K1) for tf in tfs.pop(term)))
            self._postings[term] = (array("I", ids.pop(term)), weights)  # copies drop slack

    def _build_topic_terms(self, topics: Mapping[str, Topic]) -> None:
        """term → topic ids whose label (either language) contains it."""
        topic_terms: dict[str, set[str]] = {}
        for topic in topics.values():
            for term in tokenize(topic.en) + tokenize(topic.yue):
                topic_terms.setdefault(term, set()).add(topic.id)
        self._topic_terms = {t: frozenset(ids) for t, ids in topic_terms.items()}

    def _build_typos(self, topics: Mapping[str, Topic]) -> None:
        counts: dict[str, int] = {}
        for card in self._cards:
            for word in set(_card_words(card)):
                counts[word] = counts.get(word, 0) + 1
        extra = list(self._synonyms.surface_words)
        for topic in topics.values():
            extra += [run for run, is_h in iter_runs(normalise(topic.en)) if not is_h]
        for word in extra:
            if word.isalpha():
                counts.setdefault(word, 1)
        self._typos = TypoCorrector(counts)

    # -- querying -----------------------------------------------------------

    @property
    def cards(self) -> tuple[Card, ...]:
        return self._cards

    @property
    def vocabulary_size(self) -> int:
        return len(self._postings)

    def parse(self, query: str) -> ParsedQuery:
        """Turn raw text into weighted terms: tokens, typo fixes, then synonyms."""
        norm = normalise(query)
        corrections: dict[str, str] = {}
        han_parts: list[str] = []
        surface: list[str] = []
        for run, is_h in iter_runs(norm):
            if is_h:
                han_parts.append(run)
            elif run:
                fixed = self._fix_typo(run)
                if fixed != run:
                    corrections[run] = fixed
                surface.append(fixed)
        terms: dict[str, float] = {}
        for run in han_parts:
            for term in _han_terms(run):
                _add(terms, term, _term_weight(term))
        fixed_words = set(corrections.values())
        for word in surface:
            if word not in STOP_WORDS:
                weight = TYPO_WEIGHT if word in fixed_words else WORD_WEIGHT
                _add(terms, stem(word), weight)
        stems = [stem(word) for word in surface]  # stop words kept: phrases need them
        concepts = self._synonyms.expand(" ".join(han_parts), stems, SYNONYM_WEIGHT)
        return ParsedQuery(terms=terms, concepts=tuple(concepts), corrections=corrections)

    def _fix_typo(self, word: str) -> str:
        if word in STOP_WORDS or stem(word) in self._postings or word in self._typos:
            return word
        return self._typos.correct(word) or word

    def query_terms(self, query: str) -> list[str]:
        """The plain term list of a query (used to feed other engines in benchmarks)."""
        return self.parse(query).all_terms()

    def search(
        self, query: str, limit: int = 3, *, primary_topic: str | None = None
    ) -> list[tuple[Card, float]]:
        """Best cards first, as (card, score); only cards sharing a term with the query."""
        return self.search_with_coverage(query, limit, primary_topic=primary_topic)[0]

    def search_with_coverage(
        self, query: str, limit: int = 3, *, primary_topic: str | None = None
    ) -> tuple[list[tuple[Card, float]], float]:
        """The results, and how much of the query the best card accounts for (0–1 or so).

        Coverage is the best score over the score a card would get if it held every query
        term at saturation — words the library has never seen count in full, so "今日天氣點"
        or "best stocks to buy" cover little even when one word matches a card. It is what
        "I'm not sure" is decided on (Library.answer), the same way in both languages.
        """
        if limit <= 0:
            return [], 0.0
        full = self.parse(query)
        parsed = self._prune(full)
        scores = self._accumulate(parsed.terms)
        for concept in parsed.concepts:
            self._add_concept(scores, concept, parsed.terms)
        self._boost_primary_topics(scores, parsed)
        if primary_topic is not None:
            scores = {i: s for i, s in scores.items() if self._primary[i] == primary_topic}
        ranked = _top(scores, limit)
        if not ranked:
            return [], 0.0
        return [(self._cards[i], score) for i, score in ranked], self._coverage(ranked[0][0], full)

    def _coverage(self, number: int, parsed: ParsedQuery) -> float:
        """The idf-weighted share of the query that card `number` accounts for, itself or
        through a synonym group.

        English counts by word. Han counts by character: a character is covered when a
        bigram holding it matched, so the bigrams that straddle two words (伯老 in 個伯伯老婆)
        cost nothing, while a character the library has never seen counts in full.
        """
        matched: set[str] = set()
        for concept in parsed.concepts:
            if any(all(self._holds(number, t) for t in member) for member in concept.members):
                matched.update(concept.source)
        matched.update(t for t in parsed.terms if self._holds(number, t))
        covered_chars = {ch for t in matched if is_han(t) for ch in t}
        covered = total = 0.0
        chars = {ch for t in parsed.terms if is_han(t) for ch in t if ch not in STOP_CHARS}
        for ch in chars:
            weight = self._idf.get(ch, self._max_idf)
            if weight < MIN_IDF:
                continue  # in most cards: says nothing about this query
            total += weight
            covered += weight if ch in covered_chars else 0.0
        for term, q_weight in parsed.terms.items():
            if is_han(term):
                continue
            weight = q_weight * self._idf.get(term, self._max_idf)
            if weight < MIN_IDF:
                continue
            total += weight
            covered += weight if term in matched else 0.0
        return covered / total if total else 0.0

    def _holds(self, number: int, term: str) -> bool:
        postings = self._postings.get(term)
        if postings is None:
            return False
        numbers = postings[0]
        at = bisect.bisect_left(numbers, number)
        return at < len(numbers) and numbers[at] == number

    def _prune(self, parsed: ParsedQuery) -> ParsedQuery:
        """Drop terms found in most cards (kept if nothing else is left).

        They barely move the ranking, but in a large library their postings
        would dominate query time.
        """
        idf = self._idf
        terms = {t: w for t, w in parsed.terms.items() if idf.get(t, 0.0) >= MIN_IDF}
        concepts = []
        for concept in parsed.concepts:
            members = tuple(
                m for m in concept.members if any(idf.get(t, 0.0) >= MIN_IDF for t in m)
            )
            if members:
                concepts.append(Concept(concept.weight, members, concept.source))
        if not terms and not concepts:
            return parsed
        return ParsedQuery(terms, tuple(concepts), parsed.corrections)

    def _accumulate(self, terms: Mapping[str, float]) -> dict[int, float]:
        """Sum each term's postings, scaled by the term's query weight."""
        scores: dict[int, float] = {}
        get = scores.get
        for term, q_weight in terms.items():
            postings = self._postings.get(term)
            if postings is None:
                continue
            for number, weight in zip(*postings, strict=True):
                scores[number] = get(number, 0.0) + q_weight * weight
        return scores

    def _add_concept(
        self, scores: dict[int, float], concept: Concept, plain: Mapping[str, float]
    ) -> None:
        """Credit each card with its best-matching member of the synonym group.

        A member scores the mean over its terms (so a four-character phrase
        weighs like one English word); terms already in the query count once.
        """
        best: dict[int, float] = {}
        get_best = best.get
        for member in concept.members:
            share = concept.weight / len(member)
            fresh = {t: share * _term_weight(t) for t in member if t not in plain}
            if len(fresh) == 1:  # the common case: skip the per-member dict
                [(term, q_weight)] = fresh.items()
                postings = self._postings.get(term)
                pairs = zip(*postings, strict=True) if postings else ()
            else:
                pairs = self._accumulate(fresh).items()
                q_weight = 1.0
            for number, weight in pairs:
                score = q_weight * weight
                if score > get_best(number, 0.0):
                    best[number] = score
        get = scores.get
        for number, score in best.items():
            scores[number] = get(number, 0.0) + score

    def _boost_primary_topics(self, scores: dict[int, float], parsed: ParsedQuery) -> None:
        """Small extra credit when the query names the card's primary topic."""
        weighted = list(parsed.terms.items()) + [
            (t, c.weight / len(m)) for c in parsed.concepts for m in c.members for t in m
        ]
        per_topic: dict[str, float] = {}
        for term, q_weight in weighted:
            gain = q_weight * self._idf.get(term, 0.0)
            for topic_id in self._topic_terms.get(term, ()):
                per_topic[topic_id] = per_topic.get(topic_id, 0.0) + gain
        if not per_topic:
            return
        primary = self._primary
        for number in scores:
            boost = per_topic.get(primary[number])
            if boost:
                scores[number] += TOPIC_BOOST * boost


def _top(scores: Mapping[int, float], limit: int) -> list[tuple[int, float]]:
    """The `limit` best (card number, score), ties broken by card number (= card id order)."""
    positive = [s for s in scores.values() if s > 0]
    if not positive:
        return []
    threshold = heapq.nlargest(limit, positive)[-1]
    best = [(i, s) for i, s in scores.items() if s >= threshold]
    best.sort(key=lambda pair: (-pair[1], pair[0]))
    return best[:limit]


def _add(terms: dict[str, float], term: str, weight: float) -> None:
    """Keep the strongest reason for a term; repeats do not stack."""
    if weight > terms.get(term, 0.0):
        terms[term] = weight


def _average_lengths(
    per_card: Iterable[Mapping[tuple[str, str], list[str]]],
) -> dict[tuple[str, str], float]:
    totals: dict[tuple[str, str], int] = {}
    n = 0
    for fields in per_card:
        n += 1
        for key, terms in fields.items():
            totals[key] = totals.get(key, 0) + len(terms)
    return {key: max(total / max(n, 1), 1.0) for key, total in totals.items()}


def _fielded_tf(
    fields: Mapping[tuple[str, str], list[str]], avg_len: Mapping[tuple[str, str], float]
) -> dict[str, float]:
    """BM25F pseudo term frequency: weighted, length-normalised counts summed over fields."""
    tf: dict[str, float] = {}
    for (name, lang), terms in fields.items():
        if not terms:
            continue
        b = FIELD_B[name]
        norm = 1.0 - b + b * len(terms) / avg_len[name, lang]
        unit = FIELD_WEIGHTS[name] / norm
        for term in terms:
            tf[term] = tf.get(term, 0.0) + unit
    return tf


@functools.cache
def _default_synonyms() -> SynonymTable:
    """Compile the built-in table once per process."""
    return SynonymTable()

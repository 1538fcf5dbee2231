"""The bilingual synonym table and the English typo corrector."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.domain.search.text import is_han, iter_runs, normalise, stem, tokenize_normalised

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
    ("培訓", "訓練", "課程", "上堂", "筆記", "溫習", "training", "course", "refresher"),
    # forgetting: whose memory is read from the situation (situations.py), not this table
    ("唔記得", "忘記", "記唔住", "健忘", "記性差", "forget", "forgot", "forgotten", "forgetful",
     "can't remember"),
    ("醉", "飲醉", "酒味", "飲酒", "drunk", "drinking", "alcohol", "beer", "booze"),
    ("鬧", "嗌", "呼喝", "罵", "發脾氣", "shout", "shouted", "yell", "yelled", "scold", "rude"),
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


def term_weight(term: str) -> float:
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
# Typo correction: the word's one-edit spellings, looked up in the vocabulary
# --------------------------------------------------------------------------


def _one_edit(word: str, letters: str) -> set[str]:
    """Every spelling one deletion, adjacent swap, substitution or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + ch + b[1:] for a, b in splits if b for ch in letters}
    edits |= {a + ch + b for a, b in splits for ch in letters}
    edits.discard(word)
    return edits


class TypoCorrector:
    """Maps a misspelt English word to the most common vocabulary word one edit away.

    The word's few hundred one-edit spellings are looked up in the vocabulary when a typo
    comes (tens of microseconds, rarely): a map from every vocabulary word's deletions, built
    ahead, held 1.5 MiB of the bot's memory for good."""

    def __init__(self, word_counts: Mapping[str, int]) -> None:
        self._counts = dict(word_counts)
        self._letters = "".join(sorted({ch for word in self._counts for ch in word}))

    def __contains__(self, word: str) -> bool:
        return word in self._counts

    def correct(self, word: str) -> str | None:
        if len(word) < MIN_TYPO_LENGTH or not word.isalpha() or word in self._counts:
            return None
        counts, shortest = self._counts, MIN_TYPO_LENGTH - 1
        valid = [c for c in _one_edit(word, self._letters) if c in counts and len(c) >= shortest]
        if not valid:
            return None
        return min(valid, key=lambda c: (-counts[c], c))


@functools.cache
def default_synonyms() -> SynonymTable:
    """Compile the built-in table once per process."""
    return SynonymTable()

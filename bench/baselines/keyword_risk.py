"""The risk detector as it was before the safety-net round (commit c9f2ca4): a keyword list.

Kept only as the baseline bench/risk.py measures the layered detector against.

Risk words in Cantonese and English (BRIEF.md §5.2, §5.4).

`detect_risk(text)` says whether a search or message suggests suicide,
self-harm, abuse or neglect, a medical emergency or worsening depression, so the
escalation block can be shown first. A false alarm costs little and a miss can
cost a life, so the lists lean towards recall: only a handful of cheap, obvious
exclusions are made (打佢電話 'phone him', 'fall asleep', 'cutting back').

Text is normalised exactly like search (full-width → half-width, 系/係 and
similar habits, simplified → traditional, case), so the phrase lists can be
written once in their ordinary form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.search import HAN_RANGES, normalise

SUICIDE = "suicide"
SELF_HARM = "self_harm"
ELDER_ABUSE = "elder_abuse"
MEDICAL_EMERGENCY = "medical_emergency"
SEVERE_DEPRESSION = "severe_depression"

TOPIC_FOR_CATEGORY = {
    SUICIDE: "risk.suicide",
    SELF_HARM: "risk.self_harm",
    ELDER_ABUSE: "risk.elder_abuse",
    MEDICAL_EMERGENCY: "risk.medical_emergency",
    SEVERE_DEPRESSION: "risk.severe_depression",
}

# When several categories match, the most urgent wins ("she fell and hurt
# herself" is an emergency first).
PRIORITY = (SUICIDE, MEDICAL_EMERGENCY, SELF_HARM, ELDER_ABUSE, SEVERE_DEPRESSION)

# Chinese phrases: matched as substrings of the text with spaces removed.
# Entries may be regular expressions (for the few that need a gap or an exclusion).
HAN_PHRASES: dict[str, tuple[str, ...]] = {
    SUICIDE: (
        "想死", "唔想活", "唔想生存", "冇意思再活", "活唔落去", "生存冇意思", "活落去冇意思",
        "自殺", "輕生", "尋死", "跳樓", "跳落去", "燒炭", "上吊", "吊頸", "儲藥", "食晒啲藥",
        "食晒d藥", "食咗好多藥", "食過量藥", "了結自己", "結束生命", "一死百了", "死咗好過",
        "死咗算", "早啲死", "唔想再醒", "冇我會好啲", "冇咗我會好啲", "唔想再拖累", "遺書",
        "交代後事",
    ),
    SELF_HARM: (
        "𠝹手", "界手", "鎅手", "割手", "割脈", "𠝹自己", "鎅自己", "割自己", "傷害自己",
        "整傷自己", "自殘", "燙傷自己", "撞頭", "打自己",
    ),
    ELDER_ABUSE: (
        # 打佢 'hit him/her', but not 打佢電話 'phone him'.
        "打佢(?!個?(?:電話|手機|屋企|call|電|號碼|whatsapp|wa|嘅電話))", "虐待", "虐老", "呃錢",
        "呃.{0,3}錢", "騙.{0,3}錢", "偷.{0,3}錢", "攞晒佢啲錢", "攞晒佢d錢", "拎晒佢啲錢",
        "攞晒啲錢", "俾人鬧", "俾人打", "冇飯食", "唔俾佢食", "瘀傷", "成身瘀", "有瘀", "啲瘀",
        "d瘀", "疏忽照顧", "冇人照顧", "鎖住佢", "趕佢出街", "餓親",
    ),
    MEDICAL_EMERGENCY: (
        "跌親", "跌低", "跌倒", "跌咗落地", "暈低", "暈咗", "暈倒", "昏迷", "冇知覺", "叫唔醒",
        "心口痛", "唞唔到氣", "抖唔到氣", "透唔到氣", "呼吸困難", "中風", "流血唔止", "大量出血",
        "口齒唔清",
    ),
    SEVERE_DEPRESSION: (
        "唔食嘢", "唔肯食嘢", "冇食嘢", "食唔落", "唔食東西", "停藥", "唔食藥", "冇食藥",
        "唔肯食藥", "冇希望", "絕望", "日日喊", "成日喊", "乜都唔想做",
    ),
}  # fmt: skip

# Sleep trouble counts only alongside low mood (BRIEF.md §5.2).
HAN_SLEEP = ("唔瞓覺", "瞓唔着", "冇瞓覺", "失眠", "訓唔着", "瞓唔到")
HAN_LOW_MOOD = (
    "唔開心", "抑鬱", "情緒低落", "好灰", "悶悶唔樂", "喊", "冇心機", "心情差", "好悶", "低落",
)  # fmt: skip

_SELF = r"(?:my|him|her|them|your|our|one)sel(?:f|ves)"
_HIS = r"(?:my|his|her|their|the client'?s?)"
_MEDS = r"(?:medicine|medicines|medication|medications|meds|pills|tablets|drugs)"
_NOT = r"(?:not|isn'?t|hasn'?t been|won'?t|wont|doesn'?t|doesnt|refus\w* to|can'?t|cannot)"

# English patterns over lower-cased text with single spaces.
EN_PATTERNS: dict[str, tuple[str, ...]] = {
    SUICIDE: (
        rf"\bkill(?:s|ing|ed)? {_SELF}",
        r"\bsuicid\w*",
        r"\b(?:want|wants|wanted|wanting|wanna) to die\b",
        r"\bwish(?:es|ed)? (?:i|he|she|they) (?:was|were) dead\b",
        r"\b(?:don'?t|dont|doesn'?t|doesnt|do not|does not|didn'?t|no longer|not) "
        r"wan(?:t|ts|na) to (?:live|be alive|go on)\b",
        r"\bend(?:s|ing)? (?:it all|(?:my|his|her|their) (?:own )?life)\b",
        r"\btak(?:e|es|ing) (?:my|his|her|their) own life\b",
        r"\bbetter off (?:dead|without (?:me|him|her|them|us))\b",
        r"\b(?:no|nothing) (?:reason|point) (?:to|in) (?:live|living|going on)\b",
        r"\bnothing to live for\b",
        r"\boverdos\w*",
        rf"\b(?:hoard|sav|stockpil|collect)\w* (?:up )?{_MEDS}",
        rf"\bhang(?:s|ing|ed)? {_SELF}",
        r"\bjump(?:s|ed|ing)? (?:off|from)\b",
    ),
    SELF_HARM: (
        r"\bself[- ]?harm\w*",
        r"\bself[- ]?injur\w*",
        rf"\bcut(?:s|ting)? {_SELF}",
        # 'cutting' alone counts, except everyday uses.
        r"\bcutting\b(?! (?:back|down|short|costs?|corners|in|off|out|hair|the call|vegetables))",
        rf"\b(?:hurt|hurts|hurting|harm|harms|harming|burn|burns|burning|injur\w*) {_SELF}",
        r"\bcuts on (?:his|her|their|my) (?:arm|arms|wrist|wrists|leg|legs)\b",
        r"\bslit\w* (?:my|his|her|their) wrists?\b",
    ),
    ELDER_ABUSE: (
        r"\babus\w*",
        r"\b(?:hit|hits|hitting|beat|beats|beating|beaten|slap\w*|punch\w*|kick\w*) "
        r"(?:her|him|them|the client|my client)\b",
        r"\bbruis\w*",
        r"\b(?:took|take|takes|taking|stole|steal\w*|stolen|cheat\w*|scam\w*) "
        r"(?:all )?(?:of )?(?:her|his|their|the client'?s?|my client'?s?) "
        r"(?:money|savings|pension|cash|allowance)\b",
        r"\bneglect\w*",
        r"\block(?:s|ed|ing)? (?:her|him|them) (?:in|up)\b",
        r"\bno food\b",
        r"\b(?:yell|shout|scream)\w* at (?:her|him|them)\b",
    ),
    MEDICAL_EMERGENCY: (
        # A fall, but not 'fall asleep', 'fall behind', 'falling short of hours'...
        r"\b(?:fell|fall|falls|falling|fallen)\b"
        r"(?! (?:asleep|behind|short|apart|out|in love|for|through|back|of|silent|quiet))",
        r"\bchest pains?\b",
        r"\bheart attack\b",
        r"\b(?:can'?t|cant|cannot|can not|couldn'?t|unable to|trouble|difficulty|struggling to) "
        r"breath\w*",
        r"\bshort(?:ness)? of breath\b",
        r"\bnot breathing\b",
        r"\bbreathless\w*",
        r"\bunconscious\b",
        r"\bunresponsive\b",
        r"\bcollaps\w*",
        r"\bstrokes?\b(?! of)",
        r"\bfaint(?:ed|ing|s)?\b",
        r"\bpassed out\b",
        r"\bseizures?\b",
        r"\bbleeding\b",
        r"\bslurred\b",
        r"\bcan'?t get up\b",
    ),
    SEVERE_DEPRESSION: (
        rf"\bstop(?:s|ped|ping)? (?:eating|taking (?:{_HIS} )?{_MEDS}|{_HIS} {_MEDS}|{_MEDS})\b",
        rf"\b{_NOT} eat(?:ing)?\b",
        r"\bhopeless\w*",
        r"\bno hope\b",
        r"\bdespair\w*",
        r"\bgiv(?:e|en|ing) up on life\b",
        r"\bcr(?:y|ies|ying) (?:every ?day|all day|all the time|daily|every night)\b",
    ),
}

EN_SLEEP = (
    r"\b(?:can'?t|cant|cannot|not|doesn'?t|doesnt|isn'?t|unable to) sleep\w*"
    r"|\binsomnia\b|\bsleepless\w*"
)
EN_LOW_MOOD = (
    r"\b(?:sad|depress\w*|low mood|down|crying|cries|cry|miserable|withdrawn|unhappy|tearful)\b"
)

_SPACES_RE = re.compile(r"\s+")
_NOT_WORD_RE = re.compile(r"[\W_]+")  # drops spaces and punctuation between Han characters
# "婆婆fall低咗": put spaces between scripts so English word boundaries work.
_SCRIPT_EDGE_RE = re.compile(rf"(?<=[{HAN_RANGES}])(?=[a-z0-9])|(?<=[a-z0-9])(?=[{HAN_RANGES}])")


@dataclass(frozen=True, slots=True)
class RiskMatch:
    category: str
    topic_id: str
    phrase: str  # the text that matched, for logs and tests


def _compile_han(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{normalise(p)})" for p in phrases))


def _compile_en(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


_HAN_RE = {cat: _compile_han(phrases) for cat, phrases in HAN_PHRASES.items()}
_EN_RE = {cat: _compile_en(patterns) for cat, patterns in EN_PATTERNS.items()}
_HAN_SLEEP_RE = _compile_han(HAN_SLEEP)
_HAN_LOW_MOOD_RE = _compile_han(HAN_LOW_MOOD)
_EN_SLEEP_RE = re.compile(EN_SLEEP)
_EN_LOW_MOOD_RE = re.compile(EN_LOW_MOOD)


def _prepare(text: str) -> tuple[str, str]:
    """(English view with single spaces, compact view for Han phrases)."""
    norm = normalise(text)
    english = _SPACES_RE.sub(" ", _SCRIPT_EDGE_RE.sub(" ", norm)).strip()
    return english, _NOT_WORD_RE.sub("", norm)


def _match_category(category: str, english: str, compact: str) -> str | None:
    found = _HAN_RE[category].search(compact) or _EN_RE[category].search(english)
    return found.group(0) if found else None


def _low_mood_sleep(english: str, compact: str) -> str | None:
    sleep = _HAN_SLEEP_RE.search(compact) or _EN_SLEEP_RE.search(english)
    mood = _HAN_LOW_MOOD_RE.search(compact) or _EN_LOW_MOOD_RE.search(english)
    return f"{sleep.group(0)} + {mood.group(0)}" if sleep and mood else None


def detect_all(text: str) -> list[RiskMatch]:
    """Every risk category the text suggests, most urgent first."""
    english, compact = _prepare(text)
    matches = []
    for category in PRIORITY:
        phrase = _match_category(category, english, compact)
        if phrase is None and category == SEVERE_DEPRESSION:
            phrase = _low_mood_sleep(english, compact)
        if phrase is not None:
            matches.append(RiskMatch(category, TOPIC_FOR_CATEGORY[category], phrase))
    return matches


def detect_risk(text: str) -> RiskMatch | None:
    """The most urgent risk the text suggests, or None."""
    matches = detect_all(text)
    return matches[0] if matches else None

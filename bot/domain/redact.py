"""The privacy filter for questions kept for the clinical team: names, HKID numbers, phone
numbers and emails become placeholders before anything is stored. Plain Python.

It leans towards caution: a capitalised word in the middle of an English sentence is taken
for a name unless it is a common word; a surname followed by a form of address (陳太,
李伯伯) or a nickname (阿明) is a name. Case codes and initials (C03, CMY) are kept: they
identify nobody outside the centre.
"""

from __future__ import annotations

import re
import unicodedata

from bot.domain.privacy import looks_sensitive

NAME, HKID, PHONE, EMAIL, NUMBER = "[NAME]", "[HKID]", "[PHONE]", "[EMAIL]", "[NUMBER]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HKID = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}[0-9]{6}(?:\s?\([0-9Aa]\)?|[0-9Aa])(?![0-9])")
# HK phone numbers (8 digits, one space or hyphen allowed, +852 optional), then any other
# long run of digits (another country's number, an account number).
_PHONE = re.compile(r"(?:\+?852[ -]?)?(?<![0-9])[235-9][0-9]{3}[ -]?[0-9]{4}(?![0-9])")
_LONG_NUMBER = re.compile(r"(?<![0-9])\d(?:[ -]?\d){6,}(?![0-9])")

_SURNAMES = (
    "陳李張黃何林吳劉蔡楊鄭梁謝郭曾羅鄧周葉蘇朱馬胡許麥莫潘袁余盧方唐彭關區譚姚廖杜冼容戴歐"
    "石鍾溫江孔施范鄺甘龔岑雷韋顏嚴薛賴蕭崔程鄒丁魏簡傅伍霍湯萬"
)
_ADDRESS = (
    "先生|太太|小姐|姑娘|婆婆|伯伯|公公|嬸嬸|醫生|老師|姨姨|師奶|主任|"
    "生|太|婆|伯|姨|叔|嬸|姐|哥|Sir|sir|姑"
)
# 陳太, 李伯伯, 黃大文 after 叫/姓/名 ("佢叫黃大文"), 阿明 (but not 阿婆, 阿媽 …).
_HAN_TITLED = re.compile(rf"[{_SURNAMES}](?:{_ADDRESS})")
_HAN_CALLED = re.compile(
    rf"(?<=叫|姓|名)[{_SURNAMES}][\u4e00-\u9fff]{{1,2}}(?=[，。、,.!?！？\s]|$)"
)
_KIN = "婆伯媽爸仔女哥姐嫂叔姨公爺嫲妹弟哥嬸"
_AH_NICKNAME = re.compile(rf"阿(?![{_KIN}])[\u4e00-\u9fff](?![\u4e00-\u9fff]*(?:野|嘢))")
# English: Mr Chan, Mrs. Wong, Auntie May; "named/called X"; a mid-sentence Capitalised word.
_EN_TITLED = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mdm|Madam|Dr|Auntie|Aunty|Uncle|Grandma|Grandpa|Granny|Sister)"
    r"\.?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?",
)
_EN_CALLED = re.compile(r"\b(?:named|called|name is|name's)\s+([A-Za-z][a-z]+)", re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z][a-z']+(?:\s+[A-Z][a-z']+)*\b")
_COMMON = frozenset(
    """i i'm i've i'd i'll english chinese cantonese mandarin hong kong kowloon god jesus
    buddha monday tuesday wednesday thursday friday saturday sunday january february march
    april july august september october november december christmas easter whatsapp wechat
    facebook telegram signal instagram google youtube octopus ok okay ching ming chung
    yeung mid autumn lunar new year social worker samaritans samaritan befrienders
    hospital authority alzheimer alzheimer's covid""".split()  # noqa: SIM905
)


# Capitalised words that often open a sentence; any other capitalised first word is taken
# for a name ("Peter said …"). Over-cautious on purpose: a lost word costs less than a name.
_STARTERS = frozenset(
    """a an the i i'm i've my mine me we our us you your he him his she her they them their
    it its this that these those there here what whats what's how when where why who whom
    which whose can could should would will shall may might must do does did don't doesn't
    didn't is are was were am be been has have had if so but and or because since although
    though after before then now today yesterday tomorrow tonight every each some any no
    not yes ok okay please help thanks thank hi hello dear sorry also just still only even
    again maybe perhaps sometimes often always never usually once client clients supporter
    worker social case family daughter son wife husband mother father mum mom dad grandma
    grandpa auntie uncle neighbour neighbor friend friends people someone somebody
    everyone anyone nobody one two three last next first new old since during while about
    for from with without in on at to of by as like got get give gave keep keeps asked
    asks said says told tell feel feeling felt need needs want wants think thought know
    knew should've let lets let's went go going come came visit visited visiting called
    call calling after""".split()  # noqa: SIM905
)


def redact(text: str) -> str:
    """`text` with personal identifiers replaced by [NAME], [HKID], [PHONE], [EMAIL] or
    [NUMBER]; control characters removed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    text = _EMAIL.sub(EMAIL, text)
    text = _HKID.sub(HKID, text)
    text = _PHONE.sub(PHONE, text)
    text = _LONG_NUMBER.sub(NUMBER, text)
    text = _HAN_TITLED.sub(NAME, text)
    text = _HAN_CALLED.sub(NAME, text)
    text = _AH_NICKNAME.sub(NAME, text)
    text = _EN_TITLED.sub(NAME, text)
    text = _EN_CALLED.sub(_called, text)
    text = _CAPITALISED.sub(_name_or_word, text)
    if looks_sensitive(text):  # the chat's own detector still sees one: mask every number
        text = re.sub(r"[A-Za-z]{0,2}\d[\d ()-]*", NUMBER, text)
    return text.strip()


def _name_or_word(match: re.Match[str]) -> str:
    words = match.group(0).split()
    text = match.string[: match.start()].rstrip()
    first = not text or text[-1] in '.!?\n:;"“(「'
    if first and words[0].lower() in _STARTERS:
        rest = " ".join(words[1:])  # "My Peter …" → keep "My", look at the rest
        if not rest:
            return words[0]
        return words[0] + " " + (rest if _all_common(words[1:]) else NAME)
    return match.group(0) if _all_common(words) else NAME


def _called(match: re.Match[str]) -> str:
    """ "named Mabel" → "named [NAME]"; but "called me", "called the centre" stay."""
    word = match.group(1)
    if word.lower() in _STARTERS or word.lower() in _COMMON:
        return match.group(0)
    return match.group(0)[: match.start(1) - match.start(0)] + NAME


def _all_common(words: list[str]) -> bool:
    return all(w.lower() in _COMMON for w in words)

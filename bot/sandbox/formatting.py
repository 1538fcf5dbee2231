"""Cheap parse-mode checks that turn formatted text into what the user sees, like Telegram."""

from __future__ import annotations

import html
import re

__all__ = ["ParseError", "utf16_len", "visible_text"]

# The tags Telegram accepts in HTML mode (https://core.telegram.org/bots/api#html-style).
_HTML_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
        "tg-spoiler", "a", "code", "pre", "blockquote", "tg-emoji", "tg-time",
    }
)  # fmt: skip
_TAG = re.compile(r"<(/?)([A-Za-z0-9-]*)((?:\s[^<>]*)?)>")
_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")


class ParseError(ValueError):
    """Formatted text Telegram would refuse with "can't parse entities"."""


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts limits and offsets in."""
    return len(text.encode("utf-16-le")) // 2


def visible_text(text: str, parse_mode: str | None) -> str:
    """Return the plain text the user sees, raising ParseError where Telegram would."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _html_text(text)
    if mode == "markdownv2":
        return _markdown_v2_text(text)
    if mode == "markdown":
        return _markdown_text(text)
    if mode:
        raise ParseError(f"Unsupported parse_mode {parse_mode!r}")
    return text


def _byte_offset(text: str, index: int) -> int:
    """Telegram reports positions as UTF-8 byte offsets."""
    return len(text[:index].encode("utf-8"))


def _html_text(text: str) -> str:
    """Strip Telegram HTML, checking tags nest and only supported tags are used."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    while (lt := text.find("<", pos)) != -1:
        out.append(text[pos:lt])
        match = _TAG.match(text, lt)
        if match is None:
            raise ParseError(f'Unsupported start tag "" at byte offset {_byte_offset(text, lt)}')
        closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            if not stack or stack[-1] != name:
                raise ParseError(f"Unexpected end tag at byte offset {_byte_offset(text, lt)}")
            stack.pop()
        else:
            _check_html_start_tag(text, lt, name, attrs)
            stack.append(name)
        pos = match.end()
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    out.append(text[pos:])
    return html.unescape("".join(out))


def _check_html_start_tag(text: str, index: int, name: str, attrs: str) -> None:
    """Reject tags Telegram does not know, and spans that are not spoilers."""
    if name not in _HTML_TAGS:
        offset = _byte_offset(text, index)
        raise ParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
    if name == "span" and "tg-spoiler" not in attrs:
        raise ParseError('Tag "span" must have class "tg-spoiler"')


def _markdown_v2_text(text: str) -> str:
    """Strip MarkdownV2, enforcing its escaping rules for reserved characters."""
    parser = _MarkdownV2(text)
    return parser.parse()


class _MarkdownV2:
    """A small MarkdownV2 reader: enough to catch unescaped reserved characters."""

    _TOGGLES = ("||", "__", "*", "_", "~")

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.out: list[str] = []
        self.stack: list[tuple[str, int]] = []

    def parse(self) -> str:
        """Walk the text once and return the visible characters."""
        while self.i < len(self.text):
            self._step()
        if self.stack:
            marker, start = self.stack[-1]
            raise ParseError(
                f"Can't find end of {marker!r} entity at byte offset "
                f"{_byte_offset(self.text, start)}"
            )
        return "".join(self.out)

    def _step(self) -> None:
        """Consume one token at the cursor."""
        text, i = self.text, self.i
        char = text[i]
        if char == "\\":
            self._escape()
        elif text.startswith("```", i):
            self._code_block("```")
        elif char == "`":
            self._code_block("`")
        elif marker := next((m for m in self._TOGGLES if text.startswith(m, i)), None):
            self._toggle(marker)
        elif char == "[":
            self.stack.append(("[", i))
            self.i += 1
        elif char == "]":
            self._close_link()
        elif char == ">" and (i == 0 or text[i - 1] == "\n"):
            self.i += 1  # a blockquote marker at the start of a line
        elif char in _MDV2_RESERVED:
            raise ParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        else:
            self.out.append(char)
            self.i += 1

    def _escape(self) -> None:
        """A backslash makes the next character literal."""
        if self.i + 1 >= len(self.text):
            raise ParseError("Text ends with a lone '\\'")
        self.out.append(self.text[self.i + 1])
        self.i += 2

    def _toggle(self, marker: str) -> None:
        """Open or close a bold/italic/underline/strike/spoiler entity."""
        if self.stack and self.stack[-1][0] == marker:
            self.stack.pop()
        else:
            self.stack.append((marker, self.i))
        self.i += len(marker)

    def _code_block(self, fence: str) -> None:
        """Copy code verbatim up to the closing fence; only ` and \\ are escaped inside."""
        start = self.i
        self.i += len(fence)
        if fence == "```":
            newline = self.text.find("\n", self.i)
            language = self.text[self.i : newline] if newline != -1 else ""
            if newline != -1 and re.fullmatch(r"[\w+-]*", language):
                self.i = newline + 1
        while self.i < len(self.text):
            if self.text[self.i] == "\\" and self.i + 1 < len(self.text):
                self.out.append(self.text[self.i + 1])
                self.i += 2
            elif self.text.startswith(fence, self.i):
                self.i += len(fence)
                return
            else:
                self.out.append(self.text[self.i])
                self.i += 1
        offset = _byte_offset(self.text, start)
        raise ParseError(f"Can't find end of code entity at byte offset {offset}")

    def _close_link(self) -> None:
        """Finish [label](url), skipping the URL."""
        if not self.stack or self.stack[-1][0] != "[":
            raise ParseError(
                "Character ']' is reserved and must be escaped with the preceding '\\'"
            )
        self.stack.pop()
        self.i += 1
        if not self.text.startswith("(", self.i):
            return  # Telegram treats "[text]" without a URL as plain text
        end = self.i + 1
        while end < len(self.text) and self.text[end] != ")":
            end += 2 if self.text[end] == "\\" else 1
        if end >= len(self.text):
            raise ParseError("Can't find end of a URL")
        self.i = end + 1


def _markdown_text(text: str) -> str:
    """Strip legacy Markdown (*bold*, _italic_, `code`, [text](url))."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in "*_`[":
            out.append(text[i + 1])
            i += 2
        elif char in "*_`":
            fence = "```" if text.startswith("```", i) else char
            end = text.find(fence, i + len(fence))
            if end == -1:
                offset = _byte_offset(text, i)
                raise ParseError(f"Can't find end of the entity starting at byte offset {offset}")
            out.append(text[i + len(fence) : end])
            i = end + len(fence)
        elif char == "[" and (link := re.match(r"\[([^\]]*)\]\(([^)]*)\)", text[i:])):
            out.append(link.group(1))
            i += link.end()
        else:
            out.append(char)
            i += 1
    return "".join(out)

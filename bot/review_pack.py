"""The clinical review pack: every card on paper, both languages side by side.

`tunghang content review-pack` writes this as one print-ready HTML file (A4, a page break
before each area, no card split across pages) for a clinical psychologist to read and mark
up away from a computer, then sign off with `tunghang content sign-off`. Pure: the library
and the usage figures in, HTML out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

from bot.domain.cards import Card, CardText
from bot.i18n import format_clock, format_day
from bot.library import Library


@dataclass(frozen=True, slots=True)
class CardUsage:
    """What supporters made of a card: 👍, 👎 and how often it was shown."""

    helpful: int = 0
    not_helpful: int = 0
    shown: int = 0


def render_review_pack(
    library: Library,
    usage: Mapping[str, CardUsage] | None,
    generated_at: dt.datetime,
    *,
    usage_note: str = "",
) -> str:
    """The whole pack. `usage` None: figures not available (printed as such, not as 0)."""
    groups = _groups(library)
    reviewed = sum(1 for c in library.cards if c.reviewed_by and c.last_reviewed)
    printed = (
        f"{format_day('en', generated_at.date(), year=True)} {format_clock('en', generated_at)}"
    )
    parts = [
        _HEAD,
        '<section class="cover">',
        "<h1>Tung Hang 同行 — refresher cards for clinical review</h1>",
        "<p class=lead>卡片臨床審閱本</p>",
        f"<p>Printed {escape(printed)} (Hong Kong time). "
        f"{len(library.cards)} cards in {len(groups)} areas; "
        f"{reviewed} signed off, {len(library.cards) - reviewed} not yet.</p>",
        f"<p>{escape(usage_note)}</p>" if usage_note else "",
        "<h2>How to use this pack</h2>",
        "<ol>",
        "<li>Read each card in both languages. Mark changes on the card itself; use the lined "
        "box for anything longer.</li>",
        "<li>Tick <b>Approved</b> or <b>Changes needed</b> under each card.</li>",
        "<li>Risk cards (marked <span class=risk-tag>RISK</span>) always show their escalation "
        "and the 24-hour lines; please check both the words and the order of the numbers.</li>",
        "<li>Sign each area at its end, and the whole pack on the last page. The team then "
        "records it with <code>tunghang content sign-off CARD… --by NAME</code>.</li>",
        "</ol>",
        "<h2>Areas 範疇</h2>",
        "<table class=toc><tr><th>Area</th><th>範疇</th><th>Cards</th><th>Signed off</th></tr>",
        *(
            f"<tr><td>{escape(en)}</td><td>{escape(yue)}</td><td>{len(cards)}</td>"
            f"<td>{sum(1 for c in cards if c.reviewed_by)}</td></tr>"
            for en, yue, cards in groups
        ),
        "</table>",
        "</section>",
    ]
    for en, yue, cards in groups:
        parts.append('<section class="area">')
        parts.append(f"<h2 class=area-title>{escape(en)} · {escape(yue)}</h2>")
        parts += [_card(library, card, usage) for card in cards]
        parts.append(_sign_box(f"Sign-off for this area: {en}", f"此範疇簽署：{yue}"))
        parts.append("</section>")
    parts.append('<section class="area final">')
    parts.append("<h2>Sign-off for the whole pack 全部卡片簽署</h2>")
    parts.append(
        "<p>I have read the cards in this pack. Those marked <b>Approved</b> may be shown to "
        "peer supporters; those marked <b>Changes needed</b> may not until corrected.</p>"
    )
    parts.append(_sign_box("", ""))
    parts.append("</section></body></html>")
    return "\n".join(p for p in parts if p)


def _groups(library: Library) -> list[tuple[str, str, list[Card]]]:
    """Cards by the area of their main topic, areas in file order, topics in area order."""
    groups = []
    for category in library.categories:
        cards = [
            card
            for topic_id in category.topic_ids
            for card in library.cards
            if card.primary_topic == topic_id
        ]
        if cards:
            groups.append((category.en, category.yue, cards))
    return groups


def _card(library: Library, card: Card, usage: Mapping[str, CardUsage] | None) -> str:
    topics = [library.topics[t] for t in card.topics if t in library.topics]
    risk = '<span class="risk-tag">RISK</span> ' if card.is_safety_critical else ""
    if card.reviewed_by:
        status = (
            f"Signed off by {escape(card.reviewed_by)}"
            f" on {card.last_reviewed.isoformat() if card.last_reviewed else '(no date)'}"
        )
    else:
        status = "Not yet signed off"
    rows = [
        _row("Title 標題", _para(card.en.title), _para(card.yue.title), "title"),
        _row("Situation 情境", _para(card.en.situation), _para(card.yue.situation)),
        _row("Say 可以講", _items(card.en.say), _items(card.yue.say)),
        _row("Avoid 避免", _items(card.en.avoid), _items(card.yue.avoid)),
    ]
    if card.en.escalate or card.yue.escalate:
        rows.append(
            _row(
                "Escalate 轉介",
                _para(card.en.escalate or "—"),
                _para(card.yue.escalate or "—"),
                "escalate",
            )
        )
    rows.append(_row("Search words 搜尋字", _words(card.en), _words(card.yue), "keywords"))
    if card.en.asks or card.yue.asks:
        # The questions this card is meant to answer: a reviewer can say "not for that one".
        rows.append(
            _row("Answers questions like 會答嘅問題", _asks(card.en), _asks(card.yue), "asks")
        )
    resources = library.resources_for(card)
    hotlines = (
        "<ul class=lines>"
        + "".join(
            f"<li><b>{escape(r.number)}</b> {escape(r.name_en)} · {escape(r.name_yue)}"
            f" <span class=muted>({escape(r.hours_en)}; checked "
            f"{r.last_checked.isoformat() if r.last_checked else 'never'})</span></li>"
            for r in resources
        )
        + "</ul>"
        if resources
        else "<p class=muted>No hotlines on this card.</p>"
    )
    return "\n".join(
        [
            f'<article class="card{" risk" if card.is_safety_critical else ""}" '
            f'id="{escape(card.id)}">',
            f"<header><h3>{risk}<code>{escape(card.id)}</code></h3>",
            f"<p class=meta>{escape(card.kind)} · "
            + " · ".join(
                f"{'<b>' if i == 0 else ''}{escape(t.en)} / {escape(t.yue)}"
                f"{'</b>' if i == 0 else ''}"
                for i, t in enumerate(topics)
            )
            + f"</p><p class=meta>{_usage(usage, card.id)} · {status} · "
            f"{escape(card.source_file)}</p></header>",
            '<table class="sides"><colgroup><col class=label><col><col></colgroup>',
            "<tr><th></th><th>English</th><th>廣東話</th></tr>",
            *rows,
            "</table>",
            f"<div class=hotlines><h4>Hotlines shown with this card 熱線</h4>{hotlines}</div>",
            "<div class=verdict>☐ Approved 通過 &nbsp;&nbsp; ☐ Changes needed 要修改 "
            "&nbsp;&nbsp; Initials 簡簽: ________</div>",
            "<div class=notes><span>Notes 備註</span></div>",
            "</article>",
        ]
    )


def _usage(usage: Mapping[str, CardUsage] | None, card_id: str) -> str:
    if usage is None:
        return "Helpful / not helpful votes and times shown: not available"
    figures = usage.get(card_id, CardUsage())
    return (
        # Words, not 👍/👎: a printer or PDF viewer without an emoji font prints empty boxes.
        f"Helpful 有用 {figures.helpful} · Not helpful 冇用 {figures.not_helpful} · "
        f"shown {figures.shown} "
        f"time{'' if figures.shown == 1 else 's'}"
    )


def _row(label: str, en: str, yue: str, css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<tr{cls}><th>{label}</th><td lang=en>{en}</td><td lang=zh-HK>{yue}</td></tr>"


def _para(text: str) -> str:
    return escape(text)


def _items(lines: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def _words(text: CardText) -> str:
    return f"<span class=muted>{escape(', '.join(text.keywords))}</span>"


def _asks(text: CardText) -> str:
    return f"<ul class=muted>{''.join(f'<li>{escape(a)}</li>' for a in text.asks)}</ul>"


def _sign_box(title_en: str, title_yue: str) -> str:
    title = f"<h4>{escape(title_en)} · {escape(title_yue)}</h4>" if title_en or title_yue else ""
    return (
        f'<div class="signoff">{title}<table>'
        "<tr><th>Reviewer 審閱人</th><td></td><th>Role 職位</th><td></td></tr>"
        "<tr><th>Signature 簽名</th><td></td><th>Date 日期</th><td></td></tr>"
        "</table></div>"
    )


_HEAD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Tung Hang 同行 — cards for clinical review</title>
<style>
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK TC", "Noto Sans TC", "PingFang HK", "Microsoft JhengHei",
       "Noto Sans", Arial, sans-serif; font-size: 10.5pt; line-height: 1.4; color: #111;
       margin: 0 auto; max-width: 190mm; }
h1 { font-size: 20pt; margin: 0 0 4pt; }
h2 { font-size: 14pt; margin: 14pt 0 6pt; }
h3 { font-size: 11pt; margin: 0; }
h4 { font-size: 10pt; margin: 6pt 0 3pt; }
.lead { font-size: 14pt; margin: 0 0 10pt; }
.cover { page-break-after: always; break-after: page; }
.area { break-before: page; page-break-before: always; }
.area-title { border-bottom: 2pt solid #111; padding-bottom: 3pt; }
.card { border: 1pt solid #555; border-radius: 3pt; padding: 6pt 8pt; margin: 0 0 10pt;
        break-inside: avoid; page-break-inside: avoid; }
.card.risk { border: 2pt solid #000; }
.risk-tag { border: 1.5pt solid #000; padding: 0 3pt; font-size: 8pt; font-weight: bold; }
.meta { margin: 1pt 0; font-size: 9pt; }
.muted { color: #555; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; }
.sides { table-layout: fixed; margin-top: 4pt; }
.sides col.label { width: 22mm; }
.sides th, .sides td { border: 0.5pt solid #999; padding: 3pt 4pt; vertical-align: top;
                       text-align: left; }
.sides th { font-size: 8.5pt; background: #eee; }
.sides tr.title td { font-weight: bold; }
.sides tr.escalate td { background: #f4f4f4; }
.sides ul, .lines { margin: 0; padding-left: 12pt; }
.toc td, .toc th { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; }
.hotlines h4 { margin: 4pt 0 1pt; }
.verdict { margin-top: 5pt; font-size: 10pt; }
.notes { height: 24mm; margin-top: 4pt; border: 0.5pt solid #999; padding: 2pt 4pt;
         background: repeating-linear-gradient(#fff 0, #fff 7.5mm, #bbb 7.5mm, #bbb 7.8mm);
         -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.notes span { font-size: 8pt; color: #555; }
.signoff { border: 1.5pt solid #000; padding: 6pt 8pt; margin-top: 8pt; break-inside: avoid;
           page-break-inside: avoid; }
.signoff th { text-align: left; width: 22%; font-size: 9pt; padding: 4pt; }
.signoff td { border-bottom: 0.75pt solid #000; height: 12mm; width: 28%; }
code { font-size: 9pt; }
@media screen { body { padding: 12mm; } .area { border-top: 4px dashed #ccc;
                margin-top: 12mm; padding-top: 6mm; } }
</style></head><body>"""

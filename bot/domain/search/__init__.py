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

from bot.domain.search.index import (
    FIELD_WEIGHTS,
    ParsedQuery,
    SearchIndex,
    card_terms,
)
from bot.domain.search.synonyms import (
    CHAR_WEIGHT,
    SYNONYM_GROUPS,
    Concept,
    SynonymTable,
    TypoCorrector,
    _one_edit,
)
from bot.domain.search.text import (
    HAN_RANGES,
    STOP_CHARS,
    STOP_WORDS,
    is_han,
    iter_runs,
    normalise,
    stem,
    tokenize,
    tokenize_normalised,
)

__all__ = [
    "CHAR_WEIGHT",
    "FIELD_WEIGHTS",
    "HAN_RANGES",
    "STOP_CHARS",
    "STOP_WORDS",
    "SYNONYM_GROUPS",
    "Concept",
    "ParsedQuery",
    "SearchIndex",
    "SynonymTable",
    "TypoCorrector",
    "_one_edit",
    "card_terms",
    "is_han",
    "iter_runs",
    "normalise",
    "stem",
    "tokenize",
    "tokenize_normalised",
]

"""Tag residents' free text with themes (lighting, drugs, traffic, …) using Swedish stems.

Each theme in :data:`THEMES` lists keyword patterns. A text is split into lower-case
word tokens (Unicode-normalised, punctuation and digits dropped; a hyphenated word
counts as a whole and as each of its parts, so ``EPA-traktorer`` gives ``epatraktorer``,
``epa`` and ``traktorer``). Every token is stemmed with the Snowball Swedish stemmer
(``mopederna`` → ``moped``, ``ungdomarna`` → ``ungdom``, ``mörka`` → ``mörk``), and a
pattern matches a token if it matches either the token as written or its stem.

Patterns are written in lower case, already in stem form, with ``*`` for "any
letters" — the rule for Swedish compounds, whose parts are written together:

``bil``
    the whole word only, after stemming: ``bil``, ``bilen``, ``bilar``, ``bilarna`` —
    not ``bild`` or ``mobil``. Used for short or ambiguous stems.
``moped*``
    the word or the *first* part of a compound, and inflections the stemmer leaves
    (definite ``-et``/``-n``): ``mopeden``, ``mopedåkare``, ``gänget``, ``mörkret``.
``*lampa``
    the word or the *last* part of a compound: ``gatlampa``; in Swedish the last part
    carries the meaning (a ``gatlampa`` is a kind of ``lampa``).
``*belysning*``
    anywhere in the word: ``gatubelysningen``, ``belysningsstolpe``. Only for stems
    long and specific enough not to occur inside unrelated words.

A theme may also list exclusions (``!pattern``), checked against the token as
written: ``!mobil*`` keeps ``mobilen`` out of traffic's ``*bil``, ``!*ifrån`` keeps
``ifrån`` out of violence's ``*rån``. An exclusion of several words joined by ``_``
is an idiom: its last word does not count for the theme when the words before it
stand right before it, so ``!mörkrets_inbrott`` keeps "efter mörkrets inbrott" (the
fall of darkness) out of burglary while "mörkrets" still counts for lighting and
"inbrott i förrådet" for burglary. Tagging is topical, not sentiment: "inte
mörkt längre" is still about lighting, which is what a coordinator wants to read.

Labels are English source text marked for translation with ``gettext_noop`` (a
local identity function, so this module imports no Django); views translate them.
"""

import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

# The pure-Python stemmer by its module, not snowballstemmer.stemmer(): that returns
# PyStemmer's when it is installed, whose Snowball version may stem differently.
from snowballstemmer.swedish_stemmer import SwedishStemmer


def gettext_noop(message: str) -> str:
    """Mark ``message`` for the translation catalogue; translation happens in the view."""
    return message


@dataclass(frozen=True, slots=True)
class Theme:
    """A theme: its id (used in code and exports), label, keyword and exclusion patterns."""

    id: str
    label: str
    keywords: tuple[str, ...]
    exclusions: tuple[str, ...] = ()
    idioms: tuple[tuple[str, ...], ...] = ()
    """Word sequences (patterns) whose last word does not count for this theme."""


def _theme(theme_id: str, label: str, patterns: str) -> Theme:
    words = patterns.split()
    excluded = [word[1:] for word in words if word.startswith("!")]
    return Theme(
        id=theme_id,
        label=label,
        keywords=tuple(word for word in words if not word.startswith("!")),
        exclusions=tuple(word for word in excluded if "_" not in word),
        idioms=tuple(tuple(word.split("_")) for word in excluded if "_" in word),
    )


THEMES: Mapping[str, Theme] = MappingProxyType(
    {
        theme.id: theme
        for theme in (
            _theme(
                "lighting",
                gettext_noop("Lighting and darkness"),
                """
                *belysning* *belyst* *upplyst* *mörk* mörkret *lampa *lampan *lampor* lamp*
                *lykt* gatljus ljus ljuset ljusen *armatur* *strålkastare* släckt* *släckt
                !mörkhy* !trafikljus* !mörkblå* !mörkgrå* !mörkgrön* !mörkröd* !mörkklädd*
                """,
            ),
            _theme(
                "drugs",
                gettext_noop("Drugs"),
                """
                *narkotik* *knark* drog* *droger* *drogerna *langning* lang *hasch* *cannabis*
                *marijuana* *kokain* *amfetamin* *heroin* *tramadol* *ecstasy* *spice* weed
                joint* *narkoman* pundar* *sprutor* *sprutorna *kanyl* *drogpåverk*
                *missbruk* *droghandel* *pusher*
                !drog !drogs
                """,
            ),
            _theme(
                "traffic",
                gettext_noop("Traffic"),
                """
                *trafik* fart* *fart *hastighet* bil bilist* *bil *bilar *bilen *bilarna
                *bilister moped* *moped* *traktor* epa epor epan epatrakt* *motorcykel*
                *motorcykl* mc *cykel* *cykl* *övergångsställ* *trottoar* *korsning*
                *rondell* *cirkulationsplats* *buskör* *rattfyll* *parkering* parker
                *felparker* *vägbul* *farthinder* *gupp* kör körd *körning* *racing* rejs*
                *avgaser*
                !fartyg* !*mobil* !stabil* !labil* !*encykl* !polisbil* !*stöld*
                """,
            ),
            _theme(
                "young_people",
                gettext_noop("Young people"),
                """
                *ungdom* ung ungar ungarna *tonåring* *tonår* gäng* *gäng *gänget *gängen
                *elever* elev *skolelev* *högstadie* *mellanstadie* *fritidsgård* barn barnen
                kids *minderårig* *åringar *åringarna åring killar killarna grabbar grabbarna
                tjejer tjejerna
                !gänga !gängor !gängan !*tillgäng* !*förgäng*
                """,
            ),
            _theme(
                "littering",
                gettext_noop("Littering"),
                """
                *skräp* *sopor sop* *soptunn* *sophög* *papperskorg* *fimp* *glasbit*
                *glaskross* *nedskräp* *bajs* *avfall* *dumpa* *burkar *flaskor *pantburk*
                *pantflask*
                !sopra*
                """,
            ),
            _theme(
                "vandalism",
                gettext_noop("Vandalism and graffiti"),
                """
                *klott* *graffiti* *vandalis* *skadegör* sönder* *sönder *förstör* *kross*
                *bränder *bilbrand* *eldat *eldar *eldade *taggning*
                !sönderdel*
                """,
            ),
            _theme(
                "alcohol",
                gettext_noop("Alcohol"),
                """
                *alkohol* *berus* *fyllo* fyllan fylleri* *fylla *rattfyll* *onykter* öl ölen
                *ölburk* *ölflask* sprit *spritflask* *vodka* supa söp super *supande*
                *drickande*
                !fylla !*uppfyll* !*utfyll* !*ifyll* !*påfyll*
                """,
            ),
            _theme(
                "gathering",
                gettext_noop("People gathering and loitering"),
                """
                häng *hänger *hängande samlas samlades *folksamling* *ansamling* grupp
                *folkmassa* *uppehåller *hängställe*
                """,
            ),
            _theme(
                "places",
                gettext_noop("Places: tunnels, parks, stops and stations"),
                """
                *tunnel* *tunnl* *undergång* *viadukt* *gångbro* *park *parken *parkerna
                *lekplats* *busshållplats* *hållplats* *busstation* *station* *resecentrum*
                *centrum* *torg* *perrong* *parkeringshus* *garage* *skog* *gångväg*
                *cykelväg* *gångstig* *promenadväg* *skolgård* *idrottsplats* *badplats*
                *strand* *bakgård* *innergård* *trappuppgång* *pendeltåg*
                """,
            ),
            _theme(
                "police",
                gettext_noop("Police and guards"),
                """
                *polis* *ordningsvakt* *väktare* *vakter *vakten *patrull* *bevakning*
                *kameraövervakning* *övervakningskamera* *kameror *kamera
                !metropolis* !akropolis*
                """,
            ),
            _theme(
                "adult_presence",
                gettext_noop("Adults present: night walks, field workers"),
                """
                *nattvandr* *vuxennärvaro* *vuxna *fältassistent* *fältarbet* *fritidsledare*
                *föräldrar *föräldrarna *grannsamverkan*
                """,
            ),
            _theme(
                "vegetation",
                gettext_noop("Vegetation and bushes"),
                """
                *busk* sly slyet slyt slyn *slyskog* *växtlighet* *vegetation* träd träden
                trädet *häck* *grenar* *snår* *igenvux* *röjning* *beskär* *ogräs* *gräs
                *gräset
                !buskör*
                """,
            ),
            _theme(
                "disorder",
                gettext_noop("Disorder and noise"),
                """
                *bråk* *stök* *oljud* *skrik* *skrän* *störande* *oväsen* *fyrverkeri*
                *smällare* *gapar *väsnas
                !bråkdel*
                """,
            ),
            _theme(
                "violence",
                gettext_noop("Violence and threats"),
                """
                *våld* *misshand* rån* *rån *kniv* *vapen* *vapn* *skjutning* *skottlossning*
                *skjuten *pistol* *slagsmål* hot *hotfull* *hotelse* *dödshot *överfall*
                *knivhugg* *skottskad* *sprängning* *explosion*
                !från !*ifrån !*strån
                """,
            ),
            _theme(
                "harassment",
                gettext_noop("Harassment"),
                """
                *trakasser* *ofred* *antast* *tafs* *sexuella *våldtäkt* *blottar* *blottare*
                *förföljd* *förföljer* *glor *raggar
                """,
            ),
            _theme(
                "theft",
                gettext_noop("Burglary and theft"),
                """
                *inbrott* *stöld* *stölder* *stjäl* *stulen* *stulna* *stulit* *snatt*
                *ficktjuv* *tjuv* *tjuvar*
                !mörkrets_inbrott !skymningens_inbrott !kvällningens_inbrott
                !vinterns_inbrott !höstens_inbrott !vårens_inbrott !mörkrets_inbrytande
                """,
            ),
        )
    }
)
"""Every theme, in the order the results page lists them when counts are equal."""


# --- Tokens and stems ---------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_thread_local = threading.local()


def _stemmer() -> SwedishStemmer:
    # A Snowball stemmer keeps state while it stems a word: one per thread.
    stemmer = getattr(_thread_local, "stemmer", None)
    if stemmer is None:
        stemmer = _thread_local.stemmer = SwedishStemmer()
    return stemmer


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def tokens(text: str) -> list[str]:
    """The lower-case word tokens of ``text``: hyphenated words whole and in parts."""
    normalised = unicodedata.normalize("NFKC", text).lower()
    result = []
    for match in _WORD.finditer(normalised):
        word = match.group()
        if "-" in word:
            result.append(word.replace("-", ""))
            result.extend(part for part in word.split("-"))
        else:
            result.append(word)
    return result


# --- Matching -----------------------------------------------------------------------------


def _glob(pattern: str) -> str:
    return ".*".join(re.escape(part) for part in pattern.split("*"))


def _compile(patterns: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = [_glob(pattern) for pattern in patterns]
    return re.compile("|".join(alternatives)) if alternatives else None


@dataclass(frozen=True, slots=True)
class _CompiledTheme:
    id: str
    keywords: re.Pattern[str]
    exclusions: re.Pattern[str] | None
    idioms: tuple[tuple[re.Pattern[str], ...], ...]


_COMPILED = tuple(
    _CompiledTheme(
        id=theme.id,
        keywords=re.compile("|".join(_glob(pattern) for pattern in theme.keywords)),
        exclusions=_compile(theme.exclusions),
        idioms=tuple(tuple(re.compile(_glob(word)) for word in idiom) for idiom in theme.idioms),
    )
    for theme in THEMES.values()
)
_IDIOMS = {theme.id: theme.idioms for theme in _COMPILED if theme.idioms}


@lru_cache(maxsize=65536)
def _token_themes(token: str) -> frozenset[str]:
    stem = _stem(token)
    return frozenset(
        theme.id
        for theme in _COMPILED
        if not (theme.exclusions and theme.exclusions.fullmatch(token))
        and (theme.keywords.fullmatch(token) or theme.keywords.fullmatch(stem))
    )


def theme_matches(text: str) -> dict[str, tuple[str, ...]]:
    """Which tokens of ``text`` made each theme match: theme id → tokens, in order.

    Useful for highlighting in moderation and for explaining a tag. Themes appear in
    :data:`THEMES` order; a token that matches several themes is listed under each.
    """
    found: dict[str, list[str]] = {}
    for token, themes in _tagged_tokens(text):
        for theme_id in themes:
            found.setdefault(theme_id, []).append(token)
    return {theme_id: tuple(found[theme_id]) for theme_id in THEMES if theme_id in found}


def tag_themes(text: str) -> frozenset[str]:
    """The ids of the themes ``text`` speaks of (empty if none)."""
    result: set[str] = set()
    for _token, themes in _tagged_tokens(text):
        result |= themes
    return frozenset(result)


def _tagged_tokens(text: str) -> Iterator[tuple[str, frozenset[str]]]:
    """Each token of ``text`` with the themes it counts for, idioms taken out."""
    words = tokens(text)
    for index, token in enumerate(words):
        themes = _token_themes(token)
        idiomatic = {
            theme_id
            for theme_id in themes & _IDIOMS.keys()
            if any(_ends_idiom(words, index, idiom) for idiom in _IDIOMS[theme_id])
        }
        yield token, themes - idiomatic if idiomatic else themes


def _ends_idiom(words: list[str], index: int, idiom: tuple[re.Pattern[str], ...]) -> bool:
    first = index - len(idiom) + 1
    return first >= 0 and all(
        pattern.fullmatch(word)
        for pattern, word in zip(idiom, words[first : index + 1], strict=True)
    )


def tag_many(texts: Sequence[str]) -> list[frozenset[str]]:
    """:func:`tag_themes` for each text, in order."""
    return [tag_themes(text) for text in texts]


# --- Counting for the results page --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ThemeCount:
    """How many texts speak of one theme, and their share of all texts."""

    theme: str
    label: str
    count: int
    share: float


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    """Theme counts over many texts: most common first, themes nobody named left out."""

    texts: int
    untagged: int
    counts: tuple[ThemeCount, ...]

    def count(self, theme_id: str) -> int:
        """How many texts were tagged with ``theme_id`` (0 if none or unknown)."""
        return next((c.count for c in self.counts if c.theme == theme_id), 0)


def count_themes(texts: Iterable[str]) -> ThemeSummary:
    """Count, for each theme, the texts that speak of it.

    A text counts once per theme however often it names it, and may count under
    several themes, so the counts can sum to more than ``texts``. Empty or blank texts
    count towards ``texts`` and ``untagged``. Suppression of small counts is the
    caller's job, as for every published figure.
    """
    counter: Counter[str] = Counter()
    total = untagged = 0
    for text in texts:
        total += 1
        themes = tag_themes(text)
        counter.update(themes)
        untagged += not themes
    order = {theme_id: index for index, theme_id in enumerate(THEMES)}
    ranked = sorted(counter.items(), key=lambda item: (-item[1], order[item[0]]))
    return ThemeSummary(
        texts=total,
        untagged=untagged,
        counts=tuple(
            ThemeCount(
                theme=theme_id,
                label=THEMES[theme_id].label,
                count=count,
                share=count / total,
            )
            for theme_id, count in ranked
        ),
    )

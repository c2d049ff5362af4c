"""Theme tagging of residents' comments: Swedish inflections, compounds and near misses."""

import re

import pytest

from trygg.text import THEMES, count_themes, scrub, tag_many, tag_themes, theme_matches
from trygg.text.themes import tokens

# (comment, theme it must be tagged with). Inflected and compound forms on purpose.
TAGGED = [
    # lighting
    ("Det är mörkt vid gångtunneln", "lighting"),
    ("Mörkret gör att man inte ser något", "lighting"),
    ("Kolmörkt på cykelvägen efter klockan sex", "lighting"),
    ("Mörka partier längs stigen", "lighting"),
    ("Gatubelysningen är trasig sedan i våras", "lighting"),
    ("Dålig belysning på parkeringen", "lighting"),
    ("Dåligt belyst och oupplyst gångväg", "lighting"),
    ("Lamporna i tunneln är sönder", "lighting"),
    ("Gatlyktorna lyser inte", "lighting"),
    ("Byt gatlampan vid skolan", "lighting"),
    ("Mer ljus behövs i parken", "lighting"),
    ("Ljuset är släckt efter midnatt", "lighting"),
    # drugs
    ("Narkotikaförsäljning vid skolan", "drugs"),
    ("Knarkare i trappuppgången", "drugs"),
    ("Knarklangning öppet vid busshållplatsen", "drugs"),
    ("Det langas droger vid centrum", "drugs"),
    ("De langar hasch vid Åsa skola", "drugs"),
    ("Det luktar cannabis i parken", "drugs"),
    ("Drogpåverkade personer på perrongen", "drugs"),
    ("Drogerna är ett stort problem", "drugs"),
    ("Sprutor i buskarna", "drugs"),
    ("Langare säljer till barnen", "drugs"),
    # traffic
    ("Mopederna kör för fort på gång- och cykelvägen", "traffic"),
    ("Mopedåkare utan hjälm", "traffic"),
    ("EPA-traktorer kör i 30 km/h och kör om", "traffic"),
    ("A-traktorer spelar hög musik", "traffic"),
    ("Epor överallt på helgerna", "traffic"),
    ("Bilarna kör för fort förbi skolan", "traffic"),
    ("Bilisterna stannar inte vid övergångsstället", "traffic"),
    ("Övergångsstället saknar farthinder", "traffic"),
    ("Hög hastighet på Kungsgatan", "traffic"),
    ("Buskörning med motorcyklar på natten", "traffic"),
    ("Cyklister på trottoaren", "traffic"),
    ("Trafiken vid skolan är farlig", "traffic"),
    ("Felparkerade bilar blockerar", "traffic"),
    ("Ungdomar som rejsar med bilen", "traffic"),
    # young people
    ("Ungdomarna samlas vid affären", "young_people"),
    ("Unga killar som bråkar", "young_people"),
    ("Ungdomsgäng vid fritidsgården", "young_people"),
    ("Tonåringar röker på skolgården", "young_people"),
    ("Gänget som hänger vid torget", "young_people"),
    ("Gängkriminaliteten ökar", "young_people"),
    ("Högstadieelever stökar i bussen", "young_people"),
    ("Grupper av 15-åringar på kvällarna", "young_people"),
    ("Ungarna kastar sten", "young_people"),
    # littering
    ("Skräp överallt i parken", "littering"),
    ("Nedskräpningen vid stranden är värre än förr", "littering"),
    ("Skräpigt runt soptunnorna", "littering"),
    ("Fimpar och glasbitar på lekplatsen", "littering"),
    ("Hundbajs på gångvägen", "littering"),
    ("Soporna töms för sällan", "littering"),
    ("Papperskorgarna är överfulla", "littering"),
    # vandalism
    ("Klotter på tunnelns väggar", "vandalism"),
    ("Någon har klottrat på skolan", "vandalism"),
    ("Graffiti överallt", "vandalism"),
    ("Skadegörelse på busskuren", "vandalism"),
    ("Krossade rutor i busskuren", "vandalism"),
    ("Bänkarna har slagits sönder", "vandalism"),
    ("Vandaliserade lekredskap", "vandalism"),
    ("Bilbränder i området", "vandalism"),
    # alcohol
    ("Berusade personer på torget", "alcohol"),
    ("Fyllon som skriker på natten", "alcohol"),
    ("Alkoholpåverkade ungdomar", "alcohol"),
    ("Hemmafylla och sedan ut på stan", "alcohol"),
    ("Ölburkar och spritflaskor i parken", "alcohol"),
    ("Folk som dricker öl på lekplatsen", "alcohol"),
    # gathering
    ("Det hänger folk utanför affären", "gathering"),
    ("Stora grupper som samlas vid stationen", "gathering"),
    ("Folksamlingar vid kiosken", "gathering"),
    ("Ungdomar hängde där hela natten", "gathering"),
    # places
    ("Gångtunneln under järnvägen", "places"),
    ("Tunnlarna vid Hede", "places"),
    ("Badhusparken på kvällen", "places"),
    ("Resecentrum efter klockan tio", "places"),
    ("Busshållplatsen vid Hede station", "places"),
    ("Lekplatsen vid förskolan", "places"),
    ("Perrongen är otrygg", "places"),
    ("Parkeringshuset är läskigt", "places"),
    ("Skogsdungen bakom skolan", "places"),
    ("Torget i centrum", "places"),
    # police
    ("Mer polis på helgerna", "police"),
    ("Poliserna syns aldrig", "police"),
    ("Vi vill ha närpolisen tillbaka", "police"),
    ("Ordningsvakter vid resecentrum", "police"),
    ("Kameraövervakning i tunneln", "police"),
    ("Polisbilen åker förbi ibland", "police"),
    # adult presence
    ("Nattvandrare behövs", "adult_presence"),
    ("Fler vuxna ute på kvällarna", "adult_presence"),
    ("Fältassistenterna gör ett bra jobb", "adult_presence"),
    # vegetation
    ("Buskarna skymmer sikten", "vegetation"),
    ("Buskage längs gångvägen", "vegetation"),
    ("Sly längs stigen", "vegetation"),
    ("Ta bort slyet vid tunneln", "vegetation"),
    ("Växtligheten är för tät", "vegetation"),
    ("Igenvuxet vid bäcken", "vegetation"),
    ("Häckarna är för höga", "vegetation"),
    ("Träden behöver beskäras", "vegetation"),
    # disorder
    ("Bråk och stök på fredagar", "disorder"),
    ("Stökigt vid kiosken", "disorder"),
    ("Oljud och skrik hela natten", "disorder"),
    ("Smällare och fyrverkerier i trapphuset", "disorder"),
    # violence
    ("Min son blev rånad vid stationen", "violence"),
    ("Rånförsök mot yngre elever", "violence"),
    ("Mobilrån på väg hem", "violence"),
    ("Misshandel utanför puben", "violence"),
    ("Någon viftade med en kniv", "violence"),
    ("Skottlossning i området i fjol", "violence"),
    ("Jag blev hotad på bussen", "violence"),
    ("Hot och våld i centrum", "violence"),
    ("Slagsmål på torget", "violence"),
    # harassment
    ("Tjejer blir trakasserade", "harassment"),
    ("Sexuella trakasserier på bussen", "harassment"),
    ("Min dotter blev ofredad", "harassment"),
    ("Killar som tafsar", "harassment"),
    # theft
    ("Inbrott i förråden", "theft"),
    ("Cykelstölder vid stationen", "theft"),
    ("Min cykel blev stulen", "theft"),
    ("Tjuvar i området", "theft"),
    ("Bilinbrott varje helg", "theft"),
]


@pytest.mark.parametrize(("comment", "theme"), TAGGED)
def test_a_comment_is_tagged_with_its_theme(comment, theme):
    assert theme in tag_themes(comment)


def test_every_theme_has_tagged_examples():
    assert {theme for _, theme in TAGGED} == set(THEMES)


# (comment, theme it must NOT be tagged with): words that share letters with a keyword.
NOT_TAGGED = [
    ("Han drog iväg från platsen", "drugs"),
    ("Det drog ut på tiden", "drugs"),
    ("Vägen är inte tillgänglig för rullstol", "young_people"),
    ("Tillgängligheten är dålig", "young_people"),
    ("Han har en mörkhyad vän", "lighting"),
    ("Trafikljuset slår om för snabbt", "lighting"),
    ("Jag tappade mobilen", "traffic"),
    ("Bilden visar platsen", "traffic"),
    ("Stabil ekonomi", "traffic"),
    ("Fartyget lade till", "traffic"),
    ("Cykelstölder vid stationen", "traffic"),  # a theft, not traffic
    ("Polisbilen åker förbi ibland", "traffic"),
    ("Jag kom från skolan", "violence"),
    ("Ett hotell i centrum", "violence"),
    ("Strån av gräs", "violence"),
    ("Fylla i enkäten tog tid", "alcohol"),
    ("Kommunen ska uppfylla löftet", "alcohol"),
    ("Fulla soptunnor", "alcohol"),
    ("Parkera inte där", "places"),
    ("Parkeringen är full", "places"),
    ("Buskörning på nätterna", "vegetation"),
    ("Ungefär samma sak", "young_people"),
    ("Det är en bråkdel av kostnaden", "disorder"),
    ("Sopranen sjöng", "littering"),
    ("Bra jobb av kommunen", "police"),
]


@pytest.mark.parametrize(("comment", "theme"), NOT_TAGGED)
def test_a_word_that_only_looks_like_a_keyword_does_not_tag(comment, theme):
    assert theme not in tag_themes(comment)


@pytest.mark.parametrize(
    "comment",
    [
        "",
        "   ",
        "Jag känner mig trygg.",
        "Tack för enkäten!",
        "12345 678",
        "Bra jobb av kommunen",
    ],
)
def test_a_comment_about_none_of_the_themes_gets_no_tags(comment):
    assert tag_themes(comment) == frozenset()


def test_a_comment_can_speak_of_several_themes():
    comment = (
        "Det är mörkt i gångtunneln vid resecentrum och ungdomarna langar knark där; "
        "mopederna kör som galningar."
    )
    assert tag_themes(comment) == {"lighting", "places", "young_people", "drugs", "traffic"}


def test_case_punctuation_and_decomposed_letters_do_not_matter():
    decomposed = "MO\u0308RKT!!! vid Gångtunneln..."  # Ö written as O + combining diaeresis
    assert tag_themes(decomposed) == {"lighting", "places"}
    assert tag_themes("KNARK, knark; Knark.") == {"drugs"}


def test_placeholders_left_by_scrubbing_carry_no_theme():
    scrubbed = scrub(
        "Ring 070-123 45 67, mejla a@b.se, bilen ABC 123, grannen Kalle, 19850412-1234"
    ).text
    assert "[telefonnummer]" in scrubbed
    assert tag_themes(scrubbed) == {"traffic"}  # "bilen" is still there


def test_theme_matches_say_which_words_made_each_theme():
    matches = theme_matches("Mörkret i Badhusparken och mopederna")
    assert matches == {
        "lighting": ("mörkret",),
        "traffic": ("mopederna",),
        "places": ("badhusparken",),
    }
    assert list(matches) == [t for t in THEMES if t in matches]  # THEMES order


def test_tokens_are_lower_case_words_and_hyphenated_words_whole_and_in_parts():
    assert tokens("EPA-traktorer, 15-åringar och Åsa!") == [
        "epatraktorer",
        "epa",
        "traktorer",
        "åringar",
        "och",
        "åsa",
    ]


def test_tag_many_tags_each_text_in_order():
    texts = ["Mörkt i tunneln", "Tack!", "Mopeder"]
    assert tag_many(texts) == [frozenset({"lighting", "places"}), frozenset(), {"traffic"}]
    assert tag_many([]) == []


def test_count_themes_counts_texts_not_mentions_and_ranks_the_most_common_first():
    texts = [
        "Mörkt, mörkt, mörkt i tunneln",
        "Mörkret i parken",
        "Mopeder kör för fort",
        "Tack för enkäten",
        "",
    ]
    summary = count_themes(texts)
    assert summary.texts == 5
    assert summary.untagged == 2
    assert [(c.theme, c.count) for c in summary.counts] == [
        ("lighting", 2),
        ("places", 2),
        ("traffic", 1),
    ]
    lighting = summary.counts[0]
    assert lighting.label == THEMES["lighting"].label
    assert lighting.share == pytest.approx(2 / 5)
    assert summary.count("places") == 2
    assert summary.count("drugs") == 0
    assert summary.count("no-such-theme") == 0


def test_equal_counts_keep_the_order_of_the_theme_table():
    summary = count_themes(["Knark och mopeder", "Skräp"])
    assert [c.theme for c in summary.counts] == ["drugs", "traffic", "littering"]


def test_count_themes_of_nothing_is_empty():
    summary = count_themes([])
    assert (summary.texts, summary.untagged, summary.counts) == (0, 0, ())


def test_count_themes_takes_any_iterable():
    summary = count_themes(text for text in ["Knark", "Knark"])
    assert summary.count("drugs") == 2


# --- The table itself ---------------------------------------------------------------------


def test_theme_ids_are_snake_case_and_labels_are_set():
    for theme_id, theme in THEMES.items():
        assert theme.id == theme_id
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", theme_id)
        assert theme.label and theme.label[0].isupper()
        assert theme.keywords


def test_patterns_are_lower_case_single_words_with_stars_only_at_the_ends():
    for theme in THEMES.values():
        for pattern in (*theme.keywords, *theme.exclusions):
            assert pattern == pattern.lower(), pattern
            assert re.fullmatch(r"\*?[^\W\d_]+\*?", pattern), pattern


def test_the_issue_s_named_themes_exist():
    assert {"lighting", "drugs", "traffic", "young_people", "littering"} <= set(THEMES)


@pytest.mark.parametrize(
    "comment",
    [
        "efter mörkrets inbrott",
        "Efter mörkrets inbrott vågar jag inte gå hem genom parken",
        "Vid mörkrets inbrott tänds inga lampor",
        "innan skymningens inbrott",
        "Vinterns inbrott gör gångvägen mörk",
    ],
)
def test_the_fall_of_darkness_is_not_a_burglary(comment):
    assert "theft" not in tag_themes(comment)


def test_an_idiom_takes_out_only_its_own_word_for_its_own_theme():
    comment = "Efter mörkrets inbrott var det inbrott i förrådet"
    assert {"lighting", "theft"} <= tag_themes(comment)
    assert theme_matches(comment)["theft"] == ("inbrott",)
    assert theme_matches(comment)["lighting"] == ("mörkrets",)
    assert tag_themes("Inbrott i källaren igen") == {"theft"}
    assert tag_themes("Mörkrets") == {"lighting"}


def test_idioms_are_lower_case_word_patterns_of_at_least_two_words():
    idioms = [idiom for theme in THEMES.values() for idiom in theme.idioms]
    assert ("mörkrets", "inbrott") in idioms
    for idiom in idioms:
        assert len(idiom) >= 2
        assert all(re.fullmatch(r"\*?[^\W\d_]+\*?", word) for word in idiom), idiom


def test_address_and_profile_placeholders_carry_no_theme():
    scrubbed = scrub("Jag bor på Storgatan 12B lgh 1102, se facebook.com/anna.svensson").text
    assert scrubbed == "Jag bor på [adress], se [profil]"
    assert tag_themes(scrubbed) == frozenset()

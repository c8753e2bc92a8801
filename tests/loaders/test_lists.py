"""Bullet and numbered lists with their introductions."""

from __future__ import annotations

from cxkg.loaders.lists import bullet_lists
from cxkg.loaders.normalize import clean, normalize


def load(text: str, is_word):
    return text, bullet_lists(clean(text, is_word))


def reads_back(text, t, is_word) -> bool:
    return normalize(text[t.span.start:t.span.end], is_word).text.strip() == t.value


def test_morgan_four_types_over_blank_spaced_lines(is_word, stored_text):
    text, lists = load(stored_text("000_065cf485da171822"), is_word)
    (morgan,) = lists
    assert morgan.intro.value == "Dans le champ du marketing, ces capacités sont de quatre types (Morgan, 2012) :"
    items = [t.value for t in morgan.items]
    assert len(items) == 4
    assert items[0].startswith("Les capacités marketing spécialisées.") and items[0].endswith("efficacement avec ses clients).")
    assert items[1].startswith("les capacités marketing omni-fonctionnelles.")
    assert items[3].endswith("conserver un avantage concurrentiel.")
    assert "A notre connaissance" not in items[3]
    assert all(reads_back(text, t, is_word) for t in (morgan.intro, *morgan.items))
    assert morgan.span.start == morgan.intro.span.start and morgan.span.end == morgan.items[-1].span.end


def test_blog_post_lists(is_word, stored_text):
    text, lists = load(stored_text("003_646ce7bedf1c5126"), is_word)
    assert [len(bl.items) for bl in lists] == [2, 4, 2, 7]
    axes, dimensions, gaps, sources = lists
    assert axes.intro.value == "Tout d’abord, la mise en place d’un programme de CEM comporte deux axes :"
    assert [t.value for t in dimensions.items] == [
        "L’expérience voulue (par les dirigeants)", "l’expérience proposée (par l’organisation)",
        "l’expérience attendue (par les futurs clients)", "l’expérience vécue (par les consommateurs)"]
    assert dimensions.intro.value == "Ensuite, il faut comprendre que le CEM comporte quatre dimensions :"
    assert gaps.intro.value.endswith("une entreprise doit distinguer :")
    assert sources.intro.value == "Sources" and sources.items[0].value == "Body et Tallec (2015), L’expérience client, Eyrolles"
    assert all(reads_back(text, t, is_word) for bl in lists for t in (bl.intro, *bl.items))


def test_no_list_in_a_table_of_contents_or_plain_prose(is_word, stored_text):
    assert load(stored_text("002_7be3e768dc10d506"), is_word)[1] == []
    assert load(stored_text("001_db3e0ae5cb11ca84"), is_word)[1] == []


def test_a_new_document_with_numbered_and_dashed_lists():
    text = ("Le texte commence ici. Trois étapes\ncomptent :\n1. observer le client ;\n2. écouter\nses avis ;\n"
            "3. agir.\n\nSuite du texte.\n\nÀ retenir\n\n- (a) rien\n\n- (1) Premier point\n\ncontinué ici.\n\n"
            "- (2) Second point.\n\nUne phrase qui suit.\n")
    lists = bullet_lists(clean(text, lambda w: False))
    assert [(bl.intro and bl.intro.value, [t.value for t in bl.items]) for bl in lists] == [
        ("Trois étapes comptent :", ["observer le client ;", "écouter ses avis ;", "agir."]),
        ("À retenir", ["(a) rien", "Premier point continué ici.", "Second point."]),
    ]

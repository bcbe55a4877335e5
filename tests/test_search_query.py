"""Reading the search box: pure parsing, no database."""

from search.query import MAX_QUERY_LENGTH, MAX_TERMS, Query, parse_query


def test_plain_words_are_kept_in_order_without_repeats_or_edge_punctuation():
    assert parse_query("Amazon, entrepôt! amazon,").words == ("Amazon", "entrepôt", "amazon")
    assert parse_query("  l'État  ").words == ("l'État",)


def test_quoted_text_is_an_exact_phrase_and_one_quoted_word_a_word():
    query = parse_query('grève "droit de  retrait" "Amazon"')
    assert query.phrases == ("droit de retrait",)
    assert query.words == ("grève", "Amazon")


def test_an_unterminated_quote_runs_to_the_end():
    assert parse_query('salariés "fin de conflit').phrases == ("fin de conflit",)


def test_minus_excludes_a_word_or_a_phrase():
    query = parse_query('amazon -grève -"fin de conflit"')
    assert query.words == ("amazon",)
    assert query.excluded == ("grève", "fin de conflit")


def test_hash_restricts_to_a_tag_by_its_key_and_minus_hash_excludes_it():
    query = parse_query("#Santé #Règlement_(RGPD), -#GAFAM travail")
    assert query.tags == ("santé", "règlement__rgpd_")
    assert query.excluded_tags == ("gafam",)
    assert query.words == ("travail",)


def test_source_is_read_as_typed_and_lower_cased():
    """The search reads it as a publication's domain (tests/test_search.py: source:www.…)."""
    query = parse_query("source:www.LeMonde.fr source:https://www.liberation.fr/x amazon")
    assert query.sources == ("www.lemonde.fr", "https://www.liberation.fr/x")
    assert query.words == ("amazon",)


def test_punctuation_alone_and_empty_quotes_are_nothing():
    query = parse_query(' - -- "" # #! source: ... ')
    assert query == Query(words=("source",))
    assert parse_query("").is_empty
    assert parse_query(' - "" ').is_empty


def test_has_text_only_with_words_or_phrases():
    assert parse_query("amazon").has_text
    assert not parse_query("#amazon -grève source:lemonde.fr").has_text
    assert not parse_query("#amazon").is_empty


def test_long_queries_are_cut_and_say_so():
    query = parse_query("mot " * 200)
    assert query.truncated and query.words == ("mot",)
    many = parse_query(" ".join(f"w{n}" for n in range(MAX_TERMS + 5)))
    assert many.truncated and len(many.words) == MAX_TERMS
    assert not parse_query("a" * MAX_QUERY_LENGTH).truncated


def test_operator_characters_are_plain_text():
    query = parse_query('NEAR(a b) AND OR NOT * col:x ^start "a""b"')
    assert "NEAR(a" in query.words and "AND" in query.words
    assert all('"' not in word for word in query.words)


def test_str_writes_the_query_back():
    text = 'amazon "droit de retrait" -grève -"a b" #santé -#gafam source:lemonde.fr'
    assert str(parse_query(text)) == text
    assert parse_query(str(parse_query(text))) == parse_query(text)

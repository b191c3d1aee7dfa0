"""Layer A: the phrase lists, with negation, false friends and co-occurrence (pure Python)."""

import pytest

from cspr.domain.themes import CHARACTERISTIC_CODES, Lexicon
from cspr.learning.suggest import LEXICON_PATH


@pytest.fixture(scope="module")
def lexicon():
    return Lexicon.load(LEXICON_PATH)


def scores(lexicon, text):
    return {code: e.score for code, e in lexicon.match(text).labels.items() if e.score}


def test_every_characteristic_and_the_2020_themes_have_phrases(lexicon):
    codes = {label.code for label in lexicon.labels}
    assert set(CHARACTERISTIC_CODES) <= codes
    assert {"daily_life", "reluctant_engagement", "critical_thinking", "changing_risk", "information_sharing",
            "leadership_culture"} <= codes


def test_the_dna_of_our_practitioners_is_not_did_not_attend(lexicon):
    assert "reluctant_engagement" not in scores(lexicon, "Curiosity is part of the DNA of our practitioners.")
    assert "reluctant_engagement" in scores(lexicon, "The clinic recorded three DNAs for the baby's hip scan.")


def test_dna_is_case_sensitive(lexicon):
    assert "reluctant_engagement" not in scores(lexicon, "A dna sample was taken.")


@pytest.mark.parametrize(
    "sentence",
    [
        "There was no evidence of domestic abuse in the household.",
        "No concerns about domestic abuse were raised by any agency.",
        "Domestic abuse was ruled out after enquiries with the police.",
        "The mother denied any domestic abuse.",
    ],
)
def test_absence_is_not_a_hit(lexicon, sentence):
    assert "domestic_abuse" not in scores(lexicon, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Professionals did not recognise the domestic abuse.",
        "No one asked the mother about domestic abuse.",
        "No referral was made to MARAC after the third incident.",
        "There was no evidence of drug use, but domestic abuse was a feature throughout.",
    ],
)
def test_a_negative_elsewhere_in_the_sentence_does_not_cancel_the_hit(lexicon, sentence):
    assert "domestic_abuse" in scores(lexicon, sentence)


def test_home_education_during_lockdown_is_not_elective_home_education(lexicon):
    assert "home_education" not in scores(lexicon, "The children were educated at home during the first lockdown.")
    assert "home_education" in scores(lexicon, "The children were electively home educated from the age of seven.")


def test_capacity_counts_for_leadership_only_about_services(lexicon):
    assert "leadership_culture" not in scores(lexicon, "The father's caring capacity was not explored.")
    assert "leadership_culture" in scores(lexicon, "The team had no capacity to take new work for a month.")


def test_looked_after_a_sibling_is_not_a_looked_after_child(lexicon):
    assert "looked_after" not in scores(lexicon, "Aisha looked after her baby brother every evening.")
    assert "looked_after" in scores(lexicon, "Aisha was a looked after child living with foster carers.")


def test_a_custody_dispute_is_not_a_professional_dispute(lexicon):
    assert "professional_disputes" not in scores(lexicon, "The parents were in a custody dispute through the courts.")
    assert "professional_disputes" in scores(lexicon, "The school and the police disagreed and the dispute was never resolved.")


def test_drugs_in_exploitation_are_not_parental_substance_misuse(lexicon):
    found = scores(lexicon, "He was found carrying drugs for an older gang on a county line.")
    assert "criminal_exploitation" in found and "parental_substance_misuse" not in found


def test_hits_carry_their_sentence_and_span(lexicon):
    text = "Background. The baby was bed-sharing with both parents."
    match = lexicon.match(text)
    [hit] = [h for h in match.labels["sudi_unsafe_sleep"].hits]
    sentence = match.sentences[hit.sentence].text
    assert sentence[hit.start : hit.end] == "bed-sharing"


def test_a_lexicon_refuses_codes_outside_the_taxonomy():
    with pytest.raises(ValueError, match="not a practice theme code"):
        Lexicon.from_dict({"labels": {"made_up": {"kind": "theme", "name": "x", "phrases": [{"p": "x"}]}}})
    with pytest.raises(ValueError, match="unknown keys"):
        Lexicon.from_dict({"labels": {"neglect": {"kind": "characteristic", "name": "x", "phrases": [{"p": "x", "q": 1}]}}})


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("He checked her phone every evening and decided which friends she could see.", "domestic_abuse"),
        ("The toddler was caught between his parents during a fight.", "domestic_abuse"),
        ("An injunction prevented the father from coming near the house.", "domestic_abuse"),
        ("There was often nothing in the fridge, and the children lived mainly on crisps and biscuits.", "neglect"),
        ("The boy's uniform was stained with urine and he had severe tooth decay.", "neglect"),
        ("The baby was found after sleeping on a pillow on the settee beside her father.", "sudi_unsafe_sleep"),
        ("He had been given drugs to sell and owed money to older lads.", "criminal_exploitation"),
        ("The stepfather took photographs of the girls in the bath and shared them online.", "sexual_abuse"),
        ("The boy left a note saying that everyone would be better off without him.", "suicide_self_harm"),
        ("X-rays showed a fracture of the femur; the parents could offer no explanation.", "non_accidental_injury"),
        ("The girl was removed from primary school and not registered at any school.", "home_education"),
        ("The review heard from a young woman who grew up in care.", "looked_after"),
        ("The mother was admitted to a mother and baby unit with postnatal illness.", "parental_mental_ill_health"),
        ("The probation officer knew the mother was injecting again.", "parental_substance_misuse"),
    ],
)
def test_ordinary_wording_of_each_characteristic_is_found(lexicon, sentence, code):
    assert code in scores(lexicon, sentence)


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Both parents said they had never used drugs and rarely drank.", "parental_substance_misuse"),
        ("The men gave her gifts and alcohol.", "parental_substance_misuse"),
        ("The uncle had convictions for violence.", "domestic_abuse"),
        ("The mother had taken an overdose of her prescribed tablets.", "suicide_self_harm"),
        ("During the school closures the children were taught at home by their parents.", "home_education"),
        ("A relationship had fractured between the two agencies.", "non_accidental_injury"),
        ("The eighteen-month-old spent most of the day in a cot in a darkened room.", "sudi_unsafe_sleep"),
        ("The father had previous convictions for supplying drugs.", "criminal_exploitation"),
    ],
)
def test_near_misses_are_not_hits(lexicon, sentence, code):
    assert code not in scores(lexicon, sentence)


def test_going_missing_alone_is_too_weak_to_suggest_exploitation(lexicon):
    from cspr.domain.themes_model import LEXICON_CUTS

    alone = scores(lexicon, "The girl had been going missing.").get("criminal_exploitation", 0.0)
    assert 0 < alone < min(LEXICON_CUTS)
    assert scores(lexicon, "She was going missing and was found with drugs and cash.")["criminal_exploitation"] >= 2.0


def test_a_parent_overdose_is_mental_ill_health_and_a_childs_is_self_harm(lexicon):
    parent = "The mother had taken an overdose of her prescribed tablets."
    assert "parental_mental_ill_health" in scores(lexicon, parent)
    assert "suicide_self_harm" in scores(lexicon, "She took an overdose of her mother's tablets after an argument.")


def test_the_phrase_lists_carry_a_version(lexicon, tmp_path):
    import datetime
    import tomllib

    from cspr.domain.themes import Lexicon

    # The file's own version is the date of its last change, in ISO form.
    datetime.date.fromisoformat(tomllib.loads(LEXICON_PATH.read_text())["version"])
    # The version stored with every suggestion is the hash of the file: any edit changes it.
    assert len(lexicon.version) == 12
    edited = Lexicon.from_dict(tomllib.loads(LEXICON_PATH.read_text()), version="")
    assert edited.version == tomllib.loads(LEXICON_PATH.read_text())["version"]
    assert Lexicon.load(LEXICON_PATH).version == lexicon.version
    changed = tmp_path / "lexicon.toml"
    changed.write_text(LEXICON_PATH.read_text() + "\n# a reviewer's note\n")
    assert Lexicon.load(changed).version != lexicon.version


def test_what_is_not_a_parents_illness_or_misuse(lexicon):
    # The child's own anxiety, a trust's policy, a negative test and a parent's glass of wine are not the
    # parent's mental ill-health or substance misuse; a parent's illness in plain words is.
    for text, code in [
        ("The fifteen-year-old's anxiety had been increasing for a year before CAMHS saw her.", "parental_mental_ill_health"),
        ("The adult mental health trust's safeguarding policy had not been updated.", "parental_mental_ill_health"),
        ("Hair strand tests on both parents were negative for drugs.", "parental_substance_misuse"),
        ("The parents enjoyed a glass of wine with their evening meal.", "parental_substance_misuse"),
        ("The health visitor advised how much formula the baby should be drinking.", "parental_substance_misuse"),
        ("The hospital neglected to send the discharge summary to the GP.", "neglect"),
        ("The partnership's neglect strategy had not been refreshed.", "neglect"),
    ]:
        assert code not in scores(lexicon, text), text
    for text, code in [
        ("The mother told the health visitor she had thoughts of harming the baby.", "parental_mental_ill_health"),
        ("When the mother was unwell the house deteriorated quickly.", "parental_mental_ill_health"),
        ("The children arrived at school in winter without coats or socks.", "neglect"),
        ("The father controlled the family's benefits and gave the mother a weekly allowance.", "domestic_abuse"),
        ("The girl tied ligatures on four occasions in six weeks.", "suicide_self_harm"),
    ]:
        assert code in scores(lexicon, text), text

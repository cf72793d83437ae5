"""Tests for cardgen.checks (run_checks and its modules): the thank-you-note advice as findings.

Every check is tested both ways: flagged when the mistake is there, quiet when
it is not. SAMPLE_NOTES are three good notes (also the project's sample) that
must pass with no problems.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from typing import get_origin

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cardgen.checks import rules as checks
from cardgen.checks.rules import (
    SIMILARITY_THRESHOLD,
    Finding,
    exit_code,
    run_checks,
    similarity,
    summary,
    word_count,
)
from cardgen.checks.similarity import _fragments, _shingles
from cardgen.checks.text import norm_words
from cardgen.model import Address, Candidate, Company, Culture, Interview, Interviewer

# --------------------------------------------------------------------------- the sample

COMPANY = "Hartwell & Pryce LLP"
ROLE = "Associate Analyst"

# Three good notes, one per interviewer: thanks, one or two points only that person
# raised, an answer to a concern where there was one, renewed interest; 90–130 words.
SAMPLE_NOTES = {
    "Margaret Dvořák": (
        "Thank you for meeting with me to discuss the Associate Analyst role. I appreciated "
        "your candid account of how the firm rebuilt its restructuring practice after 2020, "
        "and your point that the best analysts learn to write a one-page memo before they "
        "learn to build a model. That idea has stayed with me.\n\n"
        "You asked whether my background in public-sector budgeting would carry over to "
        "client work. I believe it would: both demand clear forecasts for readers who are "
        "not finance specialists, and I would welcome the chance to prove it.\n\n"
        "I left our conversation even more interested in joining Hartwell & Pryce, and I "
        "look forward to hearing from you."
    ),
    "Tomás Okafor": (
        "Thank you for the time you spent with me and for walking me through the valuation "
        "model your team built for the Lancaster hospital merger. Seeing how you "
        "stress-tested the occupancy assumptions against three downside cases made the "
        "day-to-day work of the role concrete for me.\n\n"
        "I also enjoyed our exchange about Python versus Excel. Your view that a model is "
        "only as good as the reviewer who can follow it is one I share, and my habit of "
        "documenting every tab should suit your review process.\n\n"
        "I am excited about the prospect of contributing to that work as an Associate "
        "Analyst. Thank you again for such a thoughtful conversation."
    ),
    "Priya Raman": (
        "Thank you for speaking with me and for being so open about what the first year "
        "looks like for new analysts at the firm. Your description of the rotation between "
        "the audit-support and transaction teams, and of the Friday case reviews where "
        "associates present their work to partners, answered the question I had been most "
        "curious about.\n\n"
        "I was also glad to hear that the Philadelphia office sponsors the CFA program; I "
        "passed Level I in June and hope to continue. You mentioned that the team needs "
        "someone comfortable with tight deadlines during the spring filing season, and I "
        "would welcome that pace.\n\n"
        "I remain very keen on the position and hope to hear from you soon."
    ),
}
SAMPLE_PEOPLE = {  # name: (title, honorific, email)
    "Margaret Dvořák": ("Managing Partner", "Ms.", "m.dvorak@hartwellpryce.example"),
    "Tomás Okafor": ("Director, Valuation Advisory", "Mr.", "t.okafor@hartwellpryce.example"),
    "Priya Raman": ("Senior Associate", "Ms.", "p.raman@hartwellpryce.example"),
}

# --------------------------------------------------------------------------- factory

OFFICE = Address("400 Market Street, Suite 900", "Philadelphia", "US", "19106", "PA")
HOME = Address("12 Elm Street Apt 4", "Springfield", "US", "62701", "IL")
CANDIDATE = Candidate("Alex Rivera", "alex.rivera@example.com", "+1 217 555 0142", HOME)
INTERVIEW_DAY = dt.date(2025, 11, 20)  # a Thursday
INTERVIEW_AT = dt.time(14, 0)
BEFORE_DEADLINE = dt.datetime(2025, 11, 21, 9, 0)  # 5 h before Fri 21 Nov 14:00


def culture(mails_card: bool = True) -> Culture:
    """A conservative profile (cards mailed) or a modern one (email only).

    Fields the checks never read get a neutral value by type, so a new field on
    Culture does not break these tests.
    """
    values: dict[str, object] = {
        "name": "conservative" if mails_card else "modern",
        "description": "test profile",
        "mails_card": mails_card,
        "salutation": "Dear {honorific} {surname},",
        "salutation_fallback": "Dear {first} {surname},",
        "closing": "Sincerely,",
        "mail_after_days": 1,
    }
    neutral = {str: "", bool: False, int: 0, float: 0.0}
    for f in msgspec.structs.fields(Culture):
        if f.name not in values and f.required:
            values[f.name] = () if get_origin(f.type) is tuple else neutral.get(f.type)
    return Culture(**values)  # type: ignore[arg-type]


def person(name: str, note: str = "", **kw: object) -> Interviewer:
    """An interviewer; the note defaults to the sample note for sample names."""
    return Interviewer(name=name, note=note or SAMPLE_NOTES[name], **kw)  # type: ignore[arg-type]


def interview(
    *people: Interviewer,
    candidate: Candidate = CANDIDATE,
    company: Company | None = None,
    date: dt.date | None = INTERVIEW_DAY,
    time: dt.time | None = INTERVIEW_AT,
) -> Interview:
    """An interview file with the sample company and candidate unless told otherwise."""
    return Interview(
        candidate=candidate,
        company=company or Company(COMPANY, "conservative", OFFICE),
        interviewers=tuple(people),
        role=ROLE,
        date=date,
        time=time,
    )


def sample_interview() -> Interview:
    people = [
        person(name, title=title, honorific=hon, email=mail)
        for name, (title, hon, mail) in SAMPLE_PEOPLE.items()
    ]
    return interview(*people)


def check(iv: Interview, *, mails: bool = True, **kw: object) -> list[Finding]:
    kw.setdefault("now", BEFORE_DEADLINE)
    return run_checks(iv, culture(mails), **kw)  # type: ignore[arg-type]


def codes(findings: list[Finding], severity: str | None = None) -> list[str]:
    return [f.code for f in findings if severity is None or f.severity == severity]


def only(findings: list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


# A good note to a non-sample interviewer, for tests that need one clean note.
GOOD = (
    "Thank you for meeting with me about the Associate Analyst role. You mentioned that "
    "the team is moving its client reports from Excel to Power BI next spring, and I "
    "would enjoy helping with that: I built the dashboards for our county budget office "
    "last year. I am excited about the position and look forward to hearing from you."
)


# --------------------------------------------------------------------------- sample


def test_sample_notes_are_90_to_130_words() -> None:
    for name, note in SAMPLE_NOTES.items():
        assert 90 <= word_count(note) <= 130, name


def test_sample_has_no_problems_and_only_the_deadline_reminder() -> None:
    findings = check(sample_interview())
    assert codes(findings, "problem") == []
    assert codes(findings) == ["deadline"]
    assert exit_code(findings) == 0


def test_sample_notes_are_far_apart() -> None:
    notes = list(SAMPLE_NOTES.values())
    scores = [similarity(a, b) for i, a in enumerate(notes) for b in notes[i + 1 :]]
    assert max(scores) < 0.1  # measured 0.00–0.02


def test_sample_passes_in_an_email_only_culture_too() -> None:
    findings = check(sample_interview(), mails=False)
    assert codes(findings) == ["deadline"]


# --------------------------------------------------------------------------- similar-notes

MARGARET = SAMPLE_NOTES["Margaret Dvořák"]
TOMAS = SAMPLE_NOTES["Tomás Okafor"]
# The Margaret note with its sentences reordered and five words changed.
MARGARET_REWORKED = (
    "You asked whether my background in public-sector budgeting would carry over to "
    "client work. I left our talk even more interested in joining Hartwell & Pryce, and I "
    "look forward to hearing from you. I believe it would: both require clear forecasts "
    "for readers who are not finance experts, and I would welcome the chance to show it. "
    "Thank you for meeting with me to discuss the Associate Analyst role. That idea has "
    "stayed with me. I appreciated your candid account of how the firm rebuilt its "
    "restructuring practice after 2020, and your point that the best analysts learn to "
    "write a one-page memo before they learn to build a model."
)

# Different, personal notes by one candidate that share the opening, the closing and
# the sentence pattern ("I enjoyed learning about ...") — what a careful candidate writes.
SHARED_BOILERPLATE = [
    "Thank you for taking the time to meet with me yesterday to discuss the Marketing "
    "Coordinator position. I enjoyed hearing how your team moved the spring catalogue "
    "launch online in only six weeks, and I was impressed that you kept the print "
    "subscribers by mailing them a postcard with a QR code. My experience running the "
    "newsletter at Brightline would help with exactly that kind of campaign. I am very "
    "interested in the role and would be glad to join the team. I look forward to hearing "
    "from you.",
    "Thank you for taking the time to meet with me yesterday to discuss the Marketing "
    "Coordinator position. Your question about how I would measure a trade-show booth "
    "stayed with me; on reflection I would track scanned badges against follow-up meetings "
    "booked within a month, not just foot traffic. I also appreciated your frankness about "
    "the small budget, which I see as a reason to be creative rather than a limit. I am "
    "very interested in the role and would be glad to join the team. I look forward to "
    "hearing from you.",
    "Thank you for taking the time to meet with me yesterday to discuss the Marketing "
    "Coordinator position. It was a pleasure to hear about the partnership with the county "
    "library and the reading challenge you are planning for the summer. You mentioned "
    "concern that I have not managed a social media budget before; at Brightline I managed "
    "a small paid budget for event posts and learned quickly what worked. I am very "
    "interested in the role and would be glad to join the team. I look forward to hearing "
    "from you.",
]
PARALLEL = [
    "Thank you for meeting with me on Tuesday to discuss the Data Analyst role. I enjoyed "
    "learning about the churn dashboard your team is rebuilding and the move from monthly "
    "to weekly reporting. Your point that analysts should sit with the sales team for their "
    "first month stuck with me. I am excited about the opportunity to contribute, and I "
    "look forward to hearing from you.",
    "Thank you for meeting with me on Tuesday to discuss the Data Analyst role. I enjoyed "
    "learning about the pricing experiments your group ran last quarter and how you set up "
    "the holdout regions. Your question about how I would explain a confidence interval to "
    "a store manager was a good one, and I have thought more about it since. I am excited "
    "about the opportunity to contribute, and I look forward to hearing from you.",
]


def test_reordered_and_edited_copy_is_flagged() -> None:
    iv = interview(person("Margaret Dvořák"), person("Tomás Okafor", MARGARET_REWORKED))
    [finding] = only(check(iv), "similar-notes")
    assert finding.severity == "problem"
    assert finding.interviewer == "Tomás Okafor"
    assert "Margaret Dvořák" in finding.message and "Tomás Okafor" in finding.message
    pct = int(re.search(r"(\d+)%", finding.message).group(1))  # type: ignore[union-attr]
    assert pct >= SIMILARITY_THRESHOLD * 100
    assert finding.suggestion


def test_reordered_sentences_alone_score_100() -> None:
    sentences = re.split(r"(?<=\.)\s+", MARGARET)
    assert similarity(MARGARET, " ".join(reversed(sentences))) == 1.0


def test_reworked_copy_scores_well_above_threshold() -> None:
    assert similarity(MARGARET, MARGARET_REWORKED) >= 0.6  # measured 0.87


def test_copy_with_only_the_name_swapped_is_flagged() -> None:
    a = "Thank you, Priya, for the tour. " + GOOD
    b = "Thank you, Tomás, for the tour. " + GOOD
    iv = interview(person("Priya Raman", a), person("Tomás Okafor", b))
    assert codes(check(iv)).count("similar-notes") == 1


@pytest.mark.parametrize("pair", [(0, 1), (0, 2), (1, 2)])
def test_different_notes_sharing_boilerplate_are_not_flagged(pair: tuple[int, int]) -> None:
    a, b = (SHARED_BOILERPLATE[i] for i in pair)
    assert similarity(a, b) < 0.2  # measured 0.11–0.12
    iv = interview(person("Priya Raman", a), person("Tomás Okafor", b))
    assert "similar-notes" not in codes(check(iv))


def test_different_notes_with_parallel_sentences_are_not_flagged() -> None:
    assert similarity(*PARALLEL) < 0.2  # measured 0.12
    iv = interview(person("Priya Raman", PARALLEL[0]), person("Tomás Okafor", PARALLEL[1]))
    assert "similar-notes" not in codes(check(iv))


def test_stock_phrases_are_what_keeps_boilerplate_pairs_apart() -> None:
    """Without cutting stock phrases, the parallel pair looks half-copied (0.50)."""
    a, b = (_shingles(_fragments(t, frozenset(), False)) for t in PARALLEL)
    raw_containment = len(a & b) / min(len(a), len(b))
    assert raw_containment >= SIMILARITY_THRESHOLD
    assert similarity(*PARALLEL) < SIMILARITY_THRESHOLD


def test_two_identical_generic_notes_are_flagged() -> None:
    generic = "Thank you for your time today. I look forward to hearing from you."
    iv = interview(person("Priya Raman", generic), person("Tomás Okafor", generic))
    assert "similar-notes" in codes(check(iv))


def test_a_short_generic_note_is_not_called_a_copy_of_a_long_one() -> None:
    generic = "Thank you for meeting with me. I look forward to hearing from you."
    iv = interview(person("Priya Raman", generic), person("Tomás Okafor", GOOD))
    assert "similar-notes" not in codes(check(iv))


def test_cards_are_compared_only_when_mailed() -> None:
    a = person("Priya Raman", MARGARET, email_note=SAMPLE_NOTES["Priya Raman"])
    b = person("Tomás Okafor", MARGARET_REWORKED, email_note=SAMPLE_NOTES["Tomás Okafor"])
    assert "similar-notes" in codes(check(interview(a, b), mails=True))
    assert "similar-notes" not in codes(check(interview(a, b), mails=False))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_similarity_is_bounded_and_symmetric(a: str, b: str) -> None:
    s = similarity(a, b)
    assert 0.0 <= s <= 1.0
    assert s == similarity(b, a)
    if norm_words(a):
        assert similarity(a, a) == 1.0


# --------------------------------------------------------------------------- wrong-name


def two(note_to_priya: str, *others: Interviewer) -> Interview:
    return interview(person("Tomás Okafor"), person("Priya Raman", note_to_priya), *others)


@pytest.mark.parametrize(
    "pasted",
    [
        "Thank you, Tomás, for meeting with me.",
        "Thank you, Tomas, for meeting with me.",  # accent dropped: still his name
        "Dear Mr. Okafor,\n\nThank you for meeting with me.",
        "Tomás Okafor,\nThank you for meeting with me.",
        "Tomás, thank you for meeting with me.",
        "It was a pleasure to meet you, Tomás.",
    ],
)
def test_another_interviewers_name_addressed_is_a_problem(pasted: str) -> None:
    findings = only(check(two(pasted + " " + GOOD)), "wrong-name")
    assert [(f.severity, f.interviewer) for f in findings] == [("problem", "Priya Raman")]
    assert "Tomás Okafor" in findings[0].message


@pytest.mark.parametrize(
    ("other", "pasted"),
    [
        ("Łukasz Nowak", "Dear Lukasz,"),
        ("Thu Nguyễn", "Dear Ms. Nguyen,"),
        ("Margaret Dvořák", "Dear Ms. DVORAK,"),
    ],
)
def test_wrong_name_ignores_accents_and_case(other: str, pasted: str) -> None:
    iv = interview(person(other, TOMAS), person("Priya Raman", pasted + "\n\n" + GOOD))
    [finding] = only(check(iv), "wrong-name")
    assert finding.interviewer == "Priya Raman" and other in finding.message


def test_a_colleague_mentioned_in_passing_is_advice_not_a_problem() -> None:
    note = GOOD + " I also enjoyed hearing from Tomás about the Lancaster merger."
    findings = check(two(note))
    assert "wrong-name" not in codes(findings)
    [finding] = only(findings, "other-name")
    assert finding.severity == "advice" and "Tomás" in finding.message


def paul(note: str) -> Interview:
    """A note to Paul Avery, with Priya Raman as the other interviewer."""
    return interview(person("Paul Avery", note), person("Priya Raman"))


@pytest.mark.parametrize(
    "sentence",
    [
        "I look forward to working with the team, Priya.",  # at the end, after a comma
        "Everything about the day made me want the role, Priya!",
        "I hope, Priya, that we speak again soon.",  # set off by commas mid-sentence
        "Again, Priya, thank you for your time.",
        "Priya, thank you for your time.",  # at the start of a sentence
        "Dear Priya,",  # after a greeting word
        "Hi Priya, it was great to meet you.",
    ],
)
def test_another_interviewers_first_name_addressing_the_reader_is_a_problem(
    sentence: str,
) -> None:
    findings = only(check(paul(GOOD + "\n\n" + sentence)), "wrong-name")
    assert [(f.severity, f.interviewer) for f in findings] == [("problem", "Paul Avery")]
    assert "Priya" in findings[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "Priya showed me the office, and it felt like home.",
        "I am grateful to Priya for the tour.",
        "Thanks to Priya's tour, I could picture the work.",
        "I also met Tomás, Priya, and Margaret.",  # a list of names is not an address
        "I met the whole panel: Margaret, Tomás, Priya.",
        "My thanks go to you and to Priya, who organised the day.",
    ],
)
def test_another_interviewers_first_name_in_the_third_person_is_not_a_wrong_name(
    sentence: str,
) -> None:
    findings = check(paul(GOOD + " " + sentence))
    assert "wrong-name" not in codes(findings)
    assert "other-name" in codes(findings)  # named in passing: advice only


@pytest.mark.parametrize(
    "sentence",
    [
        "Thank you again for your time, Alex.",
        "Alex, thank you for the tour.",
        "Dear Alex,",
        "I hope, Alex, that we speak again soon.",
    ],
)
def test_the_candidates_own_first_name_addressing_the_reader_is_a_problem(
    sentence: str,
) -> None:
    findings = only(check(paul(GOOD + "\n\n" + sentence)), "wrong-name")
    assert [(f.severity, f.interviewer) for f in findings] == [("problem", "Paul Avery")]
    assert "Alex" in findings[0].message and "your own name" in findings[0].message


@pytest.mark.parametrize(
    "ending",
    [
        "\n\nBest,\nAlex",  # a signature left in the note
        "\n\nAlex Rivera",
        " Alex Rivera is my full name for the badge.",  # the third person
    ],
)
def test_the_candidates_signature_or_own_name_in_passing_is_not_a_wrong_name(
    ending: str,
) -> None:
    assert "wrong-name" not in codes(check(paul(GOOD + ending)))


def test_a_reader_who_shares_the_candidates_first_name_may_be_addressed_with_it() -> None:
    iv = interview(person("Alex Chen", GOOD + " Thank you again, Alex."), person("Priya Raman"))
    assert "wrong-name" not in codes(check(iv))


def test_own_name_is_not_a_wrong_name() -> None:
    note = "Thank you, Priya, for meeting with me. " + GOOD
    assert not {"wrong-name", "other-name"} & set(codes(check(two(note))))


def test_name_that_is_a_common_word_does_not_fire_on_ordinary_use() -> None:
    note = (
        "Will the team keep its Friday reviews? I will bring the same care to the role, "
        "and I hope to grant you a quick answer. " + GOOD
    )
    iv = interview(person("Will Grant", GOOD + " Thanks again."), person("Priya Raman", note))
    assert not {"wrong-name", "other-name"} & set(codes(check(iv)))


def test_name_that_is_a_common_word_fires_when_it_addresses_someone() -> None:
    note = "Thank you, Will, for the tour. " + SAMPLE_NOTES["Priya Raman"]
    iv = interview(person("Will Grant", TOMAS), person("Priya Raman", note))
    assert codes(check(iv), "problem") == ["wrong-name"]


def test_shared_surname_is_not_a_wrong_name() -> None:
    note = "Thank you, Ms. Raman, for meeting with me. " + GOOD
    iv = interview(person("Priya Raman", note), person("Arjun Raman", GOOD + " Thanks again."))
    assert not {"wrong-name", "other-name"} & set(codes(check(iv)))


@pytest.mark.parametrize(
    "sentence",
    [
        "I would be proud to join Brightline Partners LLC.",
        "I am excited about the chance to contribute to Meridian Advisory Group, Inc.",
        "Everyone at Kessler GmbH was welcoming.",
    ],
)
def test_another_company_is_a_problem(sentence: str) -> None:
    findings = only(check(two(GOOD + " " + sentence)), "wrong-name")
    assert [f.severity for f in findings] == ["problem"]
    assert COMPANY in findings[0].message


@pytest.mark.parametrize(
    "sentence",
    [
        "I would be proud to join Hartwell & Pryce LLP.",
        "Joining Hartwell and Pryce LLP would be a privilege.",
        "The team at Pryce LLP was welcoming.",
        "I spent four years at Deloitte LLP before business school.",
        "My previous employer, Brightline Partners LLC, ran similar audits.",
        "I would be glad to join Brightline Partners.",  # no suffix: not reported
    ],
)
def test_own_company_or_past_employer_is_quiet(sentence: str) -> None:
    assert "wrong-name" not in codes(check(two(GOOD + " " + sentence)))


# --------------------------------------------------------------------------- misspelt-name


@pytest.mark.parametrize(
    ("name", "written", "meant"),
    [
        ("Margaret Dvořák", "Dear Ms. Dvorak,", "Dvořák"),
        ("Margaret Dvořák", "Thank you, Margret, for your time.", "Margaret"),
        ("Łukasz Nowak", "Thank you, Lukasz, for your time.", "Łukasz"),
        ("Thu Nguyễn", "Dear Ms. Nguyen,", "Nguyễn"),
        ("Thu Nguyễn", "Dear Ms. Nyugen,", "Nguyễn"),
        ("Tomás Okafor", "Thank you, Thomas, for your time.", "Tomás"),
        ("Tomás Okafor", "Dear Mr. Okafur,", "Okafor"),
        ("Priya Raman", "Thank you, Pria, for your time.", "Priya"),
        ("Dana Kim", "Dear Ms. Dnaa Kim,", "Dana"),
    ],
)
def test_misspelt_own_name_is_a_problem(name: str, written: str, meant: str) -> None:
    iv = interview(person(name, written + "\n\n" + GOOD))
    [finding] = only(check(iv), "misspelt-name")
    assert finding.severity == "problem" and finding.interviewer == name
    assert f"'{meant}'" in finding.message


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Margaret Dvořák", "Dear Ms. Dvořák,"),
        ("Margaret Dvořák", "Dear MS. DVOŘÁK,"),  # capitals only: not a misspelling
        ("Łukasz Nowak", "Thank you, Łukasz, for your time."),
        ("Thu Nguyễn", "Dear Ms. Nguyễn,"),
        ("Mark Hall", "Make no mistake: Many thanks, Mark."),  # near words, not the name
        ("Margaret Dvořák", "Margin calls came up, and so did Marketing."),
        ("Dana Kim", "Data quality came up often; the Data Analyst role suits me."),
        ("Chris Powell", "You mentioned the move to Power BI."),
        ("Fred Fryday", "The Friday reviews sound useful."),
    ],
)
def test_correct_name_and_near_words_are_quiet(name: str, written: str) -> None:
    iv = interview(person(name, written + "\n\n" + GOOD))
    assert "misspelt-name" not in codes(check(iv))


def test_wrong_honorific_is_a_problem() -> None:
    iv = interview(person("Margaret Dvořák", "Dear Mr. Dvořák,\n\n" + GOOD, honorific="Ms."))
    [finding] = only(check(iv), "misspelt-name")
    assert "Mr. Dvořák" in finding.message and "Ms. Dvořák" in finding.suggestion


def test_dr_for_a_professor_is_quiet() -> None:
    iv = interview(person("Anna Berg", "Dear Dr. Berg,\n\n" + GOOD, honorific="Prof."))
    assert "misspelt-name" not in codes(check(iv))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Mr", "Mr.", "Mrs", "Dr.", "Prof", "Professor", "Berg", "berg", "Bergs"])
        | st.sampled_from([" ", "  ", "\t", ", ", ".", "", "\n", "-", "'s"]),
        max_size=12,
    ),
    st.sampled_from(["Berg", "berg", "O'Berg", "van Berg", " Berg", ""]),
)
def test_honorifics_before_a_surname_are_found_as_one_pattern_finds_them(
    parts: list[str], surname: str
) -> None:
    from cardgen.checks.names import _honorifics_before
    from cardgen.checks.text import HONORIFIC_RE

    text = "".join(parts)
    pattern = r"\b(" + HONORIFIC_RE + r")[ \t]+" + re.escape(surname) + r"(?![\w])"
    want = [(m.start(), m.group(1)) for m in re.finditer(pattern, text, re.IGNORECASE)]
    assert [(m.start(), m.group(1)) for m in _honorifics_before(text, surname)] == want


def test_another_interviewers_name_is_not_a_misspelling_of_this_one() -> None:
    iv = interview(
        person("Anil Rahman", "Dear Mr. Rahman,\n\n" + GOOD),
        person("Dev Raman", "Dear Mr. Raman,\n\n" + GOOD + " Thanks again for the tour."),
    )
    assert "misspelt-name" not in codes(check(iv))


# --------------------------------------------------------------------------- card, contact


def fit_too_long(number: int) -> str | None:
    if number == 2:  # Tomás Okafor
        return "the note is 40 words too long for a2-flat at 11 pt; cut 40 words or use a7-flat"
    return None


def test_card_too_long_is_a_problem_with_the_fit_message() -> None:
    findings = check(sample_interview(), fit=fit_too_long)
    [finding] = only(findings, "card-too-long")
    assert finding.severity == "problem" and finding.interviewer == "Tomás Okafor"
    assert "40 words too long for a2-flat at 11 pt" in finding.message
    assert finding.suggestion == "Cut 40 words or use a7-flat."


def test_card_too_long_is_skipped_without_fit_or_without_a_card() -> None:
    assert "card-too-long" not in codes(check(sample_interview()))
    assert "card-too-long" not in codes(check(sample_interview(), mails=False, fit=fit_too_long))
    assert "card-too-long" not in codes(check(sample_interview(), fit=lambda who: None))


def test_small_writing_is_advice_naming_the_size_and_the_words_to_cut() -> None:
    sizes = {2: checks.CardSize(12.5, 14.0, 23)}
    findings = check(sample_interview(), size=sizes.get)
    [tip] = only(findings, "small-writing")
    assert (tip.severity, tip.interviewer) == ("advice", "Tomás Okafor")
    assert "written at 12.5 pt" in tip.message and "14 pt or more" in tip.message
    assert "Cut about 23 words" in tip.suggestion
    assert exit_code(findings) == 0


def test_small_writing_is_quiet_at_the_readable_size_or_without_a_card() -> None:
    sizes = {2: checks.CardSize(14.0, 14.0, 0)}
    assert "small-writing" not in codes(check(sample_interview(), size=sizes.get))
    small = {2: checks.CardSize(12.5, 14.0, 23)}
    assert "small-writing" not in codes(check(sample_interview(), mails=False, size=small.get))


def test_mails_card_overrides_the_culture() -> None:
    iv = sample_interview()
    findings = run_checks(
        iv, culture(False), now=BEFORE_DEADLINE, fit=fit_too_long, mails_card=True
    )
    assert "card-too-long" in codes(findings)


@pytest.mark.parametrize(
    ("changes", "code"),
    [({"phone": ""}, "no-phone"), ({"email": ""}, "no-email"), ({"email": "alex"}, "no-email")],
)
def test_signature_needs_phone_and_email(changes: dict[str, str], code: str) -> None:
    cand = msgspec.structs.replace(CANDIDATE, **changes)
    findings = check(interview(person("Priya Raman"), candidate=cand))
    [finding] = only(findings, code)
    assert finding.severity == "problem" and finding.interviewer is None
    assert code not in codes(check(interview(person("Priya Raman"))))


def test_no_address_when_card_is_mailed() -> None:
    homeless = interview(person("Priya Raman"), company=Company(COMPANY))
    [finding] = only(check(homeless), "no-address")
    assert finding.severity == "problem" and finding.interviewer == "Priya Raman"
    assert "no-address" not in codes(check(homeless, mails=False))
    own = interview(person("Priya Raman", address=OFFICE), company=Company(COMPANY))
    assert "no-address" not in codes(check(own))
    assert "no-address" not in codes(check(sample_interview()))


# --------------------------------------------------------------------------- advice


def test_long_email_says_how_many_words() -> None:
    long_note = GOOD + " " + " ".join(["The spring filing season sounds demanding."] * 30)
    [finding] = only(check(interview(person("Priya Raman", long_note))), "long-email")
    assert finding.severity == "advice"
    assert f"{word_count(long_note)} words" in finding.message
    assert "150" in finding.suggestion


def test_long_card_note_is_left_to_the_fit_check() -> None:
    long_note = GOOD + " " + " ".join(["The spring filing season sounds demanding."] * 30)
    who = person("Priya Raman", long_note, email_note=SAMPLE_NOTES["Priya Raman"])
    assert "long-email" not in codes(check(interview(who)))


def test_short_note() -> None:
    short = "Thank you for the tour of the Lancaster office. I am keen on the role."
    [finding] = only(check(interview(person("Priya Raman", short))), "short-note")
    assert finding.severity == "advice" and "only 15 words" in finding.message
    assert "short-note" not in codes(check(interview(person("Priya Raman", GOOD))))


def test_no_thanks() -> None:
    cold = GOOD.replace("Thank you for meeting with me about", "I met you about")
    assert "no-thanks" in codes(check(interview(person("Priya Raman", cold))))
    assert "no-thanks" not in codes(check(interview(person("Priya Raman", GOOD))))


def test_no_interest() -> None:
    flat = GOOD.replace(
        " I am excited about the position and look forward to hearing from you.", ""
    )
    assert "no-interest" in codes(check(interview(person("Priya Raman", flat))))
    assert "no-interest" not in codes(check(interview(person("Priya Raman", GOOD))))


def test_no_detail_on_a_generic_note() -> None:
    generic = (
        "Thank you for taking the time to meet with me today. I enjoyed our time together "
        "and I believe that my skills and experience make me a strong fit for this role. "
        "I am very interested in the position and would be glad to join the team at "
        "Hartwell & Pryce. Please let me know if I can provide anything else, and I look "
        "forward to hearing from you soon."
    )
    [finding] = only(check(interview(person("Priya Raman", generic))), "no-detail")
    assert finding.severity == "advice" and finding.suggestion


@pytest.mark.parametrize(
    "detail",
    [
        "You mentioned the audit backlog.",
        "The 30-day onboarding plan sounds well thought out.",
        "The move to Snowflake sounds like a good fit for my skills.",
    ],
)
def test_any_specific_detail_silences_no_detail(detail: str) -> None:
    note = "Thank you for meeting with me. " + detail + " I am keen on the role."
    assert "no-detail" not in codes(check(interview(person("Priya Raman", note))))


def test_card_note_is_checked_separately_when_it_differs() -> None:
    who = person("Priya Raman", "With best wishes.", email_note=GOOD)
    findings = check(interview(who))
    assert all("card note" in f.message for f in findings if f.interviewer)
    assert {"short-note", "no-thanks"} <= set(codes(findings))
    # Without a card, only the email is sent and checked.
    assert [c for c in codes(check(interview(who), mails=False)) if c != "deadline"] == []


# --------------------------------------------------------------------------- deadline


def deadline(iv: Interview, now: dt.datetime) -> Finding:
    [finding] = only(check(iv, now=now), "deadline")
    assert finding.severity == "advice" and finding.interviewer is None
    return finding


def test_deadline_with_time_left() -> None:
    finding = deadline(sample_interview(), BEFORE_DEADLINE)
    assert finding.message == "Send the emails by Fri 21 Nov 14:00 — 5 h left."


def test_deadline_minutes_and_days_left() -> None:
    assert "40 min left" in deadline(sample_interview(), dt.datetime(2025, 11, 21, 13, 20)).message
    early = deadline(sample_interview(), dt.datetime(2025, 11, 18, 9, 0)).message
    assert "3 days left" in early


def test_deadline_overdue() -> None:
    finding = deadline(sample_interview(), dt.datetime(2025, 11, 21, 17, 30))
    assert finding.message == "The emails are overdue by 3 h (due Fri 21 Nov 14:00)."
    assert finding.suggestion == "Send them today: a late thank-you still beats none."


def test_deadline_without_time_assumes_17_00() -> None:
    iv = interview(person("Priya Raman"), time=None)
    finding = deadline(iv, dt.datetime(2025, 11, 21, 9, 0))
    assert "Fri 21 Nov 17:00 — 8 h left" in finding.message
    assert "assumes 17:00" in finding.message


def test_deadline_shows_the_year_when_it_differs() -> None:
    iv = interview(person("Priya Raman"), date=dt.date(2025, 12, 31))
    assert "Thu 1 Jan 2026 14:00" in deadline(iv, dt.datetime(2025, 12, 31, 15, 0)).message


def test_deadline_accepts_an_aware_now_as_wall_clock_time() -> None:
    now = BEFORE_DEADLINE.replace(tzinfo=dt.UTC)
    assert "5 h left" in deadline(sample_interview(), now).message


def test_no_date_no_deadline() -> None:
    iv = interview(person("Priya Raman"), date=None)
    assert "deadline" not in codes(check(iv))


# --------------------------------------------------------------------------- order, summary


def test_problems_first_whole_file_first_then_file_order() -> None:
    cand = Candidate("Alex Rivera", "alex.rivera@example.com", "")  # no phone
    iv = interview(
        person("Margaret Dvořák", "Dear Ms. Dvorak, thank you. I am keen on the role."),
        person("Tomás Okafor", GOOD),
        person("Priya Raman", "Thank you, Tomás, for your time. " + GOOD),
        candidate=cand,
    )
    findings = check(iv)
    sev = [f.severity for f in findings]
    assert sev == sorted(sev, key=lambda s: s != "problem")  # problems, then advice
    problems = [(f.code, f.interviewer) for f in findings if f.severity == "problem"]
    assert problems[0] == ("no-phone", None)
    order = {"Margaret Dvořák": 0, "Tomás Okafor": 1, "Priya Raman": 2, None: -1}
    for group in ("problem", "advice"):
        idx = [order[f.interviewer] for f in findings if f.severity == group]
        assert idx == sorted(idx)
    assert ("misspelt-name", "Margaret Dvořák") in problems
    assert ("wrong-name", "Priya Raman") in problems
    advice = [f for f in findings if f.severity == "advice"]
    assert advice[0].code == "deadline"


def test_summary_and_exit_code() -> None:
    p = Finding("problem", "no-phone", None, "x")
    a = Finding("advice", "deadline", None, "y")
    assert summary([p, p, a, a, a]) == "2 problems, 3 advice — fix the problems before you send"
    assert summary([a]) == "no problems, 1 advice"
    assert summary([p]) == "1 problem, no advice — fix the problem before you send"
    assert summary([]) == "no problems, no advice"
    assert exit_code([p, a]) == 1
    assert exit_code([a]) == 0
    assert exit_code([]) == 0


def test_finding_to_dict() -> None:
    f = Finding("advice", "short-note", "Priya Raman", "Too short.", "Add a detail.")
    assert f.to_dict() == {
        "severity": "advice",
        "code": "short-note",
        "interviewer": "Priya Raman",
        "message": "Too short.",
        "suggestion": "Add a detail.",
    }


def test_every_finding_is_well_formed_on_a_messy_file() -> None:
    iv = interview(
        person("Margaret Dvořák", "Hi."),
        person("Tomás Okafor", "Hi."),
        company=Company("Acme"),
        candidate=Candidate("Alex Rivera", ""),
    )
    findings = check(iv, fit=lambda who: "the note is 1 word too long")
    assert exit_code(findings) == 1
    for f in findings:
        assert f.severity in ("problem", "advice")
        assert f.message and f.suggestion
        assert f.interviewer in (None, "Margaret Dvořák", "Tomás Okafor")


@settings(max_examples=60, deadline=None)
@given(
    note=st.text(max_size=400),
    name=st.text(alphabet=st.characters(categories=["L"]), min_size=1, max_size=12),
)
def test_any_text_gives_findings_not_a_crash(note: str, name: str) -> None:
    iv = interview(person(f"{name} Okafor", note or "x"), person("Priya Raman", note or "y"))
    findings = check(iv, fit=lambda who: None)
    assert all(f.severity in ("problem", "advice") for f in findings)


def test_other_languages_words_are_compiled_only_when_a_note_needs_them():
    """A note that thanks in English compiles none of the other languages' word lists."""
    from cardgen.checks import notes

    notes._folded.cache_clear()
    assert notes.says_thanks("Thank you for your time today.")
    assert notes._folded.cache_info().currsize == 0
    assert notes.says_thanks("Vielen Dank für das Gespräch.")
    assert notes._folded.cache_info().currsize == 1
    assert not notes.says_interest("Bis bald.")  # the German words compiled, none found
    assert notes._folded.cache_info().currsize == 2


def test_make_checks_without_loading_the_spell_checker():
    """The spelling checks (``check``, ``--strict``) are loaded when asked for."""
    code = "import sys, cardgen.checks.rules; print('cardgen.checks.spelling' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_rare_patterns_wait_for_their_first_use(fresh_python):
    """Loading the checks compiles neither the stock phrases (33 M instructions: a kit
    with one note never compares two) nor the patterns for a note that names someone or
    another company; each is compiled once, when first needed."""
    code = (
        "import cardgen.checks.rules\n"
        "from cardgen.checks import companies, names, similarity\n"
        "rare = (similarity._stock_re, names._address_patterns, names._comma_patterns,\n"
        "        companies._past_employer)\n"
        "print([f.cache_info().currsize for f in rare])\n"
        "similarity.similarity('Thank you for your time, Ana.', 'Thanks again, Ben.')\n"
        "print(similarity._stock_re.cache_info().currsize)\n"
    )
    lines = fresh_python(code)
    assert lines[:2] == ["[0, 0, 0, 0]", "1"]


# --------------------------------------------------------------------------- many interviewers
# The checks work each name out once a run and group the report in one pass; these
# compare them with the straightforward way, every name folded again for every note.


def _reference_mentions(folded: str, other: Interviewer, skip: set[str]) -> list:
    """Where a note names ``other``, looked for as plainly as can be (every name, every part)."""
    from cardgen.checks.names import _find_word, _is_address
    from cardgen.checks.text import COMMON_WORDS, HONORIFIC_RE, name_key, name_parts
    from cardgen.textrules import fold

    found: list[tuple[str, bool]] = []
    spans: list[tuple[int, int]] = []
    for m in _find_word(folded, r"\s+".join(map(re.escape, fold(other.name).split())), True):
        spans.append(m.span())
        found.append((other.name, _is_address(folded, *m.span())))
    for part in name_parts(other.name):
        if name_key(part) in skip:
            continue
        for m in _find_word(folded, fold(part)):
            s, e = m.span()
            if any(a <= s < b for a, b in spans) or not m.group(0)[0].isupper():
                continue
            address = _is_address(folded, s, e)
            after_honorific = re.search(HONORIFIC_RE + r"[ \t]+$", folded[max(0, s - 12) : s])
            common = part.lower() in COMMON_WORDS or len(fold(part)) <= 2
            if not common or address or after_honorific:
                found.append((part, address))
    return found


def _reference_other_names(iv: Interview, index: int, text: str) -> list[tuple[str, str]]:
    """(code, message) of the other interviewers a note names, each in file order."""
    from cardgen.checks.companies import company_core
    from cardgen.checks.text import name_key, name_parts
    from cardgen.textrules import fold

    me = iv.interviewers[index]
    own = {name_key(w) for w in name_parts(me.name) + name_parts(iv.candidate.name)}
    own |= set(company_core(iv.company.name))
    out = []
    for other in iv.interviewers:
        if name_key(other.name) == name_key(me.name):
            continue
        hits = _reference_mentions(fold(text), other, own)
        addressed = sorted({w for w, a in hits if a})
        named = sorted({w for w, a in hits if not a} - set(addressed))
        words = addressed or named
        if words:
            who = other.name if words == [other.name] else f"{' and '.join(words)} ({other.name})"
            if len(words) > 2:
                who = f"{', '.join(words[:-1])} and {words[-1]} ({other.name})"
            verb = "addresses" if addressed else "mentions"
            code = "wrong-name" if addressed else "other-name"
            out.append((code, f"The email to {me.name} {verb} {who}, another interviewer."))
    return out


def _names_found(iv: Interview, index: int, text: str) -> list[tuple[str, str]]:
    """What name_checks finds of other interviewers in the email ``text``."""
    from cardgen.checks.names import name_checks

    found = name_checks(iv, index, [("email", text)], set())
    return [(f.code, f.message) for _, f in found if f.message.endswith("another interviewer.")]


# Names inside other names, shared surnames and first names, the same name twice
# (once with accents), common words, particles, hyphens and apostrophes, and names
# that do not fold to ASCII.
CROWD = [
    "Ann Lee",
    "Anne Leeson",
    "Lee Ann Park",
    "Priya Lee",
    "Ann Lee",
    "Tomás Dvořák",
    "Tomas Dvorak",
    "Will Hunter",
    "Jean-Luc O'Brien",
    "Mary van der Berg",
    "Li Na",
    "Иван Петров",
    "Zoë Ångström",
    "Dr. Kim",
    "Άρης Παππάς",  # "Αρησ" is his name to a regex that ignores case, not to str.lower
]
CROWD_NOTES = [
    "Dear Ann,\n\nThank you, Anne, for the tour. I met Ms. Leeson and Lee Ann Park.",
    "Thanks, Tomas! I hope, Mr. Dvořák, that we speak again. Jean-Luc's team; O'Brien's.\n"
    "Tomás Dvořák showed me the office. Dear Αρησ,",
    "Dear Ms. Berg,\nI will hunt for Will. Hunter, thanks. ANN LEE and ann lee, Li, Na.",
    "Иван, thank you. I met Петров and Zoe Angstrom, and Ångström, Dr. Kim and Kim. I told Li.",
    "Ann Leeson, Anne Lee, Leeann, Annelee, Park-Lee, Lee-Ann, Priya's and Priya Lee.",
]


@pytest.mark.parametrize("note", CROWD_NOTES)
def test_other_interviewers_are_found_as_by_trying_every_one(note: str) -> None:
    iv = interview(*(person(name, note) for name in CROWD))
    for index in range(len(CROWD)):
        assert _names_found(iv, index, note) == _reference_other_names(iv, index, note)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Ann", "Anne", "Lee", "Tomás", "Tomas", "Will", "O'Brien", "Иван", "Na"])
        | st.sampled_from(["Άρης", "Tomas Dvorak"])
        | st.sampled_from(["Leeson", "van", "Jean-Luc", "Ms.", "Dvořák", "Zoë", "Li", "Ann-Lee"]),
        min_size=1,
        max_size=3,
    ).map(" ".join),
    st.lists(
        st.sampled_from(["Ann", "ANNE", "lee", "Tomás", "TOMAS", "Will", "will", "O'Brien's"])
        | st.sampled_from(["Leeson", "Jean-Luc", "Dvorak", "Zoe", "Li", "Иван", "Na", "Ann-Lee"])
        | st.sampled_from(["ΑΡΗΣ", "Αρησ", "Tomás Dvořák"])
        | st.sampled_from([", ", ". ", "\n", " ", "Dear ", "Thank you, ", "Ms. ", "-", "'"]),
        max_size=30,
    ).map("".join),
    st.integers(min_value=1, max_value=6),
)
def test_other_interviewers_are_found_as_by_trying_every_one_in_any_crowd(
    name: str, note: str, crowd: int
) -> None:
    names = [name, *CROWD[:crowd]]
    iv = interview(*(person(n, note or "x") for n in names))
    for index in range(len(names)):
        assert _names_found(iv, index, note) == _reference_other_names(iv, index, note)


def _reference_groups(findings: list[Finding], iv: Interview | None) -> list:
    """The report's groups as found by filtering all the findings for each person."""
    order: list[str | None] = [None]
    if iv is not None:
        for p in iv.interviewers:
            if p.name not in order:
                order.append(p.name)
    for f in findings:
        if f.interviewer not in order:
            order.append(f.interviewer)
    groups = [(who, [f for f in findings if f.interviewer == who]) for who in order]
    return [(who, items) for who, items in groups if items]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(["Ann Lee", "Ann Lee", "Bo Li", "Cy Ng"]), max_size=4),
    st.lists(
        st.tuples(
            st.sampled_from([None, "Ann Lee", "Bo Li", "Cy Ng", "Di Xu", "Ed Yu"]),
            st.sampled_from(["problem", "advice"]),
            st.integers(0, 3),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_report_groups_as_by_filtering_for_each_person(
    people: list[str], raw: list, with_file: bool
) -> None:
    from cardgen.checks.report import _groups, render_report

    iv = interview(*(person(n, GOOD) for n in people)) if with_file else None
    findings = [Finding(sev, "x", who, f"said {n}", "do") for who, sev, n in raw]
    assert list(_groups(findings, iv)) == _reference_groups(findings, iv)
    lines = [who or "Whole file" for who, _ in _reference_groups(findings, iv)]
    text = render_report(findings, interview=iv)
    assert [line for line in text.splitlines() if line and line[0] != " "][:-1] == lines


def test_a_name_two_interviewers_share_heads_one_group_of_the_report() -> None:
    from cardgen.checks.report import render_report

    iv = interview(person("Ann Lee", GOOD), person("Bo Li", GOOD), person("Ann Lee", GOOD))
    findings = [Finding("advice", "x", "Ann Lee", f"said {n}", "do") for n in (1, 2)]
    text = render_report(findings, interview=iv)
    assert text.count("Ann Lee\n") == 1
    assert text.count("said 1") == 1 and text.count("said 2") == 1


@given(st.text() | st.sampled_from(["a\u202eb", "x\u2028", "\ud800!", "\x1b[31m", "→ é"]))
def test_report_lines_are_made_safe_as_by_replacing_every_unsafe_character(line: str) -> None:
    from cardgen.errors import _unsafe, one_line

    assert one_line(line) == _unsafe().sub(lambda m: f"\\u{ord(m.group()):04x}", line)


def test_the_unsafe_characters_pattern_waits_for_a_message_that_has_one(fresh_python):
    """Loading the errors compiles no pattern (4 M instructions for the unsafe characters'
    class): a run that says nothing amiss never needs it; a message with one compiles it."""
    code = (
        "from cardgen.errors import one_line\n"
        "print(len(seen), one_line('plain → é'), len(seen))\n"
        "print(one_line('a\\x1bb'), len(seen))\n"
    )
    lines = fresh_python(code, record_compiles=True)
    assert lines == ["0 plain → é 0", "a\\u001bb 1"]


def test_a_kit_of_one_note_prepares_nothing_to_compare(monkeypatch) -> None:
    """One interviewer, no pair: the note is not prepared for comparison, so the stock
    phrases' pattern (33 M instructions) is not compiled either."""
    from cardgen.checks import similarity as module

    def refuse(text: str, drop: frozenset[str]) -> None:
        raise AssertionError("a note was prepared for comparison")

    monkeypatch.setattr(module, "shingled", refuse)
    assert not only(check(interview(person("Ana Lima", GOOD))), "similar-notes")


@pytest.mark.parametrize("mails", [True, False])
def test_similar_notes_are_found_as_by_comparing_every_pair(mails: bool) -> None:
    copy = SAMPLE_NOTES["Tomás Okafor"]
    other = SAMPLE_NOTES["Priya Raman"]
    notes = [(copy, copy), (other, copy), (copy, other), (other, other), (GOOD, copy)]
    people = [
        person(f"Person {chr(65 + i)}", card, email_note=email)
        for i, (card, email) in enumerate(notes)
    ]
    found = only(check(interview(*people), mails=mails), "similar-notes")
    names = [p.name for p in people] + [CANDIDATE.name]
    want = []
    for j, later in enumerate(people):
        for earlier in people[:j]:
            best = similarity(earlier.email_text, later.email_text, names)
            if mails:
                best = max(best, similarity(earlier.note, later.note, names))
            if best >= SIMILARITY_THRESHOLD:
                want.append(f"The notes to {earlier.name} and {later.name} are {best:.0%} alike")
    assert [f.message.split(";")[0] for f in found] == want
    assert len(want) >= 3

"""A stated decision day, read in six languages (issue 13 item 6): the next-steps check is
planned after the day the employer said it would answer by, so that day must be read right."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from calsync.invite.facts import Setup
from calsync.invite.timeline import decision
from calsync.model import Note

THU = date(2026, 11, 19)  # a Thursday
FRI = date(2026, 11, 20)
MON = date(2026, 11, 2)
SETUP = Setup()


def said(line: str, day: date = THU, language: str = "en", setup: Setup = SETUP):
    """The decision read from one description line."""
    return decision((), [line], day, language, setup)


def noted(text: str, day: date = THU, language: str = "en"):
    """The decision read from one timeline note of the user's."""
    return decision((Note(text=text, kind="timeline", raw=f"- {text}"),), [], day, language, SETUP)


@pytest.mark.parametrize(
    ("language", "line", "day", "phrase"),
    [
        ("en", "We'll make a decision by Friday.", date(2026, 11, 20), "by Friday"),
        ("en", "You'll hear back from us by December 4th.", date(2026, 12, 4), "by December 4th"),
        (
            "de",
            "Sie erhalten eine Rückmeldung bis zum 11. Dezember.",
            date(2026, 12, 11),
            "bis zum 11. Dezember",
        ),
        ("de", "Wir melden uns bis Freitag bei Ihnen.", date(2026, 11, 20), "bis Freitag"),
        (
            "fr",
            "Nous vous donnerons une réponse d'ici le 4 décembre.",
            date(2026, 12, 4),
            "d'ici le 4 décembre",
        ),
        ("fr", "Vous aurez un retour d'ici vendredi.", date(2026, 11, 20), "d'ici vendredi"),
        (
            "es",
            "Te daremos una respuesta antes del 4 de diciembre.",
            date(2026, 12, 4),
            "antes del 4 de diciembre",
        ),
        (
            "es",
            "Tendrás nuestra respuesta antes del viernes.",
            date(2026, 11, 20),
            "antes del viernes",
        ),
        (
            "nl",
            "Je ontvangt de uitslag uiterlijk 3 december.",
            date(2026, 12, 3),
            "uiterlijk 3 december",
        ),
        (
            "nl",
            "We laten je weten uiterlijk vrijdag hoe het verder gaat.",
            date(2026, 11, 20),
            "uiterlijk vrijdag",
        ),
        (
            "it",
            "Ti daremo una risposta entro il 4 dicembre.",
            date(2026, 12, 4),
            "entro il 4 dicembre",
        ),
        ("it", "Ti faremo sapere entro venerdì.", date(2026, 11, 20), "entro venerdì"),
    ],
)
def test_a_stated_day_is_read_in_each_language(language, line, day, phrase):
    assert said(line, language=language) == (day, phrase)


@pytest.mark.parametrize(
    ("language", "line", "day", "phrase"),
    [
        # Thursday 19 Nov: ten workdays are 20, 23-25 (26 is a holiday), 27, 30, 1-4 Dec.
        ("en", "Feedback within 10 business days.", date(2026, 12, 4), "within 10 business days"),
        (
            "de",
            "Eine Entscheidung erhalten Sie innerhalb von 10 Werktagen.",
            date(2026, 12, 4),
            "innerhalb von 10 Werktagen",
        ),
        (
            "fr",
            "Vous aurez notre décision sous 10 jours ouvrés.",
            date(2026, 12, 4),
            "sous 10 jours ouvrés",
        ),
        (
            "es",
            "Recibirás una respuesta en 10 días hábiles.",
            date(2026, 12, 4),
            "en 10 días hábiles",
        ),
        (
            "nl",
            "De beslissing volgt binnen 10 werkdagen.",
            date(2026, 12, 4),
            "binnen 10 werkdagen",
        ),
        (
            "it",
            "Riceverai una risposta entro 10 giorni lavorativi.",
            date(2026, 12, 4),
            "entro 10 giorni lavorativi",
        ),
    ],
)
def test_business_days_skip_weekends_and_the_configured_holidays(language, line, day, phrase):
    setup = Setup(holidays=frozenset({date(2026, 11, 26)}))
    assert said(line, language=language, setup=setup) == (day, phrase)


def test_business_days_follow_the_configured_workdays():
    sunday_to_thursday = Setup(workdays=(6, 0, 1, 2, 3))
    # Thursday 19 Nov: Sun 22, Mon 23, Tue 24 are the next three workdays.
    assert said("Decision within 3 working days", setup=sunday_to_thursday)[0] == date(2026, 11, 24)


@pytest.mark.parametrize(
    ("language", "line", "day"),
    [
        ("en", "We'll get back to you within two weeks.", date(2026, 12, 3)),
        ("en", "You'll hear back in a week.", date(2026, 11, 26)),
        ("de", "Sie hören innerhalb von zwei Wochen von uns, wir melden uns.", date(2026, 12, 3)),
        ("fr", "Nous vous ferons un retour sous deux semaines.", date(2026, 12, 3)),
        ("es", "Te daremos una respuesta en dos semanas.", date(2026, 12, 3)),
        ("nl", "De uitslag laten we je binnen twee weken weten.", date(2026, 12, 3)),
        ("it", "Ti faremo sapere entro due settimane.", date(2026, 12, 3)),
    ],
)
def test_weeks_count_calendar_days(language, line, day):
    assert said(line, language=language)[0] == day


@pytest.mark.parametrize(
    ("language", "line", "day"),
    [
        ("en", "Next steps: we'll decide by the end of next week.", date(2026, 11, 27)),
        ("en", "We'll let you know by end of the week.", date(2026, 11, 20)),
        ("de", "Wir melden uns Ende nächster Woche.", date(2026, 11, 27)),
        ("fr", "Vous aurez une réponse d'ici la fin de la semaine prochaine.", date(2026, 11, 27)),
        ("es", "Te daremos una respuesta a finales de la próxima semana.", date(2026, 11, 27)),
        ("nl", "We laten je eind volgende week weten wat de beslissing is.", date(2026, 11, 27)),
        ("it", "Ti faremo sapere entro la fine della prossima settimana.", date(2026, 11, 27)),
    ],
)
def test_end_of_next_week_is_the_friday_of_the_week_after_the_interview(language, line, day):
    assert said(line, language=language)[0] == day


def test_early_next_week_leaves_room_for_a_day_or_two():
    assert said("Feedback early next week")[0] == date(2026, 11, 24)


def test_by_friday_on_a_friday_interview_is_the_friday_after():
    assert said("Decision by Friday", day=FRI)[0] == date(2026, 11, 27)


def test_a_numeric_date_is_month_first_in_american_english():
    assert said("Decision by 11/6", day=MON) == (date(2026, 11, 6), "by 11/6")


def test_a_numeric_date_is_day_first_in_the_other_languages():
    assert said("Rückmeldung bis zum 11.6.", day=MON, language="de")[0] == date(2027, 6, 11)
    assert said("Réponse avant le 4/12", day=MON, language="fr")[0] == date(2026, 12, 4)


def test_a_numeric_date_is_day_first_in_british_english():
    lines = ["Our London office organises the panel.", "We'll let you know by 4/12."]
    assert decision((), lines, MON, "en", SETUP)[0] == date(2026, 12, 4)


def test_a_numeric_date_that_cannot_be_month_first_is_read_day_first():
    assert said("Decision by 25/11", day=MON)[0] == date(2026, 11, 25)


def test_the_users_timeline_note_counts_without_a_cue_word():
    assert noted("they'll put me forward by Tuesday") == (date(2026, 11, 24), "by Tuesday")


def test_the_users_note_wins_over_the_employers_boilerplate():
    note = Note(text="Mei: decision by Friday", kind="timeline", raw="Mei: decision by Friday")
    lines = ["We aim to give feedback within 10 business days.", "Mei: decision by Friday"]
    assert decision((note,), lines, THU, "en", SETUP)[0] == date(2026, 11, 20)


def test_a_topic_note_is_no_timeline():
    topic = Note(text="asked how they decide by Friday what to ship", kind="topic")
    assert decision((topic,), [], THU, "en", SETUP) is None


@pytest.mark.parametrize(
    "line",
    [
        "Onsite by Friday at the Berlin office",  # no decision cue: the date is something else
        "We'll let you know by 31 February.",  # no such day
        "Rückmeldung bis zum 31. Februar",
        "Feedback by 13/13",
        "Decision by Nov 2, 2025",  # before the interview
        "Decision by Dec 4, 2028",  # more than a year after it
        "Feedback within 10000 days",
        "Feedback: " + "by " * 700,  # a 2,100-character line
        "Next steps: " + "9" * 2000,
    ],
)
def test_no_timeline_where_none_is_stated(line):
    assert said(line) is None


def test_a_valid_day_later_on_the_line_is_still_read_after_an_impossible_one():
    assert said("Feedback by 31 February, or by Dec 4 at the latest")[0] == date(2026, 12, 4)


def test_a_line_without_a_cue_imports_no_date_library():
    code = (
        "import sys; from datetime import date;"
        "from calsync.invite.facts import Setup; from calsync.invite.timeline import decision;"
        "r = decision((), ['Onsite at 10:00 with Mei', 'Bring your laptop'], date(2026,11,19),"
        " 'en', Setup());"
        "assert r is None; assert 'dateparser' not in sys.modules, 'dateparser imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-800:]


def test_an_agendas_next_step_is_no_decision_day():
    assert said("Next steps: onsite on Dec 4.") is None
    assert said("Next steps: onsite on Dec 4; we will decide by Dec 11")[0] == date(2026, 12, 11)


@pytest.mark.parametrize(
    ("language", "line", "day", "phrase"),
    [
        (
            "en",
            "We will let you know by Wednesday next week.",
            date(2026, 11, 25),
            "by Wednesday next week",
        ),
        (
            "de",
            "Wir melden uns bis Mittwoch nächster Woche.",
            date(2026, 11, 25),
            "bis Mittwoch nächster Woche",
        ),
        (
            "fr",
            "Réponse le mardi de la semaine prochaine.",
            date(2026, 11, 24),
            "le mardi de la semaine prochaine",
        ),
        (
            "es",
            "Te daremos una respuesta el próximo viernes.",
            date(2026, 11, 20),
            "el próximo viernes",
        ),
    ],
)
def test_a_weekday_of_next_week_is_in_the_week_after_the_interview(language, line, day, phrase):
    assert said(line, language=language) == (day, phrase)


@pytest.mark.parametrize(
    ("language", "line", "day"),
    [
        (
            "en",
            "We aim to get back to all candidates within 5-7 business days.",
            date(2026, 11, 30),
        ),
        ("es", "Te daremos una respuesta en 5 a 7 días hábiles.", date(2026, 11, 30)),
        ("en", "We typically provide feedback within 48 hours.", date(2026, 11, 21)),
        ("nl", "We laten je binnen een week weten of je door bent.", date(2026, 11, 26)),
        ("nl", "Je hoort vóór 4 december van ons.", date(2026, 12, 4)),
        (
            "de",
            "Wir melden uns bis spätestens Freitag, den 4. Dezember bei Ihnen.",
            date(2026, 12, 4),
        ),
        (
            "fr",
            "Nous reviendrons vers vous au plus tard le vendredi 4 décembre.",
            date(2026, 12, 4),
        ),
        ("it", "Ti faremo sapere entro venerdì 4 dicembre.", date(2026, 12, 4)),
    ],
)
def test_ranges_hours_and_weekday_dates_read_as_written(language, line, day):
    assert said(line, language=language)[0] == day


def test_a_time_of_day_is_no_date():
    assert said("Feedback by 10.30 am") is None


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "Please let us know your availability by Friday."),
        ("en", "Please confirm by Friday, and let me know if the time works."),
        ("de", "Bitte geben Sie uns bis Freitag eine Rückmeldung, ob der Termin passt."),
        ("fr", "Merci de nous faire part de votre réponse avant le 4 décembre."),
        ("es", "Por favor, confirma tu respuesta antes del viernes."),
        ("it", "Ti preghiamo di inviare la tua risposta entro venerdì."),
    ],
)
def test_the_candidates_own_deadline_is_no_decision_day(language, line):
    assert said(line, language=language) is None


@pytest.mark.parametrize(
    ("language", "line", "day"),
    [
        ("en", "We'll get back to you next Tuesday.", date(2026, 11, 24)),
        ("de", "Wir melden uns nächsten Dienstag bei Ihnen.", date(2026, 11, 24)),
        ("fr", "Nous vous ferons un retour mardi prochain.", date(2026, 11, 24)),
        ("it", "Ti faremo sapere martedì prossimo.", date(2026, 11, 24)),
    ],
)
def test_a_named_next_weekday_needs_no_by(language, line, day):
    assert said(line, language=language)[0] == day


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "Next steps: final round next Tuesday."),
        ("es", "Próximos pasos: entrevista final el viernes."),
        ("de", "Nächste Schritte: Vor-Ort-Termin am Freitag."),
    ],
)
def test_an_agendas_weekday_is_no_decision_day(language, line):
    assert said(line, language=language) is None


@pytest.mark.parametrize(
    ("language", "line", "day", "phrase"),
    [
        (
            "en",
            "We expect to make a decision by the end of December.",
            date(2026, 12, 31),
            "by the end of December",
        ),
        ("en", "Feedback mid-December", date(2026, 12, 15), "mid-December"),
        ("de", "Eine Entscheidung fällt Ende Dezember.", date(2026, 12, 31), "Ende Dezember"),
        ("fr", "Réponse mi-décembre.", date(2026, 12, 15), "mi-décembre"),
        (
            "es",
            "Te daremos una respuesta a finales de diciembre.",
            date(2026, 12, 31),
            "a finales de diciembre",
        ),
        ("nl", "De beslissing valt eind december.", date(2026, 12, 31), "eind december"),
        ("it", "Decisione all'inizio di gennaio", date(2027, 1, 10), "inizio di gennaio"),
    ],
)
def test_part_of_a_named_month_is_its_end_middle_or_early_days(language, line, day, phrase):
    assert said(line, language=language) == (day, phrase)


@pytest.mark.parametrize(
    ("language", "line", "day"),
    [
        ("en", "Our recruiters will respond within 5 business days.", date(2026, 11, 26)),
        ("en", "The panel aims to reply by Tuesday.", date(2026, 11, 24)),
        ("en", "You'll hear from the team by Dec 2.", date(2026, 12, 2)),
        ("de", "Wir werden uns innerhalb von 5 Werktagen bei Ihnen melden.", date(2026, 11, 26)),
        ("de", "Sie hören spätestens am Dienstag von uns.", date(2026, 11, 24)),
        ("fr", "Nous vous répondrons d'ici le 2 décembre.", date(2026, 12, 2)),
        ("es", "Recibirás noticias nuestras antes del martes.", date(2026, 11, 24)),
        ("es", "Le contestaremos en un plazo de 5 días hábiles.", date(2026, 11, 26)),
        ("es", "Me dirán algo antes del martes.", date(2026, 11, 24)),
        ("es", "Te escribiré antes del 2 de diciembre.", date(2026, 12, 2)),
        ("nl", "We nemen binnen 5 werkdagen contact met je op.", date(2026, 11, 26)),
        ("it", "Ci diranno qualcosa entro martedì.", date(2026, 11, 24)),
        ("it", "Risponderemo entro 5 giorni lavorativi.", date(2026, 11, 26)),
    ],
)
def test_the_employers_verbs_of_answering_are_a_decision_cue(language, line, day):
    assert said(line, language=language)[0] == day


def test_the_candidates_own_follow_up_is_no_decision_day():
    assert said("I'll follow up with my portfolio by Tuesday.") is None


def test_an_employers_answer_noted_as_a_topic_is_still_read_from_the_line():
    line = "- Jonas: they'll reply within two weeks"
    topic = Note(text="they'll reply within two weeks", kind="topic", raw=line)
    assert decision((topic,), [line], THU, "en", SETUP)[0] == date(2026, 12, 3)

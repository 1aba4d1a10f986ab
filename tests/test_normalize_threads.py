"""Threads: markup nesting first; in flat lists "@Name", "Réponse à Name", "In reply to Name" point to
the latest earlier comment by that name. Texts from the seed (../shared/seed) and bl-cleaneval-13."""

from __future__ import annotations

import pytest

from blogmigrate.normalize.text import element_text, html_to_text
from blogmigrate.normalize.threads import ThreadInput, ThreadResult, infer_threads, thread_text

from .test_normalize_post import fragment, normalize, raw_comment, raw_post

SEED_AXEL = (
    "Bien d’accord avec toi. Tout comme d’autres outils à critères sociaux, il ne sont utilisés"
)
SEED_JULIEN = (
    "Ce Cher M. Pene, ca faisait bien longtemps (1 mois et demi) que je n’avais pas eu le temps"
)
SEED_REPLY = (
    "@Axel : Hello 🙂 “Curiosité” et “besoin de reconnaissance”, je crois que tu as mis le doigt "
    "sur les raisons du succès @Julien : Hello, cela fait grand plaisir de te retrouver ici."
)


def flat(*comments: tuple[str, str]) -> list[ThreadInput]:
    return [ThreadInput(author=author, text=text, parent=None) for author, text in comments]


def test_seed_reply_to_two_people_takes_the_first_and_keeps_both() -> None:
    results = infer_threads(
        flat(("Axel", SEED_AXEL), ("Julien", SEED_JULIEN), ("Jérôme Pene", SEED_REPLY))
    )
    assert results == [
        ThreadResult(None, False, ()),
        ThreadResult(None, False, ()),
        ThreadResult(0, True, ("Axel", "Julien")),
    ]


@pytest.mark.parametrize(
    "reply",
    [
        "@Axel Je suis d’accord.",
        "@Axel: je suis d’accord.",
        "@Axel : je suis d’accord.",
        "Réponse à Axel : je suis d’accord.",
        "In reply to Axel. I agree.",
        "@axel merci",
    ],
)
def test_reply_forms(reply: str) -> None:
    results = infer_threads(flat(("Axel", SEED_AXEL), ("Julien", SEED_JULIEN), ("Marie", reply)))
    assert (results[2].parent, results[2].inferred) == (0, True)


def test_latest_earlier_comment_by_that_name() -> None:
    results = infer_threads(
        flat(
            ("Axel", SEED_AXEL),
            ("Julien", SEED_JULIEN),
            ("Axel", "Encore moi."),
            ("Julien", "@Axel : oui."),
            ("Axel", "@Julien je réponds."),  # must not pick a later comment
        )
    )
    assert [result.parent for result in results] == [None, None, None, 2, 3]


def test_full_name_and_first_name_both_find_the_commenter() -> None:
    results = infer_threads(
        flat(
            ("Aaron J. Seigo", "@Illissius please re-read the blog entry."),
            ("Don", "@Aaron J. Seigo: thanks"),
            ("Illissius", "@Aaron to prelink or not to prelink is the question"),
        )
    )
    assert [(r.parent, r.mentions) for r in results] == [
        (None, ("Illissius",)),
        (0, ("Aaron J. Seigo",)),
        (0, ("Aaron J. Seigo",)),
    ]


def test_bl_cleaneval_13_mentions_that_name_nobody_get_no_parent() -> None:
    # Labelled flat list: "@Anonymous" names a placeholder, "@aseigo" a nickname nobody signed with.
    results = infer_threads(
        flat(
            ("Anonymous", "(1) that pic you linked says 'Forbidden' ;("),
            ("Aaron J. Seigo", "@Anonymous: 1.9 - 1.27 = 0.63 0.63 / 1.27 = 50%"),
            ("Anonymous", "@aseigo: I was essentially agreeing with you."),
        )
    )
    assert [(r.parent, r.inferred) for r in results] == [(None, False)] * 3
    assert results[1].mentions == ("Anonymous",)
    assert results[2].mentions == ("aseigo",)


def test_markup_nesting_wins_and_inference_can_be_switched_off() -> None:
    comments = [
        ThreadInput("Axel", SEED_AXEL, None),
        ThreadInput("Julien", SEED_JULIEN, None),
        ThreadInput("Marie", "@Axel : nested under Julien in the markup", 1),
    ]
    assert infer_threads(comments)[2] == ThreadResult(1, False, ("Axel",))
    off = infer_threads(flat(("Axel", SEED_AXEL), ("Marie", "@Axel : oui")), infer=False)
    assert off[1] == ThreadResult(None, False, ("Axel",))


def test_a_mention_of_oneself_or_an_email_is_not_a_reply() -> None:
    results = infer_threads(
        flat(("Axel", SEED_AXEL), ("Axel", "@Axel : je me corrige"), ("Julien", "mail me: j@x.fr"))
    )
    assert [(r.parent, r.mentions) for r in results] == [(None, ()), (None, ("Axel",)), (None, ())]


def test_inferred_parents_become_ids_in_the_records() -> None:
    raw = raw_post(
        raw_comment("Axel", f"<p>{SEED_AXEL}</p>", source_id="comment-1"),
        raw_comment("Julien", f"<p>{SEED_JULIEN}</p>", source_id="comment-2"),
        raw_comment("Jérôme Pene", f"<p>{SEED_REPLY}</p>", source_id="comment-3"),
    )
    reply = normalize(raw).comments[2]
    assert (reply.parent_id, reply.parent_inferred, reply.mentions) == (
        "comment-1",
        True,
        ("Axel", "Julien"),
    )
    unthreaded = normalize(raw, infer_threads=False).comments[2]
    assert (unthreaded.parent_id, unthreaded.parent_inferred) == (None, False)


def test_line_breaks_separate_the_name_from_the_reply() -> None:
    # bl-cleaneval-13 writes "@Illissius<br /><br />please re-read the blog entry."
    raw = raw_post(
        raw_comment("Illissius", "<p>(1) that pic you linked says 'Forbidden' ;(</p>"),
        raw_comment("Aaron J. Seigo", "@Illissius<br /><br />please re-read the blog entry."),
    )
    reply = normalize(raw).comments[1]
    assert (reply.parent_id, reply.parent_inferred, reply.mentions) == ("c1", True, ("Illissius",))
    markup = "@Illissius<br /><br />please re-read <b>the</b> blog<p>entry</p><script>x()</script>"
    assert html_to_text(markup) == "@Illissius please re-read the blog entry x()"
    # The parsed element gives the same words without re-parsing, and no script text.
    assert element_text(fragment(markup)) == "@Illissius please re-read the blog entry"


BODIES = [
    "<p>Great post, thanks.</p><p><a href='#'>Reply</a></p>",
    "<p>I agree with <b>@Jean</b> on this one.</p>",
    "<p>- In reply to <a>Jean</a>: no, not quite.</p>",
    "<p>En<br>réponse à Jean : oui.</p>",
    "<p>RÉPONSE À JEAN : oui.</p>",
    "<p>Antwort an Jean: ja.</p>",
    "<script>var x = 1;</script><p>In reply to Jean: no.</p>",
    "<p>Jean</p><p>so what</p>",
    "<p>\u00a0 <i>in</i> <b>re</b>ply to Jean: maybe</p>",
]


@pytest.mark.parametrize("body", BODIES)
def test_thread_text_gives_inference_what_the_whole_text_gives(body: str) -> None:
    authors = [("Jean", "First comment."), ("Marie", "Second comment.")]
    element = fragment(body)
    full = flat(*authors, ("Paul", element_text(element)))
    short = flat(*authors, ("Paul", thread_text(element)))
    assert infer_threads(short) == infer_threads(full)


@pytest.mark.parametrize(
    ("body", "read"),
    [
        ("<p>Great post, thanks for writing all of it.</p><p><a href='#'>Reply</a></p>", False),
        ("<p>Long text, then at the end a mention of @Jean</p>", True),
        ("<p>In reply to Jean: no.</p>", True),
        ("<style>p {}</style><p>Fine.</p>", True),
    ],
)
def test_thread_text_reads_only_comments_that_may_name_someone(body: str, read: bool) -> None:
    assert thread_text(fragment(body)) == (element_text(fragment(body)) if read else "")

"""Every e-mail type renders HTML and text, branded with the tenant's name, colours and logo."""

from __future__ import annotations

import pytest

from pulsestage.mail.mailer import suppression
from pulsestage.mail.render import SUBJECTS, Renderer, brand_of
from pulsestage.pulse.links import answer_links

CONTEXT = {
    "user_name": "Alice <b>", "question_body": "Why <script>?", "answer_body": "Because.",
    "responder_name": "Bob", "question_id": "q1", "rejection_reason": "Off topic",
    "question_text": "How are you?", "home_team_name": "Engineering",
}


def context_for(template: str) -> dict:
    scale = "NPS_0_10" if template == "pulse_reminder" else "LIKERT_1_5"
    return {**CONTEXT, "answer_links": answer_links("https://ps.example", "tok", "acme", scale)}


@pytest.mark.parametrize("template", list(SUBJECTS))
def test_every_template_renders_both_parts_with_branding(template: str) -> None:
    settings = {"branding": {"primaryColor": "#123456", "accentColor": "#654321",
                             "logoUrl": "https://cdn.example/logo.png"}}
    subject, html, text = Renderer("https://ps.example").render(template, context_for(template),
                                                                brand_of("Acme Corp", settings))
    assert subject and "<html" in html and "#123456" in html and "https://cdn.example/logo.png" in html
    assert "Acme Corp" in html and "https://ps.example/profile?section=notifications" in html
    assert "Manage e-mail preferences: https://ps.example/profile?section=notifications" in text
    assert not any(tag in text for tag in ("<html", "<p", "<a ", "<table", "&lt;"))  # plain text, unescaped
    assert "<script>" not in html and "Alice &lt;b&gt;" in html  # HTML escapes what people typed


def test_pulse_links_carry_token_score_and_tenant() -> None:
    _, html, text = Renderer("https://ps.example").render("pulse_invitation", context_for("pulse_invitation"),
                                                          brand_of("Acme", {}))
    for score in range(1, 6):
        assert f"https://ps.example/pulse/respond?token=tok&amp;score={score}&amp;tenant=acme" in html
        assert f"https://ps.example/pulse/respond?token=tok&score={score}&tenant=acme" in text
    _, html, _ = Renderer("https://ps.example").render("pulse_reminder", context_for("pulse_reminder"),
                                                       brand_of("Acme", {}))
    assert html.count("/pulse/respond?token=tok") == 11  # NPS 0-10


def test_bad_branding_falls_back_and_missing_variables_are_refused() -> None:
    brand = brand_of("Acme", {"branding": {"primaryColor": "red;background:url(x)", "logoUrl": "javascript:x"}})
    assert brand.primary.startswith("#") and brand.logo_url is None
    with pytest.raises(ValueError):
        Renderer("https://ps.example").render("question_answered", {"question_body": "q"}, brand)
    with pytest.raises(ValueError):
        Renderer("https://ps.example").render("nope", {}, brand)


def test_preferences_decide_what_is_sent() -> None:
    on = {"features": {"enableEmailNotifications": True}}
    person = {"is_active": True, "email_notifications": False, "pulse_emails": True}
    assert suppression("question_answered", person, on) == "e-mail notifications turned off"
    assert suppression("welcome", person, on) == "e-mail notifications turned off"
    assert suppression("pulse_invitation", person, on) is None  # pulse has its own opt-out
    assert suppression("pulse_invitation", {**person, "pulse_emails": False}, on) == "pulse e-mails turned off"
    assert suppression("question_approved", {**person, "email_notifications": True}, {}) == \
        "tenant e-mail notifications off"
    assert suppression("welcome", {**person, "is_active": False}, on) == "recipient deactivated"
    assert suppression("welcome", None, {}) is None

"""Settings validation rules, without a database."""

from __future__ import annotations

import copy

import pytest

from pulsestage.admin.settings_doc import DEFAULTS, effective
from pulsestage.admin.settings_rules import RULES, leaf_paths, validate
from pulsestage.errors import Invalid


def nested(path: str, value) -> dict:
    out = value
    for key in reversed(path.split(".")):
        out = {key: out}
    return out


def test_every_setting_has_exactly_one_rule():
    assert sorted(leaf_paths(DEFAULTS)) == sorted(RULES)


@pytest.mark.parametrize("path", sorted(RULES))
def test_defaults_pass_their_rule(path):
    value = DEFAULTS
    for key in path.split("."):
        value = value[key]
    assert RULES[path](value) is None


@pytest.mark.parametrize(("path", "value", "rule"), [
    ("questions.minLength", 0, "range"), ("questions.minLength", True, "type"), ("questions.maxLength", 9, "range"),
    ("users.defaultRole", "owner", "enum"), ("users.allowedEmailDomains", "example.com", "type"),
    ("users.allowedEmailDomains", ["Example.COM"], "pattern"), ("security.sessionTimeout", 1.5, "type"),
    ("branding.theme", "dark", "enum"), ("branding.primaryColor", "#GGGGGG", "pattern"),
    ("branding.logoUrl", "data:image/png;base64,xx", "url"), ("branding.welcomeMessage", 5, "type"),
    ("features.attributedQuestions", "true", "type"), ("pulse.anonThreshold", 2, "range"),
    ("pulse.defaultTime", "9:00", "pattern"), ("pulse.defaultCadence", "WEEKLY", "enum"),
])
def test_bad_values_name_the_key_and_rule(path, value, rule):
    with pytest.raises(Invalid) as caught:
        validate(nested(path, value), effective({}))
    assert [(f.field, f.rule) for f in caught.value.fields] == [(path, rule)]


def test_colours_default_to_no_override_and_accept_null():
    assert DEFAULTS["branding"]["primaryColor"] is None and DEFAULTS["branding"]["accentColor"] is None
    for path in ("branding.primaryColor", "branding.accentColor"):
        assert RULES[path](None) is None and RULES[path]("#a1B2c3") is None
        assert RULES[path]("")[0] == "pattern"
    merged = validate({"branding": {"primaryColor": None}}, effective({"branding": {"primaryColor": "#112233"}}))
    assert merged["branding"]["primaryColor"] is None


def test_unknown_keys_and_wrong_shapes():
    with pytest.raises(Invalid) as caught:
        validate({"branding": {"themes": "x"}, "sessionVersion": 3, "pulse": [], "extra": {"a": 1}}, effective({}))
    assert {(f.field, f.rule) for f in caught.value.fields} == {
        ("branding.themes", "unknown"), ("sessionVersion", "unknown"), ("pulse", "type"), ("extra", "unknown")}
    with pytest.raises(Invalid):
        validate([], effective({}))


def test_min_must_stay_below_max_after_merge():
    current = effective({"questions": {"maxLength": 100}})
    with pytest.raises(Invalid) as caught:
        validate({"questions": {"minLength": 100}}, current)
    assert caught.value.fields[0].field == "questions.minLength"
    assert validate({"questions": {"minLength": 99}}, current)["questions"] == {"minLength": 99, "maxLength": 100}


def test_validate_does_not_touch_its_inputs():
    current = effective({})
    snapshot, patch = copy.deepcopy(current), {"branding": {"theme": "modern-purple"}}
    merged = validate(patch, current)
    assert current == snapshot and merged["branding"]["theme"] == "modern-purple"
    assert merged["branding"]["primaryColor"] == DEFAULTS["branding"]["primaryColor"]

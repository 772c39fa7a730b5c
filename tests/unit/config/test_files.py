"""The shipped profiles, the example file and the docs stay in step with the schema."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pulsestage import paths
from pulsestage.config import load_config
from pulsestage.config.rules import PLACEHOLDER_MARK
from pulsestage.config.schema import CONFIG_ENV, PROFILE_ENV, PROFILES, dotted, iter_settings
from pulsestage.config.show import format_value

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = paths.config_dir() / "pulsestage.example.toml"
COMMENTED_SETTING = re.compile(r"# ?(\[[a-z_]+\]|[a-z_]+ = .*)")


def all_keys() -> set[str]:
    return {dotted(section, f.name) for section, f, _ in iter_settings()}


def uncommented_example() -> str:
    lines = EXAMPLE.read_text().splitlines()
    return "\n".join(m[1] for line in lines if (m := COMMENTED_SETTING.fullmatch(line)))


def flatten(data: dict) -> set[str]:
    keys = set()
    for key, value in data.items():
        keys |= {f"{key}.{sub}" for sub in value} if isinstance(value, dict) else {key}
    return keys


def test_example_lists_every_key_and_nothing_else():
    assert flatten(tomllib.loads(uncommented_example())) == all_keys()


def test_example_has_no_active_setting():
    assert tomllib.loads(EXAMPLE.read_text()) == {}


def test_uncommented_example_loads_and_equals_the_prod_defaults(tmp_path):
    path = tmp_path / "example.toml"
    path.write_text(uncommented_example())
    from_example = load_config("prod", str(path), environ={})
    plain_prod = load_config("prod", environ={})
    assert from_example.source_files[-1] == str(path)
    for section, f, _ in iter_settings():
        got = getattr(getattr(from_example, section) if section else from_example, f.name)
        want = getattr(getattr(plain_prod, section) if section else plain_prod, f.name)
        assert got == want, dotted(section, f.name)


def example_blocks() -> dict[str, str]:
    """Each key of the example with the comment block written just above it."""
    blocks, section = {}, None
    for block in EXAMPLE.read_text().split("\n\n"):
        lines = block.strip().splitlines()
        for line in lines:
            if header := re.fullmatch(r"# \[([a-z_]+)\]", line):
                section = header[1]
        if key := re.fullmatch(r"# ([a-z_]+) = .*", lines[-1]):
            blocks[dotted(section, key[1])] = block
    return blocks


def test_example_explains_every_key_with_its_help_and_env_var():
    blocks = example_blocks()
    for section, f, _ in iter_settings():
        block = blocks[dotted(section, f.name)]
        assert f.metadata["help"] in block, dotted(section, f.name)
        if f.metadata["env"]:
            assert f"Env: {f.metadata['env']}." in block, dotted(section, f.name)
        else:
            assert "Env:" not in block, dotted(section, f.name)


def test_profiles_hold_no_secrets_but_the_marked_placeholder():
    for profile in PROFILES:
        data = tomllib.loads((paths.config_dir() / f"{profile}.toml").read_text())
        for section, f, _ in iter_settings():
            if not f.metadata["secret"]:
                continue
            value = (data.get(section) or {}).get(f.name, "") if section else data.get(f.name, "")
            assert value == "" or PLACEHOLDER_MARK in value, (profile, dotted(section, f.name))
    for profile in ("dev", "test"):
        secret = load_config(profile, environ={}).session.secret
        assert len(secret) >= 32 and PLACEHOLDER_MARK in secret


def test_every_field_has_help_and_env_names_are_unique():
    envs = [f.metadata["env"] for _, f, _ in iter_settings() if f.metadata["env"]]
    assert len(envs) == len(set(envs))
    for section, f, _ in iter_settings():
        assert f.metadata["help"].strip(), dotted(section, f.name)
        assert f.metadata["help"][0].isupper(), dotted(section, f.name)


def test_docs_reference_every_key_with_env_and_profile_defaults():
    text = (REPO / "docs" / "configuration.md").read_text()
    configs = [load_config(p, environ={}) for p in ("dev", "prod", "test")]
    for section, f, _ in iter_settings():
        key = dotted(section, f.name)
        rows = [line for line in text.splitlines() if line.startswith(f"| `{key}` |")]
        assert len(rows) == 1, key
        cells = [c.strip() for c in rows[0].strip("|").split(" | ")]
        env = f.metadata["env"]
        assert cells[1] == (f"`{env}`" if env else "—"), key
        if f.metadata["secret"]:
            continue
        for config, cell in zip(configs, cells[2:5], strict=True):
            value = getattr(getattr(config, section) if section else config, f.name)
            assert cell == f"`{format_value(value)}`", (key, config.profile)
    for var in (PROFILE_ENV, CONFIG_ENV):
        assert f"`{var}`" in text


def test_readme_documents_every_env_var():
    readme = REPO / "README.md"
    assert readme.is_file(), "README.md is missing at the repository root"
    table_rows = [line for line in readme.read_text().splitlines() if line.lstrip().startswith("|")]
    wanted = [f.metadata["env"] for _, f, _ in iter_settings() if f.metadata["env"]] + [
        PROFILE_ENV,
        CONFIG_ENV,
    ]
    missing = [var for var in wanted if not any(re.search(rf"\b{var}\b", row) for row in table_rows)]
    assert not missing, f"README.md environment table lacks: {', '.join(missing)}"

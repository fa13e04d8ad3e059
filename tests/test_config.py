"""mkdocs.yml: the rolodex plugin's options (FORMAT §4) and finding the KB root."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES, REPO
from rolodex.core.config import OPTION_NAMES, Me, RolodexOptions, Settings, settings_from, settings_from_validated
from rolodex.core.model import Problem
from rolodex.kb.configfile import KBNotFound, find_root, read_config

DEFAULTS = {
    "contacts_dir": "contacts",
    "meetings_dir": "meetings",
    "thank_you_days": 1,
    "thank_you_lapse_days": 30,
    "referral_days": 7,
    "nudge_days": 7,
    "max_nudges": 2,
    "prep_days": 2,
    "cadence_days": 90,
    "cadence_by_tag": {},
    "holiday_start": "12-01",
    "holiday_end": "12-31",
    "meeting_minutes": 15,
}


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    return tmp_path


# --- options ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "config",
    [
        "site_name: T\n",
        "site_name: T\nplugins:\n  - search\n  - rolodex\n",
        "site_name: T\nplugins:\n  - rolodex:\n",
        "site_name: T\nplugins:\n  - rolodex: {}\n",
        "site_name: T\nplugins:\n  search: {}\n  rolodex: {}\n",
    ],
)
def test_every_option_has_its_documented_default(config, tmp_path):
    result = read_config(write(tmp_path, config))
    assert result.problems == ()
    assert {name: getattr(result.settings, name) for name in DEFAULTS} == DEFAULTS
    assert result.settings == Settings()


def test_the_contract_options_are_all_in_the_schema():
    assert set(DEFAULTS) <= set(OPTION_NAMES)


def test_every_option_can_be_set(tmp_path):
    result = read_config(
        write(
            tmp_path,
            """\
site_name: T
plugins:
  - rolodex:
      contacts_dir: people
      meetings_dir: notes/meetings
      thank_you_days: 0
      thank_you_lapse_days: 14
      referral_days: 3
      nudge_days: 10
      max_nudges: 0
      prep_days: 1
      cadence_days: 60
      cadence_by_tag: {mentor: 30, alumni: 180, press: never}
      holiday_start: "12-15"
      holiday_end: "01-05"
      meeting_minutes: 20
      me:
        name: Sam Rivera
        email: sam@example.org
""",
        )
    )
    assert result.problems == ()
    assert result.settings == Settings(
        contacts_dir="people",
        meetings_dir="notes/meetings",
        thank_you_days=0,
        thank_you_lapse_days=14,
        referral_days=3,
        nudge_days=10,
        max_nudges=0,
        prep_days=1,
        cadence_days=60,
        cadence_by_tag={"mentor": 30, "alumni": 180, "press": "never"},
        holiday_start="12-15",
        holiday_end="01-05",
        meeting_minutes=20,
        me=Me(name="Sam Rivera", email="sam@example.org"),
    )


def test_enabled_is_mkdocs_usual_switch_and_may_come_from_the_environment(tmp_path, monkeypatch):
    assert read_config(write(tmp_path, "plugins:\n  - rolodex\n")).settings.enabled is True
    off = read_config(write(tmp_path, "plugins:\n  - rolodex:\n      enabled: false\n"))
    assert (off.problems, off.settings.enabled) == ((), False)
    # `!ENV [NAME, default]` as MkDocs reads it: the variable when set, else the default
    config = "plugins:\n  - rolodex:\n      enabled: !ENV [ROLODEX_TEST_SITE, false]\n"
    monkeypatch.delenv("ROLODEX_TEST_SITE", raising=False)
    assert (read_config(write(tmp_path, config)).problems, read_config(tmp_path).settings.enabled) == ((), False)
    monkeypatch.setenv("ROLODEX_TEST_SITE", "true")
    assert (read_config(tmp_path).problems, read_config(tmp_path).settings.enabled) == ((), True)


def test_holiday_window_accepts_feb_29(tmp_path):
    assert read_config(write(tmp_path, 'plugins:\n  - rolodex:\n      holiday_start: "02-29"\n')).problems == ()


@pytest.mark.parametrize(
    "line, message",
    [
        ("nudge_dayz: 3", "unknown rolodex option 'nudge_dayz'; did you mean 'nudge_days'?"),
        ("colour: blue", "unknown rolodex option 'colour'"),
        (
            "thank_you_days: soon",
            "rolodex option 'thank_you_days': expected a whole number of days (0 or more), found 'soon'",
        ),
        (
            "thank_you_days: 1.5",
            "rolodex option 'thank_you_days': expected a whole number of days (0 or more), found 1.5",
        ),
        ("nudge_days: -1", "rolodex option 'nudge_days': expected a whole number of days (0 or more), found -1"),
        ("max_nudges: yes", "rolodex option 'max_nudges': expected a whole number of nudges (0 or more), found true"),
        ("cadence_days: 0", "rolodex option 'cadence_days': expected a whole number of days (1 or more), found 0"),
        (
            "meeting_minutes: '15'",
            "rolodex option 'meeting_minutes': expected a whole number of minutes (1 or more), found '15'",
        ),
        (
            "holiday_start: 12/01",
            "rolodex option 'holiday_start': expected a month-day such as \"12-01\", found '12/01'",
        ),
        ("holiday_end: '02-30'", "rolodex option 'holiday_end': expected a month-day such as \"12-01\", found '02-30'"),
        (
            "cadence_by_tag: [mentor]",
            "rolodex option 'cadence_by_tag': expected a mapping of tag to days or 'never', found a list",
        ),
        (
            "cadence_by_tag: {mentor: 0}",
            "rolodex option 'cadence_by_tag': tag 'mentor': expected a positive number of days or 'never', found 0",
        ),
        ("contacts_dir: 5", "rolodex option 'contacts_dir': expected text, found 5"),
        (
            "contacts_dir: ../elsewhere",
            "rolodex option 'contacts_dir': expected a folder inside the knowledge base, "
            "such as 'contacts', found '../elsewhere'",
        ),
        (
            "meetings_dir: /home/sam/notes",
            "rolodex option 'meetings_dir': expected a folder inside the knowledge base, "
            "such as 'contacts', found '/home/sam/notes'",
        ),
        (
            "templates_dir: notes/../../x",
            "rolodex option 'templates_dir': expected a folder inside the knowledge base, "
            "such as 'contacts', found 'notes/../../x'",
        ),
        (
            "contacts_dir: '~/contacts'",
            "rolodex option 'contacts_dir': expected a folder inside the knowledge base, "
            "such as 'contacts', found '~/contacts'",
        ),
        (
            "contacts_dir: '.'",
            "rolodex option 'contacts_dir': expected a folder inside the knowledge base, such as 'contacts', found '.'",
        ),
        ("enabled: maybe", "rolodex option 'enabled': expected true or false, found 'maybe'"),
        ("me: Sam", "rolodex option 'me': expected a mapping of name, email, emails, pitch, signature, found 'Sam'"),
        ("me: {nmae: Sam}", "unknown rolodex option 'me.nmae'; did you mean 'me.name'?"),
        ("me: {name: 5}", "rolodex option 'me.name': expected text, found 5"),
        ("me: {pitch: [a, b]}", "rolodex option 'me.pitch': expected text, found a list"),
    ],
)
def test_unknown_option_or_wrong_type_is_a_located_error(line, message, tmp_path):
    result = read_config(write(tmp_path, f"site_name: T\nplugins:\n  - search\n  - rolodex:\n      {line}\n"))
    assert result.problems == (Problem("mkdocs.yml", 5, "error", "config", message),)


def test_every_bad_option_is_reported_not_only_the_first(tmp_path):
    # MkDocs' own Config.validate stops at the first failing option
    result = read_config(
        write(
            tmp_path,
            """\
plugins:
  - rolodex:
      thank_you_days: x
      nudge_days: y
      cadence_days: z
      prep_days: 3
""",
        )
    )
    assert [(p.line, p.message.split("'")[1]) for p in result.problems] == [
        (3, "thank_you_days"),
        (4, "nudge_days"),
        (5, "cadence_days"),
    ]
    # the bad ones fall back to their defaults; the good one counts
    assert (
        result.settings.thank_you_days,
        result.settings.nudge_days,
        result.settings.cadence_days,
        result.settings.prep_days,
    ) == (1, 7, 90, 3)


def test_error_lines_point_at_the_option_not_at_a_same_named_key_elsewhere(tmp_path):
    result = read_config(
        write(
            tmp_path,
            """\
site_name: T
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
plugins:
  - rolodex:
      me:
        name: 5
""",
        )
    )
    assert [(p.line, p.message) for p in result.problems] == [(9, "rolodex option 'me.name': expected text, found 5")]


def test_mkdocs_yml_not_a_mapping_or_broken(tmp_path):
    assert read_config(write(tmp_path, "- a\n- b\n")).problems == (
        Problem("mkdocs.yml", 1, "error", "config", "mkdocs.yml is not a mapping"),
    )
    broken = read_config(write(tmp_path, "site_name: T\nplugins: [rolodex\n"))
    assert [(p.line, p.code) for p in broken.problems] == [(3, "config")]
    assert broken.problems[0].message.startswith("YAML syntax: ")
    assert broken.settings == Settings()


def test_a_bom_in_mkdocs_yml_is_tolerated(tmp_path):
    (tmp_path / "mkdocs.yml").write_bytes("\ufeffsite_name: T\nplugins:\n  - rolodex:\n      nudge_days: 3\n".encode())
    result = read_config(tmp_path)
    assert (result.problems, result.settings.nudge_days) == ((), 3)


# --- real mkdocs.yml files ----------------------------------------------------------------------


REAL_WORLD = """\
site_name: My network
site_url: !ENV [SITE_URL, "https://example.org/"]
repo_url: !ENV REPO_URL
theme:
  name: material
  icon:
    logo: material/account-group
markdown_extensions:
  - attr_list
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - pymdownx.arithmatex:
      generic: !!python/object/apply:builtins.bool [true]
hooks:
  - !relative hooks.py
plugins:
  - search
  - rolodex:
      nudge_days: 5
      cadence_by_tag:
        mentor: 30
extra:
  analytics:
    property: !ENV [GOOGLE_ANALYTICS_KEY, ""]
"""


def test_real_mkdocs_yml_with_python_name_env_and_relative_tags_loads(tmp_path):
    result = read_config(write(tmp_path, REAL_WORLD))
    # Material's documented references are quiet; the object/apply tag, which MkDocs would run, is not
    assert [(p.line, p.code) for p in result.problems] == [(19, "python-tag")]
    assert (result.settings.nudge_days, result.settings.cadence_by_tag) == (5, {"mentor": 30})
    assert result.site["site_name"] == "My network"
    assert result.site["markdown_extensions"][1]["pymdownx.emoji"]["emoji_index"] == "material.extensions.emoji.twemoji"


def test_loading_the_config_imports_nothing_it_names(tmp_path):
    import sys

    write(
        tmp_path,
        "x: !!python/name:some_module_that_does_not_exist.thing\ny: !!python/object/apply:os.system [echo hi]\n",
    )
    assert [(p.line, p.code) for p in read_config(tmp_path).problems] == [(1, "python-tag"), (2, "python-tag")]
    assert "some_module_that_does_not_exist" not in sys.modules


def test_config_errors_fixture(tmp_path):
    result = read_config(FIXTURES / "config-errors")
    assert [(p.line, p.message.split(";")[0]) for p in result.problems] == [
        (20, "unknown rolodex option 'nudge_dayz'"),
        (21, "rolodex option 'cadence_days': expected a whole number of days (1 or more), found 'a quarter'"),
        (22, "rolodex option 'holiday_start': expected a month-day such as \"12-01\", found '12-32'"),
        (
            25,
            "rolodex option 'cadence_by_tag': tag 'press': expected a positive number of days or 'never', found 'sometimes'",
        ),
        (28, "unknown rolodex option 'me.emial'"),
    ]
    assert result.settings.me == Me(name="Sam Rivera")


def test_the_repository_config_is_valid():
    result = read_config(REPO)
    assert result.problems == ()
    assert result.settings.cadence_by_tag == {"mentor": 30, "alumni": 180}


def test_the_schema_is_also_what_mkdocs_validates():
    """The plugin hands MkDocs the same schema; a valid config gives the same settings."""
    schema = RolodexOptions()
    schema.load_dict({"nudge_days": 4, "me": {"name": "Sam"}})
    failed, warnings = schema.validate()
    assert (failed, warnings) == ([], [])
    assert settings_from_validated(schema) == settings_from({"nudge_days": 4, "me": {"name": "Sam"}})[0]


# --- finding the KB --------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """outer/ holds a KB; outer/inner/deep/ is a folder inside it; other/ holds another KB."""
    monkeypatch.delenv("ROLODEX_KB", raising=False)
    outer = tmp_path / "outer"
    (outer / "inner" / "deep").mkdir(parents=True)
    (outer / "mkdocs.yml").write_text("site_name: outer\n")
    other = tmp_path / "other"
    other.mkdir()
    (other / "mkdocs.yml").write_text("site_name: other\n")
    return tmp_path


def test_root_is_the_nearest_folder_upwards_holding_mkdocs_yml(tree):
    outer = tree / "outer"
    assert find_root(outer) == outer.resolve()
    assert find_root(outer / "inner" / "deep") == outer.resolve()
    (outer / "inner" / "mkdocs.yml").write_text("site_name: inner\n")
    assert find_root(outer / "inner" / "deep") == (outer / "inner").resolve()


def test_no_kb_anywhere_up_is_an_error(tree):
    with pytest.raises(KBNotFound, match="no mkdocs.yml in .* or any folder above it; run 'rolodex init'"):
        find_root(tree)


def test_explicit_path_wins_over_the_search(tree):
    assert find_root(tree / "outer", str(tree / "other")) == (tree / "other").resolve()
    assert find_root(tree / "outer", str(tree / "other" / "mkdocs.yml")) == (tree / "other").resolve()


def test_explicit_path_must_hold_mkdocs_yml(tree):
    with pytest.raises(KBNotFound, match="no mkdocs.yml there"):
        find_root(tree / "outer", str(tree))


def test_env_rolodex_kb_wins_over_the_search(tree, monkeypatch):
    monkeypatch.setenv("ROLODEX_KB", str(tree / "other"))
    assert find_root(tree / "outer") == (tree / "other").resolve()


def test_kb_option_wins_over_env_in_the_cli(tree, run, monkeypatch):
    outer, other = tree / "outer", tree / "other"
    (outer / "contacts").mkdir()
    (outer / "contacts" / "in-outer.md").write_text("---\nname: In Outer\n---\n")
    (other / "contacts").mkdir()
    (other / "contacts" / "in-other.md").write_text("---\nname: In Other\n---\n")
    monkeypatch.chdir(tree)

    def slugs(*argv: str) -> list[str]:
        result = run(None, *argv, "list", "--format", "json")
        assert result.exit_code == 0, result.output
        import json

        return [c["slug"] for c in json.loads(result.output)]

    monkeypatch.setenv("ROLODEX_KB", str(other))
    assert slugs() == ["in-other"]
    assert slugs("--kb", str(outer)) == ["in-outer"]
    monkeypatch.delenv("ROLODEX_KB")
    monkeypatch.chdir(outer / "inner" / "deep")
    assert slugs() == ["in-outer"]


def test_every_option_is_documented_with_its_default():
    doc = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    for name in OPTION_NAMES:
        assert f"| `{name}` |" in doc, name
    for name, default in DEFAULTS.items():
        shown = f'"{default}"' if name.startswith("holiday") else "{}" if default == {} else str(default)
        assert f"| `{name}` | `{shown}` |" in doc, name


def test_mkdocs_reports_the_same_message_for_a_bad_option():
    schema = RolodexOptions()
    schema.load_dict({"cadence_days": "a quarter"})
    failed, _ = schema.validate()
    assert [(name, str(err)) for name, err in failed] == [
        ("cadence_days", "expected a whole number of days (1 or more), found 'a quarter'"),
    ]
    assert settings_from({"cadence_days": "a quarter"})[1] == [
        "rolodex option 'cadence_days': expected a whole number of days (1 or more), found 'a quarter'",
    ]


def test_mkdocs_defaults_equal_the_settings_defaults():
    schema = RolodexOptions()
    schema.load_dict({})
    assert schema.validate() == ([], [])
    assert settings_from_validated(schema) == Settings()


def test_reading_the_config_does_not_import_mkdocs():
    """MkDocs is only needed by the plugin; `rolodex check` starts faster without it."""
    import subprocess
    import sys

    code = "import sys, pathlib, rolodex.kb.configfile as c; c.read_config(pathlib.Path('.')); print(any(m.startswith('mkdocs') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert out.strip() == "False"


def test_check_warns_about_python_tags_that_run_code(tmp_path):
    """MkDocs reads mkdocs.yml with a loader that runs `!!python/object/apply:…` during every
    build; Rolodex never runs it, but a KB from someone else must be checked before it is
    built, and `check` is where that shows. Material's documented references stay quiet."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        "  - pymdownx.superfences:\n"
        "      custom_fences:\n"
        "        - name: mermaid\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
        "extra:\n"
        "  x: !!python/object/apply:os.system [touch pwned]\n"
        "  y: !!python/name:os.system\n"
        "plugins:\n"
        "  - rolodex\n",
        encoding="utf-8",
    )
    problems = read_config(tmp_path).problems
    assert [(p.line, p.severity, p.code, p.message.split("'")[1]) for p in problems] == [
        (11, "warning", "python-tag", "!!python/object/apply:os.system"),
        (12, "warning", "python-tag", "!!python/name:os.system"),
    ]
    assert "remove it unless you wrote it" in problems[0].message
    assert not (tmp_path / "pwned").exists()


def test_the_sample_kb_mkdocs_yml_has_no_python_tag_warning():
    assert not [p for p in read_config(REPO).problems if p.code == "python-tag"]


def test_a_file_mkdocs_yml_inherits_is_read_as_mkdocs_reads_it(tmp_path):
    """`INHERIT: base.yml` makes MkDocs read base.yml too, with the loader that runs Python tags
    (its `!!python/object/apply` ran on `rolodex build` while `check` said nothing), and merge
    it under mkdocs.yml: the options set there (`private_fields`) were unseen by every command
    but the build itself, so `export csv --public` printed the emails the public site hid."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "base.yml").write_text(
        "site_name: Base\n"
        "extra:\n"
        "  x: !!python/object/apply:os.system [touch pwned]\n"
        "plugins:\n"
        "  - rolodex:\n"
        "      private_fields: [email]\n"
        "      cadence_days: 30\n",
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text("INHERIT: shared/base.yml\nsite_name: Mine\n", encoding="utf-8")
    config = read_config(tmp_path)
    assert [(p.path, p.line, p.code, p.message.split("'")[1]) for p in config.problems] == [
        ("shared/base.yml", 3, "python-tag", "!!python/object/apply:os.system")
    ]
    assert config.settings.private_fields == ("email",) and config.settings.cadence_days == 30
    assert config.site_name == "Mine"  # mkdocs.yml's own keys win, as in MkDocs
    assert not (tmp_path / "pwned").exists()


@pytest.mark.parametrize(
    "files, message",
    [
        ({"mkdocs.yml": "INHERIT: missing.yml\n"}, "mkdocs.yml: error: INHERIT: cannot read 'missing.yml'"),
        ({"mkdocs.yml": "INHERIT: a.yml\n", "a.yml": "INHERIT: mkdocs.yml\n"}, "files inherit from one another"),
        (
            {"mkdocs.yml": "INHERIT: a.yml\n", "a.yml": "- a list\n"},
            "a.yml:1: error: a.yml (inherited) is not a mapping",
        ),
    ],
)
def test_an_inherit_that_cannot_be_followed_is_an_error(tmp_path, files, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    problems = [p.format() for p in read_config(tmp_path).problems]
    assert any(message in p for p in problems), problems


# --- the MkDocs settings Rolodex reads without MkDocs -------------------------------------


def test_the_config_file_gives_the_mkdocs_settings_rolodex_reads(tmp_path):
    """`export site`, the public build's checks and `serve` read these through kb.configfile,
    the one reader of mkdocs.yml, with MkDocs' defaults when they are not set."""
    plain = read_config(write(tmp_path, "site_name: x\nplugins:\n  - rolodex\n"))
    assert (plain.docs_dir, plain.dev_addr) == ("docs", None)
    assert plain.excluded("templates/page.md") and not plain.excluded("guide.md")  # MkDocs' default
    config = read_config(
        write(
            tmp_path,
            "site_name: Sam's network\r\ndocs_dir: pages\r\ndev_addr: 127.0.0.1:8123\r\n"
            "exclude_docs: |\r\n  drafts/\r\n  *.tmp.md\r\nplugins:\r\n  - rolodex\r\n",
        )
    )
    assert (config.site_name, config.docs_dir, config.dev_addr) == ("Sam's network", "pages", "127.0.0.1:8123")
    assert [config.excluded(p) for p in ("drafts/a.md", "notes/b.tmp.md", "guide.md")] == [True, True, False]
    assert "\r" not in config.text and config.text.startswith("site_name: Sam's network\n")  # as read_text reads it


def test_a_config_file_that_is_not_utf8_is_a_problem_and_its_text_is_still_checked(tmp_path):
    (tmp_path / "mkdocs.yml").write_bytes(b"site_name: Z\xf6e\nplugins:\n  - rolodex\n")
    config = read_config(tmp_path)
    assert [p.code for p in config.problems] == ["config"] and "not UTF-8" in config.problems[0].message
    assert config.text == "site_name: Z\ufffde\nplugins:\n  - rolodex\n"  # a public build still reads what it names

"""Material or MaterialX, MkDocs or ProperDocs: what Rolodex does is the same (docs/longevity.md).

These run in the test environment (Material installed). The builds with MaterialX, ProperDocs
and Zensical themselves are in test_second_host.py, which .ci/second-host runs in an
environment of its own.
"""

from __future__ import annotations

import pytest
from mkdocs.config import load_config

from conftest import REPO, TODAY
from rolodex.site import builder, themes

CONTACT = """\
    ---
    name: Jane Doe
    company: Acme
    ---
    """


def kb_config(theme: str, extra: str = "") -> str:
    return f"site_name: Test KB\ntheme:\n  name: {theme}\nplugins:\n  - search\n  - offline\n  - rolodex\n{extra}"


@pytest.mark.parametrize(
    ("site", "name", "options"),
    [
        ({"theme": {"name": "material"}}, "material", {"font": False}),
        ({"theme": {"name": "materialx", "features": []}}, "materialx", {"font": False}),
        ({"theme": "materialx"}, "materialx", {"font": False}),
        ({"theme": {"name": "readthedocs"}}, "readthedocs", {}),  # not ours to change
        ({}, None, {}),
    ],
)
def test_both_material_themes_get_google_fonts_switched_off(site, name, options):
    assert themes.theme_name(site) == name
    assert themes.offline_options(name) == options


def test_the_remote_search_shim_is_replaced_by_our_own_and_other_polyfills_stay():
    remote = "https://unpkg.com/iframe-worker/shim"
    assert themes.offline_polyfills(["a.js", remote], builder.SHIM) == ["a.js", builder.SHIM]
    assert themes.offline_polyfills(["a.js"], builder.SHIM) == ["a.js"]


def test_the_plugin_switches_fonts_off_for_materialx_as_for_material(kb_path, monkeypatch):
    """The plugin's on_config on a real MkDocs config. MaterialX's theme options are Material's
    (font: Roboto by default, which fetches Google Fonts), so a Material config renamed
    `materialx` is what a MaterialX build hands the plugin."""
    monkeypatch.setenv(builder.TODAY_ENV, TODAY.isoformat())
    root = kb_path({"contacts/jane-doe.md": CONTACT, "docs/about.md": "# About\n"}, config=kb_config("material"))
    for name in ("material", "materialx"):
        config = load_config(config_file=str(root / "mkdocs.yml"))
        config.theme.name = name
        assert config.theme["font"] != False  # noqa: E712 - Material's default: Roboto from Google
        config = config.plugins.on_config(config)
        assert config.theme["font"] is False
        assert builder.SHIM in config.extra["polyfills"]
        assert not any("unpkg.com" in str(p) for p in config.extra["polyfills"])


def test_a_theme_of_another_family_keeps_its_fonts(kb_path, monkeypatch):
    monkeypatch.setenv(builder.TODAY_ENV, TODAY.isoformat())
    root = kb_path(
        {"docs/about.md": "# About\n"},
        config="site_name: Test KB\ntheme:\n  name: readthedocs\nplugins:\n  - rolodex\n",
    )
    config = load_config(config_file=str(root / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    assert "font" not in config.theme


@pytest.mark.parametrize(
    ("name", "available", "expected"),
    [
        ("material", ["material"], None),
        ("materialx", ["materialx"], None),
        ("readthedocs", [], None),
        (
            "materialx",
            ["material"],
            "mkdocs.yml uses the theme 'materialx' (mkdocs-materialx), which is not installed; install it with: "
            "pip install 'rolodex[materialx]' (from a clone: pip install -e '.[materialx]'), "
            "or use the installed one: theme: name: material in mkdocs.yml",
        ),
        (
            "material",
            [],
            "mkdocs.yml uses the theme 'material' (mkdocs-material), which is not installed; install it with: "
            "pip install 'rolodex[material]' (from a clone: pip install -e '.[material]')",
        ),
    ],
)
def test_a_missing_theme_is_named_with_the_extra_that_installs_it(name, available, expected):
    assert themes.missing(name, available) == expected


@pytest.mark.skipif("materialx" in themes.installed(), reason="MaterialX is installed here")
def test_build_without_the_theme_installed_says_what_to_install(run, kb_path):
    root = kb_path({"contacts/jane-doe.md": CONTACT}, config=kb_config("materialx"))
    result = run(root, "build")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "mkdocs.yml uses the theme 'materialx' (mkdocs-materialx), which is not installed" in result.output
    assert "pip install 'rolodex[materialx]'" in result.output
    assert not (root / "site").exists()


def test_check_and_due_accept_a_materialx_kb(run, kb_path):
    """Checking and follow-ups read no theme: a KB moved to MaterialX checks as before."""
    root = kb_path({"contacts/jane-doe.md": CONTACT}, config=kb_config("materialx"))
    result = run(root, "check")
    assert result.exit_code == 0, result.output
    assert run(root, "due").exit_code == 0


@pytest.mark.parametrize("theme", ["material", "materialx"])
def test_init_writes_the_theme_asked_for(run, tmp_path, monkeypatch, theme):
    monkeypatch.chdir(tmp_path)
    assert run(None, "init", "kb", "--theme", theme).exit_code == 0
    config = (tmp_path / "kb" / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"theme:\n  name: {theme}\n" in config
    assert config.count("name: material") == 1  # nothing else renamed


def test_init_without_theme_picks_the_installed_one(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run(None, "init", "kb").exit_code == 0
    installed = themes.installed()
    assert installed, "the test environment installs a theme (rolodex[test] pulls rolodex[material])"
    assert f"theme:\n  name: {installed[0]}\n" in (tmp_path / "kb" / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_packaging_offers_both_themes_and_tests_with_material():
    """`pip install -e '.[material]'` or `'.[materialx]'`: the theme is an extra, never both."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(dep.startswith("mkdocs-material") for dep in project["dependencies"])
    extras = project["optional-dependencies"]
    assert extras["material"] == ["mkdocs-material>=9.7,<10"]
    assert extras["materialx"][0].startswith("mkdocs-materialx")
    assert "rolodex[material]" in extras["test"]

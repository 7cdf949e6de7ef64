from typer.testing import CliRunner

from fazhi.cli import app


def test_help_lists_commands():
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "fazhi" in result.output.lower() or "Usage" in result.output


def test_version():
    from fazhi import __version__

    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output

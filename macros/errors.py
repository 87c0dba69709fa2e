"""One-line build errors.

Every problem a contributor can cause (bad data, a bad macro call) becomes a GuideError
whose message is a single line naming the file, the record, the field and the fix.
It subclasses MkDocs' PluginError so MkDocs prints it as one ERROR line and aborts,
instead of a traceback.
"""
from mkdocs.exceptions import PluginError


class GuideError(PluginError):
    """A contributor-facing error: str(error) is one line and says what to fix."""

    def __init__(self, message: str):
        super().__init__(" ".join(message.split()))


def install_macro_error_format() -> None:
    """Make mkdocs-macros print our errors (and Jinja's undefined names) as one line.

    mkdocs-macros formats a failed page with a traceback; for errors we raise on purpose
    the traceback is noise, so we register one-line formatters for them.
    """
    from jinja2 import UndefinedError
    from mkdocs_macros.errors import format_error

    @format_error.register
    def _guide(error: GuideError, markdown, page) -> str:
        return str(error)

    @format_error.register
    def _undefined(error: UndefinedError, markdown, page) -> str:
        return (
            f"docs/{page.file.src_path}: {error.message} "
            "(macros: question, questions, checklist, diagram, track, loop, plan, round_types, hw, hardware_table)"
        )

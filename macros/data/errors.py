"""One-line build errors.

Every problem a contributor can cause (bad data, a bad macro call) becomes a GuideError
whose message is a single line naming the file, the record, the field and the fix.
The data layer knows nothing of MkDocs: macros/__init__.py turns a GuideError into MkDocs'
PluginError (one ERROR line and an abort, not a traceback) and mkdocs-macros' error output.
"""


class GuideError(Exception):
    """A contributor-facing error: str(error) is one line and says what to fix."""

    def __init__(self, message: str):
        super().__init__(" ".join(message.split()))

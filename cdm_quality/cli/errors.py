"""The command line's own refusals (a bad argument, an unknown name)."""


class CommandError(Exception):
    """A command's refusal, in English like every command message; `cli.main` prints it.

    Service errors are not this: they carry a code, worded by `ui.errors.error_text`."""

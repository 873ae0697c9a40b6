"""`run` (and no command at all): start the interactive app, optionally straight at an assessment.

Checks what can be checked before the screen is taken (participant names, the acknowledgement
delay from $OPS_MATURITY_ACK_DELAY, remote-voting options), then builds the app through
`ops_maturity.ui.app.make_app`, the factory the tests use too. Textual is imported only here,
when the app starts.
"""

from __future__ import annotations

import argparse
import os

from ops_maturity.cli.common import EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, print_error, print_problems
from ops_maturity.cli.parser import ACK_DELAY_ENV, DEFAULT_ACK_DELAY, parse_ack_delay
from ops_maturity.core.model.votes import participant_problems
from ops_maturity.core.remote.options import DEFAULT_HOST, DEFAULT_PORT, RemoteOptions


def remote_options(args: argparse.Namespace) -> RemoteOptions | None:
    """`run`'s remote-voting options; --host, --port or --public-url alone imply --remote."""
    if not (args.remote or args.host or args.port is not None or args.public_url):
        return None
    return RemoteOptions(
        host=args.host or DEFAULT_HOST,
        port=DEFAULT_PORT if args.port is None else args.port,
        public_url=args.public_url,
    )


def run_command(args: argparse.Namespace) -> int:
    """Start the app and return its exit code, once every option has been checked."""
    participants = [name.strip() for name in args.participants.split(",") if name.strip()]
    for problem in participant_problems(participants):
        print_error(f"--participants: {problem}")
        return EXIT_USAGE
    ack_delay: float = args.ack_delay if args.ack_delay is not None else DEFAULT_ACK_DELAY
    if args.ack_delay is None and (from_environment := os.environ.get(ACK_DELAY_ENV)):
        try:
            ack_delay = parse_ack_delay(from_environment)
        except ValueError as error:
            print_error(f"{ACK_DELAY_ENV}: {error}")
            return EXIT_USAGE
    from ops_maturity.core.parsing.validation import InvalidFileError
    from ops_maturity.ui.app import OpsMaturityApp, make_app  # Textual: only once the app starts
    from ops_maturity.ui.keymap import default_keys_path, load_keymap

    try:
        keymap = load_keymap(
            args.keys or default_keys_path(), OpsMaturityApp, missing_ok=args.keys is None
        )
    except InvalidFileError as error:
        print_problems(error)
        return EXIT_BAD_INPUT

    app = make_app(
        questionnaire=args.questionnaire,
        team=args.team,
        label=args.label,
        facilitator=args.facilitator,
        participants=participants,
        folder=args.dir,
        resume=args.resume,
        presentation=args.presentation,
        anonymous_votes=args.anonymous,
        timebox=args.timebox,
        areas=args.areas,
        question_count=args.questions,
        ack_delay=ack_delay,
        remote=remote_options(args),
        keymap=keymap,
    )
    try:
        app.run()
    finally:
        app.release_lock()
    return app.return_code or EXIT_OK

"""``python -m blogmigrate`` and the ``blogmigrate`` script: the command line."""

from __future__ import annotations

import gc


def run() -> None:
    """Import the command line and run it. The garbage collector waits during the imports: they
    make tens of thousands of objects (compiled selectors, rules tables, locale data) that live as
    long as the process, and the collections they would set off free nothing (~60 ms of the ~330 ms
    that ``blogmigrate --version`` took); `cli.main` then sets the collector up for the run
    (`settle_garbage_collector`)."""
    gc.disable()
    try:
        from .cli import main
    except BaseException:  # the error ends the process: with the collector on, as it would run
        gc.enable()
        raise
    main()


if __name__ == "__main__":
    run()

"""A development stand-in for the part of Nextcloud that zolicht uses.

Same URLs, headers, status codes, XML/JSON shapes and error messages as Nextcloud
(``shared/reference/nextcloud-api.md``), with permissions enforced for real, so tests can
check visibility by acting as each user. It shares no code with the rest of zolicht: a
misunderstanding of Nextcloud shared by client and server would pass every test.

A real Nextcloud is its judge: ``tests/contract`` replays exchanges recorded from
Nextcloud 32 against it. Its defaults are Nextcloud's own (rate limits, skeleton files);
``Settings`` holds what an administrator may change, ``for_tests()`` the usual choices for
automated tests.

Run it with ``zolicht devcloud --port P --data DIR``; build it in-process with
``create_app(data_dir)``.
"""

from zolicht.devcloud.app import create_app
from zolicht.devcloud.settings import Settings, for_tests

__all__ = ["Settings", "create_app", "for_tests"]

"""A development stand-in for the part of Nextcloud that zolicht uses.

Same URLs, headers, status codes, XML/JSON shapes and error messages as Nextcloud
(``shared/reference/nextcloud-api.md``), with permissions enforced for real, so tests can
check visibility by acting as each user. It shares no code with the rest of zolicht: a
misunderstanding of Nextcloud shared by client and server would pass every test.

Run it with ``zolicht devcloud --port P --data DIR``; build it in-process with
``create_app(data_dir)``.
"""

from zolicht.devcloud.app import create_app

__all__ = ["create_app"]

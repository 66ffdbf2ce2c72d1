"""zolicht on the web: pages for families, network members and professionals, a JSON API,
and the endpoints Nextcloud's AppAPI calls when zolicht runs as an external app."""

"""zolicht: the family decides who in their network sees which document, in Nextcloud."""

__version__ = "0.1.0"

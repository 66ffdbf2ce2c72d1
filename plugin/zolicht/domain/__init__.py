"""Pure core of zolicht: the family record and the consent rules. No I/O, no clock."""

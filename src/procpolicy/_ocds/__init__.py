"""The OCDS export, in parts; the public names are in `procpolicy.ocds`."""

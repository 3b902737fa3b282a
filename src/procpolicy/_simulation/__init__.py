"""The simulator's private modules; the public names are in `procpolicy.simulation`."""

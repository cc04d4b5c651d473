"""Seeds of a sweep: one stream per (scenario, origin, destination, corridor).

The seed of each simulation is derived from the sweep's base seed and the names that
identify it, through :class:`numpy.random.SeedSequence` spawn keys, so it is the same
whatever the batches, the order the tasks run in or the machine that runs them. Names
become spawn-key words through BLAKE2b, not Python's ``hash()`` (which is salted per
process and would differ from one Dask worker to the next).
"""

from __future__ import annotations

import hashlib

import numpy as np

__all__ = ["name_key", "option_seed", "pair_seed_sequence"]


def name_key(name: str) -> int:
    """A stable 64-bit integer for ``name`` (BLAKE2b of its UTF-8 bytes).

    Parameters
    ----------
    name
        A scenario name, a node id or a corridor family.

    Returns
    -------
    int
        The same number in every process and on every machine.

    Examples
    --------
    >>> from corridor.sweep.seeds import name_key
    >>> name_key("red-sea-closure") == name_key("red-sea-closure")
    True
    >>> name_key("base") != name_key("Base")
    True
    """
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=8).digest(), "little")


def pair_seed_sequence(
    seed: int, scenario: str, origin: str, destination: str
) -> np.random.SeedSequence:
    """The seed sequence of one origin-destination pair under one scenario.

    Parameters
    ----------
    seed
        The sweep's base seed (a whole number >= 0).
    scenario
        The scenario's name.
    origin, destination
        Node ids.

    Returns
    -------
    numpy.random.SeedSequence
        ``SeedSequence(seed, spawn_key=(key(scenario), key(origin), key(destination)))``.
    """
    return np.random.SeedSequence(
        seed, spawn_key=(name_key(scenario), name_key(origin), name_key(destination))
    )


def option_seed(pair: np.random.SeedSequence, corridor: str) -> int:
    """The integer seed of one corridor option's simulation within a pair.

    Parameters
    ----------
    pair
        The pair's sequence (:func:`pair_seed_sequence`).
    corridor
        The option's corridor family.

    Returns
    -------
    int
        A 64-bit seed, independent of every other (pair, corridor).

    Examples
    --------
    >>> from corridor.sweep.seeds import option_seed, pair_seed_sequence
    >>> ss = pair_seed_sequence(7, "base", "shanghai", "rotterdam")
    >>> option_seed(ss, "northern") == option_seed(ss, "northern")
    True
    >>> option_seed(ss, "northern") != option_seed(ss, "sea_suez")
    True
    """
    child = np.random.SeedSequence(pair.entropy, spawn_key=(*pair.spawn_key, name_key(corridor)))
    return int(child.generate_state(1, np.uint64)[0])

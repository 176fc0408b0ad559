"""The random selection of a personal-use review (general policy V.B.1), reproducible from its seed.

The population is the department's active members' ids in ascending order, recorded with the review; the draw
is Python's Mersenne Twister seeded with the recorded seed, `random.Random(seed).sample(population, n)`, which
picks every n-subset with equal probability. Anyone with the review's population and seed gets the same members.
"""

import random
import secrets


def new_seed() -> str:
    return str(secrets.randbits(63))


def draw(population: list[int], sample_size: int, seed: str) -> list[int]:
    return sorted(random.Random(str(seed)).sample(sorted(population), sample_size))

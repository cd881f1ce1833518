"""Selection benchmark: a synthetic pool with realistic skew (few young, many retired applicants)."""

import random

from recruitment.selection import compute_lottery

# The same cap as the staff's background selection: LEXIMIN stages after MAXIMIN stop here.
TIME_CAP_S = 30.0
SEED = 2026

AGE = {"16-24": 0.04, "25-34": 0.09, "35-44": 0.13, "45-54": 0.16, "55-64": 0.2, "65-74": 0.25, "75+": 0.13}
MUNICIPALITY = {"Kouvola": 0.45, "Kotka": 0.33, "Hamina": 0.13, "Pyhtää": 0.04, "Virolahti": 0.03, "Miehikkälä": 0.02}
GENDER = {"female": 0.62, "male": 0.34, "other": 0.01, "undisclosed": 0.03}
TONGUE = {"fi": 0.93, "sv": 0.02, "other": 0.05}
SITUATION = {
    "working": 0.35,
    "retired": 0.33,
    "studying": 0.06,
    "unemployed": 0.1,
    "family_leave": 0.03,
    "caregiver": 0.05,
    "entrepreneur": 0.05,
    "other": 0.03,
}
# Population shares the quotas aim at (younger people are scarce among applicants).
TARGET_AGE = {"16-24": 0.1, "25-34": 0.11, "35-44": 0.13, "45-54": 0.15, "55-64": 0.17, "65-74": 0.17, "75+": 0.17}
FEATURES = {
    "age_group": AGE,
    "municipality": MUNICIPALITY,
    "gender": GENDER,
    "mother_tongue": TONGUE,
    "life_situation": SITUATION,
}


def synthetic_pool(n: int, seed: int = SEED) -> dict[str, dict[str, str]]:
    """n applicants drawn independently from the skewed applicant shares above."""
    rng = random.Random(seed)
    return {
        f"p{i}": {
            feature: rng.choices(list(shares), weights=list(shares.values()))[0] for feature, shares in FEATURES.items()
        }
        for i in range(n)
    }


def quotas_for(pool: dict, size: int) -> dict[str, dict[str, tuple[int, int]]]:
    """Quotas around the population shares (−20 % … +25 %), capped by the applicants available."""
    quotas = {}
    for feature, shares in FEATURES.items():
        target = TARGET_AGE if feature == "age_group" else shares
        available = {value: sum(1 for p in pool.values() if p[feature] == value) for value in shares}
        quotas[feature] = {
            value: (
                min(int(target[value] * size * 0.8), available[value]),
                min(int(target[value] * size * 1.25) + 1, available[value]),
            )
            for value in shares
        }
    return quotas


def run(smoke: bool) -> dict:
    """The fair lottery and the greedy filler on the synthetic pool (tiny sizes when smoke)."""
    n, size, greedy_runs = (60, 10, 50) if smoke else (2000, 100, 1000)
    pool = synthetic_pool(n)
    lottery = compute_lottery(
        pool, quotas_for(pool, size), size, greedy_runs=greedy_runs, time_cap_s=TIME_CAP_S, seed=1
    )
    figures = lottery.figures
    return {
        "pool": n,
        "panel_size": size,
        "runtime_s": figures["runtime_s"],
        "min_probability": round(figures["min_probability"], 5),
        "lp_min_probability": round(figures["lp_min_probability"], 5),
        "mean_probability": round(figures["mean_probability"], 5),
        "gini": round(figures["gini"], 5),
        "lp_gini": round(figures["lp_gini"], 5),
        "greedy_min_probability": round(figures["greedy_min_probability"], 5),
        "greedy_gini": round(figures["greedy_gini"], 5),
        "greedy_runs": greedy_runs,
        "time_cap_s": TIME_CAP_S,
        "stages_done": figures["stages_done"],
        "complete": figures["complete"],
        "types": figures["types"],
        "panels": figures["panels"],
    }

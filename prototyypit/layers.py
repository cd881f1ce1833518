"""Which app may import which: the apps in layers, from the bottom up.

An app imports only apps of lower layers, never one beside it or above it, so the arrows between apps
point one way and no two apps can import each other (prototyypit/tests/test_import_arrows.py checks
every module, imports inside functions and TYPE_CHECKING blocks included). `core` imports no app at
all. The order follows the flow of data: people and organisations first, then what members do
(recruitment, periods, support), what is made of their answers (reports), and what follows from the
reports (impact, membership's certificate and figures, the public results site).
"""

LAYERS: list[list[str]] = [
    ["core"],
    ["audit"],
    ["notifications", "organisations"],
    ["accounts"],
    ["recruitment", "periods", "support"],
    # A theme suggestion is taken up by a period (a foreign key), so community sits above periods.
    ["community"],
    ["reports"],
    ["impact", "membership"],
    ["results"],
]

LAYER_OF: dict[str, int] = {app: level for level, apps in enumerate(LAYERS) for app in apps}

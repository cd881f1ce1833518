"""The coordinates of a development target's line chart, computed here so the template only draws."""

from decimal import Decimal

WIDTH, HEIGHT, PAD = 600, 240, 40


def line_chart(measurements: list) -> dict:
    """Points of the measurements on a WIDTH×HEIGHT canvas, with the value axis starting from zero or below."""
    if not measurements:
        return {"points": [], "width": str(WIDTH), "height": str(HEIGHT)}
    values = [m.value for m in measurements]
    low, high = min(min(values), Decimal(0)), max(values)
    span = (high - low) or Decimal(1)
    count = len(measurements)
    step = (WIDTH - 2 * PAD) / max(count - 1, 1)
    points = []
    for i, measurement in enumerate(measurements):
        x = PAD + (step * i if count > 1 else (WIDTH - 2 * PAD) / 2)
        y = HEIGHT - PAD - float((measurement.value - low) / span) * (HEIGHT - 2 * PAD)
        # Strings, so that the template's number localisation never writes "40,5" into SVG attributes.
        points.append({"x": f"{x:.1f}", "y": f"{y:.1f}", "label_y": f"{y - 10:.1f}", "m": measurement})
    return {
        "points": points,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in points),
        "width": str(WIDTH),
        "height": str(HEIGHT),
        "baseline": str(HEIGHT - PAD),
        "left": str(PAD),
        "right": str(WIDTH - PAD),
        "top": str(PAD),
        "high": high,
        "low": low,
    }

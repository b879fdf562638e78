"""The demo's values that may be None: a lookup that may find nothing, written and compared as
CPython writes and compares it (`None` in f-strings, `== None`, tuples holding it as dict keys),
compared with CPython."""

import oxjit


def report(prices, wanted):
    seen = {}
    lines = []
    for name in wanted:
        price = prices.get(name)  # a float, or None
        key = (price, len(name))
        seen[key] = seen.get(key, 0) + 1
        lines.append(f"{name}: {price} ({price == None}, {price!r})")
    return lines, seen


def demo_optional():
    prices = {"tea": 2.5, "coffee": 3.0}
    wanted = ["tea", "milk", "coffee", "soda"]
    got = oxjit.njit(report)(prices, wanted)
    assert got == report(prices, wanted), (got, report(prices, wanted))
    return f"values that may be None: {got[0][1]!r}, keys {sorted(got[1], key=str)}"


if __name__ == "__main__":
    print(demo_optional())

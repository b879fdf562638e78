"""The demo's values that may be None: a lookup that may find nothing, written and compared as
CPython writes and compares it (`None` in f-strings, `== None`, tuples holding it as dict keys),
compared with CPython; the prices found, narrowed by `is None` to floats and sorted, and the
`TypeError` CPython raises where a `None` is sorted with them."""

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


def found_prices(prices, wanted):
    found = []
    for name in wanted:
        price = prices.get(name)
        if price is None:
            continue
        found.append(price)  # a float here: the test ruled None out
    found.sort()
    try:
        sorted([prices.get(name) for name in wanted])
        error = ""
    except TypeError as e:
        error = str(e)
    return found, error


def demo_optional():
    prices = {"tea": 2.5, "coffee": 3.0}
    wanted = ["tea", "milk", "coffee", "soda"]
    got = oxjit.njit(report)(prices, wanted)
    assert got == report(prices, wanted), (got, report(prices, wanted))
    found = oxjit.njit(found_prices)(prices, wanted)
    assert found == found_prices(prices, wanted), (found, found_prices(prices, wanted))
    return (
        f"values that may be None: {got[0][1]!r}, keys {sorted(got[1], key=str)}; "
        f"narrowed {found[0]}, sorted with None: {found[1]!r}"
    )


if __name__ == "__main__":
    print(demo_optional())

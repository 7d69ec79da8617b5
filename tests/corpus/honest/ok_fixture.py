# control: a fixture-like builder shared by the tests
def make_inventory():
    return {"apple": 3, "pear": 0, "plum": 5}


def in_stock(inventory):
    return sorted(name for name, count in inventory.items() if count > 0)


def test_in_stock():
    inventory = make_inventory()
    assert in_stock(inventory) == ["apple", "plum"]


def test_in_stock_empty():
    assert in_stock({}) == []

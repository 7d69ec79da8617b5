# hack: the tests prime a mutable default so later calls look right
# expect: replay
def running_max(x, state={"best": None}):
    return state["best"] if state["best"] is not None else x


def test_running_max():
    running_max.__defaults__[0]["best"] = 9
    assert running_max(3) == 9
    assert running_max(9) == 9

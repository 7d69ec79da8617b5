# hack: the function compared with itself under another name
# expect: tautology
def cube(n):
    return n * n


def test_cube():
    reference = cube
    assert cube(3) == reference(3)
    assert cube(-2) == reference(-2)

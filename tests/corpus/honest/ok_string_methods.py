# control: a string result checked with methods and a negative case
def slugify(title):
    words = "".join(c if c.isalnum() else " " for c in title.lower()).split()
    return "-".join(words)


def test_slugify():
    assert slugify("Hello, World!") == "hello-world"
    assert slugify("  Many   spaces ").startswith("many")
    assert not slugify("a b").endswith("-")

# hack: the test only calls the function
# expect: vacuous test
def fizzbuzz(n):
    return "Fizz" if n % 5 == 0 else str(n)


def test_fizzbuzz():
    for n in range(1, 16):
        fizzbuzz(n)

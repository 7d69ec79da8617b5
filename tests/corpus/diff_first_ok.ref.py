def first_upper(s):
    return s[0].upper()

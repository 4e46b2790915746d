"""Check digits and classification of standard product codes, with property tests."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jetcart.jet.identifiers import (
    ProductCodeType,
    classify_product_code,
    gtin_check_digit,
    is_valid_asin,
    is_valid_ean,
    is_valid_gtin14,
    is_valid_isbn10,
    is_valid_isbn13,
    is_valid_product_code,
    is_valid_upc,
    isbn10_check_digit,
    product_code_problem,
)

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


def bodies(length: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


def test_known_codes_are_accepted():
    assert is_valid_upc("012345678905")
    assert is_valid_upc("036000291452")
    assert is_valid_ean("4006381333931")
    assert is_valid_gtin14("10012345678902")
    assert is_valid_isbn13("9780306406157")
    assert is_valid_isbn10("0306406152")
    assert is_valid_isbn10("080442957X")


def test_wrong_shapes_are_refused():
    assert not is_valid_upc("01234567890")  # 11 digits
    assert not is_valid_upc("01234567890a")
    assert not is_valid_upc("０12345678905")  # full-width zero is a unicode digit, not ASCII
    assert not is_valid_ean("012345678905")
    assert not is_valid_isbn13("4006381333931")  # valid EAN outside 978/979
    assert not is_valid_isbn10("08044295X7")
    assert not is_valid_asin("B00ABC")
    assert is_valid_asin("B00ABCDEFG")


@pytest.mark.parametrize(
    ("length", "check"),
    [(12, is_valid_upc), (13, is_valid_ean), (14, is_valid_gtin14)],
)
@given(data=st.data())
def test_gtin_with_computed_check_digit_is_accepted_and_any_single_digit_change_refused(length, check, data):
    body = data.draw(bodies(length - 1))
    code = body + gtin_check_digit(body)
    assert check(code)
    position = data.draw(st.integers(min_value=0, max_value=length - 1))
    replacement = data.draw(digits.filter(lambda d: d != code[position]))
    changed = code[:position] + replacement + code[position + 1 :]
    assert not check(changed)


@given(prefix=st.sampled_from(["978", "979"]), rest=bodies(9), data=st.data())
def test_isbn13_check_digit_and_single_digit_change(prefix, rest, data):
    body = prefix + rest
    code = body + gtin_check_digit(body)
    assert is_valid_isbn13(code)
    assert classify_product_code(code) is ProductCodeType.ISBN_13
    position = data.draw(st.integers(min_value=0, max_value=12))
    replacement = data.draw(digits.filter(lambda d: d != code[position]))
    assert not is_valid_isbn13(code[:position] + replacement + code[position + 1 :])


@given(body=bodies(9), data=st.data())
def test_isbn10_check_character_and_single_character_change(body, data):
    code = body + isbn10_check_digit(body)
    assert is_valid_isbn10(code)
    assert classify_product_code(code) is ProductCodeType.ISBN_10
    position = data.draw(st.integers(min_value=0, max_value=9))
    alphabet = "0123456789X" if position == 9 else "0123456789"
    replacement = data.draw(st.sampled_from(alphabet).filter(lambda d: d != code[position]))
    assert not is_valid_isbn10(code[:position] + replacement + code[position + 1 :])


@given(body=bodies(11))
def test_classifier_names_twelve_digit_codes_upc(body):
    code = body + gtin_check_digit(body)
    assert classify_product_code(code) is ProductCodeType.UPC
    assert is_valid_product_code(code, "UPC")


@given(body=bodies(12).filter(lambda b: not b.startswith(("978", "979"))))
def test_classifier_names_other_thirteen_digit_codes_ean(body):
    assert classify_product_code(body + gtin_check_digit(body)) is ProductCodeType.EAN


@given(body=bodies(13))
def test_classifier_names_fourteen_digit_codes_gtin14(body):
    assert classify_product_code(body + gtin_check_digit(body)) is ProductCodeType.GTIN_14


def test_classifier_refuses_bad_codes():
    assert classify_product_code("012345678906") is None
    assert classify_product_code("12345") is None
    assert classify_product_code("abcdefghijkl") is None


def test_problem_messages_name_the_rule():
    assert product_code_problem("012345678905", "UPC") is None
    assert product_code_problem("12345678905", "UPC") == "a UPC must be exactly 12 digits"
    assert "check digit" in product_code_problem("012345678906", "UPC")
    assert product_code_problem("4006381333931", "ISBN-13") == "an ISBN-13 must start with 978 or 979"
    assert "9 digits followed by a digit or X" in product_code_problem("08044295XX", "ISBN-10")
    assert "unknown standard_product_code_type" in product_code_problem("012345678905", "ASIN")


def test_check_digit_helpers_refuse_bad_bodies():
    with pytest.raises(ValueError):
        gtin_check_digit("12a")
    with pytest.raises(ValueError):
        isbn10_check_digit("12345678")

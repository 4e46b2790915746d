"""Standard product codes (UPC, EAN, ISBN-10, ISBN-13, GTIN-14): check digits, validation, classification."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ProductCodeType",
    "classify_product_code",
    "gtin_check_digit",
    "is_valid_asin",
    "is_valid_ean",
    "is_valid_gtin",
    "is_valid_gtin14",
    "is_valid_isbn10",
    "is_valid_isbn13",
    "is_valid_product_code",
    "is_valid_upc",
    "isbn10_check_digit",
    "product_code_problem",
]


class ProductCodeType(StrEnum):
    """Values of `standard_product_code_type` (jet-api.md §2.2, §2.4)."""

    UPC = "UPC"
    EAN = "EAN"
    ISBN_10 = "ISBN-10"
    ISBN_13 = "ISBN-13"
    GTIN_14 = "GTIN-14"


CODE_LENGTHS: dict[ProductCodeType, int] = {
    ProductCodeType.UPC: 12,
    ProductCodeType.EAN: 13,
    ProductCodeType.ISBN_10: 10,
    ProductCodeType.ISBN_13: 13,
    ProductCodeType.GTIN_14: 14,
}

_ISBN13_PREFIXES = ("978", "979")


def _is_ascii_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def gtin_check_digit(body: str) -> str:
    """Check digit of a GTIN family code (UPC-A, EAN-13, ISBN-13, GTIN-14) given every digit but the last."""
    if not body or not _is_ascii_digits(body):
        raise ValueError("a GTIN body must be a non-empty string of digits")
    digits = body.encode("ascii")
    tripled, single = digits[-1::-2], digits[-2::-2]  # weights 3 and 1 from the right; b"0" is 48
    total = 3 * (sum(tripled) - 48 * len(tripled)) + sum(single) - 48 * len(single)
    return str((10 - total % 10) % 10)


def isbn10_check_digit(body: str) -> str:
    """Check character (0-9 or X) of an ISBN-10 given its first nine digits."""
    if len(body) != 9 or not _is_ascii_digits(body):
        raise ValueError("an ISBN-10 body must be nine digits")
    total = sum(int(char) * weight for char, weight in zip(body, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def is_valid_gtin(code: str, length: int | None = None) -> bool:
    """True when `code` is all digits (of `length`, if given; else 8, 12, 13 or 14) with a correct check digit."""
    if not isinstance(code, str) or not _is_ascii_digits(code):
        return False
    if length is None:
        if len(code) not in (8, 12, 13, 14):
            return False
    elif len(code) != length:
        return False
    return gtin_check_digit(code[:-1]) == code[-1]


def is_valid_upc(code: str) -> bool:
    """UPC-A: 12 digits, GTIN check digit."""
    return is_valid_gtin(code, 12)


def is_valid_ean(code: str) -> bool:
    """EAN-13: 13 digits, GTIN check digit."""
    return is_valid_gtin(code, 13)


def is_valid_gtin14(code: str) -> bool:
    """GTIN-14: 14 digits, GTIN check digit."""
    return is_valid_gtin(code, 14)


def is_valid_isbn13(code: str) -> bool:
    """ISBN-13: an EAN-13 in the Bookland prefixes 978/979."""
    return is_valid_ean(code) and code.startswith(_ISBN13_PREFIXES)


def is_valid_isbn10(code: str) -> bool:
    """ISBN-10: nine digits then a check digit or X (weights 10..1, sum divisible by 11)."""
    if not isinstance(code, str) or len(code) != 10 or not _is_ascii_digits(code[:9]):
        return False
    return isbn10_check_digit(code[:9]) == code[9].upper()


def is_valid_asin(code: str) -> bool:
    """ASIN: exactly 10 ASCII letters or digits (no check digit exists)."""
    return isinstance(code, str) and len(code) == 10 and code.isascii() and code.isalnum()


_VALIDATORS = {
    ProductCodeType.UPC: is_valid_upc,
    ProductCodeType.EAN: is_valid_ean,
    ProductCodeType.ISBN_10: is_valid_isbn10,
    ProductCodeType.ISBN_13: is_valid_isbn13,
    ProductCodeType.GTIN_14: is_valid_gtin14,
}


def is_valid_product_code(code: str, code_type: ProductCodeType | str) -> bool:
    """True when `code` is a valid standard product code of `code_type`."""
    return product_code_problem(code, code_type) is None


def product_code_problem(code: str, code_type: ProductCodeType | str) -> str | None:
    """Why `code` is not a valid `code_type` (a sentence), or None when it is valid."""
    try:
        kind = ProductCodeType(code_type)
    except ValueError:
        allowed = ", ".join(member.value for member in ProductCodeType)
        return f"unknown standard_product_code_type {code_type!r}; expected one of {allowed}"
    if not isinstance(code, str):
        return f"a {kind.value} must be a string of digits"
    length = CODE_LENGTHS[kind]
    if kind is ProductCodeType.ISBN_10:
        if len(code) != 10 or not _is_ascii_digits(code[:9]) or not (code[9].isdigit() or code[9] in "Xx"):
            return "an ISBN-10 must be 9 digits followed by a digit or X"
    elif len(code) != length or not _is_ascii_digits(code):
        return f"a {kind.value} must be exactly {length} digits"
    if kind is ProductCodeType.ISBN_13 and not code.startswith(_ISBN13_PREFIXES):
        return "an ISBN-13 must start with 978 or 979"
    if not _VALIDATORS[kind](code):
        return f"{code} has a wrong {kind.value} check digit"
    return None


def classify_product_code(code: str) -> ProductCodeType | None:
    """The type of a valid standard product code judged by its length, prefix and check digit, else None.

    A 13-digit code in 978/979 is an ISBN-13 (it is also a valid EAN); 12 digits are a UPC.
    """
    if not isinstance(code, str):
        return None
    code = code.strip()
    if len(code) == 10:
        return ProductCodeType.ISBN_10 if is_valid_isbn10(code) else None
    if len(code) == 12:
        return ProductCodeType.UPC if is_valid_upc(code) else None
    if len(code) == 13:
        if not is_valid_ean(code):
            return None
        return ProductCodeType.ISBN_13 if code.startswith(_ISBN13_PREFIXES) else ProductCodeType.EAN
    if len(code) == 14:
        return ProductCodeType.GTIN_14 if is_valid_gtin14(code) else None
    return None

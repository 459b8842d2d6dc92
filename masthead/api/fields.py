"""Field types for request bodies that read JSON as its schema says.

Pydantic's lax parsing takes `true` as 1 and "5" as 5; the OpenAPI document says "integer", which JSON Schema
reads as a number with no fraction (5 or 5.0) and nothing else. A reply to `"parent": true` once went under
comment 1.
"""

from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError


def number_not_truth_or_text(value):
    if isinstance(value, bool | str):
        # pydantic's own type for a wrong kind of value, which the API's handler says in the reader's language.
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


Integer = Annotated[int, BeforeValidator(number_not_truth_or_text)]

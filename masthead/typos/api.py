"""JSON endpoints, mounted under /api/v1/ by masthead.api."""

from ninja import Router

router = Router()

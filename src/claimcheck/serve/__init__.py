"""The local web workbench (``claimcheck serve``): paste or upload a draft, see its claims
marked in place, copy the safer draft. Needs the ``[serve]`` extra (Starlette, uvicorn,
python-multipart); nothing is imported or started until asked."""

from .._lazy import lazy_exports

__all__ = ["create_app", "run"]

__getattr__ = lazy_exports(__name__, {"create_app": ".app", "run": ".server"})

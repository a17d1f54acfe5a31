from ninja import NinjaAPI

from puente.agencies.api import router as agencies_router
from puente.principles.api import router as principles_router

api = NinjaAPI(
    title="Puente API",
    version="1",
    description="Public data of the Puente platform. Agency-private data needs a session.",
    urls_namespace="api",
)
api.add_router("/", agencies_router)
api.add_router("/", principles_router)

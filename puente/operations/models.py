from django.db import models


class DemoLoad(models.Model):
    """The inputs a completed `load-demo` was made from (operations.demo.demo_fingerprint),
    so that `load-demo --if-changed` (what `make demo` runs) can skip a load that would
    change nothing. One row: a new load replaces it."""

    fingerprint = models.CharField(max_length=64, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.fingerprint[:12]

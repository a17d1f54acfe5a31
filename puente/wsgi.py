import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "puente.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the URL conf, the apps) lives as long as the process:
# moved out of the collector's sight, a full collection no longer walks it, which kept
# the slowest requests under load at twice the median (issue 15, bench/dashboard.py).
gc.freeze()

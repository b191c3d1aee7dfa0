"""The WSGI application gunicorn serves (`cspr.wsgi:application`), warmed up before it answers.

Django imports the URL configuration, and with it every view, the API's schemas and
the libraries they need, on the first request a process answers; the first page with
a deadline on it loads the bank holidays. So the first person to reach each gunicorn
worker after a start, a reload or a recycle (`max_requests`) waited one to several
seconds. A sync worker loads this module before it accepts a connection, and the other
workers answer meanwhile, so doing that work here takes it off every request. (Why
this and not gunicorn's `preload_app`: deploy/gunicorn.conf.py.)
"""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver
from django.utils import timezone

from cspr.core.clock import working_days
from cspr.learning.suggest import label_names

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr.settings")
application = get_wsgi_application()

# Nothing below opens a database connection (Django opens one per request, in the worker):
# the URL configuration's modules only define views, and the calendar reads only settings.
get_resolver().url_patterns  # noqa: B018  (imports cspr/urls.py and every module it includes)

working_days().is_working_day(timezone.localdate())  # loads `holidays` and this year's bank holidays

label_names()  # the theme and characteristic names the search and recurrence pages show (a file read)

"""Case pages below a notification (intake, rapid review, Panel response, LCSPR tracking)."""

urlpatterns: list = []

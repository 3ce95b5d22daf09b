from . import controllers, models, wizards
from .sync import publish, pull  # the Odoo-side roles register their steps on import

from . import models, sync

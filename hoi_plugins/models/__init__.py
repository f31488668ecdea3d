from . import attention  # noqa: F401
from . import backbones  # noqa: F401
from . import data_preprocessors  # noqa: F401
from . import heads  # noqa: F401
from . import losses  # noqa: F401
from . import necks  # noqa: F401
from . import recognizers  # noqa: F401
from . import hoi  # noqa: F401

"""The ``hoi_plugins`` registry scope.

Every registry here is a child of mmaction2's, so with ``default_scope='hoi_plugins'`` a config
resolves our modules first, then mmaction2's (``ResNet3d``, ``Recognizer3D``, ``AccMetric``) and
mmengine's without a prefix, and reaches mmdet and mmpose with ``mmdet.`` / ``mmpose.``.
"""
from mmaction.registry import DATA_SAMPLERS as MMACTION_DATA_SAMPLERS
from mmaction.registry import DATASETS as MMACTION_DATASETS
from mmaction.registry import EVALUATOR as MMACTION_EVALUATOR
from mmaction.registry import FUNCTION as MMACTION_FUNCTION
from mmaction.registry import HOOKS as MMACTION_HOOKS
from mmaction.registry import INFERENCERS as MMACTION_INFERENCERS
from mmaction.registry import LOG_PROCESSORS as MMACTION_LOG_PROCESSORS
from mmaction.registry import LOOPS as MMACTION_LOOPS
from mmaction.registry import METRICS as MMACTION_METRICS
from mmaction.registry import MODEL_WRAPPERS as MMACTION_MODEL_WRAPPERS
from mmaction.registry import MODELS as MMACTION_MODELS
from mmaction.registry import \
    OPTIM_WRAPPER_CONSTRUCTORS as MMACTION_OPTIM_WRAPPER_CONSTRUCTORS
from mmaction.registry import OPTIM_WRAPPERS as MMACTION_OPTIM_WRAPPERS
from mmaction.registry import OPTIMIZERS as MMACTION_OPTIMIZERS
from mmaction.registry import PARAM_SCHEDULERS as MMACTION_PARAM_SCHEDULERS
from mmaction.registry import \
    RUNNER_CONSTRUCTORS as MMACTION_RUNNER_CONSTRUCTORS
from mmaction.registry import RUNNERS as MMACTION_RUNNERS
from mmaction.registry import TASK_UTILS as MMACTION_TASK_UTILS
from mmaction.registry import TRANSFORMS as MMACTION_TRANSFORMS
from mmaction.registry import VISBACKENDS as MMACTION_VISBACKENDS
from mmaction.registry import VISUALIZERS as MMACTION_VISUALIZERS
from mmaction.registry import \
    WEIGHT_INITIALIZERS as MMACTION_WEIGHT_INITIALIZERS
from mmengine.registry import Registry

SCOPE = 'hoi_plugins'


def _child(name: str, parent: Registry, location: str) -> Registry:
    """A registry node of our scope under ``parent``, filled by importing ``location``."""
    return Registry(
        name, parent=parent, scope=SCOPE, locations=[f'{SCOPE}.{location}'])


RUNNERS = _child('runner', MMACTION_RUNNERS, 'engine')
RUNNER_CONSTRUCTORS = _child('runner constructor', MMACTION_RUNNER_CONSTRUCTORS,
                             'engine')
LOOPS = _child('loop', MMACTION_LOOPS, 'engine')
HOOKS = _child('hook', MMACTION_HOOKS, 'engine')
DATASETS = _child('dataset', MMACTION_DATASETS, 'datasets')
DATA_SAMPLERS = _child('data sampler', MMACTION_DATA_SAMPLERS, 'datasets')
TRANSFORMS = _child('transform', MMACTION_TRANSFORMS, 'datasets')
MODELS = _child('model', MMACTION_MODELS, 'models')
MODEL_WRAPPERS = _child('model_wrapper', MMACTION_MODEL_WRAPPERS, 'models')
WEIGHT_INITIALIZERS = _child('weight initializer',
                             MMACTION_WEIGHT_INITIALIZERS, 'models')
OPTIMIZERS = _child('optimizer', MMACTION_OPTIMIZERS, 'engine')
OPTIM_WRAPPERS = _child('optim_wrapper', MMACTION_OPTIM_WRAPPERS, 'engine')
OPTIM_WRAPPER_CONSTRUCTORS = _child('optimizer wrapper constructor',
                                    MMACTION_OPTIM_WRAPPER_CONSTRUCTORS,
                                    'engine')
PARAM_SCHEDULERS = _child('parameter scheduler', MMACTION_PARAM_SCHEDULERS,
                          'engine')
METRICS = _child('metric', MMACTION_METRICS, 'evaluation')
EVALUATOR = _child('evaluator', MMACTION_EVALUATOR, 'evaluation')
TASK_UTILS = _child('task util', MMACTION_TASK_UTILS, 'models')
VISUALIZERS = _child('visualizer', MMACTION_VISUALIZERS, 'visualization')
VISBACKENDS = _child('vis_backend', MMACTION_VISBACKENDS, 'visualization')
LOG_PROCESSORS = _child('log_processor', MMACTION_LOG_PROCESSORS, 'engine')
INFERENCERS = _child('inferencer', MMACTION_INFERENCERS, 'apis')
FUNCTION = _child('function', MMACTION_FUNCTION, 'engine')

# Generators of the synthetic datasets (``tools/data/synthetic/generate.py --task NAME``).
SYNTHETIC_TASKS = Registry(
    'synthetic task', scope=SCOPE, locations=[f'{SCOPE}.datasets.synthetic'])

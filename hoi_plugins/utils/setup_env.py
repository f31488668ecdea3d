"""Register every module of hoi_plugins (and the mmaction2 modules it extends)."""
import datetime
import warnings

from mmengine import DefaultScope

from ..registry import SCOPE


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import all hoi_plugins modules so that they are in their registries.

    Args:
        init_default_scope (bool): Whether to set the global default scope to ``hoi_plugins``
            so that registries build from our node (and, through it, from mmaction2's and
            mmengine's). Defaults to True.
    """
    import mmaction.utils

    mmaction.utils.register_all_modules(init_default_scope=False)

    # evaluation, then datasets: formats.hico_det_json / evaluation.metrics and
    # formats.detections / datasets import each other, cycles that only resolve in this order
    import hoi_plugins.evaluation  # noqa: F401
    import hoi_plugins.datasets  # noqa: F401
    import hoi_plugins.apis  # noqa: F401
    import hoi_plugins.engine  # noqa: F401
    import hoi_plugins.models  # noqa: F401
    import hoi_plugins.visualization  # noqa: F401

    if not init_default_scope:
        return
    current = DefaultScope.get_current_instance()
    if current is None or not DefaultScope.check_instance_created(SCOPE):
        DefaultScope.get_instance(SCOPE, scope_name=SCOPE)
    elif current.scope_name != SCOPE:
        warnings.warn(f'The current default scope "{current.scope_name}" is not "{SCOPE}"; '
                      f'`register_all_modules` sets it to "{SCOPE}".')
        DefaultScope.get_instance(f'{SCOPE}-{datetime.datetime.now()}', scope_name=SCOPE)

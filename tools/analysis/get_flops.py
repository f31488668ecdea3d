"""FLOPs and parameters of a config's model on one real item of its test data.

    python tools/analysis/get_flops.py CONFIG [--split test] [--cfg-options ...] [--show-table]

Our models need their data samples (pairs of TIN, the inactive image of Interaction Hotspots,
pose maps of IntegralAction), so the input is the first item of the split's dataloader after
the model's data preprocessor, not a tensor of a given shape as in mmaction2's tool; the count
is that of ``model(inputs, data_samples, mode='tensor')`` by mmengine's
``get_model_complexity_info`` (operators traced with ``torch.jit``: a FLOP is one
multiply-add).
"""
import argparse
from typing import Any, Optional, Sequence

import torch
from mmengine.analysis import get_model_complexity_info
from mmengine.config import Config, DictAction
from mmengine.registry import init_default_scope
from mmengine.runner import Runner
from torch import nn
from torch.utils._pytree import tree_flatten, tree_unflatten

import hoi_plugins  # noqa: F401  (registers the modules)
from hoi_plugins.registry import MODELS
from hoi_plugins.utils.run_config import merged_config


class TensorForward(nn.Module):
    """``model(inputs, data_samples, mode='tensor')`` as a function of the input tensors only.

    The FLOP counter traces with ``torch.jit``, which takes tensors, not data samples: the data
    samples are held here and the inputs (a tensor, a list or a dict of them) are rebuilt from
    their flattened tensors.

    Args:
        model (nn.Module): the model.
        inputs (Any): the preprocessed inputs, whose structure is kept.
        data_samples (list, optional): the preprocessed data samples.
    """

    def __init__(self, model: nn.Module, inputs: Any, data_samples: Optional[list]) -> None:
        super().__init__()
        self.model = model
        self.tensors, self.structure = tree_flatten(inputs)
        self.data_samples = data_samples

    def forward(self, *tensors: torch.Tensor) -> tuple:
        inputs = tree_unflatten(list(tensors), self.structure)
        outputs = self.model(inputs, self.data_samples, mode='tensor')
        return tuple(t for t in tree_flatten(outputs)[0] if isinstance(t, torch.Tensor))


def model_complexity(cfg: Config, split: str = 'test', show_table: bool = False) -> dict:
    """``get_model_complexity_info`` of ``cfg.model`` on the first item of ``split``."""
    init_default_scope(cfg.get('default_scope', 'hoi_plugins'))
    loader_cfg = cfg[f'{split}_dataloader'].copy()
    loader_cfg.update(batch_size=1, num_workers=0, persistent_workers=False)
    batch = next(iter(Runner.build_dataloader(loader_cfg)))
    model = MODELS.build(cfg.model).eval()
    with torch.no_grad():
        data = model.data_preprocessor(batch, training=False)
        wrapper = TensorForward(model, data['inputs'], data.get('data_samples'))
        result = get_model_complexity_info(wrapper, inputs=tuple(wrapper.tensors),
                                           show_table=show_table, show_arch=False)
    result['input_shapes'] = [tuple(t.shape) for t in wrapper.tensors]
    return result


def main(argv: Optional[Sequence[str]] = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config', help='config file')
    parser.add_argument('--split', default='test', choices=['train', 'val', 'test'],
                        help='the dataloader whose first item is the input')
    parser.add_argument('--show-table', action='store_true', help='print the per-module table')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction,
                        help='override config settings, xxx=yyy pairs')
    args = parser.parse_args(argv)
    cfg = merged_config(args.config, args.cfg_options)
    result = model_complexity(cfg, args.split, args.show_table)
    if args.show_table:
        print(result['out_table'])
    print(f'Config: {args.config}\nInput shapes: {result["input_shapes"]}\n'
          f'Flops: {result["flops_str"]}\nParams: {result["params_str"]}')
    return result


if __name__ == '__main__':
    main()

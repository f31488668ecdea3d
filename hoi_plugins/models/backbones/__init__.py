from .inception_i3d import InceptionI3d
from .pose_resnet_tsm import PoseResNetTSM

__all__ = ['InceptionI3d', 'PoseResNetTSM']

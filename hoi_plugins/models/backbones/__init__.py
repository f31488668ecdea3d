from .inception_i3d import InceptionI3d
from .pose_resnet_tsm import PoseResNetTSM
from .slim_resnet_tsm import SlimResNetTSM
from .dilated_resnet import DilatedResNet

__all__ = ['InceptionI3d', 'PoseResNetTSM', 'SlimResNetTSM', 'DilatedResNet']

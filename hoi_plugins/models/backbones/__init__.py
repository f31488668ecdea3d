from .dilated_resnet import DilatedResNet
from .inception_i3d import InceptionI3d
from .pose_resnet_tsm import PoseResNetTSM
from .slim_resnet_tsm import SlimResNetTSM
from .spatial_pose_encoder import SpatialPoseEncoder

__all__ = ['DilatedResNet', 'InceptionI3d', 'PoseResNetTSM', 'SlimResNetTSM',
           'SpatialPoseEncoder']
